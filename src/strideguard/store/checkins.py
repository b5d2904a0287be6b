"""Morning check-ins: one a day (its stiffness) with the pain at each sore spot (an open symptom episode)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from .tables import checkin_pains, checkins, inserted_id


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def put(conn: Connection, day: date, stiffness: int | None, pains: Mapping[int, int]) -> int:
    """Store the check-in of ``day``, replacing one already stored for that day whole; return its id."""
    now = _now()
    found = conn.execute(sa.select(checkins.c.id, checkins.c.created_at).where(checkins.c.date == day)).first()
    if found is None:
        checkin_id = inserted_id(
            conn.execute(sa.insert(checkins).values(date=day, stiffness=stiffness, created_at=now, updated_at=now))
        )
    else:
        checkin_id = int(found.id)
        conn.execute(sa.update(checkins).where(checkins.c.id == checkin_id).values(stiffness=stiffness, updated_at=now))
        conn.execute(sa.delete(checkin_pains).where(checkin_pains.c.checkin_id == checkin_id))
    if pains:
        conn.execute(
            sa.insert(checkin_pains),
            [{"checkin_id": checkin_id, "episode_id": e, "pain": p} for e, p in sorted(pains.items())],
        )
    return checkin_id


def get(conn: Connection, day: date) -> dict[str, Any] | None:
    """The check-in of ``day`` as ``list_between`` gives it, or None."""
    found = list_between(conn, day, day)
    return found[0] if found else None


def delete(conn: Connection, day: date) -> list[int] | None:
    """Delete the check-in of ``day``; return the episodes it gave a pain for (None when there was none)."""
    found = get(conn, day)
    if found is None:
        return None
    conn.execute(sa.delete(checkin_pains).where(checkin_pains.c.checkin_id == found["id"]))
    conn.execute(sa.delete(checkins).where(checkins.c.id == found["id"]))
    return [int(p["episode_id"]) for p in found["pains"]]


def list_between(conn: Connection, since: date | None = None, until: date | None = None) -> list[dict[str, Any]]:
    """Check-ins oldest first: ``{id, date, stiffness, pains: [{episode_id, pain}]}`` (dates as ``date``)."""
    query = sa.select(checkins).order_by(checkins.c.date)
    if since is not None:
        query = query.where(checkins.c.date >= since)
    if until is not None:
        query = query.where(checkins.c.date <= until)
    rows = conn.execute(query).all()
    if not rows:
        return []
    ids = [int(r.id) for r in rows]
    pains: dict[int, list[dict[str, int]]] = {}
    for p in conn.execute(
        sa.select(checkin_pains)
        .where(checkin_pains.c.checkin_id.in_(ids))
        .order_by(checkin_pains.c.checkin_id, checkin_pains.c.episode_id)
    ):
        pains.setdefault(int(p.checkin_id), []).append({"episode_id": int(p.episode_id), "pain": int(p.pain)})
    return [
        {
            "id": int(r.id),
            "date": r.date,
            "stiffness": r.stiffness,
            "pains": pains.get(int(r.id), []),
            "updated_at": r.updated_at,
        }
        for r in rows
    ]


def mornings(conn: Connection, until: date | None = None) -> list[dict[str, Any]]:
    """Every pain at a sore spot, oldest first: ``{episode_id, date, pain}`` (check-ins on or before ``until``)."""
    query = (
        sa.select(checkin_pains.c.episode_id, checkins.c.date, checkin_pains.c.pain)
        .join(checkins, checkins.c.id == checkin_pains.c.checkin_id)
        .order_by(checkins.c.date, checkin_pains.c.episode_id)
    )
    if until is not None:
        query = query.where(checkins.c.date <= until)
    return [{"episode_id": int(r.episode_id), "date": r.date, "pain": int(r.pain)} for r in conn.execute(query)]


def pains_of_episode(conn: Connection, episode_id: int) -> list[dict[str, Any]]:
    """The episode's check-in pains as rows (for keeping them with a deleted episode): ``{checkin_id, date, pain}``."""
    query = (
        sa.select(checkin_pains.c.checkin_id, checkins.c.date, checkin_pains.c.pain)
        .join(checkins, checkins.c.id == checkin_pains.c.checkin_id)
        .where(checkin_pains.c.episode_id == episode_id)
        .order_by(checkins.c.date)
    )
    return [
        {"checkin_id": int(r.checkin_id), "date": r.date.isoformat(), "pain": int(r.pain)} for r in conn.execute(query)
    ]


def put_pain(conn: Connection, day: date, episode_id: int, pain: int) -> None:
    """Put back one sore spot's pain on the morning of ``day`` (the check-in is made when that morning has none)."""
    found = conn.execute(sa.select(checkins.c.id).where(checkins.c.date == day)).first()
    if found is None:
        now = _now()
        checkin_id = inserted_id(
            conn.execute(sa.insert(checkins).values(date=day, stiffness=None, created_at=now, updated_at=now))
        )
    else:
        checkin_id = int(found.id)
    conn.execute(
        sa.delete(checkin_pains).where(
            checkin_pains.c.checkin_id == checkin_id, checkin_pains.c.episode_id == episode_id
        )
    )
    conn.execute(sa.insert(checkin_pains).values(checkin_id=checkin_id, episode_id=episode_id, pain=pain))
