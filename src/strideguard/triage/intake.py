"""The symptom intake: which questions a runner is asked, in which order, and how an answer is read.

Driven by ``knowledge/triage/intake.yaml`` (validated when loaded: a bad entry is a
``KnowledgeError`` naming the file, the line and the question). Pure: no I/O
beyond reading the packaged data, no clock (``today`` is passed in), no database.

- :func:`applicable` lists the questions that apply to the answers so far and the
  profile, in order. A question's condition looks only at earlier questions (and the
  profile), so the walk is well defined; an answer to a question that no longer
  applies (the region changed) is ignored.
- :func:`next_questions` lists those still to ask.
- :func:`parse_answer` turns what a runner typed (or a form sent) into the report
  value, or raises ``InputError`` whose ``allowed`` says in plain words what to type.
- :func:`collect` keeps only the answers of applicable questions: the report to store.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from .. import knowledge
from ..errors import InputError, KnowledgeError, Text
from ..schemas import LOCATIONS, OTHER_LOCATIONS, SymptomReport

Kind = Literal["date", "choice", "multi", "yesno", "score", "integer", "text"]
GROUPS: tuple[str, ...] = ("where", "red_flags", "pain", "details")
CONTEXT_FACTS: tuple[str, ...] = ("age", "sex")  # known from the profile too, usable by any question
REGIONS: tuple[str, ...] = tuple(str(v) for v in typing.get_args(SymptomReport.model_fields["region"].annotation))

YES: tuple[str, ...] = ("y", "yes", "true", "1")
NO: tuple[str, ...] = ("n", "no", "false", "0")
UNSURE: tuple[str, ...] = ("", "?", "unknown", "not sure", "unsure", "skip", "-")
NONE_WORDS: tuple[str, ...] = ("none", "no", "nothing", "n")


# ---------------------------------------------------------------- conditions


@dataclass(frozen=True)
class Leaf:
    field: str
    operator: str
    value: Any = None
    unknown: bool = False  # the verdict when the field is unanswered

    def holds(self, facts: Mapping[str, Any]) -> bool:
        fact = facts.get(self.field)
        op = self.operator
        if op == "is_unknown":
            return fact is None
        if op == "is_known":
            return fact is not None
        if fact is None:
            return self.unknown
        return _OPS[op](fact, self.value)

    def fields(self) -> tuple[str, ...]:
        return (self.field,)


@dataclass(frozen=True)
class Group:
    kind: Literal["all", "any", "not"]
    children: tuple[Cond, ...]

    def holds(self, facts: Mapping[str, Any]) -> bool:
        if self.kind == "all":
            return all(c.holds(facts) for c in self.children)
        if self.kind == "any":
            return any(c.holds(facts) for c in self.children)
        return not self.children[0].holds(facts)

    def fields(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f for c in self.children for f in c.fields()))


Cond = Leaf | Group

_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "is_true": lambda fact, _: fact is True,
    "is_false": lambda fact, _: fact is False,
    "eq": lambda fact, v: fact == v,
    "ne": lambda fact, v: fact != v,
    "in": lambda fact, v: fact in v,
    "not_in": lambda fact, v: fact not in v,
    "gt": lambda fact, v: fact > v,
    "gte": lambda fact, v: fact >= v,
    "lt": lambda fact, v: fact < v,
    "lte": lambda fact, v: fact <= v,
    "contains_any": lambda fact, v: any(x in fact for x in v),
    "is_nonempty": lambda fact, _: bool(fact),
    "is_empty": lambda fact, _: not fact,
}
_NO_VALUE = {"is_true", "is_false", "is_known", "is_unknown", "is_nonempty", "is_empty"}
_OPERATORS: dict[str, tuple[str, ...]] = {
    "bool": ("is_true", "is_false", "is_known", "is_unknown"),
    "int": ("eq", "ne", "gt", "gte", "lt", "lte", "is_known", "is_unknown"),
    "enum": ("eq", "ne", "in", "not_in", "is_known", "is_unknown"),
    "set": ("contains_any", "is_nonempty", "is_empty", "is_known", "is_unknown"),
}


def _literals(annotation: Any) -> tuple[str, ...]:
    """Every Literal value inside an annotation (through Optional and tuple[...])."""
    origin = typing.get_origin(annotation)
    if origin is Literal:
        return tuple(str(a) for a in typing.get_args(annotation))
    found: list[str] = []
    if origin in (typing.Union, types.UnionType, tuple):
        for arg in typing.get_args(annotation):
            if arg is not Ellipsis:
                found.extend(_literals(arg))
    return tuple(found)


def _all_locations() -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for group in (*LOCATIONS.values(), OTHER_LOCATIONS) for v in group))


def _fact_kind(name: str) -> tuple[str, tuple[str, ...]]:
    """(kind, legal values) of a fact a condition may test."""
    if name == "sex":
        return "enum", ("female", "male")
    if name == "location":
        return "enum", _all_locations()
    annotation = SymptomReport.model_fields[name].annotation
    text = repr(annotation)
    values = _literals(annotation)
    if values:
        return ("set" if "tuple" in text else "enum"), values
    if "bool" in text.lower():
        return "bool", ()
    return "int", ()


def _parse_cond(node: Any, path: str, allowed: Sequence[str]) -> Cond:
    if not isinstance(node, dict):
        raise ValueError(f"{path}: expected a mapping with all/any/not or field/operator, got {node!r}")
    groups = [k for k in ("all", "any", "not") if k in node]
    if groups:
        key = groups[0]
        if len(node) != 1:
            raise ValueError(f"{path}: a group has exactly one key (all, any or not), got {sorted(node)}")
        if key == "not":
            return Group("not", (_parse_cond(node["not"], f"{path}.not", allowed),))
        items = node[key]
        if not isinstance(items, list) or not items:
            raise ValueError(f"{path}.{key}: expected a non-empty list of conditions")
        parts = tuple(_parse_cond(c, f"{path}.{key}[{i}]", allowed) for i, c in enumerate(items))
        return Group(key, parts)  # type: ignore[arg-type]  # key is "all" or "any" here (checked above), not any str
    extra = set(node) - {"field", "operator", "value", "unknown"}
    if extra:
        raise ValueError(f"{path}: unknown key(s) {sorted(extra)}; a condition has field, operator, value, unknown")
    name = node.get("field")
    if not isinstance(name, str) or name not in allowed or name in ("date", "notes"):
        raise ValueError(
            f"{path}: field {name!r} is not asked before this question; use an earlier question's field "
            f"or {', '.join(CONTEXT_FACTS)}"
        )
    kind, values = _fact_kind(name)
    op = node.get("operator")
    if op not in _OPERATORS[kind]:
        raise ValueError(
            f"{path}: operator {op!r} does not fit {kind} field {name!r}; use {', '.join(_OPERATORS[kind])}"
        )
    unknown = node.get("unknown", False)
    if not isinstance(unknown, bool):
        raise ValueError(f"{path}: unknown must be true or false")
    if op in _NO_VALUE:
        if "value" in node:
            raise ValueError(f"{path}: operator {op!r} takes no value")
        return Leaf(name, op, None, unknown)
    if "value" not in node:
        raise ValueError(f"{path}: operator {op!r} needs a value")
    value = node["value"]
    if kind == "int":
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError(f"{path}: value {value!r} for {name!r}: use a whole number")
        return Leaf(name, op, value, unknown)
    listed = op in ("in", "not_in", "contains_any")
    items = value if listed else [value]
    if listed and (not isinstance(value, list) or not value):
        raise ValueError(f"{path}: value {value!r} for {name!r}: use a non-empty list")
    bad = [v for v in items if v not in values]
    if bad:
        raise ValueError(f"{path}: value(s) {bad!r} not allowed for {name!r}; use {', '.join(values)}")
    return Leaf(name, op, tuple(value) if listed else value, unknown)


# ---------------------------------------------------------------- questions


@dataclass(frozen=True)
class Question:
    """One question of the intake (see intake.yaml for the meaning of each attribute)."""

    field: str
    kind: Kind
    group: str
    text_id: str
    required: bool = False
    choices: tuple[str, ...] = ()
    choices_by_region: Mapping[str, tuple[str, ...]] = dataclass_field(default_factory=dict)
    none: bool = False
    minimum: int | None = None
    maximum: int | None = None
    when: Cond | None = None
    line: int | None = None

    def applies(self, facts: Mapping[str, Any]) -> bool:
        return self.when is None or self.when.holds(facts)

    def options(self, answers: Mapping[str, Any]) -> tuple[str, ...]:
        """The values offered, given the answers so far (location and per-region lists follow the region)."""
        region = answers.get("region")
        if self.field == "location":
            return LOCATIONS.get(region, OTHER_LOCATIONS) if isinstance(region, str) else ()
        if isinstance(region, str) and region in self.choices_by_region:
            return self.choices_by_region[region]
        return self.choices

    def text(self, lang: str | None = None) -> str:
        return knowledge.text(self.text_id, lang)

    def triggers(self) -> tuple[str, ...]:
        """Fields whose answer decides whether this question applies or what it offers."""
        own = self.when.fields() if self.when is not None else ()
        extra = ("region",) if self.field == "location" or self.choices_by_region else ()
        return tuple(dict.fromkeys((*own, *extra)))


def choice_label(question_field: str, value: str, lang: str | None = None) -> str:
    """The words for one choice (``choice.<field>.<value>`` in the locale files)."""
    return knowledge.text(f"choice.{question_field}.{value}", lang)


class _Entry(BaseModel):
    """One item of intake.yaml as written; turned into a :class:`Question` after the checks."""

    model_config = ConfigDict(extra="forbid")

    field: str
    kind: Kind
    group: Literal["where", "red_flags", "pain", "details"]
    required: bool = False
    text: str | None = None
    choices: list[str] | None = None
    choices_by_region: dict[str, list[str]] | None = None
    none: bool = False
    min: int | None = None
    max: int | None = None
    when: Any = None

    @field_validator("field")
    @classmethod
    def _report_field(cls, name: str) -> str:
        if name not in SymptomReport.model_fields:
            raise ValueError(f"{name!r} is not a symptom report field (schemas.SymptomReport)")
        return name

    @model_validator(mode="after")
    def _fits_the_schema(self) -> _Entry:
        name, kind = self.field, self.kind
        expected = _expected_kind(name)
        if kind not in expected:
            raise ValueError(f"kind {kind!r} does not fit field {name!r}; use {' or '.join(expected)}")
        listed = kind in ("choice", "multi")
        if not listed and (self.choices or self.choices_by_region or self.none):
            raise ValueError("choices, choices_by_region and none are for choice and multi questions only")
        if self.none and kind != "multi":
            raise ValueError("none is for multi questions only")
        if kind != "integer" and (self.min is not None or self.max is not None):
            raise ValueError("min and max are for integer questions only")
        if name == "location" and (self.choices or self.choices_by_region):
            raise ValueError("location takes its choices from schemas.LOCATIONS; give none here")
        if listed and name != "location":
            legal = _literals(SymptomReport.model_fields[name].annotation)
            lists = [("choices", self.choices or [])] + [
                (f"choices_by_region.{r}", v) for r, v in (self.choices_by_region or {}).items()
            ]
            for where, values in lists:
                bad = [v for v in values if v not in legal]
                if bad:
                    raise ValueError(f"{where}: {bad!r} not allowed for {name!r}; use {', '.join(legal)}")
                if len(set(values)) != len(values):
                    raise ValueError(f"{where}: a value is listed twice")
            unknown_regions = [r for r in (self.choices_by_region or {}) if r not in REGIONS]
            if unknown_regions:
                raise ValueError(f"choices_by_region: unknown region(s) {unknown_regions}; use {', '.join(REGIONS)}")
        if self.required and name not in ("date", "region"):
            raise ValueError("only date and region are required; every other answer may be skipped")
        return self


def _expected_kind(name: str) -> tuple[str, ...]:
    if name == "date":
        return ("date",)
    if name == "notes":
        return ("text",)
    if name == "location":
        return ("choice",)
    if name.startswith("pain_") and name != "pain_out_of_proportion":
        return ("score",)
    kind, _ = _fact_kind(name)
    return {"enum": ("choice",), "set": ("multi",), "bool": ("yesno",), "int": ("integer",)}[kind]


def _schema_bounds(name: str) -> tuple[int | None, int | None]:
    lo = hi = None
    for meta in SymptomReport.model_fields[name].metadata:
        lo = getattr(meta, "ge", lo)
        hi = getattr(meta, "le", hi)
    return lo, hi


def _item_lines(text: str) -> list[int]:
    root = yaml.compose(text)
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value == "questions" and isinstance(value, yaml.SequenceNode):
                return [item.start_mark.line + 1 for item in value.value]
    return []


def _build(entry: _Entry, line: int | None, asked_before: Sequence[str]) -> Question:
    texts = knowledge.texts("en")
    text_id = entry.text or next(
        (t for t in (f"prompt.{entry.field}", f"question.{entry.field}") if t in texts), f"prompt.{entry.field}"
    )
    if text_id not in texts:
        raise ValueError(f"no text {text_id!r} in knowledge/locale/en/")
    when = _parse_cond(entry.when, "when", (*asked_before, *CONTEXT_FACTS)) if entry.when is not None else None
    choices: tuple[str, ...] = ()
    if entry.kind in ("choice", "multi") and entry.field != "location":
        choices = tuple(entry.choices or _literals(SymptomReport.model_fields[entry.field].annotation))
    by_region = {r: tuple(v) for r, v in (entry.choices_by_region or {}).items()}
    if entry.choices_by_region and entry.choices is None:
        choices = ()  # only the listed regions are offered anything
    lo, hi = _schema_bounds(entry.field) if entry.kind == "integer" else (None, None)
    minimum = entry.min if entry.min is not None else lo
    maximum = entry.max if entry.max is not None else hi
    if entry.kind == "integer":
        if minimum is None or maximum is None or minimum > maximum:
            raise ValueError("an integer question needs min <= max")
        if (lo is not None and minimum < lo) or (hi is not None and maximum > hi):
            raise ValueError(f"min/max {minimum}-{maximum} go beyond the schema's range {lo}-{hi}")
    label_field = entry.field
    offered = set(choices) | {v for vals in by_region.values() for v in vals}
    if entry.field == "location":
        offered = set(_all_locations())
    for value in sorted(offered):
        if f"choice.{label_field}.{value}" not in texts:
            raise ValueError(f"no text 'choice.{label_field}.{value}' in knowledge/locale/en/")
    return Question(
        field=entry.field,
        kind=entry.kind,
        group=entry.group,
        text_id=text_id,
        required=entry.required,
        choices=choices,
        choices_by_region=by_region,
        none=entry.none,
        minimum=minimum,
        maximum=maximum,
        when=when,
        line=line,
    )


@dataclass(frozen=True)
class Intake:
    version: int
    questions: tuple[Question, ...]

    def question(self, name: str) -> Question:
        for q in self.questions:
            if q.field == name:
                return q
        raise KeyError(name)

    def triggers(self) -> frozenset[str]:
        """Fields whose answer can change which questions apply (the web form refreshes on them)."""
        return frozenset(f for q in self.questions for f in q.triggers() if f not in ("sex",))


def read_intake(folder: Traversable | Path, label: str = "knowledge/triage") -> Intake:
    """Read and validate ``intake.yaml`` in ``folder``; a bad entry is a KnowledgeError with file and line."""
    where = f"{label}/intake.yaml"
    data, text = knowledge.read_yaml(folder, "intake.yaml", label)
    if not isinstance(data, dict) or set(data) != {"version", "questions"}:
        raise KnowledgeError(f"{where}: expected exactly the keys version and questions")
    if not isinstance(data["version"], int) or not isinstance(data["questions"], list) or not data["questions"]:
        raise KnowledgeError(f"{where}: version is a whole number and questions a non-empty list")
    lines = _item_lines(text)
    questions: list[Question] = []
    for i, raw in enumerate(data["questions"]):
        line = lines[i] if i < len(lines) else None
        name = raw.get("field") if isinstance(raw, dict) else None
        here = f"{where} line {line}: question {name!r}" if line else f"{where}: question {name!r}"
        try:
            entry = _Entry.model_validate(raw)
            if any(q.field == entry.field for q in questions):
                raise ValueError("this field is asked twice")
            questions.append(_build(entry, line, [q.field for q in questions]))
        except ValidationError as exc:
            first = exc.errors()[0]
            place = ".".join(str(p) for p in first["loc"])
            message = str(first["msg"]).removeprefix("Value error, ")
            raise KnowledgeError(f"{here}: {place + ': ' if place else ''}{message}") from None
        except ValueError as exc:
            raise KnowledgeError(f"{here}: {exc}") from None
    names = [q.field for q in questions]
    if names[:2] != ["date", "region"]:
        raise KnowledgeError(f"{where}: the first questions are date and region (everything depends on them)")
    missing = [f for f in SymptomReport.model_fields if f not in names]
    if missing:
        raise KnowledgeError(f"{where}: no question for the report field(s) {', '.join(missing)}")
    return Intake(int(data["version"]), tuple(questions))


@lru_cache(maxsize=1)
def intake() -> Intake:
    """The packaged intake (validated once per process)."""
    return read_intake(resources.files(knowledge.__name__).joinpath("triage"))


# ---------------------------------------------------------------- the walk


def profile_age(answers: Mapping[str, Any], profile: Mapping[str, Any] | None) -> int | None:
    """Age from the profile's birth year on the report's day (the upper value, as triage/facts.py)."""
    birth_year = (profile or {}).get("birth_year")
    day = answers.get("date")
    year = day.year if isinstance(day, date) else date.today().year
    if isinstance(birth_year, int) and not isinstance(birth_year, bool) and birth_year <= year:
        return year - birth_year
    return None


def _facts(effective: Mapping[str, Any], profile: Mapping[str, Any] | None) -> dict[str, Any]:
    facts = dict(effective)
    sex = (profile or {}).get("sex")
    facts["sex"] = sex if sex in ("female", "male") else None
    facts["age"] = effective.get("age") if effective.get("age") is not None else profile_age(effective, profile)
    return facts


def _walk(answers: Mapping[str, Any], profile: Mapping[str, Any] | None) -> tuple[list[Question], dict[str, Any]]:
    """The applicable questions, in order, and the answers that count (those of applicable questions)."""
    shown: list[Question] = []
    effective: dict[str, Any] = {}
    for q in intake().questions:
        if not q.applies(_facts(effective, profile)):
            continue
        shown.append(q)
        value = answers.get(q.field)
        if value is not None:
            effective[q.field] = value
        elif q.required:
            break  # nothing after date and region can be decided before they are answered
    return shown, effective


def applicable(answers: Mapping[str, Any], profile: Mapping[str, Any] | None = None) -> list[Question]:
    """Every question that applies to these answers and this profile, in the order they are asked."""
    return _walk(answers, profile)[0]


def next_questions(
    answers: Mapping[str, Any], profile: Mapping[str, Any] | None = None, asked: Iterable[str] = ()
) -> list[Question]:
    """The applicable questions not answered and not yet asked (a skipped question counts as asked)."""
    done = set(asked)
    return [q for q in applicable(answers, profile) if answers.get(q.field) is None and q.field not in done]


def collect(answers: Mapping[str, Any], profile: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The report: the answers of applicable questions, as JSON-ready values (dates as YYYY-MM-DD)."""
    return _json_ready(_walk(answers, profile)[1])


def _json_ready(answers: Mapping[str, Any]) -> dict[str, Any]:
    return {
        k: (v.isoformat() if isinstance(v, date) else list(v) if isinstance(v, tuple) else v)
        for k, v in answers.items()
    }


# ---------------------------------------------------------------- reading one answer


def _t(tid: str, lang: str | None, **values: Any) -> str:
    return knowledge.text(f"intake.{tid}", lang, **values)


def _pick(question: Question, token: str, options: Sequence[str], lang: str | None) -> str:
    if not options:
        raise InputError(question.field, token.strip(), _t("error.no_choices", lang))
    cleaned = token.strip().lower().replace(" ", "_").replace("-", "_")
    if cleaned.isdigit():
        number = int(cleaned)
        if 1 <= number <= len(options):
            return options[number - 1]
    elif cleaned in options:
        return cleaned
    raise InputError(
        question.field,
        token.strip(),
        _t("error.choice", lang, last=len(options), example=options[0]),
    )


def parse_answer(
    question: Question,
    raw: str | Sequence[str] | None,
    answers: Mapping[str, Any] | None = None,
    *,
    today: date | None = None,
    lang: str | None = None,
) -> Any:
    """The report value for what was typed; ``None`` means "not reported".

    ``raw`` is the text typed (a multi-choice answer as a comma-separated list) or, from a
    form, the list of values sent. A choice is its number in ``question.options(answers)``
    (1-based) or its id. ``InputError.allowed`` says in plain words what to type.
    """
    answers = answers or {}
    parts = [raw] if raw is None or isinstance(raw, str) else list(raw)
    text = (
        ",".join(p.strip() for p in parts if p is not None and p.strip())
        if question.kind == "multi"
        else ((parts[-1] or "").strip() if parts else "")
    )
    if text == "" or (question.kind in ("yesno", "score", "integer") and text.lower() in UNSURE):
        if question.required:
            raise InputError(
                question.field, Text("errors.value.no_answer"), _t(f"error.required.{question.field}", lang)
            )
        return None
    if question.kind == "date":
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise InputError(question.field, text, _t("error.date", lang)) from None
        limit = today or date.today()
        if day > limit:
            raise InputError(question.field, text, _t("error.future", lang, today=limit.isoformat()))
        return day
    if question.kind == "choice":
        return _pick(question, text, question.options(answers), lang)
    if question.kind == "multi":
        tokens = [t for t in text.replace(";", ",").split(",") if t.strip()]
        if question.none and len(tokens) == 1 and tokens[0].strip().lower() in NONE_WORDS:
            return ()
        if question.none and not isinstance(raw, str):  # a form: sites ticked and "none of these" too
            tokens = [t for t in tokens if t.strip().lower() != "none"]
        options = question.options(answers)
        try:
            chosen = [_pick(question, t, options, lang) for t in tokens]
        except InputError as exc:
            if not options:
                raise
            key = "error.multi_none" if question.none else "error.multi"
            raise InputError(question.field, exc.value, _t(key, lang, last=len(options), example=options[0])) from None
        return tuple(dict.fromkeys(chosen))
    if question.kind == "yesno":
        word = text.lower()
        if word in YES:
            return True
        if word in NO:
            return False
        raise InputError(question.field, text, _t("error.yesno", lang))
    if question.kind in ("score", "integer"):
        lo, hi = (0, 10) if question.kind == "score" else (question.minimum, question.maximum)
        try:
            number = int(text)
        except ValueError:
            number = None
        if number is None or (lo is not None and number < lo) or (hi is not None and number > hi):
            raise InputError(question.field, text, _t("error.number", lang, low=lo, high=hi))
        return number
    if len(text) > 2000:
        raise InputError(question.field, Text("errors.value.characters", count=len(text)), _t("error.text", lang))
    return text


@dataclass(frozen=True)
class Reading:
    """A whole set of raw answers read at once (a web form): what counts, what was refused, what applies."""

    answers: dict[str, Any]  # parsed values of the applicable questions
    errors: dict[str, str]  # field -> what to type instead (plain words)
    questions: list[Question]  # the applicable questions, in order

    def report(self) -> dict[str, Any]:
        """The answers as JSON-ready report data (dates as YYYY-MM-DD, lists for multi-choice)."""
        return _json_ready(self.answers)


def read_answers(
    raw: Mapping[str, str | Sequence[str]],
    profile: Mapping[str, Any] | None = None,
    *,
    today: date | None = None,
    lang: str | None = None,
) -> Reading:
    """Parse every applicable answer of ``raw`` (field -> text or list of values), in the intake's order.

    A refused answer is recorded in ``errors`` and counts as unanswered for the
    questions after it, so one mistake never hides or drops the other answers.
    """
    answers: dict[str, Any] = {}
    errors: dict[str, str] = {}
    shown: list[Question] = []
    decisive = intake().triggers()
    for q in intake().questions:
        if not q.applies(_facts(answers, profile)):
            continue
        shown.append(q)
        try:
            value = parse_answer(q, raw.get(q.field), answers, today=today, lang=lang)
        except InputError as exc:
            errors[q.field] = exc.allowed
            value = None
        if value is not None:
            answers[q.field] = value
        elif q.required and q.field in decisive:
            break  # the questions after the region depend on it
    return Reading(answers, errors, shown)
