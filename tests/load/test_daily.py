"""`load.daily.daily_signals` gives, for every day, exactly what the per-day signal functions give on that day."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pytest

from strideguard.demo import build
from strideguard.load import Runs, runs_from_columns, to_day
from strideguard.load.daily import SIGNALS, daily_signals
from strideguard.load.training import acute_chronic_ratio, monotony, session_spike, weekly_change
from strideguard.load.trimp import daily_series


def _demo_runs() -> Runs:
    """The demo runner's 16 weeks (runs and trail runs, a 35 % spike at the end)."""
    acts = [parsed for parsed, _sha in build(date(2026, 11, 25)).activities]
    return runs_from_columns(
        {
            "local_date": [a.start_time.date() for a in acts],
            "start_time": [a.start_time for a in acts],
            "sport": [a.sport for a in acts],
            "distance_m": [a.distance_m for a in acts],
            "moving_s": [a.moving_s for a in acts],
            "elapsed_s": [a.elapsed_s for a in acts],
        }
    )


def _same(a: float | None, b: float) -> bool:
    return (a is None and math.isnan(b)) or (a is not None and a == b)


def test_every_day_matches_the_per_day_functions_exactly() -> None:
    runs = _demo_runs()
    result = daily_signals(runs)
    first = runs.first_day
    assert result.day[0] == first and result.day[-1] == runs.day[-1]
    for index, day in enumerate(result.day.tolist()):
        series = daily_series(runs, day)
        expected = {
            "session_spike": session_spike(runs, day),
            "weekly_change": weekly_change(series, day),
            "acute_chronic_ratio": acute_chronic_ratio(series, day, first),
            "monotony": monotony(series, day, first),
        }
        for sid in SIGNALS:
            assert _same(expected[sid].value, result.values[sid][index]), (sid, day)
            assert expected[sid].level == result.levels[sid][index], (sid, day)
    assert result.distance_km.sum() == pytest.approx(np.nansum(runs.distance_km))
    assert int(result.runs.sum()) == len(runs)


def test_known_values_by_hand() -> None:
    """10 km on 1 Jan, 5 km on 4 and 8 Jan, 12 km on 11 Jan (2026)."""
    runs = runs_from_columns(
        {
            "local_date": ["2026-01-01", "2026-01-04", "2026-01-08", "2026-01-11"],
            "sport": ["running"] * 4,
            "distance_m": [10_000.0, 5_000.0, 5_000.0, 12_000.0],
            "moving_s": [3600.0, 1800.0, 1800.0, 4300.0],
        }
    )
    result = daily_signals(runs, to_day("2026-01-14"))
    at = {str(np.datetime64(int(d), "D")): i for i, d in enumerate(result.day)}
    # spike on 11 Jan: 12 km against the longest of the 30 days before, 10 km: 12 / 10 - 1 = 0.2
    assert result.values["session_spike"][at["2026-01-11"]] == pytest.approx(0.2)
    # on 9 Jan (no run) the latest run is 8 Jan's 5 km: 5 / 10 - 1 = -0.5
    assert result.values["session_spike"][at["2026-01-09"]] == pytest.approx(-0.5)
    # weekly change on 14 Jan: 8-14 Jan = 5 + 12 = 17 km against 1-7 Jan = 10 + 5 = 15 km: 17 / 15 - 1
    assert result.values["weekly_change"][at["2026-01-14"]] == pytest.approx(17 / 15 - 1)
    # monotony on 11 Jan over 5-11 Jan [0, 0, 0, 5, 0, 0, 12]: mean 17/7 = 2.428571, population SD 4.271405
    assert result.values["monotony"][at["2026-01-11"]] == pytest.approx(0.5685650528)
    assert result.strain[at["2026-01-11"]] == pytest.approx(17 * 0.5685650528)
    # acute EWMA (k = 2/8 = 0.25) on 4 Jan: 2.5, 1.875, 1.40625, then 1.40625 + 0.25 (5 - 1.40625) = 2.3046875
    assert result.acute_km[at["2026-01-04"]] == 2.3046875
    # fewer than 28 days of history: the ratio is unknown, never a number
    assert math.isnan(result.values["acute_chronic_ratio"][at["2026-01-14"]])
