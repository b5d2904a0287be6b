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
            if c.accumulate or fd.raw_kind != "int" or target.type.enum:
                raise Unsupported(f"record component {c.name} from {f.name} ({fd.raw_kind})")
            out[target.name] = Source(fd, c.scale, c.offset, c)
        if f.name in wanted:
            if fd.raw_kind not in ("int", "float") or f.type.enum:
                raise Unsupported(f"record field {f.name} of kind {fd.raw_kind}")
            out[f.name] = Source(fd, f.scale, f.offset)
    for dev in d.dev_fields:
        if dev.name in wanted:
            raise Unsupported(f"developer field named {dev.name}")
    return out


def rows(arr: np.ndarray, positions: np.ndarray, d: Definition) -> np.ndarray:
    """The data messages' bytes, one row per message (record header byte included)."""
    return arr[positions[:, None] + np.arange(d.size)]


def raw_column(block: np.ndarray, fd: FieldDef, big_endian: bool) -> tuple[np.ndarray, np.ndarray]:
    """Raw values of one single-valued field and where they are valid."""
    start = 1 + fd.offset
    dtype = np.dtype(fd.base.char).newbyteorder(">" if big_endian else "<")
    raw = np.ascontiguousarray(block[:, start : start + fd.size]).view(dtype).ravel()
    if fd.base.kind == "float":
        valid = ~np.isnan(raw)
    else:
        valid = raw != fd.base.invalid
    return raw, valid


def values(block: np.ndarray, src: Source, big_endian: bool) -> np.ndarray:
    """float64 values of one source, NaN where invalid."""
    raw, valid = raw_column(block, src.fd, big_endian)
    if src.component is not None:
        c = src.component
        ints = raw.astype(np.int64)
        raw = (ints >> c.bit_offset) & ((1 << c.bits) - 1)
    out = raw.astype(np.float64)
    if src.scale:
        out = out / float(src.scale)
    if src.offset:
        out = out - src.offset
    out[~valid] = np.nan
    return out
