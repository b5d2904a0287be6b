"""The load caps a planned run must respect (DESIGN.md sections 4 and 7, CONTRACT.md plan).

Pure functions over one working timeline: ``total[i]`` and ``longest[i]`` are
the running km of day ``i`` (history and runs planned so far; later days 0).
Each cap is measured exactly as the status signal is (``load/training.py``,
CONTRACT.md day windows), with the edges of ``knowledge/signals.yaml``:
- spike: no run longer than the longest single run of the 30 days before it
  plus the top of the ``session_spike`` ok band, 10 % (Frandsen 2025; DESIGN.md
  section 4 says so in as many words);
- week: no 7 days above the 7 days before them plus the top of the
  ``weekly_change`` caution band, 30 %: never a ``high`` weekly change (Nielsen
  2014; DESIGN.md section 7). Building above the level the plan returns to
  (the runner's usual week, or the level before a lighter week) stays within
  the top of the ok band, 10 % a week; below that level a week may come back
  faster, up to the caution edge. When the earlier 7 days are empty (the signal
  is unknown), the first-week allowance instead;
- monotony: every 7-day window that holds a planned run stays below the
  ``monotony`` high edge, 2.0 (Foster 1998; DESIGN.md section 4 names caution
  from 1.5 and high from 2.0, and section 7 forbids only what is high).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..load.thresholds import bands, classify
from ..load.training import monotony_strain
from . import library


def band_top(signal: str, level: str) -> float:
    """The top edge of a signal's ``level`` (e.g. 0.10 for session_spike ok, 0.30 for weekly_change caution)."""
    uppers = [b.upper for b in bands(signal) if b.level == level and math.isfinite(b.upper)]
    if not uppers:
        raise ValueError(f"signals.yaml: {signal} has no bounded {level} band")
    return max(uppers)


def ok_upper(signal: str) -> float:
    """The top edge of a signal's ``ok`` level (e.g. 0.10 for session_spike)."""
    return band_top(signal, "ok")


@dataclass(frozen=True)
class Limits:
    spike: float  # fraction, 0.10
    weekly: float  # fraction, 0.10: the most a week builds above the level it returns to
    weekly_return: float  # fraction, 0.30: the most any 7 days rise over the 7 before (never high)
    monotony_levels: frozenset[str]  # the monotony levels a window with a planned run may have
    spike_window: int
    week: int
    min_run_km: float
    step_km: float

    @staticmethod
    def load() -> Limits:
        caps = library.rules()["caps"]
        weekly_band = str(caps["weekly_band"])
        monotony_band, monotony_level = str(caps["monotony_band"]), str(caps["monotony_level"])
        order = [b.level for b in bands(monotony_band)]
        allowed = order[: order.index(monotony_level) + 1] if monotony_level in order else []
        if not allowed:
            raise ValueError(f"rules.yaml caps.monotony_level: {monotony_level!r} is not a level of {monotony_band}")
        return Limits(
            spike=ok_upper(str(caps["spike_band"])),
            weekly=ok_upper(weekly_band),
            weekly_return=band_top(weekly_band, str(caps["weekly_return_level"])),
            monotony_levels=frozenset(allowed),
            spike_window=int(library.number("caps", "spike_window_days")),
            week=int(library.number("caps", "week_days")),
            min_run_km=library.number("caps", "min_run_km"),
            step_km=library.number("caps", "shorten_step_km"),
        )


def _sum(values: np.ndarray, lo: int, hi: int) -> float:
    """Sum of ``values[lo..hi]`` inclusive; indices before 0 count as 0."""
    lo = max(lo, 0)
    return float(values[lo : hi + 1].sum()) if hi >= lo else 0.0


def window_sum(total: np.ndarray, end: int, week: int) -> float:
    """Running km of the 7 days ending on day ``end``."""
    return _sum(total, end - week + 1, end)


def longest_before(longest: np.ndarray, i: int, window: int) -> float:
    """Longest single run in days ``i-window .. i-1``."""
    lo = max(i - window, 0)
    return float(longest[lo:i].max()) if i > lo else 0.0


@dataclass(frozen=True)
class Cap:
    km: float  # math.inf when nothing caps
    kind: str  # "none", "spike", "weekly" (building), "return" (back to a level), "lighter", "first_week"
    longest: float = 0.0
    previous: float = 0.0
    allowance: float = 0.0
    level: float = 0.0  # the level a "return" cap comes back to


def spike_cap(longest: np.ndarray, i: int, limits: Limits) -> Cap:
    ref = longest_before(longest, i, limits.spike_window)
    if ref <= 0:
        return Cap(math.inf, "none")
    return Cap(ref * (1.0 + limits.spike), "spike", longest=ref)


def window_cap(total: np.ndarray, end: int, limits: Limits, allowance: float, rise: float, level: float = 0.0) -> Cap:
    """The most the 7 days ending on day ``end`` may hold.

    ``rise``: the planned change of a week (1 + 10 % while building, 0.8 in a lighter week);
    ``level``: a weekly load the plan returns to (the usual week, or the level before a lighter
    week): the 7 days may rise up to the caution edge (30 %) as long as they stay at or below it.
    Never above the 7 before them x 1.30, whatever ``rise`` and ``level`` say. When those earlier
    7 days are empty (the weekly-change signal is unknown), ``allowance``.
    """
    week = limits.week
    previous = _sum(total, end - 2 * week + 1, end - week)
    if previous <= 0:
        return Cap(allowance, "first_week", allowance=allowance)
    never = previous * (1.0 + limits.weekly_return)
    planned = previous * min(rise, 1.0 + limits.weekly)
    if level > planned:
        return Cap(min(never, level), "return", previous=previous, level=level)
    return Cap(min(never, planned), "lighter" if rise < 1.0 else "weekly", previous=previous)


def _window(values: np.ndarray, end: int, week: int) -> np.ndarray:
    """``values[end-week+1..end]``, days before 0 as 0 (no running before the history)."""
    out = np.zeros(week)
    part = values[max(end - week + 1, 0) : end + 1]
    out[week - len(part) :] = part
    return out


def monotony_ok(total: np.ndarray, i: int, km: float, limits: Limits) -> bool:
    """With ``km`` on day ``i``, every 7-day window holding day ``i`` keeps monotony in the allowed levels."""
    week = limits.week
    trial = total.copy()
    trial[i] += km
    for end in range(i, min(i + week, len(trial))):
        value, _ = monotony_strain(_window(trial, end, week))
        if classify("monotony", value).level not in limits.monotony_levels:
            return False
    return True


def floor_km(km: float, step: float = 0.1) -> float:
    """Round down to ``step`` (never up: rounding must not break a cap)."""
    if not math.isfinite(km):
        return km
    return math.floor(km / step + 1e-9) * step if km > 0 else 0.0


def fit_monotony(total: np.ndarray, i: int, km: float, limits: Limits, floor: float, step: float) -> float:
    """The largest distance <= ``km`` (in ``step`` km steps, >= ``floor``) that keeps monotony allowed; 0 if none."""
    n = int(math.floor((km - floor) / step + 1e-9))
    for k in range(0, max(n, -1) + 1):
        trial = round(km - k * step, 3)
        if trial < floor - 1e-9:
            break
        if monotony_ok(total, i, trial, limits):
            return trial
    return 0.0


def window_signals(total: np.ndarray, longest: np.ndarray, i: int, limits: Limits) -> dict[str, float | None]:
    """The signal values the planner starts from, on day ``i`` (today)."""
    week = limits.week
    last7 = _sum(total, i - week + 1, i)
    window = _window(total, i, week)
    mono, _ = monotony_strain(window) if window.sum() > 0 else (math.nan, 0.0)
    return {
        "longest_30d_km": round(longest_before(longest, i + 1, limits.spike_window), 2),
        "last_7d_km": round(last7, 2),
        "previous_7d_km": round(_sum(total, i - 2 * week + 1, i - week), 2),
        "monotony": round(mono, 3) if math.isfinite(mono) else None,
    }
