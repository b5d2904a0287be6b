"""A stored triage result in the current language: the advice as it was given, in the reader's words.

A result is stored with the texts of the language it was given in. Its ids (rules, conditions,
actions, questions) say the same in every language, so the texts they stand for are put in again
from the locale files; words whose id is not known any more (a rule since retired), and the
findings behind a suspected condition (they carry the report's values), stay as they were stored.
The dispositions, ids, sources and rules version never change: only words do.
"""

from __future__ import annotations

import copy
import re
import string
from collections.abc import Mapping
from functools import cache
from typing import Any

from .. import knowledge
from .ruleset import ruleset


@cache
def _plain_ids() -> dict[str, str]:
    """Every text without placeholders, in every language, to its id (for words stored without their id)."""
    found: dict[str, str] = {}
    for lang in knowledge.LANGUAGES:
        for tid, text in knowledge.texts(lang).items():
            if "{" not in text and tid.startswith(("finding.", "summary.", "disposition.", "explanation.")):
                found.setdefault(text, tid)
    return found


@cache
def _value_templates() -> list[tuple[re.Pattern[str], str]]:
    """Finding texts with values ("pain for {value} days"), in every language, as patterns that read the values back."""
    found = []
    for lang in knowledge.LANGUAGES:
        for tid, text in knowledge.texts(lang).items():
            if not tid.startswith("finding.") or "{" not in text:
                continue
            pattern = ""
            names = set()
            for literal, name, _, _ in string.Formatter().parse(text):
                pattern += re.escape(literal)
                if name is not None:
                    pattern += f"(?P<{name}>-?[0-9.,]+)" if name not in names else f"(?P={name})"
                    names.add(name)
            found.append((re.compile(pattern), tid))
    return found


def _say(tid: str, stored: Any) -> Any:
    """The text ``tid`` in the current language, or what was stored when the id is not known."""
    return knowledge.texts().get(tid, stored)


def _again(stored: Any) -> Any:
    """Words stored without their id, in the current language when they are a known plain text."""
    if not isinstance(stored, str):
        return stored
    tid = _plain_ids().get(stored)
    if tid is not None:
        return knowledge.text(tid)
    for pattern, value_tid in _value_templates():
        match = pattern.fullmatch(stored)
        if match:
            values: dict[str, Any] = {k: _number(v) for k, v in match.groupdict().items()}
            return knowledge.text(value_tid, **values)
    return stored


def _number(text: str) -> int | float | str:
    plain = text.replace(",", "")
    try:
        return int(plain)
    except ValueError:
        try:
            return float(plain)
        except ValueError:
            return text


def in_current_language(result: Mapping[str, Any]) -> dict[str, Any]:
    """``result`` (a stored ``TriageResult.to_dict()``) with its texts in the current language."""
    out = copy.deepcopy(dict(result))
    for flag in out.get("red_flags") or []:
        if isinstance(flag, dict) and "id" in flag:
            flag["text"] = _say(f"rule.{flag['id']}", flag.get("text"))
    for cond in out.get("suspected") or []:
        if isinstance(cond, dict) and "id" in cond:
            cond["name"] = _say(f"condition.{cond['id']}", cond.get("name"))
            cond["why"] = [_again(w) for w in cond.get("why") or []]
    for action in out.get("actions") or []:
        if isinstance(action, dict) and "id" in action:
            action["text"] = _say(f"action.{action['id']}", action.get("text"))
    for question in out.get("questions") or []:
        if isinstance(question, dict) and "field" in question:
            question["text"] = _say(f"question.{question['field']}", question.get("text"))
    matched = [str(r) for r in out.get("matched_rules") or []]
    rules = {rule.id: rule for rule in ruleset().rules}
    if matched and matched[0] in rules:
        out["summary"] = _say(f"summary.{matched[0]}", out.get("summary"))
    else:
        out["summary"] = _again(out.get("summary"))
    disposition = out.get("disposition")
    if disposition and all(r in rules for r in matched):
        sentences = [f"{knowledge.text(f'rule.{r}')} [{', '.join(rules[r].sources)}]" for r in matched]
        tail = sentences or [knowledge.text("explanation.no_rule")]
        out["explanation"] = " ".join([_say(f"disposition.{disposition}", ""), *tail]).strip()
    if "disclaimer" in out:
        out["disclaimer"] = knowledge.text("disclaimer")
    return out
