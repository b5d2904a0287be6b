from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.cli.conftest import Invoke, json_of

pytestmark = pytest.mark.both_databases


def test_run_add_then_activities(cli: Invoke) -> None:
    cli("profile", "set", "--timezone", "Europe/Berlin")
    added = json_of(
        cli(
            "run",
            "add",
            "--date",
            "2026-07-01",
            "--time",
            "06:45",
            "--distance-km",
            "5.5",
            "--duration-min",
            "31.5",
            "--sport",
            "treadmill_running",
            "--notes",
            "gym",
            "--json",
        )
    )
    assert added["status"] == "imported"
    rows = json_of(cli("activities", "--json"))
    assert len(rows) == 1
    run = rows[0]
    # Berlin is on summer time (UTC+2) in July
    assert run["start_time"] == "2026-07-01T06:45:00+02:00"
    assert run["distance_m"] == 5500.0 and run["elapsed_s"] == 1890.0 and run["moving_s"] == 1890.0
    assert run["sport"] == "treadmill_running" and run["notes"] == "gym"
    assert run["avg_hr"] is None and run["ascent_m"] is None and run["avg_cadence_spm"] is None
    assert len(run["sha256"]) == 64


def test_the_same_run_twice_is_a_duplicate(cli: Invoke) -> None:
    args = ("run", "add", "--date", "2026-07-01", "--distance-km", "5", "--duration-min", "30", "--json")
    first = json_of(cli(*args))
    second = json_of(cli(*args))
    assert second == {"status": "duplicate", "activity_id": first["activity_id"]}
    assert len(json_of(cli("activities", "--json"))) == 1


def test_activities_since_until_filter_by_local_day(cli: Invoke) -> None:
    for day in ("2026-06-01", "2026-06-10", "2026-06-20"):
        cli("run", "add", "--date", day, "--distance-km", "5", "--duration-min", "30")
    rows = json_of(cli("activities", "--since", "2026-06-05", "--until", "2026-06-10", "--json"))
    assert [r["local_date"] for r in rows] == ["2026-06-10"]
    result = cli("activities", "--since", "2026-06-11", "--until", "2026-06-10")
    assert result.exit_code == 1 and "since" in result.stderr


def test_unknown_shoe_is_refused_and_nothing_stored(cli: Invoke) -> None:
    result = cli("run", "add", "--date", "2026-06-01", "--distance-km", "5", "--duration-min", "30", "--shoe", "Nope")
    assert result.exit_code == 1 and "shoe 'Nope' not found" in result.stderr
    assert json_of(cli("activities", "--json")) == []


def test_every_run_add_field_is_validated(cli: Invoke) -> None:
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    base = {"--date": "2026-06-01", "--distance-km": "5", "--duration-min": "30"}
    cases = [
        ({"--date": tomorrow}, "date: '" + tomorrow + "' is not allowed; the date is in the future"),
        ({"--date": "01/06/2026"}, "date: '01/06/2026' is not allowed; use a date as YYYY-MM-DD"),
        # pydantic read a numeric text as a timestamp: "0" was stored as a run on 1970-01-01
        ({"--date": "0"}, "date: '0' is not allowed; use a date as YYYY-MM-DD"),
        # the import's earliest start (knowledge/ingest.yaml dates.earliest), as for a file
        ({"--date": "1975-06-01"}, "date: '1975-06-01' is not allowed; a run before 1980-01-01 is not accepted"),
        ({"--distance-km": "-3"}, "distance_km: -3.0 is not allowed; use a number more than 0"),
        ({"--distance-km": "0"}, "distance_km: 0.0 is not allowed"),
        ({"--duration-min": "-1"}, "duration_min: -1.0 is not allowed"),
        ({"--distance-km": "42", "--duration-min": "60"}, "faster than the world record pace"),
        ({"--time": "7:61"}, "time: '7:61' is not allowed; use 24-hour HH:MM"),
        ({"--sport": "skiing"}, "sport: 'skiing' is not allowed; use one of running"),
    ]
    for change, message in cases:
        args = {**base, **change}
        flat = [x for kv in args.items() for x in kv]
        result = cli("run", "add", *flat)
        assert result.exit_code == 1, change
        assert message in result.stderr, (change, result.stderr)
        assert "Traceback" not in result.output
    assert json_of(cli("activities", "--json")) == []


def test_missing_required_option_is_a_usage_error(cli: Invoke) -> None:
    result = cli("run", "add", "--date", "2026-06-01", "--distance-km", "5")
    assert result.exit_code == 2
