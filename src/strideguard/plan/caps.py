"""The load caps a planned run must respect (DESIGN.md section 4, CONTRACT.md plan).

Pure functions over one working timeline: ``total[i]`` and ``longest[i]`` are
the running km of day ``i`` (history and runs planned so far; later days 0).
- spike: no run longer than the longest single run of the 30 days before it
  plus the top of the ``session_spike`` ok band (Frandsen 2025);
- week: no 7 days above the 7 days before them plus the top of the
  ``weekly_change`` ok band (Nielsen 2014); when those earlier 7 days are
  empty or partly not training (the signal is unknown then: a start or a
  return from a break within them), a first-week allowance instead;
- monotony: every 7-day window that holds the run stays in the ``monotony`` ok
  band (Foster 1998).
The edges come from ``knowledge/signals.yaml``, so plan and status agree.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..load.thresholds import bands, classify
from ..load.training import earlier_week_is_training, monotony_strain
from . import library


def ok_upper(signal: str) -> float:
    """The top edge of a signal's ``ok`` level (e.g. 0.10 for session_spike)."""
    uppers = [b.upper for b in bands(signal) if b.level == "ok"]
    if not uppers:
        raise ValueError(f"signals.yaml: {signal} has no ok band")
    return max(uppers)


@dataclass(frozen=True)
class Limits:
    spike: float  # fraction, 0.10
    weekly: float  # fraction, 0.10
    spike_window: int
    week: int
    min_run_km: float
    step_km: float

    @staticmethod
    def load() -> Limits:
        caps = library.rules()["caps"]
        return Limits(
            spike=ok_upper(str(caps["spike_band"])),
            weekly=ok_upper(str(caps["weekly_band"])),
            spike_window=int(library.number("caps", "spike_window_days")),
            week=int(library.number("caps", "week_days")),
            min_run_km=library.number("caps", "min_run_km"),
            step_km=library.number("caps", "shorten_step_km"),
        )


def _sum(values: np.ndarray, lo: int, hi: int) -> float:
    """Sum of ``values[lo..hi]`` inclusive; indices before 0 count as 0."""
    lo = max(lo, 0)
    return float(values[lo : hi + 1].sum()) if hi >= lo else 0.0


def longest_before(longest: np.ndarray, i: int, window: int) -> float:
    """Longest single run in days ``i-window .. i-1``."""
    lo = max(i - window, 0)
    return float(longest[lo:i].max()) if i > lo else 0.0


@dataclass(frozen=True)
class Cap:
    km: float  # math.inf when nothing caps
    kind: str  # "none", "spike", "weekly", "first_week"
    longest: float = 0.0
    previous: float = 0.0
    allowance: float = 0.0


def spike_cap(longest: np.ndarray, i: int, limits: Limits) -> Cap:
    ref = longest_before(longest, i, limits.spike_window)
    if ref <= 0:
        return Cap(math.inf, "none")
    return Cap(ref * (1.0 + limits.spike), "spike", longest=ref)


def _days(values: np.ndarray, lo: int, hi: int) -> np.ndarray:
    """``values[lo..hi]`` inclusive, days before 0 as 0 (no running before the history)."""
    out = np.zeros(hi - lo + 1)
    part = values[max(lo, 0) : hi + 1]
    out[len(out) - len(part) :] = part
    return out


def window_cap(total: np.ndarray, end: int, limits: Limits, first_week_km: float) -> Cap:
    """The most the 7 days ending on day ``end`` may hold: the 7 before them plus the weekly cap.

    When those earlier 7 days are empty or partly not training (the weekly-change signal is
    unknown then), the first-week allowance instead.
    """
    week = limits.week
    previous = _sum(total, end - 2 * week + 1, end - week)
    if earlier_week_is_training(_days(total, end - 3 * week + 1, end - week)):
        return Cap(previous * (1.0 + limits.weekly), "weekly", previous=previous)
    return Cap(first_week_km, "first_week", allowance=first_week_km)


def weekly_cap(total: np.ndarray, i: int, limits: Limits, first_week_km: float) -> Cap:
    """Most km day ``i`` may add so that every 7-day window ending on days i..i+6 stays capped.

    Day ``i`` itself must still be 0 in ``total``.
    """
    week = limits.week
    best = Cap(math.inf, "none")
    for end in range(i, min(i + week, len(total))):
        cap = window_cap(total, end, limits, first_week_km)
        room = cap.km - _sum(total, end - week + 1, end)
        if room < best.km:
            best = Cap(room, cap.kind, previous=cap.previous, allowance=cap.allowance)
    return best


def monotony_ok(total: np.ndarray, i: int, km: float, week: int) -> bool:
    """With ``km`` on day ``i``, every 7-day window holding day ``i`` is in the monotony ok band."""
    trial = total.copy()
    trial[i] += km
    for end in range(i, min(i + week, len(trial))):
        window = np.zeros(week)
        lo = end - week + 1
        part = trial[max(lo, 0) : end + 1]
        window[week - len(part) :] = part
        value, _ = monotony_strain(window)
        if not math.isfinite(value) or classify("monotony", value).level != "ok":
            return False
    return True


def floor_km(km: float, step: float = 0.1) -> float:
    """Round down to ``step`` (never up: rounding must not break a cap)."""
    if not math.isfinite(km):
        return km
    return math.floor(km / step + 1e-9) * step if km > 0 else 0.0


def fit_monotony(total: np.ndarray, i: int, km: float, limits: Limits) -> float:
    """The largest distance <= ``km`` (in ``step_km`` steps, >= min_run_km) that keeps monotony ok; 0 if none."""
    step = limits.step_km
    n = int(math.floor((km - limits.min_run_km) / step + 1e-9))
    for k in range(0, max(n, -1) + 1):
        trial = round(km - k * step, 3)
        if trial < limits.min_run_km - 1e-9:
            break
        if monotony_ok(total, i, trial, limits.week):
            return trial
    return 0.0


def window_signals(total: np.ndarray, longest: np.ndarray, i: int, limits: Limits) -> dict[str, float | None]:
    """The signal values the planner starts from, on day ``i`` (today)."""
    week = limits.week
    last7 = _sum(total, i - week + 1, i)
    window = np.zeros(week)
    part = total[max(i - week + 1, 0) : i + 1]
    window[week - len(part) :] = part
    mono, _ = monotony_strain(window) if window.sum() > 0 else (math.nan, 0.0)
    return {
        "longest_30d_km": round(longest_before(longest, i + 1, limits.spike_window), 2),
        "last_7d_km": round(last7, 2),
        "previous_7d_km": round(_sum(total, i - 2 * week + 1, i - week), 2),
        "monotony": round(mono, 3) if math.isfinite(mono) else None,
    }
