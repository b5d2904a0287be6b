"""Days given by a user: ``YYYY-MM-DD`` text or a date, and "today" in the runner's time zone.

Kept apart from :mod:`strideguard.schemas` (pydantic models) so that the commands that only
need a day (status, plan, report) do not build every model first; ``schemas`` re-exports both.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from .errors import InputError, Text

# Every day strideguard reads lies in these years (a year-1 date broke triage; JSON schemas say the same).
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2099, 12, 31)
DAY_RANGE = Text("errors.date.range", first=FIRST_DAY.isoformat(), last=LAST_DAY.isoformat())


def parse_day(field: str, value: date | str | None) -> date | None:
    """A day from a date, a datetime or ``YYYY-MM-DD`` text; ``None`` stays ``None``.

    Anything else is an ``InputError`` naming ``field``.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        day = date.fromisoformat(str(value))
    except ValueError:
        raise InputError(field, value, "errors.date.format") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise InputError(field, value, DAY_RANGE)
    return day


def day_or_today(field: str, value: date | str | None, zone: str | None = None) -> date:
    """``parse_day``, defaulting to today in the runner's time zone (the machine's when unknown)."""
    day = parse_day(field, value)
    if day is not None:
        return day
    return datetime.now(ZoneInfo(zone)).date() if zone else date.today()
