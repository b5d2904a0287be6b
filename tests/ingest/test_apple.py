"""Apple Health export.xml: real samples (obsidian-running-log, apple-health-parser) and generated exports."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from strideguard import api
from strideguard.cli import app
from strideguard.store import open_database
from strideguard.store import samples as sample_store
from strideguard.store import wellness as wellness_store
from tests.exportkit import (
    AppleWorkout,
    apple_export_xml,
    apple_record,
    apple_route_gpx,
    track,
    utc,
    zone,
)

from .conftest import zip_bytes

OBSIDIAN = "obsidian-running-log/export.xml"
MILE_M = 1609.344  # international mile (the unit Apple writes "mi")
HR = "HKQuantityTypeIdentifierHeartRate"
RHR = "HKQuantityTypeIdentifierRestingHeartRate"
HRV = "HKQuantityTypeIdentifierHeartRateVariabilitySDNN"
SLEEP = "HKCategoryTypeIdentifierSleepAnalysis"


def _import(db: Path, *paths: Path) -> dict:
    return api.import_files(open_database(str(db)), list(paths), workers=1)


def _activities(db: Path) -> list[dict]:
    return api.activities(open_database(str(db)))


def test_real_sample_old_and_new_forms_treadmill_duplicate_and_walk(tmp_path: Path, test_files: Path) -> None:
    db = tmp_path / "a.db"
    source = test_files / OBSIDIAN
    result = _import(db, source)
    assert [(f["path"].split("#")[1], f["status"]) for f in result["files"]] == [
        ("2026-01-10T07:03:12-07:00", "imported"),
        ("2026-01-17T06:30:00-07:00", "imported"),
        ("2026-01-24T19:00:00-07:00", "imported"),
        ("2026-01-10T07:03:12-07:00", "duplicate"),  # case 4 repeats case 1 in the file: stored once
        ("2026-01-15T08:00:00-07:00", "imported"),
    ]
    assert result["exports"] == [
        {
            "path": str(source),
            "kind": "apple_health",
            "workouts": 5,
            "other_workouts": 0,
            "routes": 0,
            "routes_missing": 0,
            "wellness_days": 0,
        }
    ]
    by_start = {a["start_time"]: a for a in _activities(db)}
    old = by_start["2026-01-10T07:03:12-07:00"]  # attribute form: 5.02 mi, 32.4 min, 410 Cal
    assert old["sport"] == "running" and old["source_format"] == "apple_health"
    assert old["distance_m"] == pytest.approx(5.02 * MILE_M)  # 8078.907 m
    assert old["moving_s"] == pytest.approx(32.4 * 60) and old["elapsed_s"] == pytest.approx(1944.0)
    assert old["energy_kcal"] == 410.0
    assert old["avg_hr"] == 72.0  # the one heart-rate record at 07:10 inside it
    new = by_start["2026-01-17T06:30:00-07:00"]  # WorkoutStatistics form: 8.05 km, 550 Cal
    assert new["distance_m"] == pytest.approx(8050.0) and new["energy_kcal"] == 550.0
    assert new["moving_s"] == pytest.approx(2700.0) and new["avg_hr"] is None
    treadmill = by_start["2026-01-24T19:00:00-07:00"]  # HKIndoorWorkout = 1
    assert treadmill["sport"] == "treadmill_running" and treadmill["distance_m"] == pytest.approx(4 * MILE_M)
    assert by_start["2026-01-15T08:00:00-07:00"]["sport"] == "walking"
    again = _import(db, source)
    assert again["imported"] == 0 and again["duplicates"] == 5 and again["errors"] == 0


def test_real_zip_with_sleep_records_and_mac_resource_forks(tmp_path: Path, test_files: Path) -> None:
    db = tmp_path / "a.db"
    result = _import(db, test_files / "apple-health-parser/export.zip")
    assert result["files"] == [] and result["errors"] == 0
    # .DS_Store and the __MACOSX/._* AppleDouble copies are not documents
    assert result["skipped"] == 3
    assert result["wellness"] == {"new": 1, "changed": 0, "unchanged": 0}
    with open_database(str(db)).connect() as conn:
        days = wellness_store.list_days(conn)
    # AsleepCore 03:27:53-03:40:23 is 12 min 30 s = 0.2083 h; the InBed record is not sleep
    assert [(d.day, d.source, d.sleep_h) for d in days] == [
        (date(2024, 1, 1), "apple_health", pytest.approx(0.2083, abs=1e-3))
    ]


BERLIN_WINTER = zone(1)


def _generated_export() -> tuple[dict[str, bytes], datetime]:
    """An export.zip's members: a run with a route and heart rate, a walk (old form), a ride, 30 days of wellness."""
    run_start = datetime(2024, 1, 15, 7, 0, tzinfo=BERLIN_WINTER)
    points = track(run_start, 361, step_s=5.0, speed=3.0)  # 30 min at 3 m/s: 5.4 km by GPS
    records: list[str] = []
    for i in range(0, 181):  # a heart-rate record every 10 s during the run: 140..158 bpm
        t = run_start + timedelta(seconds=10 * i)
        records.append(apple_record(HR, t, None, str(140 + i % 19), "count/min"))
    records.append(apple_record(HR, run_start - timedelta(hours=2), None, "61", "count/min"))  # before: not in it
    for d in range(30):  # 2023-12-17 .. 2024-01-15
        day = datetime(2023, 12, 17, 8, 0, tzinfo=BERLIN_WINTER) + timedelta(days=d)
        rhr = 59 if d >= 27 else 52
        records.append(apple_record(RHR, day, day, str(rhr), "count/min"))
        records.append(apple_record(HRV, day, day, f"{48.0 + (d % 3):.1f}", "ms"))
    night_end = datetime(2024, 1, 15, 6, 30, tzinfo=BERLIN_WINTER)
    watch = [
        ("HKCategoryValueSleepAnalysisInBed", -465, 15),  # 22:45 .. 06:45: in bed, not asleep
        ("HKCategoryValueSleepAnalysisAsleepCore", -450, -210),  # 23:00 .. 03:00
        ("HKCategoryValueSleepAnalysisAsleepDeep", -210, -150),  # 03:00 .. 04:00
        ("HKCategoryValueSleepAnalysisAwake", -150, -140),  # 04:00 .. 04:10 awake
        ("HKCategoryValueSleepAnalysisAsleepREM", -140, 0),  # 04:10 .. 06:30
        ("HKCategoryValueSleepAnalysisAsleepUnspecified", -420, -30),  # the phone: 23:30 .. 06:00, inside the watch's
    ]
    for value, a, b in watch:
        records.append(apple_record(SLEEP, night_end + timedelta(minutes=a), night_end + timedelta(minutes=b), value))
    records.append(
        apple_record("HKQuantityTypeIdentifierWorkoutEffortScore", run_start, run_start + timedelta(minutes=30), "7")
    )
    workouts = [
        AppleWorkout(
            run_start,
            30.0,
            km=5.4,
            kcal=412.5,
            avg_hr=150,
            max_hr=172,
            steps=5100,
            route="route_2024-01-15_7.00am.gpx",
            zone="Europe/Berlin",
            ascent_cm=4500,
        ),
        AppleWorkout(
            datetime(2024, 1, 13, 12, 0, tzinfo=BERLIN_WINTER),
            50.0,
            kind="HKWorkoutActivityTypeWalking",
            km=4.2,
            kcal=180,
            new_form=False,
        ),
        AppleWorkout(
            datetime(2024, 1, 14, 9, 0, tzinfo=BERLIN_WINTER), 60.0, kind="HKWorkoutActivityTypeCycling", km=25
        ),
    ]
    exported = datetime(2024, 1, 16, 9, 0, tzinfo=BERLIN_WINTER)
    members = {
        "apple_health_export/export.xml": apple_export_xml(records, workouts, exported),
        "apple_health_export/export_cda.xml": b'<?xml version="1.0"?><ClinicalDocument/>',
        "apple_health_export/workout-routes/route_2024-01-15_7.00am.gpx": apple_route_gpx(points, exported),
    }
    return members, run_start


def test_generated_export_run_with_route_heart_rate_effort_and_wellness(tmp_path: Path) -> None:
    members, run_start = _generated_export()
    export = tmp_path / "export.zip"
    export.write_bytes(zip_bytes(members))
    db = tmp_path / "a.db"
    result = _import(db, export)
    assert result["errors"] == 0 and result["imported"] == 2
    entry = result["exports"][0]
    assert entry == {
        "path": f"{export}!apple_health_export/export.xml",
        "kind": "apple_health",
        "workouts": 2,
        "other_workouts": 1,  # the ride
        "routes": 1,
        "routes_missing": 0,
        "wellness_days": 30,
    }
    run = next(a for a in _activities(db) if a["sport"] == "running")
    # HKTimeZone Europe/Berlin: local time +01:00 in January, stated by the file
    assert run["start_time"] == "2024-01-15T07:00:00+01:00"
    assert run["distance_m"] == pytest.approx(5400.0)  # the statistic wins over the route's length
    assert run["moving_s"] == pytest.approx(1800.0) and run["elapsed_s"] == pytest.approx(1800.0)
    assert run["avg_hr"] == 150 and run["max_hr"] == 172  # stated statistics
    assert run["avg_cadence_spm"] == pytest.approx(5100 / 30)  # 170 steps a minute from the step count
    assert run["ascent_m"] == pytest.approx(45.0)  # HKElevationAscended 4500 cm
    assert run["energy_kcal"] == pytest.approx(412.5) and run["export_rpe"] == 7.0
    with open_database(str(db)).connect() as conn:
        samples = sample_store.load(conn, run["id"])
    # 361 route points every 5 s; heart-rate records every 10 s fall on every other point
    assert len(samples["time_s"]) == 361
    assert samples["heart_rate"][0] == 140 and samples["heart_rate"][2] == 141
    assert samples["lat"][0] == pytest.approx(52.5)
    assert int((~(samples["heart_rate"] != samples["heart_rate"])).sum()) == 181  # non-NaN heart rates
    walk = next(a for a in _activities(db) if a["sport"] == "walking")
    assert walk["distance_m"] == pytest.approx(4200.0) and walk["energy_kcal"] == 180  # attribute form
    with open_database(str(db)).connect() as conn:
        days = {d.day: d for d in wellness_store.list_days(conn)}
    night = days[date(2024, 1, 15)]
    # the watch's stages 23:00-04:00 and 04:10-06:30: 5 h + 2 h 20 min (the phone's 23:30-06:00 is not added)
    assert night.sleep_h == pytest.approx(7 + 20 / 60, abs=1e-3)
    assert night.resting_hr == 59 and days[date(2023, 12, 17)].resting_hr == 52
    assert days[date(2023, 12, 17)].hrv_sdnn_ms == pytest.approx(48.0)
    again = _import(db, export)
    assert again["imported"] == 0 and again["duplicates"] == 2
    assert again["wellness"] == {"new": 0, "changed": 0, "unchanged": 30}


def test_the_wellness_command_says_resting_heart_rate_rose(tmp_path: Path) -> None:
    members, _ = _generated_export()
    export = tmp_path / "export.zip"
    export.write_bytes(zip_bytes(members))
    db = tmp_path / "a.db"
    _import(db, export)
    result = CliRunner().invoke(app, ["--db", str(db), "wellness", "--date", "2024-01-15", "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    # last 3 days 59 bpm against 52 bpm over the 27 days before: +7 bpm >= 5 (Dressendorfer 1985)
    assert [n["id"] for n in doc["notes"]] == ["resting_hr_up"]
    note = doc["notes"][0]
    assert note["recent"] == 59 and note["baseline"] == 52 and note["source"] == "dressendorfer-1985"
    assert "7 bpm above your usual 52 bpm" in note["text"]
    assert doc["latest"]["sleep_h"]["value"] == pytest.approx(7.33, abs=0.01)
    assert doc["hrv_kind"] == "sdnn" and "dressendorfer-1985" in doc["sources"]
    human = CliRunner().invoke(app, ["--db", str(db), "wellness", "--date", "2024-01-15"])
    assert human.exit_code == 0 and "Resting heart rate 59 bpm" in human.stdout


def test_a_truncated_export_is_refused_whole_and_the_rest_imported(tmp_path: Path, test_files: Path) -> None:
    members, _ = _generated_export()
    xml = members["apple_health_export/export.xml"]
    cut = xml[: xml.index(b"<Workout") + 200]  # inside the first workout: the export was interrupted
    (tmp_path / "apple_health_export").mkdir()
    (tmp_path / "apple_health_export/export.xml").write_bytes(cut)
    fit = test_files / "python-fitparse/garmin-fenix-5-run.fit"
    db = tmp_path / "a.db"
    result = _import(db, tmp_path / "apple_health_export", fit)
    assert result["imported"] == 1 and result["errors"] == 1
    error = next(f for f in result["files"] if f["status"] == "error")
    assert error["path"] == str(tmp_path / "apple_health_export/export.xml")
    assert "the file ends early at line" in error["error"] and "export the data again" in error["error"]
    assert [a["source_format"] for a in _activities(db)] == ["fit"]  # nothing of the cut file stored
    with open_database(str(db)).connect() as conn:
        assert wellness_store.list_days(conn) == []  # not its wellness either


def test_broken_xml_and_a_file_that_is_not_an_export(tmp_path: Path) -> None:
    broken = tmp_path / "export.xml"
    broken.write_bytes(b'<?xml version="1.0"?>\n<HealthData locale="en">\n<Record type="x" value=</HealthData>\n')
    result = _import(tmp_path / "a.db", broken)
    assert result["errors"] == 1 and "broken XML at line 3" in result["files"][0]["error"]


def test_a_missing_route_file_is_counted_and_the_run_imported(tmp_path: Path) -> None:
    members, _ = _generated_export()
    del members["apple_health_export/workout-routes/route_2024-01-15_7.00am.gpx"]
    export = tmp_path / "export.zip"
    export.write_bytes(zip_bytes(members))
    result = _import(tmp_path / "a.db", export)
    assert result["imported"] == 2 and result["exports"][0]["routes_missing"] == 1
    run = next(a for a in _activities(tmp_path / "a.db") if a["sport"] == "running")
    assert run["distance_m"] == pytest.approx(5400.0) and run["avg_hr"] == 150


def test_the_unpacked_folder_imports_like_the_zip(tmp_path: Path) -> None:
    members, _ = _generated_export()
    for name, data in members.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    result = _import(tmp_path / "a.db", tmp_path / "apple_health_export")
    assert result["imported"] == 2 and result["exports"][0]["routes"] == 1
    assert utc(2024, 1, 15, 6).isoformat() == "2024-01-15T06:00:00+00:00"  # the run started 06:00 UTC


def test_progress_counts_the_export_documents(tmp_path: Path, test_files: Path) -> None:
    members, _ = _generated_export()
    export = tmp_path / "export.zip"
    export.write_bytes(zip_bytes(members))
    fit = test_files / "python-fitparse/garmin-fenix-5-run.fit"
    events: list = []
    api.import_files(open_database(str(tmp_path / "p.db")), [fit, export], progress=events.append, workers=1)
    assert [e.files_total for e in events] == [2] * len(events)  # the FIT file and export.xml
    assert events[0].current == str(fit) and events[0].files_done == 1
    last = events[-1]
    assert last.current == f"{export}!apple_health_export/export.xml" and last.files_done == 2
    assert last.bytes_done == last.bytes_total == fit.stat().st_size + len(members["apple_health_export/export.xml"])
