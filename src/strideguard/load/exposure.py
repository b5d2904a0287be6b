"""Terrain and form signals from per-run metrics (computed by ``terrain`` and ``form``).

Terrain (``downhill_share``, ``slope_share``, ``roughness``): the share of the
last 7 days' running distance on that ground; the level compares this week's
km on it with the weekly mean of the weeks before (signals.yaml
``terrain_exposure``). Cadence: the latest run against the runner's own cadence
at a matched speed (signals.yaml ``cadence``).
"""

from __future__ import annotations

import numpy as np

from .. import knowledge
from .series import Runs, median
from .signal import Signal, banded, unknown
from .thresholds import classify, param, section, signal_source
from .training import latest_run_index

GROUP = "terrain_exposure"


def _terrain_share(runs: Runs, column: str) -> np.ndarray:
    values = runs.metric(column).copy()
    if column == "rough_share":
        rough_sports = list(section("terrain").get("rough_sports", []))
        values[np.isin(runs.sport, rough_sports)] = 1.0
    return values


def terrain_signal(runs: Runs, day: int, sid: str) -> Signal:
    """One of ``downhill_share``, ``slope_share``, ``roughness`` on day D."""
    spec = section(GROUP)["signals"][sid]
    source = signal_source(GROUP)
    name = knowledge.text(str(spec["name"]))
    week = int(param(GROUP, "week_days"))
    weeks = int(param(GROUP, "baseline_weeks"))
    floor_km = param(GROUP, "min_exposure_km")
    share = _terrain_share(runs, str(spec["column"]))
    distance = np.nan_to_num(runs.distance_km, nan=0.0)
    measured = np.isfinite(share)

    def totals(start: int, end: int) -> tuple[float, float]:
        lo = int(np.searchsorted(runs.day, start, side="left"))
        hi = int(np.searchsorted(runs.day, end, side="right"))
        keep = measured[lo:hi]
        return float((share[lo:hi][keep] * distance[lo:hi][keep]).sum()), float(distance[lo:hi][keep].sum())

    exposure_km, measured_km = totals(day - week + 1, day)
    if measured_km <= 0:
        return unknown(sid, "terrain.no_data", source, name=name)
    base_km, base_measured = totals(day - week * (weeks + 1) + 1, day - week)
    if base_measured <= 0:
        return unknown(sid, "terrain.no_history", source, name=name)
    weekly_base = base_km / weeks
    change = 0.0 if exposure_km <= floor_km else exposure_km / max(weekly_base, floor_km) - 1.0
    value = exposure_km / measured_km
    return banded(
        sid,
        value,
        classify(GROUP, change),
        source,
        extra={"km": exposure_km, "usual_weekly_km": weekly_base, "change": change, "evidence": str(spec["source"])},
        percent=value * 100.0,
        km=exposure_km,
        name=name,
    )


def cadence_signal(runs: Runs, day: int) -> Signal:
    """Latest run's cadence against the median of earlier runs at a similar speed."""
    sid, source = "cadence", signal_source("cadence")
    idx = latest_run_index(runs, day)
    cadence, speed = runs.metric("cadence_spm"), runs.metric("speed_mps")
    if idx is None or not (np.isfinite(cadence[idx]) and np.isfinite(speed[idx])):
        return unknown(sid, "cadence.no_data", source)
    run_day = int(runs.day[idx])
    lo = int(np.searchsorted(runs.day, run_day - int(param(sid, "baseline_days")), side="left"))
    hi = int(np.searchsorted(runs.day, run_day, side="left"))
    tol = param(sid, "speed_tolerance")
    c, s = cadence[lo:hi], speed[lo:hi]
    matched = np.isfinite(c) & np.isfinite(s) & (np.abs(s - speed[idx]) <= tol * speed[idx])
    if matched.sum() < param(sid, "min_matched_runs"):
        return unknown(sid, "cadence.no_history", source)
    baseline = median(c[matched])
    latest = float(cadence[idx])
    value = latest / baseline - 1.0
    return banded(
        sid,
        value,
        classify(sid, -value),
        source,
        extra={
            "cadence_spm": latest,
            "baseline_spm": baseline,
            "speed_mps": float(speed[idx]),
            "matched_runs": int(matched.sum()),
        },
        value_spm=latest,
        baseline_spm=baseline,
    )
