"""Dates, paces and durations as each language writes them (strideguard.textfmt, words from the locale files).

Known values by hand: 1 January 2026 is a Thursday, so 1 December 2026 (334 days later, 334 = 47 x 7 + 5)
is a Tuesday, 화요일.
"""

from __future__ import annotations

from datetime import date

import pytest

from strideguard import knowledge, textfmt

DAY = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "ko",
            {
                "weekday": "2026년 12월 1일 (화)",
                "weekday_short": "12월 1일 (화)",
                "day": "2026년 12월 1일",
                "day_short": "12월 1일",
                "month": "2026년 12월",
                "pace": "6:00/km",
                "pace_odd": "5:38/km",
                "minutes": "30분",
                "hours": "1시간 5분",
                "percent": "35%",
                "signed": "+35%",
            },
        ),
        (
            "en",
            {
                "weekday": "Tue 2026-12-01",
                "weekday_short": "Tue 2026-12-01",
                "day": "2026-12-01",
                "day_short": "2026-12-01",
                "month": "December 2026",
                "pace": "6:00 /km",
                "pace_odd": "5:38 /km",
                "minutes": "30 min",
                "hours": "1 h 05 min",
                "percent": "35 %",
                "signed": "+35 %",
            },
        ),
    ],
)
def test_formats_in_each_language(lang: str, expected: dict[str, str]) -> None:
    with knowledge.use_language(lang):
        found = {
            "weekday": textfmt.weekday(DAY),
            "weekday_short": textfmt.weekday_short("2026-12-01"),
            "day": textfmt.day(DAY),
            "day_short": textfmt.day_short(DAY),
            "month": textfmt.month_name(DAY),
            "pace": textfmt.pace(6.0),
            "pace_odd": textfmt.pace(5 + 38 / 60),  # 5 min 38 s per km
            "minutes": textfmt.duration(30),
            "hours": textfmt.duration(65),
            "percent": textfmt.percent(0.35),
            "signed": textfmt.percent(0.35, signed=True),
        }
    assert found == expected


def test_weeks_start_on_monday_in_korean() -> None:
    """Monday 30 November 2026 is 월 (weekday 0), Sunday 6 December 일 (weekday 6), as the calendar's columns."""
    with knowledge.use_language("ko"):
        week = [date(2026, 11, 30)] + [date(2026, 12, d) for d in range(1, 7)]
        assert [textfmt.weekday_name(d) for d in week] == ["월", "화", "수", "목", "금", "토", "일"]
        assert textfmt.percent(None) == "–" and textfmt.weekday(None) == ""
