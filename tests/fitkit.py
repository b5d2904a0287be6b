"""Small FIT tools for the tests, written from the FIT protocol description (independent of strideguard's decoder).

- :func:`build_fit` and :func:`definition`: a FIT stream from hand-made messages.
- :func:`walk`: every message of a stream, with its position and definition.
- :func:`to_big_endian`: the same file with every definition big-endian (the values byte-swapped).
- :func:`set_field`: one field of every message of a type set to a raw value, the CRCs rewritten.

CRCs come from fitdecode's ``compute_crc`` (the reference implementation).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

from fitdecode.utils import compute_crc

# base type number -> size in bytes (FIT protocol, "Base Types")
BASE_SIZES = {
    0x00: 1,  # enum
    0x01: 1,  # sint8
    0x02: 1,  # uint8
    0x83: 2,  # sint16
    0x84: 2,  # uint16
    0x85: 4,  # sint32
    0x86: 4,  # uint32
    0x07: 1,  # string
    0x88: 4,  # float32
    0x89: 8,  # float64
    0x0A: 1,  # uint8z
    0x8B: 2,  # uint16z
    0x8C: 4,  # uint32z
    0x0D: 1,  # byte
    0x8E: 8,  # sint64
    0x8F: 8,  # uint64
    0x90: 8,  # uint64z
}
UINT8, UINT16, SINT32, UINT32, ENUM, STRING = 0x02, 0x84, 0x85, 0x86, 0x00, 0x07
FILE_TYPES = {"activity": 4, "settings": 2, "workout": 5, "weight": 9, "monitoring_b": 32}


def crc(data: bytes) -> bytes:
    return struct.pack("<H", compute_crc(data))


def build_fit(records: list[bytes], *, header_crc: bool = True) -> bytes:
    """A 14-byte header (protocol 1.0, profile 20.93), the messages, the file CRC."""
    body = b"".join(records)
    head = struct.pack("<BBHI4s", 14, 0x10, 2093, len(body), b".FIT")
    head += crc(head) if header_crc else b"\x00\x00"
    return head + body + crc(head + body)


def definition(
    local: int,
    global_num: int,
    fields: list[tuple[int, int, int]],
    *,
    big: bool = False,
    dev: list[tuple[int, int, int]] | None = None,
) -> bytes:
    """A definition message: ``fields`` as (number, size, base type); ``dev`` as (number, size, developer index)."""
    endian = ">" if big else "<"
    header = 0x40 | local | (0x20 if dev else 0)
    out = bytes([header, 0, 1 if big else 0]) + struct.pack(endian + "H", global_num) + bytes([len(fields)])
    out += b"".join(bytes(f) for f in fields)
    if dev:
        out += bytes([len(dev)]) + b"".join(bytes(f) for f in dev)
    return out


def file_id(kind: str, *, local: int = 0, manufacturer: int = 255, product: int = 0) -> bytes:
    """A file_id definition and message: type, manufacturer (255 = development), product."""
    out = definition(local, 0, [(0, 1, ENUM), (1, 2, UINT16), (2, 2, UINT16)])
    return out + bytes([local]) + struct.pack("<BHH", FILE_TYPES[kind], manufacturer, product)


@dataclass
class Definition:
    global_num: int
    big_endian: bool
    fields: list[tuple[int, int, int]]
    dev: list[tuple[int, int, int]] = field(default_factory=list)

    @property
    def size(self) -> int:
        return sum(f[1] for f in self.fields) + sum(d[1] for d in self.dev)


@dataclass
class Message:
    pos: int  # of the record header byte
    definition: Definition
    is_definition: bool


@dataclass
class Part:
    """One FIT file of a (possibly chained) stream."""

    start: int  # of the file header
    header_size: int
    data_size: int
    messages: list[Message]

    @property
    def end(self) -> int:  # of the data; the file CRC follows
        return self.start + self.header_size + self.data_size


def _triple(data: bytes, at: int) -> tuple[int, int, int]:
    return data[at], data[at + 1], data[at + 2]


def walk(data: bytes) -> list[Part]:
    """Every chained file of a well-formed stream and its messages (raises ValueError on damage)."""
    parts = []
    pos = 0
    while pos < len(data):
        header_size, _proto, _profile, data_size, magic = struct.unpack_from("<BBHI4s", data, pos)
        if magic != b".FIT":
            raise ValueError(f"no FIT header at byte {pos}")
        part = Part(pos, header_size, data_size, [])
        defs: dict[int, Definition] = {}
        p = pos + header_size
        while p < part.end:
            h = data[p]
            if h & 0x80:  # compressed timestamp header: a data message of local type bits 5-6
                d = defs[(h >> 5) & 0x03]
                part.messages.append(Message(p, d, False))
                p += 1 + d.size
            elif h & 0x40:
                big = data[p + 2] == 1
                (global_num,) = struct.unpack_from(">H" if big else "<H", data, p + 3)
                n = data[p + 5]
                fields = [_triple(data, p + 6 + 3 * i) for i in range(n)]
                q = p + 6 + 3 * n
                dev: list[tuple[int, int, int]] = []
                if h & 0x20:
                    m = data[q]
                    dev = [_triple(data, q + 1 + 3 * i) for i in range(m)]
                    q += 1 + 3 * m
                d = Definition(global_num, big, fields, dev)
                defs[h & 0x0F] = d
                part.messages.append(Message(p, d, True))
                p = q
            else:
                d = defs[h & 0x0F]
                part.messages.append(Message(p, d, False))
                p += 1 + d.size
        if p != part.end:
            raise ValueError(f"messages overrun the data of the file at byte {pos}")
        parts.append(part)
        pos = part.end + 2
    return parts


def _rewrite_crcs(out: bytearray, parts: list[Part]) -> None:
    for part in parts:
        out[part.end : part.end + 2] = crc(bytes(out[part.start : part.end]))


def to_big_endian(data: bytes) -> bytes:
    """The same messages with big-endian definitions: architecture byte 1, global number and values byte-swapped.

    Developer fields keep their bytes (their base type is in a field_description); use a file without them.
    """
    parts = walk(data)
    out = bytearray(data)
    for part in parts:
        for msg in part.messages:
            d = msg.definition
            if d.dev:
                raise ValueError("developer fields: base type unknown here")
            if msg.is_definition:
                if not d.big_endian:
                    out[msg.pos + 2] = 1
                    out[msg.pos + 3 : msg.pos + 5] = struct.pack(">H", d.global_num)
                continue
            if d.big_endian:
                continue
            p = msg.pos + 1
            for _num, size, base in d.fields:
                width = BASE_SIZES.get(base, 1)
                if width > 1 and size % width == 0:
                    for k in range(p, p + size, width):
                        out[k : k + width] = out[k : k + width][::-1]
                p += size
    _rewrite_crcs(out, parts)
    return bytes(out)


def set_field(data: bytes, global_num: int, field_num: int, value: int) -> bytes:
    """Every ``global_num`` message's one-byte field ``field_num`` set to ``value``; the CRCs rewritten."""
    parts = walk(data)
    out = bytearray(data)
    changed = 0
    for part in parts:
        for msg in part.messages:
            d = msg.definition
            if msg.is_definition or d.global_num != global_num:
                continue
            p = msg.pos + 1
            for num, size, _base in d.fields:
                if num == field_num:
                    if size != 1:
                        raise ValueError("only one-byte fields")
                    out[p] = value
                    changed += 1
                p += size
    if not changed:
        raise ValueError(f"no field {field_num} in message {global_num}")
    _rewrite_crcs(out, parts)
    return bytes(out)
