"""Per-activity form metrics: cadence at speed, and the watch's running dynamics.

``cadence_spm`` and ``speed_mps`` are medians over moving samples (speed at or
above ``moving_speed_mps`` of signals.yaml ``cadence``), so that standing at a
traffic light does not lower the cadence. Speed comes from ``speed_mps`` or,
without it, from distance over time.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass

import numpy as np

from ..load.series import median
from ..load.thresholds import param

VERSION = "form-1"


@dataclass(frozen=True)
class FormMetrics:
    cadence_spm: float
    speed_mps: float
    vertical_oscillation_mm: float
    ground_contact_ms: float

    def to_dict(self) -> dict[str, float | None]:
        return {k: (None if not math.isfinite(v) else float(v)) for k, v in asdict(self).items()}


def _array(samples: Mapping[str, np.ndarray], name: str, length: int) -> np.ndarray:
    values = samples.get(name)
    return np.full(length, np.nan) if values is None else np.asarray(values, dtype=float)


def sample_speed(samples: Mapping[str, np.ndarray]) -> np.ndarray:
    """Speed (m/s) of each sample: recorded, else distance over time (NaN where unknown)."""
    time = np.asarray(samples.get("time_s", np.zeros(0)), dtype=float)
    speed = _array(samples, "speed_mps", len(time))
    if np.isfinite(speed).any():
        return speed
    dist = _array(samples, "distance_m", len(time))
    out = np.full(len(time), np.nan)
    if len(time) > 1:
        dt = np.diff(time)
        with np.errstate(divide="ignore", invalid="ignore"):
            out[1:] = np.where(dt > 0, np.diff(dist) / dt, np.nan)
    return out


def _median(values: np.ndarray, keep: np.ndarray) -> float:
    chosen = values[keep & np.isfinite(values) & (values > 0)]
    return median(chosen) if chosen.size else math.nan


def form_metrics(samples: Mapping[str, np.ndarray]) -> FormMetrics:
    """Median cadence, speed and running dynamics over the moving samples."""
    time = samples.get("time_s")
    n = 0 if time is None else len(time)
    if n == 0:
        return FormMetrics(math.nan, math.nan, math.nan, math.nan)
    speed = sample_speed(samples)
    moving = np.isfinite(speed) & (speed >= param("cadence", "moving_speed_mps"))
    return FormMetrics(
        cadence_spm=_median(_array(samples, "cadence_spm", n), moving),
        speed_mps=_median(speed, moving),
        vertical_oscillation_mm=_median(_array(samples, "vertical_oscillation_mm", n), moving),
        ground_contact_ms=_median(_array(samples, "ground_contact_ms", n), moving),
    )
