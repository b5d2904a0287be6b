"""Pydantic validation of knowledge files, with errors that name the file and the line.

Every knowledge loader validates what it read with a pydantic model through
:func:`validate`; the first error becomes one ``KnowledgeError``::

    knowledge/signals.yaml line 17: session_spike.bands[1].level: Input should be 'ok', 'caution', 'high' or 'unknown'

The line comes from the YAML node marks (:func:`line_of` walks the composed
node tree along the error's location). Shared building blocks: :class:`Strict`
(unknown keys are errors), :data:`SourceId` and :data:`TextId` (ids that must
exist under ``knowledge/sources/`` and ``knowledge/locale/en/``) and
:class:`Number` (the ``{value, source}`` entry every threshold uses).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, TypeVar

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    RootModel,
    StrictFloat,
    StrictInt,
    StrictStr,
    ValidationError,
)

from ..errors import KnowledgeError

M = TypeVar("M", bound=BaseModel)


class Strict(BaseModel):
    """A knowledge entry: every key is declared (a misspelt key is an error, never ignored)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def _known_source(sid: str) -> str:
    from . import sources  # noqa: PLC0415  (the package imports this module lazily)

    if sid not in sources():
        raise ValueError(f"source {sid!r} is not defined under knowledge/sources/")
    return sid


def _known_text(tid: str) -> str:
    from . import texts  # noqa: PLC0415

    if tid not in texts("en"):
        raise ValueError(f"text id {tid!r} is not in knowledge/locale/en/")
    return tid


SourceId = Annotated[str, AfterValidator(_known_source)]
"""A source id defined under ``knowledge/sources/``."""

TextId = Annotated[str, AfterValidator(_known_text)]
"""A text id defined under ``knowledge/locale/en/``."""


class Number(Strict):
    """``{value: number, source: id}``: a threshold or parameter next to its source."""

    value: StrictInt | StrictFloat
    source: SourceId


class Source(Strict):
    """One entry of ``knowledge/sources/*.yaml``."""

    citation: str
    url: str | None = None


class SourceFile(RootModel[dict[str, Source]]):
    """``knowledge/sources/<capability>.yaml``: source id to citation."""


class TextFile(RootModel[dict[str, StrictStr]]):
    """``knowledge/locale/<lang>/<capability>.yaml``: text id to the text a runner reads."""


def line_of(text: str, loc: Sequence[str | int]) -> int | None:
    """The 1-based line of the YAML node at ``loc`` (keys and list indexes) in ``text``.

    Where the path leaves the document (a missing key), the line of the deepest node
    found on the way. ``None`` when the text is not YAML at all.
    """
    try:
        node = yaml.compose(text)
    except yaml.YAMLError:
        return None
    if node is None:
        return None
    line = node.start_mark.line + 1
    for part in loc:
        child = None
        if isinstance(node, yaml.MappingNode):
            child = next((value for key, value in node.value if str(key.value) == str(part)), None)
            if child is not None:
                key_node = next(key for key, value in node.value if value is child)
                line = key_node.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            child = node.value[part]
            line = child.start_mark.line + 1
        if child is None:
            continue  # a part pydantic adds (a union branch, a validator's name): stay on this node
        node = child
    return line


def dotted(loc: Sequence[str | int]) -> str:
    """``("bands", 1, "level")`` as ``bands[1].level``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(the whole file)"


_PLAIN = {
    "extra_forbidden": "unknown key; check its spelling against the comment at the top of the file",
    "missing": "this key is required",
}


def validate(
    model: type[M],
    data: Any,
    path: str,
    *,
    text: str | None = None,
    at: Sequence[str | int] = (),
    label: str = "knowledge",
) -> M:
    """``model.model_validate(data)``; the first error is a ``KnowledgeError`` naming ``label/path``, line and place.

    ``text`` is the file's YAML text (for the line); without it the file is read from
    the knowledge package at ``path``. ``at`` is where ``data`` sits inside the file,
    when only a part of it is validated.
    """
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        raise knowledge_error(error, path, text=text, at=at, label=label) from None


def knowledge_error(
    error: Any, path: str, *, text: str | None = None, at: Sequence[str | int] = (), label: str = "knowledge"
) -> KnowledgeError:
    """The ``KnowledgeError`` for one pydantic error dict (see :func:`validate`)."""
    loc = [*at, *(p for p in error.get("loc", ()) if isinstance(p, (str, int)))]
    if text is None and label == "knowledge":
        from . import _root  # noqa: PLC0415

        try:
            text = _root().joinpath(path).read_text(encoding="utf-8")
        except OSError:
            text = None
    line = line_of(text, loc) if text is not None else None
    where = f" line {line}" if line is not None else ""
    message = _PLAIN.get(str(error.get("type")), str(error.get("msg", "")).removeprefix("Value error, "))
    return KnowledgeError(f"{label}/{path}{where}: {dotted(loc)}: {message}")


__all__ = [
    "Number",
    "Source",
    "SourceFile",
    "SourceId",
    "Strict",
    "TextFile",
    "TextId",
    "dotted",
    "knowledge_error",
    "line_of",
    "validate",
]
