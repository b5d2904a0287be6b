"""Check a plan against the caps with the signals' own functions (load.training), not the planner's."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import numpy as np

from strideguard.load.series import DailySeries, Runs, to_day
from strideguard.load.training import monotony_strain, session_spike, weekly_change
from strideguard.plan.model import History

EDGE = 1e-9


def combined(history: History, plan: dict[str, Any]) -> tuple[Runs, DailySeries, list[int]]:
    """History (one run per day with distance) plus the planned runs, as the signals' arrays.

    The series runs 6 days past the plan (rest assumed), so windows that hold a planned run are complete.
    """
    first = to_day(history.first_day)
    days = [first + i for i in range(len(history.distance_km))]
    km = list(np.asarray(history.longest_km, dtype=float))
    # days with more than one run: the remainder as a second run of the same day
    extra = np.asarray(history.distance_km, dtype=float) - np.asarray(history.longest_km, dtype=float)
    run_days = [d for d, k in zip(days, km, strict=True) if k > 0] + [
        d for d, e in zip(days, extra, strict=True) if e > 1e-12
    ]
    run_km = [k for k in km if k > 0] + [float(e) for e in extra if e > 1e-12]
    planned = []
    for day in plan["days"]:
        dist = day["session"]["distance_km"]
        if dist > 0:
            d = to_day(day["date"])
            planned.append(d)
            run_days.append(d)
            run_km.append(float(dist))
    order = np.argsort(np.asarray(run_days, dtype=np.int64), kind="stable")
    day_arr = np.asarray(run_days, dtype=np.int64)[order]
    km_arr = np.asarray(run_km, dtype=float)[order]
    n = len(day_arr)
    runs = Runs(
        day=day_arr,
        distance_km=km_arr,
        duration_min=np.full(n, np.nan),
        avg_hr=np.full(n, np.nan),
        max_hr=np.full(n, np.nan),
        sport=np.full(n, "running", dtype=object),
        ids=np.full(n, None, dtype=object),
    )
    end = to_day(plan["days"][-1]["date"]) + 6
    length = end - first + 1
    daily = np.bincount(day_arr - first, weights=km_arr, minlength=length).astype(float)[:length]
    series = DailySeries(
        first_day=first, distance_km=daily, duration_min=np.zeros(length), load=daily.copy(), load_metric="distance"
    )
    return runs, series, planned


def cap_breaches(history: History, plan: dict[str, Any]) -> list[str]:
    """Every cap a planned run breaks, described; empty when the plan is safe.

    The caps, with the status signals' own functions and CONTRACT.md's day windows:
    - no planned run more than 10 % longer than the longest of the 30 days before it (DESIGN.md section 4:
      the top of the session_spike ok band, Frandsen 2025);
    - no 7 days holding a planned run with a `high` weekly change: more than 30 % above D-13..D-7 (DESIGN.md
      section 7; Nielsen 2014), whenever the earlier week holds any running (the signal is unknown otherwise);
    - no 7 days holding a planned run with a `high` monotony: 2.0 or more (Foster 1998; DESIGN.md section 4).
    """
    runs, series, planned = combined(history, plan)
    problems = []
    for d in planned:
        spike = session_spike(runs, d)
        if spike.value is not None and spike.value > 0.10 + EDGE:
            problems.append(f"spike {spike.value:.3f} on day {d}")
        for end in range(d, d + 7):
            week = weekly_change(series, end)
            if week.level == "high" or (week.value is not None and week.value > 0.30 + EDGE):
                problems.append(f"weekly change {week.value:.3f} on day {end} (run on {d})")
            window = series.window(series.distance_km, end - 6, end)
            mono, _ = monotony_strain(window)
            if not mono < 2.0:
                problems.append(f"monotony {mono:.3f} on day {end} (run on {d})")
    return problems


def history_from(first: date, km: list[float]) -> History:
    return History.from_daily(first, km)


def day_after(day: date, n: int = 1) -> date:
    return day + timedelta(days=n)
