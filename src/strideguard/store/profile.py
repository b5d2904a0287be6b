"""The runner profile: one row, every field optional, later updates change only what they name."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from .tables import profile

FIELDS = ("name", "birth_year", "sex", "height_cm", "weight_kg", "experience", "joint_problems", "timezone", "language")


def get(conn: Connection) -> dict[str, Any]:
    """The stored profile (every field, None where unknown)."""
    row = conn.execute(sa.select(profile).where(profile.c.id == 1)).first()
    if row is None:
        return {name: None for name in FIELDS}
    out = {name: getattr(row, name) for name in FIELDS}
    if out["joint_problems"] is not None:
        out["joint_problems"] = list(out["joint_problems"])
    return out


_TIMEZONE = sa.select(profile.c.timezone).where(profile.c.id == 1)


def timezone(conn: Connection) -> str | None:
    """The runner's time zone (an IANA name), None when unknown: ``get(conn)["timezone"]`` in one small query."""
    return conn.execute(_TIMEZONE).scalar()


def update(conn: Connection, changes: dict[str, Any], now: datetime | None = None) -> dict[str, Any]:
    """Apply the given (already validated) changes and return the whole profile."""
    stamp = (now or datetime.now(UTC)).replace(tzinfo=None)
    values = {k: (list(v) if isinstance(v, tuple) else v) for k, v in changes.items() if k in FIELDS}
    exists = conn.execute(sa.select(profile.c.id).where(profile.c.id == 1)).first() is not None
    if exists:
        conn.execute(sa.update(profile).where(profile.c.id == 1).values(updated_at=stamp, **values))
    else:
        conn.execute(sa.insert(profile).values(id=1, updated_at=stamp, **values))
    return get(conn)
