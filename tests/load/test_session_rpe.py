"""Session RPE load (Foster et al. 2001): effort 0-10 x minutes, and its place beside TRIMP.

Known values are computed by hand in each test.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from strideguard.load import runs_from_columns
from strideguard.load.srpe import effective_rpe, one_session, session_rpe_load
from strideguard.load.trimp import HeartRateProfile, daily_series, run_loads

from .helpers import d, runs

NAN = math.nan


def test_session_rpe_is_effort_times_minutes() -> None:
    # Foster 2001: a session rated 5 ("hard") lasting 60 min is 300 arbitrary units.
    assert session_rpe_load(np.array([5.0]), np.array([60.0]))[0] == 300.0
    loads = session_rpe_load(np.array([4.0, NAN, 0.0]), np.array([30.0, 40.0, 25.0]))
    assert loads[0] == 120.0 and np.isnan(loads[1]) and loads[2] == 0.0
    assert np.isnan(session_rpe_load(np.array([6.0]), np.array([NAN]))[0])


def test_the_runners_rating_wins_and_the_exports_fills_in() -> None:
    effort = effective_rpe(np.array([6.0, NAN, NAN]), np.array([3.0, 4.5, NAN]))
    assert effort[0] == 6.0 and effort[1] == 4.5 and np.isnan(effort[2])
    # one activity: 30 min rated 6 -> 180; unrated, export 4.5, 40 min -> 180; neither -> unknown
    assert one_session(6, 3.0, 30.0) == 180.0
    assert one_session(None, 4.5, 40.0) == 180.0
    assert one_session(None, None, 40.0) is None
    assert one_session(5, None, None) is None


def test_runs_read_the_effort_columns() -> None:
    columns = {
        "local_date": ["2026-01-01", "2026-01-02", "2026-01-03"],
        "sport": ["running", "running", "running"],
        "distance_m": [5000.0, 6000.0, 4000.0],
        "moving_s": [1800.0, None, 1500.0],
        "elapsed_s": [1900.0, 2400.0, 1500.0],  # the second has no moving time: elapsed counts
        "rpe": [4, None, None],
        "export_rpe": [7.0, 5.0, None],
    }
    r = runs_from_columns(columns)
    # 4 x 30 = 120 (own rating beats the export's 7); 5 x 40 = 200 (export, elapsed minutes); unknown
    assert r.session_rpe[0] == 120.0 and r.session_rpe[1] == 200.0 and np.isnan(r.session_rpe[2])
    # without the columns the effort is unknown, never 0
    assert np.isnan(runs_from_columns({k: v for k, v in columns.items() if "rpe" not in k}).session_rpe).all()


def test_without_heart_rate_the_load_is_session_rpe() -> None:
    history = runs(
        [
            {"day": 0, "km": 5.0, "moving_s": 1800.0, "rpe": 4},  # 4 x 30 = 120
            {"day": 2, "km": 7.0, "moving_s": 2700.0, "rpe": 6},  # 6 x 45 = 270
            {"day": 4, "km": 3.0, "moving_s": 1200.0},  # unrated: median(4, 6) per minute = 5 x 20 = 100
        ]
    )
    loads, metric = run_loads(history, None)
    assert metric == "session_rpe"
    assert loads.tolist() == [120.0, 270.0, 100.0]
    series = daily_series(history, d(4))
    assert series.load_metric == "session_rpe"
    assert series.load.tolist() == [120.0, 0.0, 270.0, 0.0, 100.0]
    # the session RPE series counts only the rated runs
    assert series.session_rpe is not None and series.session_rpe.tolist() == [120.0, 0.0, 270.0, 0.0, 0.0]


def test_without_heart_rate_or_ratings_the_load_stays_duration() -> None:
    history = runs([{"day": 0, "km": 5.0, "moving_s": 1800.0}, {"day": 1, "km": 5.0, "moving_s": 1500.0}])
    loads, metric = run_loads(history, None)
    assert metric == "duration" and loads.tolist() == [30.0, 25.0]


HR = HeartRateProfile(max_bpm=190.0, rest_bpm=60.0, sex="male")
# 40 min at 125 bpm: HRr = (125 - 60) / (190 - 60) = 0.5; TRIMP = 40 x 0.5 x 0.64 e^0.96 = 33.4297
TRIMP_40 = 40 * 0.5 * 0.64 * math.exp(0.96)


def _paired(n: int) -> list[dict[str, object]]:
    """n runs of 40 min at 125 bpm rated 4 (session RPE 160), then a 50-min run without HR rated 6 (300)."""
    rated = [{"day": i, "km": 6.0, "moving_s": 2400.0, "avg_hr": 125.0, "rpe": 4} for i in range(n)]
    return [*rated, {"day": n, "km": 8.0, "moving_s": 3000.0, "rpe": 6}]


def test_a_rated_run_without_heart_rate_gets_the_runners_own_trimp_per_session_rpe() -> None:
    assert TRIMP_40 == pytest.approx(33.4297, abs=1e-4)
    loads, metric = run_loads(runs(_paired(3)), HR)
    assert metric == "trimp"
    assert loads[:3] == pytest.approx([TRIMP_40] * 3)
    # median TRIMP per session-RPE unit: 33.4297 / 160 = 0.208936; x 300 = 62.6807
    assert loads[3] == pytest.approx(TRIMP_40 / 160 * 300)
    assert loads[3] == pytest.approx(62.6807, abs=1e-4)


def test_with_too_few_paired_runs_the_median_trimp_per_minute_fills_in() -> None:
    loads, metric = run_loads(runs(_paired(2)), HR)
    assert metric == "trimp"
    # fewer than 3 runs with both: median TRIMP per minute (33.4297 / 40) x 50 min = 41.7871
    assert loads[2] == pytest.approx(TRIMP_40 / 40 * 50)
    assert loads[2] == pytest.approx(41.7871, abs=1e-4)
