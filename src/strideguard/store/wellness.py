"""Wellness per day and source: store (upsert) and list.

A day's values from one source replace that source's earlier values for the day only where the
new ones are known: importing a later export that lacks a value (HRV not recorded that night)
keeps what an earlier import stored.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..domain import WELLNESS_FIELDS, WellnessDay
from .tables import wellness_days


@dataclass
class Stored:
    """How an upsert went: new rows, rows with a value changed, rows already holding these values."""

    new: int = 0
    changed: int = 0
    unchanged: int = 0

    def to_dict(self) -> dict[str, int]:
        return {"new": self.new, "changed": self.changed, "unchanged": self.unchanged}


def _clean(value: float | None) -> float | None:
    return None if value is None or value != value else round(float(value), 3)


def upsert(conn: Connection, days: Iterable[WellnessDay], now: datetime | None = None) -> Stored:
    """Store each day's known values in the caller's transaction (one row per day and source)."""
    moment = (now or datetime.now(UTC)).replace(tzinfo=None)
    counts = Stored()
    for d in days:
        values = {k: _clean(v) for k, v in d.values().items()}
        if all(v is None for v in values.values()):
            continue
        key = (wellness_days.c.day == d.day) & (wellness_days.c.source == d.source)
        row = conn.execute(sa.select(wellness_days).where(key)).first()
        if row is None:
            conn.execute(sa.insert(wellness_days).values(day=d.day, source=d.source, imported_at=moment, **values))
            counts.new += 1
            continue
        update = {k: v for k, v in values.items() if v is not None and getattr(row, k) != v}
        if update:
            conn.execute(sa.update(wellness_days).where(key).values(imported_at=moment, **update))
            counts.changed += 1
        else:
            counts.unchanged += 1
    return counts


def list_days(conn: Connection, since: date | None = None, until: date | None = None) -> list[WellnessDay]:
    """Every stored day and source in the range, oldest first."""
    query = sa.select(wellness_days).order_by(wellness_days.c.day, wellness_days.c.source)
    if since is not None:
        query = query.where(wellness_days.c.day >= since)
    if until is not None:
        query = query.where(wellness_days.c.day <= until)
    out = []
    for row in conn.execute(query):
        values: dict[str, Any] = {k: getattr(row, k) for k in WELLNESS_FIELDS}
        out.append(WellnessDay(day=row.day, source=row.source, **values))
    return out
