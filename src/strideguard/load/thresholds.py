"""Typed access to ``knowledge/signals.yaml``: bands and parameters, each with its source.

The file is validated when first read: a missing source id, band or parameter
is a ``KnowledgeError`` naming the place, not a silent default.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, Literal

from .. import knowledge
from ..errors import KnowledgeError

Level = Literal["ok", "caution", "high", "unknown"]
LEVELS: tuple[str, ...] = ("ok", "caution", "high", "unknown")
FILE = "signals.yaml"

# Relative tolerance when a value is compared with a band edge, so that a spike of
# exactly 10 % (11 km after 10 km: 0.10000000000000009 in floating point) falls on
# the edge it is meant to. Numerical hygiene, not a domain threshold.
EDGE_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Band:
    upper: float  # math.inf for the last band
    inclusive: bool
    level: Level
    text: str
    source: str
    hazard_ratio: float | None = None

    def contains(self, value: float) -> bool:
        edge = self.upper + EDGE_TOLERANCE * max(1.0, abs(self.upper)) if math.isfinite(self.upper) else self.upper
        if self.inclusive:
            return value <= edge
        return value < self.upper - EDGE_TOLERANCE * max(1.0, abs(self.upper))


def _where(*parts: str) -> str:
    return f"knowledge/{FILE}: " + ".".join(parts)


def _check_source(sid: Any, *where: str) -> str:
    if not isinstance(sid, str) or sid not in knowledge.sources():
        raise KnowledgeError(f"{_where(*where)}: source {sid!r} is not defined under knowledge/sources/")
    return sid


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    data = knowledge.load(FILE)
    if not isinstance(data, dict):
        raise KnowledgeError(f"knowledge/{FILE}: expected a mapping of signal id to settings")
    return data


def section(name: str) -> dict[str, Any]:
    """The raw settings of one signal (or group) in ``signals.yaml``."""
    entry = _data().get(name)
    if not isinstance(entry, dict):
        raise KnowledgeError(f"{_where(name)}: section is missing")
    return entry


def signal_source(name: str) -> str:
    return _check_source(section(name).get("source"), name, "source")


def param(name: str, key: str, group: str = "params") -> float:
    """A numeric parameter ``{value, source}`` of a section."""
    entry = section(name).get(group, {}).get(key)
    if not isinstance(entry, dict) or not isinstance(entry.get("value"), (int, float)):
        raise KnowledgeError(f"{_where(name, group, key)}: needs a numeric 'value' and a 'source'")
    _check_source(entry.get("source"), name, group, key, "source")
    return float(entry["value"])


@cache
def bands(name: str) -> tuple[Band, ...]:
    """The ordered bands of a signal; the last one is open-ended."""
    raw = section(name).get("bands")
    if not isinstance(raw, list) or not raw:
        raise KnowledgeError(f"{_where(name, 'bands')}: needs a non-empty list")
    result: list[Band] = []
    texts = knowledge.texts("en")
    for i, item in enumerate(raw):
        where = (name, f"bands[{i}]")
        if not isinstance(item, dict):
            raise KnowledgeError(f"{_where(*where)}: expected a mapping")
        level = item.get("level")
        if level not in LEVELS:
            raise KnowledgeError(f"{_where(*where)}: level {level!r} is not one of {', '.join(LEVELS)}")
        upper = item.get("upper")
        if upper is None and i != len(raw) - 1:
            raise KnowledgeError(f"{_where(*where)}: only the last band may have no upper edge")
        if upper is not None and not isinstance(upper, (int, float)):
            raise KnowledgeError(f"{_where(*where)}: upper must be a number or null")
        text = item.get("text")
        if text not in texts:
            raise KnowledgeError(f"{_where(*where)}: text id {text!r} is not in locale/en")
        hr = item.get("hazard_ratio")
        result.append(
            Band(
                upper=math.inf if upper is None else float(upper),
                inclusive=bool(item.get("inclusive", True)),
                level=level,
                text=str(text),
                source=_check_source(item.get("source"), *where, "source"),
                hazard_ratio=None if hr is None else float(hr),
            )
        )
    if math.isfinite(result[-1].upper):
        raise KnowledgeError(f"{_where(name, 'bands')}: the last band needs upper: null")
    return tuple(result)


def classify(name: str, value: float) -> Band:
    """The band of ``signals.yaml[name]`` that holds ``value``."""
    for band in bands(name):
        if band.contains(value):
            return band
    return bands(name)[-1]
