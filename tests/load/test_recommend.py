"""The recommendation: triage first, acute:chronic never alone, session capped by the spike and weekly bands."""

from __future__ import annotations

from datetime import date

import pytest

from strideguard.load import Signal, compute_signals
from strideguard.load.recommend import recommend
from strideguard.load.trimp import daily_series
from strideguard.plan.dose import prescribed_dose

from .helpers import d, runs

DOSE = prescribed_dose(None, date(2026, 6, 1))  # 30 min, 5.5 km easy run


def _recommend(items, on: int, triage=None, override: dict[str, str] | None = None):
    r = runs(items)
    signals = compute_signals(r, d(on), DOSE)
    if override:
        signals = [Signal(s.id, s.value, override.get(s.id, "ok"), s.detail, s.source, s.extra) for s in signals]
    return recommend(signals, DOSE, r, daily_series(r, d(on)), d(on), triage)


STEADY = [{"day": k, "km": 5.5, "moving_s": 1800} for k in range(60)]


@pytest.mark.parametrize("disposition", ["stop_and_rest", "see_doctor", "emergency"])
def test_no_running_while_triage_says_so(disposition: str) -> None:
    rec = _recommend(STEADY, 59, triage={"disposition": disposition, "report_date": "2026-02-20"}, override={})
    assert rec.disposition == disposition
    assert rec.session == {"kind": "rest", "duration_min": 0, "distance_km": 0.0}
    assert rec.actions[0]["id"] == "no_running"


def test_acute_chronic_ratio_is_never_the_only_reason() -> None:
    rec = _recommend(STEADY, 59, override={"acute_chronic_ratio": "high"})
    assert rec.disposition == "continue" and rec.reasons == [] and rec.actions == []
    rec = _recommend(STEADY, 59, override={"acute_chronic_ratio": "high", "session_spike": "high"})
    assert rec.disposition == "modify_training"
    assert rec.reasons == ["session_spike", "acute_chronic_ratio"]


def test_modify_training_triage_keeps_a_capped_run() -> None:
    rec = _recommend(STEADY, 59, triage={"disposition": "modify_training", "report_date": "2026-02-20"}, override={})
    assert rec.disposition == "modify_training"
    assert rec.session["kind"] == "easy_run" and rec.session["distance_km"] == 5.5


def test_session_never_exceeds_the_spike_cap() -> None:
    # Longest run of the last 30 days is 3 km: the next run is capped at 3 x 1.10 = 3.3 km, not the 5.5 km dose.
    # (Daily 3 km runs: the weekly cap for tomorrow is 21 x 1.3 - 18 = 9.3 km, not binding.)
    items = [{"day": k, "km": 3.0, "moving_s": 1200} for k in range(60)]
    rec = _recommend(items, 59)
    assert rec.session["distance_km"] == pytest.approx(3.3)
    assert rec.session["duration_min"] == round(30 * 3.3 / 5.5)


def test_session_never_makes_the_week_high() -> None:
    # Tomorrow is day 60: its previous week (days 47..53) holds 10 km, its week so far (days 54..59) 12 km.
    # Top of the caution band (+30 %) allows 13 km, so at most 1.0 km more.
    items = [{"day": 49, "km": 10.0}, {"day": 55, "km": 6.0}, {"day": 57, "km": 6.0}]
    rec = _recommend(items, 59)
    assert rec.session["distance_km"] == pytest.approx(1.0)


def test_without_history_the_session_is_the_dose() -> None:
    rec = _recommend([], 0)
    assert rec.session == {"kind": "easy_run", "duration_min": 30, "distance_km": 5.5}
    assert rec.disposition == "continue"
