"""Formatting shared by the command line, the web pages and the report: numbers, dates, paces and
durations, every word from the locale files (``web.*`` texts) in the current language."""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any


def _text(tid: str, **values: Any) -> str:
    from . import knowledge  # noqa: PLC0415  (the locale files only when a text is shown: --help stays fast)

    return knowledge.text(tid, **values)


def _texts() -> dict[str, str]:
    from . import knowledge  # noqa: PLC0415

    return knowledge.texts()


def number(value: Any, digits: int = 1, unit: str = "") -> str:
    """A number for a table cell; unknown values show as a dash."""
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}{unit}"
    return f"{value}{unit}"


def _day(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _date_values(day: date) -> dict[str, Any]:
    """What a date text may use: ``{weekday}``, ``{date}`` (ISO), ``{year}``, ``{month}``, ``{day}``."""
    return {
        "weekday": _text(f"web.weekday.{day.weekday()}"),
        "date": day.isoformat(),
        "year": day.year,
        "month": day.month,
        "day": day.day,
    }


def _dated(value: Any, tid: str) -> str:
    """``value`` as a day in the date format ``tid``; what is no day as it is (nothing for None)."""
    found = _day(value)
    if found is None:
        return "" if value is None else str(value)
    return _text(tid, **_date_values(found))


def weekday(value: Any) -> str:
    """A day with its weekday: ``Sat 2026-12-05``; Korean ``2026년 12월 5일 (토)`` (``web.date``)."""
    return _dated(value, "web.date")


def weekday_short(value: Any) -> str:
    """A day with its weekday where space is tight (cards, the plan's days): Korean ``12월 5일 (토)``."""
    return _dated(value, "web.date_short")


def day(value: Any) -> str:
    """A day without its weekday: ``2026-12-05``; Korean ``2026년 12월 5일`` (``web.day``)."""
    return _dated(value, "web.day")


def day_short(value: Any) -> str:
    """A day without weekday or year where space is tight: ``2026-12-05``; Korean ``12월 5일`` (``web.day_short``)."""
    return _dated(value, "web.day_short")


def weekday_name(value: Any) -> str:
    found = _day(value)
    return "" if found is None else _text(f"web.weekday.{found.weekday()}")


def month_name(value: Any) -> str:
    """A month and its year: ``December 2026``; Korean ``2026년 12월`` (``web.month_year``)."""
    found = _day(value)
    if found is None:
        return ""
    return _text("web.month_year", month=_text(f"web.month.{found.month}"), year=found.year)


def percent(value: Any, signed: bool = False) -> str:
    """A fraction as a percentage, ``35 %`` (Korean ``35%``); a dash when unknown."""
    number = _finite(value)
    if number is None:
        return "–"
    shown = f"{number * 100:+.0f}" if signed else f"{number * 100:.0f}"
    return _text("web.unit.percent", value=shown)


def _finite(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def pace(minutes_per_km: Any) -> str:
    """``5:38 /km``; a dash when unknown."""
    value = _finite(minutes_per_km)
    if value is None or value <= 0:
        return _text("web.unknown")
    total = round(value * 60)
    return _text("web.unit.pace", minutes=total // 60, seconds=total % 60)


def duration(minutes: Any) -> str:
    """``38 min`` or ``1 h 05 min``; a dash when unknown."""
    value = _finite(minutes)
    if value is None:
        return _text("web.unknown")
    whole = round(value)
    if whole < 60:
        return _text("web.unit.minutes", minutes=whole)
    return _text("web.unit.hours", hours=whole // 60, minutes=whole % 60)


def clock(value: Any) -> str:
    """The local time of day (``08:39``) of an ISO date-time with its offset."""
    try:
        return datetime.fromisoformat(str(value)).strftime("%H:%M")
    except ValueError:
        return ""


def named(prefix: str, value: Any) -> str:
    """The locale's name of an id (``web.sport.trail_running``), or the id in words when it has none."""
    if value is None:
        return _text("web.unknown")
    key = f"{prefix}.{value}"
    return _texts().get(key) or str(value).replace("_", " ")


def sport(value: Any) -> str:
    return named("web.sport", value)


def kind(value: Any) -> str:
    return named("web.kind", value)


def signal(value: Any) -> str:
    return named("web.signal", value)
