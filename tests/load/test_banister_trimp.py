"""Banister fitness/fatigue/form and TRIMP known values."""

from __future__ import annotations

import math

import numpy as np
import pytest

from strideguard.load.banister import banister_signals, fitness_fatigue
from strideguard.load.trimp import HeartRateProfile, banister_trimp, daily_series, resolve_heart_rate, run_loads

from .helpers import d, runs


def test_single_load_day_zero_with_two_over_n_plus_one() -> None:
    model = fitness_fatigue(np.array([1000.0, 0.0]))
    # k = 2/(42+1) and 2/(7+1): 1000 x 2/43 = 46.51; 1000 x 0.25 = 250.
    assert model.fitness[0] == pytest.approx(1000 * 2 / 43)
    assert round(float(model.fitness[0]), 1) == 46.5
    assert model.fatigue[0] == pytest.approx(250.0)
    assert model.form[0] == pytest.approx(1000 * 2 / 43 - 250.0)
    # Day 1 without load decays by (1 - k).
    assert model.fitness[1] == pytest.approx(1000 * 2 / 43 * (41 / 43))
    assert model.fatigue[1] == pytest.approx(187.5)


def test_trimp_known_values() -> None:
    hr = HeartRateProfile(max_bpm=190.0, rest_bpm=50.0, sex="male")
    # 60 min at 120 bpm: HRr = (120 - 50) / (190 - 50) = 0.5; 60 x 0.5 x 0.64 e^(1.92 x 0.5)
    assert banister_trimp(np.array([60.0]), np.array([120.0]), hr)[0] == pytest.approx(60 * 0.5 * 0.64 * math.exp(0.96))
    female = HeartRateProfile(190.0, 50.0, "female")
    assert banister_trimp(np.array([60.0]), np.array([120.0]), female)[0] == pytest.approx(
        60 * 0.5 * 0.86 * math.exp(1.67 * 0.5)
    )
    assert np.isnan(banister_trimp(np.array([60.0]), np.array([np.nan]), hr)[0])


def test_heart_rate_range_sources() -> None:
    r = runs([{"day": 0, "km": 5.0, "max_hr": 183.0}])
    assert resolve_heart_rate(r).max_bpm == 183.0
    assert resolve_heart_rate(r, max_bpm=195.0, rest_bpm=45.0).rest_bpm == 45.0
    no_hr = runs([(0, 5.0)])
    assert resolve_heart_rate(no_hr, age=40).max_bpm == pytest.approx(208 - 0.7 * 40)  # Tanaka 2001
    assert resolve_heart_rate(no_hr) is None


def test_runs_without_heart_rate_get_median_trimp_per_minute() -> None:
    r = runs(
        [
            {"day": 0, "km": 5.0, "moving_s": 1800, "avg_hr": 120.0},
            {"day": 1, "km": 5.0, "moving_s": 3600},
        ]
    )
    hr = HeartRateProfile(190.0, 50.0, "male")
    loads, metric = run_loads(r, hr)
    per_min = 0.5 * 0.64 * math.exp(0.96)
    assert metric == "trimp"
    assert loads == pytest.approx([30 * per_min, 60 * per_min])
    loads, metric = run_loads(r, None)
    assert metric == "duration" and loads == pytest.approx([30.0, 60.0])


def test_banister_signals_unknown_before_their_time_constant() -> None:
    r = runs([{"day": k, "km": 5.0, "moving_s": 1800} for k in range(0, 41)])
    sigs = {s.id: s for s in banister_signals(daily_series(r, d(40)), d(40), r.first_day)}
    assert sigs["fitness"].level == "unknown" and sigs["form"].level == "unknown"
    assert sigs["fatigue"].level == "ok"
    sigs = {s.id: s for s in banister_signals(daily_series(r, d(41)), d(41), r.first_day)}
    assert sigs["fitness"].level == "ok"
    assert sigs["form"].value == pytest.approx(sigs["fitness"].value - sigs["fatigue"].value)
