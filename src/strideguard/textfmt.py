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


def weekday(value: Any) -> str:
    """``Sat 2026-12-05``: the weekday's short name, then the ISO date."""
    day = _day(value)
    if day is None:
        return "" if value is None else str(value)
    return _text("web.date", weekday=_text(f"web.weekday.{day.weekday()}"), date=day.isoformat())


def weekday_name(value: Any) -> str:
    day = _day(value)
    return "" if day is None else _text(f"web.weekday.{day.weekday()}")


def month_name(value: Any) -> str:
    day = _day(value)
    return "" if day is None else f"{_text(f'web.month.{day.month}')} {day.year}"


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
