"""Symptom episodes (DESIGN.md 6b): keys, settling, grouping, and what stays open."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from strideguard.triage.episodes import Episode, EpisodeKey, Report, group, key_of, label, open_on, settles

DAY = date(2026, 11, 20)


def test_the_key_is_region_side_and_site_where_the_location_matters() -> None:
    assert key_of({"region": "knee", "side": "left", "location": "below_kneecap"}) == EpisodeKey("knee", "left", None)
    # the heel and the toes are different problems of one foot; the Achilles is not the outer ankle
    assert key_of({"region": "foot", "side": "right", "location": "heel"}).site == "rearfoot"
    assert key_of({"region": "foot", "side": "right", "location": "toes"}).site == "forefoot"
    assert key_of({"region": "ankle", "location": "achilles"}) == EpisodeKey("ankle", None, "achilles")
    assert key_of({"region": "ankle", "location": "outer"}) == EpisodeKey("ankle", None, "ankle")
    # an unreported side is its own key, never "the same" as a known side
    assert key_of({"region": "calf"}) != key_of({"region": "calf", "side": "left"})


def test_labels_name_the_body_part() -> None:
    assert label(EpisodeKey("knee", "left")) == "left knee"
    assert label(EpisodeKey("foot", "right", "rearfoot")) == "right foot (heel, sole or arch)"
    assert label(EpisodeKey("back")) == "lower back"


@pytest.mark.parametrize(
    ("report", "disposition", "expected"),
    [
        ({"pain_during": 2, "pain_next_morning": 0}, "continue", True),
        # pain-monitoring limits (Silbernagel 2007): up to 5/10 during is acceptable, next morning back to 0-2
        ({"pain_during": 5, "pain_next_morning": 2}, "continue", True),
        ({"pain_during": 6, "pain_next_morning": 2}, "continue", False),
        ({"pain_during": 2, "pain_next_morning": 3}, "continue", False),
        # settled "by the next morning" must be reported, not assumed
        ({"pain_during": 1}, "continue", False),
        ({"pain_during": 0, "pain_next_morning": 0}, "modify_training", False),
        ({"pain_during": 0, "pain_next_morning": 0}, "emergency", False),
        ({"pain_rest": 6, "pain_next_morning": 0}, "continue", False),
    ],
)
def test_a_report_settles_only_within_the_limits_and_settled_next_morning(
    report: dict, disposition: str, expected: bool
) -> None:
    assert settles({"region": "knee", **report}, disposition) is expected


def _r(days: int, region: str, disposition: str, **more: object) -> Report:
    return Report(date=DAY + timedelta(days=days), region=region, disposition=disposition, **more)  # type: ignore[arg-type]


def test_a_report_on_another_body_part_never_touches_an_open_episode() -> None:
    calf = _r(0, "calf", "emergency", side="left")
    blister = _r(0, "foot", "continue", side="left", location="toes", pain_during=1, pain_next_morning=0)
    episodes = group([calf, blister])
    assert len(episodes) == 2
    now = open_on(episodes, DAY + timedelta(days=1))
    assert [e.key.region for e in now] == ["calf"]  # the blister settled at once; the calf stays open
    assert now[0].disposition(DAY + timedelta(days=1)) == "emergency"


def test_the_episode_s_own_latest_report_governs_and_a_settling_one_closes_it() -> None:
    first = _r(0, "knee", "see_doctor", side="left")
    better = _r(5, "knee", "modify_training", side="left", pain_during=3, pain_next_morning=3)
    settled = _r(9, "knee", "continue", side="left", pain_during=1, pain_next_morning=0)
    (episode,) = group([first, better, settled])
    assert episode.disposition(DAY + timedelta(days=6)) == "modify_training"
    assert episode.is_open(DAY + timedelta(days=8)) and not episode.is_open(DAY + timedelta(days=9))
    assert episode.closed_reason == "settled"
    # the next report on that knee opens a new episode
    again = _r(20, "knee", "stop_and_rest", side="left")
    assert len(group([first, better, settled, again])) == 2


def test_most_urgent_first_then_most_recent() -> None:
    a = Episode(EpisodeKey("knee"), DAY, (_r(0, "knee", "modify_training"),))
    b = Episode(EpisodeKey("calf"), DAY, (_r(1, "calf", "emergency"),))
    c = Episode(EpisodeKey("shin"), DAY, (_r(2, "shin", "modify_training"),))
    assert [e.key.region for e in open_on([a, b, c], DAY + timedelta(days=3))] == ["calf", "shin", "knee"]


def test_running_is_cleared_by_a_later_report_or_by_closing_the_episode() -> None:
    blocking = {"emergency", "see_doctor", "stop_and_rest"}
    stop = _r(0, "shin", "stop_and_rest")
    assert Episode(EpisodeKey("shin"), DAY, (stop,)).cleared_on(DAY + timedelta(days=3), blocking) is None
    resolved = Episode(EpisodeKey("shin"), DAY, (stop,), closed_on=DAY + timedelta(days=2), closed_reason="seen")
    assert resolved.cleared_on(DAY + timedelta(days=3), blocking) == DAY + timedelta(days=2)
    later = Episode(EpisodeKey("shin"), DAY, (stop, _r(4, "shin", "modify_training")))
    assert later.cleared_on(DAY + timedelta(days=5), blocking) == DAY + timedelta(days=4)
    assert later.cleared_on(DAY + timedelta(days=3), blocking) is None  # not yet known on day 3
