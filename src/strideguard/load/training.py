"""Training-load signals on a day D (CONTRACT.md day windows, DESIGN.md section 4).

All take arrays already built by :mod:`series` and a day number; none reads a
clock, a file or a database.
"""

from __future__ import annotations

import numpy as np

from .. import knowledge
from .ewma import ewma
from .series import DailySeries, Runs, from_day
from .signal import Signal, banded, unknown
from .thresholds import classify, param, section, signal_source


def latest_run_index(runs: Runs, day: int) -> int | None:
    """Index of the latest run with a distance on or before ``day``."""
    upto = int(np.searchsorted(runs.day, day, side="right"))
    with_distance = np.flatnonzero(np.isfinite(runs.distance_km[:upto]) & (runs.distance_km[:upto] > 0))
    return int(with_distance[-1]) if with_distance.size else None


def session_spike(runs: Runs, day: int) -> Signal:
    """Latest run on or before D against the longest run in the 30 days before its day."""
    sid, source = "session_spike", signal_source("session_spike")
    idx = latest_run_index(runs, day)
    if idx is None:
        return unknown(sid, "session_spike.no_run", source)
    run_day = int(runs.day[idx])
    window = int(param(sid, "window_days"))
    lo = int(np.searchsorted(runs.day, run_day - window, side="left"))
    hi = int(np.searchsorted(runs.day, run_day, side="left"))
    previous = runs.distance_km[lo:hi]
    previous = previous[np.isfinite(previous) & (previous > 0)]
    if previous.size == 0:
        return unknown(sid, "session_spike.no_history", source, day=from_day(run_day).isoformat())
    distance, longest = float(runs.distance_km[idx]), float(previous.max())
    value = distance / longest - 1.0
    band = classify(sid, value)
    return banded(
        sid,
        value,
        band,
        source,
        extra={"run_day": from_day(run_day).isoformat(), "distance_km": distance, "longest_km": longest},
        distance_km=distance,
        longest_km=longest,
        day=from_day(run_day).isoformat(),
        percent=value * 100.0,
        hazard_ratio=band.hazard_ratio,
    )


def _signed_percent(value: float) -> str:
    return knowledge.text("weekly_change.percent", value=value * 100)


def weekly_change(series: DailySeries, day: int) -> Signal:
    """Distance of D-6..D against D-13..D-7; unknown when the earlier week is empty (CONTRACT.md day windows)."""
    sid, source = "weekly_change", signal_source("weekly_change")
    week = int(param(sid, "week_days"))
    this_km = float(series.window(series.distance_km, day - week + 1, day).sum())
    prev_km = float(series.window(series.distance_km, day - 2 * week + 1, day - week).sum())
    if prev_km <= 0:
        return unknown(sid, "weekly_change.no_history", source)
    value = this_km / prev_km - 1.0
    return banded(
        sid,
        value,
        classify(sid, value),
        source,
        extra={"this_week_km": this_km, "previous_week_km": prev_km},
        this_km=this_km,
        prev_km=prev_km,
        change=_signed_percent(value),
    )


def acute_chronic_ratio(series: DailySeries, day: int, first_run_day: int | None) -> Signal:
    """EWMA 7-day over EWMA 28-day daily distance on D; unknown with < 4 weeks of history."""
    sid, source = "acute_chronic_ratio", signal_source("acute_chronic_ratio")
    settings = critique()
    days = 0 if first_run_day is None or first_run_day > day else day - first_run_day + 1
    if days < param(sid, "min_history_days"):
        sig = unknown(sid, "acute_chronic_ratio.no_history", source, days=days)
        return Signal(sig.id, None, "unknown", sig.detail, source, dict(settings))
    values = series.window(series.distance_km, series.first_day, day)
    acute = float(ewma(values, param(sid, "acute_days"))[-1])
    chronic = float(ewma(values, param(sid, "chronic_days"))[-1])
    if chronic <= 0:
        sig = unknown(sid, "acute_chronic_ratio.no_chronic", source)
        return Signal(sig.id, None, "unknown", sig.detail, source, dict(settings))
    value = acute / chronic
    return banded(
        sid,
        value,
        classify(sid, value),
        source,
        extra={"acute": acute, "chronic": chronic, **settings},
        value=value,
    )


def critique() -> dict[str, object]:
    """The critique shown with the acute:chronic ratio, and its sources."""
    entry = section("acute_chronic_ratio")
    return {
        "critique": knowledge.text(str(entry["critique"])),
        "critique_sources": list(entry.get("critique_sources", [])),
    }


def monotony(series: DailySeries, day: int, first_run_day: int | None) -> Signal:
    """Foster monotony (mean / population SD) and strain over D-6..D, zero days included."""
    sid, source = "monotony", signal_source("monotony")
    window = int(param(sid, "window_days"))
    if first_run_day is None or first_run_day > day - window + 1:
        return unknown(sid, "monotony.no_history", source)
    loads = series.window(series.distance_km, day - window + 1, day)
    total = float(loads.sum())
    if total <= 0:
        return unknown(sid, "monotony.no_runs", source)
    value, strain = monotony_strain(loads)
    if not np.isfinite(value):
        high = classify(sid, np.inf)
        return Signal(
            sid, None, high.level, knowledge.text("monotony.constant"), source, {"strain": None, "weekly_load": total}
        )
    return banded(
        sid,
        value,
        classify(sid, value),
        source,
        extra={"strain": strain, "weekly_load": total},
        value=value,
        strain=strain,
    )


def monotony_strain(loads: np.ndarray) -> tuple[float, float]:
    """Foster 1998: monotony = mean / population SD; strain = sum x monotony (inf when SD is 0)."""
    loads = np.asarray(loads, dtype=float)
    sd = float(loads.std(ddof=0))
    mean = float(loads.mean())
    mono = mean / sd if sd > 0 else np.inf
    return mono, float(loads.sum()) * mono
