"""One exception hierarchy. Every message tells the user what to do next."""

from __future__ import annotations

from typing import Any


class StrideguardError(Exception):
    """Base of every error strideguard raises on purpose (the CLI maps it to exit 1)."""


class InputError(StrideguardError):
    """A value the user gave is not allowed. Names the field, the value and what is allowed."""

    def __init__(self, field: str, value: Any, allowed: str) -> None:
        self.field = field
        self.value = value
        self.allowed = allowed
        if value is _MISSING:
            shown = "missing"
        elif hasattr(value, "isoformat"):
            shown = repr(value.isoformat())
        else:
            shown = repr(value)
        length = len(value) if isinstance(value, str) else None  # the value's own length, not its quoted form
        super().__init__(f"{field}: {shorten(shown, length=length)} is not allowed; {allowed}")


ECHO_LIMIT = 80  # characters of a refused value a message repeats


def shorten(text: str, limit: int = ECHO_LIMIT, length: int | None = None) -> str:
    """A value as it is echoed in a message: long ones cut, with how long they were (``length`` if given)."""
    if len(text) <= limit:
        return text
    return f"{text[: limit - 1]}… ({len(text) if length is None else length:,} characters)"


class _Missing:
    def __repr__(self) -> str:
        return "missing"


_MISSING: Any = _Missing()
MISSING = _MISSING


class ConflictError(InputError):
    """A value is well formed but conflicts with what is stored (a name in use, a database not empty).

    The CLI treats it as any other refused input (exit 1); the JSON API answers 409.
    """


class ImportFailed(StrideguardError):
    """A file could not be imported. Nothing of it was stored."""

    def __init__(self, path: str, reason: str, offset: int | None = None) -> None:
        self.path = path
        self.reason = reason
        self.offset = offset
        where = f" at byte {offset}" if offset is not None and "byte" not in reason else ""
        super().__init__(f"{path}: {reason}{where}")


class StoreError(StrideguardError):
    """The database could not be opened, migrated or written."""


class ValueRefused(StoreError):
    """The database refused a value of a write (out of its range, too long, a NUL character); nothing was stored."""


class NotFoundError(StrideguardError):
    """Something the user named does not exist (a shoe, an activity, a report)."""


class KnowledgeError(StrideguardError):
    """A knowledge data file is invalid (raised at load time, names file and place)."""


class UploadRefused(StrideguardError):
    """An upload to the web app was refused; ``status`` is the HTTP status to answer with (400, 403, 413)."""

    def __init__(self, status: int, message: str, field: str = "files") -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.field = field


class AccessRefused(StrideguardError):
    """A multi-user server request that the signed-in account may not make (the web app answers ``status``):
    401 not signed in or a wrong password, 403 no consent or a role that may not, 429 too many sign-in attempts
    (``retry_after`` seconds)."""

    def __init__(self, status: int, message: str, field: str | None = None, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.field = field
        self.retry_after = retry_after
