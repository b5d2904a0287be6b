"""Shoe wear and the latest session against the runner's reference session (the plan's usual long run or dose)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from .series import Runs
from .signal import Signal, banded, unknown
from .thresholds import classify, signal_source
from .training import latest_run_index


class Dose(Protocol):
    """What a session is compared with: the plan's reference session (distance and time)."""

    @property
    def distance_km(self) -> float: ...

    @property
    def duration_min(self) -> float: ...


@dataclass(frozen=True)
class SessionDose:
    distance_km: float
    duration_min: float


def shoe_mileage(shoe_km: Mapping[str, float]) -> Signal:
    """The most-worn pair in use (name -> km run in it); unknown without shoes."""
    sid, source = "shoe_mileage", signal_source("shoe_mileage")
    known = {name: float(km) for name, km in shoe_km.items() if km is not None and np.isfinite(km)}
    if not known:
        return unknown(sid, "shoe_mileage.no_shoes", source)
    shoe = max(known, key=lambda name: known[name])
    value = known[shoe]
    return banded(
        sid, value, classify(sid, value), source, extra={"shoe": shoe, "shoes": known}, shoe=shoe, value=value
    )


def session_dose(runs: Runs, day: int, dose: Dose) -> Signal:
    """Latest run on or before D: the larger of its distance and duration excess over the dose."""
    sid, source = "session_dose", signal_source("session_dose")
    idx = latest_run_index(runs, day)
    if idx is None:
        return unknown(sid, "session_dose.no_run", source)
    distance, duration = float(runs.distance_km[idx]), float(runs.duration_min[idx])
    ratios = [distance / dose.distance_km]
    if np.isfinite(duration) and duration > 0:
        ratios.append(duration / dose.duration_min)
    value = max(ratios) - 1.0
    return banded(
        sid,
        value,
        classify(sid, value),
        source,
        extra={"dose_km": dose.distance_km, "dose_min": dose.duration_min},
        distance_km=distance,
        duration_min=duration if np.isfinite(duration) else 0.0,
        dose_km=dose.distance_km,
        dose_min=dose.duration_min,
    )
