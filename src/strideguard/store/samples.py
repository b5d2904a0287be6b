"""Compact sample streams: one row and blob per activity (the blob's format: ``store/codec.py``)."""

from __future__ import annotations

import numpy as np
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from .codec import MAGIC, Packed, pack, unpack
from .tables import activity_samples

__all__ = ["MAGIC", "Packed", "decode", "encode", "insert", "load", "load_many"]


def encode(samples: dict[str, np.ndarray]) -> tuple[list[str], int, bytes]:
    """Columns that hold at least one value, their length and the blob."""
    packed = pack(samples)
    return packed.columns, packed.n, packed.blob


def decode(columns: list[str], n: int, blob: bytes) -> dict[str, np.ndarray]:
    return unpack(columns, n, blob)


_INSERT = activity_samples.insert()


def insert(conn: Connection, activity_id: int, samples: dict[str, np.ndarray] | Packed) -> None:
    """Store an activity's samples (as columns, or packed already by a decoding worker)."""
    packed = samples if isinstance(samples, Packed) else pack(samples)
    if packed.n == 0:
        return
    conn.execute(_INSERT, {"activity_id": activity_id, "columns": packed.columns, "n": packed.n, "data": packed.blob})


def load(conn: Connection, activity_id: int) -> dict[str, np.ndarray]:
    """The samples of one activity (empty dict when it has none)."""
    row = conn.execute(sa.select(activity_samples).where(activity_samples.c.activity_id == activity_id)).first()
    if row is None:
        return {}
    return unpack(list(row.columns), row.n, row.data)


def load_many(conn: Connection, activity_ids: list[int]) -> dict[int, dict[str, np.ndarray]]:
    if not activity_ids:
        return {}
    rows = conn.execute(sa.select(activity_samples).where(activity_samples.c.activity_id.in_(activity_ids)))
    return {row.activity_id: unpack(list(row.columns), row.n, row.data) for row in rows}
