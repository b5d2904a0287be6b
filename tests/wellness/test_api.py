"""Wellness through the api, the command line, export/restore, the JSON API, Today and the report."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from strideguard import api
from strideguard.cli import app
from strideguard.domain import WellnessDay
from strideguard.store import open_database
from strideguard.store import wellness as wellness_store
from tests.web.conftest import make_client

SPIKE_DAY = date(2026, 3, 31)


def _runner(path: Path, spike_day: date = SPIKE_DAY) -> Path:
    """Runs of 5 km every third day for a month, then 12 km: a spike of 140 % (5 -> 12 km); wellness around it."""
    db = open_database(str(path))
    for back in range(30, 0, -3):
        api.run_add(db, date=spike_day - timedelta(days=back), distance_km=5.0, duration_min=30.0)
    api.run_add(db, date=spike_day, distance_km=12.0, duration_min=75.0)
    days = []
    for back in range(31):
        day = spike_day - timedelta(days=back)
        recent = back < 3
        days.append(WellnessDay(day, "garmin", sleep_h=5.5 if recent else 7.5, resting_hr=57.0 if recent else 50.0))
    with db.begin() as conn:
        stored = wellness_store.upsert(conn, days)
    assert stored.new == 31
    db.close()
    return path


def test_the_spike_and_what_the_days_before_it_said(tmp_path: Path) -> None:
    db = _runner(tmp_path / "w.db")
    result = api.wellness(str(db), SPIKE_DAY, days=7)
    assert [d["date"] for d in result["days"]] == [(SPIKE_DAY - timedelta(days=6 - i)).isoformat() for i in range(7)]
    assert result["days"][-1] == {
        "date": "2026-03-31",
        "sleep_h": 5.5,
        "resting_hr": 57.0,
        "hrv_sdnn_ms": None,
        "hrv_rmssd_ms": None,
        "sources": {"sleep_h": "garmin", "resting_hr": "garmin"},
    }
    spike = result["spike"]
    assert spike["date"] == "2026-03-31" and spike["level"] == "high" and spike["spike"] == pytest.approx(1.4)
    assert spike["intro"] == (
        "Before your 12.0 km run on 2026-03-31, 140 % longer than your longest run of the 30 days before:"
    )
    assert [n["id"] for n in spike["notes"]] == ["resting_hr_up", "short_sleep"]  # +7 bpm; 5.5 h < 7 h
    assert spike["advice"].startswith("A longer run on top of poor recovery")
    assert set(result["sources"]) == {"dressendorfer-1985", "watson-2015"}
    # a day later the spike is still the latest run (within 3 days): still said
    assert api.wellness(str(db), SPIKE_DAY + timedelta(days=1))["spike"]["date"] == "2026-03-31"
    assert api.wellness(str(db), SPIKE_DAY + timedelta(days=3))["spike"] is None


def test_the_days_option_is_checked(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "e.db"), "wellness", "--days", "0"])
    assert result.exit_code == 1 and "days: 0 is not allowed; use a whole number of days from 1 to 366" in result.stderr


def test_export_and_restore_keep_the_wellness_days(tmp_path: Path) -> None:
    db = _runner(tmp_path / "w.db")
    backup = tmp_path / "backup.json"
    assert CliRunner().invoke(app, ["--db", str(db), "export", "--out", str(backup)]).exit_code == 0
    document = json.loads(backup.read_text())
    assert len(document["tables"]["wellness_days"]) == 31
    assert document["tables"]["wellness_days"][0]["day"] == "2026-03-01"
    restored = tmp_path / "r.db"
    assert CliRunner().invoke(app, ["--db", str(restored), "restore", str(backup)]).exit_code == 0
    with open_database(str(restored)).connect() as conn:
        days = wellness_store.list_days(conn)
    assert len(days) == 31 and days[-1] == WellnessDay(SPIKE_DAY, "garmin", sleep_h=5.5, resting_hr=57.0)
    # an older backup without the table restores with none (ADDED_LATER)
    del document["tables"]["wellness_days"]
    document["schema_revision"] = "0003"
    older = tmp_path / "older.json"
    older.write_text(json.dumps(document))
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "o.db"), "restore", str(older)])
    assert result.exit_code == 0, result.output


def test_a_duplicated_day_in_a_backup_is_refused_naming_the_row(tmp_path: Path) -> None:
    db = _runner(tmp_path / "w.db")
    document = api.export(str(db))
    document["tables"]["wellness_days"].append(dict(document["tables"]["wellness_days"][0]))
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document))
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "b.db"), "restore", str(bad)])
    assert result.exit_code == 1 and "tables.wellness_days[31].day" in result.stderr


def test_upsert_keeps_known_values_and_counts_changes(tmp_path: Path) -> None:
    db = open_database(str(tmp_path / "u.db"))
    with db.begin() as conn:
        wellness_store.upsert(conn, [WellnessDay(SPIKE_DAY, "apple_health", sleep_h=7.0, resting_hr=51.0)])
        counts = wellness_store.upsert(conn, [WellnessDay(SPIKE_DAY, "apple_health", resting_hr=52.0)])
        assert counts.to_dict() == {"new": 0, "changed": 1, "unchanged": 0}
        (day,) = wellness_store.list_days(conn)
    assert day.sleep_h == 7.0 and day.resting_hr == 52.0  # a value the new import lacks is kept


def test_json_api_today_and_report_show_the_context(tmp_path: Path) -> None:
    today = date.today()  # Today shows today's context: the spike is today's run
    db = _runner(tmp_path / "data" / "strideguard.db", today)
    with make_client(db) as client:
        body = client.get("/api/wellness", params={"date": today.isoformat(), "days": 3}).json()
        assert len(body["days"]) == 3 and body["spike"]["level"] == "high"
        assert client.get("/api/wellness", params={"days": 0}).status_code == 400
        page = client.get("/").text
    assert 'id="wellness"' in page and "Sleep and recovery" in page
    assert f"Before your 12.0 km run on {today.isoformat()}" in page
    assert 'href="/sources#dressendorfer-1985"' in page  # each note links its source
    report = api.report(str(db), today=today.isoformat())
    assert "Sleep and recovery" in report["html"]
    assert f"Before your 12.0 km run on {today.isoformat()}" in report["html"]
    assert "dressendorfer-1985" in report["html"]
