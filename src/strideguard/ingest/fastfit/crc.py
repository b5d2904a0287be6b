"""FIT's CRC-16 (reflected polynomial 0x8005, i.e. CRC-16/ARC, initial value 0), vectorised.

The FIT protocol protects the 14-byte header and every file (header + data)
with this checksum. Computed byte by byte in Python it runs at a few MB/s; here
it runs at hundreds of MB/s with numpy, using two properties of a CRC whose
initial value and final XOR are both zero:

- it is linear over GF(2): ``crc(a || b) = shift(crc(a), len(b)) ^ crc(b)``,
  where ``shift(c, n)`` is the state ``c`` after ``n`` zero bytes (a linear map
  of 16 bits, precomputed as two 256-entry tables per power-of-two length);
- leading zero bytes do not change it, so the data can be padded at the front
  to a convenient length.

The data is cut into many equal blocks whose CRCs are computed side by side
(two bytes per step through a 65,536-entry table), then the block CRCs are
combined pairwise, level by level.
"""

from __future__ import annotations

import numpy as np

_POLY = 0xA001  # 0x8005 bit-reversed


def _byte_table() -> np.ndarray:
    table = np.zeros(256, dtype=np.uint32)
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ _POLY if c & 1 else c >> 1
        table[i] = c
    return table


_T8 = _byte_table()
_T8_LIST: list[int] = _T8.tolist()


def _word_table() -> np.ndarray:
    """State after two bytes, as a function of (state XOR the two bytes read little-endian)."""
    x = np.arange(65536, dtype=np.uint32)
    c1 = (x >> 8) ^ _T8[x & 0xFF]
    c2 = (c1 >> 8) ^ _T8[c1 & 0xFF]
    return c2.astype(np.uint16)


_T16 = _word_table()


def crc_python(data: bytes | memoryview, crc: int = 0) -> int:
    """Byte-at-a-time reference (small inputs)."""
    table = _T8_LIST
    for b in data:
        crc = (crc >> 8) ^ table[(crc ^ b) & 0xFF]
    return crc


# ---- shifting a state through n zero bytes: a 16x16 bit matrix, applied via two byte tables


def _apply(images: list[int], c: int) -> int:
    out = 0
    bit = 0
    while c:
        if c & 1:
            out ^= images[bit]
        c >>= 1
        bit += 1
    return out


def _one_zero_byte() -> list[int]:
    return [(1 << i >> 8) ^ _T8_LIST[(1 << i) & 0xFF] for i in range(16)]


def _compose(a: list[int], b: list[int]) -> list[int]:
    """The map 'b then a'."""
    return [_apply(a, img) for img in b]


def _tables(images: list[int]) -> np.ndarray:
    lo = np.array([_apply(images, v) for v in range(256)], dtype=np.uint16)
    hi = np.array([_apply(images, v << 8) for v in range(256)], dtype=np.uint16)
    return np.stack([lo, hi])


_MAX_LEVEL = 40
_SHIFT_MAPS: list[list[int]] = [_one_zero_byte()]  # shift by 2**k bytes
for _ in range(_MAX_LEVEL):
    _SHIFT_MAPS.append(_compose(_SHIFT_MAPS[-1], _SHIFT_MAPS[-1]))
_SHIFT_TABLES: dict[int, np.ndarray] = {}


def _shift_table(level: int) -> np.ndarray:
    table = _SHIFT_TABLES.get(level)
    if table is None:
        table = _SHIFT_TABLES[level] = _tables(_SHIFT_MAPS[level])
    return table


_SMALL = 512


def crc16(data: bytes | bytearray | memoryview | np.ndarray) -> int:
    """The FIT CRC of ``data`` (initial value 0)."""
    arr = np.frombuffer(data, dtype=np.uint8) if not isinstance(data, np.ndarray) else data
    n = len(arr)
    if n <= _SMALL:
        return crc_python(arr.tobytes())
    # block length 2**b bytes (even), 2**k blocks; total padded at the front with zeros
    b = max(4, (n.bit_length() + 1) // 2)
    block = 1 << b
    k = (n + block - 1) >> b
    k = 1 << (k - 1).bit_length()
    padded = np.zeros(k * block, dtype=np.uint8)
    padded[k * block - n :] = arr
    words = padded.view("<u2").reshape(k, block // 2).T.copy()  # (steps, blocks)
    state = np.zeros(k, dtype=np.uint16)
    table = _T16
    for row in words:
        np.bitwise_xor(state, row, out=state)
        state = table[state]
    level = b
    while len(state) > 1:
        shift = _shift_table(level)
        left, right = state[0::2], state[1::2]
        state = shift[0][left & 0xFF] ^ shift[1][left >> 8] ^ right
        level += 1
    return int(state[0])
