"""Polar Flow training sessions (with Polar's literal NaN) and Samsung Health exercise exports (generated layouts)."""

from __future__ import annotations

import math
from datetime import datetime
from pathlib import Path

import pytest

from strideguard import api
from strideguard.errors import ImportFailed
from strideguard.ingest import detect, polar
from strideguard.store import open_database
from strideguard.store import samples as sample_store
from tests.exportkit import SAMSUNG_FOLDER, SamsungSession, polar_session, samsung_export, utc

from .conftest import zip_bytes

START = datetime(2024, 5, 1, 7, 0)  # Polar's local wall-clock time; timeZoneOffset 120 min


def _route(n: int) -> list[tuple[float, float]]:
    """``n`` points due north, 3 m apart (0.000027 degrees of latitude is 3.0 m)."""
    return [(60.17 + i * 0.000027, 24.94) for i in range(n)]


def test_polar_session_with_route_heart_rate_and_nan(tmp_path: Path) -> None:
    hr = [130.0 + (i % 10) for i in range(600)]
    hr[5] = None  # a dropout Polar writes as NaN
    data = polar_session(START, 10.0, hr=hr, route=_route(600), distance_m=1800.0)
    assert b'"value": NaN' in data and b'"ascent": NaN' in data
    parsed = polar.read(data, "training-session-2024-05-01-123-abc.json")
    assert detect.sniff(data, "x.json") == "polar"
    assert parsed.source_format == "polar" and parsed.sport == "running"
    assert parsed.start_time.isoformat() == "2024-05-01T07:00:00+02:00" and parsed.tz_known
    assert parsed.distance_m == 1800.0  # stated
    assert parsed.elapsed_s == 600.0  # "PT600.000S"
    assert parsed.energy_kcal == 610
    assert parsed.sample_count == 600
    assert math.isnan(parsed.samples["heart_rate"][5])  # NaN stays unknown
    assert parsed.ascent_m == 0.0  # NaN ascent: computed from the flat route instead
    assert parsed.avg_hr == pytest.approx(134.5, abs=0.5)  # the stated average: round(mean(130..139)) = 134 or 135


def test_polar_nan_duration_comes_from_the_start_and_stop_times() -> None:
    data = polar_session(START, 30.0, nan_duration=True, distance_m=None)
    parsed = polar.read(data, "training-session-x.json")
    assert parsed.elapsed_s == 1800.0 and parsed.distance_m is None  # 07:00 to 07:30; NaN distance unknown


def test_polar_nan_duration_without_stop_time_or_samples_is_refused_with_the_reason() -> None:
    data = polar_session(START, 30.0, nan_duration=True, distance_m=None, stop_time=False)
    with pytest.raises(ImportFailed, match=r"duration is not a number \(NaN\) and it has no samples"):
        polar.read(data, "training-session-bad.json")


def test_polar_broken_json_and_no_exercises() -> None:
    with pytest.raises(ImportFailed, match="broken JSON at line 1"):
        polar.read(b'{"exercises": [', "training-session-x.json")
    with pytest.raises(ImportFailed, match="without exercises"):
        polar.read(b'{"exportVersion": "1.6", "exercises": []}', "training-session-x.json")


def test_polar_folder_import_reports_the_bad_file_by_name(tmp_path: Path) -> None:
    folder = tmp_path / "polar-user-data-export"
    folder.mkdir()
    good = folder / "training-session-2024-05-01-1-a.json"
    good.write_bytes(polar_session(START, 10.0, hr=[140.0] * 600, route=_route(600), distance_m=1800.0))
    bad = folder / "training-session-2024-05-02-2-b.json"
    bad.write_bytes(
        polar_session(datetime(2024, 5, 2, 7, 0), 30.0, nan_duration=True, distance_m=None, stop_time=False)
    )
    (folder / "account-data-x.json").write_bytes(b'{"username": "x"}')
    db = tmp_path / "p.db"
    result = api.import_files(open_database(str(db)), [folder], workers=1)
    assert result["imported"] == 1 and result["errors"] == 1 and result["skipped"] == 1
    error = next(f for f in result["files"] if f["status"] == "error")
    assert error["path"] == str(bad) and "NaN" in error["error"]
    again = api.import_files(open_database(str(db)), [folder], workers=1)
    assert again["imported"] == 0 and again["duplicates"] == 1 and again["errors"] == 1


def _samsung_sessions() -> list[SamsungSession]:
    start = utc(2024, 1, 10, 22, 0)  # 07:00 on the 11th in UTC+0900
    live = [
        {
            "start_time": int(start.timestamp() * 1000) + i * 10_000,
            "heart_rate": 140.0 + i % 5,
            "speed": 2.5,
            "distance": 25.0 * i,
            "cadence": 168.0,
        }
        for i in range(181)
    ]  # 30 min, a value every 10 s; cumulative distance 25 m per 10 s
    location = [
        {
            "start_time": int(start.timestamp() * 1000) + i * 10_000,
            "latitude": 37.5 + i * 0.000225,
            "longitude": 127.0,
            "altitude": 30.0,
        }
        for i in range(181)
    ]  # 0.000225 degrees of latitude is 25 m
    return [
        SamsungSession("a1b2c3", start, 30.0, distance_m=4500.0, live=live, location=location),
        SamsungSession("d4e5f6", utc(2024, 1, 12, 9, 0), 45.0, type_code=1001, distance_m=3600.0),
        SamsungSession("f7a8b9", utc(2024, 1, 13, 9, 0), 40.0, type_code=14001, distance_m=1500.0),  # a swim
    ]


def test_samsung_export_folder_sessions_with_sample_streams(tmp_path: Path) -> None:
    for name, data in samsung_export(_samsung_sessions()).items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    db = tmp_path / "s.db"
    result = api.import_files(open_database(str(db)), [tmp_path / SAMSUNG_FOLDER], workers=1)
    assert result["errors"] == 0 and result["imported"] == 2
    assert result["exports"][0]["kind"] == "samsung_exercise"
    assert result["exports"][0]["sessions"] == 3 and result["exports"][0]["other_sessions"] == 1
    stored = api.activities(open_database(str(db)))
    run, walk = stored
    assert run["sport"] == "running" and run["start_time"] == "2024-01-11T07:00:00+09:00"
    assert run["distance_m"] == 4500.0 and run["elapsed_s"] == 1800.0 and run["avg_hr"] == 148.0
    assert run["source_format"] == "samsung_health" and run["energy_kcal"] == pytest.approx(380.2)
    with open_database(str(db)).connect() as conn:
        samples = sample_store.load(conn, run["id"])
    assert len(samples["time_s"]) == 181 and samples["time_s"][-1] == 1800.0
    assert samples["heart_rate"][3] == 143.0 and samples["cadence_spm"][0] == 168.0
    assert samples["lat"][4] == pytest.approx(37.5 + 4 * 0.000225)
    assert walk["sport"] == "walking" and walk["distance_m"] == 3600.0  # no blobs: the summary only
    again = api.import_files(open_database(str(db)), [tmp_path / SAMSUNG_FOLDER], workers=1)
    assert again["imported"] == 0 and again["duplicates"] == 2


def test_samsung_csv_with_a_bad_date_is_refused_naming_the_row(tmp_path: Path) -> None:
    files = samsung_export(_samsung_sessions()[1:2])
    name = next(n for n in files if n.endswith(".csv") and "exercise" in n)
    files[name] = files[name].replace(b"2024-01-12 09:00:00.000", b"12/01/2024 09:00")
    export = tmp_path / "samsung.zip"
    export.write_bytes(zip_bytes(files))
    result = api.import_files(open_database(str(tmp_path / "s.db")), [export], workers=1)
    assert result["errors"] == 1 and result["imported"] == 0
    assert "row 3: start_time '12/01/2024 09:00' is not a date" in result["files"][0]["error"]
