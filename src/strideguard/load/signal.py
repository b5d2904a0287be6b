"""The ``Signal`` result type shared by every load, terrain and form signal."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from .. import knowledge
from .thresholds import Band, Level


@dataclass(frozen=True)
class Signal:
    """One risk signal on one day, as CONTRACT.md's status JSON shows it.

    ``value`` is ``None`` when it cannot be computed (level ``unknown``).
    ``extra`` holds optional context (strain, hazard ratio, critique, inputs).
    """

    id: str
    value: float | None
    level: Level
    detail: str
    source: str
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "value": _json_number(self.value),
            "level": self.level,
            "detail": self.detail,
            "source": self.source,
        }
        out.update({k: _json_number(v) if isinstance(v, float) else v for k, v in self.extra.items()})
        return out


def _json_number(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return round(float(value), 4)


def unknown(sid: str, text_id: str, source: str, /, **values: Any) -> Signal:
    """A signal without enough data: level ``unknown``, never ``ok``."""
    return Signal(sid, None, "unknown", knowledge.text(text_id, **values), source)


def banded(
    sid: str, value: float, band: Band, source: str, /, extra: dict[str, Any] | None = None, **values: Any
) -> Signal:
    """A signal whose level and sentence come from its band."""
    more = dict(extra or {})
    if band.hazard_ratio is not None:
        more.setdefault("hazard_ratio", band.hazard_ratio)
    return Signal(sid, float(value), band.level, knowledge.text(band.text, **values), source, more)
