"""The morning check-in through the Python API: stored whole, refused whole, and fed to the
pain-monitoring rules (status, plan, triage history, episodes) without ever lowering an episode."""

from __future__ import annotations

import pytest

from strideguard import api
from strideguard.errors import ConflictError, InputError
from strideguard.store import Database

from .conftest import TODAY, ago, calf_clot, episode_of, knee


def test_a_checkin_stores_what_it_says_and_a_second_one_replaces_it(db: Database) -> None:
    episode = api.symptom_log(db, knee(3))["episode"]["id"]
    result = api.checkin(db, ago(2), {str(episode): 3}, 2)
    assert result["date"] == ago(2) and result["stiffness"] == 2
    assert result["pains"] == [{"episode_id": episode, "label": "left knee", "pain": 3}]
    # the same morning again: replaced whole (the stiffness not said any more is gone)
    api.checkin(db, ago(2), {episode: 1})
    assert api.checkins(db) == [
        {"date": ago(2), "stiffness": None, "pains": [{"episode_id": episode, "label": "left knee", "pain": 1}]}
    ]
    # stiffness alone is a check-in too
    api.checkin(db, ago(1), stiffness=4)
    assert [c["stiffness"] for c in api.checkins(db, since=ago(1))] == [4]


@pytest.mark.parametrize(
    ("pains", "stiffness", "field"),
    [
        ({"1": 11}, None, "pains.1"),
        ({"1": -1}, None, "pains.1"),
        ({"1": 2.5}, None, "pains.1"),
        ({"1": "bad"}, None, "pains.1"),
        ({"knee": 2}, None, "pains"),
        ({"99": 2}, None, "pains.99"),
        ({}, 11, "stiffness"),
        ({}, None, "pains"),
    ],
)
def test_bad_values_are_refused_naming_the_field_and_nothing_is_stored(
    db: Database, pains: dict[str, object], stiffness: object, field: str
) -> None:
    api.symptom_log(db, knee(3))
    with pytest.raises(InputError) as refused:
        api.checkin(db, ago(1), pains, stiffness)
    assert refused.value.field == field
    assert api.checkins(db) == []


def test_a_checkin_is_refused_for_the_future_and_for_an_episode_not_open_that_morning(db: Database) -> None:
    episode = api.symptom_log(db, knee(3))["episode"]["id"]
    with pytest.raises(InputError) as refused:
        api.checkin(db, "2099-01-01", {episode: 1})
    assert refused.value.field == "date"
    # the episode opened 3 days ago: a morning before that has no such sore spot
    with pytest.raises(InputError, match="not open on") as refused:
        api.checkin(db, ago(5), {episode: 1})
    assert refused.value.field == f"pains.{episode}"
    api.symptom_resolve(db, episode, "seen by a physiotherapist: cleared", ago(1))
    with pytest.raises(InputError, match="not open"):
        api.checkin(db, ago(0), {episode: 1})
    assert api.checkins(db) == []


def test_a_worse_morning_reduces_the_load_in_status_and_plan(db: Database) -> None:
    episode = api.symptom_log(db, knee(3))["episode"]["id"]
    assert api.status(db)["recommendation"]["disposition"] == "continue"
    result = api.checkin(db, ago(2), {episode: 3})  # 3/10 the morning after 2/10 during the run
    state = result["episodes"][0]
    assert state["disposition"] == "modify_training"
    assert [m["id"] for m in state["latest_checkin"]["matched"]] == ["above_during"]
    assert state["latest_checkin"]["matched"][0]["source"] == "silbernagel-2007"
    status = api.status(db)
    assert status["recommendation"]["disposition"] == "modify_training"
    assert status["episodes"][0]["latest_checkin"]["pain"] == 3
    assert api.plan(db, days=3)["disposition"] == "modify_training"
    # worse again the next morning (4 after 3), above the safe zone twice: stop running
    state = api.checkin(db, ago(1), {episode: 4})["episodes"][0]
    assert state["disposition"] == "stop_and_rest"
    assert {m["id"] for m in state["latest_checkin"]["matched"]} == {"not_settling", "worse_than_before"}
    assert api.plan(db, days=3)["mode"] == "no_running"


def test_a_settled_morning_closes_the_episode_and_a_correction_reopens_it(db: Database) -> None:
    episode = api.symptom_log(db, knee(3))["episode"]["id"]
    api.checkin(db, ago(2), {episode: 1})  # 2/10 during the run, 1/10 the next morning: settled
    closed = episode_of(db, episode)
    assert (closed["open"], closed["closed_on"], closed["closed_reason"]) == (False, ago(2), "settled")
    assert api.episodes(db) == []
    # the runner corrects that morning to 3/10: not settled, the episode is open again
    api.checkin(db, ago(2), {episode: 3})
    reopened = episode_of(db, episode)
    assert reopened["open"] and reopened["closed_on"] is None
    assert reopened["disposition"] == "modify_training"  # 3/10 the morning after 2/10 during
    # deleting the check-in leaves the report alone governing: continue, open
    api.checkin_delete(db, ago(2))
    assert episode_of(db, episode)["disposition"] == "continue" and episode_of(db, episode)["open"]


def test_a_correction_that_would_reopen_an_episode_a_later_one_follows_is_refused(db: Database) -> None:
    first = api.symptom_log(db, knee(5))["episode"]["id"]
    api.checkin(db, ago(4), {first: 0})  # settles the first episode
    second = api.symptom_log(db, knee(2))["episode"]["id"]  # the knee again: a new episode
    assert second != first
    with pytest.raises(ConflictError, match="later"):
        api.checkin(db, ago(4), {first: 4})
    # nothing changed
    assert api.checkins(db)[0]["pains"][0]["pain"] == 0
    assert episode_of(db, first)["closed_on"] == ago(4)


def test_a_checkin_never_lowers_or_clears_a_red_flag_nor_touches_another_episode(db: Database) -> None:
    clot = api.symptom_log(db, calf_clot(2))["episode"]
    assert clot["disposition"] == "emergency"
    knee_episode = api.symptom_log(db, knee(3))["episode"]["id"]
    knee_before = episode_of(db, knee_episode)
    api.checkin(db, ago(1), {clot["id"]: 0})
    api.checkin(db, ago(0), {clot["id"]: 0})
    after = episode_of(db, clot["id"])
    assert after["open"] and after["disposition"] == "emergency"
    assert episode_of(db, knee_episode) == knee_before
    assert api.status(db)["recommendation"]["disposition"] == "emergency"


def test_the_triage_of_a_later_report_sees_the_checkins_in_its_history(db: Database) -> None:
    episode = api.symptom_log(db, knee(4))["episode"]["id"]
    # without check-ins a report saying 3/10 the next morning has nothing to compare with
    assert "pain_monitoring_worse_next_morning" not in api.triage(db, knee(2, pain_next_morning=3))["matched_rules"]
    api.checkin(db, ago(3), {episode: 1})  # the morning after the first run: 1/10
    matched = api.triage(db, knee(2, pain_next_morning=3))["matched_rules"]
    assert "pain_monitoring_worse_next_morning" in matched  # 3/10 now against 1/10 before


def test_the_checkin_form_asks_for_the_open_sore_spots_of_that_morning(db: Database) -> None:
    assert api.checkin_form(db, ago(0))["spots"] == []
    knee_episode = api.symptom_log(db, knee(3))["episode"]["id"]
    clot = api.symptom_log(db, calf_clot(1))["episode"]["id"]
    form = api.checkin_form(db, ago(0))
    assert [s["episode_id"] for s in form["spots"]] == [clot, knee_episode]  # most urgent first
    assert form["stored"] is False and form["date"] == TODAY.isoformat()
    # two days ago the calf had not been reported yet
    assert [s["episode_id"] for s in api.checkin_form(db, ago(2))["spots"]] == [knee_episode]
