"""The clinical vignette table (tests/triage/vignettes.yaml): each row a guideline case with its basis."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from strideguard.triage import DISPOSITIONS, triage

from .helpers import NEGATIVE, report

TABLE: list[dict[str, Any]] = yaml.safe_load((Path(__file__).parent / "vignettes.yaml").read_text(encoding="utf-8"))
KEYS = {"name", "basis", "base", "unset", "report", "profile", "expect", "matched", "not_matched", "asks", "actions"}
KEYS |= {"summary", "suspects"}


def build(row: dict[str, Any]) -> Any:
    base = dict(NEGATIVE) if row["base"] == "answered" else {}
    for name in row.get("unset", []):
        base.pop(name)
    return report(**{**base, **row["report"]})


def test_the_table_is_well_formed_and_large_enough() -> None:
    assert len(TABLE) >= 90
    assert len({r["name"] for r in TABLE}) == len(TABLE)
    for row in TABLE:
        assert set(row) <= KEYS, row["name"]
        assert row["basis"].strip(), row["name"]  # every case cites its basis
        assert row["base"] in ("answered", "sparse") and row["expect"] in DISPOSITIONS


@pytest.mark.parametrize("row", TABLE, ids=[r["name"] for r in TABLE])
def test_vignette_row(row: dict[str, Any]) -> None:
    result = triage(build(row), profile=row.get("profile"))
    assert result.disposition == row["expect"], (result.matched_rules, result.explanation)
    for rule in row.get("matched", []):
        assert rule in result.matched_rules, result.matched_rules
    for rule in row.get("not_matched", []):
        assert rule not in result.matched_rules, result.matched_rules
    asked = [q["field"] for q in result.questions]
    for fld in row.get("asks", []):
        assert fld in asked, asked
    action_ids = [a["id"] for a in result.actions]
    for aid in row.get("actions", []):
        assert aid in action_ids, action_ids
    named = [s["id"] for s in result.suspected]
    for cid in row.get("suspects", []):  # the condition a clinician would name
        assert cid in named, named
    if "summary" in row:
        assert row["summary"].lower() in result.summary.lower(), result.summary
    # the summary is one sentence, and it is the winning (first, most urgent) rule's own
    assert result.summary and result.summary.count(". ") == 0
    assert (result.disposition == "emergency") == bool(result.red_flags)
