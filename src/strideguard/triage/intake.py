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

Answers are read in the current language (:func:`strideguard.knowledge.language`) and in English,
the language of the ids: the words each language accepts (yes, no, not sure, today, units, other
names of a choice...) are data in the locale files (``intake.words.*``, ``intake.alias.*``).
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date, timedelta
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

# Answers that mean the same in every language (the words of each language are in the locale files).
YES: tuple[str, ...] = ("1",)
NO: tuple[str, ...] = ("0",)


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
    negative: bool = False  # asks whether the runner is UNABLE to do something: only yes or no answer it

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
    negative: bool = False

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
        if self.negative and kind != "yesno":
            raise ValueError("negative is for yesno questions only")
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
        negative=entry.negative,
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


# ---------------------------------------------------------------- the words an answer may use


def _t(tid: str, lang: str | None, **values: Any) -> str:
    return knowledge.text(f"intake.{tid}", lang, **values)


_SPACE = re.compile(r"[\s_'\u2018\u2019\u00b7]+")  # spaces, underscores, quotes around a word ('뚝'), middle dots
_HYPHEN = re.compile(r"(?<=[^\W\d])-(?=[^\W\d])")  # between letters ("below-kneecap"), never a minus sign


def _key(text: str) -> str:
    """An answer as it is compared: lower case, without spaces, underscores, quotes or a final full stop."""
    return _HYPHEN.sub("", _SPACE.sub("", text.strip().rstrip(".!~。").lower()))


def _word_list(tid: str, lang: str) -> tuple[str, ...]:
    """The comma-separated words of one ``intake.words.*`` or ``intake.alias.*`` text, as they are written."""
    return tuple(w.strip() for w in knowledge.text(tid, lang).split(",") if w.strip())


@dataclass(frozen=True)
class Words:
    """What one language accepts as an answer (``intake.words.*`` in its locale files), compared as keys."""

    yes: frozenset[str]
    no: frozenset[str]
    unsure: frozenset[str]
    present: frozenset[str]
    absent: frozenset[str]
    none: frozenset[str]
    today: frozenset[str]
    yesterday: frozenset[str]
    day_before_yesterday: frozenset[str]
    days_ago: tuple[str, ...]
    units: tuple[str, ...]
    before_number: tuple[str, ...]
    endings: tuple[str, ...]


def _keys(tid: str, lang: str) -> frozenset[str]:
    return frozenset(k for k in (_key(w) for w in _word_list(f"intake.words.{tid}", lang)) if k)


def _longest_first(tid: str, lang: str) -> tuple[str, ...]:
    keys = {_key(w) for w in _word_list(f"intake.words.{tid}", lang)} - {""}
    return tuple(sorted(keys, key=lambda k: (-len(k), k)))


@lru_cache(maxsize=len(knowledge.LANGUAGES))
def words(lang: str) -> Words:
    """The answer words of ``lang`` (cached: the locale files do not change while running)."""
    return Words(
        yes=_keys("yes", lang) | set(YES),
        no=_keys("no", lang) | set(NO),
        unsure=_keys("unsure", lang),
        present=_keys("present", lang),
        absent=_keys("absent", lang),
        none=_keys("none", lang),
        today=_keys("today", lang),
        yesterday=_keys("yesterday", lang),
        day_before_yesterday=_keys("day_before_yesterday", lang),
        days_ago=_longest_first("days_ago", lang),
        units=_longest_first("units", lang),
        before_number=_longest_first("before_number", lang),
        endings=_longest_first("endings", lang),
    )


def _languages(lang: str | None) -> tuple[str, ...]:
    """The languages an answer is read in: the chosen (or current) one, then English, the language of the ids."""
    chosen = lang or knowledge.language()
    return tuple(dict.fromkeys((chosen, knowledge.DEFAULT_LANGUAGE)))


def _forms(text: str, vocabularies: Sequence[Words]) -> list[str]:
    """The keys an answer may match: as typed, and without a polite ending ("왼쪽이요" is "왼쪽")."""
    key = _key(text)
    forms = [key]
    for vocabulary in vocabularies:
        for ending in vocabulary.endings:
            if key.endswith(ending) and len(key) > len(ending):
                forms.append(key[: -len(ending)])
                break
    return list(dict.fromkeys(forms))


def _among(forms: Sequence[str], keys: Iterable[frozenset[str]]) -> bool:
    pool = frozenset().union(*keys)
    return any(f in pool for f in forms)


def _number(text: str, vocabularies: Sequence[Words], score: bool) -> int | None:
    """A whole number, with or without a unit or "about" around it ("6", "6점", "about 6", "6/10")."""
    for form in _forms(text, vocabularies):
        for vocabulary in vocabularies:
            for prefix in ("", *vocabulary.before_number):
                if not form.startswith(prefix):
                    continue
                rest = form[len(prefix) :]
                if score and rest.endswith("/10"):
                    rest = rest[:-3]
                for unit in ("", *vocabulary.units):
                    if rest.endswith(unit) and re.fullmatch(r"[+-]?\d+", rest[: len(rest) - len(unit)]):
                        return int(rest[: len(rest) - len(unit)])
    return None


def choice_names(question_field: str, value: str, lang: str | None = None) -> tuple[str, ...]:
    """The names a choice is known by in one language: its label, then its other names (``intake.alias.*``)."""
    chosen = lang or knowledge.language()
    alias = f"intake.alias.{question_field}.{value}"
    others = _word_list(alias, chosen) if alias in knowledge.texts(chosen) else ()
    return (choice_label(question_field, value, chosen), *others)


def _names(question: Question, options: Sequence[str], lang: str | None) -> dict[str, str]:
    """Every key an option of this question may be typed as (its id, its names in the answer languages)."""
    table: dict[str, str] = {}
    for language in reversed(_languages(lang)):  # the chosen language wins a clash with English
        for value in options:
            for name in choice_names(question.field, value, language):
                table[_key(name)] = value
    for value in options:
        table[_key(value)] = value
    return table


def _example(question: Question, value: str, lang: str | None) -> str:
    """The shortest name of a choice in the chosen language (English also offers the id) for an error message."""
    chosen = lang or knowledge.language()
    names = choice_names(question.field, value, chosen)
    if chosen == knowledge.DEFAULT_LANGUAGE:
        names = (value, *names)
    return min(names, key=len)


# ---------------------------------------------------------------- reading one answer


def _pick(question: Question, token: str, options: Sequence[str], lang: str | None) -> str:
    if not options:
        raise InputError(question.field, token.strip(), _t("error.no_choices", lang))
    vocabularies = [words(x) for x in _languages(lang)]
    table = _names(question, options, lang)
    for form in _forms(token, vocabularies):
        if form in table:
            return table[form]
    number = _number(token, vocabularies, score=False)
    if number is not None and 1 <= number <= len(options):
        return options[number - 1]
    raise InputError(
        question.field,
        token.strip(),
        _t("error.choice", lang, last=len(options), example=_example(question, options[0], lang)),
    )


_SEPARATORS = re.compile(r"[,;、，/]|\s및\s")


def _multi_tokens(text: str) -> list[str]:
    """A typed list: split at commas (or ; 、 /); "1 3" (numbers and spaces only) is split at the spaces."""
    tokens: list[str] = []
    for token in _SEPARATORS.split(text):
        if not token.strip():
            continue
        parts = token.split()
        tokens.extend(parts if len(parts) > 1 and all(p.isdigit() for p in parts) else [token])
    return tokens


_DATE_FORMS = (
    re.compile(r"(?P<y>\d{4})[-./](?P<m>\d{1,2})[-./](?P<d>\d{1,2})\.?"),  # 2026-11-20, 2026.11.20, 2026/11/20
    re.compile(r"(?P<y>\d{4})년(?P<m>\d{1,2})월(?P<d>\d{1,2})일?"),  # 2026년 11월 20일
    re.compile(r"(?P<m>\d{1,2})월(?P<d>\d{1,2})일?"),  # 11월 20일 (this year)
)


def _day(text: str, today: date, vocabularies: Sequence[Words]) -> date | None:
    """A day written as a date (several common forms) or as today, yesterday, N days ago; None if it is none."""
    forms = _forms(text, vocabularies)
    for back, attribute in ((0, "today"), (1, "yesterday"), (2, "day_before_yesterday")):
        if _among(forms, (getattr(v, attribute) for v in vocabularies)):
            return today - timedelta(days=back)
    for form in forms:
        for vocabulary in vocabularies:
            for suffix in vocabulary.days_ago:
                if form.endswith(suffix) and form[: -len(suffix)].isdigit():
                    return today - timedelta(days=int(form[: -len(suffix)]))
        for pattern in _DATE_FORMS:
            match = pattern.fullmatch(form)
            if match is None:
                continue
            parts = match.groupdict()
            try:
                return date(int(parts.get("y") or today.year), int(parts["m"]), int(parts["d"]))
            except ValueError:
                return None
    return None


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
    (1-based), its id or one of its names in the answer's language or in English. Answers in
    ``lang`` (default: the current language) and in English are read; ``InputError.allowed``
    says in ``lang`` what to type.
    """
    answers = answers or {}
    vocabularies = [words(x) for x in _languages(lang)]
    parts = [raw] if raw is None or isinstance(raw, str) else list(raw)
    text = (
        ",".join(p.strip() for p in parts if p is not None and p.strip())
        if question.kind == "multi"
        else ((parts[-1] or "").strip() if parts else "")
    )
    unsure = question.kind in ("yesno", "score", "integer") and _among(
        _forms(text, vocabularies), (v.unsure for v in vocabularies)
    )
    if text == "" or unsure:
        if question.required:
            raise InputError(
                question.field, Text("errors.value.no_answer"), _t(f"error.required.{question.field}", lang)
            )
        return None
    if question.kind == "date":
        limit = today or date.today()
        day = _day(text, limit, vocabularies)
        if day is None:
            raise InputError(question.field, text, _t("error.date", lang))
        if day > limit:
            raise InputError(question.field, text, _t("error.future", lang, today=limit.isoformat()))
        return day
    if question.kind == "choice":
        return _pick(question, text, question.options(answers), lang)
    if question.kind == "multi":
        tokens = _multi_tokens(text)
        if (
            question.none
            and len(tokens) == 1
            and _among(_forms(tokens[0], vocabularies), (v.none for v in vocabularies))
        ):
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
        forms = _forms(text, vocabularies)
        yes = [v.yes for v in vocabularies] + ([] if question.negative else [v.present for v in vocabularies])
        no = [v.no for v in vocabularies] + ([] if question.negative else [v.absent for v in vocabularies])
        if _among(forms, yes):
            return True
        if _among(forms, no):
            return False
        raise InputError(question.field, text, _t("error.yesno", lang))
    if question.kind in ("score", "integer"):
        lo, hi = (0, 10) if question.kind == "score" else (question.minimum, question.maximum)
        number = _number(text, vocabularies, score=question.kind == "score")
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
