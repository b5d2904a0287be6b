"""Garmin and Strava export extras: names, effort, feel, shoes and wellness, matched to the activity files."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from strideguard import api
from strideguard.cli import app
from strideguard.ingest import effort, garmin, strava
from strideguard.store import open_database
from strideguard.store import shoes as shoe_store
from strideguard.store import wellness as wellness_store
from tests.exportkit import (
    garmin_activity,
    garmin_files,
    strava_activities_csv,
    strava_date,
    strava_shoes_csv,
    utc,
)

from .conftest import gz, zip_bytes

FENIX_RUN = "python-fitparse/garmin-fenix-5-run.fit"  # starts 2017-06-11 14:34:09 UTC, 157.56 m
FENIX_WALK = "python-fitparse/garmin-fenix-5-walk.fit"  # starts 2017-06-11 14:32:51 UTC, 67.85 m
RUN_START = utc(2017, 6, 11, 14, 34, 9)
WALK_START = utc(2017, 6, 11, 14, 32, 51)


def _garmin_zip(test_files: Path, tmp_path: Path, **wellness: list[dict[str, object]]) -> Path:
    inner = zip_bytes(
        {
            "runner@example.com_111.fit": (test_files / FENIX_RUN).read_bytes(),
            "runner@example.com_222.fit": (test_files / FENIX_WALK).read_bytes(),
        }
    )
    activities = [
        garmin_activity(111, RUN_START, 0.15756, name="Canyon loop", workoutRpe=70, workoutFeel=75),
        garmin_activity(222, WALK_START, 0.06785, name="Walk to the trail", activityType="walking"),
        garmin_activity(333, utc(2017, 6, 20, 6, 0), 10.0, name="Not in this export"),
    ]
    gear = [
        {"gearPk": 9, "uuid": "a", "displayName": "Pegasus 40", "customMakeModel": "Nike Pegasus 40",
         "gearTypeName": "Shoes", "gearStatusName": "active", "dateBegin": "2017-01-01T00:00:00.0"},
        {"gearPk": 10, "uuid": "b", "displayName": "Road bike", "customMakeModel": "Canyon Endurace",
         "gearTypeName": "Bike", "gearStatusName": "active", "dateBegin": "2016-03-01T00:00:00.0"},
        {"gearPk": 11, "uuid": "c", "displayName": None, "customMakeModel": "Hoka Speedgoat 4",
         "gearTypeName": "Shoes", "gearStatusName": "retired", "dateBegin": "2016-01-01T00:00:00.0",
         "dateEnd": "2017-05-01T00:00:00.0"},
    ]  # fmt: skip
    members = garmin_files(activities, gear=gear, gear_links={"9": [111], "10": [222]}, **wellness)
    members["DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip"] = inner
    members["DI_CONNECT/DI-Connect-User/user_settings.json"] = b"{}"
    path = tmp_path / "garmin_export.zip"
    path.write_bytes(zip_bytes(members))
    return path


def _by_name(db: Path) -> dict[str, dict]:
    return {a["sport"]: a for a in api.activities(open_database(str(db)))}


def _shoes(db: Path) -> dict[str, dict]:
    database = open_database(str(db))
    with database.connect() as conn:
        return {s["name"]: s for s in shoe_store.list_with_mileage(conn)}


def test_scale_conversions_with_their_sources() -> None:
    assert effort.garmin(70) == 7.0 and effort.garmin(100) == 10.0  # RPE x 10 (FIT profile field 193)
    assert effort.garmin(150) is None and effort.garmin("70") is None
    assert [effort.garmin_feel(v) for v in (0, 25, 50, 75, 100)] == [1, 2, 3, 4, 5]
    assert effort.strava(6.0) == 6.0 and effort.strava(0) is None and effort.strava(11) is None
    assert effort.apple(9) == 9.0
    assert set(effort.SOURCES.values()) <= set(__import__("strideguard").knowledge.sources())


def test_garmin_export_names_effort_feel_shoes_and_wellness(tmp_path: Path, test_files: Path) -> None:
    sleep = [
        {"calendarDate": "2017-06-10", "deepSleepSeconds": 5400, "lightSleepSeconds": 14400,
         "remSleepSeconds": 5400, "awakeSleepSeconds": 1200},
        {"calendarDate": "2017-06-11", "deepSleepSeconds": 3600, "lightSleepSeconds": 10800, "awakeSleepSeconds": 600},
    ]  # fmt: skip
    daily = [{"calendarDate": "2017-06-11", "restingHeartRate": 48, "totalSteps": 9000}]
    health = [{"calendarDate": "2017-06-11", "metrics": [{"type": "HRV", "value": 61.0}, {"type": "HR", "value": 49}]}]
    export = _garmin_zip(test_files, tmp_path, sleep=sleep, daily=daily, health=health)
    db = tmp_path / "g.db"
    result = api.import_files(open_database(str(db)), [export], workers=1)
    assert result["imported"] == 2 and result["errors"] == 0
    kinds = {e["kind"]: e for e in result["exports"]}
    assert kinds["garmin_activities"]["activities"] == 3
    assert kinds["garmin_activities"]["matched"] == 2 and kinds["garmin_activities"]["unmatched"] == 1
    assert kinds["garmin_activities"]["filled"] == {"name": 2, "export_rpe": 1, "export_feel": 1, "shoe": 1}
    assert kinds["garmin_gear"]["shoes"] == 2  # the bike is not a pair of shoes
    assert result["skipped"] == 1  # user_settings.json
    run, walk = _by_name(db)["running"], _by_name(db)["walking"]
    assert run["name"] == "Canyon loop" and run["export_rpe"] == 7.0 and run["export_feel"] == 4
    assert walk["name"] == "Walk to the trail" and walk["export_rpe"] is None and walk["shoe_id"] is None
    shoes = _shoes(db)
    assert run["shoe_id"] == shoes["Pegasus 40"]["id"]
    assert shoes["Pegasus 40"]["brand"] == "Nike Pegasus 40" and shoes["Pegasus 40"]["started_on"] == "2017-01-01"
    assert shoes["Hoka Speedgoat 4"]["retired_on"] == "2017-05-01"
    with open_database(str(db)).connect() as conn:
        days = {d.day: d for d in wellness_store.list_days(conn)}
    # deep + light + REM: 1.5 + 4 + 1.5 h = 7 h; awake time is not sleep; a night without REM: 1 + 3 h
    assert days[date(2017, 6, 10)].sleep_h == 7.0 and days[date(2017, 6, 11)].sleep_h == 4.0
    assert days[date(2017, 6, 11)].resting_hr == 48 and days[date(2017, 6, 11)].hrv_rmssd_ms == 61.0
    assert result["wellness"] == {"new": 2, "changed": 0, "unchanged": 0}
    again = api.import_files(open_database(str(db)), [export], workers=1)
    assert again["imported"] == 0 and again["duplicates"] == 2
    again_kinds = {e["kind"]: e for e in again["exports"]}
    assert again_kinds["garmin_activities"]["filled"] == {"name": 0, "export_rpe": 0, "export_feel": 0, "shoe": 0}
    assert again["wellness"] == {"new": 0, "changed": 0, "unchanged": 2}


def _strava_zip(test_files: Path, tmp_path: Path, date_text: str | None = None, name: str = "strava.zip") -> Path:
    rows = [
        {
            "Activity ID": 111,
            "Activity Date": date_text or strava_date(RUN_START),
            "Activity Name": "Sunday\tlong   run",
            "Activity Type": "Run",
            "Elapsed Time": 56,
            "Distance": "0.16",
            "Distance_m": "157.6",
            "Activity Gear": "Pegasus 40",
            "Filename": "activities/111.fit.gz",
            "Perceived Exertion": "6.0",
        },
        {
            "Activity ID": 444,
            "Activity Date": strava_date(utc(2017, 6, 13, 6, 0)),
            "Activity Name": "Treadmill",
            "Activity Type": "Run",
            "Elapsed Time": 1800,
            "Distance": "5.0",
            "Distance_m": "5000.0",
        },
    ]
    path = tmp_path / name
    path.write_bytes(
        zip_bytes(
            {
                "activities.csv": strava_activities_csv(rows),
                "shoes.csv": strava_shoes_csv([("Pegasus 40", "Nike", "Pegasus 40"), ("", "Hoka", "Clifton 9")]),
                "activities/111.fit.gz": gz((test_files / FENIX_RUN).read_bytes()),
                "profile.csv": b"Athlete ID,Email\n1,x@example.com\n",
            }
        )
    )
    return path


def test_strava_csv_reads_the_date_the_name_the_effort_and_the_metre_distance() -> None:
    rows = strava.read_activities(
        strava_activities_csv(
            [{"Activity Date": "Jun 11, 2017, 2:34:09 PM", "Distance": "0.16", "Distance_m": "157.6",
              "Perceived Exertion": "6.0", "Activity Name": " Easy\x07 jog ", "Filename": "/activities/1.gpx"}]
        )
    )  # fmt: skip
    assert rows[0].start == utc(2017, 6, 11, 14, 34, 9)  # 2:34:09 PM is 14:34:09, UTC
    assert rows[0].distance_m == 157.6  # the second Distance column, in metres
    assert rows[0].export_rpe == 6.0 and rows[0].name == "Easy jog" and rows[0].file == "activities/1.gpx"


def test_strava_export_names_effort_gear_and_shoes(tmp_path: Path, test_files: Path) -> None:
    export = _strava_zip(test_files, tmp_path)
    db = tmp_path / "s.db"
    result = api.import_files(open_database(str(db)), [export], workers=1)
    assert result["imported"] == 1 and result["errors"] == 0 and "warnings" not in result
    assert result["files"][0]["shoe"] == "Pegasus 40"  # assigned as the file was stored
    entry = next(e for e in result["exports"] if e["kind"] == "strava_activities")
    assert entry["rows"] == 2 and entry["matched"] == 1 and entry["unmatched"] == 1  # the treadmill run has no file
    assert entry["filled"] == {"name": 1, "export_rpe": 1, "export_feel": 0, "shoe": 0}
    run = _by_name(db)["running"]
    assert run["name"] == "Sunday long run" and run["export_rpe"] == 6.0
    shoes = _shoes(db)
    assert set(shoes) == {"Pegasus 40", "Hoka Clifton 9"} and shoes["Hoka Clifton 9"]["brand"] == "Hoka"


def test_extras_never_overwrite_and_match_a_duplicate_by_start_time(tmp_path: Path, test_files: Path) -> None:
    db = tmp_path / "b.db"
    api.import_files(open_database(str(db)), [_garmin_zip(test_files, tmp_path)], workers=1)
    # the same run again from Strava, under another file name: a duplicate, matched by the import result
    strava_export = _strava_zip(test_files, tmp_path)
    result = api.import_files(open_database(str(db)), [strava_export], workers=1)
    assert result["imported"] == 0 and result["duplicates"] == 1
    entry = next(e for e in result["exports"] if e["kind"] == "strava_activities")
    assert entry["filled"] == {"name": 0, "export_rpe": 0, "export_feel": 0, "shoe": 0}
    run = _by_name(db)["running"]
    assert run["name"] == "Canyon loop" and run["export_rpe"] == 7.0  # Garmin's, stored first, kept


def test_a_csv_with_a_wrong_date_format_is_reported_and_nothing_of_it_used(tmp_path: Path, test_files: Path) -> None:
    export = _strava_zip(test_files, tmp_path, date_text="11.06.2017 14:34")
    db = tmp_path / "w.db"
    result = CliRunner().invoke(app, ["--db", str(db), "import", str(export), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["imported"] == 1 and doc["errors"] == 0
    assert doc["warnings"] == [
        {
            "path": f"{export}!activities.csv",
            "warning": f"{export}!activities.csv: names, effort and shoes not taken from it: Activity Date "
            "'11.06.2017 14:34' in row 2 is not a date strideguard reads (e.g. 'Jun 11, 2017, 2:34:09 PM', as an "
            "English-language Strava account exports it); the activities are imported",
        }
    ]
    run = _by_name(db)["running"]
    assert run["name"] is None and run["export_rpe"] is None and run["shoe_id"] is None
    assert "strava_activities" not in {e["kind"] for e in doc["exports"]}


def test_garmin_and_strava_readers_refuse_what_they_cannot_read() -> None:
    with pytest.raises(garmin.Unreadable, match="broken JSON"):
        garmin.read_summaries(b"[{")
    with pytest.raises(garmin.Unreadable, match="no 'gearDTOS'"):
        garmin.read_gear(b"[{}]")
    with pytest.raises(strava.Unreadable, match="no 'Shoe Name'"):
        strava.read_shoes(b"Name,Brand\nx,y\n")


def test_a_broken_wellness_file_is_a_warning_and_the_rest_is_read(tmp_path: Path, test_files: Path) -> None:
    export = _garmin_zip(test_files, tmp_path, daily=[{"calendarDate": "2017-06-11", "restingHeartRate": 50}])
    members = {
        "garmin_export.zip": export.read_bytes(),
        "DI_CONNECT/DI-Connect-Wellness/9_sleepData.json": b'[{"calendarDate": ',
    }
    outer = tmp_path / "outer.zip"
    outer.write_bytes(zip_bytes(members))
    result = api.import_files(open_database(str(tmp_path / "x.db")), [outer], workers=1)
    assert result["imported"] == 2 and result["wellness"] == {"new": 1, "changed": 0, "unchanged": 0}
    assert result["warnings"][0]["path"] == f"{outer}!DI_CONNECT/DI-Connect-Wellness/9_sleepData.json"
    assert "not read: broken JSON" in result["warnings"][0]["warning"]
