"""Signals over a real multi-year history (Runkeeper export in the shared data), checked
against a direct, independent computation with pandas on every day."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from strideguard.load import runs_from_frame, to_day
from strideguard.load.training import session_spike, weekly_change
from strideguard.load.trimp import daily_series


def _duration_s(text: str) -> float:
    parts = [int(p) for p in str(text).split(":")]
    while len(parts) < 3:
        parts.insert(0, 0)
    return parts[0] * 3600.0 + parts[1] * 60.0 + parts[2]


@pytest.fixture(scope="module")
def history(shared_data: Path) -> pd.DataFrame:
    raw = pd.read_csv(shared_data / "datasets" / "runkeeper-cardioActivities" / "cardioActivities.csv")
    start = pd.to_datetime(raw["Date"])
    return pd.DataFrame(
        {
            "local_date": start.dt.date,
            "start_time": start.dt.tz_localize("UTC"),
            "sport": raw["Type"]
            .str.lower()
            .map({"running": "running", "cycling": "cycling", "walking": "walking"})
            .fillna("other"),
            "distance_m": raw["Distance (km)"] * 1000.0,
            "moving_s": raw["Duration"].map(_duration_s),
            "avg_hr": raw["Average Heart Rate (bpm)"],
        }
    )


def test_spike_and_weekly_change_match_a_direct_computation(history: pd.DataFrame) -> None:
    runs = runs_from_frame(history)
    running = history[history["sport"] == "running"].sort_values("start_time")
    assert len(runs) == len(running) == 460
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
