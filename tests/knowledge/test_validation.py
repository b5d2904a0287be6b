"""Knowledge files are validated by pydantic models; the first error names the file, the line and the place."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest
import yaml

from strideguard import api, knowledge
from strideguard.errors import KnowledgeError
from strideguard.knowledge.models import Number, knowledge_error, line_of
from strideguard.load import thresholds
from strideguard.load.thresholds import SignalsFile
from strideguard.plan import library
from strideguard.plan.dose import DoseFile
from strideguard.plan.library import CardsFile, ProgrammesFile
from strideguard.store import open_database


def _check(model: type, text: str, path: str) -> str:
    with pytest.raises(KnowledgeError) as caught:
        knowledge.validate(model, yaml.safe_load(text), path, text=text)
    return str(caught.value)


def test_line_of_follows_keys_and_indexes() -> None:
    text = "a:\n  b:\n    - x: 1\n    - x: 2\n      y: 3\nc: 4\n"
    assert line_of(text, ["a", "b", 1, "y"]) == 5
    assert line_of(text, ["a", "b", 0]) == 3
    assert line_of(text, ["c"]) == 6
    assert line_of(text, ["a", "missing"]) == 1  # the deepest node found: a
    assert line_of("a: [", ["a"]) is None  # not YAML


def test_an_error_without_its_text_reads_the_packaged_file_for_the_line() -> None:
    # An error raised after loading (e.g. by a number read later from plan/rules.yaml) carries
    # no text; the line comes from the file in the package (signals.yaml: session_spike at line 9).
    error = {"loc": ("session_spike",), "type": "value_error", "msg": "Value error, broken"}
    assert str(knowledge_error(error, "signals.yaml")) == "knowledge/signals.yaml line 9: session_spike: broken"


def test_a_band_with_an_unknown_level_names_line_and_place() -> None:
    text = (
        "shoe_mileage:\n"
        "  source: shoe-retail-guidance\n"
        "  bands:\n"
        "    - {upper: 500, level: ok, text: shoe_mileage.ok, source: shoe-retail-guidance}\n"
        "    - {upper: null, level: severe, text: shoe_mileage.high, source: shoe-retail-guidance}\n"
    )
    message = _check(SignalsFile, text, "signals.yaml")
    assert message.startswith("knowledge/signals.yaml line 5: shoe_mileage.bands[1].level: Input should be")


def test_a_misspelt_key_and_an_unknown_source_are_errors() -> None:
    misspelt = "monotony:\n  source: foster-1998\n  parms:\n    window_days: {value: 7, source: foster-1998}\n"
    assert _check(SignalsFile, misspelt, "signals.yaml") == (
        "knowledge/signals.yaml line 3: monotony.parms: unknown key; check its spelling against the comment at the "
        "top of the file"
    )
    unknown = "monotony:\n  source: nobody-2020\n"
    assert _check(SignalsFile, unknown, "signals.yaml") == (
        "knowledge/signals.yaml line 2: monotony.source: source 'nobody-2020' is not defined under knowledge/sources/"
    )


def test_band_order_is_checked() -> None:
    text = (
        "cadence:\n  bands:\n"
        "    - {upper: null, level: ok, text: cadence.ok, source: heiderscheit-2011}\n"
        "    - {upper: 0.1, level: high, text: cadence.high, source: heiderscheit-2011}\n"
    )
    assert _check(SignalsFile, text, "signals.yaml") == (
        "knowledge/signals.yaml line 1: cadence: only the last band may have upper: null"
    )


def test_plan_files_exercise_card_and_dose() -> None:
    exercise = (
        "warmup:\n  - {id: brisk_walk, sets: 1, tags: [all], source: acsm-2021}\n"
        "strength:\n  - {id: step_up, sets: three, tags: [knee], source: acsm-2021}\n"
        "stretching:\n  - {id: calf_stretch, sets: 1, tags: [all], source: acsm-2021}\n"
        "cooldown:\n  - {id: easy_walk, sets: 1, tags: [all], source: acsm-2021}\n"
    )
    assert _check(ProgrammesFile, exercise, "plan/programmes.yaml").startswith(
        "knowledge/plan/programmes.yaml line 4: strength[0].sets: Input should be a valid integer"
    )
    card = "cramp:\n  title: card.cramp.title\n  steps:\n    - {text: card.cramp.nope, source: seed-article}\n"
    assert _check(CardsFile, card, "plan/cards.yaml") == (
        "knowledge/plan/cards.yaml line 4: cramp.steps[0].text: text id 'card.cramp.nope' is not in "
        "knowledge/locale/en/"
    )
    dose = (
        "base: {kind: easy_run, duration_min: {value: 30, source: seed-article},"
        " distance_km: {value: 5.5, source: seed-article}, text: dose.base}\n"
        "rounding: {duration_min: {value: 5, source: seed-article}, distance_km: {value: 0.5, source: seed-article}}\n"
        "adjustments:\n"
        "  - id: old\n    when: {min_years: 40}\n"
        "    duration_factor: {value: 0.9, source: seed-article}\n"
        "    distance_factor: {value: 0.9, source: seed-article}\n"
        "    text: dose.age_40\n    source: seed-article\n"
    )
    assert _check(DoseFile, dose, "dose.yaml").startswith("knowledge/dose.yaml line 5: adjustments[0].when.min_years:")


def test_a_number_inside_a_file_is_placed_with_at() -> None:
    text = "schedule:\n  long_run:\n    per_week: {value: one, source: acsm-2021}\n"
    with pytest.raises(KnowledgeError, match=r"^knowledge/plan/rules.yaml line 3: schedule.long_run.per_week.value"):
        knowledge.validate(
            Number,
            yaml.safe_load(text)["schedule"]["long_run"]["per_week"],
            "plan/rules.yaml",
            text=text,
            at=("schedule", "long_run", "per_week"),
        )


def test_the_shipped_files_validate() -> None:
    assert thresholds.bands("session_spike")[0].level == "ok"
    assert library.programmes()["warmup"] and library.cards_data()
    assert library.number("caps", "week_days") == 7.0
    assert "session_spike" in knowledge.validated(SignalsFile, "signals.yaml").root


def _clear_caches() -> None:
    for function in (
        knowledge.load,
        knowledge.sources,
        knowledge._texts,  # the cache behind knowledge.texts()
        thresholds._file,
        thresholds._data,
        thresholds.bands,
    ):
        function.cache_clear()


@pytest.fixture()
def broken_signals(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the knowledge folder whose signals.yaml has a misspelt key, used in place of the package's."""
    copy = tmp_path / "knowledge"
    shutil.copytree(str(resources.files("strideguard.knowledge")), copy)
    signals = copy / "signals.yaml"
    signals.write_text(signals.read_text(encoding="utf-8").replace("  bands:", "  bnads:", 1), encoding="utf-8")
    monkeypatch.setattr(knowledge, "_root", lambda: copy)
    _clear_caches()
    yield copy
    monkeypatch.undo()
    _clear_caches()


def test_triage_reports_a_broken_signals_file_instead_of_swallowing_it(broken_signals: Path, tmp_path: Path) -> None:
    db = open_database(str(tmp_path / "t.db"))
    with pytest.raises(KnowledgeError, match=r"^knowledge/signals.yaml line \d+: session_spike.bnads: unknown key"):
        api.triage(db, {"date": "2026-11-20", "region": "knee"})
