"""Domain knowledge as data: sources, texts, rules, thresholds, exercises.

Layout (all YAML, validated when loaded with pydantic models through
:func:`validate`; a bad file is a ``KnowledgeError`` naming the file and line):

- ``sources/<capability>.yaml``: ``{id: {citation: str, url: str?}}``. All files
  are merged; one id must not be defined twice with different citations.
- ``locale/<lang>/<capability>.yaml``: ``{text_id: str}``: every sentence a runner
  reads, keyed by id, in every language of :data:`LANGUAGES` (English first; the same ids
  in each). :func:`text` speaks the current language (:func:`language`, set for a command or
  a web request with :func:`use_language`) unless it is given one.
- any other ``<name>.yaml``: read with :func:`load`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..errors import KnowledgeError

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from pydantic import BaseModel

M = TypeVar("M", bound="BaseModel")


@cache
def _root() -> Traversable:
    """The package's knowledge folder (importlib.resources imported on first use, not for `--help`)."""
    from importlib import resources  # noqa: PLC0415

    return resources.files(__name__)


def read_yaml(folder: Traversable | Path, name: str, label: str = "knowledge") -> tuple[Any, str]:
    """Parse ``folder/name``; returns the data and the text (for line numbers in later errors).

    A missing file or invalid YAML is a ``KnowledgeError`` naming ``label/name`` and the line.
    """
    import yaml  # noqa: PLC0415  (only when a file is read: `--help` and the command modules need no YAML)

    node = folder.joinpath(name)
    try:
        text = node.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KnowledgeError(f"{label}/{name}: file is missing from the package") from None
    try:
        # libyaml's safe loader when PyYAML has it: the same data, about ten times faster than the pure-Python one.
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)), text
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        raise KnowledgeError(f"{label}/{name}{where}: invalid YAML ({exc})") from None


def _read(rel: str) -> Any:
    return read_yaml(_root(), rel)[0]


@cache
def load(name: str) -> Any:
    """Load ``knowledge/<name>`` (a path relative to the package, with extension)."""
    return _read(name)


def _yaml_files(folder: str) -> list[str]:
    node = _root().joinpath(folder)
    if not node.is_dir():
        return []
    return sorted(f"{folder}/{entry.name}" for entry in node.iterdir() if entry.name.endswith((".yaml", ".yml")))


def validate(
    model: type[M],
    data: Any,
    path: str,
    *,
    text: str | None = None,
    at: Sequence[str | int] = (),
    label: str = "knowledge",
) -> M:
    """Validate ``data`` (read from ``label/path``) with a pydantic model; a ``KnowledgeError`` with file and line.

    The one way every knowledge file is checked; see :mod:`strideguard.knowledge.models`.
    """
    from .models import validate as validate_model  # noqa: PLC0415  (pydantic only when a file is checked)

    return validate_model(model, data, path, text=text, at=at, label=label)


def validated(model: type[M], name: str) -> M:
    """``knowledge/<name>`` read and checked against a pydantic model (:func:`validate` on the whole file)."""
    data, text = read_yaml(_root(), name)
    return validate(model, data, name, text=text)


@lru_cache(maxsize=1)
def sources() -> dict[str, dict[str, str]]:
    """Every citable source by id: ``{"citation": ..., "url": ...}``."""
    from .models import SourceFile  # noqa: PLC0415

    merged: dict[str, dict[str, str]] = {}
    for rel in _yaml_files("sources"):
        data, text = read_yaml(_root(), rel)
        entries = validate(SourceFile, data or {}, rel, text=text).root
        for sid, entry in entries.items():
            if sid in merged and merged[sid]["citation"] != entry.citation:
                raise KnowledgeError(f"knowledge/{rel}: source {sid!r} is defined twice with different citations")
            merged[sid] = entry.model_dump(exclude_none=True)
    return merged


def source(sid: str) -> dict[str, str]:
    try:
        return sources()[sid]
    except KeyError:
        raise KnowledgeError(f"unknown source id {sid!r}; add it under knowledge/sources/") from None


# The languages strideguard speaks: every text id exists in each (tests/knowledge checks it).
LANGUAGES: tuple[str, ...] = ("en", "ko")
DEFAULT_LANGUAGE = "en"
_LANGUAGE: ContextVar[str] = ContextVar("strideguard_language", default=DEFAULT_LANGUAGE)


def check_language(lang: str) -> str:
    """``lang`` when strideguard speaks it, else a ``ValueError`` naming the languages it speaks."""
    if lang not in LANGUAGES:
        raise ValueError(f"use one of {', '.join(LANGUAGES)}")
    return lang


def language() -> str:
    """The language texts are given in now (``en`` unless a command or a request chose another)."""
    return _LANGUAGE.get()


def set_language(lang: str) -> None:
    """Make ``lang`` the current language for the rest of this context (a CLI command's whole run)."""
    _LANGUAGE.set(check_language(lang))


@contextmanager
def use_language(lang: str) -> Iterator[str]:
    """Speak ``lang`` inside the block (a web request, a report), then the language before it again."""
    token = _LANGUAGE.set(check_language(lang))
    try:
        yield lang
    finally:
        _LANGUAGE.reset(token)


def texts(lang: str | None = None) -> dict[str, str]:
    """Every runner-facing text by id for one language (default: the current one)."""
    return _texts(lang or language())


@lru_cache(maxsize=len(LANGUAGES))
def _texts(lang: str) -> dict[str, str]:
    from .models import TextFile  # noqa: PLC0415

    merged: dict[str, str] = {}
    for rel in _yaml_files(f"locale/{lang}"):
        data, text = read_yaml(_root(), rel)
        for tid, value in validate(TextFile, data or {}, rel, text=text).root.items():
            if tid in merged:
                raise KnowledgeError(f"knowledge/{rel}: text id {tid!r} is defined in two files")
            merged[tid] = str(value)
    return merged


def text(tid: str, lang: str | None = None, **values: Any) -> str:
    """The text with id ``tid`` in ``lang`` (default: the current language), formatted with ``values``."""
    chosen = lang or language()
    try:
        template = _texts(chosen)[tid]
    except KeyError:
        raise KnowledgeError(
            f"unknown text id {tid!r} for language {chosen!r}; add it under knowledge/locale/{chosen}/"
        ) from None
    return template.format(**values) if values else template
