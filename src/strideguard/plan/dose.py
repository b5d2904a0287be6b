"""The prescribed session dose: the seed article's base, adjusted step by step.

``prescribed_dose(profile, today)`` reads ``knowledge/dose.yaml``: a base of
about 30 min / 5-6 km, then adjustments for experience, age, body-mass index
and joint problems, each explained by a sentence the runner reads.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from .. import knowledge
from ..errors import KnowledgeError

FILE = "dose.yaml"


@dataclass(frozen=True)
class Dose:
    """One session's dose, with the reasons and sources behind it."""

    kind: str  # "easy_run" or "walk_run"
    duration_min: float
    distance_km: float
    why: tuple[str, ...]
    applied: tuple[str, ...]  # adjustment ids, in order
    sources: tuple[str, ...]


def _field(profile: Any, name: str) -> Any:
    if profile is None:
        return None
    if isinstance(profile, Mapping):
        return profile.get(name)
    return getattr(profile, name, None)


def _number(entry: Any, where: str) -> float:
    if not isinstance(entry, dict) or not isinstance(entry.get("value"), (int, float)) or "source" not in entry:
        raise KnowledgeError(f"knowledge/{FILE}: {where} needs a numeric 'value' and a 'source'")
    return float(entry["value"])


def _facts(profile: Any, today: date) -> dict[str, Any]:
    birth_year = _field(profile, "birth_year")
    height, weight = _field(profile, "height_cm"), _field(profile, "weight_kg")
    return {
        "experience": _field(profile, "experience"),
        "age": None if birth_year is None else today.year - int(birth_year),
        "bmi": None if not height or not weight else float(weight) / (float(height) / 100.0) ** 2,
        "joint_problems": tuple(_field(profile, "joint_problems") or ()),
    }


def _matches(when: Mapping[str, Any], facts: Mapping[str, Any], where: str) -> bool:
    for key, wanted in when.items():
        if key == "experience":
            ok = facts["experience"] in wanted
        elif key == "min_age":
            ok = facts["age"] is not None and facts["age"] >= wanted
        elif key == "max_age":
            ok = facts["age"] is not None and facts["age"] <= wanted
        elif key == "min_bmi":
            ok = facts["bmi"] is not None and facts["bmi"] >= wanted
        elif key == "joint_problems":
            ok = any(j in wanted for j in facts["joint_problems"])
        else:
            raise KnowledgeError(f"knowledge/{FILE}: {where}: unknown condition {key!r}")
        if not ok:
            return False
    return True


def _round(value: float, step: float) -> float:
    return max(step, round(value / step) * step)


def prescribed_dose(profile: Any, today: date) -> Dose:
    """The dose of one easy session for this runner (a profile object or mapping; may be None)."""
    data = knowledge.load(FILE)
    base = data["base"]
    facts = _facts(profile, today)
    kind = str(base["kind"])
    duration = _number(base.get("duration_min"), "base.duration_min")
    distance = _number(base.get("distance_km"), "base.distance_km")
    why = [knowledge.text(base["text"])]
    applied: list[str] = []
    sources = [str(base["duration_min"]["source"])]
    for i, adj in enumerate(data.get("adjustments", [])):
        where = f"adjustments[{i}] ({adj.get('id')})"
        if not _matches(adj.get("when", {}), facts, where):
            continue
        duration *= _number(adj.get("duration_factor"), f"{where}.duration_factor")
        distance *= _number(adj.get("distance_factor"), f"{where}.distance_factor")
        kind = str(adj.get("kind", kind))
        why.append(knowledge.text(adj["text"], joints=" and ".join(facts["joint_problems"])))
        applied.append(str(adj["id"]))
        if adj.get("source") not in sources:
            sources.append(str(adj["source"]))
    rounding = data["rounding"]
    return Dose(
        kind=kind,
        duration_min=_round(duration, _number(rounding.get("duration_min"), "rounding.duration_min")),
        distance_km=_round(distance, _number(rounding.get("distance_km"), "rounding.distance_km")),
        why=tuple(why),
        applied=tuple(applied),
        sources=tuple(sources),
    )
