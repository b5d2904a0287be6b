"""Shoe mileage bands, session dose against the prescription, and the prescription itself."""

from __future__ import annotations

from datetime import date

import pytest

from strideguard.load.equipment import session_dose, shoe_mileage
from strideguard.plan.dose import prescribed_dose

from .helpers import d, runs

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(("km", "level"), [(499.9, "ok"), (500.0, "caution"), (799.9, "caution"), (800.0, "high")])
def test_shoe_mileage_bands(km: float, level: str) -> None:
    sig = shoe_mileage({"old": km, "new": 10.0})
    assert sig.level == level and sig.value == km and sig.extra["shoe"] == "old"


def test_shoe_mileage_unknown_without_shoes() -> None:
    assert shoe_mileage({}).level == "unknown"


def test_base_dose_is_the_seed_articles() -> None:
    dose = prescribed_dose(None, TODAY)
    assert (dose.kind, dose.duration_min, dose.distance_km) == ("easy_run", 30.0, 5.5)
    assert dose.applied == () and "seed-article" in dose.sources and len(dose.why) == 1


def test_dose_adjustments_are_explained() -> None:
    beginner = prescribed_dose({"experience": "beginner"}, TODAY)
    assert beginner.kind == "walk_run" and beginner.distance_km == 3.5  # 5.5 x 0.6 = 3.3 -> 3.5
    assert beginner.applied == ("beginner",) and len(beginner.why) == 2
    older = prescribed_dose({"birth_year": 1981}, TODAY)  # 45 years old
    assert older.applied == ("age_40",)
    assert (older.duration_min, older.distance_km) == (25.0, 5.0)  # 27 -> 25 min, 4.95 -> 5.0 km
    heavy = prescribed_dose({"height_cm": 170, "weight_kg": 80}, TODAY)  # BMI 27.7
    assert heavy.applied == ("bmi_25",) and heavy.kind == "walk_run"
    knee = prescribed_dose({"joint_problems": ["knee"]}, TODAY)
    assert knee.applied == ("joint_problems",) and "knee" in knee.why[-1]


def test_session_dose_levels() -> None:
    dose = prescribed_dose(None, TODAY)
    on_plan = session_dose(runs([{"day": 0, "km": 5.5, "moving_s": 1800}]), d(0), dose)
    assert on_plan.level == "ok" and on_plan.value == pytest.approx(0.0)
    long_run = session_dose(runs([{"day": 0, "km": 12.0, "moving_s": 3600}]), d(0), dose)
    assert long_run.level == "high" and long_run.value == pytest.approx(12.0 / 5.5 - 1)
    assert session_dose(runs([]), d(0), dose).level == "unknown"
