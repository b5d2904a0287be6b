"""Walk a FIT stream: headers, definitions and data message positions; then decode what the app uses.

A FIT stream is one or more FIT files back to back (*chained*), each a header
(12 or 14 bytes: size, protocol, profile, data size, ".FIT", header CRC), the
data records and a 2-byte CRC of everything before it. A record starts with a
one-byte header:

- bit 7 set: a *compressed timestamp* data message: bits 5-6 are the local
  message type (0-3), bits 0-4 the low 5 bits of its timestamp (added to the
  last full timestamp, rolling over every 32 s);
- bit 6 set: a definition message (bit 5: it also defines developer fields),
  bits 0-3 the local message type;
- otherwise a data message of local type bits 0-3.

The walk is the only per-message Python loop: a 256-entry table maps each
header byte to the size of its message, so a data message costs one lookup and
one list append. Everything else happens per definition, with numpy.
"""

from __future__ import annotations

import struct
from typing import Any

import numpy as np
from fitdecode import profile as fit_profile

from . import messages as M
from . import records as R
from .layout import (
    BASE_TYPES,
    BYTE,
    MESG_DEVELOPER_DATA_ID,
    MESG_FIELD_DESCRIPTION,
    MESG_HR,
    TIMESTAMP,
    BaseType,
    Definition,
    DevFieldDef,
    FieldDef,
    Unsupported,
    check_field,
    developer_field,
)

Registry = dict[Any, dict[Any, tuple[BaseType, Any]]]

HEADER = struct.Struct("<BBHI4s")
_SPECIAL = (MESG_DEVELOPER_DATA_ID, MESG_FIELD_DESCRIPTION)


class _EOF(Exception):
    """The stream ends inside a record (what fitdecode reports as FitEOFError)."""


class UndefinedLocal(Unsupported):
    """A data message of a local type that no definition before it declared (the walk stops there)."""

    def __init__(self, pos: int, local: int) -> None:
        super().__init__(f"local message {local} not defined")
        self.pos = pos
        self.local = local


def _headers_of(local: int) -> list[int]:
    normal = [local | extra for extra in (0x00, 0x10, 0x20, 0x30)]
    compressed = [0x80 | (local << 5) | t for t in range(32)] if local < 4 else []
    return normal + compressed


_HEADERS_OF = [_headers_of(i) for i in range(16)]
# the compressed-timestamp headers of each local type, as a slice (first, stop, step): types 0-3 only
_COMPRESSED = [((0x80 | (i << 5), (0x80 | (i << 5)) + 32, 1),) if i < 4 else () for i in range(16)]


def _definition(buf: bytes, pos: int, n: int, registry: Registry) -> tuple[Definition, int]:
    """Parse the definition message at ``pos``; returns it and the position after it."""
    if pos + 6 > n:
        raise _EOF
    h = buf[pos]
    big = buf[pos + 2] != 0
    endian = ">" if big else "<"
    (global_num,) = struct.unpack_from(endian + "H", buf, pos + 3)
    count = buf[pos + 5]
    at = pos + 6
    if at + 3 * count > n:
        raise _EOF
    mesg = fit_profile.MESSAGE_TYPES.get(global_num)
    fields: list[FieldDef] = []
    offset = 0
    for i in range(count):
        num, size, code = buf[at], buf[at + 1], buf[at + 2]
        at += 3
        base = BASE_TYPES.get(code, BYTE)
        if size % base.size:
            base = BYTE
        fd = FieldDef(i, num, offset, size, base, mesg.fields.get(num) if mesg else None)
        check_field(fd)
        fields.append(fd)
        offset += size
    dev_fields: list[DevFieldDef] = []
    if h & 0x20:
        if at + 1 > n:
            raise _EOF
        dev_count = buf[at]
        at += 1
        if at + 3 * dev_count > n:
            raise _EOF
        for _ in range(dev_count):
            num, size, index = buf[at], buf[at + 1], buf[at + 2]
            at += 3
            base, name = developer_field(num, size, index, registry)
            read = (size // base.size) * base.size
            dev_fields.append(DevFieldDef(num, index, offset, read, base, name))
            offset += read
    if global_num == MESG_HR and dev_fields:
        raise Unsupported("developer fields in hr messages")
    return Definition(h & 0x0F, global_num, big, fields, dev_fields, 1 + offset), at


_LAYOUTS: dict[Any, Definition] = {}
_MAX_LAYOUTS = 4096


def _layout(buf: bytes, pos: int, after: int, n: int, registry: Registry) -> Definition:
    """A new definition for the message at ``pos``; each layout is parsed once per process.

    A layout with developer fields also depends on what the stream declared
    of them so far (their base types and names): that is part of its key.
    """
    key: Any = buf[pos + 1 : after]
    developer: list[tuple[int, int]] = []
    if buf[pos] & 0x20:
        at = pos + 6 + 3 * buf[pos + 5]
        developer = [(buf[i], buf[i + 2]) for i in range(at + 1, at + 1 + 3 * buf[at], 3)]  # (number, index)
        key = (key, tuple(registry.get(index, {}).get(num) for num, index in developer))
    template = _LAYOUTS.get(key)
    if template is None:
        template = _definition(buf, pos, n, registry)[0]
        if len(_LAYOUTS) >= _MAX_LAYOUTS:
            _LAYOUTS.clear()
        _LAYOUTS[key] = template
    else:
        for num, index in developer:  # what parsing it records: an undeclared field reads as bytes
            registry.setdefault(index, {}).setdefault(num, (BYTE, None))
    return template.fresh()


def _definition_end(buf: bytes, pos: int, n: int) -> int:
    """Position after the definition message at ``pos``."""
    at = pos + 6
    if at > n:
        raise _EOF
    at += 3 * buf[pos + 5]
    if buf[pos] & 0x20:
        if at + 1 > n:
            raise _EOF
        at += 1 + 3 * buf[at]
    if at > n:
        raise _EOF
    return at


class Part:
    """What the walk of one chained FIT file found."""

    def __init__(self) -> None:
        self.definitions: list[Definition] = []
        self.occurrences: list[tuple[int, Definition]] = []  # every definition message: (position, layout)


# A long run of one definition's messages back to back (records: most of a file) is found with numpy, from the
# header bytes at its stride. The walk considers it at a data message once ``pos`` reaches ``probe_at``: when the
# byte _AHEAD messages on is a header of the same definition (a cheap hint), numpy checks the headers in between
# and on (_LOOK, then four times as many each round). A numpy round costs what the plain loop spends on some 60
# messages, so a short run makes the walk wait longer before the next try: interleaved messages or short runs
# between definitions cost the plain loop one comparison each.
_AHEAD = 64
_LOOK = 256
_BACKOFF_FIRST = 256  # bytes to the next try after a miss; doubled after each miss, up to _BACKOFF_MAX
_BACKOFF_MAX = 1 << 16


def walk(buf: bytes, start: int, end: int, n: int, part: Part, arr: np.ndarray | None = None) -> bool:
    """Collect data message positions per definition from ``start`` to ``end``; True when the stream ended early."""
    arr = np.frombuffer(buf, dtype=np.uint8) if arr is None else arr
    sizes = [0] * 256
    appenders: list[Any] = [None] * 256
    defs: list[Definition | None] = [None] * 256
    owners = [0] * 256  # header byte -> number of the definition of its plain data (0: none)
    owner: np.ndarray | None = None  # the same as an array, made when a run is looked for (None: out of date)
    numbers: dict[int, int] = {}
    registry: Registry = {}
    cache: dict[tuple[bytes, int, int], Definition] = {}
    version = 0  # developer registrations so far (a cached layout with developer fields depends on them)
    limit = min(end, n)
    pos = start
    probe_at = start
    backoff = _BACKOFF_FIRST
    while pos < limit:
        h = buf[pos]
        size = sizes[h]
        if size:
            if pos < probe_at:
                appenders[h](pos)
                pos += size
                continue
            room = (limit - pos) // size  # whole messages that fit before the limit
            k = owners[h]
            if room <= _AHEAD or owners[buf[pos + _AHEAD * size]] != k:
                probe_at, backoff = pos + backoff, min(2 * backoff, _BACKOFF_MAX)
                appenders[h](pos)
                pos += size
                continue
            if owner is None:
                owner = np.array(owners, dtype=np.int32)
            run = 0
            look = _LOOK
            while run < room:
                take = min(look, room - run)
                at = pos + run * size
                other = owner[arr[at : at + take * size : size]] != k
                if other.any():
                    run += int(other.argmax())
                    break
                run += take
                look *= 4
            defs[h].positions.extend(range(pos, pos + run * size, size))  # type: ignore[union-attr]  # size > 0: defined
            pos += run * size
            if run > _AHEAD:
                probe_at, backoff = pos, _BACKOFF_FIRST
            else:  # the hint was wrong (a byte that looked like a header): as a miss
                probe_at, backoff = pos + backoff, min(2 * backoff, _BACKOFF_MAX)
            continue
        if h & 0xC0 == 0x40:
            try:
                after = _definition_end(buf, pos, n)
            except _EOF:
                return True
            if after > end:
                raise Unsupported("definition message runs past the data size")
            # devices repeat identical definitions: parse each layout once
            key = (buf[pos + 1 : after], h & 0x20, version)
            d = cache.get(key)
            if d is None:
                d = _layout(buf, pos, after, n, registry)
                cache[key] = d
                part.definitions.append(d)
                numbers[id(d)] = len(numbers) + 1
            part.occurrences.append((pos, d))
            special = d.global_num in _SPECIAL
            number = 0 if special else numbers[id(d)]
            size = 0 if special else d.size
            local = h & 0x0F
            # the local type's headers: 4 normal ones (bits 4-5 free), 16 apart; 32 compressed ones (types 0-3)
            for first, stop, step in ((local, local + 0x40, 0x10), *_COMPRESSED[local]):
                count = (stop - first) // step
                sizes[first:stop:step] = [size] * count
                appenders[first:stop:step] = [d.positions.append] * count
                defs[first:stop:step] = [d] * count
                owners[first:stop:step] = [number] * count
            owner = None
            pos = after
            continue
        d = defs[h]
        if d is None:
            raise UndefinedLocal(pos, (h >> 5) & 0x03 if h & 0x80 else h & 0x0F)
        # developer data bookkeeping, decoded in place: later definitions depend on it
        if pos + d.size > n:
            return True
        if pos + d.size > end:
            raise Unsupported("data message runs past the data size")
        M.register_developer_message(buf, pos, d, registry)
        version += 1
        d.positions.append(pos)
        pos += d.size
    if pos == limit:
        return limit < end  # declared data missing: the next read fails
    # the last data message ran past the limit: drop it and say why
    last = max((d for d in part.definitions if d.positions), key=lambda d: d.positions[-1])
    last.positions.pop()
    if pos > n:
        return True
    raise Unsupported("data message runs past the data size")


# ---------------------------------------------------------------- timestamps


def _timestamps(arr: np.ndarray, part: Part, pos_of: dict[int, np.ndarray]) -> dict[int, np.ndarray]:
    """Timestamps of compressed-header messages, per definition (id -> int64 array, -1 elsewhere).

    The running timestamp is set by every valid ``timestamp`` field (of any
    message) and advanced by each compressed header: its low 5 bits become the
    header's offset, adding 32 s when the offset is below the previous low bits.
    """
    ev_pos, ev_kind, ev_val, ev_owner, ev_row = [], [], [], [], []
    for k, d in enumerate(part.definitions):
        p = pos_of.get(id(d))
        if p is None:
            continue
        header = arr[p]
        comp = header >= 0x80
        fd = d.field_by_num(TIMESTAMP)
        if fd is not None:
            raw, valid = R.raw_column(R.rows(arr, p, d), fd, d.big_endian)
            idx = np.flatnonzero(valid)
            ev_pos.append(p[idx])
            ev_kind.append(np.zeros(len(idx), np.int8))
            ev_val.append(raw[idx].astype(np.int64))
            ev_owner.append(np.full(len(idx), -1))
            ev_row.append(idx)
        idx = np.flatnonzero(comp)
        ev_pos.append(p[idx])
        ev_kind.append(np.ones(len(idx), np.int8))
        ev_val.append((header[idx] & 0x1F).astype(np.int64))
        ev_owner.append(np.full(len(idx), k))
        ev_row.append(idx)
    positions = np.concatenate(ev_pos)
    kind = np.concatenate(ev_kind)
    order = np.lexsort((kind, positions))
    kind = kind[order]
    val = np.concatenate(ev_val)[order]
    owner = np.concatenate(ev_owner)[order]
    row = np.concatenate(ev_row)[order]

    resets = kind == 0
    seg = np.cumsum(resets)  # segment 0: before any timestamp (running value 0)
    base = np.concatenate(([0], val[resets]))
    comp = ~resets
    o = val[comp]
    s = seg[comp]
    if len(o) == 0:
        return {}
    first = np.ones(len(o), dtype=bool)
    first[1:] = s[1:] != s[:-1]
    prev = np.empty(len(o), dtype=np.int64)
    prev[1:] = o[:-1]
    prev[first] = base[s[first]] & 0x1F
    wrap = (o < prev).astype(np.int64)
    cum = np.cumsum(wrap)
    start_idx = np.maximum.accumulate(np.where(first, np.arange(len(o)), 0))
    wraps = cum - (cum - wrap)[start_idx]
    ts = (base[s] & ~0x1F) + o + 32 * wraps

    out: dict[int, np.ndarray] = {}
    comp_owner, comp_row = owner[comp], row[comp]
    for k, d in enumerate(part.definitions):
        mine = comp_owner == k
        if mine.any():
            col = np.full(len(d.positions), -1, dtype=np.int64)
            col[comp_row[mine]] = ts[mine]
            out[id(d)] = col
    return out


def _check_hr(arr: np.ndarray, part: Part, pos_of: dict[int, np.ndarray]) -> None:
    """Refuse hr messages on which fitdecode would stop (event_timestamp_12 without a start, invalid values).

    fitdecode adds the last ``timestamp`` seen (0 at the start of each chained
    file) to every ``event_timestamp_12`` component, after an ``event_timestamp``
    field set it: it asserts that value is positive, and fails on invalid ones.
    Vectorised: the messages' fields in file order (position, then field
    order) are a timeline of "last timestamp" and "start" values.
    """
    hr_defs = [d for d in part.definitions if d.global_num == MESG_HR and id(d) in pos_of]
    if not hr_defs:
        return
    stamp_pos, stamp_val = [], []
    for d in part.definitions:
        p = pos_of.get(id(d))
        fd = d.field_by_num(TIMESTAMP)
        if p is None or fd is None:
            continue
        raw, valid = R.raw_column(R.rows(arr, p, d), fd, d.big_endian)
        stamp_pos.append(p[valid])
        stamp_val.append(raw[valid].astype(np.int64))
    sp = np.concatenate(stamp_pos) if stamp_pos else np.zeros(0, np.int64)
    sv = np.concatenate(stamp_val) if stamp_val else np.zeros(0, np.int64)
    order = np.argsort(sp, kind="stable")
    sp = sp[order]
    before = np.concatenate(([0], sv[order]))  # before[i]: the last of the first i timestamps
    components = fit_profile.MESSAGE_TYPES[MESG_HR].fields[10].components or ()
    set_keys: list[np.ndarray] = []  # (position, field index) of each event_timestamp field ...
    set_values: list[np.ndarray] = []  # ... and the start it sets (the last timestamp then)
    read_keys: list[np.ndarray] = []  # event_timestamp_12 fields ...
    read_present: list[np.ndarray] = []  # ... and whether they hold a value
    for d in hr_defs:
        p = pos_of[id(d)]
        block = R.rows(arr, p, d)
        last = before[np.searchsorted(sp, p, side="left")]  # the last timestamp of an earlier message (or 0)
        has_12 = any(fd.num == 10 for fd in d.fields)
        for k, fd in enumerate(d.fields):
            key = p * 256 + k  # a definition has at most 255 fields
            if fd.num == TIMESTAMP:  # an integer (layout.check_field)
                raw, valid = R.raw_column(block, fd, d.big_endian)
                last = np.where(valid, raw.astype(np.int64), last)
            elif fd.num == 9:
                set_keys.append(key)
                set_values.append(last)
                if has_12 and not (fd.raw_kind in ("int", "float") and R.raw_column(block, fd, d.big_endian)[1].all()):
                    raise Unsupported("hr event_timestamp that fitdecode cannot convert")
            elif fd.num == 10:
                if not components:
                    continue
                present = _present(block, fd, d.big_endian)
                nbits = fd.size * 8
                past_end = all(c.bit_offset and c.bit_offset >= nbits for c in components)
                if fd.raw_kind in ("bytes", "array") and past_end:
                    # every component lies past the field's bytes: fitdecode skips them, unless there is no value
                    if not present.all():
                        raise Unsupported("hr event_timestamp_12 without a value")
                    continue
                read_keys.append(key)
                read_present.append(present)
    if not read_keys:
        return
    keys = np.concatenate(set_keys) if set_keys else np.zeros(0, np.int64)
    values = np.concatenate(set_values) if set_values else np.zeros(0, np.int64)
    order = np.argsort(keys)
    started = np.concatenate(([0], values[order]))
    start = started[np.searchsorted(keys[order], np.concatenate(read_keys), side="left")]  # 0 before any
    if ((start <= 0) | ~np.concatenate(read_present)).any():
        raise Unsupported("hr event_timestamp_12 without a start time")


def _present(block: np.ndarray, fd: FieldDef, big_endian: bool) -> np.ndarray:
    """Whether each message holds a value in this field (what ``messages.raw_value`` gives as not None)."""
    kind = fd.raw_kind
    start = 1 + fd.offset
    if kind in ("int", "float"):
        return R.raw_column(block, fd, big_endian)[1]
    if kind == "bytes":
        return ~(block[:, start : start + fd.size] == 0xFF).all(axis=1)
    if kind == "string":
        return block[:, start] != 0  # empty up to the first NUL: no value
    return np.ones(len(block), dtype=bool)  # an array is a tuple, invalid items and all


def _accumulate(
    arr: np.ndarray, part: Part, pos_of: dict[int, np.ndarray], wanted: frozenset[str]
) -> dict[int, dict[str, np.ndarray]]:
    """Record values accumulated over messages (compressed distance), per definition and name.

    Each message carries only the low bits; the running value takes them, plus
    one full turn whenever they are below the previous message's. A definition
    with such a field sets the running value back to 0.
    """
    record_defs = [d for d in part.definitions if d.global_num == 20 and id(d) in pos_of]
    targets = {c.def_num for d in record_defs for _, c in R.accumulating(d, wanted)}
    out: dict[int, dict[str, np.ndarray]] = {}
    for target in targets:
        reset_pos = [p for p, d in part.occurrences if d.global_num == 20 and target in R.resets_accumulators(d)]
        ev_pos = [np.asarray(reset_pos, dtype=np.int64)]
        ev_kind = [np.zeros(len(reset_pos), np.int8)]
        ev_val = [np.zeros(len(reset_pos), np.int64)]
        ev_owner = [np.full(len(reset_pos), -1)]
        ev_row = [np.zeros(len(reset_pos), np.int64)]
        bits = None
        for k, d in enumerate(record_defs):
            for fd, c in R.accumulating(d, wanted):
                if c.def_num != target:
                    continue
                if fd.raw_kind == "bytes" and c.bit_offset and c.bit_offset >= fd.size * 8:
                    continue
                if bits not in (None, c.bits):
                    raise Unsupported("accumulated value with two widths")
                bits = c.bits
                p = pos_of[id(d)]
                raw, valid = R.component_bits(R.rows(arr, p, d), fd, c, d.big_endian)
                idx = np.flatnonzero(valid)
                ev_pos.append(p[idx])
                ev_kind.append(np.ones(len(idx), np.int8))
                ev_val.append(raw[idx])
                ev_owner.append(np.full(len(idx), k))
                ev_row.append(idx)
        if bits is None:
            continue
        positions = np.concatenate(ev_pos)
        order = np.argsort(positions, kind="stable")
        kind = np.concatenate(ev_kind)[order]
        val = np.concatenate(ev_val)[order]
        owner = np.concatenate(ev_owner)[order]
        row = np.concatenate(ev_row)[order]
        seg = np.cumsum(kind == 0)
        is_val = kind == 1
        v, s = val[is_val], seg[is_val]
        first = np.ones(len(v), dtype=bool)
        first[1:] = s[1:] != s[:-1]
        prev = np.zeros(len(v), dtype=np.int64)
        prev[1:] = v[:-1]
        prev[first] = 0
        wrap = (v < prev).astype(np.int64)
        cum = np.cumsum(wrap)
        start_idx = np.maximum.accumulate(np.where(first, np.arange(len(v)), 0))
        total = v + (1 << bits) * (cum - (cum - wrap)[start_idx])
        v_owner, v_row = owner[is_val], row[is_val]
        for k, d in enumerate(record_defs):
            mine = v_owner == k
            for name, src in R.plan(d, wanted).items():
                c = src.component
                if c is None or not c.accumulate or c.def_num != target:
                    continue
                raw = np.zeros(len(d.positions), dtype=np.int64)
                valid = np.zeros(len(d.positions), dtype=bool)
                raw[v_row[mine]] = total[mine]
                valid[v_row[mine]] = True
                out.setdefault(id(d), {})[name] = R.scaled(raw, valid, src)
    return out


# ---------------------------------------------------------------- assembling


def _positions(part: Part) -> dict[int, np.ndarray]:
    return {id(d): np.frombuffer(d.positions, dtype=np.int64) for d in part.definitions if d.positions}


def decode_part(
    buf: bytes,
    arr: np.ndarray,
    part: Part,
    record_fields: frozenset[str],
    scalar: dict[int, tuple[str, frozenset[str]]],
    out_records: list[tuple[np.ndarray, dict[str, np.ndarray]]],
    out_messages: dict[str, list[tuple[int, dict[str, Any]]]],
) -> None:
    pos_of = _positions(part)
    compressed = any((arr[p] >= 0x80).any() for p in pos_of.values())
    ts = _timestamps(arr, part, pos_of) if compressed else {}
    _check_hr(arr, part, pos_of)
    accumulated = _accumulate(arr, part, pos_of, record_fields)
    for d in part.definitions:
        p = pos_of.get(id(d))
        if p is None:
            continue
        if d.global_num == 20:
            sources = R.plan(d, record_fields)
            block = R.rows(arr, p, d)
            cols = {
                name: R.values(block, src, d.big_endian)
                for name, src in sources.items()
                if not (src.component is not None and src.component.accumulate)
            }
            for name, values in accumulated.get(id(d), {}).items():
                cols[name] = values
            comp_ts = ts.get(id(d))
            if comp_ts is not None and "timestamp" in record_fields:
                stamp = cols.get("timestamp", np.full(len(p), np.nan))
                stamp = np.where(comp_ts >= 0, comp_ts.astype(np.float64), stamp)
                cols["timestamp"] = stamp
            out_records.append((p, cols))
        elif d.global_num in scalar:
            kind, wanted = scalar[d.global_num]
            comp_ts = ts.get(id(d))
            for row, pos in enumerate(d.positions):
                full = None if comp_ts is None or comp_ts[row] < 0 else int(comp_ts[row])
                out_messages[kind].append((pos, M.decode_message(buf, pos, d, wanted, full)))
