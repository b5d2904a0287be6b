"""`status` end to end: API and CLI (Typer CliRunner) over a real temporary database."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from strideguard import api
from strideguard.api.status import METRICS_VERSION
from strideguard.cli import app
from strideguard.store import activities as activity_store
from strideguard.store import metrics as metric_store
from strideguard.store import open_database

REQUIRED = {"session_spike", "acute_chronic_ratio", "weekly_change", "monotony", "shoe_mileage"}
pytestmark = pytest.mark.both_databases


def _invoke(db: Path | str, *args: str):
    return CliRunner().invoke(app, ["--db", str(db), *args])


@pytest.fixture()
def db(db_url: str) -> str:
    api.run_add(db_url, date="2026-01-01", distance_km=10.0, duration_min=60.0)
    api.run_add(db_url, date="2026-01-11", distance_km=25.0, duration_min=150.0)
    api.run_add(db_url, date="2026-01-12", distance_km=40.0, duration_min=240.0, sport="cycling")
    return db_url


def test_status_json_has_the_contract_fields(db: str) -> None:
    result = _invoke(db, "status", "--date", "2026-01-12", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["date"] == "2026-01-12"
    ids = {s["id"] for s in data["signals"]}
    assert REQUIRED <= ids
    spike = next(s for s in data["signals"] if s["id"] == "session_spike")
    # 25 km against the 10 km of 10 days before: 1.5 = 150 % longer; the cycling ride does not count.
    assert spike["value"] == pytest.approx(1.5) and spike["level"] == "high"
    assert set(spike) >= {"id", "value", "level", "detail", "source"}
    for sig in data["signals"]:
        assert sig["level"] in ("ok", "caution", "high", "unknown")
    rec = data["recommendation"]
    assert rec["disposition"] == "modify_training"
    assert rec["session"]["distance_km"] <= 25.0 * 1.10
    assert "session_spike" in rec["reasons"]


def test_status_day_window_excludes_later_runs(db: str) -> None:
    data = json.loads(_invoke(db, "status", "--date", "2026-01-10", "--json").stdout)
    spike = next(s for s in data["signals"] if s["id"] == "session_spike")
    assert spike["level"] == "unknown"  # only the 1 January run exists on or before 10 January


def test_latest_triage_rules_out_running(db: str) -> None:
    # a locking knee is a see-a-doctor finding (knee_locking rule)
    logged = api.symptom_log(str(db), {"date": "2026-01-12", "region": "knee", "locking": True})
    assert logged["triage"]["disposition"] == "see_doctor"
    data = api.status(str(db), "2026-01-12")
    assert data["recommendation"]["disposition"] == "see_doctor"
    assert data["recommendation"]["session"]["kind"] == "rest"
    assert data["recommendation"]["session"]["distance_km"] == 0
    before = api.status(str(db), "2026-01-11")  # the triage of 12 January is not yet known on the 11th
    assert before["recommendation"]["disposition"] != "see_doctor"


def test_weekly_change_is_the_contract_windows_after_a_first_run(tmp_path: Path) -> None:
    # CONTRACT.md: weekly_change compares D-6..D with D-13..D-7, unknown only when the earlier week is empty.
    # A first run of 5 km on D-8 and 7 km on D-1: 7 / 5 - 1 = 0.4, high (Nielsen 2014: above 30 %), even
    # though the earlier week began without running (users' scripts and acceptance checks rely on it).
    db = tmp_path / "first.db"
    for day, km in (("2026-03-02", 5.0), ("2026-03-09", 7.0)):
        assert _invoke(db, "run", "add", "--date", day, "--distance-km", str(km), "--duration-min", "40").exit_code == 0
    data = json.loads(_invoke(db, "status", "--date", "2026-03-10", "--json").stdout)
    weekly = next(s for s in data["signals"] if s["id"] == "weekly_change")
    assert weekly["value"] == pytest.approx(0.4) and weekly["level"] == "high"


def test_bad_date_is_refused_with_the_field_named(db: str) -> None:
    result = _invoke(db, "status", "--date", "2026-13-40")
    assert result.exit_code == 1
    assert "date" in result.output and "YYYY-MM-DD" in result.output
    assert "Traceback" not in result.output


def test_human_output_is_a_table(db: str) -> None:
    result = _invoke(db, "status", "--date", "2026-01-12")
    assert result.exit_code == 0
    assert "Status on 2026-01-12" in result.stdout and "session spike" in result.stdout
    assert "Next session" in result.stdout


def test_empty_database_says_unknown_not_ok(tmp_path: Path) -> None:
    data = json.loads(_invoke(tmp_path / "empty.db", "status", "--date", "2026-01-12", "--json").stdout)
    levels = {s["id"]: s["level"] for s in data["signals"]}
    assert all(level == "unknown" for level in levels.values()), levels
    # The session is the plan's next day: with no run in the last 28 days, the seed's base dose
    # (30 min) is started as walk-run, 2 min running / 1 min walking.
    session = data["recommendation"]["session"]
    assert (session["kind"], session["duration_min"], session["distance_km"], session["date"]) == (
        "walk_run",
        30,
        3.3,
        "2026-01-13",
    )
    assert any("No run in the last 28 days" in why for why in session["why"])


def test_terrain_and_form_metrics_are_cached(db_url: str) -> None:
    path = db_url
    api.demo(str(path), today=date(2026, 11, 25))
    first = api.status(str(path), "2026-11-25")
    database = open_database(str(path))
    with database.connect() as conn:
        recent = [r.id for r in activity_store.list_rows(conn, since=date(2026, 10, 25)) if r.sample_count]
        cached = metric_store.get_many(conn, recent, METRICS_VERSION)
    assert recent and set(cached) == set(recent)
    assert {"slope_share", "downhill_share", "cadence_spm"} <= set(next(iter(cached.values())))
    assert api.status(str(path), "2026-11-25") == first
    assert api.status(str(path), "2026-11-25", recompute=True) == first
    ids = {s["id"]: s for s in first["signals"]}
    assert ids["slope_share"]["level"] != "unknown" and ids["cadence"]["level"] != "unknown"
