"""Shoes: pairs, the default pair, retirement and mileage (running sports only)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..domain import RUNNING_SPORTS
from ..errors import ConflictError, NotFoundError, Text
from .tables import activities, fit_text, inserted_id, shoes


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def add(
    conn: Connection,
    name: str,
    *,
    brand: str | None = None,
    started_on: date | None = None,
    initial_km: float = 0.0,
    notes: str | None = None,
    make_default: bool = False,
) -> int:
    if conn.execute(sa.select(shoes.c.id).where(shoes.c.name == name)).first() is not None:
        raise ConflictError("name", name, "errors.shoes.name_taken")
    if make_default:
        conn.execute(sa.update(shoes).values(is_default=False))
    result = conn.execute(
        sa.insert(shoes).values(
            name=name,
            brand=brand,
            started_on=started_on,
            initial_km=initial_km,
            notes=notes,
            is_default=make_default,
            created_at=_now(),
        )
    )
    return inserted_id(result)


def get_or_create(conn: Connection, name: str) -> int:
    """The pair a file names (Strava gear), added when new; the name made storable (``fit_text``)."""
    name = fit_text(shoes.c.name, name) or "?"
    row = conn.execute(sa.select(shoes.c.id).where(shoes.c.name == name)).first()
    return int(row.id) if row is not None else add(conn, name)


def ensure(
    conn: Connection,
    name: str,
    brand: str | None = None,
    started_on: date | None = None,
    retired_on: date | None = None,
) -> int:
    """The pair named ``name`` (created when new), with its unknown brand and dates filled in from an export.

    A pair the export says was retired is retired (and no longer the default); nothing the
    runner entered is overwritten.
    """
    shoe_id = get_or_create(conn, name)
    row = conn.execute(sa.select(shoes).where(shoes.c.id == shoe_id)).one()
    values: dict[str, Any] = {}
    if brand and row.brand is None:
        values["brand"] = brand
    if started_on is not None and row.started_on is None:
        values["started_on"] = started_on
    if retired_on is not None and row.retired_on is None:
        values["retired_on"] = retired_on
        values["is_default"] = False
    if values:
        conn.execute(sa.update(shoes).where(shoes.c.id == shoe_id).values(**values))
    return shoe_id


def id_by_name(conn: Connection, name: str) -> int:
    row = conn.execute(sa.select(shoes.c.id).where(shoes.c.name == name)).first()
    if row is None:
        known = [r.name for r in conn.execute(sa.select(shoes.c.name).order_by(shoes.c.name))]
        hint = Text("errors.shoes.known", names=", ".join(known)) if known else Text("errors.shoes.add_first")
        raise NotFoundError("errors.shoes.not_found", name=repr(name), hint=hint)
    return int(row.id)


def exists(conn: Connection, shoe_id: int) -> bool:
    return conn.execute(sa.select(shoes.c.id).where(shoes.c.id == shoe_id)).first() is not None


def name_of(conn: Connection, shoe_id: int) -> str | None:
    """The name of a pair by id (None when it is gone)."""
    return conn.execute(sa.select(shoes.c.name).where(shoes.c.id == shoe_id)).scalar()


_DEFAULT = sa.select(shoes.c.id, shoes.c.started_on).where(shoes.c.is_default.is_(True), shoes.c.retired_on.is_(None))


def default_id(conn: Connection, on: date | None = None) -> int | None:
    """The default pair, if any; with ``on``, only when the pair was in use that day.

    A pair with a ``started_on`` day is in use from that day until it is
    retired, so importing years of history never piles old runs onto today's
    shoes; a pair without one takes any run.
    """
    row = conn.execute(_DEFAULT).first()
    if row is None:
        return None
    if on is not None and row.started_on is not None and on < row.started_on:
        return None
    return int(row.id)


def set_default(conn: Connection, shoe_id: int) -> None:
    conn.execute(sa.update(shoes).values(is_default=False))
    conn.execute(sa.update(shoes).where(shoes.c.id == shoe_id).values(is_default=True))


def retire(conn: Connection, shoe_id: int, on: date) -> None:
    conn.execute(sa.update(shoes).where(shoes.c.id == shoe_id).values(retired_on=on, is_default=False))


def list_with_mileage(conn: Connection, until: date | None = None) -> list[dict[str, Any]]:
    """Every pair with its running kilometres (initial km + assigned running activities up to ``until``)."""
    cond = [activities.c.shoe_id == shoes.c.id, activities.c.sport.in_(sorted(RUNNING_SPORTS))]
    if until is not None:
        cond.append(activities.c.local_date <= until)
    run_m = sa.select(sa.func.coalesce(sa.func.sum(activities.c.distance_m), 0.0)).where(*cond).scalar_subquery()
    runs = sa.select(sa.func.count(activities.c.id)).where(*cond).scalar_subquery()
    rows = conn.execute(sa.select(shoes, run_m.label("run_m"), runs.label("runs")).order_by(shoes.c.id)).all()
    return [
        {
            "id": r.id,
            "name": r.name,
            "brand": r.brand,
            "started_on": r.started_on.isoformat() if r.started_on else None,
            "retired_on": r.retired_on.isoformat() if r.retired_on else None,
            "is_default": bool(r.is_default),
            "initial_km": r.initial_km,
            "runs": int(r.runs),
            "km": round(r.initial_km + float(r.run_m) / 1000.0, 3),
            "notes": r.notes,
        }
        for r in rows
    ]
