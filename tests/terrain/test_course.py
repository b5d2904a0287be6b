"""A run's course: per-kilometre splits, series against distance and route points from known samples."""

from __future__ import annotations

import numpy as np
import pytest

from strideguard.terrain.course import SPLITS_BASIS, course, route_points, splits


def steady(metres: float, speed_mps: float, every_s: float = 1.0) -> dict[str, np.ndarray]:
    """A run at one speed: distance grows by speed x time; heart rate 150, cadence 170, flat at 100 m."""
    time = np.arange(0.0, metres / speed_mps + every_s / 2, every_s)
    n = time.size
    return {
        "time_s": time,
        "distance_m": np.minimum(time * speed_mps, metres),
        "altitude_m": np.full(n, 100.0),
        "heart_rate": np.full(n, 150.0),
        "cadence_spm": np.full(n, 170.0),
        "lat": 52.0 + time * speed_mps / 111_195.0,  # northwards: 1 degree of latitude is about 111.195 km
        "lon": np.full(n, 13.0),
    }


def test_splits_of_a_steady_run_have_its_pace() -> None:
    # 2.5 km at 4 m/s: each full kilometre takes 250 s, a pace of 250 / 60 = 4.1667 min/km; the last 500 m 125 s
    result = splits(steady(2500, 4.0))
    assert [s["distance_km"] for s in result] == [1.0, 1.0, 0.5]
    assert [s["duration_s"] for s in result] == pytest.approx([250.0, 250.0, 125.0], abs=0.5)
    assert [s["pace_min_per_km"] for s in result] == pytest.approx([4.17, 4.17, 4.17], abs=0.01)
    assert all(s["avg_hr"] == 150 and s["avg_cadence_spm"] == 170 for s in result)
    assert all(s["climb_m"] == 0 and s["descent_m"] == 0 for s in result)  # flat


def test_a_remainder_under_100_m_is_not_a_split() -> None:
    assert [s["distance_km"] for s in splits(steady(2050, 4.0))] == [1.0, 1.0]


def test_climb_per_split_adds_up_to_the_runs_climb() -> None:
    run = steady(2000, 4.0)
    # first kilometre climbs 20 m steadily, the second descends them again
    run["altitude_m"] = 100.0 + 20.0 * (1 - np.abs(run["distance_m"] - 1000.0) / 1000.0)
    first, second = splits(run)
    assert first["climb_m"] == pytest.approx(20, abs=1) and first["descent_m"] == 0
    assert second["descent_m"] == pytest.approx(20, abs=1) and second["climb_m"] == 0


def test_course_series_against_distance() -> None:
    result = course(steady(3000, 3.0), max_points=100).to_dict()
    series = result["series"]
    assert len(series["distance_km"]) <= 100
    assert series["distance_km"][0] == 0.0 and series["distance_km"][-1] == pytest.approx(3.0, abs=0.04)
    known = [p for p in series["pace_min_per_km"] if p is not None]
    assert known and all(p == pytest.approx(1000 / 3.0 / 60.0, abs=0.01) for p in known)  # 5:33.3 min/km
    assert set(series["heart_rate"]) == {150.0}
    assert result["splits_basis"] == SPLITS_BASIS


def test_route_is_thinned_keeping_start_and_finish() -> None:
    run = steady(5000, 2.5)  # 2001 positions
    points = route_points(run, max_points=50)
    assert len(points) <= 50
    assert points[0] == (52.0, 13.0)
    assert points[-1][0] == pytest.approx(52.0 + 5000 / 111_195.0, abs=1e-6)


def test_a_run_without_samples_has_an_empty_course() -> None:
    empty = course({}).to_dict()
    assert empty["route"] == [] and empty["splits"] == [] and empty["series"]["distance_km"] == []
