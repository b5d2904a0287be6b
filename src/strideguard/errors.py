"""One exception hierarchy. Every message tells the user what to do next, in the runner's language.

A message is a text of the locale files (``knowledge/locale/<lang>/errors.yaml`` and the other
locale files), given by its id and values where the error is raised and rendered in the current
language where it is shown (``str(exc)``: the CLI's one line, a web page, a JSON ``"error"``)::

    raise NotFoundError("errors.run.not_found", id=7)
    raise InputError("--days", value, "errors.plan.days", most=366)
    raise ImportFailed(name, "errors.file.empty", 0)

The field names an ``InputError`` carries stay as they are in every language (they name what to fix
on a command line or in a JSON document). A value can itself be a :class:`Text` (rendered in the
same language), and a message that is already words (a text rendered by its caller, or a
developer's message such as a ``KnowledgeError``'s) is shown as it is.
"""

from __future__ import annotations

import re
from typing import Any

# A text id: dotted lower-case words (``errors.run.not_found``); anything else given as a message is words.
TEXT_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")


class Text:
    """A runner-facing text by id with its values, rendered in the current language when it is shown."""

    __slots__ = ("tid", "values")

    def __init__(self, tid: str, /, **values: Any) -> None:
        self.tid = tid
        self.values = values

    def render(self, lang: str | None = None) -> str:
        """The text in ``lang`` (default: the current language); values that are texts are rendered too."""
        from . import knowledge  # noqa: PLC0415  (errors.py is imported by knowledge itself)

        shown = {key: rendered(value, lang) for key, value in self.values.items()}
        return knowledge.text(self.tid, lang, **shown)

    def __str__(self) -> str:
        return self.render()

    def __repr__(self) -> str:
        inner = "".join(f", {k}={v!r}" for k, v in self.values.items())
        return f"Text({self.tid!r}{inner})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Text) and (self.tid, self.values) == (other.tid, other.values)

    def __hash__(self) -> int:
        return hash(self.tid)

    def __reduce__(self) -> tuple[Any, ...]:  # keyword values survive pickling (worker processes)
        return (_text, (self.tid, self.values))


def _text(tid: str, values: dict[str, Any]) -> Text:
    return Text(tid, **values)


Message = Text | str
"""A text id (with values given beside it), a :class:`Text`, or words already in the reader's language."""


def as_text(message: Message, values: dict[str, Any] | None = None) -> Message:
    """``message`` as a :class:`Text` when it is a text id; words stay words."""
    if isinstance(message, Text):
        return message
    if TEXT_ID.match(message):
        return Text(message, **(values or {}))
    return message


def rendered(value: Any, lang: str | None = None) -> Any:
    """A value for a message: a :class:`Text` in words (``lang``, default the current language); others as they are."""
    return value.render(lang) if isinstance(value, Text) else value


def broken_xml(line: int | None, detail: str) -> Text:
    """Why an XML file (GPX, TCX, Apple Health) could not be parsed: where, and the parser's own words."""
    return Text("errors.xml.broken_at", line=line, detail=detail) if line else Text("errors.xml.broken", detail=detail)


class TextError(ValueError):
    """A ``ValueError`` whose message is a text (id and values): for readers that report a reason
    (a document of an export that cannot be read) rather than raise a :class:`StrideguardError`.

    ``exc.reason`` is the :class:`Text` (or words) as given; ``str(exc)`` the words in the current language.
    """

    def __init__(self, reason: Message, /, **values: Any) -> None:
        self.reason: Message = as_text(reason, values)
        super().__init__(self.reason)

    def __str__(self) -> str:
        return str(rendered(self.reason))


class StrideguardError(Exception):
    """Base of every error strideguard raises on purpose (the CLI maps it to exit 1).

    ``NotFoundError("errors.run.not_found", id=7)``: the message by text id and its values.
    """

    def __init__(self, message: Message = "", /, **values: Any) -> None:
        super().__init__(message)
        self.text: Message = as_text(message, values)

    def render(self, lang: str | None = None) -> str:
        """The message in ``lang`` (default: the current language)."""
        return str(rendered(self.text, lang))

    def __str__(self) -> str:
        return self.render()


class InputError(StrideguardError):
    """A value the user gave is not allowed. Names the field, the value and what is allowed.

    ``allowed`` is a text id (its values as keywords) or a :class:`Text`; ``exc.allowed`` gives it
    in words in the current language, ``exc.allowed_text`` as given.
    """

    def __init__(self, field: str, value: Any, allowed: Message, /, **values: Any) -> None:
        self.field = field
        self.value = value
        self.allowed_text = as_text(allowed, values)
        if value is _MISSING:
            shown: Any = Text("errors.value.missing")
        elif isinstance(value, Text):  # words that stand for the value ("line 3 column 5")
            shown = Text("errors.value.quoted", value=value)
        elif hasattr(value, "isoformat"):
            shown = shorten(repr(value.isoformat()))
        else:
            shown = shorten(repr(value), length=len(value) if isinstance(value, str) else None)
        Exception.__init__(self, field, value, self.allowed_text)
        self.value_text: Message = shown
        if value is _MISSING:
            self.text = Text("errors.input_missing", field=field, allowed=self.allowed_text)
        else:
            self.text = Text("errors.input", field=field, value=shown, allowed=self.allowed_text)

    @property
    def shown_value(self) -> str:
        """The value as the message shows it (quoted, cut when long, or the word for a missing one)."""
        return str(rendered(self.value_text))

    @property
    def allowed(self) -> str:
        """What is allowed, in words in the current language."""
        return str(rendered(self.allowed_text))


ECHO_LIMIT = 80  # characters of a refused value a message repeats


def shorten(text: str, limit: int = ECHO_LIMIT, length: int | None = None) -> Message:
    """A value as it is echoed in a message: long ones cut, with how long they were (``length`` if given)."""
    if len(text) <= limit:
        return text
    return Text("errors.value.shortened", start=text[: limit - 1], length=len(text) if length is None else length)


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
    """A file could not be imported. Nothing of it was stored.

    ``reason``: a text id (its values as keywords) or a :class:`Text`; a reason that names the
    byte itself has a value ``offset``, else ``offset`` is added as "at byte N".
    ``exc.reason`` gives it in words in the current language, ``exc.reason_text`` as given.
    """

    def __init__(self, path: str, reason: Message, offset: int | None = None, /, **values: Any) -> None:
        self.path = path
        self.reason_text = as_text(reason, values)
        self.offset = offset
        Exception.__init__(self, path, self.reason_text, offset)
        reason_ = self.reason_text
        if isinstance(reason_, Text):
            says_where = "offset" in reason_.values
        else:
            says_where = "byte" in reason_
        if offset is not None and not says_where:
            self.text = Text("errors.import.failed_at", path=path, reason=reason_, offset=offset)
        else:
            self.text = Text("errors.import.failed", path=path, reason=reason_)

    @property
    def reason(self) -> str:
        """Why, in words in the current language."""
        return str(rendered(self.reason_text))


class StoreError(StrideguardError):
    """The database could not be opened, migrated or written."""


class ValueRefused(StoreError):
    """The database refused a value of a write (out of its range, too long, a NUL character); nothing was stored."""


class NotFoundError(StrideguardError):
    """Something the user named does not exist (a shoe, an activity, a report)."""


class KnowledgeError(StrideguardError):
    """A knowledge data file is invalid (raised at load time, names file and place).

    Its messages are for the developers who ship the files (in English, never a text id).
    """

    def __init__(self, message: str) -> None:
        Exception.__init__(self, message)
        self.text = message


class UploadRefused(StrideguardError):
    """An upload to the web app was refused; ``status`` is the HTTP status to answer with (400, 403, 413)."""

    def __init__(self, status: int, message: Message, field: str = "files", /, **values: Any) -> None:
        super().__init__(message, **values)
        Exception.__init__(self, status, message, field)
        self.status = status
        self.message = self.text
        self.field = field


class AccessRefused(StrideguardError):
    """A multi-user server request that the signed-in account may not make (the web app answers ``status``):
    401 not signed in or a wrong password, 403 no consent or a role that may not, 429 too many sign-in attempts
    (``retry_after`` seconds). ``AccessRefused(429, "errors.clubs.rate_limited", "password", retry_after=60,
    seconds=60)``: the message by text id and its values, as for every error."""

    def __init__(
        self, status: int, message: Message, field: str | None = None, retry_after: int | None = None, **values: Any
    ) -> None:
        super().__init__(message, **values)
        self.status = status
        self.field = field
        self.retry_after = retry_after

    @property
    def message(self) -> str:
        """The message in the current language (the request's, where the web app answers it)."""
        return self.render()
