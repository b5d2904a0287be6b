"""`plan` and `shoes` through the real CLI (Typer's CliRunner) on a demo database."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from strideguard import api
from strideguard.api.plan import plan_inputs
from strideguard.cli import app
from strideguard.load.series import to_day
from strideguard.plan.model import History

from .helpers import cap_breaches

DEMO_DAY = date(2026, 11, 25)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    api.demo(str(path), today=DEMO_DAY)
    return path


def run(db: Path, *args: str) -> object:
    return CliRunner().invoke(app, ["--db", str(db), *args])


def test_plan_json_on_the_demo_runner(demo_db: Path) -> None:
    result = run(demo_db, "plan", "--date", DEMO_DAY.isoformat(), "--days", "10", "--json")
    assert result.exit_code == 0, result.output
    plan = json.loads(result.stdout)
    assert plan["start"] == "2026-11-26" and len(plan["days"]) == 10
    assert set(plan) >= {"start", "disposition", "days", "notes"}
    assert {"knee", "ankle"} <= set(plan["risks"])  # profile knee problem, ankle sprain report
    for day in plan["days"]:
        assert set(day["session"]) >= {"kind", "duration_min", "distance_km", "intensity", "why"}


@pytest.mark.parametrize("day", ["2026-10-01", "2026-11-10", "2026-11-25"])
def test_api_plan_never_breaks_a_cap_on_the_demo_history(demo_db: Path, day: str) -> None:
    got = plan_inputs(str(demo_db), days=21, today=day)
    plan = api.plan(str(demo_db), days=21, today=day)
    assert cap_breaches(got.history, plan) == []
    if plan["disposition"] in ("stop_and_rest", "see_doctor", "emergency"):
        assert all(d["session"]["distance_km"] == 0 for d in plan["days"])


def test_plan_text_output_shows_sources(demo_db: Path) -> None:
    result = run(demo_db, "plan", "--date", DEMO_DAY.isoformat())
    assert result.exit_code == 0, result.output
    text = result.stdout.replace("\u2060", "")  # the invisible joiner that keeps "[" from being read as markup
    assert "[seed-article]" in text and "Cramp first aid" in text
    assert "not a diagnosis" in " ".join(result.stdout.split())


def test_plan_ics_writes_a_calendar(demo_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "plan.ics"
    result = run(demo_db, "plan", "--date", DEMO_DAY.isoformat(), "--days", "5", "--ics", str(target), "--json")
    assert result.exit_code == 0, result.output
    json.loads(result.stdout)  # stdout stays one JSON document
    text = target.read_bytes().decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.count("BEGIN:VEVENT") == 5


def test_plan_bad_input_exits_1_naming_the_field(demo_db: Path, tmp_path: Path) -> None:
    for args, field in (
        (["--days", "0"], "days"),
        (["--date", "2026-13-01"], "date"),
        (["--ics", str(tmp_path / "missing" / "x.ics")], "--ics"),
    ):
        result = run(demo_db, "plan", *args)
        assert result.exit_code == 1, (args, result.output)
        assert field in result.output and "Traceback" not in result.output


def test_shoes_add_list_assign_retire_default(tmp_path: Path) -> None:
    db = tmp_path / "shoes.db"
    added = json.loads(run(db, "shoes", "add", "Road pair", "--initial-km", "495", "--default", "--json").stdout)
    assert added["is_default"] and added["level"] == "ok" and added["km"] == 495
    r = run(db, "run", "add", "--date", "2026-11-20", "--distance-km", "6", "--duration-min", "36", "--json")
    run_id = json.loads(r.stdout)["activity_id"]
    assert json.loads(run(db, "shoes", "list", "--json").stdout)[0]["level"] == "caution"  # 495 + 6 = 501 km >= 500
    assert json.loads(run(db, "shoes", "add", "Trail pair", "--initial-km", "810", "--json").stdout)["level"] == "high"
    assigned = json.loads(run(db, "shoes", "assign", "Trail pair", "--activity", str(run_id), "--json").stdout)
    assert assigned["assigned"] == [run_id] and assigned["shoe"]["km"] == 816 and assigned["shoe"]["runs"] == 1
    by_name = {s["name"]: s for s in json.loads(run(db, "shoes", "list", "--json").stdout)}
    assert by_name["Road pair"]["km"] == 495 and by_name["Road pair"]["level"] == "ok"
    assert json.loads(run(db, "shoes", "default", "Trail pair", "--json").stdout)["is_default"]
    retired = json.loads(run(db, "shoes", "retire", "Trail pair", "--on", "2026-11-24", "--json").stdout)
    assert retired["retired_on"] == "2026-11-24" and not retired["is_default"]
    text = run(db, "shoes", "list")
    assert text.exit_code == 0 and "Trail pair" in text.stdout


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["shoes", "add", "X", "--initial-km", "-5"], "initial_km"),
        (["shoes", "add", "   "], "name"),
        (["shoes", "add", "Y", "--started-on", "yesterday"], "started_on"),
        (["shoes", "assign", "Road", "--activity", "999"], "activity"),
        (["shoes", "retire", "Nope"], "Nope"),
        (["shoes", "retire", "Road", "--on", "2020-01-01"], "on"),
    ],
)
def test_shoes_bad_input_exits_1_naming_the_field(tmp_path: Path, args: list[str], field: str) -> None:
    db = tmp_path / "bad.db"
    assert run(db, "shoes", "add", "Road", "--started-on", "2026-01-01").exit_code == 0
    result = run(db, *args)
    assert result.exit_code == 1, result.output
    assert field in result.output and "Traceback" not in result.output


def test_plan_history_matches_the_stored_runs(demo_db: Path) -> None:
    got = plan_inputs(str(demo_db), days=7, today=DEMO_DAY)
    stored = api.activities(str(demo_db), until=DEMO_DAY)
    runs_km = sum(a["distance_m"] for a in stored if a["sport"] in ("running", "trail_running")) / 1000
    assert abs(float(got.history.distance_km.sum()) - runs_km) < 1e-6
    assert got.history.last_day == DEMO_DAY
    assert isinstance(got.history, History) and to_day(got.history.first_day) <= to_day(DEMO_DAY)
