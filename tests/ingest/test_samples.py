"""Sample maths: known values computed by hand or from published WGS84 figures."""

from __future__ import annotations

import numpy as np
import pytest

from strideguard.domain import SAMPLE_COLUMNS
from strideguard.ingest import samples as S


def test_one_degree_on_the_wgs84_equator() -> None:
    # Published WGS84 figures: 1 deg of latitude at the equator = 110,574 m;
    # 1 deg of longitude on the equator = a * pi / 180 = 6378137 * 0.0174533 = 111,319.5 m.
    lat_step = S.step_distances_m(np.array([0.0, 1.0]), np.array([0.0, 0.0]))
    lon_step = S.step_distances_m(np.array([0.0, 0.0]), np.array([0.0, 1.0]))
    assert lat_step[0] == pytest.approx(110_574, abs=2)
    assert lon_step[0] == pytest.approx(6_378_137 * np.pi / 180, abs=0.5)


def test_step_bound_is_never_below_the_distance() -> None:
    """The glitch check skips the exact distances when this bound is small enough: it must never undercount."""
    # 1 deg of latitude at the equator: 110,574 m; the bound takes the polar radius of curvature
    # a / sqrt(1 - e^2) = 6,399,593.6 m: 6,399,593.6 * pi / 180 = 111,694 m.
    bound = S.step_distance_bounds_m(np.array([0.0, 1.0]), np.array([0.0, 0.0]))
    assert bound[0] == pytest.approx(111_694, abs=1)
    rng = np.random.default_rng(7)
    for _ in range(300):  # random walks anywhere, steps of millimetres to hundreds of km, across the antimeridian
        scale = 10 ** rng.uniform(-8, 0.5)
        lat = np.clip(rng.uniform(-89.9, 89.9) + np.cumsum(rng.normal(0, scale, 40)), -90, 90)
        lon = (rng.uniform(-180, 180) + np.cumsum(rng.normal(0, scale, 40)) + 180) % 360 - 180
        assert (S.step_distance_bounds_m(lat, lon) >= S.step_distances_m(lat, lon)).all()


def test_longitude_wraps_across_the_antimeridian() -> None:
    d = S.step_distances_m(np.array([0.0, 0.0]), np.array([179.9995, -179.9995]))
    assert d[0] == pytest.approx(111_319.5 * 0.001, rel=1e-3)


def test_cumulative_distance_skips_unknown_positions_and_segment_gaps() -> None:
    lat = np.array([0.0, np.nan, 0.001, 0.002, 0.003])
    lon = np.zeros(5)
    breaks = np.array([True, False, False, True, False])  # a new segment starts at index 3
    d = S.cumulative_distance_m(lat, lon, breaks)
    step = S.step_distances_m(np.array([0.0, 0.001]), np.array([0.0, 0.0]))[0]
    # 0 -> (unknown carries 0) -> one step -> gap not counted -> one more step
    assert d == pytest.approx([0.0, 0.0, step, step, 2 * step], rel=1e-6)


def test_moving_time_excludes_stops_and_pauses() -> None:
    t = np.array([0.0, 1, 2, 3, 63, 64])
    d = np.array([0.0, 2, 4, 4, 10, 12])
    # steps: 2 m/1 s moving, moving, 0 m standing, 60 s gap = pause, 2 m/1 s moving -> 3 s
    assert S.moving_time_s(t, d) == 3.0


def test_ascent_descent_hysteresis_by_hand() -> None:
    assert S.ascent_descent_m(np.array([0.0, 1, 0, 1, 0, 1])) == (0.0, 0.0)  # 1 m jitter < 2 m band
    assert S.ascent_descent_m(np.array([0.0, 5, 10, 5, 0])) == (10.0, 10.0)
    # 0 -> 3 (climb of 3 > 2: counted), dip to 1 (2 m, not > band), up to 4: +1 -> 4 m up, 0 down
    assert S.ascent_descent_m(np.array([0.0, 3, 1, 4])) == (4.0, 0.0)


def test_smoothing_removes_noise_but_keeps_a_real_hill() -> None:
    t = np.arange(0.0, 1200.0)
    hill = 50 * np.sin(np.pi * t / 1200)  # up 50 m then down 50 m
    noise = np.random.default_rng(1).normal(0, 1.5, t.size)
    up, down = S.elevation_totals(t, hill + noise)
    raw_up, _ = S.ascent_descent_m(hill + noise, band_m=0.0)
    assert up == pytest.approx(50, abs=5) and down == pytest.approx(50, abs=5)
    assert raw_up > 300  # summing raw noise would invent hundreds of metres


def test_build_samples_sorts_drops_duplicates_and_fills_nan() -> None:
    out = S.build_samples({"time_s": [2.0, 0.0, 1.0, 1.0, None], "heart_rate": [120, 100, 110, 999, 1]})
    assert set(out) == set(SAMPLE_COLUMNS)
    assert out["time_s"].tolist() == [0.0, 1.0, 2.0]
    assert out["heart_rate"].tolist() == [100.0, 110.0, 120.0]
    assert np.isnan(out["lat"]).all() and out["lat"].dtype == np.float64
