"""api.web.history / load_before / weekly_totals on a small history computed by hand."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pytest

from strideguard import api
from strideguard.api import web as views


@pytest.fixture()
def small_db(tmp_path: Path) -> str:
    db = str(tmp_path / "small.db")
    api.profile_set(db, timezone="UTC")
    for day, km, minutes in (("2026-01-01", 5, 30), ("2026-01-02", 10, 60), ("2026-01-05", 4, 24)):
        api.run_add(db, date=day, distance_km=km, duration_min=minutes)
    api.run_add(db, date="2026-01-03", distance_km=3, duration_min=40, sport="walking")  # not running load
    return db


def _ewma(values: list[float], n: int) -> list[float]:
    """x_t = x_(t-1) + 2/(N+1) (v_t - x_(t-1)), starting from 0 (Williams 2017)."""
    k, x, out = 2 / (n + 1), 0.0, []
    for v in values:
        x += k * (v - x)
        out.append(x)
    return out


def test_daily_distance_and_ewma_by_hand(small_db: str) -> None:
    h = views.history(small_db, weeks=1, until="2026-01-07")
    assert h["days"] == [f"2026-01-0{d}" for d in range(1, 8)]
    km = [5.0, 10.0, 0.0, 0.0, 4.0, 0.0, 0.0]  # the walk does not count
    assert h["distance_km"] == km
    # acute: k = 0.25 -> 1.25, 3.4375, 2.578125, ...
    assert h["acute_km"][:2] == [1.25, 3.44]
    assert h["acute_km"] == [round(v, 2) for v in _ewma(km, 7)]
    assert h["chronic_km"] == [round(v, 2) for v in _ewma(km, 28)]
    assert h["acute_chronic_ratio"] == [None] * 7  # unknown before four weeks of history


def test_runs_carry_their_spike(small_db: str) -> None:
    runs = views.history(small_db, weeks=1, until="2026-01-07")["runs"]
    assert [(r["date"], r["sport"]) for r in runs] == [
        ("2026-01-05", "running"),
        ("2026-01-03", "walking"),
        ("2026-01-02", "running"),
        ("2026-01-01", "running"),
    ]
    by_day = {r["date"]: r for r in runs}
    assert by_day["2026-01-02"]["spike"] == 1.0 and by_day["2026-01-02"]["spike_level"] == "caution"  # 10 / 5 - 1
    assert by_day["2026-01-05"]["spike"] == -0.6 and by_day["2026-01-05"]["spike_level"] == "ok"  # 4 / 10 - 1
    assert by_day["2026-01-01"]["spike"] is None and by_day["2026-01-01"]["spike_level"] == "unknown"
    assert by_day["2026-01-03"]["spike"] is None  # a walk is not a run
    assert by_day["2026-01-02"]["duration_min"] == 60.0


def test_window_after_the_latest_activity_and_whole_history(small_db: str) -> None:
    h = views.history(small_db, weeks=None)
    assert (h["start"], h["end"]) == ("2026-01-01", "2026-01-05")
    later = views.history(small_db, weeks=2, until="2026-03-01")
    assert later["end"] == "2026-03-01" and len(later["days"]) == 14 and sum(later["distance_km"]) == 0
    # the chronic EWMA has decayed for 55 days since the last run: the window shows the same value the whole history has
    chronic = _ewma([5, 10, 0, 0, 4] + [0.0] * 55, 28)
    assert later["chronic_km"][-1] == round(chronic[-1], 2)


def test_load_before_onset_and_weekly_totals(small_db: str) -> None:
    h = views.history(small_db, weeks=None, until="2026-01-07")
    before = views.load_before(h, date(2026, 1, 6), days=28)
    assert before["distance_km"] == 19.0 and before["last_7_days_km"] == 19.0 and before["runs"] == 3
    assert before["largest_spike"] == {"date": "2026-01-02", "spike": 1.0, "level": "caution"}
    assert views.load_before(h, date(2026, 1, 2), days=28)["distance_km"] == 5.0  # the day of onset is not "before"
    weeks = views.weekly_totals(h)
    assert weeks == [
        {
            "start": "2026-01-01",
            "end": "2026-01-07",
            "distance_km": 19.0,
            "runs": 3,
            "longest_km": 10.0,
            "largest_spike": 1.0,
            "largest_spike_level": "caution",
        }
    ]


def test_bad_arguments_name_the_field(small_db: str) -> None:
    from strideguard.errors import InputError

    with pytest.raises(InputError, match="weeks"):
        views.history(small_db, weeks=0)
    with pytest.raises(InputError, match="until"):
        views.history(small_db, until="soon")


def test_empty_database(tmp_path: Path) -> None:
    h = views.history(str(tmp_path / "empty.db"), weeks=1, until="2026-01-07")
    assert len(h["days"]) == 7 and h["distance_km"] == [0.0] * 7 and h["runs"] == [] and h["symptoms"] == []
    assert all(v is None or math.isfinite(v) for v in h["acute_km"])
