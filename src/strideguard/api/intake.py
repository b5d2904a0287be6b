"""The symptom intake for the CLI and the web form: which questions apply and how an answer is read.

The logic is pure and lives in :mod:`strideguard.triage.intake` (driven by
``knowledge/triage/intake.yaml``); this module is the door the interfaces use.
"""

from __future__ import annotations

from ..triage.intake import (
    GROUPS,
    Intake,
    Question,
    Reading,
    applicable,
    choice_label,
    collect,
    intake,
    next_questions,
    parse_answer,
    read_answers,
)

__all__ = [
    "GROUPS",
    "Intake",
    "Question",
    "Reading",
    "applicable",
    "choice_label",
    "collect",
    "intake",
    "next_questions",
    "parse_answer",
    "read_answers",
]
