"""The distance signals on every day of a runner's history at once (for cohort exports).

Each day's values are those of the per-day signal functions of :mod:`.training` on that day
(``session_spike``, ``weekly_change``, ``acute_chronic_ratio``, ``monotony``; tests compare them
day by day). Those are called per day, except the acute:chronic ratio: its EWMAs are computed
once over the whole history, whose prefix on day D is exactly the EWMA the per-day function
computes up to D (the recursion only looks back), so the numbers are the same bit for bit while
the cost is linear instead of quadratic. Pure: arrays in, arrays out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .ewma import ewma
from .series import Runs, daily
from .thresholds import classify, param
from .training import monotony, session_spike, weekly_change
from .trimp import daily_series

SIGNALS: tuple[str, ...] = ("session_spike", "weekly_change", "acute_chronic_ratio", "monotony")


@dataclass(frozen=True)
class DailySignals:
    """One entry per calendar day from the first run to ``last_day``; NaN / ``unknown`` where not computable."""

    day: np.ndarray  # int64, days since 1970-01-01
    distance_km: np.ndarray
    duration_min: np.ndarray
    runs: np.ndarray  # int64: running activities that day
    values: dict[str, np.ndarray]  # signal id -> value (NaN when unknown)
    levels: dict[str, list[str]]  # signal id -> level
    strain: np.ndarray  # Foster strain beside monotony (NaN when monotony is unknown or constant)
    acute_km: np.ndarray
    chronic_km: np.ndarray


def _value(value: float | None) -> float:
    return math.nan if value is None else float(value)


def daily_signals(runs: Runs, last_day: int | None = None) -> DailySignals:
    """Signals of every day from the first run to ``last_day`` (default: the last run's day)."""
    if len(runs) == 0:
        empty = np.zeros(0)
        return DailySignals(
            np.zeros(0, dtype=np.int64), empty, empty, np.zeros(0, dtype=np.int64), {}, {}, empty, empty, empty
        )
    first = int(runs.day[0])
    last = int(runs.day[-1]) if last_day is None else int(last_day)
    days = np.arange(first, last + 1, dtype=np.int64)
    series = daily_series(runs, last)
    distance = series.window(series.distance_km, first, last)
    acute = ewma(distance, param("acute_chronic_ratio", "acute_days"))
    chronic = ewma(distance, param("acute_chronic_ratio", "chronic_days"))
    min_days = param("acute_chronic_ratio", "min_history_days")
    values: dict[str, list[float]] = {sid: [] for sid in SIGNALS}
    levels: dict[str, list[str]] = {sid: [] for sid in SIGNALS}
    strain: list[float] = []
    for index, day in enumerate(days.tolist()):
        for signal in (session_spike(runs, day), weekly_change(series, day), monotony(series, day, first)):
            values[signal.id].append(_value(signal.value))
            levels[signal.id].append(signal.level)
            if signal.id == "monotony":
                strain.append(_value(signal.extra.get("strain")))
        # acute_chronic_ratio(series, day, first), from the EWMAs of the whole history (see the module's note)
        if index + 1 < min_days or chronic[index] <= 0:
            values["acute_chronic_ratio"].append(math.nan)
            levels["acute_chronic_ratio"].append("unknown")
        else:
            ratio = float(acute[index] / chronic[index])
            values["acute_chronic_ratio"].append(ratio)
            levels["acute_chronic_ratio"].append(classify("acute_chronic_ratio", ratio).level)
    counts = np.bincount(runs.day[runs.day <= last] - first, minlength=days.size)[: days.size]
    return DailySignals(
        day=days,
        distance_km=distance,
        duration_min=daily(runs, runs.duration_min, first, last),
        runs=counts.astype(np.int64),
        values={sid: np.array(v, dtype=float) for sid, v in values.items()},
        levels=levels,
        strain=np.array(strain, dtype=float),
        acute_km=acute,
        chronic_km=chronic,
    )
