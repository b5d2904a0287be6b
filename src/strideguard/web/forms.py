"""HTML forms: the symptom form from the intake (``knowledge/triage/intake.yaml``), the profile form.

The symptom form shows the questions the intake says apply to the answers so far,
grouped red flags first, with the same choices as the command line; its answers
are read by the same intake code. A field left blank (or answered "not sure") is
left out: missing means "not reported".
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from .. import knowledge
from ..api import intake
from ..schemas import ProfileUpdate

FormData = Mapping[str, Sequence[str]]


@dataclass(frozen=True)
class FieldView:
    """One question as the template draws it."""

    name: str
    kind: str
    text: str
    required: bool
    options: tuple[tuple[str, str], ...]  # (value, label)
    values: tuple[str, ...]  # what was typed or chosen, as sent
    error: str | None
    refresh: bool  # changing it can change which questions apply
    none: bool = False
    minimum: int | None = None
    maximum: int | None = None

    @property
    def value(self) -> str:
        return self.values[-1] if self.values else ""


FieldKind = Literal["date", "choice", "multi", "pain", "bool", "int", "text", "location"]


@dataclass(frozen=True)
class GroupView:
    id: str
    title: str
    fields: tuple[FieldView, ...]


@dataclass(frozen=True)
class SymptomForm:
    groups: tuple[GroupView, ...]
    report: dict[str, Any]  # the answers that count, as the API takes them
    errors: dict[str, str]
    region_chosen: bool


def _sent(form: FormData, name: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in (form.get(name) or []) if v is not None)


def symptom_form(
    form: FormData, profile: Mapping[str, Any] | None, today: date, *, show_errors: bool = True
) -> SymptomForm:
    """Read the sent answers with the intake and lay out the questions that apply to them."""
    raw: dict[str, str | Sequence[str]] = {name: list(values) for name, values in form.items()}
    raw.setdefault("date", [today.isoformat()])
    reading = intake.read_answers(raw, profile, today=today)
    refresh = intake.intake().triggers()
    views: dict[str, list[FieldView]] = {g: [] for g in intake.GROUPS}
    for q in reading.questions:
        sent = _sent(form, q.field) or ((today.isoformat(),) if q.field == "date" else ())
        views[q.group].append(
            FieldView(
                name=q.field,
                kind=q.kind,
                text=q.text(),
                required=q.required,
                options=tuple((v, intake.choice_label(q.field, v)) for v in q.options(reading.answers)),
                values=sent,
                error=reading.errors.get(q.field) if show_errors else None,
                refresh=q.field in refresh,
                none=q.none,
                minimum=q.minimum,
                maximum=q.maximum,
            )
        )
    groups = tuple(
        GroupView(g, knowledge.text(f"intake.group.{g}"), tuple(fields)) for g, fields in views.items() if fields
    )
    return SymptomForm(groups, reading.report(), dict(reading.errors), "region" in reading.answers)


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


def _one(form: FormData, name: str) -> str:
    values = form.get(name) or []
    return values[-1].strip() if values else ""


def _int(field: str, text: str) -> int | str:
    try:
        return int(text)
    except ValueError:
        return text  # pydantic names the field and what is allowed


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


def profile_typed(form: FormData) -> dict[str, Any]:
    """The profile form's fields as typed (to show them again after a refusal), joint problems as a list."""
    typed: dict[str, Any] = {name: _one(form, name) for name in PROFILE_FIELDS if name != "joint_problems"}
    if _one(form, "joint_problems__asked") == "1":
        typed["joint_problems"] = [v for v in (form.get("joint_problems") or []) if v]
    return typed


def refused_field(exc: Exception) -> tuple[str | None, str]:
    """(the form field a refusal is about, a message naming it as the runner reads it, never its API name).

    An ``InputError`` about a field with a ``web.field.*`` label becomes "birth year: use a year from
    1900 to 2021."; anything else keeps its own message.
    """
    from ..errors import InputError  # noqa: PLC0415

    field = getattr(exc, "field", None)
    if isinstance(exc, InputError) and field is not None:
        label = knowledge.texts().get(f"web.field.{field}")
        if label is not None:
            return str(field), knowledge.text("web.error.field", label=label, allowed=exc.allowed.rstrip("."))
    return (str(field) if field else None), str(exc)
