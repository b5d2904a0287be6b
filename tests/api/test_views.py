"""The views the web app draws: a run's page data, the calendar grid, and views kept per data version."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from strideguard import api
from strideguard.api.memo import clock, memoized
from strideguard.errors import InputError, NotFoundError
from strideguard.store import open_database


@pytest.fixture()
def db_file(tmp_path: Path) -> str:
    path = str(tmp_path / "views.db")
    api.profile_set(path, birth_year=1990, timezone="UTC")
    return path


def test_run_detail_of_a_run_entered_by_hand(db_file: str) -> None:
    added = api.run_add(db_file, date="2026-11-20", distance_km=5, duration_min=31, notes="treadmill")
    run = api.run_detail(db_file, added["activity_id"])
    assert run["pace_min_per_km"] == pytest.approx(6.2)  # 31 min / 5 km
    assert run["notes"] == "treadmill" and run["shoe"] is None
    assert run["course"]["route"] == [] and run["course"]["splits"] == []  # no samples, no route


def test_run_detail_refuses_an_unknown_or_bad_id(db_file: str) -> None:
    with pytest.raises(NotFoundError):
        api.run_detail(db_file, 999)
    with pytest.raises(InputError) as refused:
        api.run_detail(db_file, 0)
    assert refused.value.field == "activity_id"


def test_calendar_month_starts_on_monday_and_puts_runs_and_reports_on_their_days(db_file: str) -> None:
    api.run_add(db_file, date="2026-11-18", distance_km=6, duration_min=33)  # a Wednesday
    api.symptom_log(db_file, {"date": "2026-11-19", "region": "knee", "side": "left", "pain_during": 2})
    cal = api.calendar(db_file, "month", "2026-11-18")
    # November 2026 starts on a Sunday: the grid starts on Monday 26 October and ends on Sunday 6 December
    assert (cal["start"], cal["end"]) == ("2026-10-26", "2026-12-06")
    assert len(cal["weeks"]) == 6 and all(len(w) == 7 for w in cal["weeks"])
    assert all(w[0]["weekday"] == 0 and date.fromisoformat(w[0]["date"]).weekday() == 0 for w in cal["weeks"])
    days = {d["date"]: d for w in cal["weeks"] for d in w}
    assert days["2026-10-26"]["in_period"] is False and days["2026-11-01"]["in_period"] is True
    (run,) = days["2026-11-18"]["runs"]
    assert run["distance_km"] == 6.0 and run["pace_min_per_km"] == 5.5  # 33 min / 6 km
    (report,) = days["2026-11-19"]["symptoms"]
    assert report["region"] == "knee" and report["side"] == "left" and report["disposition"]
    assert (cal["previous"], cal["next"]) == ("2026-10-01", "2026-12-01")


def test_calendar_week_and_planned_sessions(db_file: str) -> None:
    today = date.today()
    cal = api.calendar(db_file, "week", today.isoformat())
    monday = today - timedelta(days=today.weekday())
    assert cal["start"] == monday.isoformat() and cal["end"] == (monday + timedelta(days=6)).isoformat()
    later = [d for d in cal["weeks"][0] if d["date"] > today.isoformat()]
    assert all(d["planned"] is not None and d["planned"]["kind"] for d in later)  # the planner's sessions
    assert all(d["planned"] is None for d in cal["weeks"][0] if d["date"] <= today.isoformat())
    with pytest.raises(InputError) as refused:
        api.calendar(db_file, "year")
    assert refused.value.field == "view"


def test_data_version_changes_with_every_write_and_not_with_reads(db_file: str) -> None:
    db = open_database(db_file)
    other = open_database(db_file)  # another program (a CLI import) writing the same file
    try:
        first = db.data_version()
        assert first is not None
        api.status(db)  # may store its metric cache (a write through db): take the version after it
        settled = db.data_version()
        api.activities(db)
        api.plan(db, days=3)
        assert db.data_version() == settled  # reads change nothing
        api.run_add(db, date="2026-11-20", distance_km=5, duration_min=30)
        after_own = db.data_version()
        assert after_own != settled
        api.run_add(other, date="2026-11-21", distance_km=5, duration_min=30)
        assert db.data_version() != after_own  # SQLite's data_version sees the other connection's commit
    finally:
        db.close()
        other.close()


def test_memoized_views_compute_once_per_change_of_the_data(db_file: str) -> None:
    db = open_database(db_file)
    calls: list[int] = []

    def compute() -> list[dict[str, object]]:
        calls.append(1)
        return api.activities(db)

    try:
        assert memoized(db, "runs", compute) == [] and memoized(db, "runs", compute) == []
        assert len(calls) == 1
        api.run_add(db, date="2026-11-20", distance_km=5, duration_min=30)
        assert len(memoized(db, "runs", compute)) == 1  # the write is seen at once
        assert len(calls) == 2
    finally:
        db.close()


def test_the_clock_step_is_a_quarter_of_an_hour() -> None:
    from datetime import UTC, datetime

    # (23 x 60 + 44) // 15 = 94; from 23:45 on, the day's last quarter (95)
    assert clock(datetime(2026, 11, 20, 23, 44, tzinfo=UTC)) == ("2026-11-20", 94)
    assert clock(datetime(2026, 11, 20, 23, 45, tzinfo=UTC)) == ("2026-11-20", 95)
    assert clock(datetime(2026, 11, 20, 23, 59, tzinfo=UTC)) == ("2026-11-20", 95)
    assert clock(datetime(2026, 11, 21, 0, 0, tzinfo=UTC)) == ("2026-11-21", 0)


def test_history_fitness_matches_the_status_signal(tmp_path: Path) -> None:
    from strideguard.api import web

    path = str(tmp_path / "demo.db")
    api.demo(path)
    status = api.status(path)
    signals = {s["id"]: s for s in status["signals"]}
    history = web.history(path, weeks=12, until=status["date"])
    assert history["fitness"][-1] == pytest.approx(signals["fitness"]["value"], abs=0.05)
    assert history["form"][-1] == pytest.approx(signals["form"]["value"], abs=0.1)
    weeks = history["weeks"]
    assert all(date.fromisoformat(w["start"]).weekday() == 0 for w in weeks)
    shown = sum(r["distance_km"] for r in history["runs"] if r["sport"] in ("running", "trail_running"))
    assert sum(w["distance_km"] for w in weeks) == pytest.approx(shown, abs=0.1 * len(weeks))
