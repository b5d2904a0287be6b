"""Terrain metrics on generated tracks with known slopes and shapes."""

from __future__ import annotations

import math

import numpy as np
import pytest

from strideguard.terrain import terrain_metrics
from strideguard.terrain.track import along_track


def _hill(noise_m: float = 0.0) -> dict[str, np.ndarray]:
    # 1 km flat, 1 km up at 10 %, 1 km down at 10 %; one sample per metre.
    dist = np.arange(0.0, 3000.0 + 1, 1.0)
    alt = np.where(dist < 1000, 0.0, np.where(dist < 2000, (dist - 1000) * 0.1, 100.0 - (dist - 2000) * 0.1))
    rng = np.random.default_rng(7)
    alt = alt + rng.uniform(-noise_m, noise_m, dist.size)
    return {"time_s": dist / 3.0, "distance_m": dist, "altitude_m": alt}


def test_slope_and_downhill_shares_of_a_known_hill() -> None:
    m = terrain_metrics(_hill())
    # Two thirds on a 10 % grade, one third downhill; 100 m smoothing blurs the three corners
    # (at most 2 x 50 m each side around each corner: +-0.035 of the distance).
    assert m.slope_share == pytest.approx(2 / 3, abs=0.035)
    assert m.downhill_share == pytest.approx(1 / 3, abs=0.035)
    assert m.uphill_share == pytest.approx(1 / 3, abs=0.035)
    assert m.distance_m == pytest.approx(3000.0)


def test_altitude_noise_does_not_make_flat_ground_sloping() -> None:
    dist = np.arange(0.0, 2000.0, 1.0)
    rng = np.random.default_rng(1)
    flat = {"time_s": dist / 3, "distance_m": dist, "altitude_m": 50 + rng.uniform(-1.0, 1.0, dist.size)}
    assert terrain_metrics(flat).slope_share == 0.0
    assert terrain_metrics(_hill(noise_m=1.0)).downhill_share == pytest.approx(1 / 3, abs=0.05)


def test_unknown_without_altitude_and_trail_sport_is_rough() -> None:
    dist = np.arange(0.0, 1000.0, 1.0)
    m = terrain_metrics({"time_s": dist, "distance_m": dist})
    assert math.isnan(m.slope_share) and math.isnan(m.rough_share)
    assert terrain_metrics({"time_s": dist, "distance_m": dist}, sport="trail_running").rough_share == 1.0
    assert terrain_metrics({}).to_dict()["slope_share"] is None


def test_distance_from_lat_lon() -> None:
    # 0.001 degree of latitude is 111.2 m on the mean Earth sphere (2 pi R / 360 / 1000).
    lat = np.linspace(45.0, 45.01, 11)
    dist = along_track({"lat": lat, "lon": np.full(11, 7.0)})
    assert dist[-1] == pytest.approx(2 * math.pi * 6_371_008.8 / 360 * 0.01, rel=1e-6)


def _track(lat: np.ndarray, lon: np.ndarray) -> dict[str, np.ndarray]:
    return {"time_s": np.arange(lat.size, dtype=float), "lat": lat, "lon": lon}


def test_roughness_straight_road_versus_zigzag_trail() -> None:
    n = 2000
    straight = terrain_metrics(_track(np.linspace(45.0, 45.02, n), np.full(n, 7.0)))
    assert straight.roughness_deg == pytest.approx(0.0, abs=0.5)
    assert straight.rough_share == 0.0
    # A staircase path: 30 m north, 30 m east, repeated (a 90 degree turn every 30 m).
    leg = 30.0 / 111_195.0  # degrees of latitude in 30 m
    east = leg / math.cos(math.radians(45.0))
    corners_lat = 45.0 + leg * np.ceil(np.arange(101) / 2)
    corners_lon = 7.0 + east * np.floor(np.arange(101) / 2)
    dense = np.linspace(0, 100, 3001)
    zig = terrain_metrics(
        _track(np.interp(dense, np.arange(101), corners_lat), np.interp(dense, np.arange(101), corners_lon))
    )
    assert zig.roughness_deg > 25.0
    assert zig.rough_share == 1.0
