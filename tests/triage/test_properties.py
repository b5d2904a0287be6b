"""Properties over random reports: red flags never lower the answer; unknown is never "no"."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, get_args

from hypothesis import given, settings
from hypothesis import strategies as st

from strideguard.schemas import LOCATIONS, OTHER_LOCATIONS, BoneSite, Region, SymptomReport, When, validate
from strideguard.triage import DISPOSITIONS, facts, ruleset, triage
from strideguard.triage.episodes import Report, group, key_of, open_on
from strideguard.triage.facts import FACTS, build_facts

# the report's own vocabularies, so that a value added to the schema is generated too
REGIONS = get_args(Region)
WHEN = get_args(When)
BONES = get_args(BoneSite)
BOOLS = facts.BOOLS  # every yes/no field of the report
NOTES = (
    "felt short of breath",
    "can't put weight on it",
    "heard a pop",
    "numb toes",
    "popular route, good numbers",
    "tight chest",
    "swollen calf",
    "no problems",
)
# Findings that are, or are part of, a red flag of DESIGN.md section 6 (issue 11 added clots, compartment
# syndrome, tendon rupture, cauda equina, rhabdomyolysis, bone stress, serious pathology and REDs signs).
RED_FLAG_FINDINGS = (
    "deformity",
    "unable_to_bear_weight",
    "fever",
    "redness_warmth",
    "swelling",
    "calf_swelling_one_side",
    "numbness_spreading",
    "weakness",
    "numbness_tingling",
    "calf_tenderness_one_side",
    "recent_long_travel",
    "recent_immobilisation",
    "recent_surgery",
    "hormonal_contraception",
    "pregnant_or_postpartum",
    "previous_clot",
    "breathless",
    "chest_pain",
    "tense_swelling",
    "pain_out_of_proportion",
    "unable_tiptoe",
    "bruising",
    "weight_loss",
    "dark_urine",
    "saddle_numbness",
    "bladder_bowel_change",
    "missed_periods",
    "low_energy_intake",
    "limp",
    "collapsed_or_confused",
)
INJURY = ("twist", "fall", "impact", "pop")
TODAY = date(2026, 11, 20)


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


@st.composite
def report_data(draw: st.DrawFn) -> dict[str, Any]:
    region = draw(st.sampled_from(REGIONS))
    data: dict[str, Any] = {"date": TODAY.isoformat(), "region": region}
    optional: dict[str, Any] = {
        "side": draw(maybe(st.sampled_from(("left", "right", "both")))),
        "location": draw(maybe(st.sampled_from(LOCATIONS.get(region, OTHER_LOCATIONS)))),
        "onset": draw(maybe(st.sampled_from(("gradual", "sudden")))),
        "mechanism": draw(maybe(st.sampled_from(("none", *INJURY)))),
        "when": draw(maybe(st.lists(st.sampled_from(WHEN), unique=True, max_size=4))),
        "bone_tenderness": draw(maybe(st.lists(st.sampled_from(BONES), unique=True, max_size=2))),
        "previous_sprains_12m": draw(maybe(st.integers(0, 4))),
        "age": draw(maybe(st.integers(5, 80))),
        "notes": draw(maybe(st.sampled_from(NOTES))),
        "duration_days": draw(maybe(st.integers(0, 60))),
    }
    for pain in ("pain_during", "pain_after", "pain_rest", "pain_next_morning"):
        optional[pain] = draw(maybe(st.integers(0, 10)))
    for name in BOOLS:
        optional[name] = draw(maybe(st.booleans()))
    data.update({k: v for k, v in optional.items() if v is not None})
    return data


@st.composite
def history_data(draw: st.DrawFn, region: str) -> list[dict[str, Any]]:
    n = draw(st.integers(0, 3))
    out = []
    for _ in range(n):
        back = draw(st.integers(1, 60))
        out.append(
            {
                "date": (TODAY - timedelta(days=back)).isoformat(),
                "region": draw(st.sampled_from((region, "knee", "ankle"))),
                "pain_during": draw(st.integers(0, 10)),
                "pain_next_morning": draw(maybe(st.integers(0, 10))),
                "mechanism": draw(st.sampled_from(("none", "twist"))),
            }
        )
    return out


def rank(disposition: str) -> int:
    return DISPOSITIONS.index(disposition)


def make(data: dict[str, Any]) -> SymptomReport:
    return validate(SymptomReport, data)


@settings(max_examples=600, deadline=None)
@given(data=report_data(), flag=st.sampled_from(RED_FLAG_FINDINGS), history=st.data())
def test_adding_a_red_flag_finding_never_lowers_the_disposition(
    data: dict[str, Any], flag: str, history: st.DataObject
) -> None:
    past = [make(h) for h in history.draw(history_data(data["region"]))]
    before = triage(make(data), history=past)
    after = triage(make({**data, flag: True}), history=past)
    assert rank(after.disposition) <= rank(before.disposition), (flag, before.matched_rules, after.matched_rules)


@settings(max_examples=300, deadline=None)
@given(data=report_data())
def test_possible_red_flag_left_unanswered_is_never_continue_and_is_asked(data: dict[str, Any]) -> None:
    result = triage(make(data))
    asked = {q["field"] for q in result.questions}
    open_questions = []
    if data.get("mechanism") in INJURY and "unable_to_bear_weight" not in data:
        open_questions.append("unable_to_bear_weight")
    if data["region"] == "calf" and "calf_swelling_one_side" not in data:
        open_questions.append("calf_swelling_one_side")
    if (data.get("redness_warmth") or data.get("swelling")) and "fever" not in data:
        open_questions.append("fever")
    if open_questions:
        assert result.disposition != "continue"
        if result.disposition != "emergency":  # an emergency needs no more questions to act on
            assert set(open_questions) <= asked


@settings(max_examples=200, deadline=None)
@given(data=report_data())
def test_full_red_flags_are_always_emergencies(data: dict[str, Any]) -> None:
    for flag_fields in (
        {"deformity": True},
        {"fever": True, "redness_warmth": True},
        {"calf_swelling_one_side": True},
        {"weakness": True},
        {"mechanism": "twist", "unable_to_bear_weight": True},
        {"breathless": True},
        {"chest_pain": True},
        {"saddle_numbness": True},
        {"bladder_bowel_change": True},
        {"dark_urine": True},
        {"collapsed_or_confused": True},
        {"fever": True, "limp": True},
    ):
        assert triage(make({**data, **flag_fields})).disposition == "emergency"


@settings(max_examples=200, deadline=None)
@given(data=report_data())
def test_questions_only_name_unreported_fields_and_result_is_total(data: dict[str, Any]) -> None:
    result = triage(make(data))
    assert result.disposition in DISPOSITIONS
    assert all(q["field"] not in data and q["text"] for q in result.questions)
    assert all(a["source"] in result.sources for a in result.actions)
    assert result.actions  # every answer says what to do


def _safety_net_questions(report: SymptomReport) -> set[str]:
    """The fields that the matching safety-net rules found unanswered (their ``is_unknown`` leaves)."""
    rs = ruleset()
    facts = build_facts(report, settings=rs.history, notes=rs.notes)
    asked: set[str] = set()
    for rule in rs.rules:
        out = rule.when.evaluate(facts)
        if rule.safety_net and out.value is True:
            asked.update(f for fact in out.asked for f in FACTS[fact].asks)
    return asked


DANGEROUS: dict[str, Any] = {"mechanism": "pop"}  # every other safety-net question is yes/no: "yes" is the danger


@settings(max_examples=600, deadline=None)
@given(data=report_data(), pick=st.data())
def test_answering_a_safety_net_question_with_the_dangerous_answer_never_lowers_it(
    data: dict[str, Any], pick: st.DataObject
) -> None:
    report = make(data)
    open_fields = sorted(_safety_net_questions(report))
    before = triage(report)
    if not open_fields:
        return
    assert rank(before.disposition) <= rank("stop_and_rest")  # a safety net holds running
    fld = pick.draw(st.sampled_from(open_fields))
    if fld == "side":  # which side hurts has no dangerous answer; both sides are asked in the vignettes
        return
    after = triage(make({**data, fld: DANGEROUS.get(fld, True)}))
    assert rank(after.disposition) <= rank(before.disposition), (fld, before.matched_rules, after.matched_rules)


@settings(max_examples=300, deadline=None)
@given(data=report_data())
def test_every_result_leads_with_one_plain_sentence(data: dict[str, Any]) -> None:
    result = triage(make(data)).to_dict()
    assert next(iter(result)) == "summary"
    assert result["summary"].endswith((".", "?")) and result["summary"].count(". ") == 0


def _filed(data: dict[str, Any], n: int) -> Report:
    """A report as the store files it: its own triage's disposition, an id in filing order."""
    report = make(data)
    row = {"id": n, "date": report.date, "region": report.region, "report": report.reported()}
    return Report.from_stored({**row, "disposition": triage(report).disposition})


@settings(max_examples=120, deadline=None)
@given(
    first=report_data(),
    others=st.lists(report_data(), min_size=1, max_size=3),
    later=st.lists(st.integers(0, 20), min_size=3, max_size=3),
)
def test_a_report_on_another_body_part_never_lowers_an_open_episode(
    first: dict[str, Any], others: list[dict[str, Any]], later: list[int]
) -> None:
    """DESIGN 6b: only the body part's own report (or the runner's resolve) changes its episode."""
    start = TODAY - timedelta(days=21)
    head = _filed({**first, "date": start.isoformat()}, 1)
    rest = []
    for i, (data, days) in enumerate(zip(others, later, strict=False)):
        dated = {**data, "date": (start + timedelta(days=days)).isoformat()}
        if key_of(make(dated).reported()) == head.key:
            continue  # the same body part may change its own episode
        rest.append(_filed(dated, i + 2))
    alone = group([head])[0]
    (episode,) = [e for e in group([head, *rest]) if e.key == head.key]
    assert episode.is_open(TODAY) == alone.is_open(TODAY)
    assert episode.disposition(TODAY) == alone.disposition(TODAY) == head.disposition
    if alone.is_open(TODAY):  # still open, and the most urgent open episode is at least as urgent as this one
        most_urgent = open_on(group([head, *rest]), TODAY)[0]
        assert rank(most_urgent.disposition(TODAY)) <= rank(head.disposition or "continue")
