"""The engine's contract: result shape, determinism, sources, questions and history handling."""

from __future__ import annotations

import json

import pytest

from strideguard import DISCLAIMER
from strideguard.triage import DISPOSITIONS, ruleset, triage
from strideguard.triage.history import (
    HistorySettings,
    count_ankle_injuries,
    count_knee_after_run,
    morning_change,
    pain_rises,
    unsettled_run,
)

from .helpers import answered, report

CONTRACT_KEYS = {"disposition", "red_flags", "suspected", "actions", "explanation", "sources", "disclaimer"}


def test_result_has_every_contract_key_and_is_json() -> None:
    result = triage(answered(region="knee", location="below_kneecap", when=["during_run"], pain_during=4)).to_dict()
    assert CONTRACT_KEYS <= set(result)
    assert {"matched_rules", "questions", "rules_version"} <= set(result)
    assert json.loads(json.dumps(result)) == result
    assert result["disclaimer"] == DISCLAIMER
    assert result["rules_version"] == ruleset().version


def test_same_input_same_output() -> None:
    history = [
        answered(date="2026-11-10", region="knee", pain_during=2, pain_next_morning=1),
        answered(date="2026-11-14", region="knee", pain_during=3, pain_next_morning=2),
    ]
    current = report(
        region="knee", mechanism="twist", pain_during=4, pain_next_morning=3, when=["during_run", "stairs"]
    )
    first = triage(current, profile={"birth_year": 1980}, history=history).to_dict()
    for _ in range(3):
        assert triage(current, profile={"birth_year": 1980}, history=history).to_dict() == first
    assert triage(current, profile={"birth_year": 1980}, history=list(reversed(history))).to_dict() == first


def test_every_cited_source_has_its_citation_and_nothing_else_is_listed() -> None:
    result = triage(
        answered(
            region="ankle",
            location="outer",
            mechanism="twist",
            swelling=True,
            bone_tenderness=["lateral_malleolus"],
            pain_during=5,
        )
    )
    expected = {s for r in ruleset().rules if r.id in result.matched_rules for s in r.sources}
    expected |= {a["source"] for a in result.actions}
    assert set(result.sources) == expected
    assert "ottawa-ankle-1992" in result.sources and "Stiell" in result.sources["ottawa-ankle-1992"]


def test_explanation_is_built_from_the_matched_rules_in_urgency_order() -> None:
    result = triage(answered(region="knee", heaviness=True, pain_during=6, pain_after=4))
    assert result.matched_rules == [
        "seed_knee_pain_persists_after_running",
        "seed_knee_heaviness_stop",
        "pain_monitoring_above_5_during",
        "patellofemoral_pain_pattern",  # knee pain while running, site not given (Crossley 2016)
    ]
    text = result.explanation
    assert text.startswith("See a doctor")
    positions = [
        text.index("persists after running"),
        text.index("Heaviness around the knee"),
        text.index("above 5/10"),
    ]
    assert positions == sorted(positions)
    assert "[seed-article, silbernagel-2007]" in text


def test_suspected_conditions_carry_the_findings_that_point_to_them() -> None:
    result = triage(answered(region="knee", location="kneecap", creaking=True, when=["stairs"], pain_during=2, age=25))
    pfp = next(s for s in result.suspected if s["id"] == "patellofemoral_pain")
    assert pfp["name"] == "Patellofemoral pain (kneecap cartilage softening)"
    assert "creaking" in pfp["why"] and "pain on stairs" in pfp["why"] and "age 25" in pfp["why"]


def test_questions_ask_red_flags_first_and_never_about_answered_fields() -> None:
    result = triage(report(region="calf", pain_during=3))
    fields = [q["field"] for q in result.questions]
    assert fields[0] in ("deformity", "calf_swelling_one_side", "fever", "numbness_spreading", "weakness")
    assert "calf_swelling_one_side" in fields and "pain_during" not in fields and "region" not in fields


def test_no_questions_once_everything_that_matters_is_answered() -> None:
    result = triage(
        answered(
            region="thigh",
            location="front",
            onset="gradual",
            when=["during_run"],
            pain_during=2,
            pain_after=1,
            pain_rest=0,
            pain_next_morning=0,
            age=30,
            duration_days=3,  # how long it has hurt now matters too (persistence rules, issue 11)
        )
    )
    assert result.disposition == "continue"
    assert result.questions == []
    assert [a["id"] for a in result.actions] == ["keep_monitoring_pain", "after_run_care"]


def test_later_reports_in_the_history_are_ignored() -> None:
    later = [
        answered(date="2026-11-21", region="thigh", pain_during=1),
        answered(date="2026-11-22", region="thigh", pain_during=0),
    ]
    current = answered(date="2026-11-20", region="thigh", location="front", pain_during=2)
    assert triage(current, history=later).disposition == "continue"


def test_the_report_itself_in_the_history_is_not_counted_twice() -> None:
    current = answered(region="knee", location="kneecap", when=["after_run"], pain_after=2, pain_next_morning=0)
    earlier = answered(date="2026-11-01", region="knee", pain_after=2)
    result = triage(current, history=[earlier, current])
    assert "history_knee_pain_keeps_coming_back" not in result.matched_rules


def test_dispositions_are_the_contracts_most_urgent_first() -> None:
    assert DISPOSITIONS == ("emergency", "see_doctor", "stop_and_rest", "modify_training", "continue")


# ---------------------------------------------------------------- history functions (hand-computed)

SETTINGS = HistorySettings(56, 365, 28, 14, 3, ("twist", "fall", "impact", "pop"))


def test_pain_rises_counts_increases_ending_now() -> None:
    series = [
        answered(date=d, region="shin", pain_during=p)
        for d, p in [("2026-11-01", 5), ("2026-11-05", 2), ("2026-11-09", 3), ("2026-11-13", 4)]
    ]
    assert pain_rises(series) == 2  # 2 -> 3 -> 4; the earlier 5 -> 2 breaks the run
    assert pain_rises(series[:2]) == 0  # 5 -> 2 falls
    assert pain_rises([answered(region="shin")]) is None  # no session pain: unknown


def test_pain_rises_uses_pain_after_when_pain_during_is_missing() -> None:
    series = [
        answered(date="2026-11-10", region="shin", pain_after=2),
        answered(date="2026-11-12", region="shin", pain_during=4),
    ]
    assert pain_rises(series) == 1


def test_morning_change_is_against_the_latest_earlier_morning() -> None:
    series = [
        answered(date="2026-11-10", region="hip", pain_next_morning=4),
        answered(date="2026-11-12", region="hip", pain_next_morning=1),
        answered(date="2026-11-14", region="hip"),
        answered(date="2026-11-16", region="hip", pain_next_morning=3),
    ]
    assert morning_change(series) == 3 - 1
    assert morning_change(series[:3]) is None


def test_unsettled_run_counts_mornings_at_or_above_the_level() -> None:
    series = [
        answered(date=d, region="hip", pain_next_morning=m)
        for d, m in [("2026-11-10", 2), ("2026-11-12", 3), ("2026-11-14", 5)]
    ]
    assert unsettled_run(series, 3) == 2
    assert unsettled_run(series, 6) == 0


def test_history_counts_respect_their_windows() -> None:
    now = answered(date="2026-11-20", region="knee")
    knee = [
        answered(date="2026-09-25", region="knee", pain_after=3),  # 56 days before: inside
        answered(date="2026-09-24", region="knee", pain_after=3),  # 57 days: outside
        answered(date="2026-11-01", region="knee", pain_after=0),
    ]  # no pain after running
    assert count_knee_after_run(now, knee, 56) == 1
    ankle = [
        answered(date="2025-11-20", region="ankle", mechanism="twist"),  # exactly 365 days: inside
        answered(date="2025-11-19", region="ankle", mechanism="twist"),
        answered(date="2026-05-01", region="ankle", mechanism="none"),
    ]
    assert count_ankle_injuries(now, ankle, 365, SETTINGS.injury_mechanisms) == 1


def test_summary_says_no_warning_signs_only_when_nothing_is_left_to_ask() -> None:
    sparse = triage(report(region="knee"))
    assert sparse.disposition == "continue" and sparse.questions
    assert sparse.summary.startswith("Nothing you reported needs care now, but answer the questions")
    complete = triage(
        answered(
            region="thigh",
            location="front",
            onset="gradual",
            when=["during_run"],
            pain_during=2,
            pain_after=1,
            pain_rest=0,
            pain_next_morning=0,
            age=30,
            duration_days=3,
        )
    )
    assert complete.questions == [] and complete.summary.startswith("No warning signs in what you reported")


def test_supporting_findings_strengthen_a_rule_without_deciding_it() -> None:
    """`supporting` is always true: its true leaves join the "why", its unknown ones are asked once the rule fires."""
    from strideguard.triage.logic import Finding, TreeError, parse

    tree = parse(
        {
            "all": [
                {"field": "region", "operator": "eq", "value": "shin"},
                {
                    "supporting": [
                        {"field": "recent_load_increase", "operator": "is_true"},
                        {"field": "low_energy_intake", "operator": "is_true"},
                    ]
                },
            ]
        }
    )
    both_unknown = tree.evaluate({"region": "shin", "recent_load_increase": None, "low_energy_intake": None})
    assert both_unknown.value is True and both_unknown.asked == ("recent_load_increase", "low_energy_intake")
    one_true = tree.evaluate({"region": "shin", "recent_load_increase": True, "low_energy_intake": False})
    assert one_true.value is True and Finding("recent_load_increase", (True,)) in one_true.findings
    assert one_true.asked == ()
    assert tree.evaluate({"region": "knee", "recent_load_increase": True}).value is False  # never decides
    with pytest.raises(TreeError, match="supporting"):
        parse({"supporting": []})


def test_an_unknown_mechanism_never_suppresses_the_bone_stress_rule_and_is_asked() -> None:
    """Issue 11 red-team: an exclusion gate ("no injury explains it") treats an unreported mechanism as none."""
    result = triage(report(region="thigh", location="front", when=["every_step", "night"], recent_load_increase=True))
    assert result.disposition == "see_doctor" and "stress_fracture_signs" in result.matched_rules
    assert "mechanism" in [q["field"] for q in result.questions]
    stress = next(s for s in result.suspected if s["id"] == "stress_fracture")
    assert "more or harder running before it started" in stress["why"]  # the supporting finding is named
    after_a_fall = triage(report(region="thigh", location="front", when=["every_step"], mechanism="fall"))
    assert "stress_fracture_signs" not in after_a_fall.matched_rules  # an injury known explains it
