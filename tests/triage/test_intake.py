"""The symptom intake (knowledge/triage/intake.yaml, triage/intake.py): which questions, in which order."""

from __future__ import annotations

from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from strideguard import knowledge
from strideguard.errors import InputError, KnowledgeError
from strideguard.schemas import SymptomReport
from strideguard.triage.intake import (
    applicable,
    collect,
    intake,
    next_questions,
    parse_answer,
    read_answers,
    read_intake,
)

DAY = date(2026, 11, 20)
MALE = {"birth_year": 1990, "sex": "male"}
FEMALE = {"birth_year": 1992, "sex": "female"}
NO_SIGNS = {"swelling": False, "redness_warmth": False, "numbness_tingling": False}


def fields(answers: dict[str, Any], profile: dict[str, Any] | None = None) -> list[str]:
    return [q.field for q in applicable({"date": DAY, **answers}, profile)]


def options(name: str, answers: dict[str, Any]) -> tuple[str, ...]:
    return intake().question(name).options(answers)


def test_every_report_field_has_exactly_one_question_and_date_region_come_first() -> None:
    names = [q.field for q in intake().questions]
    assert sorted(names) == sorted(SymptomReport.model_fields)
    assert names[:2] == ["date", "region"]
    assert [q.field for q in intake().questions if q.required] == ["date", "region"]


def test_nothing_but_the_date_applies_before_it_is_answered_and_then_the_region() -> None:
    assert [q.field for q in applicable({}, MALE)] == ["date"]
    assert [q.field for q in applicable({"date": DAY}, MALE)] == ["date", "region"]


def test_knee_without_injury_asks_21_questions_none_of_them_about_ankle_foot_or_clots() -> None:
    asked = fields({"region": "knee", "mechanism": "none", "duration_days": 10, **NO_SIGNS}, MALE)
    assert asked == [
        "date", "region", "side", "location", "onset", "mechanism", "swelling", "redness_warmth",
        "numbness_tingling", "pain_during", "pain_after", "pain_rest", "pain_next_morning", "when",
        "creaking", "locking", "heaviness", "recent_load_increase", "duration_days", "improving", "notes",
    ]  # fmt: skip


def test_ankle_twist_asks_weight_bearing_and_deformity_first_and_the_ankle_bone_sites() -> None:
    answers = {"region": "ankle", "location": "outer", "onset": "sudden", "mechanism": "twist", **NO_SIGNS}
    asked = fields(answers, MALE)
    assert asked[asked.index("mechanism") + 1 : asked.index("mechanism") + 3] == ["unable_to_bear_weight", "deformity"]
    for name in ("bone_tenderness", "instability", "previous_sprains_12m", "bruising"):
        assert name in asked
    for name in ("creaking", "locking", "calf_swelling_one_side", "unable_tiptoe", "cramp", "recent_load_increase"):
        assert name not in asked
    assert options("bone_tenderness", answers) == (
        "lateral_malleolus", "medial_malleolus", "navicular", "fifth_metatarsal",
    )  # fmt: skip


def test_bone_sites_follow_the_region() -> None:
    assert options("bone_tenderness", {"region": "knee"}) == ("patella", "fibular_head")
    assert options("bone_tenderness", {"region": "shin"}) == ("tibia", "fibula")
    assert options("bone_tenderness", {"region": "foot"}) == (
        "navicular",
        "fifth_metatarsal",
        "metatarsal_shaft",
        "calcaneus",
    )
    # a knee after a twist: the Ottawa knee questions; without an injury no bone sites at all
    assert "bone_tenderness" in fields({"region": "knee", "mechanism": "twist"}, MALE)
    assert "knee_flex_under_90" in fields({"region": "knee", "mechanism": "twist"}, MALE)
    assert "bone_tenderness" not in fields({"region": "knee", "mechanism": "none"}, MALE)


def test_a_skipped_mechanism_still_asks_the_injury_red_flags() -> None:
    asked = fields({"region": "knee", **NO_SIGNS}, MALE)
    assert "unable_to_bear_weight" in asked and "deformity" in asked and "bone_tenderness" in asked


def test_calf_pain_asks_the_clot_questions_and_the_female_only_ones_by_the_profile() -> None:
    clot = [
        "calf_swelling_one_side", "calf_tenderness_one_side", "recent_long_travel", "recent_immobilisation",
        "recent_surgery", "hormonal_contraception", "pregnant_or_postpartum", "previous_clot", "breathless",
        "chest_pain",
    ]  # fmt: skip
    answers = {"region": "calf", "location": "back", "mechanism": "none", **NO_SIGNS}
    female = fields(answers, FEMALE)
    assert [f for f in female if f in clot] == clot
    assert female.index("chest_pain") < female.index("pain_during")  # red flags before the pain scores
    male = fields(answers, MALE)
    assert "hormonal_contraception" not in male and "pregnant_or_postpartum" not in male
    assert "pregnant_or_postpartum" in fields(answers, None)  # sex unknown: asked
    # the shin's front is not clot territory; the back of the knee is
    assert "calf_swelling_one_side" not in fields({"region": "shin", "location": "front"}, MALE)
    assert "calf_swelling_one_side" not in fields({"region": "shin", "location": "inner"}, MALE)  # shin splints' place
    assert "calf_swelling_one_side" in fields({"region": "shin", "location": "back"}, MALE)
    assert "calf_swelling_one_side" in fields({"region": "shin"}, MALE)  # where on the shin not said: asked
    assert "calf_swelling_one_side" in fields({"region": "knee", "location": "back"}, MALE)
    assert "calf_swelling_one_side" not in fields({"region": "knee", "location": "kneecap"}, MALE)


def test_compartment_questions_after_an_impact_or_with_severe_pain() -> None:
    assert "tense_swelling" in fields({"region": "shin", "mechanism": "impact"}, MALE)
    assert "pain_out_of_proportion" in fields({"region": "shin", "mechanism": "none", "pain_rest": 7}, MALE)
    assert "tense_swelling" not in fields({"region": "shin", "mechanism": "none", "pain_rest": 6}, MALE)
    assert "tense_swelling" not in fields({"region": "knee", "mechanism": "impact"}, MALE)


def test_tiptoe_for_sudden_calf_or_achilles_pain() -> None:
    assert "unable_tiptoe" in fields({"region": "calf", "onset": "sudden"}, MALE)
    assert "unable_tiptoe" in fields({"region": "ankle", "location": "achilles", "onset": "sudden"}, MALE)
    assert "unable_tiptoe" not in fields({"region": "ankle", "location": "outer", "onset": "sudden"}, MALE)
    assert "unable_tiptoe" not in fields({"region": "calf", "onset": "gradual", "mechanism": "none"}, MALE)


def test_back_hip_groin_thigh_ask_saddle_numbness_and_bladder() -> None:
    for region in ("back", "hip", "groin", "thigh"):
        asked = fields({"region": region}, MALE)
        assert "saddle_numbness" in asked and "bladder_bowel_change" in asked, region
    assert "saddle_numbness" not in fields({"region": "knee"}, MALE)
    assert "fever" in fields({"region": "back"}, MALE)  # fever with back pain, without a hot joint
    assert "fever" not in fields({"region": "knee", **NO_SIGNS}, MALE)
    assert "fever" in fields({"region": "knee", **{**NO_SIGNS, "swelling": True}}, MALE)


def test_limp_for_young_runners_and_every_hip_or_groin() -> None:
    assert "limp" in fields({"region": "knee"}, {"birth_year": 2011})  # 15 in 2026
    assert "limp" not in fields({"region": "knee"}, {"birth_year": 2000})
    assert "limp" in fields({"region": "knee", "age": 15}, None)  # the age answered
    assert "limp" in fields({"region": "groin"}, MALE)
    assert "age" in fields({"region": "knee"}, None) and "age" not in fields({"region": "knee"}, MALE)


def test_energy_availability_questions_for_bone_pain_without_injury() -> None:
    shin = {"region": "shin", "mechanism": "none"}
    assert "missed_periods" in fields(shin, FEMALE) and "low_energy_intake" in fields(shin, FEMALE)
    assert "missed_periods" not in fields(shin, MALE) and "low_energy_intake" in fields(shin, MALE)
    assert "missed_periods" not in fields({"region": "knee", "mechanism": "none", "when": ("stairs",)}, FEMALE)
    assert "missed_periods" in fields({"region": "knee", "mechanism": "none", "when": ("night",)}, FEMALE)
    assert "missed_periods" not in fields({"region": "shin", "mechanism": "fall"}, FEMALE)


def test_cramp_and_previous_sprains_only_where_they_belong() -> None:
    for region in ("calf", "thigh", "foot"):
        assert "cramp" in fields({"region": region}, MALE)
    assert "cramp" not in fields({"region": "knee"}, MALE)
    assert "previous_sprains_12m" in fields({"region": "ankle", "location": "outer"}, MALE)
    assert "previous_sprains_12m" not in fields({"region": "ankle", "location": "achilles"}, MALE)
    assert "improving" not in fields({"region": "knee", "duration_days": 3}, MALE)


def test_collapse_or_confusion_where_the_picture_is_not_one_spot() -> None:
    """Heat stroke, low sodium or the heart (ACSM 2021; Hew-Butler 2015): asked for both legs, all over, elsewhere."""
    assert "collapsed_or_confused" in fields({"region": "other"}, MALE)
    assert "collapsed_or_confused" in fields({"region": "thigh", "side": "both"}, MALE)
    assert "collapsed_or_confused" in fields({"region": "calf", "location": "whole"}, MALE)
    assert "collapsed_or_confused" not in fields({"region": "knee", "side": "left"}, MALE)
    asked = fields({"region": "other", "side": "both"}, MALE)
    # red flags first
    assert asked.index("dark_urine") < asked.index("collapsed_or_confused") < asked.index("pain_during")


def test_thigh_pain_without_an_injury_asks_the_clot_questions() -> None:
    """NHS DVT: the calf or the thigh; a sudden strain or an injury explains thigh pain instead."""
    quiet = {"region": "thigh", "location": "inner", "onset": "gradual", "mechanism": "none"}
    assert "recent_surgery" in fields(quiet, MALE) and "calf_tenderness_one_side" in fields(quiet, MALE)
    assert "recent_surgery" in fields({"region": "thigh"}, MALE)  # nothing said yet: asked
    assert "recent_surgery" not in fields({**quiet, "onset": "sudden"}, MALE)
    assert "recent_surgery" not in fields({**quiet, "mechanism": "fall"}, MALE)
    assert "recent_surgery" not in fields({**quiet, "location": "outer"}, MALE)


def test_limp_is_a_red_flag_asked_before_the_pain_scores() -> None:
    asked = fields({"region": "groin"}, MALE)
    assert asked.index("limp") < asked.index("pain_during")
    assert intake().question("limp").group == "red_flags"
    assert "limp" in fields({"region": "thigh", "age": 18}, None)
    assert "limp" not in fields({"region": "thigh", "age": 19}, None)


def test_compartment_questions_for_the_buttock_and_the_next_morning_too() -> None:
    assert "tense_swelling" in fields({"region": "hip", "mechanism": "fall"}, MALE)
    assert "pain_out_of_proportion" in fields({"region": "thigh", "mechanism": "none", "pain_next_morning": 7}, MALE)


def test_a_skipped_mechanism_still_asks_about_load_and_energy_for_bone_pain() -> None:
    asked = fields({"region": "shin"}, FEMALE)
    assert "recent_load_increase" in asked and "low_energy_intake" in asked and "missed_periods" in asked


def test_next_questions_skip_answered_and_asked_ones() -> None:
    answers = {"date": DAY, "region": "knee"}
    first = next_questions(answers, MALE)[0]
    assert first.field == "side"
    assert next_questions(answers, MALE, asked={"side"})[0].field == "location"


def test_collect_drops_answers_of_questions_that_no_longer_apply() -> None:
    # ankle bone sites answered, then the region changed to a knee without injury
    answers = {"date": DAY, "region": "knee", "mechanism": "none", "bone_tenderness": ("lateral_malleolus",)}
    assert collect(answers, MALE) == {"date": "2026-11-20", "region": "knee", "mechanism": "none"}


def q(name: str) -> Any:
    return intake().question(name)


def test_parse_a_choice_by_number_or_id_and_refuse_anything_else() -> None:
    knee = {"region": "knee"}
    assert parse_answer(q("location"), "2", knee) == "below_kneecap"
    assert parse_answer(q("location"), " Below Kneecap ", knee) == "below_kneecap"
    assert parse_answer(q("location"), "", knee) is None
    with pytest.raises(InputError) as bad:
        parse_answer(q("location"), "under the kneecap", knee)
    assert bad.value.field == "location"
    assert bad.value.allowed == "Type a number from 1 to 7 or a name from the list (for example kneecap)."
    with pytest.raises(InputError):
        parse_answer(q("location"), "8", knee)
    with pytest.raises(InputError):
        parse_answer(q("location"), "heel", knee)  # a foot location


def test_parse_multi_choice_lists_none_and_bad_items() -> None:
    knee = {"region": "knee"}
    assert parse_answer(q("when"), "1, bending_knee,1", knee) == ("during_run", "bending_knee")
    assert parse_answer(q("when"), ["during_run", "stairs"], knee) == ("during_run", "stairs")  # from a form
    assert parse_answer(q("bone_tenderness"), "none", {"region": "ankle"}) == ()
    assert parse_answer(q("bone_tenderness"), "2", {"region": "ankle"}) == ("medial_malleolus",)
    assert parse_answer(q("bone_tenderness"), ["none"], {"region": "ankle"}) == ()  # the form's "none of these"
    assert parse_answer(q("bone_tenderness"), ["navicular", "none"], {"region": "ankle"}) == ("navicular",)
    with pytest.raises(InputError) as bad:
        parse_answer(q("when"), "6 and 7, sometimes", knee)
    assert "separated by commas" in bad.value.allowed
    with pytest.raises(InputError):
        parse_answer(q("when"), "none", knee)  # "none" is no answer to when it hurts
    with pytest.raises(InputError) as bad:
        parse_answer(q("bone_tenderness"), "1", {"region": "calf"})  # no bone sites listed for the calf
    assert "nothing to choose" in bad.value.allowed


def test_parse_yes_no_scores_numbers_and_dates() -> None:
    assert parse_answer(q("swelling"), "Y") is True
    assert parse_answer(q("swelling"), "no") is False
    assert parse_answer(q("swelling"), "unknown") is None  # the form's "not sure"
    with pytest.raises(InputError) as bad:
        parse_answer(q("swelling"), "a bit")
    assert "yes or no" in bad.value.allowed
    assert parse_answer(q("pain_during"), "10") == 10
    for text in ("11", "-1", "six", "6.5"):
        with pytest.raises(InputError) as bad:
            parse_answer(q("pain_during"), text)
        assert bad.value.allowed == "Give a whole number from 0 to 10."
    assert parse_answer(q("duration_days"), "3650") == 3650
    with pytest.raises(InputError):
        parse_answer(q("previous_sprains_12m"), "51")
    assert parse_answer(q("date"), "2026-11-20", today=DAY) == DAY
    with pytest.raises(InputError) as bad:
        parse_answer(q("date"), "2026-11-21", today=DAY)
    assert "future" in bad.value.allowed and "2026-11-20" in bad.value.allowed
    with pytest.raises(InputError) as bad:
        parse_answer(q("date"), "20/11/2026", today=DAY)
    assert "YYYY-MM-DD" in bad.value.allowed
    with pytest.raises(InputError) as bad:
        parse_answer(q("region"), "")
    assert bad.value.allowed == "Choose where it hurts."


def test_read_answers_keeps_every_good_answer_when_one_is_refused() -> None:
    raw = {"date": "2026-11-20", "region": "knee", "pain_during": "6", "duration_days": "99999", "notes": "sore"}
    reading = read_answers(raw, MALE, today=DAY)
    assert reading.errors == {"duration_days": "Give a whole number from 0 to 3650."}
    assert reading.report() == {"date": "2026-11-20", "region": "knee", "pain_during": 6, "notes": "sore"}


def test_every_choice_and_question_has_its_text() -> None:
    texts = knowledge.texts("en")
    for question in intake().questions:
        assert question.text_id in texts
        for region in (None, "knee", "ankle", "foot", "calf", "shin", "thigh", "hip", "groin", "back", "other"):
            for value in question.options({"region": region} if region else {}):
                assert f"choice.{question.field}.{value}" in texts


# ---------------------------------------------------------------- the loader names file and line of a bad entry

REAL = resources.files("strideguard.knowledge").joinpath("triage/intake.yaml").read_text(encoding="utf-8")


def broken(tmp_path: Path, old: str, new: str) -> str:
    assert old in REAL
    (tmp_path / "intake.yaml").write_text(REAL.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(KnowledgeError) as exc:
        read_intake(tmp_path, "k")
    return str(exc.value)


def line_of(text: str) -> int:
    return REAL.splitlines().index(text) + 1


def test_the_packaged_intake_loads(tmp_path: Path) -> None:
    (tmp_path / "intake.yaml").write_text(REAL, encoding="utf-8")
    assert [x.field for x in read_intake(tmp_path).questions] == [x.field for x in intake().questions]


def test_a_misspelt_field_is_refused_with_its_line(tmp_path: Path) -> None:
    message = broken(tmp_path, "  - field: creaking\n", "  - field: creeking\n")
    assert message.startswith(f"k/intake.yaml line {line_of('  - field: creaking')}: question 'creeking'")
    assert "not a symptom report field" in message


def test_a_condition_on_a_later_question_is_refused(tmp_path: Path) -> None:
    old = "    when: {field: numbness_tingling, operator: is_true}\n"
    message = broken(tmp_path, old, "    when: {field: limp, operator: is_true}\n")
    assert "question 'numbness_spreading'" in message and "'limp' is not asked before this question" in message


def test_an_operator_that_does_not_fit_and_a_choice_the_schema_lacks_are_refused(tmp_path: Path) -> None:
    message = broken(
        tmp_path, "when: {field: region, operator: eq, value: knee}", "when: {field: region, operator: gte, value: 3}"
    )
    assert "operator 'gte' does not fit enum field 'region'" in message
    message = broken(tmp_path, "      knee: [patella, fibular_head]", "      knee: [patella, tibial_plateau]")
    assert "['tibial_plateau'] not allowed for 'bone_tenderness'" in message


def test_a_wrong_kind_and_a_missing_question_are_refused(tmp_path: Path) -> None:
    message = broken(
        tmp_path,
        "  - {field: pain_during, kind: score, group: pain}",
        "  - {field: pain_during, kind: yesno, group: pain}",
    )
    assert "kind 'yesno' does not fit field 'pain_during'; use score" in message
    message = broken(tmp_path, "  - {field: notes, kind: text, group: details}\n", "")
    assert "no question for the report field(s) notes" in message
