"""Every field of the contract's symptom report is validated, with a message naming it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from strideguard.errors import InputError
from strideguard.schemas import SymptomReport, parse_json_text, validate

BASE: dict[str, Any] = {"date": "2026-11-20", "region": "knee"}

FULL: dict[str, Any] = {
    "date": "2026-11-20",
    "region": "knee",
    "side": "left",
    "location": "below_kneecap",
    "onset": "gradual",
    "mechanism": "none",
    "when": ["during_run", "bending_knee"],
    "pain_during": 6,
    "pain_after": 5,
    "pain_rest": 0,
    "pain_next_morning": 3,
    "duration_days": 10,
    "swelling": False,
    "creaking": True,
    "heaviness": False,
    "instability": False,
    "locking": False,
    "unable_to_bear_weight": False,
    "bone_tenderness": [],
    "knee_flex_under_90": False,
    "numbness_tingling": False,
    "fever": False,
    "redness_warmth": False,
    "deformity": False,
    "calf_swelling_one_side": False,
    "cramp": False,
    "previous_sprains_12m": 0,
    "age": 34,
    "notes": "",
}

BOOLEANS = [
    "swelling",
    "creaking",
    "heaviness",
    "instability",
    "locking",
    "unable_to_bear_weight",
    "knee_flex_under_90",
    "numbness_tingling",
    "fever",
    "redness_warmth",
    "deformity",
    "calf_swelling_one_side",
    "cramp",
]
PAINS = ["pain_during", "pain_after", "pain_rest", "pain_next_morning"]


def refused(data: dict[str, Any]) -> InputError:
    with pytest.raises(InputError) as info:
        validate(SymptomReport, data)
    return info.value


def test_the_contract_example_is_accepted_as_is() -> None:
    report = validate(SymptomReport, FULL)
    assert report.reported()["when"] == ["during_run", "bending_knee"]
    assert report.pain_during == 6


def test_only_date_and_region_are_required_and_missing_means_not_reported() -> None:
    report = validate(SymptomReport, BASE)
    assert report.reported() == BASE
    assert report.swelling is None  # not reported, never "no"
    assert refused({"region": "knee"}).field == "date"
    assert refused({"date": "2026-11-20"}).field == "region"


@pytest.mark.parametrize("field", PAINS)
@pytest.mark.parametrize("value", [-1, 11, 5.5, "5", True])
def test_pain_scores_are_integers_0_to_10(field: str, value: Any) -> None:
    error = refused({**BASE, field: value})
    assert error.field == field
    assert "whole number" in error.allowed


@pytest.mark.parametrize("field", PAINS)
def test_pain_edges_and_null_are_accepted(field: str) -> None:
    for value in (0, 10, None):
        assert getattr(validate(SymptomReport, {**BASE, field: value}), field) == value


@pytest.mark.parametrize("field", BOOLEANS)
@pytest.mark.parametrize("value", ["yes", 1, "true"])
def test_findings_are_true_false_or_absent(field: str, value: Any) -> None:
    error = refused({**BASE, field: value})
    assert error.field == field and "true or false" in error.allowed


@pytest.mark.parametrize(
    ("field", "value", "allowed"),
    [
        ("region", "elbow", "knee, ankle, foot, calf, shin, thigh, hip, groin, back or other"),
        ("side", "middle", "left, right or both"),
        ("onset", "slow", "gradual or sudden"),
        ("mechanism", "kick", "none, twist, fall, impact or pop"),
        ("when", ["sleeping"], "during_run"),
        ("when", "during_run", "list"),
        ("bone_tenderness", ["skull"], "lateral_malleolus"),
        ("duration_days", -2, "from 0 to 3650"),
        ("previous_sprains_12m", -1, "from 0 to 100"),
        ("age", 200, "from 5 to 110"),
        ("age", "thirty", "whole number"),
        ("notes", 42, "text"),
        ("colour", "red", "not part of the schema"),
        ("date", "20/11/2026", "YYYY-MM-DD"),
    ],
)
def test_each_field_names_itself_and_what_is_allowed(field: str, value: Any, allowed: str) -> None:
    error = refused({**BASE, field: value})
    assert error.field == field
    assert allowed in str(error)


def test_dates_in_the_future_are_refused() -> None:
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    error = refused({**BASE, "date": tomorrow})
    assert error.field == "date" and "future" in error.allowed


@pytest.mark.parametrize(
    ("region", "good", "bad"),
    [
        ("knee", "kneecap", "heel"),
        ("ankle", "achilles", "kneecap"),
        ("foot", "sole", "achilles"),
        ("calf", "back", "sole"),
    ],
)
def test_location_must_belong_to_the_region(region: str, good: str, bad: str) -> None:
    assert validate(SymptomReport, {**BASE, "region": region, "location": good}).location == good
    error = refused({**BASE, "region": region, "location": bad})
    assert error.field == "location" and good in error.allowed


def test_not_an_object_and_broken_json_are_explained() -> None:
    with pytest.raises(InputError, match="JSON object"):
        validate(SymptomReport, ["knee"])
    with pytest.raises(InputError, match=r"line 1 column 10.*not valid JSON"):
        parse_json_text('{"date": ', "report.json")
