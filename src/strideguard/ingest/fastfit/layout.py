"""FIT base types, definition messages and what each field of a definition yields.

The FIT protocol (Garmin FIT SDK, "Flexible and Interoperable Data Transfer"):
a definition message fixes, for one *local* message type, the global message
number, the byte order and the list of fields (number, size in bytes, base
type), optionally followed by developer fields (number, size, developer data
index). Every data message of that local type then has exactly that layout.

Field names, scales, offsets, sub-fields and components come from the FIT
profile, read at run time from ``fitdecode.profile`` (the same tables the
fallback decoder uses), so that both decoders name and scale values alike.

What the fallback decoder (fitdecode, in its lenient mode) does with odd
layouts is mirrored here, or refused with :class:`Unsupported`:

- a field whose size is not a multiple of its base type's size, or whose base
  type is unknown, is read as raw bytes;
- a developer field is read as ``size // base size`` values of its declared
  base type (so a misaligned developer field shortens the message);
- layouts on which fitdecode would stop with an error that is not a FIT error
  (a field of size 0, a date/time field that is not an integer, components of
  an array field, a developer field numbered like the timestamp) are refused,
  and the caller lets fitdecode report them.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from typing import Any

from fitdecode import profile as fit_profile


class Unsupported(Exception):
    """The fast decoder does not handle this file (exactly): decode it with fitdecode instead."""


@dataclass(frozen=True)
class BaseType:
    code: int
    name: str
    size: int
    char: str  # struct / numpy character: B b H h I i Q q f d s
    kind: str  # "int", "float", "string", "byte"
    invalid: int | None  # the "no value" sentinel of integer types (0 for the *z types)


def _bt(code: int, name: str, size: int, char: str, kind: str, invalid: int | None) -> BaseType:
    return BaseType(code, name, size, char, kind, invalid)


# FIT SDK base types (Profile, "Base Types" table): number, size and invalid value.
BASE_TYPES: dict[int, BaseType] = {
    t.code: t
    for t in (
        _bt(0x00, "enum", 1, "B", "int", 0xFF),
        _bt(0x01, "sint8", 1, "b", "int", 0x7F),
        _bt(0x02, "uint8", 1, "B", "int", 0xFF),
        _bt(0x83, "sint16", 2, "h", "int", 0x7FFF),
        _bt(0x84, "uint16", 2, "H", "int", 0xFFFF),
        _bt(0x85, "sint32", 4, "i", "int", 0x7FFFFFFF),
        _bt(0x86, "uint32", 4, "I", "int", 0xFFFFFFFF),
        _bt(0x07, "string", 1, "s", "string", None),
        _bt(0x88, "float32", 4, "f", "float", None),
        _bt(0x89, "float64", 8, "d", "float", None),
        _bt(0x0A, "uint8z", 1, "B", "int", 0),
        _bt(0x8B, "uint16z", 2, "H", "int", 0),
        _bt(0x8C, "uint32z", 4, "I", "int", 0),
        _bt(0x0D, "byte", 1, "B", "byte", None),
        _bt(0x8E, "sint64", 8, "q", "int", 0x7FFFFFFFFFFFFFFF),
        _bt(0x8F, "uint64", 8, "Q", "int", 0xFFFFFFFFFFFFFFFF),
        _bt(0x90, "uint64z", 8, "Q", "int", 0),
    )
}
BYTE = BASE_TYPES[0x0D]

TIMESTAMP = 253  # field number of "timestamp" in every message
FIT_EPOCH_UNIX = 631065600  # 1989-12-31T00:00:00Z
DATETIME_MIN = 0x10000000  # smaller date_time values are relative (seconds since power-on)

# Profile types that fitdecode's default processor converts (a non-integer there crashes it).
CONVERTED_TYPES = frozenset({"date_time", "local_date_time", "localtime_into_day"})

MESG_DEVELOPER_DATA_ID = 207
MESG_FIELD_DESCRIPTION = 206
MESG_HR = 132


@dataclass(frozen=True)
class FieldDef:
    index: int
    num: int
    offset: int  # from the first byte after the record header
    size: int
    base: BaseType
    profile: Any  # fitdecode Field or None

    @property
    def scalar_int(self) -> bool:
        """A single integer value (what date/time fields, timestamps and vectorised fields need)."""
        return self.base.kind == "int" and self.size == self.base.size

    @property
    def raw_kind(self) -> str:
        """How fitdecode reads the bytes: 'int'/'float'/'string' scalar, 'bytes' tuple or 'array' tuple."""
        if self.base.kind == "byte":
            return "bytes"
        if self.base.kind == "string":
            return "string"
        return self.base.kind if self.size == self.base.size else "array"


@dataclass(frozen=True)
class DevFieldDef:
    num: int
    index: int  # developer data index
    offset: int
    size: int  # bytes actually read (a whole number of base-type values)
    base: BaseType
    name: Any


@dataclass
class Definition:
    local: int
    global_num: int
    big_endian: bool
    fields: list[FieldDef]
    dev_fields: list[DevFieldDef]
    size: int  # whole data message in bytes, record header included
    # byte positions of its data messages; an ``array('q')`` (appended as fast as a list, read by numpy in place)
    positions: array[int] = field(default_factory=lambda: array("q"))
    shared: dict[Any, Any] = field(default_factory=dict)  # plans cached with the layout (same for its copies)

    def fresh(self) -> Definition:
        """The same layout with no positions yet (the parsed layout is reused across definitions and files)."""
        return Definition(
            self.local, self.global_num, self.big_endian, self.fields, self.dev_fields, self.size, shared=self.shared
        )

    @property
    def mesg(self) -> Any:
        return fit_profile.MESSAGE_TYPES.get(self.global_num)

    @property
    def endian(self) -> str:
        return ">" if self.big_endian else "<"

    def field_by_num(self, num: int) -> FieldDef | None:
        for f in self.fields:
            if f.num == num:
                return f
        return None


def _profile_types(f: Any) -> list[Any]:
    return [f] + list(f.subfields or [])


def check_field(fd: FieldDef) -> None:
    """Refuse layouts on which fitdecode stops with a non-FIT error (see the module docstring)."""
    if fd.size == 0:
        raise Unsupported("field of size 0")
    if fd.num == TIMESTAMP and not fd.scalar_int:
        raise Unsupported("timestamp field that is not one integer")
    f = fd.profile
    if f is None:
        return
    for variant in _profile_types(f):
        if variant.type.name in CONVERTED_TYPES and not (fd.scalar_int and fd.base.size <= 4):
            raise Unsupported(f"{variant.name}: date/time field that is not one integer")
        if variant.components and not (fd.scalar_int or fd.raw_kind == "bytes"):
            raise Unsupported(f"{variant.name}: components of a non-integer field")


def developer_field(
    num: int, size: int, index: int, registry: dict[Any, dict[Any, tuple[BaseType, Any]]]
) -> tuple[BaseType, Any]:
    """Base type and name of a developer field (an unknown one reads as bytes, as fitdecode's lenient mode does)."""
    if num == TIMESTAMP:
        raise Unsupported("developer field numbered as the timestamp")
    fields = registry.setdefault(index, {})
    if num not in fields:
        fields[num] = (BYTE, None)
    base, name = fields[num]
    if size // base.size == 0:
        raise Unsupported("developer field smaller than its base type")
    return base, name
