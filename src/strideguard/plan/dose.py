"""The prescribed session dose: the seed article's base, adjusted step by step.

``prescribed_dose(profile, today)`` reads ``knowledge/dose.yaml``: a base of
about 30 min / 5-6 km, then adjustments for experience, age, body-mass index
and joint problems, each explained by a sentence the runner reads.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, Literal

from pydantic import StrictFloat, StrictInt

from .. import knowledge
from ..knowledge.models import Number, SourceId, Strict, TextId

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


class Base(Strict):
    kind: Literal["easy_run", "walk_run"]
    duration_min: Number
    distance_km: Number
    text: TextId


class Rounding(Strict):
    duration_min: Number
    distance_km: Number


class When(Strict):
    """The conditions of an adjustment; all given ones must hold."""

    experience: list[Literal["beginner", "intermediate", "advanced"]] | None = None
    min_age: StrictInt | None = None
    max_age: StrictInt | None = None
    min_bmi: StrictInt | StrictFloat | None = None
    joint_problems: list[Literal["knee", "ankle", "foot"]] | None = None


class Adjustment(Strict):
    id: str
    when: When
    kind: Literal["easy_run", "walk_run"] | None = None
    duration_factor: Number
    distance_factor: Number
    text: TextId
    source: SourceId


class DoseFile(Strict):
    """``knowledge/dose.yaml``: the base dose, its rounding and the adjustments, in order."""

    base: Base
    rounding: Rounding
    adjustments: list[Adjustment] = []


@lru_cache(maxsize=1)
def dose_file() -> DoseFile:
    """``knowledge/dose.yaml``, validated."""
    return knowledge.validate(DoseFile, knowledge.load(FILE), FILE)


def _facts(profile: Any, today: date) -> dict[str, Any]:
    birth_year = _field(profile, "birth_year")
    height, weight = _field(profile, "height_cm"), _field(profile, "weight_kg")
    return {
        "experience": _field(profile, "experience"),
        "age": None if birth_year is None else today.year - int(birth_year),
        "bmi": None if not height or not weight else float(weight) / (float(height) / 100.0) ** 2,
        "joint_problems": tuple(_field(profile, "joint_problems") or ()),
    }


def _matches(when: When, facts: Mapping[str, Any]) -> bool:
    age, bmi = facts["age"], facts["bmi"]
    checks = (
        when.experience is None or facts["experience"] in when.experience,
        when.min_age is None or (age is not None and age >= when.min_age),
        when.max_age is None or (age is not None and age <= when.max_age),
        when.min_bmi is None or (bmi is not None and bmi >= when.min_bmi),
        when.joint_problems is None or any(j in when.joint_problems for j in facts["joint_problems"]),
    )
    return all(checks)


def _joints(joints: Any) -> str:
    """The joints in words, in the current language ("knee and ankle", "무릎·발목")."""
    return knowledge.text("dose.joints_join").join(knowledge.text(f"dose.joint.{j}") for j in joints)


def _round(value: float, step: float) -> float:
    return max(step, round(value / step) * step)


def prescribed_dose(profile: Any, today: date) -> Dose:
    """The dose of one easy session for this runner (a profile object or mapping; may be None)."""
    data = dose_file()
    base = data.base
    facts = _facts(profile, today)
    kind = str(base.kind)
    duration = float(base.duration_min.value)
    distance = float(base.distance_km.value)
    why = [knowledge.text(base.text)]
    applied: list[str] = []
    sources = [base.duration_min.source]
    for adj in data.adjustments:
        if not _matches(adj.when, facts):
            continue
        duration *= float(adj.duration_factor.value)
        distance *= float(adj.distance_factor.value)
        kind = adj.kind or kind
        why.append(knowledge.text(adj.text, joints=_joints(facts["joint_problems"])))
        applied.append(adj.id)
        if adj.source not in sources:
            sources.append(adj.source)
    rounding = data.rounding
    return Dose(
        kind=kind,
        duration_min=_round(duration, float(rounding.duration_min.value)),
        distance_km=_round(distance, float(rounding.distance_km.value)),
        why=tuple(why),
        applied=tuple(applied),
        sources=tuple(sources),
    )
