"""The demo builds a realistic history; export/restore round-trips every stored fact."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from strideguard.cli import app
from tests.cli.conftest import Invoke, json_of

pytestmark = pytest.mark.both_databases


def test_demo_builds_a_history_with_samples_and_reports(cli: Invoke) -> None:
    result = json_of(cli("demo", "--today", "2026-11-25", "--json"))
    assert result["activities"] >= 16 * 3
    assert result["symptom_reports"] == 3
    # the ankle sprain's episode was settled by its follow-up; the knee's is open
    episodes = json_of(cli("symptom", "episodes", "--all", "--date", "2026-11-25", "--json"))
    assert [(e["region"], e["open"], e["closed_reason"]) for e in episodes] == [
        ("knee", True, None),
        ("ankle", False, "settled"),
    ]
    rows = json_of(cli("activities", "--json"))
    days = sorted({r["local_date"] for r in rows})
    assert days[0] <= "2026-08-05" and days[-1] == "2026-11-24"  # at least 16 weeks of history
    assert {r["sport"] for r in rows} == {"running", "trail_running"}
    assert all(r["avg_hr"] and r["avg_cadence_spm"] and r["ascent_m"] is not None for r in rows)
    assert all(r["start_time"].endswith(("+01:00", "+02:00")) for r in rows)  # Berlin local time
    assert json_of(cli("profile", "show", "--json"))["name"] == "Demo Runner"


def test_demo_shows_todays_status_triage_and_plan(cli: Invoke) -> None:
    result = json_of(cli("demo", "--today", "2026-11-25", "--json"))
    signals = {s["id"]: s for s in result["status"]["signals"]}
    assert result["status"]["date"] == "2026-11-25"
    # the demo's latest run is built 35 % past its 30-day longest: a caution-level spike (10-100 %)
    assert signals["session_spike"]["value"] == pytest.approx(0.35, abs=0.01)
    assert signals["session_spike"]["level"] == "caution"
    assert signals["weekly_change"]["level"] == "high"
    # the latest report is a mild knee ache on stairs and downhill: train differently, not stop
    assert result["triage"]["disposition"] == "modify_training"
    assert any(s["id"] == "patellofemoral_pain" for s in result["triage"]["suspected"])
    assert result["plan"]["start"] == "2026-11-26" and len(result["plan"]["days"]) == 7
    human = cli("demo", "--today", "2026-11-25")
    assert human.exit_code == 0
    for title in ("Today's status", "Triage of the latest symptom report", "Next 7 days", "not a diagnosis"):
        assert title in human.stdout


def test_demo_is_reproducible_and_can_be_rebuilt(cli: Invoke, tmp_path: Path) -> None:
    json_of(cli("demo", "--today", "2026-11-25", "--json"))
    first = json_of(cli("activities", "--json"))
    json_of(cli("demo", "--today", "2026-11-25", "--json"))  # rebuilding replaces, never doubles
    again = json_of(cli("activities", "--json"))
    assert [r["sha256"] for r in first] == [r["sha256"] for r in again]
    other = CliRunner().invoke(app, ["--db", str(tmp_path / "other.db"), "demo", "--today", "2026-11-25", "--json"])
    assert [
        r["sha256"]
        for r in json.loads(
            CliRunner().invoke(app, ["--db", str(tmp_path / "other.db"), "activities", "--json"]).stdout
        )
    ] == [r["sha256"] for r in first]
    assert other.exit_code == 0


def test_demo_refuses_a_real_runners_database(cli: Invoke) -> None:
    cli("profile", "set", "--name", "Mina")
    result = cli("demo", "--json")
    assert result.exit_code == 1 and "holds a real runner" in result.stderr
    assert json_of(cli("profile", "show", "--json"))["name"] == "Mina"


def test_export_restore_export_is_identical(cli: Invoke, tmp_path: Path) -> None:
    json_of(cli("demo", "--today", "2026-11-25", "--json"))
    first = tmp_path / "first.json"
    counts = json_of(cli("export", "--out", str(first), "--json"))["rows"]
    assert (
        counts["activities"] > 40
        and counts["activity_samples"] == counts["activities"]
        and counts["symptom_reports"] == 3
        and counts["symptom_episodes"] == 2
    )
    runner = CliRunner()
    fresh = tmp_path / "fresh.db"
    restored = runner.invoke(app, ["--db", str(fresh), "restore", str(first), "--json"])
    assert restored.exit_code == 0, restored.output
    assert json.loads(restored.stdout)["restored"] == counts
    second = tmp_path / "second.json"
    assert runner.invoke(app, ["--db", str(fresh), "export", "--out", str(second)]).exit_code == 0
    a = json.loads(first.read_text())
    b = json.loads(second.read_text())
    assert a["tables"] == b["tables"]
    assert first.read_text() == second.read_text()


def test_restore_refuses_a_non_empty_database_and_foreign_files(cli: Invoke, tmp_path: Path) -> None:
    cli("run", "add", "--date", "2026-06-01", "--distance-km", "5", "--duration-min", "30")
    dump_file = tmp_path / "dump.json"
    cli("export", "--out", str(dump_file))
    result = cli("restore", str(dump_file))
    assert result.exit_code == 1 and "empty database" in result.stderr
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "strideguard-export", "version": 1, "tables": {')
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "n.db"), "restore", str(broken)])
    assert result.exit_code == 1 and "not valid JSON" in result.stderr
    other = tmp_path / "other.json"
    other.write_text('{"hello": 1}')
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "n.db"), "restore", str(other)])
    assert result.exit_code == 1 and "strideguard export" in result.stderr
