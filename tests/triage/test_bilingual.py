"""Every clinical vignette triaged in English and in Korean: the same answer, ids and order; Korean words.

The vignette table (vignettes.yaml) and the Python vignettes (test_vignettes.py) run in both
languages. Only the texts may change with the language: the disposition, the rule, red-flag,
condition, action and question ids (and their order), the cited sources and the rules version
stay the same, and every Korean text has Hangul and no English left in it.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from strideguard import knowledge
from strideguard.triage import triage
from strideguard.triage.wording import in_current_language
from tests.hangul import english_words, has_hangul

from .helpers import answered
from .test_vignette_table import TABLE, build
from .test_vignettes import VIGNETTES

CASES: list[tuple[str, dict[str, Any]]] = [
    (f"table: {row['name']}", {"report": build(row), "profile": row.get("profile")}) for row in TABLE
] + [
    (f"python: {v.name}", {"report": v.report, "profile": v.profile, "history": v.history, "load": v.load})
    for v in VIGNETTES
]


def test_the_whole_vignette_suite_is_here() -> None:
    assert len(CASES) == len(TABLE) + len(VIGNETTES) >= 250


def ids(result: dict[str, Any]) -> dict[str, Any]:
    """Everything of a triage result that must not change with the language."""
    return {
        "disposition": result["disposition"],
        "matched_rules": result["matched_rules"],
        "red_flags": [(f["id"], f["sources"]) for f in result["red_flags"]],
        "suspected": [s["id"] for s in result["suspected"]],
        "why_counts": [len(s["why"]) for s in result["suspected"]],
        "actions": [(a["id"], a["source"]) for a in result["actions"]],
        "questions": [q["field"] for q in result["questions"]],
        "sources": result["sources"],  # citations stay as published
        "cited": re.findall(r"\[[^\]]+\]", result["explanation"]),
        "rules_version": result["rules_version"],
        "keys": sorted(result),
    }


def texts(result: dict[str, Any]) -> list[str]:
    """Every runner-facing text of a result."""
    return [
        result["summary"],
        result["explanation"],
        result["disclaimer"],
        *(f["text"] for f in result["red_flags"]),
        *(s["name"] for s in result["suspected"]),
        *(w for s in result["suspected"] for w in s["why"]),
        *(a["text"] for a in result["actions"]),
        *(q["text"] for q in result["questions"]),
    ]


@pytest.mark.parametrize("case", [c for _, c in CASES], ids=[name for name, _ in CASES])
def test_a_vignette_gives_the_same_answer_in_english_and_korean(case: dict[str, Any]) -> None:
    with knowledge.use_language("en"):
        english = triage(**case).to_dict()
    with knowledge.use_language("ko"):
        korean = triage(**case).to_dict()
    assert ids(korean) == ids(english)
    for text in texts(korean):
        assert has_hangul(text), text
        assert not english_words(text), (english_words(text), text)
    assert korean["summary"].count(". ") == 0  # one sentence, as in English
    assert korean["summary"] != english["summary"] and korean["explanation"] != english["explanation"]


def test_the_language_is_the_current_one_and_comes_back_after_the_block() -> None:
    report = answered(region="ankle", mechanism="twist", unable_to_bear_weight=True)
    with knowledge.use_language("ko"):
        korean = triage(report)
    english = triage(report)  # the default language again
    assert korean.disposition == english.disposition == "emergency"
    assert korean.summary.endswith("응급실에 가세요.") and english.summary.startswith("Go to A&E")
    assert korean.suspected[0]["name"] == "골절 또는 탈구" and english.suspected[0]["name"] == "Fracture or dislocation"


def test_korean_emergency_texts_say_119_or_the_emergency_room_never_a_foreign_number() -> None:
    breathless = answered(region="calf", side="left", breathless=True)
    with knowledge.use_language("ko"):
        result = triage(breathless).to_dict()
    assert result["disposition"] == "emergency"
    assert "119" in result["summary"] and "119" in result["actions"][0]["text"]
    foreign = re.compile(r"(?<![0-9A-Za-z])(999|911|112|111|A&E|GP|NHS)(?![0-9A-Za-z])")
    for tid, text in knowledge.texts("ko").items():
        assert not foreign.search(text), tid


def test_the_korean_names_are_the_glossary_terms() -> None:
    # /shared/GLOSSARY-ko.md: the first term is shown; the second may follow in brackets once
    expected = {
        "patellofemoral_pain": "슬개대퇴통증증후군(슬개골 연골연화증)",
        "plantar_fasciitis": "족저근막염",
        "ankle_sprain": "발목 염좌",
        "chronic_ankle_instability": "만성 발목 불안정성",
        "achilles_tendinopathy": "아킬레스건병증(아킬레스건염)",
        "stress_fracture": "피로골절(스트레스 골절)",
        "shin_splints": "경골 내측 스트레스 증후군(신스플린트)",
        "itb_syndrome": "장경인대 증후군",
        "exercise_associated_cramp": "운동 관련 근육 경련(쥐)",
        "acute_compartment_syndrome": "급성 구획증후군",
        "mortons_neuroma": "지간신경종(모턴 신경종)",
        "calcaneal_apophysitis": "세버병(종골 골단염)",
    }
    for cid, name in expected.items():
        assert knowledge.text(f"condition.{cid}", "ko") == name
    assert knowledge.text("condition.deep_vein_thrombosis", "ko").startswith("심부정맥혈전증")
    dispositions = {  # one line each, as the glossary gives it
        "emergency": "지금 바로 응급실에 가거나 119에 연락하세요",
        "see_doctor": "병원 진료를 받으세요",
        "stop_and_rest": "달리기를 멈추고 통증이 가라앉을 때까지 쉬세요",
        "modify_training": "훈련을 줄이거나 바꿔서 계속하세요",
        "continue": "계속 달려도 좋아요. 통증을 지켜보세요",
    }
    for disposition, line in dispositions.items():
        assert knowledge.text(f"disposition.{disposition}", "ko").startswith(line)


def test_the_seed_advice_keeps_its_place_and_citation_and_the_cramp_text_keeps_the_evidence() -> None:
    with knowledge.use_language("ko"):
        cramp = triage(answered(region="calf", side="right", location="back", cramp=True)).to_dict()
    steps = [a for a in cramp["actions"] if a["id"].startswith("cramp_")]
    assert [a["id"] for a in steps] == ["cramp_stretch_calf", "cramp_point_and_pull", "cramp_massage", "cramp_evidence"]
    assert [a["text"][:3] for a in steps[:3]] == ["1단계", "2단계", "3단계"]
    assert "아킬레스건과 종아리 근육" in steps[0]["text"]  # the seed's wording: stretch the Achilles and calf
    assert {a["source"] for a in steps[:3]} == {"seed-article"} and steps[3]["source"] == "schwellnus-2009"
    # the seed's circulation explanation is reported as the seed's, and the evidence says otherwise
    assert "혈액순환 장애" in cramp["explanation"] and "Schwellnus" in cramp["explanation"]
    assert "피로한 근육" in steps[3]["text"]
    with knowledge.use_language("ko"):
        knee = triage(answered(region="knee", location="below_kneecap", when=["during_run"], pain_during=4)).to_dict()
    stop = next(a for a in knee["actions"] if a["id"] == "stop_running_until_settled")
    assert stop["source"] == "seed-article" and stop["text"] == "지금 달리기를 멈추고 통증이 가라앉을 때까지 쉬세요."


@pytest.mark.parametrize("case", [c for _, c in CASES], ids=[name for name, _ in CASES])
def test_advice_stored_in_one_language_reads_as_if_given_in_the_other(case: dict[str, Any]) -> None:
    # The physio report shows stored advice in the report's language (triage/wording.py): from the ids the
    # result keeps, its texts must come out exactly as a triage made in that language gives them.
    for given, shown in (("en", "ko"), ("ko", "en")):
        with knowledge.use_language(given):
            stored = triage(**case).to_dict()
        with knowledge.use_language(shown):
            fresh = triage(**case).to_dict()
            assert in_current_language(stored) == fresh
