"""runs_from_columns (plain columns, no pandas) gives the runs runs_from_frame gives."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta, timezone

import numpy as np
import pandas as pd
import pytest

from strideguard.errors import InputError
from strideguard.load import Runs, runs_from_columns, runs_from_frame
from strideguard.load.ewma import ewma


def _same(a: Runs, b: Runs) -> None:
    np.testing.assert_array_equal(a.day, b.day)
    for name in ("distance_km", "duration_min", "avg_hr", "max_hr"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name), err_msg=name)
    assert a.sport.tolist() == b.sport.tolist()
    assert a.ids.tolist() == b.ids.tolist()
    assert a.metrics.keys() == b.metrics.keys()
    for name in a.metrics:
        np.testing.assert_array_equal(a.metrics[name], b.metrics[name], err_msg=name)


def test_odd_rows_give_the_same_runs_as_the_frame() -> None:
    berlin = timezone(timedelta(hours=1))
    columns = {
        "id": [1, 2, 3, 4, 5, 6],
        "local_date": [
            date(2026, 3, 2),
            date(2026, 3, 1),
            date(2026, 3, 2),
            "2026-03-01",
            date(2026, 3, 3),
            date(2026, 3, 4),
        ],
        "start_time": [
            datetime(2026, 3, 2, 18, 0),  # naive = UTC
            datetime(2026, 3, 1, 7, 0, tzinfo=UTC),
            datetime(2026, 3, 2, 7, 30, tzinfo=berlin),  # 06:30 UTC: before run 1 the same day
            "2026-03-01T06:00:00+00:00",
            None,
            datetime(2026, 3, 4, 9, 0),
        ],
        "sport": ["running", "running", "trail_running", "running", "cycling", "running"],
        "distance_m": [5000, None, "7300.5", 1e4, 20000.0, "n/a"],
        "moving_s": [1500, 0, None, 3000.0, 3600, 1200],
        "elapsed_s": [1600, 900, 2500, 3100, 3700, None],
        "avg_hr": [150, None, 160.5, True, 120, 140],
        "max_hr": [None, None, None, None, None, 170],
        "speed_mps": [3.3, math.nan, None, 2.9, 8.0, 3.0],
    }
    got = runs_from_columns(columns)
    _same(got, runs_from_frame(pd.DataFrame(columns)))
    # by hand: the cycle dropped; 2026-03-01 06:00 (id 4), 07:00 (2); 03-02 06:30 UTC (3), 18:00 (1); 03-04 (6)
    assert got.ids.tolist() == [4, 2, 3, 1, 6]
    np.testing.assert_array_equal(got.distance_km, [10.0, np.nan, 7.3005, 5.0, np.nan])
    np.testing.assert_array_equal(got.duration_min, [50.0, 15.0, 2500 / 60, 25.0, 20.0])  # moving 0 -> elapsed


def test_rows_as_the_store_gives_them_take_the_vectorised_path_to_the_same_runs() -> None:
    # SQLite gives naive UTC datetimes and floats or None: converted at once, not value by value
    columns = {
        "id": [1, 2, 3, 4],
        "local_date": [date(2026, 3, 2), date(2026, 3, 1), date(2026, 3, 2), date(2026, 3, 3)],
        "start_time": [
            datetime(2026, 3, 2, 18, 0),
            datetime(2026, 3, 1, 7, 0),
            datetime(2026, 3, 2, 6, 30),
            datetime(2026, 3, 3, 5, 0),
        ],
        "sport": ["running", "running", "running", "running"],
        "distance_m": [5000.0, None, 7300.5, 10000.0],
        "moving_s": [1500.0, 0.0, None, 3000.0],
        "elapsed_s": [1600.0, 900.0, 2500.0, None],
        "avg_hr": [150.0, None, 160.5, 140.0],
        "max_hr": [None, None, None, 170.0],
    }
    got = runs_from_columns(columns)
    _same(got, runs_from_frame(pd.DataFrame(columns)))
    assert got.ids.tolist() == [2, 3, 1, 4]  # 03-01; 03-02 06:30 before 18:00; 03-03
    np.testing.assert_array_equal(got.distance_km, [np.nan, 7.3005, 5.0, 10.0])


def test_no_rows_and_missing_columns() -> None:
    empty = {"local_date": [], "sport": [], "distance_m": [], "id": []}
    _same(runs_from_columns(empty), runs_from_frame(pd.DataFrame(empty)))
    assert len(runs_from_columns(empty)) == 0
    with pytest.raises(InputError, match="distance_m"):
        runs_from_columns({"local_date": [], "sport": []})
    with pytest.raises(InputError, match="local_date"):
        runs_from_columns({"local_date": ["March"], "sport": ["running"], "distance_m": [1.0]})


def test_ewma_matches_the_published_single_load_values_and_pandas() -> None:
    # one load of 1000 on day 0: fitness (N = 42) = 1000 x 2/43, fatigue (N = 7) = 1000 x 2/8 (module docstring)
    assert ewma(np.array([1000.0]), 42)[0] == pytest.approx(46.51, abs=0.005)
    assert ewma(np.array([1000.0]), 7)[0] == 250.0
    # then decays by (1 - k) a day
    assert ewma(np.array([1000.0, 0.0]), 7)[1] == pytest.approx(250.0 * 0.75)
    values = np.random.default_rng(7).uniform(0, 20, 400)
    reference = pd.Series(np.concatenate(([0.0], values))).ewm(alpha=2 / 29, adjust=False).mean().to_numpy()[1:]
    np.testing.assert_allclose(ewma(values, 28), reference, rtol=1e-12)
