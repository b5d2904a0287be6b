"""The triage engine: a symptom report (+ profile, history, load) in, a contract result out.

Deterministic and total: every rule is evaluated on the same facts, the most
urgent matching disposition wins, and the matched rules are the explanation.
Rules whose verdict is still unknown, and that are more urgent than the answer,
turn into ``questions``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from .. import knowledge
from ..schemas import SymptomReport
from .facts import FACTS, build_facts
from .logic import Finding, Outcome
from .ruleset import DISPOSITIONS, Rule, RuleSet, ruleset


@dataclass(frozen=True)
class TriageResult:
    summary: str  # one plain sentence first: what to do and why (the winning rule's summary text)
    disposition: str
    red_flags: list[dict[str, Any]]
    suspected: list[dict[str, Any]]
    actions: list[dict[str, str]]
    explanation: str
    sources: dict[str, str]
    disclaimer: str
    matched_rules: list[str]
    questions: list[dict[str, str]]
    rules_version: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def finding_texts(finding: Finding) -> list[str]:
    """The runner-facing words for one true condition."""
    kind = FACTS[finding.field].kind
    if kind == "bool":
        return [knowledge.text(f"finding.{finding.field}")]
    if kind == "int":
        return [knowledge.text(f"finding.{finding.field}", value=v) for v in finding.values]
    return [knowledge.text(f"finding.{finding.field}.{v}") for v in finding.values]


def _unique(items: Sequence[Any]) -> list[Any]:
    return list(dict.fromkeys(items))


def _rule_sentence(rule: Rule) -> str:
    return f"{knowledge.text(f'rule.{rule.id}')} [{', '.join(rule.sources)}]"


def _questions(report: SymptomReport, evaluated: list[tuple[Rule, Outcome]], rank: int) -> list[dict[str, str]]:
    """Unreported fields whose answer could make a more urgent rule fire (most urgent first)."""
    wanted: list[str] = []
    ordered = sorted(evaluated, key=lambda pair: pair[0].rank)
    for rule, out in ordered:
        facts: tuple[str, ...] = ()
        if out.value is None and rule.rank < rank:
            facts = out.unknown
        elif out.value is True:
            facts = out.asked
        for fact in facts:
            wanted.extend(f for f in FACTS[fact].asks if getattr(report, f) is None)
    return [{"field": f, "text": knowledge.text(f"question.{f}")} for f in _unique(wanted)]


def _action_ids(rs: RuleSet, matched: list[Rule], disposition: str) -> list[str]:
    """The winning level's actions; with ``see_doctor`` also the stop-and-rest ones; safety-net checks
    unless it is an emergency (then nothing may distract: no stretching or massage of a possible clot)."""
    ids = [a for r in matched if r.disposition == disposition for a in r.actions]
    if disposition == "see_doctor":
        ids.extend(a for r in matched if r.disposition == "stop_and_rest" for a in r.actions)
    if disposition != "emergency":
        ids.extend(a for r in matched if r.safety_net for a in r.actions)
    if disposition == "continue":
        ids.extend(rs.default_actions)
    return ids


def triage(
    report: SymptomReport,
    profile: Mapping[str, Any] | None = None,
    history: Sequence[SymptomReport] = (),
    load: Mapping[str, str] | None = None,
    rules: RuleSet | None = None,
) -> TriageResult:
    """Triage one validated report.

    ``profile`` may give ``birth_year`` (used when the report has no age);
    ``history`` holds the runner's earlier reports (only those dated on or before
    this report count); ``load`` maps status signal ids (``session_spike``,
    ``weekly_change``) to their level.
    """
    rs = rules or ruleset()
    facts = build_facts(report, profile, history, load, settings=rs.history, notes=rs.notes)
    evaluated = [(rule, rule.when.evaluate(facts)) for rule in rs.rules]
    matched = sorted(((r, o) for r, o in evaluated if o.value is True), key=lambda pair: pair[0].rank)
    rank = matched[0][0].rank if matched else DISPOSITIONS.index("continue")
    disposition = DISPOSITIONS[rank]

    red_flags = [
        {"id": r.id, "text": knowledge.text(f"rule.{r.id}"), "sources": list(r.sources)}
        for r, _ in matched
        if r.disposition == "emergency"
    ]

    why: dict[str, list[str]] = {}
    for rule, out in matched:
        texts = [t for f in out.findings for t in finding_texts(f)]
        for cid in rule.suspects:
            why.setdefault(cid, []).extend(texts)
    suspected = [
        {"id": cid, "name": knowledge.text(f"condition.{cid}"), "why": _unique(reasons)} for cid, reasons in why.items()
    ]

    action_ids = _action_ids(rs, [r for r, _ in matched], disposition)
    actions = [
        {"id": a, "text": knowledge.text(f"action.{a}"), "source": rs.actions[a].source} for a in _unique(action_ids)
    ]

    if matched:
        explanation = " ".join([knowledge.text(f"disposition.{disposition}"), *(_rule_sentence(r) for r, _ in matched)])
    else:
        explanation = " ".join([knowledge.text(f"disposition.{disposition}"), knowledge.text("explanation.no_rule")])

    cited = _unique([s for r, _ in matched for s in r.sources] + [a["source"] for a in actions])
    sources = {sid: knowledge.source(sid)["citation"] for sid in cited}

    questions = _questions(report, evaluated, rank)
    if matched:
        summary = knowledge.text(f"summary.{matched[0][0].id}")
    else:  # "no warning signs" only when nothing that could change it is left unanswered
        summary = knowledge.text("summary.none_asked" if questions else "summary.none")

    return TriageResult(
        summary=summary,
        disposition=disposition,
        red_flags=red_flags,
        suspected=suspected,
        actions=actions,
        explanation=explanation,
        sources=sources,
        disclaimer=knowledge.text("disclaimer"),
        matched_rules=[r.id for r, _ in matched],
        questions=questions,
        rules_version=rs.version,
    )
