"""Load and validate the triage knowledge: rules, conditions, actions and note words (``knowledge/triage/``).

Every file is validated with pydantic models when it is loaded, so that a typo can never turn
into a rule that silently never fires: unknown keys, fields, operators, values, dispositions,
conditions, actions, sources and missing texts are all a ``KnowledgeError`` naming the file,
the entry (rule, action, condition) and, for rules, its line.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    RootModel,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from .. import knowledge
from ..errors import KnowledgeError
from .facts import FACTS, NOTE_KEYS, notes_patterns
from .history import HistorySettings
from .logic import Node, TreeError, finding_keys, parse

DISPOSITIONS: tuple[str, ...] = ("emergency", "see_doctor", "stop_and_rest", "modify_training", "continue")
"""Most urgent first (CONTRACT.md)."""

Id = Annotated[StrictStr, Field(pattern=r"^[a-z][a-z0-9_]*$")]
Count = Annotated[StrictInt, Field(ge=0)]


@dataclass(frozen=True)
class Rule:
    id: str
    disposition: str
    when: Node
    suspects: tuple[str, ...]
    actions: tuple[str, ...]
    sources: tuple[str, ...]
    line: int | None = None
    safety_net: bool = False  # its actions are shown whatever the disposition (except emergency)

    @property
    def rank(self) -> int:
        return DISPOSITIONS.index(self.disposition)


@dataclass(frozen=True)
class Action:
    id: str
    source: str


@dataclass(frozen=True)
class Condition:
    id: str
    regions: tuple[str, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class RuleSet:
    version: str  # "<version key>+<content hash>": stored with every result
    rules: tuple[Rule, ...]
    actions: dict[str, Action]
    conditions: dict[str, Condition]
    history: HistorySettings
    default_actions: tuple[str, ...]
    notes: Mapping[str, re.Pattern[str]]  # note key -> the words that mention it (facts.notes_patterns)


# ---------------------------------------------------------------- models (references checked via context)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _ctx(info: ValidationInfo) -> dict[str, Any]:
    return info.context or {}


def _need_text(tid: str) -> None:
    if tid not in knowledge.texts("en"):
        raise ValueError(f"no text {tid!r} in knowledge/locale/en/")


def _need_sources(ids: tuple[str, ...]) -> tuple[str, ...]:
    for sid in ids:
        if sid not in knowledge.sources():
            raise ValueError(f"unknown source {sid!r}; add it to knowledge/sources/")
    return ids


class ActionModel(_Model):
    source: StrictStr

    @field_validator("source")
    @classmethod
    def _known(cls, value: str) -> str:
        return _need_sources((value,))[0]


class ConditionModel(_Model):
    regions: tuple[StrictStr, ...]
    sources: tuple[StrictStr, ...] = Field(min_length=1)

    @field_validator("regions")
    @classmethod
    def _regions(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        regions = FACTS["region"].values
        bad = [r for r in value if r not in regions]
        if bad:
            raise ValueError(f"unknown region(s) {bad}; use {', '.join(regions)}")
        return value

    @field_validator("sources")
    @classmethod
    def _sources(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _need_sources(value)


class HistoryModel(_Model):
    knee_after_run_window_days: Count
    ankle_injury_window_days: Count
    trend_window_days: Count
    morning_compare_window_days: Count
    unsettled_morning_min_pain: Count
    injury_mechanisms: tuple[StrictStr, ...]

    @field_validator("injury_mechanisms")
    @classmethod
    def _mechanisms(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        bad = [m for m in value if m not in FACTS["mechanism"].values]
        if bad:
            raise ValueError(f"unknown mechanism(s) {bad}")
        return value


def _known_actions(value: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
    actions = _ctx(info).get("actions", {})
    for aid in value:
        if aid not in actions:
            raise ValueError(f"unknown action {aid!r}")
    return value


class DefaultModel(_Model):
    actions: tuple[Id, ...] = Field(min_length=1)

    @field_validator("actions")
    @classmethod
    def _actions(cls, value: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        return _known_actions(value, info)


class RuleModel(_Model):
    id: Id
    disposition: StrictStr
    when: Any
    suspects: tuple[Id, ...] = ()
    actions: tuple[Id, ...]
    sources: tuple[StrictStr, ...]
    safety_net: StrictBool = False

    @field_validator("disposition")
    @classmethod
    def _disposition(cls, value: str) -> str:
        if value not in DISPOSITIONS:
            raise ValueError(f"unknown disposition {value!r}; use one of {', '.join(DISPOSITIONS)}")
        return value

    @field_validator("when")
    @classmethod
    def _tree(cls, value: Any) -> Node:
        try:
            return parse(value)
        except TreeError as exc:
            raise ValueError(str(exc)) from None

    @field_validator("suspects")
    @classmethod
    def _suspects(cls, value: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        conditions = _ctx(info).get("conditions", {})
        for cid in value:
            if cid not in conditions:
                raise ValueError(f"unknown condition {cid!r} in suspects")
        return value

    @field_validator("actions")
    @classmethod
    def _actions(cls, value: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        if not value:
            raise ValueError("a rule needs at least one action")
        return _known_actions(value, info)

    @field_validator("sources")
    @classmethod
    def _sources(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value:
            raise ValueError("every rule cites at least one source")
        return _need_sources(value)


class RulesFile(_Model):
    version: StrictStr | StrictInt
    history: HistoryModel
    default: DefaultModel
    rules: list[Any] = Field(min_length=1)  # each item validated as a RuleModel with its line


class NotesFile(RootModel[dict[StrictStr, tuple[StrictStr, ...]]]):
    """Note key (a yes/no finding or ``pop``) -> the words and phrases that mention it."""

    @field_validator("root")
    @classmethod
    def _keys_and_words(cls, value: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        for key, words in value.items():
            if key not in NOTE_KEYS:
                raise ValueError(f"unknown note key {key!r}; use a yes/no report field or pop")
            if not words or any(not w.strip() for w in words):
                raise ValueError(f"{key}: give a non-empty list of words or phrases")
        return value


# ---------------------------------------------------------------- error messages with file, entry and line


def _describe(exc: ValidationError) -> str:
    """One line: unknown keys together, otherwise the first problem with where it is."""
    errors = exc.errors()
    extra = [str(e["loc"][-1]) for e in errors if e["type"] == "extra_forbidden"]
    if extra:
        return f"unknown key(s) {sorted(extra)}"
    first = errors[0]
    msg = str(first["msg"]).removeprefix("Value error, ")
    loc = ".".join(str(p) for p in first["loc"] if p != "root")
    if first["type"] == "missing":
        return f"missing key {loc!r}"
    return f"{loc}: {msg}" if loc and not msg.startswith(("when", loc)) else msg


def _validate(model: type[BaseModel], data: Any, where: str, context: dict[str, Any] | None = None) -> Any:
    try:
        return model.model_validate(data, context=context or {})
    except ValidationError as exc:
        raise KnowledgeError(f"{where}: {_describe(exc)}") from None


def _rule_lines(text: str) -> list[int]:
    """Line (1-based) where each item of the top-level ``rules`` list starts."""
    root = yaml.compose(text)
    if not isinstance(root, yaml.MappingNode):
        return []
    for key, value in root.value:
        if key.value == "rules" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


def _mapping(data: Any, where: str, what: str) -> dict[Any, Any]:
    if not isinstance(data, dict) or not data:
        raise KnowledgeError(f"{where}: expected a mapping of {what}")
    return data


def _parse_actions(data: Any, where: str) -> dict[str, Action]:
    out: dict[str, Action] = {}
    for aid, entry in _mapping(data, where, "action id to {source: id}").items():
        here = f"{where}: action {aid!r}"
        if not isinstance(aid, str) or not re.match(r"^[a-z][a-z0-9_]*$", aid):
            raise KnowledgeError(f"{here}: ids are lower_snake_case")
        model = _validate(ActionModel, entry, here)
        try:
            _need_text(f"action.{aid}")
        except ValueError as exc:
            raise KnowledgeError(f"{here}: {exc}") from None
        out[aid] = Action(aid, model.source)
    return out


def _parse_conditions(data: Any, where: str) -> dict[str, Condition]:
    out: dict[str, Condition] = {}
    for cid, entry in _mapping(data, where, "condition id to {regions, sources}").items():
        here = f"{where}: condition {cid!r}"
        if not isinstance(cid, str) or not re.match(r"^[a-z][a-z0-9_]*$", cid):
            raise KnowledgeError(f"{here}: ids are lower_snake_case")
        model = _validate(ConditionModel, entry, here)
        try:
            _need_text(f"condition.{cid}")
        except ValueError as exc:
            raise KnowledgeError(f"{here}: {exc}") from None
        out[cid] = Condition(cid, model.regions, model.sources)
    return out


def _parse_rule(raw: Any, line: int | None, where: str, context: dict[str, Any]) -> Rule:
    rid = raw.get("id") if isinstance(raw, dict) else None
    here = f"{where}: rule {rid!r}" + (f" (line {line})" if line else "")
    if not isinstance(raw, dict):
        raise KnowledgeError(f"{here}: expected a mapping")
    model: RuleModel = _validate(RuleModel, raw, here, context)
    try:
        _need_text(f"rule.{model.id}")
        _need_text(f"summary.{model.id}")
        for name, value in finding_keys(model.when):
            _need_text(f"finding.{name}" if value is None else f"finding.{name}.{value}")
    except ValueError as exc:
        raise KnowledgeError(f"{here}: {exc}") from None
    return Rule(
        model.id,
        model.disposition,
        model.when,
        model.suspects,
        model.actions,
        model.sources,
        line,
        model.safety_net,
    )


def read_ruleset(folder: Traversable | Path, label: str = "knowledge/triage") -> RuleSet:
    """Read and validate ``rules.yaml``, ``conditions.yaml``, ``actions.yaml`` and ``notes.yaml`` from ``folder``."""
    conditions_data, _ = knowledge.read_yaml(folder, "conditions.yaml", label)
    actions_data, _ = knowledge.read_yaml(folder, "actions.yaml", label)
    notes_data, _ = knowledge.read_yaml(folder, "notes.yaml", label)
    rules_data, rules_text = knowledge.read_yaml(folder, "rules.yaml", label)
    conditions = _parse_conditions(conditions_data, f"{label}/conditions.yaml")
    actions = _parse_actions(actions_data, f"{label}/actions.yaml")
    notes: NotesFile = _validate(NotesFile, notes_data or {}, f"{label}/notes.yaml")
    where = f"{label}/rules.yaml"
    context = {"actions": actions, "conditions": conditions}
    top: RulesFile = _validate(RulesFile, rules_data, where, context)
    lines = _rule_lines(rules_text)
    rules: list[Rule] = []
    for i, raw in enumerate(top.rules):
        rule = _parse_rule(raw, lines[i] if i < len(lines) else None, where, context)
        if any(r.id == rule.id for r in rules):
            raise KnowledgeError(f"{where}: rule {rule.id!r} (line {rule.line}) is defined twice")
        rules.append(rule)
    try:
        for d in DISPOSITIONS:
            _need_text(f"disposition.{d}")
        _need_text("summary.none")
        _need_text("summary.none_asked")
        for spec in FACTS.values():
            for asked in spec.asks:
                _need_text(f"question.{asked}")
    except ValueError as exc:
        raise KnowledgeError(f"{where}: {exc}") from None
    history = HistorySettings(**top.history.model_dump())
    canonical = json.dumps([rules_data, conditions_data, actions_data, notes_data], sort_keys=True, default=str)
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]
    return RuleSet(
        f"{top.version}+{digest}",
        tuple(rules),
        actions,
        conditions,
        history,
        top.default.actions,
        notes_patterns(notes.root),
    )


@lru_cache(maxsize=1)
def ruleset() -> RuleSet:
    """The packaged rule set (validated once per process)."""
    return read_ruleset(resources.files(knowledge.__name__).joinpath("triage"))
