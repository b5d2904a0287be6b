"""strideguard.triage: symptom triage as data-driven rules (see ``knowledge/triage/``).

``triage(report, profile, history, load)`` returns a :class:`TriageResult` whose
``to_dict()`` is the contract's triage result.
"""

from .engine import TriageResult, triage
from .ruleset import DISPOSITIONS, RuleSet, read_ruleset, ruleset

__all__ = ["DISPOSITIONS", "RuleSet", "TriageResult", "read_ruleset", "ruleset", "triage"]
