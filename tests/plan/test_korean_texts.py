"""Status and plan in Korean: every text the runner reads is Korean, with nothing left in English.

Runs the demo runner's history (api.demo, a fixed day) and a new runner with joint problems and a
body-mass index of 25 or more, so that the dose, readiness, terrain, shoe and episode texts all show.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from strideguard import api, knowledge
from tests.hangul import english_words, has_hangul

DAY = date(2026, 11, 25)
TEXT_KEYS = {"detail", "critique", "text", "why", "warmup", "strength", "recovery", "cues", "notes", "steps"}
TEXT_KEYS |= {"title", "disclaimer", "label"}


def runner_texts(data: Any, key: str = "") -> list[str]:
    """Every string under a text key of a status or plan result (ids, levels and kinds are not texts)."""
    if isinstance(data, dict):
        return [t for k, v in data.items() for t in runner_texts(v, k)]
    if isinstance(data, list):
        return [t for v in data for t in runner_texts(v, key)]
    return [data] if isinstance(data, str) and key in TEXT_KEYS else []


def check_korean(texts: list[str], user_words: tuple[str, ...] = ()) -> None:
    assert texts
    for text in texts:
        shown = text
        for word in user_words:  # names the runner typed (a shoe) stay as typed
            shown = shown.replace(word, "")
        assert has_hangul(shown), text
        assert not english_words(shown), (english_words(shown), text)


def test_status_and_plan_of_the_demo_runner_read_in_korean(tmp_path: Path) -> None:
    db = str(tmp_path / "demo.db")
    api.demo(db, today=DAY)
    shoes = tuple(s["name"] for s in api.shoes_list(db))
    with knowledge.use_language("ko"):
        status = api.status(db, DAY)
        plan = api.plan(db, days=14, today=DAY)
    texts = runner_texts(status) + runner_texts(plan)
    check_korean(texts, shoes)
    assert len(texts) > 60
    # the terrain, dose and caps wording, filled in by code, is Korean too
    assert any("구간은" in t for t in texts) or any("구간의 비율" in t for t in texts)
    assert any("세트 x" in t for t in texts)  # exercise lines: 3세트 x 다리마다 10회
    with knowledge.use_language("en"):
        english = api.plan(db, days=14, today=DAY)
    assert [d["session"]["kind"] for d in english["days"]] == [d["session"]["kind"] for d in plan["days"]]
    assert [d["session"]["distance_km"] for d in english["days"]] == [d["session"]["distance_km"] for d in plan["days"]]


def test_a_new_runner_with_joint_problems_and_weight_advice_reads_in_korean(tmp_path: Path) -> None:
    db = str(tmp_path / "new.db")
    api.profile_set(
        db, birth_year=1968, height_cm=170, weight_kg=80, experience="beginner", joint_problems=["knee", "ankle"]
    )
    with knowledge.use_language("ko"):
        plan = api.plan(db, days=7, today=DAY)
        status = api.status(db, DAY)
    texts = runner_texts(plan) + runner_texts(status)
    check_korean(texts)
    assert any("무릎·발목에 문제가 있다고" in t for t in texts)  # the joints in Korean, joined as Koreans write
    assert any(t.startswith("체질량지수 27.7:") for t in texts)  # 80 / 1.70² = 27.68


def test_no_running_action_names_the_disposition_in_words(tmp_path: Path) -> None:
    db = str(tmp_path / "stop.db")
    report = {"date": "2026-11-24", "region": "knee", "side": "left", "heaviness": True, "pain_during": 4}
    api.symptom_log(db, report)
    with knowledge.use_language("ko"):
        status = api.status(db, DAY)
    action = next(a for a in status["recommendation"]["actions"] if a["id"] == "no_running")
    assert action["text"].endswith("달리기를 멈추고 통증이 가라앉을 때까지 쉬세요.")
    assert "2026-11-24의 왼쪽 무릎 기록" in action["text"]
    english = api.status(db, DAY)
    no_running = next(a for a in english["recommendation"]["actions"] if a["id"] == "no_running")
    assert no_running["text"].endswith("said stop running and rest until the pain has settled.")
