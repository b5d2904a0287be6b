"""Deleted runs and symptom reports, kept whole for a while so that a deletion can be undone.

A deleted item is one row here: what it was (``kind``, ``item_id``, a one-line ``summary``) and
every row it took with it as JSON (``payload``, encoded as ``store/dump.py`` encodes a backup; a
run's sample blob in ``data``). Items older than ``KEEP_DAYS`` are purged when something else is
deleted. Restoring puts the rows back and removes the item (``api/manage.py`` decides how).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from .dump import _decode, _encode
from .tables import deleted_items, inserted_id, metadata

KEEP_DAYS = 30  # how long a deleted run or report can be restored


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def encode_row(table: str, row: Any) -> dict[str, Any]:
    """A row of ``table`` as JSON-ready values (dates as ISO text, blobs as base64), as a backup holds it."""
    mapping = row._mapping if hasattr(row, "_mapping") else row
    return {col.name: _encode(col, mapping[col.name]) for col in metadata.tables[table].columns}


def decode_row(table: str, data: dict[str, Any]) -> dict[str, Any]:
    """The values of ``encode_row`` back as the database takes them."""
    return {col.name: _decode(col, data.get(col.name)) for col in metadata.tables[table].columns}


def put_row(conn: Connection, table: str, values: dict[str, Any]) -> int:
    """Insert a kept row back; it keeps its id unless a newer row has taken it (then it gets a new one)."""
    target = metadata.tables[table]
    wanted = values.get("id")
    if wanted is None or conn.execute(sa.select(target.c.id).where(target.c.id == wanted)).first() is not None:
        values = {k: v for k, v in values.items() if k != "id"}
    return int(conn.execute(sa.insert(target).values(**values).returning(target.c.id)).scalar_one())


def put(
    conn: Connection, kind: str, item_id: int, summary: str, payload: dict[str, Any], data: bytes | None = None
) -> int:
    """Keep a deleted item; purge the ones past ``KEEP_DAYS``. Returns the deleted item's id."""
    now = _now()
    conn.execute(sa.delete(deleted_items).where(deleted_items.c.deleted_at < now - timedelta(days=KEEP_DAYS)))
    return inserted_id(
        conn.execute(
            sa.insert(deleted_items).values(
                kind=kind, item_id=item_id, summary=summary[:300], deleted_at=now, payload=payload, data=data
            )
        )
    )


def get(conn: Connection, deleted_id: int) -> dict[str, Any] | None:
    row = conn.execute(sa.select(deleted_items).where(deleted_items.c.id == deleted_id)).mappings().first()
    return None if row is None else dict(row)


def latest_of(conn: Connection, kind: str, item_id: int) -> dict[str, Any] | None:
    """The most recent deletion of this run or report, if it is still kept."""
    row = (
        conn.execute(
            sa.select(deleted_items)
            .where(deleted_items.c.kind == kind, deleted_items.c.item_id == item_id)
            .order_by(deleted_items.c.id.desc())
            .limit(1)
        )
        .mappings()
        .first()
    )
    return None if row is None else dict(row)


def remove(conn: Connection, deleted_id: int) -> None:
    conn.execute(sa.delete(deleted_items).where(deleted_items.c.id == deleted_id))


def list_recent(conn: Connection, now: datetime | None = None) -> list[dict[str, Any]]:
    """The items that can still be restored, newest first (their kept rows, not a run's sample blob)."""
    since = (now or _now()) - timedelta(days=KEEP_DAYS)
    c = deleted_items.c
    query = (
        sa.select(c.id, c.kind, c.item_id, c.summary, c.deleted_at, c.payload)
        .where(c.deleted_at >= since)
        .order_by(c.id.desc())
    )
    return [dict(r) for r in conn.execute(query).mappings()]


def expires(deleted_at: datetime) -> datetime:
    return deleted_at + timedelta(days=KEEP_DAYS)
