"""Rewrite a FIT stream's times: the same activity, moved in time (for benchmarks and tests).

Every ``date_time`` and ``local_date_time`` field holding an absolute time
(>= 0x10000000) is moved by the same number of seconds, a multiple of 32 so
that compressed timestamp headers (the low 5 bits of the time) stay right.
Each chained file whose CRC was right gets its new CRC; a damaged stream is
returned unchanged.
"""

from __future__ import annotations

import struct

import numpy as np

from . import decoder as D
from .crc import crc16
from .layout import DATETIME_MIN, Unsupported

_TIME_TYPES = frozenset({"date_time", "local_date_time"})


def shift_times(data: bytes, seconds: int) -> bytes:
    """``data`` with its absolute times moved by ``seconds`` (a multiple of 32); unchanged if it cannot be walked."""
    if seconds % 32:
        raise ValueError("the shift must be a multiple of 32 s (compressed timestamps keep their low 5 bits)")
    out = bytearray(data)
    arr = np.frombuffer(out, dtype=np.uint8)
    view = bytes(data)
    n = len(view)
    pos = 0
    try:
        while pos + 12 <= n:
            header_size, _p, _v, data_size, magic = D.HEADER.unpack_from(view, pos)
            if magic != b".FIT" or header_size not in (12, 14):
                break
            start, end = pos + header_size, pos + header_size + data_size
            crc_ok = end + 2 <= n and crc16(view[pos:end]) == struct.unpack_from("<H", view, end)[0]
            part = D.Part()
            stopped = D.walk(view, start, end, n, part)
            for d in part.definitions:
                if not d.positions:
                    continue
                p = np.asarray(d.positions, dtype=np.int64)
                for fd in d.fields:
                    f = fd.profile
                    if f is None or f.type.name not in _TIME_TYPES or not fd.scalar_int or fd.base.size != 4:
                        continue
                    dtype = np.dtype(fd.base.char).newbyteorder(">" if d.big_endian else "<")
                    idx = p[:, None] + (1 + fd.offset + np.arange(4))
                    values = arr[idx].copy().view(dtype).ravel().astype(np.int64)
                    move = (values != fd.base.invalid) & (values >= DATETIME_MIN)
                    values[move] += seconds
                    arr[idx] = values.astype(dtype).view(np.uint8).reshape(-1, 4)
            if stopped:
                break
            if crc_ok:
                out[end : end + 2] = struct.pack("<H", crc16(arr[pos:end]))
            pos = end + 2
    except Unsupported:
        return bytes(data)
    return bytes(out)
