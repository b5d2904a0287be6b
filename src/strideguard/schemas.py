"""Validated inputs: the runner profile, a hand-entered run and a symptom report.

Exactly the fields of CONTRACT.md. A bad value becomes an ``InputError`` that
names the field and what is allowed; use :func:`validate` for that.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import date, datetime
from types import UnionType
from typing import Annotated, Any, Literal, TypeVar, Union, get_args, get_origin
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    ValidationError,
    field_validator,
    model_validator,
)

from .days import DAY_RANGE, FIRST_DAY, LAST_DAY
from .days import day_or_today as day_or_today  # re-exported
from .days import parse_day as parse_day  # re-exported
from .domain import SPORTS
from .errors import MISSING, InputError, Message, Text

Region = Literal["knee", "ankle", "foot", "calf", "shin", "thigh", "hip", "groin", "back", "other"]
Onset = Literal["gradual", "sudden"]
Mechanism = Literal["none", "twist", "fall", "impact", "pop"]
When = Literal[
    "during_run",
    "after_run",
    "at_rest",
    "night",
    "morning",
    "first_steps",
    "every_step",
    "stairs",
    "bending_knee",
    "downhill",
    "uphill",
    "squatting",
    "sitting_long",
    "hopping",
]
BoneSite = Literal[
    "lateral_malleolus",
    "medial_malleolus",
    "navicular",
    "fifth_metatarsal",
    "patella",
    "fibular_head",
    "tibia",
    "fibula",
    "metatarsal_shaft",
    "calcaneus",
]
Side = Literal["left", "right", "both"]
Sex = Literal["female", "male"]
Experience = Literal["beginner", "intermediate", "advanced"]
JointProblem = Literal["knee", "ankle", "foot"]
Language = Literal["en", "ko"]  # knowledge.LANGUAGES

LOCATIONS: dict[str, tuple[str, ...]] = {
    "knee": ("kneecap", "below_kneecap", "around_kneecap", "inner", "outer", "back", "whole"),
    "ankle": ("outer", "inner", "front", "achilles"),
    "foot": ("heel", "sole", "arch", "forefoot", "toes", "top"),
}
OTHER_LOCATIONS: tuple[str, ...] = ("front", "back", "inner", "outer", "whole")

Pain = StrictInt | None


def _today() -> date:
    return date.today()


_UNSET: Any = object()


class Refused(ValueError):
    """A validator's refusal: what is allowed (a text id and its values), and the field and value it is
    about when they are not the validated field's own (a check across fields).

    Its ``str`` is the text id: pydantic's own message is never shown, :func:`validate` shows the text.
    """

    def __init__(self, allowed: Message, /, *, field: str | None = None, value: Any = _UNSET, **values: Any) -> None:
        text = allowed if isinstance(allowed, Text) else Text(allowed, **values)
        super().__init__(text.tid)
        self.text = text
        self.field = field
        self.value = value


# The days strideguard reads, for the JSON schemas (with format: date): years 1900 to 2099.
DAY_PATTERN = r"^(19|20)[0-9]{2}-[0-9]{2}-[0-9]{2}$"


def _in_range(value: date) -> date:
    if not FIRST_DAY <= value <= LAST_DAY:
        raise Refused(DAY_RANGE)
    return value


def _not_in_future(value: date) -> date:
    if value > _today():
        raise Refused("errors.date.future", today=_today().isoformat())
    return _in_range(value)


def _date_text(value: Any) -> Any:
    """A day comes as YYYY-MM-DD text (or a date): never a number, which pydantic would read as a timestamp.

    Text is read here as an ISO date, so that pydantic never sees it: it read "0" as 1970-01-01.
    """
    if isinstance(value, (bool, int, float)):
        raise Refused("errors.date.format")
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise Refused("errors.date.format") from None
    return value


_Date = date  # the type, for the models that have a field named "date"

Day = Annotated[
    date, BeforeValidator(_date_text), AfterValidator(_in_range), Field(json_schema_extra={"pattern": DAY_PATTERN})
]
PastDate = Annotated[
    date, BeforeValidator(_date_text), AfterValidator(_not_in_future), Field(json_schema_extra={"pattern": DAY_PATTERN})
]


def _is_int(annotation: Any) -> bool:
    if get_origin(annotation) is Annotated:
        return _is_int(get_args(annotation)[0])
    return annotation is int


def _whole(value: Any) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() else value


NUL_HINT = Text("errors.text.nul")


def refuse_nul(field: str, value: Any) -> None:
    """Text with a NUL character is refused on every database (PostgreSQL's text cannot hold one)."""
    if isinstance(value, str) and "\x00" in value:
        raise InputError(field, value, NUL_HINT)


def _no_nul_in_schema(schema: dict[str, Any]) -> None:
    """Say in the JSON schema what ``_no_nul`` refuses: every text property (or its text branch) matches
    no NUL character, so a client (and Schemathesis) knows such text is not valid."""

    def mark(node: Any) -> None:
        if not isinstance(node, dict):
            return
        if node.get("type") == "string" and "format" not in node and "enum" not in node:
            node["not"] = {"pattern": "\x00"}
        for branch in node.get("anyOf", []):
            mark(branch)
        mark(node.get("items"))

    for prop in schema.get("properties", {}).values():
        mark(prop)


class _Strict(BaseModel):
    """Unknown fields are refused. Integer fields take JSON's ``3.0`` as 3 (JSON Schema's ``integer``), not 3.5.
    Text with a NUL character is refused (``refuse_nul``), and the JSON schema says so."""

    model_config = ConfigDict(extra="forbid", frozen=True, json_schema_extra=_no_nul_in_schema)

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        if isinstance(value, str) and "\x00" in value:
            raise Refused(NUL_HINT)
        return value

    @model_validator(mode="before")
    @classmethod
    def _whole_numbers(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        out = dict(data)
        for name, info in cls.model_fields.items():
            if name not in out:
                continue
            args = get_args(info.annotation) if get_origin(info.annotation) in (UnionType, Union) else ()
            kinds = args or (info.annotation,)
            if any(_is_int(k) for k in kinds):
                out[name] = _whole(out[name])
            elif any(get_origin(k) is list and _is_int(get_args(k)[0]) for k in kinds) and isinstance(out[name], list):
                out[name] = [_whole(v) for v in out[name]]
        return out


def _location_by_region(schema: dict[str, Any]) -> None:
    """``location`` depends on ``region`` (``_location_fits_region``), said in the JSON schema as if/then."""
    _no_nul_in_schema(schema)
    others = [r for r in Region.__args__ if r not in LOCATIONS]  # type: ignore[attr-defined]  # Literal's values
    rules: list[dict[str, Any]] = [
        {
            "if": {"properties": {"region": {"const": region}}, "required": ["region"]},
            "then": {"properties": {"location": {"enum": [*names, None]}}},
        }
        for region, names in LOCATIONS.items()
    ]
    rules.append(
        {
            "if": {"properties": {"region": {"enum": others}}, "required": ["region"]},
            "then": {"properties": {"location": {"enum": [*OTHER_LOCATIONS, None]}}},
        }
    )
    schema["allOf"] = rules


class SymptomReport(_Strict):
    """A runner's report of one painful region. Missing fields mean "not reported"."""

    model_config = ConfigDict(extra="forbid", frozen=True, json_schema_extra=_location_by_region)

    date: PastDate
    region: Region
    side: Side | None = None
    location: str | None = None
    onset: Onset | None = None
    mechanism: Mechanism | None = None
    when: tuple[When, ...] | None = None
    pain_during: Pain = Field(default=None, ge=0, le=10)
    pain_after: Pain = Field(default=None, ge=0, le=10)
    pain_rest: Pain = Field(default=None, ge=0, le=10)
    pain_next_morning: Pain = Field(default=None, ge=0, le=10)
    duration_days: StrictInt | None = Field(default=None, ge=0, le=3650)
    swelling: StrictBool | None = None
    creaking: StrictBool | None = None
    heaviness: StrictBool | None = None
    instability: StrictBool | None = None
    locking: StrictBool | None = None
    unable_to_bear_weight: StrictBool | None = None
    bone_tenderness: tuple[BoneSite, ...] | None = None
    knee_flex_under_90: StrictBool | None = None
    numbness_tingling: StrictBool | None = None
    numbness_spreading: StrictBool | None = None  # numbness spreading up or across the leg
    weakness: StrictBool | None = None  # loss of strength in the leg or foot
    fever: StrictBool | None = None
    redness_warmth: StrictBool | None = None
    deformity: StrictBool | None = None
    calf_swelling_one_side: StrictBool | None = None
    cramp: StrictBool | None = None
    # clot (deep vein thrombosis / pulmonary embolism) questions and risk factors
    calf_tenderness_one_side: StrictBool | None = None  # one calf tender to press, the other not
    recent_long_travel: StrictBool | None = None  # a journey of 4 hours or more in the last 4 weeks
    recent_immobilisation: StrictBool | None = None  # bed rest, a cast or a splint in the last 12 weeks
    recent_surgery: StrictBool | None = None  # an operation in the last 12 weeks
    hormonal_contraception: StrictBool | None = None  # the pill, patch or ring, or hormone therapy
    pregnant_or_postpartum: StrictBool | None = None  # pregnant or gave birth in the last 6 weeks
    previous_clot: StrictBool | None = None  # a deep vein thrombosis or pulmonary embolism before
    breathless: StrictBool | None = None  # new shortness of breath
    chest_pain: StrictBool | None = None  # chest pain, worse when breathing in, or coughing blood
    # compartment syndrome
    tense_swelling: StrictBool | None = None  # the muscle feels tight and hard, as if about to burst
    pain_out_of_proportion: StrictBool | None = None  # far worse than the injury explains; painkillers do not help
    # comes on at a set point of a run, goes within ~30 min of stopping
    settles_after_stopping: StrictBool | None = None
    # muscle and tendon injury
    unable_tiptoe: StrictBool | None = None  # cannot rise onto tiptoe on that leg
    bruising: StrictBool | None = None
    # course, general health, energy availability, children
    improving: StrictBool | None = None  # getting better over the last week of self-care
    recent_load_increase: StrictBool | None = None  # more or harder running in the weeks before it started
    weight_loss: StrictBool | None = None  # unexplained weight loss
    dark_urine: StrictBool | None = None  # dark (cola-coloured) urine after a race or hard session
    saddle_numbness: StrictBool | None = None  # numbness between the legs or around the bottom
    bladder_bowel_change: StrictBool | None = None  # new trouble passing or holding urine or stool
    missed_periods: StrictBool | None = None  # periods stopped or irregular (3 months or more)
    low_energy_intake: StrictBool | None = None  # eating less than training needs, or restricting food
    limp: StrictBool | None = None  # walking with a limp
    collapsed_or_confused: StrictBool | None = None  # fainted, collapsed or became confused during or after a run
    previous_sprains_12m: StrictInt | None = Field(default=None, ge=0, le=100)
    age: StrictInt | None = Field(default=None, ge=5, le=110)
    notes: str | None = Field(default=None, max_length=2000)

    @model_validator(mode="after")
    def _location_fits_region(self) -> SymptomReport:
        if self.location is not None:
            allowed = LOCATIONS.get(self.region, OTHER_LOCATIONS)
            if self.location not in allowed:
                raise Refused("errors.choice", field="location", value=self.location, choices=", ".join(allowed))
        return self

    def reported(self) -> dict[str, Any]:
        """Only the fields the runner answered."""
        return self.model_dump(mode="json", exclude_none=True)


class ProfileUpdate(_Strict):
    """Every profile field is optional; a later update only changes what it names."""

    name: str | None = Field(default=None, min_length=1, max_length=100)
    birth_year: StrictInt | None = Field(default=None, json_schema_extra=lambda schema: _year_range(schema))
    sex: Sex | None = None
    height_cm: float | None = Field(default=None, ge=100, le=250)
    weight_kg: float | None = Field(default=None, ge=25, le=300)
    experience: Experience | None = None
    joint_problems: tuple[JointProblem, ...] | None = None
    timezone: str | None = Field(default=None, json_schema_extra=lambda schema: _zone_enum(schema))
    language: Language | None = None

    @field_validator("birth_year")
    @classmethod
    def _plausible_year(cls, value: int | None) -> int | None:
        if value is not None and not (1900 <= value <= _today().year - 5):
            raise Refused("errors.profile.birth_year", last=_today().year - 5)
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is None:
            return value
        # the list first: ZoneInfo reads a file named by the value (a 100,000-character name was an OSError)
        if value not in available_timezones() and value != "UTC":
            raise Refused("errors.profile.timezone")
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            raise Refused("errors.profile.timezone") from None
        return value


def _year_range(schema: dict[str, Any]) -> None:
    """The birth years ``_plausible_year`` accepts, in the JSON schema (the upper end moves with today)."""
    for branch in schema.get("anyOf", [schema]):
        if branch.get("type") == "integer":
            branch.update(minimum=1900, maximum=_today().year - 5)


def _zone_enum(schema: dict[str, Any]) -> None:
    """The time zone names ``_known_zone`` accepts, in the JSON schema."""
    for branch in schema.get("anyOf", [schema]):
        if branch.get("type") == "string":
            branch["enum"] = sorted(available_timezones() | {"UTC"})


_TIME_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d$"
_TIME = re.compile(_TIME_PATTERN)


class RunInput(_Strict):
    """A run typed in by hand: the same checks as an import."""

    date: PastDate
    time: str | None = Field(default=None, json_schema_extra={"pattern": _TIME_PATTERN})
    distance_km: float = Field(gt=0, le=400)
    duration_min: float = Field(gt=0, le=72 * 60)
    sport: str = Field(default="running", json_schema_extra={"enum": list(SPORTS)})
    shoe: str | None = Field(default=None, min_length=1, max_length=100)
    notes: str | None = Field(default=None, max_length=2000)

    @field_validator("date")
    @classmethod
    def _after_earliest(cls, value: _Date) -> _Date:
        from .ingest.limits import limits  # noqa: PLC0415  (the import's limits, loaded when a run is added)

        earliest = limits().dates.earliest.value
        if value < earliest:  # as for an imported file: the device clock was not set
            raise Refused("errors.run.before_earliest", earliest=earliest.isoformat())
        return value

    @field_validator("time")
    @classmethod
    def _hhmm(cls, value: str | None) -> str | None:
        if value is not None and not _TIME.match(value):
            raise Refused("errors.run.time")
        return value

    @field_validator("sport")
    @classmethod
    def _sport(cls, value: str) -> str:
        if value not in SPORTS:
            raise Refused("errors.choice", choices=", ".join(SPORTS))
        return value

    @model_validator(mode="after")
    def _plausible_pace(self) -> RunInput:
        pace = self.duration_min / self.distance_km
        if self.sport in ("running", "trail_running", "treadmill_running", "track_running") and pace < 2.5:
            raise Refused("errors.run.pace", field="distance_km", km=self.distance_km, minutes=self.duration_min)
        return self


SHOE_NAME_MAX = 100
ShoeName = Annotated[str, Field(min_length=1, max_length=SHOE_NAME_MAX, pattern=r"\S")]


class ShoeNew(_Strict):
    """A pair of shoes to add (``initial_km``: what it had run before strideguard knew it)."""

    name: ShoeName
    brand: str | None = Field(default=None, max_length=100)
    started_on: Day | None = None
    initial_km: float = Field(default=0.0, ge=0, le=100_000, strict=True, allow_inf_nan=False)
    notes: str | None = Field(default=None, max_length=2000)
    default: StrictBool = False


class ShoeRetire(_Strict):
    """Retire a pair on a day (default today)."""

    name: ShoeName
    on: Day | None = None


class EpisodeResolve(_Strict):
    """Close an open symptom episode by hand: why (e.g. "seen by a doctor: cleared to run") and when."""

    reason: str = Field(min_length=1, max_length=500, pattern=r"\S")
    date: Day | None = None


class ShoeDefault(_Strict):
    """Make a pair the default for new runs."""

    name: ShoeName


class ShoeAssign(_Strict):
    """Record that these activities were run in this pair."""

    name: ShoeName
    activity_ids: list[StrictInt] = Field(min_length=1)


RPE_NOTE_MAX = 500  # activities.rpe_note
RUN_NAME_MAX = 200  # activities.name
Score = Annotated[StrictInt, Field(ge=0, le=10)]
EpisodeNumber = Annotated[str, Field(pattern=r"^[1-9][0-9]{0,17}$")]


class RunRate(_Strict):
    """How a run felt: effort 0-10 (Borg CR-10 as Foster 2001 uses it) and a short note."""

    rpe: StrictInt = Field(ge=0, le=10)
    note: str | None = Field(default=None, max_length=RPE_NOTE_MAX)


class RunEdit(_Strict):
    """The runner's own fields of a stored run; only the fields given change.

    ``shoe``: a pair's name, or null for no pair; ``notes`` and ``name``: null clears them.
    The recorded figures (date, distance, time, heart rate) never change: delete the run instead.
    """

    sport: str = Field(default="running", json_schema_extra={"enum": list(SPORTS)})
    shoe: ShoeName | None = None
    notes: str | None = Field(default=None, max_length=2000)
    name: str | None = Field(default=None, max_length=RUN_NAME_MAX)

    @field_validator("sport")
    @classmethod
    def _sport(cls, value: str) -> str:
        if value not in SPORTS:
            raise Refused("errors.choice", choices=", ".join(SPORTS))
        return value


def _closed_pains(schema: dict[str, Any]) -> None:
    """Only episode numbers as keys (``patternProperties``), nothing else."""
    for branch in schema.get("anyOf", [schema]):
        if branch.get("type") == "object":
            branch["additionalProperties"] = False


class CheckinInput(_Strict):
    """A morning check-in: the pain 0-10 at each sore spot (keyed by its open episode's number) and stiffness 0-10."""

    date: PastDate | None = None  # default: today in the runner's time zone
    pains: dict[EpisodeNumber, Score] | None = Field(default=None, json_schema_extra=_closed_pains)
    stiffness: Score | None = None


M = TypeVar("M", bound=BaseModel)
SCORES = ("pains", "stiffness", "rpe")  # 0-10 scores of how a run and the morning after felt

# pydantic's error types, as the texts that say what is allowed (errors.yaml).
_ALLOWED_HINTS: dict[str, str] = {
    "int_type": "errors.schema.int",
    "int_parsing": "errors.schema.int",
    "int_from_float": "errors.schema.int",
    "bool_type": "errors.schema.bool",
    "bool_parsing": "errors.schema.bool",
    "float_type": "errors.schema.float",
    "float_parsing": "errors.schema.float",
    "finite_number": "errors.schema.float",
    "date_type": "errors.date.format",
    "date_parsing": "errors.date.format",
    "date_from_datetime_parsing": "errors.date.format",
    "date_from_datetime_inexact": "errors.date.format",
    "missing": "errors.schema.missing",
    "extra_forbidden": "errors.schema.extra",
    "string_type": "errors.schema.text",
    "tuple_type": "errors.schema.list",
    "list_type": "errors.schema.list",
    "dict_type": "errors.schema.object",
    "model_type": "errors.schema.object",
    "model_attributes_type": "errors.schema.object",
}
_BOUNDS = ("greater_than_equal", "less_than_equal", "greater_than", "less_than")


def _field_bounds(model: type[BaseModel], name: str) -> Text | None:
    info = model.model_fields.get(name)
    if info is None:
        return None
    lo = hi = None
    strict_lo = False
    for meta in info.metadata:
        if getattr(meta, "ge", None) is not None:
            lo = meta.ge
        if getattr(meta, "gt", None) is not None:
            lo, strict_lo = meta.gt, True
        if getattr(meta, "le", None) is not None:
            hi = meta.le
    if lo is not None and hi is not None:
        return Text("errors.schema.bounds.above" if strict_lo else "errors.schema.bounds.range", low=lo, high=hi)
    return None


def one_of(values: list[str]) -> Text | str:
    """``a, b or c`` in the current language's words."""
    if len(values) < 2:
        return "".join(values)
    return Text("errors.list.or", items=", ".join(values[:-1]), last=values[-1])


def _explain(model: type[BaseModel], err: Mapping[str, Any]) -> InputError:
    loc = [str(p) for p in err.get("loc", ()) if not isinstance(p, int)]
    field = ".".join(loc) or "report"
    value = err.get("input", MISSING) if err.get("type") != "missing" else MISSING
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    refused = ctx.get("error")
    if kind == "value_error" and isinstance(refused, Refused):
        if refused.field is not None:  # a check across fields names the one to fix
            field = refused.field
            if refused.value is not _UNSET:
                value = refused.value
            elif isinstance(value, dict):
                value = value.get(field, MISSING)
        return InputError(field, value, refused.text)
    if kind == "literal_error":
        return InputError(
            field, value, "errors.choice", choices=one_of(re.findall(r"'([^']*)'", str(ctx.get("expected", ""))))
        )
    if kind in _BOUNDS and loc and loc[0] in SCORES:
        return InputError(field, value, "errors.score")
    if kind in _BOUNDS:
        bounds = _field_bounds(model, loc[0]) if loc else None
        whole = "pain" in field or field in ("age", "duration_days", "previous_sprains_12m")
        unit = Text("errors.schema.unit.whole" if whole else "errors.schema.unit.number")
        asked = Text("errors.schema.or_null") if "pain" in field else ""
        if bounds is None:
            return InputError(field, value, "errors.schema.range_any", unit=unit, or_null=asked)
        return InputError(field, value, "errors.schema.range", unit=unit, bounds=bounds, or_null=asked)
    if kind in ("string_too_long", "too_long"):
        return InputError(field, value, "errors.schema.too_long", most=ctx.get("max_length", "?"))
    if kind in ("string_too_short", "too_short"):
        return InputError(field, value, "errors.schema.too_short", least=ctx.get("min_length", 1))
    if kind == "string_pattern_mismatch":
        blank = ctx.get("pattern") == r"\S"
        return InputError(
            field, value, "errors.schema.blank" if blank else "errors.schema.pattern", pattern=ctx.get("pattern")
        )
    hint = _ALLOWED_HINTS.get(kind)
    if hint is not None:
        return InputError(field, value, hint)
    return InputError(field, value, "errors.schema.other", detail=str(err.get("msg", kind)))


def validate(model: type[M], data: Any) -> M:
    """Validate ``data`` against ``model``; raise ``InputError`` for the first bad field."""
    if not isinstance(data, dict):
        raise InputError("report", type(data).__name__, "errors.schema.not_object")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise _explain(model, dict(exc.errors()[0])) from None


def parse_json_text(text: str, what: str) -> Any:
    """Parse JSON, raising ``InputError`` with line and column when it is broken."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            what, Text("errors.json.where", line=exc.lineno, column=exc.colno), "errors.json.broken", detail=exc.msg
        ) from None
    except RecursionError:  # thousands of nested brackets
        raise InputError(what, Text("errors.json.nesting"), "errors.json.too_deep") from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        reason = str(exc).split(";")[0]
        raise InputError(what, Text("errors.json.number"), "errors.json.number_too_long", reason=reason) from None


def coerce_date(value: Any) -> Any:
    """Accept ISO date strings in JSON (strict models take dates from text)."""
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime):
        return value.date()
    return value
