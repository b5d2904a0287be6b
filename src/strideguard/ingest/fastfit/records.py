"""Record messages, column by column with numpy.

All data messages of one definition share its byte layout, so their rows are
gathered at once (``bytes[position + column]``) and each wanted field is read
as a typed view of its columns: the base type's invalid value becomes NaN, then
the profile's scale and offset apply (``value / scale - offset``, in float64,
as the fallback decoder computes it). A field expanded from another one's
components (``altitude`` -> ``enhanced_altitude``, ``speed`` ->
``enhanced_speed``) is masked and scaled the same way. When two sources give
the same name, the later one in the definition wins, as in the fallback.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .layout import Definition, FieldDef, Unsupported


@dataclass(frozen=True)
class Source:
    fd: FieldDef
    scale: float | None
    offset: float | None
    component: Any = None  # fitdecode ComponentField when expanded from a component


def plan(d: Definition, wanted: frozenset[str]) -> dict[str, Source]:
    """For each wanted name, the source that gives its value in this definition (the last one)."""
    key = ("record", wanted)
    cached = d.shared.get(key)
    if cached is None:
        cached = d.shared[key] = _plan(d, wanted)
    return cached


def _plan(d: Definition, wanted: frozenset[str]) -> dict[str, Source]:
    mesg = d.mesg
    out: dict[str, Source] = {}
    if mesg is None:
        return out
    for fd in d.fields:
        f = fd.profile
        if f is None:
            continue
        names = {f.name, *(s.name for s in f.subfields or ())}
        for sub in f.subfields or ():
            for c in sub.components or ():
                names.add(mesg.fields[c.def_num].name)
        if f.subfields and names & wanted:
            raise Unsupported(f"record field {f.name} with sub-fields")
        for c in f.components or ():
            target = mesg.fields[c.def_num]
            if target.subfields and {target.name, *(s.name for s in target.subfields)} & wanted:
                raise Unsupported(f"record component {c.name} with sub-fields")
            if target.name not in wanted:
                continue
            if fd.raw_kind not in ("int", "bytes") or target.type.enum:
                raise Unsupported(f"record component {c.name} from {f.name} ({fd.raw_kind})")
            if fd.raw_kind == "bytes" and c.bit_offset and c.bit_offset >= fd.size * 8:
                continue  # the bytes are too short for this component: fitdecode skips it
            out[target.name] = Source(fd, c.scale, c.offset, c)
        if f.name in wanted:
            if fd.raw_kind not in ("int", "float") or f.type.enum:
                raise Unsupported(f"record field {f.name} of kind {fd.raw_kind}")
            out[f.name] = Source(fd, f.scale, f.offset)
    for dev in d.dev_fields:
        if dev.name in wanted:
            raise Unsupported(f"developer field named {dev.name}")
    return out


def accumulating(d: Definition, wanted: frozenset[str]) -> list[tuple[FieldDef, Any]]:
    """Fields whose components add up a wanted value from message to message (e.g. compressed distance)."""
    key = ("accumulating", wanted)
    cached = d.shared.get(key)
    if cached is None:
        cached = []
        mesg = d.mesg
        for fd in d.fields:
            f = fd.profile
            for c in (f.components or ()) if f is not None else ():
                if c.accumulate and mesg.fields[c.def_num].name in wanted:
                    cached.append((fd, c))
        if len({c.def_num for _, c in cached}) != len(cached):
            raise Unsupported("two fields accumulate the same value")
        d.shared[key] = cached
    return cached


def resets_accumulators(d: Definition) -> set[int]:
    """Accumulated fields (numbers) that a definition of this layout sets back to 0, as fitdecode does."""
    key = "resets"
    cached = d.shared.get(key)
    if cached is None:
        cached = d.shared[key] = {
            c.def_num
            for fd in d.fields
            if fd.profile is not None
            for c in (fd.profile.components or ())
            if c.accumulate
        }
    return cached


def component_bits(block: np.ndarray, fd: FieldDef, c: Any, big_endian: bool) -> tuple[np.ndarray, np.ndarray]:
    """The component's bits of each message (int64) and where the source value is valid."""
    if fd.raw_kind == "bytes":
        start = 1 + fd.offset
        chunk = block[:, start : start + fd.size]
        valid = ~(chunk == 0xFF).all(axis=1)
        first = c.bit_offset // 8
        last = min(fd.size, (c.bit_offset + c.bits + 7) // 8)
        ints = np.zeros(len(block), dtype=np.int64)
        for i in range(first, last):  # little-endian, whatever the architecture (as fitdecode reads bytes)
            ints |= chunk[:, i].astype(np.int64) << (8 * (i - first))
        shift = c.bit_offset - 8 * first
    else:
        raw, valid = raw_column(block, fd, big_endian)
        ints = raw.astype(np.int64)
        shift = c.bit_offset
    return (ints >> shift) & ((1 << c.bits) - 1), valid


def rows(arr: np.ndarray, positions: np.ndarray, d: Definition) -> np.ndarray:
    """The data messages' bytes, one row per message (record header byte included)."""
    # every window of d.size bytes as a (read-only) view of the stream, then the messages' rows: no index array
    windows = np.ndarray((len(arr) - d.size + 1, d.size), dtype=np.uint8, buffer=arr, strides=(1, 1))
    return windows[positions]


def raw_column(block: np.ndarray, fd: FieldDef, big_endian: bool) -> tuple[np.ndarray, np.ndarray]:
    """Raw values of one single-valued field and where they are valid."""
    dtype = np.dtype(fd.base.char).newbyteorder(">" if big_endian else "<")
    # the field's bytes in every row, read in place as one value per row (the rows block is C-contiguous)
    raw = np.ndarray((len(block),), dtype=dtype, buffer=block, offset=1 + fd.offset, strides=(block.shape[1],))
    if fd.base.kind == "float":
        valid = ~np.isnan(raw)
    else:
        valid = raw != fd.base.invalid
    return raw, valid


def values(block: np.ndarray, src: Source, big_endian: bool) -> np.ndarray:
    """float64 values of one source, NaN where invalid."""
    if src.component is not None:
        raw, valid = component_bits(block, src.fd, src.component, big_endian)
    else:
        raw, valid = raw_column(block, src.fd, big_endian)
    return scaled(raw, valid, src)


def scaled(raw: np.ndarray, valid: np.ndarray, src: Source) -> np.ndarray:
    out = raw.astype(np.float64)
    if src.scale:
        np.divide(out, float(src.scale), out=out)  # in place: the same division, no temporary
    if src.offset:
        np.subtract(out, src.offset, out=out)
    out[~valid] = np.nan
    return out
