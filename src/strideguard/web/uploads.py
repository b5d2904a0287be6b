"""Uploads streamed straight into the data folder, size-limited, CSRF-checked before any byte is written.

The request body is parsed as it arrives (python-multipart's streaming parser),
so no copy lands in the system's temporary folder. File names are reduced to a
safe base name and every path is checked to stay inside the upload folder.
"""

from __future__ import annotations

import hmac
import re
import secrets
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import Request

from .. import knowledge
from ..errors import UploadRefused
from .security import CSRF_FIELD

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
MAX_FIELD_BYTES = 4096
MAX_FILES = 5000


def safe_name(filename: str) -> str:
    """A base name with only letters, digits, dot, dash and underscore; never empty, never hidden."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = _UNSAFE.sub("_", base).lstrip(".")[-120:]
    return cleaned or "upload"


def inside(folder: Path, name: str) -> Path:
    """``folder/name``, refusing anything that would resolve outside ``folder``."""
    target = (folder / name).resolve()
    if not target.is_relative_to(folder.resolve()) or target == folder.resolve():
        raise UploadRefused(400, knowledge.text("web.upload.bad_name", name=repr(name)))
    return target


@dataclass
class ReceivedUpload:
    folder: Path
    files: list[Path] = field(default_factory=list)
    original_names: dict[Path, str] = field(default_factory=dict)
    fields: dict[str, str] = field(default_factory=dict)
    size: int = 0

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


async def receive_upload(
    request: Request, upload_root: Path, max_bytes: int, csrf_expected: str | None
) -> ReceivedUpload:
    """Stream a multipart body into a new folder under ``upload_root``.

    ``csrf_expected``: when set, a ``csrf_token`` field equal to it must come before
    the first file (the form puts it first); otherwise nothing is written (403).
    """
    content_type, params = parse_options_header(request.headers.get("content-type", ""))
    boundary = params.get(b"boundary")
    if content_type != b"multipart/form-data" or not boundary:
        raise UploadRefused(400, knowledge.text("web.upload.not_multipart"))
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > max_bytes:
        raise UploadRefused(413, knowledge.text("web.upload.too_large", mb=max_bytes // (1024 * 1024)))
    upload_root.mkdir(parents=True, exist_ok=True)
    received = ReceivedUpload(folder=inside(upload_root, secrets.token_hex(8)))
    received.folder.mkdir()
    state: dict[str, Any] = {
        "headers": {},
        "field": b"",
        "name": None,
        "file": None,
        "header_field": b"",
        "header_value": b"",
    }
    refusal: list[UploadRefused] = []

    def csrf_ok() -> bool:
        if csrf_expected is None:
            return True
        given = received.fields.get(CSRF_FIELD, "")
        return hmac.compare_digest(given.encode(), csrf_expected.encode())

    def on_part_begin() -> None:
        state["headers"] = {}

    def on_header_field(data: bytes, start: int, end: int) -> None:
        state["header_field"] += data[start:end]

    def on_header_value(data: bytes, start: int, end: int) -> None:
        state["header_value"] += data[start:end]

    def on_header_end() -> None:
        state["headers"][state["header_field"].decode("latin-1").lower()] = state["header_value"]
        state["header_field"], state["header_value"] = b"", b""

    def on_headers_finished() -> None:
        _, disposition = parse_options_header(state["headers"].get("content-disposition", b""))
        name = disposition.get(b"name", b"").decode("utf-8", "replace")
        filename = disposition.get(b"filename")
        state["name"], state["field"], state["file"] = name, b"", None
        if filename is not None:
            if not csrf_ok():
                raise UploadRefused(403, knowledge.text("web.refused.csrf"))
            original = filename.decode("utf-8", "replace")
            if not original:
                return  # an empty file input
            if len(received.files) >= MAX_FILES:
                raise UploadRefused(413, knowledge.text("web.upload.too_many", count=MAX_FILES))
            path = _unique(received.folder, safe_name(original))
            handle: IO[bytes] = path.open("xb")
            state["file"] = handle
            received.files.append(path)
            received.original_names[path] = original

    def on_part_data(data: bytes, start: int, end: int) -> None:
        chunk = data[start:end]
        received.size += len(chunk)
        if received.size > max_bytes:
            raise UploadRefused(413, knowledge.text("web.upload.too_large", mb=max_bytes // (1024 * 1024)))
        if state["file"] is not None:
            state["file"].write(chunk)
        elif state["name"] is not None:
            state["field"] += chunk
            if len(state["field"]) > MAX_FIELD_BYTES:
                raise UploadRefused(413, knowledge.text("web.upload.field_too_long", name=repr(state["name"])))

    def on_part_end() -> None:
        if state["file"] is not None:
            state["file"].close()
            state["file"] = None
        elif state["name"] is not None:
            received.fields[state["name"]] = state["field"].decode("utf-8", "replace")

    parser = MultipartParser(
        boundary,
        {
            "on_part_begin": on_part_begin,
            "on_header_field": on_header_field,
            "on_header_value": on_header_value,
            "on_header_end": on_header_end,
            "on_headers_finished": on_headers_finished,
            "on_part_data": on_part_data,
            "on_part_end": on_part_end,
        },
    )
    try:
        async for chunk in request.stream():
            parser.write(chunk)
        parser.finalize()
    except UploadRefused as exc:
        refusal.append(exc)
    except Exception as exc:  # a malformed body from the client
        refusal.append(UploadRefused(400, knowledge.text("web.upload.unreadable", reason=exc)))
    finally:
        if state["file"] is not None:
            state["file"].close()
    if not refusal and not csrf_ok():
        refusal.append(UploadRefused(403, knowledge.text("web.refused.csrf")))
    if refusal:
        received.discard()
        raise refusal[0]
    return received


def _unique(folder: Path, name: str) -> Path:
    candidate = inside(folder, name)
    counter = 1
    while candidate.exists():
        stem, dot, suffix = name.partition(".")
        candidate = inside(folder, f"{stem}-{counter}{dot}{suffix}")
        counter += 1
    return candidate
