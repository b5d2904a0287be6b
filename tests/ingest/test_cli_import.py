"""`strideguard import` through Typer's runner against a temporary SQLite file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from strideguard.api.ingest import ImportProgress
from strideguard.cli import app
from strideguard.cli.ingest import PROGRESS_AFTER_S, _Bar
from strideguard.store import open_database
from strideguard.store import shoes as shoe_store

from .conftest import gz, zip_bytes

FENIX_RUN = "python-fitparse/garmin-fenix-5-run.fit"
BAD_CRC = "invalid/strideguard/garmin-fenix-5-run-bad-crc.fit"
# The same run of 2020-12-06 as a Nike GPX (GPS + HR) and a TCX (adds speed, cadence, laps).
SAME_RUN_GPX = "runpandas/gpx/c74b49c3-6505-4874-9ef1-9f9cbd149896.gpx"
SAME_RUN_TCX = "runpandas/tcx/2020-12-06T06_36_21-300_Running.tcx"


def _import(db: Path, *paths: Path | str) -> tuple[Result, dict[str, Any]]:
    result = CliRunner().invoke(app, ["--db", str(db), "import", *map(str, paths), "--json"])
    return result, json.loads(result.stdout)


def _activities(db: Path) -> list[dict[str, Any]]:
    result = CliRunner().invoke(app, ["--db", str(db), "activities", "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_json_shape_duplicates_and_a_bad_file_in_the_batch(tmp_path: Path, test_files: Path) -> None:
    db = tmp_path / "t.db"
    run = test_files / FENIX_RUN
    packed = tmp_path / "copy.fit.gz"
    packed.write_bytes(gz(run.read_bytes()))
    result, doc = _import(db, run, test_files / BAD_CRC, packed)
    assert result.exit_code == 1  # a file failed, after the good ones were imported
    assert set(doc) == {"imported", "duplicates", "errors", "files", "samples", "skipped"}
    assert (doc["imported"], doc["duplicates"], doc["errors"]) == (1, 1, 1)
    first, bad, dup = doc["files"]
    assert first == {"path": str(run), "status": "imported", "activity_id": first["activity_id"]}
    assert bad["path"] == str(test_files / BAD_CRC) and bad["status"] == "error"
    assert bad["error"].startswith(f"{test_files / BAD_CRC}: bad CRC")
    assert dup == {"path": str(packed), "status": "duplicate", "activity_id": first["activity_id"]}
    assert doc["samples"] == 21

    stored = _activities(db)
    assert len(stored) == 1  # nothing of the bad file
    assert stored[0]["source_file"] == str(run) and stored[0]["start_time"] == "2017-06-11T07:34:09-07:00"
    assert stored[0]["avg_cadence_spm"] == pytest.approx(167.34375)

    again, doc2 = _import(db, run)
    assert again.exit_code == 0 and doc2["files"] == [
        {"path": str(run), "status": "duplicate", "activity_id": first["activity_id"]}
    ]


def test_richer_file_of_the_same_run_replaces_the_poorer(tmp_path: Path, test_files: Path) -> None:
    db = tmp_path / "t.db"
    _, first = _import(db, test_files / SAME_RUN_GPX)
    old_id = first["files"][0]["activity_id"]
    result, doc = _import(db, test_files / SAME_RUN_TCX)
    assert result.exit_code == 0
    assert doc["files"][0] == {
        "path": str(test_files / SAME_RUN_TCX),
        "status": "duplicate",
        "activity_id": old_id,
        "replaced": True,
    }
    stored = _activities(db)
    assert len(stored) == 1 and stored[0]["id"] == old_id
    assert stored[0]["source_format"] == "tcx" and stored[0]["avg_cadence_spm"] is not None


def test_poorer_file_of_the_same_run_is_only_a_duplicate(tmp_path: Path, test_files: Path) -> None:
    db = tmp_path / "t.db"
    _import(db, test_files / SAME_RUN_TCX)
    _, doc = _import(db, test_files / SAME_RUN_GPX)
    assert doc["files"][0]["status"] == "duplicate" and "replaced" not in doc["files"][0]
    assert [a["source_format"] for a in _activities(db)] == ["tcx"]


def test_strava_export_gear_becomes_shoes(tmp_path: Path, test_files: Path) -> None:
    csv = (
        "Activity ID,Activity Date,Activity Name,Activity Type,Activity Gear,Filename\n"
        '1,"Jun 1, 2017, 7:00:00 AM",Run,Run,Pegasus 40,activities/1.fit.gz\n'
        '2,"Oct 13, 2015, 6:43:15 AM",Ride,Ride,Old Bike,activities/2.fit\n'
        '3,"Jun 2, 2017, 7:00:00 AM",Run,Run,,activities/3.gpx.gz\n'
    )
    export = tmp_path / "export_42.zip"
    export.write_bytes(
        zip_bytes(
            {
                "activities.csv": csv.encode(),
                "activities/1.fit.gz": gz((test_files / FENIX_RUN).read_bytes()),
                "activities/2.fit": (test_files / "python-fitparse/2015-10-13-08-43-15.fit").read_bytes(),
                "activities/3.gpx.gz": gz((test_files / "runpandas/gpx/run.gpx").read_bytes()),
            }
        )
    )
    result, doc = _import(db := tmp_path / "t.db", export)
    assert result.exit_code == 0, result.output
    assert [f["path"] for f in doc["files"]] == [f"{export}!activities/{n}" for n in ("1.fit.gz", "2.fit", "3.gpx.gz")]
    assert doc["files"][0]["shoe"] == "Pegasus 40"
    by_file = {a["source_file"].rsplit("/", 1)[1]: a for a in _activities(db)}
    database = open_database(str(db))
    with database.connect() as conn:
        shoes = {s["name"]: s for s in shoe_store.list_with_mileage(conn)}
    database.close()
    assert list(shoes) == ["Pegasus 40"]  # the bike gear is not a pair of shoes
    assert by_file["1.fit.gz"]["shoe_id"] == shoes["Pegasus 40"]["id"]
    assert by_file["2.fit"]["shoe_id"] is None and by_file["3.gpx.gz"]["shoe_id"] is None
    assert shoes["Pegasus 40"]["km"] == pytest.approx(157.56 / 1000, abs=0.0005)  # listed to the metre


def test_missing_path_and_human_output(tmp_path: Path, test_files: Path) -> None:
    result = CliRunner().invoke(
        app, ["--db", str(tmp_path / "t.db"), "import", str(tmp_path / "nope.fit"), str(test_files / FENIX_RUN)]
    )
    assert result.exit_code == 1
    assert "no such file or folder" in result.stdout
    assert "imported 1, duplicates 0, errors 1 (2 files)" in result.stdout


def test_progress_bar_waits_a_second() -> None:
    bar = _Bar()
    step = ImportProgress(1, 10, 100, 1000, 5, "a.fit", PROGRESS_AFTER_S / 2)
    bar(step)
    assert bar.started is False
    bar(ImportProgress(2, 10, 200, 1000, 9, "b.fit", PROGRESS_AFTER_S + 0.1))
    assert bar.started is True
    bar.close()


def test_files_without_local_time_take_the_profile_time_zone(tmp_path: Path, test_files: Path) -> None:
    db = tmp_path / "t.db"
    assert CliRunner().invoke(app, ["--db", str(db), "profile", "set", "--timezone", "America/Recife"]).exit_code == 0
    _import(db, test_files / "runpandas/gpx/stopped_example.gpx", test_files / FENIX_RUN)
    starts = sorted(a["start_time"] for a in _activities(db))
    # GPX time 2021-01-10T08:54:28Z shown in Recife (UTC-3); the FIT keeps its own offset (UTC-7)
    assert starts == ["2017-06-11T07:34:09-07:00", "2021-01-10T05:54:28-03:00"]
