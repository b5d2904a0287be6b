"""The programme library and cards are complete data: sets, reps, a cue and a known source for each exercise."""

from __future__ import annotations

import pytest

from strideguard import knowledge
from strideguard.errors import KnowledgeError
from strideguard.plan import library, programmes


def test_every_exercise_has_sets_reps_cue_and_a_known_source() -> None:
    lib = library.programmes()
    assert set(lib) == {"warmup", "strength", "stretching", "cooldown"}
    for items in lib.values():
        for ex in items:
            assert ex.sets >= 1 and ex.reps
            assert knowledge.text(f"ex.{ex.id}.cue").endswith(".")
            assert ex.source in knowledge.sources()


def test_strength_covers_quadriceps_hips_calves_ankle_balance_and_feet() -> None:
    groups = {ex.group for ex in library.programmes()["strength"]}
    assert {"quadriceps", "hips", "calves", "balance", "feet"} <= groups


@pytest.mark.parametrize(("risk", "group"), [("knee", "quadriceps"), ("ankle", "balance"), ("foot", "feet")])
def test_sessions_pick_risk_specific_exercises_first(risk: str, group: str) -> None:
    chosen = programmes.pick("strength", [risk])
    assert chosen[0].group == group or any(e.group == group for e in chosen[:2])
    assert all(risk in e.tags or "all" in e.tags for e in chosen)
    assert len(chosen) <= library.programme_limit("strength")


def test_an_unknown_source_id_is_a_knowledge_error() -> None:
    with pytest.raises(KnowledgeError, match="not-a-source"):
        library.check_source("not-a-source", "test")
