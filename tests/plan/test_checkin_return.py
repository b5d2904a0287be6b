"""The walk-run return advances on the 24-hour response: the morning check-ins after a session
(pain-monitoring model, Silbernagel 2007), beside the reports' own next-morning answers."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from strideguard.plan.core import make_plan
from strideguard.plan.model import History, PlanInputs, Report
from strideguard.triage.episodes import Morning, group

TODAY = date(2026, 11, 25)
BLOCK = Report(date=TODAY - timedelta(days=10), region="knee", disposition="stop_and_rest", pain_during=7)
# cleared 6 days ago: 2/10 during, the next morning not said
CLEAR = Report(date=TODAY - timedelta(days=6), region="knee", disposition="continue", pain_during=2)
KM = [0.0] * 14
KM[-5] = 2.0  # one walk-run session 4 days ago: the next would be stage 2


def plan_with(mornings: list[tuple[int, int]]) -> dict[str, Any]:
    """The plan when the knee episode has these check-ins (days before today, pain)."""
    episodes = tuple(group([BLOCK, CLEAR]))
    assert len(episodes) == 1
    episode = replace(episodes[0], mornings=tuple(Morning(TODAY - timedelta(days=n), p) for n, p in mornings))
    inputs = PlanInputs(
        today=TODAY,
        profile={"experience": "intermediate", "birth_year": 1990},
        history=History.from_daily(TODAY - timedelta(days=13), KM),
        reports=(BLOCK, CLEAR),
        days=7,
        episodes=(episode,),
    )
    return make_plan(inputs).to_dict()


def _whys(plan: dict[str, Any]) -> list[str]:
    return [w for d in plan["days"] for w in d["session"]["why"]]


def _first_stage(plan: dict[str, Any]) -> str:
    return next(w for w in _whys(plan) if "stage" in w)


def test_without_a_morning_after_the_session_the_stage_waits() -> None:
    plan = plan_with([])
    assert plan["mode"] == "return_to_run"
    assert _first_stage(plan).startswith("Return to run, stage 2 of 7")
    assert any("is not known yet" in w for w in _whys(plan))


def test_a_settled_morning_after_the_session_lets_it_advance() -> None:
    # the morning after the session (3 days ago): 1/10, and 1/10 again since: within the limits
    plan = plan_with([(3, 1), (1, 1)])
    assert _first_stage(plan).startswith("Return to run, stage 2 of 7")
    assert not any("Stay at this stage" in w for w in _whys(plan))


def test_a_morning_worse_than_the_one_before_steps_back() -> None:
    plan = plan_with([(3, 1), (1, 2)])
    assert _first_stage(plan).startswith("Return to run, stage 1 of 7")
    assert any("worse than the morning before" in w for w in _whys(plan))


def test_a_morning_above_the_pain_during_the_session_steps_back() -> None:
    # the clearing report said 2/10 during; the next morning (5 days ago) 3/10
    plan = plan_with([(5, 3)])
    assert plan["mode"] == "return_to_run" and plan["disposition"] == "modify_training"
    assert _first_stage(plan).startswith("Return to run, stage 1 of 7")


def test_mornings_above_the_safe_zone_twice_stop_running() -> None:
    plan = plan_with([(5, 3), (3, 3)])
    assert plan["mode"] == "no_running" and plan["disposition"] == "stop_and_rest"
    assert all(d["session"]["distance_km"] == 0 for d in plan["days"])
