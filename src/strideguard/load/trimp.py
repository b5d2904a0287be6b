"""Banister TRIMP per run, and the training-load series used for fitness and fatigue.

TRIMP = minutes x HRr x a e^(b HRr), HRr = (avg HR - rest) / (max - rest),
with (a, b) = (0.64, 1.92) for men (Banister 1991) and (0.86, 1.67) for women
(Morton 1990); the values live in ``knowledge/signals.yaml``. Where heart rate is
missing, the session RPE load (``load/srpe.py``) stands in: see :func:`run_loads`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import KnowledgeError
from .series import DailySeries, Runs, daily, median
from .thresholds import param, section


@dataclass(frozen=True)
class HeartRateProfile:
    max_bpm: float
    rest_bpm: float
    sex: str | None = None  # "female", "male" or None (unknown)


def resolve_heart_rate(
    runs: Runs,
    max_bpm: float | None = None,
    rest_bpm: float | None = None,
    sex: str | None = None,
    age: float | None = None,
) -> HeartRateProfile | None:
    """The runner's heart-rate range, or ``None`` when no maximum can be known.

    Maximum: the profile's, else the highest ``max_hr`` recorded in a run, else
    Tanaka's 208 - 0.7 x age. Rest: the profile's, else the default in signals.yaml.
    """
    top = max_bpm
    if top is None:
        recorded = runs.max_hr[np.isfinite(runs.max_hr)]
        if recorded.size:
            top = float(recorded.max())
        elif age is not None:
            top = (
                param("banister", "tanaka_intercept", "heart_rate")
                - param("banister", "tanaka_slope", "heart_rate") * age
            )
    if top is None:
        return None
    rest = rest_bpm if rest_bpm is not None else param("banister", "default_rest_bpm", "heart_rate")
    if top <= rest:
        return None
    return HeartRateProfile(float(top), float(rest), sex)


def _weights(sex: str | None) -> tuple[float, float]:
    table = section("banister").get("trimp", {})
    entry = table.get(sex if sex in ("female", "male") else "unknown")
    if not isinstance(entry, dict) or "a" not in entry or "b" not in entry:
        raise KnowledgeError(f"knowledge/signals.yaml: banister.trimp.{sex or 'unknown'} needs 'a' and 'b'")
    return float(entry["a"]), float(entry["b"])


def banister_trimp(duration_min: np.ndarray, avg_hr: np.ndarray, hr: HeartRateProfile) -> np.ndarray:
    """TRIMP of each run; NaN where heart rate or duration is unknown."""
    a, b = _weights(hr.sex)
    ratio = np.clip((np.asarray(avg_hr, dtype=float) - hr.rest_bpm) / (hr.max_bpm - hr.rest_bpm), 0.0, 1.0)
    return np.asarray(duration_min, dtype=float) * ratio * a * np.exp(b * ratio)


def run_loads(runs: Runs, hr: HeartRateProfile | None) -> tuple[np.ndarray, str]:
    """Training load of each run and its metric name. The rule, in order:

    1. ``"trimp"`` when at least one run has heart rate (and a heart-rate range is known).
       A run without heart rate gets, when the runner rated it (session RPE, Foster 2001)
       and at least ``session_rpe.min_paired_runs`` runs have both, its session RPE load
       times the runner's median TRIMP per session-RPE unit; otherwise the median TRIMP
       per minute times its duration (so that a watch left at home is not a rest day).
    2. ``"session_rpe"`` when no run has heart rate but at least one has an effort rating
       (the runner's, else the export's): RPE x minutes; unrated runs get the median
       session RPE per minute times their duration.
    3. ``"duration"`` (minutes) otherwise.
    """
    srpe = runs.session_rpe
    if hr is not None:
        trimp = banister_trimp(runs.duration_min, runs.avg_hr, hr)
        known = np.isfinite(trimp) & (runs.duration_min > 0)
        if known.any():
            per_minute = median(trimp[known] / runs.duration_min[known])
            filled = np.where(np.isfinite(trimp), trimp, runs.duration_min * per_minute)
            paired = known & np.isfinite(srpe) & (srpe > 0)
            if np.count_nonzero(paired) >= param("session_rpe", "min_paired_runs"):
                per_unit = float(np.median(trimp[paired] / srpe[paired]))
                filled = np.where(np.isfinite(trimp) | ~np.isfinite(srpe), filled, srpe * per_unit)
            return filled, "trimp"
    rated = np.isfinite(srpe) & (runs.duration_min > 0)
    if rated.any():
        per_minute = float(np.median(srpe[rated] / runs.duration_min[rated]))
        return np.where(np.isfinite(srpe), srpe, runs.duration_min * per_minute), "session_rpe"
    return runs.duration_min.copy(), "duration"


def daily_series(runs: Runs, last_day: int, hr: HeartRateProfile | None = None) -> DailySeries:
    """Daily distance, duration, training load and session RPE load from the first run to ``last_day``."""
    first = runs.first_day if runs.first_day is not None else last_day
    end = max(last_day, int(runs.day[-1]) if len(runs) else last_day)
    loads, metric = run_loads(runs, hr)
    return DailySeries(
        first_day=first,
        distance_km=daily(runs, runs.distance_km, first, end),
        duration_min=daily(runs, runs.duration_min, first, end),
        load=daily(runs, loads, first, end),
        load_metric=metric,
        session_rpe=daily(runs, runs.session_rpe, first, end),
    )
