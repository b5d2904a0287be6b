"""The recommendation beside the plan's next session: episode first, acute:chronic never alone."""

from __future__ import annotations

from datetime import date

import pytest

from strideguard.load import Signal, compute_signals
from strideguard.plan.dose import prescribed_dose
from strideguard.plan.recommend import recommend

from ..load.helpers import d, runs

DOSE = prescribed_dose(None, date(2026, 6, 1))  # 30 min, 5.5 km easy run
SESSION = {"kind": "easy_run", "duration_min": 30, "distance_km": 5.5}
STEADY = [{"day": k, "km": 5.5, "moving_s": 1800} for k in range(60)]


def _recommend(items, on: int, triage=None, override: dict[str, str] | None = None, session=SESSION):
    signals = compute_signals(runs(items), d(on), DOSE)
    if override is not None:
        signals = [Signal(s.id, s.value, override.get(s.id, "ok"), s.detail, s.source, s.extra) for s in signals]
    return recommend(signals, session, triage)


@pytest.mark.parametrize("disposition", ["stop_and_rest", "see_doctor", "emergency"])
def test_no_running_while_the_governing_episode_says_so(disposition: str) -> None:
    rest = {"kind": "rest", "duration_min": 0, "distance_km": 0.0}
    triage = {"disposition": disposition, "report_date": "2026-02-20", "label": "left knee"}
    rec = _recommend(STEADY, 59, triage=triage, override={}, session=rest)
    assert rec.disposition == disposition
    assert rec.session == rest
    assert rec.actions[0]["id"] == "no_running" and "left knee" in rec.actions[0]["text"]


def test_acute_chronic_ratio_is_never_the_only_reason() -> None:
    rec = _recommend(STEADY, 59, override={"acute_chronic_ratio": "high"})
    assert rec.disposition == "continue" and rec.reasons == [] and rec.actions == []
    rec = _recommend(STEADY, 59, override={"acute_chronic_ratio": "high", "session_spike": "high"})
    assert rec.disposition == "modify_training"
    assert rec.reasons == ["session_spike", "acute_chronic_ratio"]


def test_the_session_is_the_plan_s_and_the_actions_do_not_contradict_it() -> None:
    rec = _recommend(STEADY, 59, override={"session_spike": "high", "session_dose": "high"})
    assert rec.session == SESSION  # never resized here: the planner's caps are the one set
    texts = " ".join(a["text"] for a in rec.actions)
    assert "the plan" in texts and "no longer than" not in texts


def test_modify_training_episode_keeps_the_plan_s_run() -> None:
    triage = {"disposition": "modify_training", "report_date": "2026-02-20", "label": "left knee"}
    rec = _recommend(STEADY, 59, triage=triage, override={})
    assert rec.disposition == "modify_training"
    assert rec.session == SESSION
