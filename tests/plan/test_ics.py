"""The plan as an RFC 5545 calendar: structure, escaping, folding, line ends."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from strideguard.plan import ics
from strideguard.plan.core import make_plan
from strideguard.plan.model import History, PlanInputs

TODAY = date(2026, 11, 25)
STAMP = datetime(2026, 11, 25, 6, 30, tzinfo=UTC)


def calendar(days: int = 7) -> str:
    history = History.from_daily(TODAY - timedelta(days=27), [6.0, 0.0, 5.0, 0.0, 8.0, 0.0, 0.0] * 4)
    plan = make_plan(
        PlanInputs(today=TODAY, profile={"experience": "intermediate"}, history=history, days=days)
    ).to_dict()
    return ics.to_ics(plan, STAMP)


def unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def test_structure_one_all_day_event_per_planned_day() -> None:
    text = calendar(7)
    lines = unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 7
    assert "DTSTART;VALUE=DATE:20261126" in lines and "DTEND;VALUE=DATE:20261127" in lines
    assert "UID:2026-11-26@plan.strideguard" in lines
    assert lines.count("DTSTAMP:20261125T063000Z") == 7
    # usual week 19 km in 3 runs (6, 5, 8): x 1.05 = 19.95 km; long run 8 x 1.05 = 8.4 km; the other two
    # share (19.95 - 8.4) / 2 = 5.775 km, the first 15 % longer: 6.64 -> 6.6 km (rounded down), at the
    # seed pace 30 min / 5.5 km -> 36 min
    assert any(line.startswith("SUMMARY:Easy run: 6.6 km\\, 36 min") for line in lines)


def test_crlf_line_ends_and_lines_folded_at_75_octets() -> None:
    text = calendar(14)
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    physical = text.split("\r\n")[:-1]
    assert max(len(line.encode("utf-8")) for line in physical) <= 75
    assert any(line.startswith(" ") for line in physical)  # descriptions are long: something was folded


def test_text_escaping_and_utf8_safe_folding() -> None:
    assert ics.escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    line = "DESCRIPTION:" + "é" * 80  # 2 octets each: folding must not split a character
    folded = ics.fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == line
