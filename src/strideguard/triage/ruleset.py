"""Load and validate the triage knowledge: rules, conditions and actions (``knowledge/triage/``).

Everything is checked when the files are loaded, so that a typo can never turn
into a rule that silently never fires: unknown keys, fields, operators, values,
dispositions, conditions, actions, sources and missing texts are all a
``KnowledgeError`` naming the file, the rule and its line.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, fields
from functools import lru_cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

import yaml

from .. import knowledge
from ..errors import KnowledgeError
from .facts import FACTS
from .history import HistorySettings
from .logic import Node, TreeError, finding_keys, parse

DISPOSITIONS: tuple[str, ...] = ("emergency", "see_doctor", "stop_and_rest", "modify_training", "continue")
"""Most urgent first (CONTRACT.md)."""

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_RULE_KEYS = {"id", "disposition", "when", "suspects", "actions", "sources", "safety_net"}


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


def _rule_lines(text: str) -> list[int]:
    """Line (1-based) where each item of the top-level ``rules`` list starts."""
    root = yaml.compose(text)
    if not isinstance(root, yaml.MappingNode):
        return []
    for key, value in root.value:
        if key.value == "rules" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


def _ids(value: Any, what: str, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise KnowledgeError(f"{where}: {what} must be a list of ids")
    return tuple(value)


def _need_text(tid: str, where: str) -> None:
    if tid not in knowledge.texts("en"):
        raise KnowledgeError(f"{where}: no text {tid!r} in knowledge/locale/en/")


def _need_source(sid: str, where: str) -> None:
    if sid not in knowledge.sources():
        raise KnowledgeError(f"{where}: unknown source {sid!r}; add it to knowledge/sources/")


def _parse_actions(data: Any, where: str) -> dict[str, Action]:
    if not isinstance(data, dict) or not data:
        raise KnowledgeError(f"{where}: expected a mapping of action id to {{source: id}}")
    out: dict[str, Action] = {}
    for aid, entry in data.items():
        here = f"{where}: action {aid!r}"
        if not isinstance(aid, str) or not _ID.match(aid):
            raise KnowledgeError(f"{here}: ids are lower_snake_case")
        if not isinstance(entry, dict) or set(entry) != {"source"} or not isinstance(entry["source"], str):
            raise KnowledgeError(f"{here}: expected exactly {{source: <source id>}}")
        _need_source(entry["source"], here)
        _need_text(f"action.{aid}", here)
        out[aid] = Action(aid, entry["source"])
    return out


def _parse_conditions(data: Any, where: str) -> dict[str, Condition]:
    if not isinstance(data, dict) or not data:
        raise KnowledgeError(f"{where}: expected a mapping of condition id to {{regions, sources}}")
    regions = FACTS["region"].values
    out: dict[str, Condition] = {}
    for cid, entry in data.items():
        here = f"{where}: condition {cid!r}"
        if not isinstance(cid, str) or not _ID.match(cid):
            raise KnowledgeError(f"{here}: ids are lower_snake_case")
        if not isinstance(entry, dict) or set(entry) != {"regions", "sources"}:
            raise KnowledgeError(f"{here}: expected exactly the keys regions and sources")
        regs = _ids(entry["regions"], "regions", here)
        bad = [r for r in regs if r not in regions]
        if bad:
            raise KnowledgeError(f"{here}: unknown region(s) {bad}; use {', '.join(regions)}")
        srcs = _ids(entry["sources"], "sources", here)
        for sid in srcs:
            _need_source(sid, here)
        _need_text(f"condition.{cid}", here)
        out[cid] = Condition(cid, regs, srcs)
    return out


def _parse_history(data: Any, where: str) -> HistorySettings:
    names = {f.name for f in fields(HistorySettings)}
    if not isinstance(data, dict) or set(data) != names:
        got = sorted(data) if isinstance(data, dict) else data
        raise KnowledgeError(f"{where}: history needs exactly {sorted(names)}, got {got}")
    mechs = _ids(data["injury_mechanisms"], "injury_mechanisms", f"{where}: history")
    bad = [m for m in mechs if m not in FACTS["mechanism"].values]
    if bad:
        raise KnowledgeError(f"{where}: history.injury_mechanisms has unknown {bad}")
    ints = {k: v for k, v in data.items() if k != "injury_mechanisms"}
    for key, value in ints.items():
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise KnowledgeError(f"{where}: history.{key} must be a whole number >= 0")
    return HistorySettings(injury_mechanisms=mechs, **ints)


def _parse_rule(
    raw: Any, line: int | None, where: str, actions: dict[str, Action], conditions: dict[str, Condition]
) -> Rule:
    rid = raw.get("id") if isinstance(raw, dict) else None
    here = f"{where}: rule {rid!r}" + (f" (line {line})" if line else "")
    if not isinstance(raw, dict):
        raise KnowledgeError(f"{here}: expected a mapping")
    if not isinstance(rid, str) or not _ID.match(rid):
        raise KnowledgeError(f"{here}: id must be lower_snake_case text")
    extra, missing = set(raw) - _RULE_KEYS, {"id", "disposition", "when", "actions", "sources"} - set(raw)
    if extra or missing:
        raise KnowledgeError(f"{here}: unknown key(s) {sorted(extra)}, missing key(s) {sorted(missing)}")
    if raw["disposition"] not in DISPOSITIONS:
        raise KnowledgeError(
            f"{here}: unknown disposition {raw['disposition']!r}; use one of {', '.join(DISPOSITIONS)}"
        )
    try:
        tree = parse(raw["when"])
    except TreeError as exc:
        raise KnowledgeError(f"{here}: {exc}") from None
    suspects = _ids(raw.get("suspects", []), "suspects", here)
    for cid in suspects:
        if cid not in conditions:
            raise KnowledgeError(f"{here}: unknown condition {cid!r} in suspects")
    acts = _ids(raw["actions"], "actions", here)
    if not acts:
        raise KnowledgeError(f"{here}: a rule needs at least one action")
    for aid in acts:
        if aid not in actions:
            raise KnowledgeError(f"{here}: unknown action {aid!r}")
    srcs = _ids(raw["sources"], "sources", here)
    if not srcs:
        raise KnowledgeError(f"{here}: every rule cites at least one source")
    for sid in srcs:
        _need_source(sid, here)
    safety_net = raw.get("safety_net", False)
    if not isinstance(safety_net, bool):
        raise KnowledgeError(f"{here}: safety_net must be true or false")
    _need_text(f"rule.{rid}", here)
    for name, value in finding_keys(tree):
        _need_text(f"finding.{name}" if value is None else f"finding.{name}.{value}", here)
    return Rule(rid, raw["disposition"], tree, suspects, acts, srcs, line, safety_net)


def read_ruleset(folder: Traversable | Path, label: str = "knowledge/triage") -> RuleSet:
    """Read and validate ``rules.yaml``, ``conditions.yaml`` and ``actions.yaml`` from ``folder``."""
    conditions_data, _ = knowledge.read_yaml(folder, "conditions.yaml", label)
    actions_data, _ = knowledge.read_yaml(folder, "actions.yaml", label)
    rules_data, rules_text = knowledge.read_yaml(folder, "rules.yaml", label)
    conditions = _parse_conditions(conditions_data, f"{label}/conditions.yaml")
    actions = _parse_actions(actions_data, f"{label}/actions.yaml")
    where = f"{label}/rules.yaml"
    if not isinstance(rules_data, dict) or set(rules_data) != {"version", "history", "default", "rules"}:
        raise KnowledgeError(f"{where}: expected exactly the keys version, history, default and rules")
    history = _parse_history(rules_data["history"], where)
    default = rules_data["default"]
    if not isinstance(default, dict) or set(default) != {"actions"}:
        raise KnowledgeError(f"{where}: default needs exactly {{actions: [...]}}")
    default_actions = _ids(default["actions"], "default actions", where)
    for aid in default_actions:
        if aid not in actions:
            raise KnowledgeError(f"{where}: default: unknown action {aid!r}")
    raw_rules = rules_data["rules"]
    if not isinstance(raw_rules, list) or not raw_rules:
        raise KnowledgeError(f"{where}: rules must be a non-empty list")
    lines = _rule_lines(rules_text)
    rules: list[Rule] = []
    for i, raw in enumerate(raw_rules):
        rule = _parse_rule(raw, lines[i] if i < len(lines) else None, where, actions, conditions)
        if any(r.id == rule.id for r in rules):
            raise KnowledgeError(f"{where}: rule {rule.id!r} (line {rule.line}) is defined twice")
        rules.append(rule)
    for d in DISPOSITIONS:
        _need_text(f"disposition.{d}", where)
    for spec in FACTS.values():
        for asked in spec.asks:
            _need_text(f"question.{asked}", f"{where}: fact {spec.name!r}")
    canonical = json.dumps([rules_data, conditions_data, actions_data], sort_keys=True, default=str)
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]
    return RuleSet(f"{rules_data['version']}+{digest}", tuple(rules), actions, conditions, history, default_actions)


@lru_cache(maxsize=1)
def ruleset() -> RuleSet:
    """The packaged rule set (validated once per process)."""
    return read_ruleset(resources.files(knowledge.__name__).joinpath("triage"))
