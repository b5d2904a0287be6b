"""Errors speak the reader's language (issue 17): raised with a text id and values, rendered where shown."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from strideguard import knowledge
from strideguard.errors import (
    MISSING,
    ImportFailed,
    InputError,
    KnowledgeError,
    NotFoundError,
    Text,
    TextError,
)
from strideguard.ingest import archive, parallel
from strideguard.schemas import ProfileUpdate, RunInput, validate


def test_one_error_reads_in_the_language_of_where_it_is_shown() -> None:
    exc = InputError("days", 0, "errors.plan.days", most=366)
    assert str(exc) == "days: 0 is not allowed; give a whole number of days from 1 to 366"
    with knowledge.use_language("ko"):
        assert str(exc) == "days: 0 값은 쓸 수 없어요. 1부터 366까지의 정수로 날 수를 주세요"
        assert exc.allowed == "1부터 366까지의 정수로 날 수를 주세요"
    assert exc.render("ko") == "days: 0 값은 쓸 수 없어요. 1부터 366까지의 정수로 날 수를 주세요"
    assert (exc.field, exc.value, exc.allowed_text) == ("days", 0, Text("errors.plan.days", most=366))


def test_values_that_are_texts_follow_the_language_too() -> None:
    missing = InputError("--yes", MISSING, "feel.cli.need_yes")
    assert str(missing).startswith("--yes: missing is not allowed; ")
    with knowledge.use_language("ko"):
        assert str(missing).startswith("--yes: 값이 없어요. ")
        shoe = NotFoundError("errors.shoes.not_found", name="'Nope'", hint=Text("errors.shoes.add_first"))
        assert str(shoe) == "'Nope' 러닝화를 찾을 수 없어요. 먼저 `strideguard shoes add NAME`으로 추가하세요"
    long = str(InputError("notes", "x" * 1000, "errors.schema.too_long", most=500))
    assert "… (1,000 characters)" in long  # the value's own length, not its quoted form


def test_an_import_failure_says_where_once() -> None:
    at = ImportFailed("a.fit", "errors.fit.crc", 812)
    assert str(at) == "a.fit: bad CRC: the file is corrupt (checksum mismatch) at byte 812"
    said = ImportFailed("b.fit", "errors.fit.truncated", 3000, offset=3000)
    assert str(said) == "b.fit: truncated at byte 3000"
    with knowledge.use_language("ko"):
        assert str(at) == "a.fit: CRC가 맞지 않아요: 파일이 손상됐어요 (체크섬 불일치) (812바이트 위치)"
        assert str(said) == "b.fit: 3000바이트에서 끊겼어요"
        assert said.reason == "3000바이트에서 끊겼어요"


def test_errors_and_texts_survive_pickling_with_their_values() -> None:
    for exc in (
        ImportFailed("a.gpx", "errors.gpx.one_time", count=3, time="2026-01-01T07:00:00+00:00"),
        InputError("date", "x", "errors.date.range", first="1900-01-01", last="2099-12-31"),
        NotFoundError("errors.run.not_found", id=7),
    ):
        back = pickle.loads(pickle.dumps(exc))
        assert type(back) is type(exc) and str(back) == str(exc)
        with knowledge.use_language("ko"):
            assert str(back) == str(exc)


def test_a_failure_in_a_worker_process_is_shown_in_the_importing_language(tmp_path: Path) -> None:
    """Workers speak no language of their own: they send the text, the importing process renders it."""
    bad = tmp_path / "empty.fit"
    bad.write_bytes(b"")
    sources = [archive.Source(f"{i}.fit", str(bad)) for i in range(parallel.MIN_PARALLEL_SOURCES)]
    with knowledge.use_language("ko"):
        outcomes = list(parallel.decode_sources(sources, workers=2, count=len(sources)))
        said = {str(outcome) for _, outcome in outcomes}
    assert said == {f"{i}.fit: 빈 파일이에요 (0바이트 위치)" for i in range(len(sources))}


def test_pydantic_refusals_are_our_texts_in_the_language() -> None:
    fast = {"date": "2026-11-20", "distance_km": 10, "duration_min": 20}
    with pytest.raises(InputError) as english:
        validate(RunInput, fast)
    assert english.value.field == "distance_km" and english.value.value == 10
    assert str(english.value) == (
        "distance_km: 10 is not allowed; 10.0 km in 20.0 min is faster than the world record pace (2.5 min/km); "
        "check the units (kilometres and minutes)"
    )
    with knowledge.use_language("ko"):
        with pytest.raises(InputError) as korean:
            validate(RunInput, fast)
        assert str(korean.value) == (
            "distance_km: 10 값은 쓸 수 없어요. 20.0분에 10.0 km는 세계 기록 페이스(2.5분/km)보다 빨라요. "
            "단위(km와 분)를 확인하세요"
        )
        with pytest.raises(InputError) as choice:
            validate(ProfileUpdate, {"sex": "x"})
        assert str(choice.value) == "sex: 'x' 값은 쓸 수 없어요. 다음 중 하나를 쓰세요: female 또는 male"
        with pytest.raises(InputError) as bounds:
            validate(RunInput, {"date": "2026-11-20", "distance_km": 500, "duration_min": 3000})
        assert str(bounds.value) == "distance_km: 500 값은 쓸 수 없어요. 0보다 크고 400 이하인 수를 쓰세요"
    with pytest.raises(InputError) as choice_en:
        validate(ProfileUpdate, {"sex": "x"})
    assert str(choice_en.value) == "sex: 'x' is not allowed; use one of female or male"


def test_words_stay_words() -> None:
    """A developer's message (a broken knowledge file) and a text its caller rendered are shown as given."""
    assert str(KnowledgeError("knowledge/x.yaml line 3: bad")) == "knowledge/x.yaml line 3: bad"
    assert str(InputError("notes", "x", "use at most 2000 characters")).endswith("; use at most 2000 characters")
    assert str(TextError("errors.file.not_utf8", offset=5)) == "not UTF-8 text (byte 5)"
    with knowledge.use_language("ko"):
        assert str(TextError("errors.file.not_utf8", offset=5)) == "UTF-8 텍스트가 아니에요 (5바이트)"
