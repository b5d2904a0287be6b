"""Terrain exposure and cadence signals over per-run metrics."""

from __future__ import annotations

import pytest

from strideguard.load.exposure import cadence_signal, terrain_signal

from .helpers import d, runs


def _downhill_weeks(this_week_km: float) -> list[dict]:
    # Baseline: days 0..27 (4 weeks before D-6), each week one 10 km run with 20 % downhill = 2 km/week.
    items = [{"day": 7 * w, "km": 10.0, "downhill_share": 0.2} for w in range(4)]
    items.append({"day": 30, "km": 10.0, "downhill_share": this_week_km / 10.0})
    return items


@pytest.mark.parametrize(("km", "level"), [(2.0, "ok"), (2.2, "ok"), (2.4, "caution"), (2.6, "caution"), (3.0, "high")])
def test_downhill_exposure_against_the_usual_week(km: float, level: str) -> None:
    # D = day 34: this week is days 28..34; the 4 weeks before are days 0..27 (2 km a week usual).
    sig = terrain_signal(runs(_downhill_weeks(km)), d(34), "downhill_share")
    assert sig.value == pytest.approx(km / 10.0)
    assert sig.extra["usual_weekly_km"] == pytest.approx(2.0)
    assert sig.extra["change"] == pytest.approx(km / 2.0 - 1.0)
    assert sig.level == level


def test_terrain_unknown_without_samples() -> None:
    assert terrain_signal(runs([(0, 10.0), (30, 10.0)]), d(34), "slope_share").level == "unknown"
    only_now = runs([{"day": 30, "km": 10.0, "slope_share": 0.5}])
    assert terrain_signal(only_now, d(34), "slope_share").level == "unknown"


def test_trail_sport_counts_as_rough() -> None:
    items = [{"day": 7 * w, "km": 10.0, "rough_share": 0.0} for w in range(4)]
    items.append({"day": 30, "km": 8.0, "sport": "trail_running"})
    sig = terrain_signal(runs(items), d(34), "roughness")
    assert sig.value == pytest.approx(1.0)
    assert sig.level == "high"  # 8 km of rough ground against a usual 0 (floor 0.5 km)


def _cadence_history(latest_spm: float, latest_speed: float = 3.0) -> list[dict]:
    items = [{"day": k, "km": 8.0, "cadence_spm": 170.0, "speed_mps": 3.0} for k in range(0, 30, 5)]
    items.append({"day": 40, "km": 8.0, "cadence_spm": latest_spm, "speed_mps": latest_speed})
    return items


@pytest.mark.parametrize(
    ("spm", "level"), [(170.0, "ok"), (161.6, "ok"), (161.5, "caution"), (153.1, "caution"), (153.0, "high")]
)
def test_cadence_drop_at_matched_speed(spm: float, level: str) -> None:
    # Baseline 170 spm at 3.0 m/s; a 5 % drop is 161.5, a 10 % drop is 153.
    sig = cadence_signal(runs(_cadence_history(spm)), d(40))
    assert sig.extra["baseline_spm"] == pytest.approx(170.0)
    assert sig.value == pytest.approx(spm / 170.0 - 1.0)
    assert sig.level == level


def test_cadence_unknown_without_matched_speed() -> None:
    # Baseline runs at 3.0 m/s do not match a run at 4.0 m/s (+-10 %).
    assert cadence_signal(runs(_cadence_history(150.0, latest_speed=4.0)), d(40)).level == "unknown"
    assert cadence_signal(runs([(0, 5.0)]), d(0)).level == "unknown"
