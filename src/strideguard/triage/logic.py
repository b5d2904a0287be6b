"""Condition trees in the business-rules style, evaluated with three-valued logic.

A tree is ``{"all": [...]}``, ``{"any": [...]}``, ``{"not": node}``, ``{"supporting": [...]}`` or a
leaf ``{"field", "operator", "value"}`` (optionally ``quiet: true``, not listed as a finding, and
``ask: false``, never turned into a question). A leaf on an unknown fact is *unknown*
(``None``), never false: ``all`` is false only if a child is false, ``any`` is
true only if a child is true, and a rule fires only when its tree is true.
Unknown leaves are kept so that the engine can ask about them.

``supporting`` holds findings that strengthen a rule without deciding it (a recent increase in
running, eating too little, missed periods beside a bone stress injury): it is always true; its
true children add their findings to the rule's "why", and its unknown children are asked once the
rule has fired. It never changes whether a rule fires.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import KnowledgeError
from .facts import FACTS, FactSpec

Tri = bool | None

OPERATORS: dict[str, tuple[str, ...]] = {
    "bool": ("is_true", "is_false", "is_known", "is_unknown"),
    "int": ("eq", "ne", "gt", "gte", "lt", "lte", "between", "is_known", "is_unknown"),
    "enum": ("eq", "ne", "in", "not_in", "is_known", "is_unknown"),
    "set": ("contains", "contains_any", "is_nonempty", "is_empty", "is_known", "is_unknown"),
}
_NO_VALUE = {"is_true", "is_false", "is_known", "is_unknown", "is_nonempty", "is_empty"}
# Leaves that, when true, are findings about the runner (the "why" of a suspicion).
_POSITIVE = {"is_true", "eq", "gt", "gte", "lt", "lte", "between", "in", "contains", "contains_any", "is_nonempty"}


@dataclass(frozen=True)
class Finding:
    """A true leaf: the fact and the value(s) of it that matched."""

    field: str
    values: tuple[Any, ...]


@dataclass(frozen=True)
class Outcome:
    value: Tri
    findings: tuple[Finding, ...] = ()
    unknown: tuple[str, ...] = ()  # facts whose answer could change this outcome
    asked: tuple[str, ...] = ()  # facts a true ``is_unknown`` leaf found missing


@dataclass(frozen=True)
class Leaf:
    field: str
    operator: str
    value: Any = None
    quiet: bool = False
    ask: bool = True  # False: an unknown answer here is never asked for (other rules ask in context)

    def evaluate(self, facts: Mapping[str, Any]) -> Outcome:
        fact = facts.get(self.field)
        op = self.operator
        if op == "is_unknown":
            return Outcome(fact is None, asked=(self.field,) if fact is None else ())
        if op == "is_known":
            return Outcome(fact is not None)
        if fact is None:
            return Outcome(None, unknown=(self.field,) if self.ask else ())
        hit, matched = _apply(op, fact, self.value)
        findings = (Finding(self.field, matched),) if hit and op in _POSITIVE and not self.quiet else ()
        return Outcome(hit, findings)

    def fields(self) -> tuple[str, ...]:
        return (self.field,)


@dataclass(frozen=True)
class All:
    children: tuple[Node, ...] = field(default_factory=tuple)

    def evaluate(self, facts: Mapping[str, Any]) -> Outcome:
        outs = [c.evaluate(facts) for c in self.children]
        if any(o.value is False for o in outs):
            return Outcome(False)
        if any(o.value is None for o in outs):
            return Outcome(
                None, unknown=_join(o.unknown for o in outs if o.value is None), asked=_join(o.asked for o in outs)
            )
        return Outcome(True, _join_f(o.findings for o in outs), asked=_join(o.asked for o in outs))

    def fields(self) -> tuple[str, ...]:
        return _join(c.fields() for c in self.children)


@dataclass(frozen=True)
class AnyOf:
    children: tuple[Node, ...] = field(default_factory=tuple)

    def evaluate(self, facts: Mapping[str, Any]) -> Outcome:
        outs = [c.evaluate(facts) for c in self.children]
        true = [o for o in outs if o.value is True]
        if true:
            return Outcome(True, _join_f(o.findings for o in true), asked=_join(o.asked for o in true))
        if any(o.value is None for o in outs):
            return Outcome(None, unknown=_join(o.unknown for o in outs if o.value is None))
        return Outcome(False)

    def fields(self) -> tuple[str, ...]:
        return _join(c.fields() for c in self.children)


@dataclass(frozen=True)
class Not:
    child: Node

    def evaluate(self, facts: Mapping[str, Any]) -> Outcome:
        out = self.child.evaluate(facts)
        return Outcome(None if out.value is None else not out.value, unknown=out.unknown)

    def fields(self) -> tuple[str, ...]:
        return self.child.fields()


@dataclass(frozen=True)
class Supporting:
    children: tuple[Node, ...] = field(default_factory=tuple)

    def evaluate(self, facts: Mapping[str, Any]) -> Outcome:
        outs = [c.evaluate(facts) for c in self.children]
        true = [o for o in outs if o.value is True]
        asked = _join([*(o.asked for o in true), *(o.unknown for o in outs if o.value is None)])
        return Outcome(True, _join_f(o.findings for o in true), asked=asked)

    def fields(self) -> tuple[str, ...]:
        return _join(c.fields() for c in self.children)


Node = Leaf | All | AnyOf | Not | Supporting


def _join(groups: Any) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for group in groups:
        for name in group:
            seen.setdefault(name, None)
    return tuple(seen)


def _join_f(groups: Any) -> tuple[Finding, ...]:
    seen: dict[Finding, None] = {}
    for group in groups:
        for item in group:
            seen.setdefault(item, None)
    return tuple(seen)


def _apply(op: str, fact: Any, value: Any) -> tuple[bool, tuple[Any, ...]]:
    """Apply a (validated) operator to a known fact; return the verdict and the matched values."""
    if op == "is_true":
        return fact is True, (True,)
    if op == "is_false":
        return fact is False, ()
    if op == "eq":
        return fact == value, (fact,)
    if op == "ne":
        return fact != value, ()
    if op == "in":
        return fact in value, (fact,)
    if op == "not_in":
        return fact not in value, ()
    if op == "gt":
        return fact > value, (fact,)
    if op == "gte":
        return fact >= value, (fact,)
    if op == "lt":
        return fact < value, (fact,)
    if op == "lte":
        return fact <= value, (fact,)
    if op == "between":
        return value[0] <= fact <= value[1], (fact,)
    if op == "contains":
        return value in fact, (value,)
    if op == "contains_any":
        matched = tuple(v for v in value if v in fact)
        return bool(matched), matched
    if op == "is_nonempty":
        return bool(fact), tuple(sorted(fact))
    if op == "is_empty":
        return not fact, ()
    raise KnowledgeError(f"operator {op!r} has no implementation")  # unreachable after validation


# ---------------------------------------------------------------- parsing with validation


class TreeError(ValueError):
    """A problem in one condition tree; the rule loader adds the file and the rule."""


def parse(node: Any, path: str = "when") -> Node:
    """Build a validated tree from the YAML/JSON form; raise ``TreeError`` naming the place."""
    if not isinstance(node, dict):
        raise TreeError(f"{path}: expected a mapping with all/any/not/supporting or field/operator, got {node!r}")
    groups = [k for k in ("all", "any", "not", "supporting") if k in node]
    if groups:
        if len(node) != 1:
            raise TreeError(f"{path}: a group has exactly one key (all, any, not or supporting), got {sorted(node)}")
        key = groups[0]
        if key == "not":
            return Not(parse(node["not"], f"{path}.not"))
        children = node[key]
        if not isinstance(children, list) or not children:
            raise TreeError(f"{path}.{key}: expected a non-empty list of conditions")
        parsed = tuple(parse(c, f"{path}.{key}[{i}]") for i, c in enumerate(children))
        if key == "all":
            return All(parsed)
        return AnyOf(parsed) if key == "any" else Supporting(parsed)
    return _parse_leaf(node, path)


def _parse_leaf(node: dict[str, Any], path: str) -> Leaf:
    extra = set(node) - {"field", "operator", "value", "quiet", "ask"}
    if extra:
        raise TreeError(
            f"{path}: unknown key(s) {sorted(extra)}; a condition has field, operator, value (and quiet, ask)"
        )
    name = node.get("field")
    if name not in FACTS:
        raise TreeError(f"{path}: unknown field {name!r}; use one of {', '.join(sorted(FACTS))}")
    spec = FACTS[name]
    op = node.get("operator")
    if op not in OPERATORS[spec.kind]:
        raise TreeError(
            f"{path}: unknown operator {op!r} for {spec.kind} field {name!r};"
            f" use one of {', '.join(OPERATORS[spec.kind])}"
        )
    quiet = node.get("quiet", False)
    if not isinstance(quiet, bool):
        raise TreeError(f"{path}: quiet must be true or false")
    ask = node.get("ask", True)
    if not isinstance(ask, bool):
        raise TreeError(f"{path}: ask must be true or false")
    if op in _NO_VALUE:
        if "value" in node:
            raise TreeError(f"{path}: operator {op!r} takes no value")
        return Leaf(name, op, None, quiet, ask)
    if "value" not in node:
        raise TreeError(f"{path}: operator {op!r} needs a value")
    value = _check_value(spec, op, node["value"], path)
    return Leaf(name, op, value, quiet, ask)


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _check_value(spec: FactSpec, op: str, value: Any, path: str) -> Any:
    where = f"{path}: value {value!r} for {spec.name!r} ({op})"
    if spec.kind == "int":
        if op == "between":
            if not (
                isinstance(value, list) and len(value) == 2 and all(_is_int(v) for v in value) and value[0] <= value[1]
            ):
                raise TreeError(f"{where}: use [low, high], two whole numbers")
            return (value[0], value[1])
        if not _is_int(value):
            raise TreeError(f"{where}: use a whole number")
        return value
    if op in ("in", "not_in", "contains_any"):
        if not isinstance(value, list) or not value:
            raise TreeError(f"{where}: use a non-empty list")
        bad = [v for v in value if v not in spec.values]
        if bad:
            raise TreeError(f"{where}: {bad!r} not allowed; use values from {', '.join(spec.values)}")
        return tuple(value)
    if value not in spec.values:
        raise TreeError(f"{where}: not allowed; use one of {', '.join(spec.values)}")
    return value


def finding_keys(node: Node) -> list[tuple[str, Any]]:
    """Every (field, value) a true positive leaf of this tree can report, for text checks."""
    keys: list[tuple[str, Any]] = []
    if isinstance(node, Leaf):
        if node.quiet or node.operator not in _POSITIVE:
            return keys
        spec = FACTS[node.field]
        if spec.kind in ("bool", "int"):
            keys.append((node.field, None))
        elif node.operator in ("in", "contains_any"):
            keys.extend((node.field, v) for v in node.value)
        elif node.operator == "is_nonempty":
            keys.extend((node.field, v) for v in spec.values)
        else:
            keys.append((node.field, node.value))
    elif isinstance(node, (All, AnyOf, Supporting)):
        for child in node.children:
            keys.extend(finding_keys(child))
    return keys
