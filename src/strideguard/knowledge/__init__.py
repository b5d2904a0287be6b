"""Domain knowledge as data: sources, texts, rules, thresholds, exercises.

Layout (all YAML, validated when loaded; a bad file is a ``KnowledgeError``
naming the file):

- ``sources/<capability>.yaml``: ``{id: {citation: str, url: str?}}``. All files
  are merged; one id must not be defined twice with different citations.
- ``locale/<lang>/<capability>.yaml``: ``{text_id: str}``: every sentence a runner
  reads, keyed by id, English first.
- any other ``<name>.yaml``: read with :func:`load`.
"""

from __future__ import annotations

from functools import cache, lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import yaml

if TYPE_CHECKING:
    from pydantic import BaseModel

from ..errors import KnowledgeError

_ROOT = resources.files(__name__)
# libyaml's loader when PyYAML has it: the same data, about ten times faster than the pure-Python one.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(folder: Traversable | Path, name: str, label: str = "knowledge") -> tuple[Any, str]:
    """Parse ``folder/name``; returns the data and the text (for line numbers in later errors).

    A missing file or invalid YAML is a ``KnowledgeError`` naming ``label/name`` and the line.
    """
    node = folder.joinpath(name)
    try:
        text = node.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KnowledgeError(f"{label}/{name}: file is missing from the package") from None
    try:
        return yaml.load(text, Loader=_LOADER), text  # a safe loader (C or Python)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        raise KnowledgeError(f"{label}/{name}{where}: invalid YAML ({exc})") from None


def _read(rel: str) -> Any:
    return read_yaml(_ROOT, rel)[0]


@cache
def load(name: str) -> Any:
    """Load ``knowledge/<name>`` (a path relative to the package, with extension)."""
    return _read(name)


def _yaml_files(folder: str) -> list[str]:
    node = _ROOT.joinpath(folder)
    if not node.is_dir():
        return []
    return sorted(f"{folder}/{entry.name}" for entry in node.iterdir() if entry.name.endswith((".yaml", ".yml")))


@lru_cache(maxsize=1)
def sources() -> dict[str, dict[str, str]]:
    """Every citable source by id: ``{"citation": ..., "url": ...}``."""
    merged: dict[str, dict[str, str]] = {}
    for rel in _yaml_files("sources"):
        data = _read(rel) or {}
        if not isinstance(data, dict):
            raise KnowledgeError(f"knowledge/{rel}: expected a mapping of source id to citation")
        for sid, entry in data.items():
            if not isinstance(entry, dict) or not isinstance(entry.get("citation"), str):
                raise KnowledgeError(f"knowledge/{rel}: source {sid!r} needs a 'citation' text")
            if sid in merged and merged[sid]["citation"] != entry["citation"]:
                raise KnowledgeError(f"knowledge/{rel}: source {sid!r} is defined twice with different citations")
            merged[sid] = {k: str(v) for k, v in entry.items()}
    return merged


def source(sid: str) -> dict[str, str]:
    try:
        return sources()[sid]
    except KeyError:
        raise KnowledgeError(f"unknown source id {sid!r}; add it under knowledge/sources/") from None


@lru_cache(maxsize=4)
def texts(lang: str = "en") -> dict[str, str]:
    """Every runner-facing text by id for one language."""
    merged: dict[str, str] = {}
    for rel in _yaml_files(f"locale/{lang}"):
        data = _read(rel) or {}
        if not isinstance(data, dict):
            raise KnowledgeError(f"knowledge/{rel}: expected a mapping of text id to text")
        for tid, value in data.items():
            if tid in merged:
                raise KnowledgeError(f"knowledge/{rel}: text id {tid!r} is defined in two files")
            merged[tid] = str(value)
    return merged


def text(tid: str, lang: str = "en", **values: Any) -> str:
    """The text with id ``tid``, formatted with ``values``."""
    try:
        template = texts(lang)[tid]
    except KeyError:
        raise KnowledgeError(
            f"unknown text id {tid!r} for language {lang!r}; add it under knowledge/locale/{lang}/"
        ) from None
    return template.format(**values) if values else template


M = TypeVar("M", bound="BaseModel")


def _line_of(text: str, loc: tuple[int | str, ...]) -> int | None:
    """The line (1-based) of the YAML node at ``loc`` (mapping keys and list indexes), as far as it goes."""
    try:
        node: Any = yaml.compose(text)
    except yaml.YAMLError:
        return None
    line = None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if k.value == part), None)
            if match is None:
                break
            node = match
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
        else:
            break
        line = node.start_mark.line + 1
    return line


def validated(model: type[M], name: str) -> M:
    """``knowledge/<name>`` checked against a pydantic model; a mismatch names the file, line and field."""
    from pydantic import ValidationError  # noqa: PLC0415  (pydantic only when a model is checked)

    data, text = read_yaml(_ROOT, name)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(first["loc"])
        line = _line_of(text, loc)
        where = f" line {line}" if line is not None else ""
        field = ".".join(str(p) for p in loc) or "(top level)"
        raise KnowledgeError(f"knowledge/{name}{where}: {field}: {first['msg']}") from None
