"""Known-value and day-window tests of the training-load signals."""

from __future__ import annotations

import math

import numpy as np
import pytest

from strideguard.errors import InputError
from strideguard.load.ewma import ewma
from strideguard.load.series import runs_from_frame
from strideguard.load.thresholds import classify
from strideguard.load.training import acute_chronic_ratio, monotony, monotony_strain, session_spike, weekly_change
from strideguard.load.trimp import daily_series

from .helpers import d, frame, runs


def spike(items, on: int):
    r = runs(items)
    return session_spike(r, d(on))


# --- session_spike: Frandsen et al. 2025 bands, exactly at the edges -------------------------


@pytest.mark.parametrize(
    ("latest_km", "level", "hazard_ratio"),
    [
        (11.0, "ok", None),  # exactly +10 %: still within 10 %
        (11.01, "caution", 1.64),
        (13.0, "caution", 1.64),  # exactly +30 %: top of the 10-30 % band
        (13.01, "caution", 1.52),
        (20.0, "caution", 1.52),  # exactly +100 %: top of the 30-100 % band
        (20.01, "high", 2.28),
    ],
)
def test_session_spike_frandsen_edges(latest_km: float, level: str, hazard_ratio: float | None) -> None:
    sig = spike([(0, 10.0), (10, latest_km)], on=10)
    assert sig.value == pytest.approx(latest_km / 10.0 - 1.0)
    assert sig.level == level
    assert sig.extra.get("hazard_ratio") == hazard_ratio
    assert sig.source == "frandsen-2025"


def test_band_edges_direct() -> None:
    assert classify("session_spike", 0.10).level == "ok"
    assert classify("session_spike", 0.30).hazard_ratio == 1.64
    assert classify("session_spike", 1.00).hazard_ratio == 1.52
    assert classify("session_spike", 1.0000001).level == "high"


def test_session_spike_uses_latest_run_on_or_before_d() -> None:
    items = [(0, 10.0), (5, 12.0), (6, 30.0)]
    assert spike(items, on=5).value == pytest.approx(0.2)  # the 30 km on day 6 is after D
    assert spike(items, on=6).value == pytest.approx(30.0 / 12.0 - 1.0)


def test_session_spike_window_is_the_30_days_before_the_runs_day() -> None:
    # A 20 km run exactly 30 days before counts; 31 days before does not.
    assert spike([(0, 20.0), (30, 10.0)], on=30).value == pytest.approx(-0.5)
    assert spike([(0, 20.0), (1, 8.0), (31, 10.0)], on=31).value == pytest.approx(10.0 / 8.0 - 1.0)
    # The window is anchored on the run's day, not on D: D later than the run changes nothing.
    assert spike([(0, 20.0), (30, 10.0)], on=45).value == pytest.approx(-0.5)


def test_session_spike_same_day_runs() -> None:
    # Two runs on day 10: the latest (by start time) is compared; the earlier one the same day is not "before".
    items = [
        {"day": 0, "km": 10.0, "start_time": "2026-01-01T07:00:00+00:00"},
        {"day": 10, "km": 15.0, "start_time": "2026-01-11T18:00:00+00:00"},
        {"day": 10, "km": 5.0, "start_time": "2026-01-11T07:00:00+00:00"},
    ]
    sig = session_spike(runs(items), d(10))
    assert sig.value == pytest.approx(0.5)


def test_session_spike_unknown_without_comparison() -> None:
    assert spike([], on=0).level == "unknown"
    assert spike([(0, 10.0)], on=0).level == "unknown"  # nothing in the 30 days before
    assert spike([(0, 10.0), (40, 10.0)], on=40).level == "unknown"
    assert spike([(0, 10.0)], on=0).value is None


def test_non_running_sports_do_not_count() -> None:
    items = [{"day": 0, "km": 10.0}, {"day": 5, "km": 50.0, "sport": "cycling"}, {"day": 6, "km": 10.0}]
    sig = session_spike(runs(items), d(6))
    assert sig.value == pytest.approx(0.0)


def test_missing_column_names_the_column() -> None:
    bad = frame([(0, 5.0)]).drop(columns=["sport"])
    with pytest.raises(InputError) as info:
        runs_from_frame(bad)
    assert "sport" in str(info.value)


# --- weekly_change: D-6..D against D-13..D-7 ------------------------------------------------


def _weekly(items, on: int):
    r = runs(items)
    return weekly_change(daily_series(r, d(on)), d(on))


def test_weekly_change_windows_are_exact() -> None:
    # D = day 20: this week is days 14..20, the previous week days 7..13; day 6 is outside both.
    items = [(6, 100.0), (7, 4.0), (13, 6.0), (14, 5.0), (20, 8.0)]
    sig = _weekly(items, on=20)
    assert sig.extra["this_week_km"] == pytest.approx(13.0)
    assert sig.extra["previous_week_km"] == pytest.approx(10.0)
    assert sig.value == pytest.approx(0.3)
    assert sig.level == "caution"  # exactly +30 % is the top of the caution band
    assert _weekly([(7, 10.0), (14, 13.01)], on=20).level == "high"
    assert _weekly([(7, 10.0), (14, 11.0)], on=20).level == "ok"


def test_weekly_change_unknown_when_previous_week_empty() -> None:
    sig = _weekly([(0, 10.0), (15, 10.0)], on=20)  # day 0 is before D-13
    assert sig.level == "unknown" and sig.value is None


def test_weekly_change_follows_the_contract_after_a_first_run_or_a_break() -> None:
    # CONTRACT.md: D-6..D against D-13..D-7, unknown only when the earlier week is empty. Users' scripts
    # rely on it: 5 km on D-8 and 7 km on D-1 give 7 / 5 - 1 = +40 %, high (Nielsen 2014: above 30 %).
    sig = _weekly([(12, 5.0), (19, 7.0)], on=20)
    assert sig.value == pytest.approx(0.4) and sig.level == "high"
    # A first run ever on day 10, then walk-runs every other day: on D = 20 the earlier week (days 7..13)
    # holds days 10 and 12 (7 km) and the last 7 days days 14, 17, 19 (10.5 km): +50 %, high, as the
    # contract defines it (the planner never plans such a second week: tests/plan).
    beginner = [(10, 3.5), (12, 3.5), (14, 3.5), (17, 3.5), (19, 3.5)]
    sig = _weekly(beginner, on=20)
    assert sig.value == pytest.approx(10.5 / 7.0 - 1.0) and sig.level == "high"
    # Back after a break (the last run on day 0): the same windows, the run before the break is outside both.
    assert _weekly([(0, 10.0), *beginner], on=20).value == pytest.approx(0.5)


# --- monotony and strain (Foster 1998) -------------------------------------------------------


def test_monotony_known_value() -> None:
    loads = [0, 20, 10, 10, 10, 10, 10]
    mono, strain = monotony_strain(np.array(loads, dtype=float))
    # mean 70/7 = 10; population SD = sqrt((10^2 + 10^2) / 7) = 5.3452; 10 / 5.3452 = 1.8708
    assert mono == pytest.approx(10 / math.sqrt(200 / 7))
    assert round(mono, 3) == 1.871
    assert round(strain, 2) == 130.96  # 70 x 1.8708


def test_monotony_signal_window_and_zero_days() -> None:
    # D = day 20: D-6..D = days 14..20 with loads 0,20,10,10,10,10,10; a run on day 13 is outside.
    items = [(10, 5.0), (13, 50.0), (15, 20.0)] + [(k, 10.0) for k in range(16, 21)]
    r = runs(items)
    sig = monotony(daily_series(r, d(20)), d(20), r.first_day)
    assert sig.value == pytest.approx(1.8708, abs=1e-4)
    assert sig.extra["strain"] == pytest.approx(130.96, abs=0.01)
    assert sig.level == "caution"  # 1.5 <= 1.871 < 2.0


def test_monotony_unknown_with_less_than_a_week_of_history() -> None:
    r = runs([(15, 5.0), (16, 5.0)])
    assert monotony(daily_series(r, d(20)), d(20), r.first_day).level == "unknown"
    r = runs([(14, 5.0), (16, 5.0)])
    assert monotony(daily_series(r, d(20)), d(20), r.first_day).level != "unknown"


# --- acute:chronic ratio (EWMA 7/28, lambda = 2/(N+1)) --------------------------------------


def test_ewma_by_hand() -> None:
    # lambda = 2/8 = 0.25: 0.25*10 = 2.5; 0.75*2.5 = 1.875; 0.25*20 + 0.75*1.875 = 6.40625
    assert ewma(np.array([10.0, 0.0, 20.0]), 7) == pytest.approx([2.5, 1.875, 6.40625])


def test_acute_chronic_ratio_by_hand() -> None:
    # 10 km every day on days 0..27 (28 days), then 30 km on day 28.
    items = [(k, 10.0) for k in range(28)] + [(28, 30.0)]
    r = runs(items)
    series = daily_series(r, d(28))
    # From x = 0 before day 0, n days of constant 10 give 10 (1 - (1 - lambda)^n).
    la, lc = 2 / 8, 2 / 29
    acute27, chronic27 = 10 * (1 - (1 - la) ** 28), 10 * (1 - (1 - lc) ** 28)
    sig = acute_chronic_ratio(series, d(27), r.first_day)
    assert sig.value == pytest.approx(acute27 / chronic27)
    assert sig.level == "ok"
    acute28 = la * 30 + (1 - la) * acute27
    chronic28 = lc * 30 + (1 - lc) * chronic27
    sig = acute_chronic_ratio(series, d(28), r.first_day)
    assert sig.value == pytest.approx(acute28 / chronic28)
    assert sig.extra["acute"] == pytest.approx(acute28)
    assert "critique" in sig.extra and "lolli-2019" in sig.extra["critique_sources"]


def test_acute_chronic_ratio_unknown_with_less_than_four_weeks() -> None:
    r = runs([(k, 10.0) for k in range(27)])
    sig = acute_chronic_ratio(daily_series(r, d(26)), d(26), r.first_day)
    assert sig.level == "unknown"
    assert "critique" in sig.extra


@pytest.mark.parametrize(
    ("value", "level"), [(0.79, "ok"), (1.3, "ok"), (1.31, "caution"), (1.49, "caution"), (1.5, "high")]
)
def test_acute_chronic_bands(value: float, level: str) -> None:
    assert classify("acute_chronic_ratio", value).level == level


@pytest.mark.parametrize(("value", "level"), [(1.49, "ok"), (1.5, "caution"), (1.99, "caution"), (2.0, "high")])
def test_monotony_bands(value: float, level: str) -> None:
    assert classify("monotony", value).level == level
