"""What the Today page says first: one instruction, the signals in a few groups, the first-run guide."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from .. import knowledge
from .. import textfmt as show

# signal id -> group (knowledge/signals.yaml defines the signals; the page shows them in these groups)
GROUPS: dict[str, tuple[str, ...]] = {
    "load": (
        "session_spike",
        "weekly_change",
        "session_dose",
        "acute_chronic_ratio",
        "monotony",
        "fitness",
        "fatigue",
        "form",
    ),
    "terrain": ("downhill_share", "slope_share", "roughness"),
    "form": ("cadence",),
    "shoes": ("shoe_mileage",),
}
LEVEL_ORDER = ("high", "caution", "ok", "unknown")
URGENT = ("emergency", "see_doctor")
_CITATION = re.compile(r"\s*\[[a-z0-9-]+\]\s*$")


def _rank(level: str | None) -> int:
    return LEVEL_ORDER.index(level) if level in LEVEL_ORDER else len(LEVEL_ORDER)


def groups(signals: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The signals in groups (load, terrain, form, shoes; any other id in the load group), worst level first inside.

    Each group: ``id``, ``level`` (its worst known level; ``unknown`` only when all are), ``summary``
    (the worst signal's sentence, or "nothing to change"), ``signals``.
    """
    placed = {sid: group for group, ids in GROUPS.items() for sid in ids}
    buckets: dict[str, list[dict[str, Any]]] = {group: [] for group in GROUPS}
    for signal in signals:
        buckets[placed.get(signal["id"], "load")].append(signal)
    out = []
    for group, members in buckets.items():
        if not members:
            continue
        members = sorted(members, key=lambda s: _rank(s.get("level")))
        worst = members[0].get("level") or "unknown"
        known = [s for s in members if s.get("level") != "unknown"]
        level = worst if worst != "unknown" or not known else known[0]["level"]
        if level in ("high", "caution"):
            summary = members[0]["detail"]
        else:
            summary = knowledge.text(f"web.group.summary.{'unknown' if not known else 'ok'}")
        out.append({"id": group, "level": level, "summary": summary, "signals": members})
    return out


def _when(session_date: str | None, today: date) -> str:
    if session_date is None:
        return knowledge.text("web.today.when.today")
    day = date.fromisoformat(session_date)
    if day == today:
        return knowledge.text("web.today.when.today")
    if day == today + timedelta(days=1):
        return knowledge.text("web.today.when.tomorrow")
    return show.weekday(day)


def _what(session: dict[str, Any]) -> str:
    kind = show.kind(session.get("kind"))
    minutes, km = session.get("duration_min"), session.get("distance_km")
    if session.get("kind") == "rest" or not minutes:
        return kind
    if km:
        return knowledge.text("web.today.dose_time_km", kind=kind, minutes=round(minutes), km=f"{km:.1f}")
    return knowledge.text("web.today.dose_time", kind=kind, minutes=round(minutes))


def instruction(status: dict[str, Any], today: date) -> dict[str, Any]:
    """One sentence for the top of Today, its main reason (with its source id) and how urgent it is.

    An open emergency or see-a-doctor episode is the instruction itself; otherwise the planner's next
    session, with the most serious action's reason (else the session's own first reason).
    """
    urgent = [e for e in status.get("episodes", []) if e.get("disposition") in URGENT]
    if urgent:
        episode = urgent[0]
        return {
            "level": episode["disposition"],
            "text": knowledge.text(
                "web.today.urgent",
                instruction=knowledge.text(f"disposition.{episode['disposition']}"),
                label=episode["label"],
            ),
            "reason": knowledge.text("web.today.urgent_reason", label=episode["label"]),
            "source": None,
        }
    recommendation = status["recommendation"]
    session = recommendation.get("session") or {}
    actions = sorted(recommendation.get("actions") or [], key=lambda a: _rank(a.get("level")))
    reason, source = None, None
    if actions:
        reason, source = actions[0]["text"], actions[0].get("source")
    elif session.get("why"):
        first = str(session["why"][0])
        found = re.search(r"\[([a-z0-9-]+)\]\s*$", first)
        reason, source = _CITATION.sub("", first), found.group(1) if found else None
    return {
        "level": recommendation.get("disposition"),
        "text": knowledge.text("web.today.instruction", when=_when(session.get("date"), today), what=_what(session)),
        "reason": reason,
        "source": source,
    }


def first_run(profile: dict[str, Any], has_runs: bool, shoes: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The steps of the first-run guide and which are done; None once runs are stored."""
    if has_runs:
        return None
    profile_done = any(profile.get(name) is not None for name in ("birth_year", "experience", "sex"))
    return {
        "steps": [
            {"id": "profile", "done": profile_done, "href": "/profile"},
            {"id": "runs", "done": False, "href": "/import"},
            {"id": "shoes", "done": bool(shoes), "href": "/shoes"},
        ]
    }
