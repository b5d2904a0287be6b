"""End to end through the CLI: an emergency report, then a minor report elsewhere; the emergency stands.

The case from issue 11: one-sided calf swelling (a possible clot, NICE NG158) is an emergency;
a toe blister logged a minute later is another body part and must not put training back.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import Invoke, json_of

pytestmark = pytest.mark.both_databases

CALF = {"date": "2026-11-30", "region": "calf", "side": "left", "calf_swelling_one_side": True, "pain_rest": 4}
BLISTER = {
    "date": "2026-11-30",
    "region": "foot",
    "side": "left",
    "location": "toes",
    "pain_during": 1,
    "pain_after": 0,
    "pain_next_morning": 0,
    "notes": "blister on the big toe",
}


def _file(tmp_path: Path, name: str, report: dict) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(report), encoding="utf-8")
    return str(path)


def _runs(cli: Invoke) -> None:
    for day in ("2026-11-20", "2026-11-23", "2026-11-26"):
        json_of(cli("run", "add", "--date", day, "--distance-km", "6", "--duration-min", "36", "--json"))


def test_an_emergency_is_not_cleared_by_a_report_on_another_body_part(cli: Invoke, tmp_path: Path) -> None:
    json_of(cli("profile", "set", "--birth-year", "1990", "--timezone", "UTC", "--json"))
    _runs(cli)
    calf = json_of(cli("symptom", "log", _file(tmp_path, "calf.json", CALF), "--json"))
    assert calf["triage"]["disposition"] == "emergency"
    blister = json_of(cli("symptom", "log", _file(tmp_path, "blister.json", BLISTER), "--json"))
    assert blister["episode"]["region"] == "foot" and blister["episode"]["id"] != calf["episode"]["id"]

    status = json_of(cli("status", "--date", "2026-11-30", "--json"))
    assert status["recommendation"]["disposition"] == "emergency"
    assert status["recommendation"]["session"]["distance_km"] == 0
    assert status["episodes"][0]["region"] == "calf" and status["episodes"][0]["disposition"] == "emergency"
    plan = json_of(cli("plan", "--date", "2026-11-30", "--days", "7", "--json"))
    assert plan["disposition"] == "emergency" and plan["mode"] == "no_running"
    assert all(d["session"]["distance_km"] == 0 for d in plan["days"])
    assert plan["episodes"][0]["label"] == "left calf"

    # the human output says so too, first
    human = cli("status", "--date", "2026-11-30")
    assert human.exit_code == 0
    assert human.stdout.lstrip().startswith("EMERGENCY") and "left calf" in human.stdout


def test_resolving_with_a_reason_closes_only_that_episode_and_running_returns_gradually(
    cli: Invoke, tmp_path: Path
) -> None:
    json_of(cli("profile", "set", "--birth-year", "1990", "--timezone", "UTC", "--json"))
    _runs(cli)
    calf = json_of(cli("symptom", "log", _file(tmp_path, "calf.json", CALF), "--json"))
    episode = str(calf["episode"]["id"])

    no_reason = cli("symptom", "resolve", episode, "--reason", "  ")
    assert no_reason.exit_code == 1 and "reason" in no_reason.output and "Traceback" not in no_reason.output
    unknown = cli("symptom", "resolve", "999", "--reason", "seen by a doctor: cleared to run")
    assert unknown.exit_code == 1 and "no episode 999" in unknown.output

    closed = json_of(
        cli(
            "symptom",
            "resolve",
            episode,
            "--reason",
            "seen by a doctor: cleared to run",
            "--date",
            "2026-12-01",
            "--json",
        )
    )
    assert closed["open"] is False and closed["closed_reason"] == "seen by a doctor: cleared to run"
    again = cli("symptom", "resolve", episode, "--reason", "twice")
    assert again.exit_code == 1 and "already closed" in again.output

    assert json_of(cli("symptom", "episodes", "--date", "2026-12-01", "--json")) == []
    plan = json_of(cli("plan", "--date", "2026-12-01", "--days", "7", "--json"))
    assert plan["mode"] == "return_to_run"  # after a no-running episode: walk-run first
    runs = [d["session"] for d in plan["days"] if d["session"]["distance_km"] > 0]
    assert runs and all(s["kind"] == "walk_run" for s in runs)


def test_a_later_report_on_the_same_body_part_governs_its_episode(cli: Invoke, tmp_path: Path) -> None:
    json_of(cli("profile", "set", "--birth-year", "1990", "--timezone", "UTC", "--json"))
    first = {"date": "2026-11-10", "region": "knee", "side": "right", "locking": True}  # knee_locking: see_doctor
    logged = json_of(cli("symptom", "log", _file(tmp_path, "k1.json", first), "--json"))
    assert logged["triage"]["disposition"] == "see_doctor"
    other_knee = {"date": "2026-11-12", "region": "knee", "side": "left", "pain_during": 1, "pain_next_morning": 0}
    json_of(cli("symptom", "log", _file(tmp_path, "k2.json", other_knee), "--json"))
    assert json_of(cli("status", "--date", "2026-11-12", "--json"))["recommendation"]["disposition"] == "see_doctor"
    settled = {
        "date": "2026-11-20",
        "region": "knee",
        "side": "right",
        "pain_during": 1,
        "pain_after": 0,
        "pain_next_morning": 0,
        "locking": False,
    }
    done = json_of(cli("symptom", "log", _file(tmp_path, "k3.json", settled), "--json"))
    assert done["episode"]["id"] == logged["episode"]["id"] and done["episode"]["open"] is False
    listed = json_of(cli("symptom", "episodes", "--all", "--date", "2026-11-20", "--json"))
    right = next(e for e in listed if e["side"] == "right")
    assert right["closed_reason"] == "settled" and right["reports"] == 2
