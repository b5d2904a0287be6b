"""Compact sample streams: one blob per activity.

Format ``SGS1``: the magic, then zlib-compressed little-endian float64 columns
one after the other, in the order of the row's ``columns`` list, each ``n``
values long. Lossless, portable (a LargeBinary in SQLite and PostgreSQL) and
fast to decode with numpy.
"""

from __future__ import annotations

import zlib

import numpy as np
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..domain import SAMPLE_COLUMNS
from ..errors import StoreError
from .tables import activity_samples

MAGIC = b"SGS1"


def encode(samples: dict[str, np.ndarray]) -> tuple[list[str], int, bytes]:
    """Columns that hold at least one value, their length and the blob."""
    if not samples:
        return [], 0, MAGIC + zlib.compress(b"")
    n = len(samples["time_s"])
    names: list[str] = []
    parts: list[bytes] = []
    for name in SAMPLE_COLUMNS:
        values = samples.get(name)
        if values is None:
            continue
        arr = np.ascontiguousarray(values, dtype="<f8")
        if len(arr) != n:
            raise StoreError("errors.store.sample_columns", name=name, count=len(arr), n=n)
        if name != "time_s" and np.isnan(arr).all():
            continue
        names.append(name)
        parts.append(arr.tobytes())
    return names, n, MAGIC + zlib.compress(b"".join(parts), 1)


def decode(columns: list[str], n: int, blob: bytes) -> dict[str, np.ndarray]:
    if not blob.startswith(MAGIC):
        raise StoreError("errors.store.samples_format")
    raw = np.frombuffer(zlib.decompress(blob[len(MAGIC) :]), dtype="<f8")
    if raw.size != n * len(columns):
        raise StoreError("errors.store.samples_damaged")
    return {name: raw[i * n : (i + 1) * n].astype(np.float64) for i, name in enumerate(columns)}


def insert(conn: Connection, activity_id: int, samples: dict[str, np.ndarray]) -> None:
    columns, n, blob = encode(samples)
    if n == 0:
        return
    conn.execute(sa.insert(activity_samples).values(activity_id=activity_id, columns=columns, n=n, data=blob))


def load(conn: Connection, activity_id: int) -> dict[str, np.ndarray]:
    """The samples of one activity (empty dict when it has none)."""
    row = conn.execute(sa.select(activity_samples).where(activity_samples.c.activity_id == activity_id)).first()
    if row is None:
        return {}
    return decode(list(row.columns), row.n, row.data)


def load_many(conn: Connection, activity_ids: list[int]) -> dict[int, dict[str, np.ndarray]]:
    if not activity_ids:
        return {}
    rows = conn.execute(sa.select(activity_samples).where(activity_samples.c.activity_id.in_(activity_ids)))
    return {row.activity_id: decode(list(row.columns), row.n, row.data) for row in rows}
