"""Form metrics: cadence at speed over moving samples only."""

from __future__ import annotations

import math

import numpy as np
import pytest

from strideguard.form import form_metrics, sample_speed


def test_cadence_and_speed_ignore_stopped_samples() -> None:
    # 600 s running at 3 m/s and 172 spm, then 300 s standing (speed 0, cadence 0 or walking-ish 60).
    time = np.arange(900.0)
    speed = np.where(time < 600, 3.0, 0.0)
    cadence = np.where(time < 600, 172.0, 60.0)
    m = form_metrics({"time_s": time, "speed_mps": speed, "cadence_spm": cadence})
    assert m.cadence_spm == 172.0 and m.speed_mps == 3.0
    assert math.isnan(m.ground_contact_ms)


def test_speed_from_distance_when_not_recorded() -> None:
    time = np.arange(0.0, 10.0)
    dist = time * 2.5
    assert sample_speed({"time_s": time, "distance_m": dist})[1:] == pytest.approx(np.full(9, 2.5))
    m = form_metrics({"time_s": time, "distance_m": dist, "cadence_spm": np.full(10, 165.0)})
    assert m.speed_mps == pytest.approx(2.5) and m.cadence_spm == 165.0


def test_no_samples_is_unknown() -> None:
    assert form_metrics({}).to_dict() == {
        "cadence_spm": None,
        "speed_mps": None,
        "vertical_oscillation_mm": None,
        "ground_contact_ms": None,
    }
