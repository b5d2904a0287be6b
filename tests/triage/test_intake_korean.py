"""The symptom intake in Korean: questions and numbered choices in Korean, Korean answers read, Korean errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from strideguard import api, knowledge
from strideguard.cli import app
from strideguard.errors import InputError
from strideguard.triage.intake import _key, _names, choice_label, intake, parse_answer, read_answers
from tests.hangul import english_words, has_hangul

DAY = date(2026, 11, 20)
REGIONS = (None, "knee", "ankle", "foot", "calf", "shin", "thigh", "hip", "groin", "back", "other")


@pytest.fixture(autouse=True)
def korean() -> Iterator[None]:
    with knowledge.use_language("ko"):
        yield


def q(name: str) -> Any:
    return intake().question(name)


def ask(name: str, typed: str, answers: dict[str, Any] | None = None) -> Any:
    return parse_answer(q(name), typed, answers or {"region": "knee"}, today=DAY)


def refused(name: str, typed: str, answers: dict[str, Any] | None = None) -> str:
    with pytest.raises(InputError) as bad:
        ask(name, typed, answers)
    assert bad.value.field == name
    message = bad.value.allowed
    assert has_hangul(message) and not english_words(message), message
    return message


def test_every_question_and_choice_reads_in_korean() -> None:
    for question in intake().questions:
        text = question.text()
        assert has_hangul(text) and not english_words(text), (question.field, text)
        for region in REGIONS:
            for value in question.options({"region": region} if region else {}):
                label = choice_label(question.field, value)
                assert has_hangul(label) and not english_words(label), (question.field, value, label)


@pytest.mark.parametrize("typed", ["예", "네", "응", "네요", "yes", "y", "있어요", "있음"])
def test_yes(typed: str) -> None:
    assert ask("swelling", typed) is True


@pytest.mark.parametrize("typed", ["아니요", "아니오", "아뇨", "아니", "no", "n", "없어요", "없음"])
def test_no(typed: str) -> None:
    assert ask("swelling", typed) is False


@pytest.mark.parametrize("typed", ["모름", "잘 모르겠어요", "모르겠어요", "몰라요", "", "?"])
def test_not_sure_is_not_reported(typed: str) -> None:
    assert ask("swelling", typed) is None
    assert ask("pain_during", typed) is None


def test_there_is_or_is_not_does_not_answer_a_question_about_being_unable() -> None:
    # "네 걸음을 걸을 수 없나요?" answered "없어요" could mean either; only 예 / 아니요 answer it
    assert ask("unable_to_bear_weight", "예", {"region": "ankle", "mechanism": "twist"}) is True
    assert ask("unable_to_bear_weight", "아니요", {"region": "ankle", "mechanism": "twist"}) is False
    for typed in ("없어요", "있어요"):
        assert "예 또는 아니요" in refused("unable_to_bear_weight", typed, {"region": "ankle", "mechanism": "twist"})
    assert "예 또는 아니요" in refused("swelling", "조금")


def test_choices_by_korean_name_polite_ending_number_or_id() -> None:
    assert [ask("side", t) for t in ("왼쪽", "오른쪽", "양쪽")] == ["left", "right", "both"]
    assert [ask("side", t) for t in ("왼쪽이요", "오른쪽요", "둘 다", "1", "right")] == [
        "left",
        "right",
        "both",
        "left",
        "right",
    ]
    regions = {"무릎": "knee", "발목": "ankle", "발바닥": "foot", "종아리": "calf", "정강이": "shin"}
    regions |= {"허벅지": "thigh", "고관절": "hip", "사타구니": "groin", "허리": "back", "다른 곳": "other"}
    for typed, region in regions.items():
        assert ask("region", typed, {}) == region, typed
    knee = {"region": "knee"}
    assert ask("location", "무릎 아래", knee) == "below_kneecap"  # the seed's own words
    assert ask("location", "슬개골 바로 아래", knee) == "below_kneecap"  # the label as shown
    assert ask("location", "오금", knee) == "back"
    assert ask("location", "안쪽이에요", knee) == "inner"
    assert ask("location", "발뒤꿈치", {"region": "foot"}) == "heel"
    assert ask("mechanism", "삐었어요", {"region": "ankle"}) == "twist"
    assert ask("mechanism", "'뚝' 소리", {"region": "calf"}) == "pop"
    assert ask("onset", "서서히", knee) == "gradual"


def test_a_wrong_choice_is_refused_in_korean_with_a_korean_example() -> None:
    message = refused("location", "머리")
    assert message == "1부터 7까지의 번호나 목록에 있는 이름을 적어 주세요(예: 슬개골)."
    assert refused("location", "발뒤꿈치").startswith("1부터 7까지")  # a foot place, not the knee's
    assert refused("location", "8").startswith("1부터 7까지")
    assert refused("bone_tenderness", "1", {"region": "calf"}) == "이 부위에는 고를 항목이 없어요. 비워 두세요."


def test_several_choices_in_korean() -> None:
    knee = {"region": "knee"}
    assert ask("when", "달리는 중, 계단", knee) == ("during_run", "stairs")
    assert ask("when", "달릴 때, 무릎 굽힐 때, 1", knee) == ("during_run", "bending_knee")
    assert ask("when", "1 3", knee) == ("during_run", "at_rest")
    assert ask("when", "1번, 2번", knee) == ("during_run", "after_run")
    ankle = {"region": "ankle"}
    assert ask("bone_tenderness", "바깥쪽 복사뼈, 주상골", ankle) == ("lateral_malleolus", "navicular")
    for none in ("없음", "없어요", "해당 없음", "아니요"):
        assert ask("bone_tenderness", none, ankle) == ()
    message = refused("when", "가끔", knee)
    assert "쉼표로 나눠" in message and "1부터 13까지" in message
    assert "'없음'" in refused("bone_tenderness", "9", ankle)
    with pytest.raises(InputError):
        ask("when", "없음", knee)  # "none" is no answer to when it hurts


@pytest.mark.parametrize(
    ("name", "typed", "value"),
    [
        ("pain_during", "6", 6),
        ("pain_during", "6점", 6),
        ("pain_during", "6 점", 6),
        ("pain_during", "6점이요", 6),
        ("pain_during", "6/10", 6),
        ("pain_during", "약 6점", 6),
        ("pain_during", "0", 0),
        ("duration_days", "10일", 10),
        ("duration_days", "10일째", 10),
        ("previous_sprains_12m", "2번", 2),
        ("previous_sprains_12m", "2회", 2),
        ("age", "34세", 34),
        ("age", "만 34세", 34),
        ("age", "34살", 34),
    ],
)
def test_numbers_with_or_without_units(name: str, typed: str, value: int) -> None:
    assert ask(name, typed, {"region": "ankle"}) == value


def test_a_number_out_of_range_or_in_words_is_refused_in_korean() -> None:
    for typed in ("11", "11점", "-1", "여섯", "6.5", "6~7"):
        assert refused("pain_during", typed) == "0부터 10까지의 정수로 적어 주세요."
    assert refused("age", "서른넷") == "5부터 110까지의 정수로 적어 주세요."


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("2026-11-20", date(2026, 11, 20)),
        ("2026년 11월 20일", date(2026, 11, 20)),
        ("2026년11월20일", date(2026, 11, 20)),
        ("2026. 11. 19.", date(2026, 11, 19)),
        ("2026.11.19", date(2026, 11, 19)),
        ("11월 18일", date(2026, 11, 18)),
        ("오늘", date(2026, 11, 20)),
        ("오늘이요", date(2026, 11, 20)),
        ("어제", date(2026, 11, 19)),
        ("그저께", date(2026, 11, 18)),
        ("3일 전", date(2026, 11, 17)),
        ("yesterday", date(2026, 11, 19)),
    ],
)
def test_dates_as_koreans_write_them(typed: str, day: date) -> None:
    assert ask("date", typed, {}) == day


def test_a_wrong_or_future_date_is_refused_in_korean() -> None:
    assert refused("date", "20/11/2026", {}) == "날짜를 2026-11-20, 2026년 11월 20일, 오늘, 어제처럼 적어 주세요."
    assert refused("date", "2026년 2월 30일", {}).startswith("날짜를")
    assert (
        refused("date", "2026년 11월 21일", {}) == "미래의 날짜예요. 오늘(2026-11-20)이나 그 이전 날짜를 적어 주세요."
    )
    assert refused("date", "", {}) == "증상이 있었던 날을 적어 주세요."
    assert refused("region", "", {}) == "아픈 곳을 골라 주세요."


def test_answers_in_korean_are_korean_only_in_korean() -> None:
    with knowledge.use_language("en"):
        with pytest.raises(InputError) as bad:
            ask("swelling", "네")
        assert bad.value.allowed.startswith("Answer yes or no")


def test_no_name_stands_for_two_choices_of_one_question() -> None:
    """Every name (label or other name) of a choice picks that choice only, in every language and region."""
    for lang in knowledge.LANGUAGES:
        for question in intake().questions:
            if question.kind not in ("choice", "multi"):
                continue
            for region in REGIONS:
                options = question.options({"region": region} if region else {})
                seen: dict[str, str] = {}
                for value in options:
                    for name in (value, *_names_of(question.field, value, lang)):
                        key = _key(name)
                        assert seen.setdefault(key, value) == value, (lang, question.field, region, name)
                assert set(_names(question, options, lang).values()) <= set(options)


def _names_of(field: str, value: str, lang: str) -> tuple[str, ...]:
    from strideguard.triage.intake import choice_names

    return choice_names(field, value, lang)


def test_the_web_form_reads_korean_answers_and_says_what_to_fix_in_korean() -> None:
    raw = {
        "date": "오늘",
        "region": "knee",
        "side": "왼쪽",
        "pain_during": "6점",
        "duration_days": "열흘",
        "notes": "계단",
    }
    reading = read_answers(raw, {"sex": "male", "birth_year": 1990}, today=DAY)
    assert reading.errors == {"duration_days": "0부터 3650까지의 정수로 적어 주세요."}
    assert reading.report() == {
        "date": "2026-11-20",
        "region": "knee",
        "side": "left",
        "pain_during": 6,
        "notes": "계단",
    }


# ---------------------------------------------------------------- the interactive `symptom log`, in Korean


def test_symptom_log_asks_in_korean_and_asks_again_at_once_with_a_korean_message(tmp_path: Path) -> None:
    db = str(tmp_path / "k.db")
    api.profile_set(db, birth_year=1992, sex="female", language="ko")
    answers = [
        "오늘",  # date
        "무릎",  # region
        "왼쪽",  # side
        "무릎 밑 어딘가",  # location: not a choice ...
        "무릎 아래",  # ... asked again
        "서서히",  # onset
        "다친 적 없음",  # mechanism
        "아니요",  # swelling
        "아니요",  # redness or warmth
        "글쎄 잘",  # numbness: not yes or no ...
        "아뇨",  # ... asked again
        "6점",  # pain during
        "5",  # pain after
        "0",  # pain at rest
        "3점",  # pain the next morning
        "달리는 중, 무릎 굽힐 때",  # when
    ]
    follow_ups = "\n" * 40  # Enter for every other question: "not reported"
    result = CliRunner().invoke(
        app, ["--db", db, "symptom", "log", "--json"], input="\n".join(answers) + "\n" + follow_ups
    )
    assert result.exit_code == 0, result.output
    prompts = result.stderr.replace("\n", "")  # the console wraps long lines at 80 columns
    assert "질문에 하나씩 답해 주세요" in prompts
    assert "어디가 아픈가요?" in prompts and "  1  무릎" in prompts and "슬개골 바로 아래" in prompts
    assert prompts.count("받아들일 수 없는 답이에요") == 2
    assert "받아들일 수 없는 답이에요: '무릎 밑 어딘가'. 1부터 7까지의 번호나 목록에 있는 이름을" in prompts
    assert "예 또는 아니요로 답해 주세요" in prompts
    report = json.loads(result.stdout)["report"]
    assert report["date"] == date.today().isoformat()
    assert (report["region"], report["side"], report["location"]) == ("knee", "left", "below_kneecap")
    assert (report["onset"], report["mechanism"], report["numbness_tingling"]) == ("gradual", "none", False)
    assert (report["pain_during"], report["pain_after"], report["pain_next_morning"]) == (6, 5, 3)
    assert report["when"] == ["during_run", "bending_knee"]
    triage = json.loads(result.stdout)["triage"]
    assert triage["disposition"] == "see_doctor" and has_hangul(triage["summary"])
