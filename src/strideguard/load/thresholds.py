"""Typed access to ``knowledge/signals.yaml``: bands and parameters, each with its source.

The whole file is validated when first read, by the pydantic models below: an
unknown key, a missing source id or text, a band out of order is a
``KnowledgeError`` naming the file, line and place, never a silent default.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, Literal

from pydantic import Field, RootModel, StrictBool, StrictFloat, StrictInt, model_validator

from .. import knowledge
from ..errors import KnowledgeError
from ..knowledge.models import Number, SourceId, Strict, TextId

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


class BandEntry(Strict):
    """One band of a signal: ``upper`` edge (null: no limit), inclusive unless said, level, text, source."""

    upper: StrictInt | StrictFloat | None
    inclusive: StrictBool = True
    level: Level
    text: TextId
    source: SourceId
    hazard_ratio: StrictInt | StrictFloat | None = None


class Trimp(Strict):
    a: StrictInt | StrictFloat
    b: StrictInt | StrictFloat
    source: SourceId


class TerrainSignal(Strict):
    column: str
    source: SourceId
    name: TextId  # the kind of ground in words (locale/*/signals.yaml)


class Section(Strict):
    """One signal (or group) of ``signals.yaml``; every key it may carry is declared here."""

    source: SourceId | None = None
    params: dict[str, Number] = {}
    bands: list[BandEntry] | None = Field(default=None, min_length=1)
    critique: TextId | None = None
    critique_sources: list[SourceId] = []
    trimp: dict[Literal["male", "female", "unknown"], Trimp] = {}
    heart_rate: dict[str, Number] = {}
    signals: dict[str, TerrainSignal] = {}
    rough_sports: list[str] = []
    order: list[str] = []
    no_running: list[str] = []
    context_only: list[str] = []
    level_disposition: dict[Level, str] = {}
    spike_cap_band: str | None = None
    weekly_cap_band: str | None = None
    actions: dict[str, TextId] = {}

    @model_validator(mode="after")
    def _open_last_band(self) -> Section:
        if self.bands:
            if any(b.upper is None for b in self.bands[:-1]):
                raise ValueError("only the last band may have upper: null")
            if self.bands[-1].upper is not None:
                raise ValueError("the last band needs upper: null (no limit)")
        return self


class SignalsFile(RootModel[dict[str, Section]]):
    """``knowledge/signals.yaml``: signal id to its settings."""


@lru_cache(maxsize=1)
def _file() -> dict[str, Section]:
    return knowledge.validate(SignalsFile, knowledge.load(FILE), FILE).root


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    """The raw mapping (validated by ``SignalsFile`` first)."""
    _file()
    return knowledge.load(FILE)


def section(name: str) -> dict[str, Any]:
    """The raw settings of one signal (or group) in ``signals.yaml``."""
    entry = _data().get(name)
    if not isinstance(entry, dict):
        raise KnowledgeError(f"knowledge/{FILE}: {name}: section is missing")
    return entry


def _section(name: str) -> Section:
    section(name)
    return _file()[name]


def signal_source(name: str) -> str:
    sid = _section(name).source
    if sid is None:
        raise KnowledgeError(f"knowledge/{FILE}: {name}.source: this signal needs a source")
    return sid


def param(name: str, key: str, group: str = "params") -> float:
    """A numeric parameter ``{value, source}`` of a section (``group``: ``params`` or ``heart_rate``)."""
    entries = getattr(_section(name), group, None)
    if not isinstance(entries, dict) or not isinstance(entries.get(key), Number):
        raise KnowledgeError(f"knowledge/{FILE}: {name}.{group}.{key}: needs a numeric 'value' and a 'source'")
    return float(entries[key].value)


@cache
def bands(name: str) -> tuple[Band, ...]:
    """The ordered bands of a signal; the last one is open-ended."""
    raw = _section(name).bands
    if not raw:
        raise KnowledgeError(f"knowledge/{FILE}: {name}.bands: needs a non-empty list")
    return tuple(
        Band(
            upper=math.inf if item.upper is None else float(item.upper),
            inclusive=item.inclusive,
            level=item.level,
            text=item.text,
            source=item.source,
            hazard_ratio=None if item.hazard_ratio is None else float(item.hazard_ratio),
        )
        for item in raw
    )


def classify(name: str, value: float) -> Band:
    """The band of ``signals.yaml[name]`` that holds ``value``."""
    for band in bands(name):
        if band.contains(value):
            return band
    return bands(name)[-1]
