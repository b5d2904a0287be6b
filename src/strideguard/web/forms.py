"""HTML forms derived from the validated input schemas, and form data back to API input.

The symptom form's fields and choices come from :class:`strideguard.schemas.SymptomReport`
itself, so the page always offers exactly what the contract allows. A field left
blank (or answered "not reported") is left out: missing means "not reported".
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ..schemas import LOCATIONS, OTHER_LOCATIONS, ProfileUpdate, SymptomReport

FormData = Mapping[str, Sequence[str]]

LABELS: dict[str, str] = {
    "when": "When does it hurt?",
    "pain_during": "Pain during running (0-10)",
    "pain_after": "Pain after running (0-10)",
    "pain_rest": "Pain at rest (0-10)",
    "pain_next_morning": "Pain the next morning (0-10)",
    "duration_days": "For how many days?",
    "unable_to_bear_weight": "Unable to take four steps",
    "bone_tenderness": "Bone tender to press at",
    "knee_flex_under_90": "Cannot bend the knee to 90°",
    "numbness_tingling": "Numbness or tingling",
    "numbness_spreading": "Numbness spreading in the leg",
    "weakness": "Loss of strength in the leg or foot",
    "redness_warmth": "Red and warm",
    "calf_swelling_one_side": "Swelling of one calf",
    "previous_sprains_12m": "Sprains in the last 12 months",
    "heaviness": "Heaviness around the joint",
    "instability": "Giving way / unstable",
    "locking": "Locking or catching",
}

#: fields the form lays out in its first section, in this order
MAIN_FIELDS: tuple[str, ...] = ("date", "region", "side", "location", "onset", "mechanism")


FieldKind = Literal["date", "choice", "multi", "pain", "bool", "int", "text", "location"]


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: FieldKind
    label: str
    choices: tuple[str, ...] = ()


def _literal_choices(annotation: Any) -> tuple[str, ...]:
    """Every Literal value inside an annotation (through Optional and tuple[...])."""
    found: list[str] = []
    origin = typing.get_origin(annotation)
    if origin is Literal:
        return tuple(str(a) for a in typing.get_args(annotation))
    if origin in (typing.Union, types.UnionType, tuple):
        for arg in typing.get_args(annotation):
            if arg is not Ellipsis:
                found.extend(_literal_choices(arg))
    return tuple(found)


def _is_tuple(annotation: Any) -> bool:
    if typing.get_origin(annotation) is tuple:
        return True
    return any(typing.get_origin(a) is tuple for a in typing.get_args(annotation))


def _kind(name: str, annotation: Any) -> FieldKind:
    if name == "date":
        return "date"
    if name == "location":
        return "location"
    if name.startswith("pain_"):
        return "pain"
    if _literal_choices(annotation):
        return "multi" if _is_tuple(annotation) else "choice"
    text = repr(annotation)
    if "bool" in text:
        return "bool"
    if "int" in text:
        return "int"
    return "text"


def symptom_fields() -> list[FieldSpec]:
    specs = []
    for name, info in SymptomReport.model_fields.items():
        kind = _kind(name, info.annotation)
        specs.append(
            FieldSpec(
                name,
                kind,
                LABELS.get(name, name.replace("_", " ").capitalize()),
                _literal_choices(info.annotation),
            )
        )
    return specs


def location_groups() -> list[tuple[str, tuple[str, ...]]]:
    """(region, locations) for the location select; regions without their own list share the generic one."""
    regions = _literal_choices(SymptomReport.model_fields["region"].annotation)
    return [(region, LOCATIONS.get(region, OTHER_LOCATIONS)) for region in regions]


def _one(form: FormData, name: str) -> str:
    values = form.get(name) or []
    return values[-1].strip() if values else ""


def _int(field: str, text: str) -> int | str:
    try:
        return int(text)
    except ValueError:
        return text  # pydantic names the field and what is allowed


def symptom_from_form(form: FormData) -> dict[str, Any]:
    """The report as the API takes it: only the answered fields."""
    report: dict[str, Any] = {}
    for spec in symptom_fields():
        if spec.kind == "multi":
            chosen = [v for v in (form.get(spec.name) or []) if v]
            if chosen or _one(form, f"{spec.name}__asked") == "1":
                report[spec.name] = chosen
            continue
        text = _one(form, spec.name)
        if text == "" or text == "unknown":
            continue
        if spec.kind == "bool":
            report[spec.name] = text == "yes"
        elif spec.kind in ("pain", "int"):
            report[spec.name] = _int(spec.name, text)
        else:
            report[spec.name] = text
    return report


PROFILE_FIELDS: tuple[str, ...] = tuple(ProfileUpdate.model_fields)


def profile_from_form(form: FormData) -> dict[str, Any]:
    """Changes for ``api.profile_set``: blank fields are left as they are."""
    changes: dict[str, Any] = {}
    for name in PROFILE_FIELDS:
        if name == "joint_problems":
            if _one(form, "joint_problems__asked") == "1":
                changes[name] = [v for v in (form.get(name) or []) if v]
            continue
        text = _one(form, name)
        if not text:
            continue
        if name == "birth_year":
            changes[name] = _int(name, text)
        elif name in ("height_cm", "weight_kg"):
            try:
                changes[name] = float(text)
            except ValueError:
                changes[name] = text
        else:
            changes[name] = text
    return changes


def profile_choices() -> dict[str, tuple[str, ...]]:
    return {
        name: _literal_choices(info.annotation)
        for name, info in ProfileUpdate.model_fields.items()
        if _literal_choices(info.annotation)
    }
