"""strideguard.triage: symptom triage as data-driven rules (see ``knowledge/triage/``).

``triage(report, profile, history, load)`` returns a :class:`TriageResult` whose
``to_dict()`` is the contract's triage result. The engine and its rule files load
on first use, so that ``triage.episodes`` (read by status and plan) stays light.
"""

from __future__ import annotations

import sys
import types
from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .engine import TriageResult, triage
    from .ruleset import DISPOSITIONS, RuleSet, read_ruleset, ruleset

_WHERE = {
    "TriageResult": ".engine",
    "triage": ".engine",
    "DISPOSITIONS": ".ruleset",
    "RuleSet": ".ruleset",
    "read_ruleset": ".ruleset",
    "ruleset": ".ruleset",
}

__all__ = ["DISPOSITIONS", "RuleSet", "TriageResult", "read_ruleset", "ruleset", "triage"]


def __getattr__(name: str) -> Any:
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(where, __name__), name)
    globals()[name] = value
    return value


class _Triage(types.ModuleType):
    """Keeps ``triage.ruleset`` the function when the module of the same name is imported (as ``api`` does)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and _WHERE.get(name) == "." + name:
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Triage
