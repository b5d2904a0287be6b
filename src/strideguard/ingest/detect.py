"""Pick the reader for a file from its bytes (magic) and name; unwrap gzip.

Public: :func:`sniff`, :func:`unwrap`, :func:`decode` and :func:`read`.
Content decides first (a ``.fit`` that is really a GPX is read as GPX); the
name only decides between readers when the content is ambiguous (XML whose
root the sniffer cannot see, e.g. broken XML), so that the reader can say
precisely what is wrong.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass, replace

from ..domain import ParsedActivity
from ..errors import ImportFailed
from ..store import codec
from . import fit, gpx, polar, tcx
from .limits import limits, mib

READERS: dict[str, Callable[[bytes, str], ParsedActivity]] = {
    "fit": fit.read,
    "gpx": gpx.read,
    "tcx": tcx.read,
    "polar": polar.read,
}
ACTIVITY_SUFFIXES: tuple[str, ...] = tuple(f".{fmt}{gz}" for fmt in ("fit", "gpx", "tcx") for gz in ("", ".gz"))
# Polar Flow's export names each session training-session-<date>-<id>-<uuid>.json
_POLAR_NAME = re.compile(r"(^|/)training-session-[^/]*\.json(\.gz)?$", re.IGNORECASE)


def is_activity_name(name: str) -> bool:
    """A file name that holds one activity: ``.fit``, ``.gpx``, ``.tcx`` (each also ``.gz``), Polar sessions."""
    return name.lower().endswith(ACTIVITY_SUFFIXES) or _POLAR_NAME.search(name.replace("\\", "/")) is not None


_XML_ROOT = re.compile(rb"<(?:[\w.-]+:)?(gpx|TrainingCenterDatabase)[\s>/]")
_XML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<")


@dataclass(frozen=True)
class Decoded:
    """An activity read from a file, with the hash of its (decompressed) content."""

    activity: ParsedActivity
    sha256: str
    size: int  # decompressed bytes


@dataclass(frozen=True)
class Ready:
    """A decoded file as the writer needs it: the activity without its samples, which travel packed."""

    activity: ParsedActivity  # summary only: ``samples`` is empty
    sha256: str
    size: int  # decompressed bytes
    samples: codec.Packed


def ready(decoded: Decoded) -> Ready:
    """A decoded activity as the writer takes it: its samples packed, the summary without them."""
    parsed = decoded.activity
    return Ready(replace(parsed, samples={}), decoded.sha256, decoded.size, codec.pack(parsed.samples))


def _suffix_format(name: str) -> str | None:
    lower = name.lower().removesuffix(".gz")
    for fmt in ("fit", "gpx", "tcx"):
        if lower.endswith("." + fmt):
            return fmt
    if _POLAR_NAME.search(name):
        return "polar"
    return None


def sniff(data: bytes, name: str) -> str:
    """``"gzip"``, ``"zip"``, ``"fit"``, ``"gpx"``, ``"tcx"`` or ``"polar"``; ImportFailed for anything else."""
    if not data:
        raise ImportFailed(name, "errors.file.empty", 0)
    if data[:2] == b"\x1f\x8b":
        return "gzip"
    if data[:4] == b"PK\x03\x04" or data[:4] == b"PK\x05\x06":
        return "zip"
    if len(data) >= 12 and data[8:12] == b".FIT":
        return "fit"
    head = data[:4096]
    if _XML_START.match(head):
        m = _XML_ROOT.search(head)
        if m:
            return "gpx" if m.group(1) == b"gpx" else "tcx"
        by_name = _suffix_format(name)
        if by_name in ("gpx", "tcx"):
            return by_name
        raise ImportFailed(name, "errors.detect.xml")
    if polar.looks_like(head):
        return "polar"
    by_name = _suffix_format(name)
    if by_name in ("fit", "polar"):
        return by_name  # the reader says what is wrong with the file
    raise ImportFailed(name, "errors.detect.unsupported")


def _gunzip(data: bytes, name: str) -> bytes:
    cap = int(limits().files.max_file_bytes.value)  # largest activity file once decompressed
    out = bytearray()
    pending = data
    while pending:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)  # one gzip member
        try:
            while True:
                chunk = inflater.decompress(pending, cap + 1 - len(out))
                out += chunk
                if len(out) > cap:
                    raise ImportFailed(name, "errors.file.too_large_unpacked", limit=mib(cap))
                pending = inflater.unconsumed_tail
                if inflater.eof or not pending:
                    break
        except zlib.error as exc:
            raise ImportFailed(name, "errors.detect.gzip_corrupt", detail=str(exc)) from None
        if not inflater.eof:
            raise ImportFailed(name, "errors.detect.gzip_truncated", len(data), offset=len(data))
        pending = inflater.unused_data
        if pending and pending[:2] != b"\x1f\x8b":
            break  # trailing garbage after the gzip stream is ignored, as gzip(1) does
    return bytes(out)


def unwrap(data: bytes, name: str) -> tuple[bytes, str]:
    """The activity bytes (gzip removed) and their format."""
    kind = sniff(data, name)
    if kind == "gzip":
        data = _gunzip(data, name)
        kind = sniff(data, name)
        if kind == "gzip":
            raise ImportFailed(name, "errors.detect.gzip_in_gzip")
    if kind == "zip":
        raise ImportFailed(name, "errors.detect.zip_in_file")
    return data, kind


def decode(data: bytes, name: str) -> Decoded:
    """Read one activity file (gzipped or not); the sha256 is of the decompressed bytes."""
    raw, kind = unwrap(data, name)
    gpx_cap = int(limits().files.max_gpx_bytes.value)
    if kind == "gpx" and len(raw) > gpx_cap:  # parsed into a tree: ~20 bytes of memory per byte
        raise ImportFailed(name, "errors.detect.gpx_too_large", limit=mib(gpx_cap))
    activity = READERS[kind](raw, name)
    return Decoded(activity, hashlib.sha256(raw).hexdigest(), len(raw))


def read(data: bytes, name: str) -> ParsedActivity:
    """Read one activity file of any supported format (gzipped or not)."""
    return decode(data, name).activity
