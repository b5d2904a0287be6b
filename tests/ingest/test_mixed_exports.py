"""One archive holding every kind of export, archives within archives: one command imports it all, once."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from typer.testing import CliRunner

from strideguard.cli import app
from tests.exportkit import (
    SamsungSession,
    garmin_activity,
    garmin_files,
    polar_session,
    samsung_export,
    strava_activities_csv,
    strava_date,
    utc,
)

from .conftest import gz, zip_bytes
from .test_apple import _generated_export

SAME_RUN_GPX = "runpandas/gpx/c74b49c3-6505-4874-9ef1-9f9cbd149896.gpx"  # Nike Run Club, 1,072 points
SAME_RUN_TCX = "runpandas/tcx/2020-12-06T06_36_21-300_Running.tcx"  # the same run, 1,747 points, cadence
FENIX_RUN = "python-fitparse/garmin-fenix-5-run.fit"


def _mixed(test_files: Path) -> bytes:
    apple_members, _ = _generated_export()
    garmin_inner = zip_bytes(
        {
            "runner@example.com_111.fit": (test_files / FENIX_RUN).read_bytes(),
            "runner@example.com_555.tcx": (test_files / SAME_RUN_TCX).read_bytes(),
        }
    )
    garmin = garmin_files(
        [garmin_activity(111, utc(2017, 6, 11, 14, 34, 9), 0.15756, name="Canyon loop", workoutRpe=50)],
        daily=[{"calendarDate": "2017-06-11", "restingHeartRate": 47}],
    )
    garmin["DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip"] = garmin_inner
    strava = {
        "activities.csv": strava_activities_csv(
            [
                {
                    "Activity ID": 9,
                    "Activity Date": strava_date(utc(2020, 12, 6, 9, 36, 28)),
                    "Activity Name": "Sunday 12k",
                    "Activity Type": "Run",
                    "Perceived Exertion": "5",
                    "Filename": "activities/9.gpx.gz",
                    "Distance": "12.16",
                    "Distance_m": "12158.0",
                }
            ]
        ),
        "activities/9.gpx.gz": gz((test_files / SAME_RUN_GPX).read_bytes()),
    }
    samsung = samsung_export([SamsungSession("c0ffee", utc(2024, 2, 1, 22, 0), 25.0, distance_m=4100.0)])
    members: dict[str, bytes] = {
        "garmin/garmin_export.zip": zip_bytes(garmin),
        "strava/export_123.zip": zip_bytes(strava),
        "apple/export.zip": zip_bytes(apple_members),
        "polar/training-session-2024-05-01-1-a.json": polar_session(
            datetime(2024, 5, 1, 7, 0), 10.0, hr=[140.0] * 600, distance_m=1800.0
        ),
        "README.txt": b"my exports",
    }
    members.update({f"samsung/{k}": v for k, v in samsung.items()})
    return zip_bytes(members)


def test_every_export_in_one_archive_is_imported_once(tmp_path: Path, test_files: Path) -> None:
    archive = tmp_path / "all-my-exports.zip"
    archive.write_bytes(_mixed(test_files))
    db = str(tmp_path / "m.db")
    first = CliRunner().invoke(app, ["--db", db, "import", str(archive), "--json"])
    assert first.exit_code == 0, first.output
    doc = json.loads(first.stdout)
    statuses = {f["path"].removeprefix(f"{archive}!"): f["status"] for f in doc["files"]}
    # Garmin FIT + TCX, Strava GPX (the TCX's run: a duplicate, whichever came first), Polar, Samsung, Apple run + walk
    assert doc["errors"] == 0 and doc["imported"] == 6 and doc["duplicates"] == 1, statuses
    assert statuses["strava/export_123.zip!activities/9.gpx.gz"] == "duplicate"
    kinds = sorted(e["kind"] for e in doc["exports"])
    assert kinds == ["apple_health", "garmin_activities", "garmin_daily", "samsung_exercise", "strava_activities"]
    # README.txt, the Samsung weight table and Apple's export_cda.xml are not read; every other file is in
    # files or exports (the Apple route is read with its workout)
    assert doc["skipped"] == 3
    assert doc["wellness"]["new"] == 31  # 30 Apple days, 1 Garmin day
    activities = json.loads(CliRunner().invoke(app, ["--db", db, "activities", "--json"]).stdout)
    assert len(activities) == 6
    same = [a for a in activities if a["start_time"].startswith("2020-12-06")]
    assert len(same) == 1 and same[0]["source_format"] == "tcx"  # the richer copy kept
    assert same[0]["name"] == "Sunday 12k" and same[0]["export_rpe"] == 5.0  # Strava's extras, by start time
    fenix = next(a for a in activities if a["start_time"].startswith("2017-06-11"))
    assert fenix["name"] == "Canyon loop" and fenix["export_rpe"] == 5.0
    formats = sorted(a["source_format"] for a in activities)
    assert formats == ["apple_health", "apple_health", "fit", "polar", "samsung_health", "tcx"]

    again = CliRunner().invoke(app, ["--db", db, "import", str(archive), "--json"])
    assert again.exit_code == 0, again.output
    doc2 = json.loads(again.stdout)
    assert doc2["imported"] == 0 and doc2["errors"] == 0 and doc2["duplicates"] == 7
    assert all(f["status"] == "duplicate" and "replaced" not in f for f in doc2["files"])
    assert doc2["wellness"] == {"new": 0, "changed": 0, "unchanged": 31}
