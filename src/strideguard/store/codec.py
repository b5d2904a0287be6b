"""The stored form of sample streams, without the database: pack and unpack one activity's samples.

Format ``SGS1``: the magic, then zlib-compressed little-endian float64 columns
one after the other, in the order of the row's ``columns`` list, each ``n``
values long. Lossless, portable (a LargeBinary in SQLite and PostgreSQL) and
fast to decode with numpy. A column without any value (all NaN) is left out.

Compression is zlib's format made by ISA-L (``isal``: some four times faster
than zlib at its fastest level, for the same size); any zlib reads it back.
Pure (numpy and the compressor): the decoding workers of a bulk import pack
each file's samples (``ingest.parallel``), so the single writer only runs SQL.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from isal import isal_zlib

from ..domain import SAMPLE_COLUMNS, has_values, richness
from ..errors import StoreError

MAGIC = b"SGS1"
# isal's level 1 (of 0-3): zlib level 1's size at a quarter of its time; level 0 is 25 % larger.
LEVEL = 1


@dataclass(frozen=True)
class Packed:
    """One activity's samples as stored: the columns that hold a value, their length and the blob."""

    columns: list[str]
    n: int
    blob: bytes

    @property
    def richness(self) -> int:
        """``ParsedActivity.richness`` of the samples packed (every stored column but the time holds a value)."""
        return richness(self.n, max(0, len(self.columns) - 1))


def pack(samples: dict[str, np.ndarray]) -> Packed:
    """The stored form of canonical sample columns (``domain.SAMPLE_COLUMNS``; others are not stored)."""
    if not samples:
        return Packed([], 0, MAGIC + isal_zlib.compress(b"", LEVEL))
    n = len(samples["time_s"])
    names: list[str] = []
    compressor = isal_zlib.compressobj(LEVEL)
    blob = [MAGIC]
    for name in SAMPLE_COLUMNS:
        values = samples.get(name)
        if values is None:
            continue
        if len(values) != n:
            raise StoreError("errors.store.sample_columns", name=name, count=len(values), n=n)
        if name != "time_s" and not has_values(values):
            continue
        names.append(name)
        blob.append(compressor.compress(np.ascontiguousarray(values, dtype="<f8")))  # one column after the other
    blob.append(compressor.flush())
    return Packed(names, n, b"".join(blob))


def unpack(columns: list[str], n: int, blob: bytes) -> dict[str, np.ndarray]:
    """The sample columns of a stored blob; StoreError when it is damaged."""
    if not blob.startswith(MAGIC):
        raise StoreError("errors.store.samples_format")
    try:
        raw = np.frombuffer(isal_zlib.decompress(memoryview(blob)[len(MAGIC) :]), dtype="<f8")
    except isal_zlib.error:  # type: ignore[misc]  # isal's stub declares the exception class as an instance
        raise StoreError("errors.store.samples_not_zlib") from None
    if raw.size != n * len(columns):
        raise StoreError("errors.store.samples_damaged")
    return {name: raw[i * n : (i + 1) * n].astype(np.float64) for i, name in enumerate(columns)}
