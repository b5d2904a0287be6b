"""Values of the few non-record messages, one message at a time (as fitdecode names and scales them).

A file has a handful of these (file id, sessions, laps, events...), so they
are decoded in plain Python; record messages, by far the most numerous, are
decoded column-wise in :mod:`.records`.

Per field, in definition order, a message yields first the fields expanded
from its components, then the field itself (named after its sub-field when a
reference field selects one); when a name comes twice the later value wins.
"""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from .layout import (
    BASE_TYPES,
    BYTE,
    DATETIME_MIN,
    FIT_EPOCH_UNIX,
    MESG_DEVELOPER_DATA_ID,
    MESG_FIELD_DESCRIPTION,
    BaseType,
    Definition,
    FieldDef,
    Unsupported,
)

_SKIP = object()


def parse_string(raw: bytes) -> str | None:
    """FIT strings: UTF-8 up to the first NUL (or the whole field when it has none); empty means no value."""
    end = raw.find(b"\x00")
    text = (raw if end < 0 else raw[:end]).decode("utf-8", errors="replace")
    return text or None


def _valid(value: Any, base: BaseType) -> Any:
    if base.kind == "float":
        return None if math.isnan(value) else value
    return None if value == base.invalid else value


def raw_value(buf: bytes, start: int, fd: FieldDef, endian: str) -> Any:
    """The raw value of one field: a number, a string, a tuple (bytes or array) or None (invalid)."""
    at = start + fd.offset
    kind = fd.raw_kind
    if kind in ("int", "float"):
        (value,) = struct.unpack_from(endian + fd.base.char, buf, at)
        return _valid(value, fd.base)
    if kind == "string":
        return parse_string(buf[at : at + fd.size])
    if kind == "bytes":
        chunk = tuple(buf[at : at + fd.size])
        return None if all(b == 0xFF for b in chunk) else chunk
    count = fd.size // fd.base.size
    values = struct.unpack_from(f"{endian}{count}{fd.base.char}", buf, at)
    return tuple(_valid(v, fd.base) for v in values)


def render(field: Any, raw: Any) -> Any:
    enum = field.type.enum
    if enum and raw in enum:
        return enum[raw]
    return raw


def scale_offset(field: Any, value: Any) -> Any:
    if isinstance(value, tuple):
        return tuple(scale_offset(field, v) for v in value)
    if isinstance(value, (int, float)):
        if field.scale:
            value = float(value) / field.scale
        if field.offset:
            value = value - field.offset
    return value


def component_raw(component: Any, raw: Any) -> Any:
    """Bits of the source value that make the component (``_SKIP`` where the source is too short)."""
    if raw is None:
        return None
    if isinstance(raw, tuple):
        if component.bit_offset and component.bit_offset >= len(raw) * 8:
            return _SKIP
        raw = int.from_bytes(bytes(raw), "little")  # only byte fields get here (see layout.check_field)
    if isinstance(raw, int):
        return (raw >> component.bit_offset) & ((1 << component.bits) - 1)
    raise Unsupported("component of a non-integer field")


def convert(type_name: str, value: Any) -> Any:
    """What fitdecode's default processor makes of date/time and bool fields."""
    if value is None:
        return None
    if type_name == "date_time":
        if not isinstance(value, (int, float)):
            raise Unsupported("date_time that is not a number")
        if value >= DATETIME_MIN:
            return datetime.fromtimestamp(FIT_EPOCH_UNIX + value, UTC)
    elif type_name == "local_date_time":
        if not isinstance(value, int):
            raise Unsupported("local_date_time that is not an integer")
        return datetime.fromtimestamp(FIT_EPOCH_UNIX + value, UTC)
    elif type_name == "bool":
        return bool(value)
    elif type_name == "localtime_into_day":
        raise Unsupported("localtime_into_day is not decoded")
    return value


class _Raws:
    """Raw values of one message, read on demand."""

    __slots__ = ("buf", "cache", "d", "start")

    def __init__(self, buf: bytes, start: int, d: Definition) -> None:
        self.buf, self.start, self.d = buf, start, d
        self.cache: dict[int, Any] = {}

    def get(self, fd: FieldDef) -> Any:
        try:
            return self.cache[fd.index]
        except KeyError:
            value = self.cache[fd.index] = raw_value(self.buf, self.start, fd, self.d.endian)
            return value


def _resolve(field: Any, raws: _Raws) -> Any:
    for sub in field.subfields or ():
        for ref in sub.ref_fields:
            for fd in raws.d.fields:
                if fd.num == ref.def_num and ref.raw_value == raws.get(fd):
                    return sub
    return field


def _names(field: Any) -> set[str]:
    return {field.name, *(s.name for s in field.subfields or ())}


def _relevant(d: Definition, wanted: frozenset[str]) -> list[FieldDef]:
    """Fields of the definition that can give a wanted name (directly, as a sub-field or through components)."""
    key = ("scalar", wanted)
    cached = d.shared.get(key)
    if cached is None:
        mesg = d.mesg
        cached = []
        for fd in d.fields:
            f = fd.profile
            if f is None:
                continue
            names = _names(f)
            for variant in (f, *(f.subfields or ())):
                for c in variant.components or ():
                    names |= _names(mesg.fields[c.def_num])
            if names & wanted:
                cached.append(fd)
        d.shared[key] = cached
    return cached


@dataclass(frozen=True)
class _Plain:
    """A field read straight from its bytes: one number, no sub-fields, no components (most summary fields)."""

    slot: int  # its place among the values one ``struct`` call unpacks
    name: str
    invalid: int | None  # the base type's "no value" (None: a float, NaN is "no value")
    enum: dict[Any, Any] | None
    scale: Any
    offset: Any
    converted: str | None  # the profile type when ``convert`` changes its value (date/time, bool)


@dataclass(frozen=True)
class _Plan:
    """How to decode the wanted fields of one layout: plain fields at once, the others one by one."""

    unpack: Any  # struct.Struct.unpack_from of the plain fields (None when there are none)
    steps: list[_Plain | FieldDef]  # in definition order (a name given twice: the later one wins)
    developer_conflict: bool  # a developer field carries a wanted name


_CONVERTED = frozenset({"date_time", "local_date_time", "bool", "localtime_into_day"})


def _plan(d: Definition, wanted: frozenset[str]) -> _Plan:
    key = ("plan", wanted)
    cached = d.shared.get(key)
    if cached is None:
        plain = [
            fd
            for fd in _relevant(d, wanted)
            if not fd.profile.subfields
            and not fd.profile.components
            and fd.profile.name in wanted
            and fd.raw_kind in ("int", "float")
        ]
        fmt, at = d.endian, 0
        slots: dict[int, int] = {}  # field index -> place among the unpacked values
        for fd in sorted(plain, key=lambda fd: fd.offset):
            fmt += "x" * (fd.offset - at) + fd.base.char
            at = fd.offset + fd.size
            slots[fd.index] = len(slots)
        steps: list[_Plain | FieldDef] = []
        for fd in _relevant(d, wanted):
            if fd.index not in slots:
                steps.append(fd)
                continue
            f = fd.profile
            steps.append(
                _Plain(
                    slots[fd.index],
                    f.name,
                    None if fd.base.kind == "float" else fd.base.invalid,
                    f.type.enum or None,
                    f.scale,
                    f.offset,
                    f.type.name if f.type.name in _CONVERTED else None,
                )
            )
        unpack = struct.Struct(fmt).unpack_from if slots else None
        conflict = any(dev.name in wanted for dev in d.dev_fields)
        cached = d.shared[key] = _Plan(unpack, steps, conflict)
    return cached


def decode_message(
    buf: bytes, pos: int, d: Definition, wanted: frozenset[str], compressed_ts: int | None
) -> dict[str, Any]:
    """The wanted fields of the data message at ``pos`` (its record header byte)."""
    mesg = d.mesg
    plan = _plan(d, wanted)
    out: dict[str, Any] = {}
    if mesg is not None and plan.steps:
        values = plan.unpack(buf, pos + 1) if plan.unpack is not None else ()
        raws = None
        for step in plan.steps:
            if type(step) is _Plain:
                v = values[step.slot]
                if v != v if step.invalid is None else v == step.invalid:
                    v = None
                elif step.enum is not None and v in step.enum:
                    v = step.enum[v]
                else:
                    if step.scale:
                        v = float(v) / step.scale
                    if step.offset:
                        v = v - step.offset
                out[step.name] = v if step.converted is None else convert(step.converted, v)
                continue
            assert isinstance(step, FieldDef)
            raws = raws or _Raws(buf, pos + 1, d)
            _decode_field(step, raws, mesg, wanted, out)
    if plan.developer_conflict:
        raise Unsupported("developer field with a wanted name")
    if compressed_ts is not None and "timestamp" in wanted:
        out["timestamp"] = convert("date_time", compressed_ts)
    return out


def _decode_field(fd: FieldDef, raws: _Raws, mesg: Any, wanted: frozenset[str], out: dict[str, Any]) -> None:
    """One field with sub-fields or components (or not a single number), as fitdecode expands it."""
    f = fd.profile
    resolved = _resolve(f, raws) if f.subfields else f
    for c in resolved.components or ():
        target = mesg.fields[c.def_num]
        if not (_names(target) & wanted):
            continue
        cr = component_raw(c, raws.get(fd))
        if cr is _SKIP:
            continue
        if c.accumulate and cr is not None:
            raise Unsupported(f"accumulated component {c.name}")
        tr = _resolve(target, raws) if target.subfields else target
        if tr.name in wanted:
            out[tr.name] = convert(tr.type.name, render(tr, scale_offset(c, cr)))
    if resolved.name in wanted:
        value = scale_offset(resolved, render(resolved, raws.get(fd)))
        out[resolved.name] = convert(resolved.type.name, value)


def _first(d: Definition, num: int) -> FieldDef | None:
    return d.field_by_num(num)


def _plain(raws: _Raws, fd: FieldDef | None) -> Any:
    """Raw value of a bookkeeping field: missing -> None, anything but an integer -> Unsupported."""
    if fd is None:
        return None
    value = raws.get(fd)
    if not isinstance(value, int):
        raise Unsupported("developer data bookkeeping field that is not an integer")
    return value


def register_developer_message(
    buf: bytes, pos: int, d: Definition, registry: dict[Any, dict[Any, tuple[BaseType, Any]]]
) -> None:
    """Keep the developer types declared by developer_data_id / field_description messages."""
    if d.dev_fields:
        raise Unsupported("developer fields inside developer data messages")
    raws = _Raws(buf, pos + 1, d)
    if d.global_num == MESG_DEVELOPER_DATA_ID:
        index = _plain(raws, _first(d, 3))
        registry[index] = {}
        return
    assert d.global_num == MESG_FIELD_DESCRIPTION
    idx_fd = _first(d, 0)
    index = None if idx_fd is None else raws.get(idx_fd)
    if index is not None and not isinstance(index, int):
        raise Unsupported("developer data index that is not an integer")
    if index not in registry:
        raise Unsupported("field description for an undeclared developer data index")
    num_fd = _first(d, 1)
    num = None if num_fd is None else raws.get(num_fd)
    base_fd = _first(d, 2)
    base = BYTE
    if base_fd is not None:
        code = raws.get(base_fd)
        if not isinstance(code, int) or code not in BASE_TYPES:
            raise Unsupported("unknown developer field base type")
        base = BASE_TYPES[code]
    name_fd = _first(d, 3)
    name = None if name_fd is None else raws.get(name_fd)
    if name is not None and not isinstance(name, str):
        raise Unsupported("developer field name that is not a string")
    registry[index][num] = (base, name)
