"""Morning check-ins under the pain-monitoring model (Silbernagel et al. 2007; DESIGN.md section 6).

A check-in is a morning's pain at an episode's sore spot. It can raise its episode (a morning worse
than before, above the pain during the run the day before, above 5/10, or above the safe zone on
two mornings in a row), never lower what the episode's own reports say, never clear a red flag,
and it can settle an episode whose latest report says continue within the limits.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from strideguard.domain import DISPOSITIONS, urgency
from strideguard.triage import ruleset
from strideguard.triage.episodes import Episode, EpisodeKey, Morning, Report, rules
from strideguard.triage.logic import Leaf

D0 = date(2026, 11, 20)
KNEE = EpisodeKey("knee", "left")


def day(n: int) -> date:
    return D0 + timedelta(days=n)


def report(n: int, disposition: str = "continue", rid: int | None = None, **pains: int) -> Report:
    fields = {"date": day(n).isoformat(), "region": "knee", "side": "left", **pains}
    return Report(
        date=day(n),
        region="knee",
        disposition=disposition,
        pain_during=pains.get("pain_during"),
        pain_next_morning=pains.get("pain_next_morning"),
        side="left",
        id=rid if rid is not None else n + 1,
        fields=fields,
    )


def episode(reports: list[Report], mornings: list[tuple[int, int]]) -> Episode:
    return Episode(
        key=KNEE,
        opened_on=min(r.date for r in reports),
        reports=tuple(reports),
        id=1,
        mornings=tuple(Morning(day(n), pain) for n, pain in mornings),
    )


def test_each_morning_check_has_the_threshold_of_its_triage_rule() -> None:
    settings_ = rules().mornings
    rs = ruleset()
    by_id = {r.id: r for r in rs.rules}
    for check in settings_.checks:
        rule = by_id[check.rule]
        assert isinstance(rule.when, Leaf), check.id
        assert (rule.when.field, rule.when.operator, rule.when.value) == (check.fact, "gte", check.min), check.id
        assert rule.disposition == check.disposition, check.id
        assert check.source in rule.sources, check.id
    assert settings_.compare_window_days == rs.history.morning_compare_window_days
    assert settings_.trend_window_days == rs.history.trend_window_days
    assert settings_.unsettled_min_pain == rs.history.unsettled_morning_min_pain


def test_a_morning_above_the_pain_during_the_run_before_reduces_the_load() -> None:
    # ran on day 0 with 2/10 during; the next morning 4/10: the 24-hour rule says reduce the load
    e = episode([report(0, pain_during=2)], [(1, 4)])
    verdict = e.verdict(day(1))
    assert verdict is not None and verdict.disposition == "modify_training"
    assert "above_during" in verdict.matched
    assert e.disposition(day(1)) == "modify_training"
    # the same 4/10 two days after the run is no 24-hour response to it (and nothing to compare with)
    assert episode([report(0, pain_during=2)], [(2, 2)]).disposition(day(2)) == "continue"


def test_a_morning_worse_than_the_morning_before_reduces_the_load() -> None:
    e = episode([report(0)], [(1, 1), (2, 2)])
    assert e.verdict(day(2)).matched == ("worse_than_before",)  # type: ignore[union-attr]
    assert e.disposition(day(2)) == "modify_training"
    # the day before, 1/10 was no worse than anything: continue
    assert e.disposition(day(1)) == "continue"
    # a report's next-morning pain counts for the morning after its date: 1 then a check-in of 3
    e = episode([report(0, pain_during=1, pain_next_morning=1)], [(2, 3)])
    assert e.verdict(day(2)).facts["morning_pain_change"] == 2  # type: ignore[union-attr]


def test_two_unsettled_mornings_in_a_row_stop_running() -> None:
    # above the 0-2 safe zone twice in a row: the history rule's stop_and_rest
    e = episode([report(0)], [(1, 3), (2, 3)])
    verdict = e.verdict(day(2))
    assert verdict is not None and verdict.disposition == "stop_and_rest"
    assert verdict.matched[0] == "not_settling"
    # a settled morning in between breaks the run
    assert episode([report(0)], [(1, 3), (2, 1), (3, 3)]).verdict(day(3)).disposition == "modify_training"  # type: ignore[union-attr]


def test_more_than_5_the_morning_after_reduces_the_load() -> None:
    verdict = episode([report(0)], [(1, 6)]).verdict(day(1))
    assert verdict is not None and "above_acceptable" in verdict.matched


def test_a_later_report_governs_over_earlier_mornings() -> None:
    # the report of day 2 was triaged with the mornings before it in its history: it governs
    e = episode([report(0), report(2, "continue", pain_during=1)], [(1, 6)])
    assert e.verdict(day(2)) is None
    assert e.disposition(day(2)) == "continue"


def test_a_morning_never_lowers_what_the_reports_say() -> None:
    for said in ("emergency", "see_doctor", "stop_and_rest", "modify_training"):
        e = episode([report(0, said, pain_during=1)], [(1, 0)])
        assert e.disposition(day(1)) == said
        assert not e.morning_settles(day(1))
        assert e.settled_on() is None


def test_a_safe_morning_settles_an_episode_whose_report_says_continue() -> None:
    # the report: continue, 3/10 during (within 5), next morning not said; the morning after: 1/10
    e = episode([report(0, pain_during=3, pain_after=2)], [(1, 1)])
    assert e.morning_settles(day(1))
    assert e.settled_on() == day(1)
    # 3/10 is above the safe zone: not settled
    assert episode([report(0, pain_during=3)], [(1, 3)]).settled_on() is None
    # a report beyond the limits (6/10 during) is not settled by a good morning
    assert episode([report(0, pain_during=6)], [(1, 0)]).settled_on() is None
    # a morning that got worse does not settle, even within 0-2 (0 on day 1, a run reported on day 1, 1 on day 2)
    worse = episode([report(0, pain_during=2), report(1, pain_during=2)], [(1, 0), (2, 1)])
    assert worse.verdict(day(2)).matched == ("worse_than_before",)  # type: ignore[union-attr]
    assert worse.settled_on() is None


def test_a_settling_report_settles_on_its_own_day() -> None:
    e = episode([report(0, pain_during=1, pain_next_morning=0)], [])
    assert e.settled_on() == day(0)


def test_a_blocking_morning_then_a_settled_one_clears_for_the_walk_run_return() -> None:
    blocking = ("stop_and_rest", "see_doctor", "emergency")
    e = episode([report(0)], [(1, 3), (2, 4)])
    assert e.disposition(day(2)) == "stop_and_rest"
    assert e.cleared_on(day(2), blocking) is None
    e = episode([report(0)], [(1, 3), (2, 4), (3, 1)])
    assert e.disposition(day(3)) == "continue"
    assert e.cleared_on(day(3), blocking) == day(3)


_DISPOSITION = st.sampled_from(DISPOSITIONS)


@settings(max_examples=300, deadline=None)
@given(
    said=st.lists(st.tuples(_DISPOSITION, st.integers(0, 10), st.integers(0, 10)), min_size=1, max_size=4),
    mornings=st.lists(st.tuples(st.integers(0, 12), st.integers(0, 10)), max_size=8, unique_by=lambda m: m[0]),
    on=st.integers(0, 14),
)
def test_property_mornings_never_lower_the_governing_report_nor_clear_a_red_flag(
    said: list[tuple[str, int, int]], mornings: list[tuple[int, int]], on: int
) -> None:
    reports = [report(2 * i, d, pain_during=p, pain_after=a) for i, (d, p, a) in enumerate(said)]
    e = episode(reports, mornings)
    latest = e.latest(day(on))
    if latest is None:
        return
    assert latest.disposition is not None
    assert urgency(e.disposition(day(on))) <= urgency(latest.disposition)
    final = e.latest(date.max)
    assert final is not None
    if final.disposition != "continue":
        # only the same episode's own report, or the runner's resolve, clears anything more than continue
        assert e.settled_on() is None
