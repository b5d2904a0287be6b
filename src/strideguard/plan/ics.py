"""The plan as an iCalendar file (RFC 5545) that a phone calendar can import.

Written by hand, no dependency, in the current language (titles and descriptions from the locale
files; the property names are the standard's): one all-day VEVENT per planned day, with a UID
per day (re-importing an updated plan replaces the days instead of doubling
them), TEXT values escaped (section 3.3.11), lines folded at 75 octets
(section 3.1) and CRLF line ends.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any

from .. import knowledge

PRODID = "-//strideguard//plan//EN"
LINE_OCTETS = 75


def escape(value: str) -> str:
    """RFC 5545 TEXT escaping: backslash, semicolon, comma and newlines."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets, never splitting a UTF-8 character."""
    parts: list[str] = []
    current, size, limit = "", 0, LINE_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            parts.append(current)
            current, size, limit = "", 0, LINE_OCTETS - 1  # continuation lines start with a space
        current += char
        size += octets
    parts.append(current)
    return "\r\n ".join(parts)


def _summary(session: Mapping[str, Any]) -> str:
    kind = knowledge.text(f"kind.{session['kind']}")
    if session.get("distance_km"):
        return knowledge.text(
            "ics.summary",
            kind=kind,
            distance_km=float(session["distance_km"]),
            duration_min=session.get("duration_min"),
        )
    return knowledge.text("ics.summary_rest", kind=kind)


def _description(day: Mapping[str, Any]) -> str:
    parts: list[str] = list(day["session"].get("why", []))
    for key in ("warmup", "strength", "recovery"):
        if day.get(key):
            parts.append(knowledge.text("cli.ics.part", label=knowledge.text(f"cli.plan.part.{key}")))
            parts.extend(f"- {item}" for item in day[key])
    return "\n".join(parts)


def to_ics(plan: Mapping[str, Any], stamp: datetime) -> str:
    """The calendar text for a plan dict (``api.plan``); ``stamp`` is the DTSTAMP (creation time)."""
    when = stamp.astimezone(UTC) if stamp.tzinfo else stamp
    dtstamp = when.strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(knowledge.text('cli.ics.calendar'))}",
    ]
    for day in plan["days"]:
        start = date.fromisoformat(day["date"])
        lines += [
            "BEGIN:VEVENT",
            f"UID:{start.isoformat()}@plan.strideguard",
            f"DTSTAMP:{dtstamp}",
            f"DTSTART;VALUE=DATE:{start.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(start + timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{escape(_summary(day['session']))}",
            f"DESCRIPTION:{escape(_description(day))}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
