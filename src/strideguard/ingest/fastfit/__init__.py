"""A fast FIT decoder for the messages strideguard uses, vectorised with numpy.

Public: :func:`decode` (bytes -> :class:`FitMessages`), :class:`Unsupported`,
and the field lists ``RECORD_FIELDS`` / ``MESSAGE_FIELDS``.

It gives the same values as ``fitdecode`` (lenient mode, CRC checked) for
those fields, some 50 times faster: records come out as float64 columns (NaN
where a record has no valid value), other messages as dicts named and scaled
as fitdecode names and scales them. It handles chained files, compressed
timestamp headers, developer fields (skipped), both byte orders, invalid
values and the CRCs of header and file.

Anything else, and almost every damaged file, raises :class:`Unsupported`:
the caller then decodes with fitdecode, which also gives the precise error.
Two kinds of damage it reports itself: a stream that ends early (a recorder
that never closed its file): ``FitMessages.eof`` is True and holds what came
before; and the damage on which fitdecode stops with a FIT error once
everything before it decoded as fitdecode decodes it (:class:`Corrupt`, with
fitdecode's kind of error, offset and words): a data message of a local type
never defined, a wrong CRC (file or header), a chained file's header without
the ``.FIT`` signature. fitdecode takes some 50 times longer to reach the same
verdict (it decodes the whole file before it meets the file CRC).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from fitdecode import profile as fit_profile

from . import decoder as D
from .crc import crc16
from .layout import DATETIME_MIN, FIT_EPOCH_UNIX, Unsupported

__all__ = [
    "DATETIME_MIN",
    "FIT_EPOCH_UNIX",
    "MESSAGE_FIELDS",
    "RECORD_FIELDS",
    "Corrupt",
    "FitMessages",
    "Unsupported",
    "decode",
]

RECORD_FIELDS: tuple[str, ...] = (
    "timestamp",  # raw FIT seconds (since 1989-12-31 UTC when >= DATETIME_MIN, else relative)
    "position_lat",  # semicircles
    "position_long",
    "distance",  # m
    "enhanced_altitude",  # m
    "altitude",
    "heart_rate",  # bpm
    "cadence",  # rpm (running: strides/min)
    "fractional_cadence",
    "enhanced_speed",  # m/s
    "speed",
    "vertical_oscillation",  # mm
    "stance_time",  # ms
)
_SUMMARY = (
    "start_time",
    "sport",
    "sub_sport",
    "total_distance",
    "total_elapsed_time",
    "total_timer_time",
    "total_moving_time",
    "total_ascent",
    "total_descent",
    "avg_heart_rate",
    "max_heart_rate",
    "avg_running_cadence",
    "avg_cadence",
    "avg_fractional_cadence",
)
# Only what the FIT reader reads: each of these messages is decoded in Python (about 10 us each), so the
# numerous ones nobody reads (event, device_info) are not decoded.
MESSAGE_FIELDS: dict[str, tuple[str, ...]] = {
    "file_id": ("type", "manufacturer", "garmin_product", "product", "product_name", "time_created"),
    "session": _SUMMARY,
    "lap": _SUMMARY,
    "activity": ("timestamp", "local_timestamp"),
    "sport": ("sport", "sub_sport"),
}
_NUM = {mt.name: num for num, mt in fit_profile.MESSAGE_TYPES.items()}
_SCALAR = {_NUM[kind]: (kind, frozenset(names)) for kind, names in MESSAGE_FIELDS.items()}


class Corrupt(Exception):
    """fitdecode stops on this stream with a FIT error at ``offset`` (nothing before it fails): its words in ``str``.

    ``kind``: ``"parse"`` (``FitParseError``, ``reason`` its message), ``"crc"``
    (``FitCRCError``) or ``"header"`` (``FitHeaderError``).
    """

    def __init__(self, kind: str, offset: int, reason: str) -> None:
        super().__init__(f"FIT parsing error @ {offset}: {reason}" if kind == "parse" else reason)
        self.kind = kind
        self.offset = offset
        self.reason = reason


@dataclass
class FitMessages:
    """What a FIT stream holds for the app, every chained file together, in file order."""

    records: dict[str, np.ndarray] = field(default_factory=dict)  # RECORD_FIELDS -> float64, NaN = no value
    messages: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # MESSAGE_FIELDS kinds -> dicts
    eof: bool = False  # the stream ended inside a record or before a CRC; the rest is what came before

    @property
    def record_count(self) -> int:
        return len(self.records.get("timestamp", ()))


def decode(data: bytes) -> FitMessages:
    """Decode a FIT stream; :class:`Unsupported` for anything not handled exactly (use fitdecode)."""
    n = len(data)
    if n == 0:
        raise Unsupported("empty")
    buf = bytes(data)
    arr = np.frombuffer(buf, dtype=np.uint8)
    record_fields = frozenset(RECORD_FIELDS)
    out_records: list[tuple[np.ndarray, dict[str, np.ndarray]]] = []
    out_messages: dict[str, list[tuple[int, dict[str, Any]]]] = {kind: [] for kind in MESSAGE_FIELDS}
    eof = False
    pos = 0
    while pos < n:
        if n - pos < 12:
            raise Unsupported("bytes after the last FIT file")
        header_size, _proto, _profile, data_size, magic = D.HEADER.unpack_from(buf, pos)
        if magic != b".FIT" or header_size < 12:
            raise Corrupt("header", pos, f"not a FIT file @ {pos}")
        if header_size not in (12, 14):
            raise Unsupported("not a FIT header")
        if pos + header_size > n:
            raise Unsupported("truncated header")
        if header_size == 14:
            (stated,) = np.frombuffer(buf, dtype="<u2", count=1, offset=pos + 12)
            if stated and crc16(arr[pos : pos + 12]) != stated:
                raise Corrupt("crc", pos, f"mismatching CRC in FIT header (header offset: {pos})")
        start = pos + header_size
        end = start + data_size
        part = D.Part()
        try:
            stopped = D.walk(buf, start, end, n, part, arr)
        except D.UndefinedLocal as exc:
            # fitdecode reads up to that message and stops there; what came before must decode without error
            # (or Unsupported: fitdecode decides)
            D.decode_part(buf, arr, part, record_fields, _SCALAR, out_records, out_messages)
            raise Corrupt("parse", exc.pos, str(exc)) from None
        if not stopped and end + 2 > n:
            stopped = True  # no room for the CRC
        if not stopped:
            (stated,) = np.frombuffer(buf, dtype="<u2", count=1, offset=end)
            computed = crc16(arr[pos:end])
            if computed != stated:
                # fitdecode meets the CRC after every message of the file: they must decode without error
                D.decode_part(buf, arr, part, record_fields, _SCALAR, out_records, out_messages)
                words = f"footer offset: {end}; read crc: {stated}; expected crc: {computed}"
                raise Corrupt("crc", end, f"mismatching CRC in FIT footer ({words})")
        D.decode_part(buf, arr, part, record_fields, _SCALAR, out_records, out_messages)
        if stopped:
            eof = True
            break
        pos = end + 2
    return FitMessages(
        _columns(out_records), {k: [m for _, m in sorted(v, key=lambda x: x[0])] for k, v in out_messages.items()}, eof
    )


def _columns(parts: list[tuple[np.ndarray, dict[str, np.ndarray]]]) -> dict[str, np.ndarray]:
    """One float64 column per record field, rows in file order (chained files one after another)."""
    if not parts:
        return {name: np.zeros(0) for name in RECORD_FIELDS}
    if len(parts) == 1:  # one record layout in one file (most files): its rows are in file order already
        p, values = parts[0]
        return {name: values[name] if name in values else np.full(len(p), np.nan) for name in RECORD_FIELDS}
    offsets = []
    total = 0
    for p, _ in parts:
        offsets.append(total)
        total += len(p)
    cols = {name: np.full(total, np.nan) for name in RECORD_FIELDS}
    order_key = np.empty(total, dtype=np.int64)
    for (p, values), at in zip(parts, offsets, strict=True):
        order_key[at : at + len(p)] = p
        for name, v in values.items():
            cols[name][at : at + len(p)] = v
    if (np.diff(order_key) > 0).all():  # chained files, one layout each: in file order already
        return cols
    order = np.argsort(order_key, kind="stable")  # byte positions in the stream: file order
    return {name: np.ascontiguousarray(c[order]) for name, c in cols.items()}
