"""`run rate`, `checkin`, `checkins`, `run edit|delete|restore`, `symptom edit|delete|restore` and `deleted`
through Typer's runner: JSON on stdout, one line naming the field and exit 1 for bad input."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from .conftest import Invoke, json_of

TODAY = date.today()


def ago(days: int) -> str:
    return (TODAY - timedelta(days=days)).isoformat()


def _refused(result: object, field: str) -> None:
    assert result.exit_code == 1, result.output  # type: ignore[attr-defined]
    lines = result.stderr.strip().splitlines()  # type: ignore[attr-defined]
    assert len(lines) >= 1 and lines[-1].startswith(f"Error: {field}:"), result.stderr  # type: ignore[attr-defined]
    assert "Traceback" not in result.output  # type: ignore[attr-defined]


def _knee(tmp_path: Path, days: int, **more: object) -> Path:
    report = {"date": ago(days), "region": "knee", "side": "left", "pain_during": 2, "onset": "gradual", **more}
    path = tmp_path / f"knee-{days}-{len(more)}.json"
    path.write_text(json.dumps(report))
    return path


def test_run_rate_and_activities_json(cli: Invoke) -> None:
    json_of(cli("run", "add", "--date", ago(1), "--distance-km", "5", "--duration-min", "30", "--json"))
    rated = json_of(cli("run", "rate", "1", "--rpe", "6", "--note", "heavy legs", "--json"))
    assert (rated["rpe"], rated["rpe_note"], rated["session_rpe_load"]) == (6, "heavy legs", 180.0)
    listed = json_of(cli("activities", "--json"))[0]
    for field in ("name", "rpe", "rpe_note", "export_rpe", "session_rpe_load"):
        assert field in listed
    assert listed["export_rpe"] is None and listed["session_rpe_load"] == 180.0
    human = cli("run", "rate", "1", "--rpe", "3")
    assert human.exit_code == 0 and "3/10 (moderate)" in human.stdout
    _refused(cli("run", "rate", "1", "--rpe", "11"), "rpe")
    _refused(cli("run", "rate", "1", "--rpe", "hard"), "--rpe")
    _refused(cli("run", "rate", "x", "--rpe", "3"), "activity_id")
    missing = cli("run", "rate", "7", "--rpe", "3")
    assert missing.exit_code == 1 and "no stored activity has id 7" in missing.stderr


def test_checkin_with_flags_stores_what_it_says(cli: Invoke, tmp_path: Path) -> None:
    logged = json_of(cli("symptom", "log", str(_knee(tmp_path, 3)), "--json"))
    episode = logged["episode"]["id"]
    result = json_of(cli("checkin", "--date", ago(2), "--pain", f"{episode}=3", "--stiffness", "2", "--json"))
    assert result["pains"] == [{"episode_id": episode, "label": "left knee", "pain": 3}]
    assert result["episodes"][0]["disposition"] == "modify_training"  # 3/10 the morning after 2/10 during
    assert json_of(cli("checkins", "--json")) == [
        {"date": ago(2), "stiffness": 2, "pains": [{"episode_id": episode, "label": "left knee", "pain": 3}]}
    ]
    human = cli("checkin", "--date", ago(2), "--pain", f"{episode}=3")
    assert human.exit_code == 0 and "left knee: 3/10 this morning" in human.stdout
    assert "worse than during the run" in human.stdout


def test_checkin_refuses_bad_values_naming_the_flag(cli: Invoke, tmp_path: Path) -> None:
    episode = json_of(cli("symptom", "log", str(_knee(tmp_path, 3)), "--json"))["episode"]["id"]
    _refused(cli("checkin", "--pain", f"{episode}=11"), f"--pain {episode}")
    _refused(cli("checkin", "--pain", f"{episode}=two"), f"--pain {episode}")
    _refused(cli("checkin", "--pain", "knee"), "--pain")
    _refused(cli("checkin", "--pain", "99=1"), "--pain 99")
    _refused(cli("checkin", "--stiffness", "12"), "--stiffness")
    _refused(cli("checkin", "--stiffness", "1", "--date", "2099-01-01"), "date")
    _refused(cli("checkin", "--stiffness", "1", "--date", "yesterday"), "date")
    assert json_of(cli("checkins", "--json")) == []


def test_checkin_without_flags_asks_each_sore_spot_then_stiffness(cli: Invoke, tmp_path: Path) -> None:
    episode = json_of(cli("symptom", "log", str(_knee(tmp_path, 3)), "--json"))["episode"]["id"]
    # an answer out of range is asked again; an empty answer is "not said"
    asked = cli("checkin", "--date", ago(1), "--json", input="12\n4\n\n")
    assert asked.exit_code == 0, asked.output
    assert "Pain at your left knee this morning" in asked.stderr and "again" not in asked.stdout
    assert json.loads(asked.stdout)["pains"] == [{"episode_id": episode, "label": "left knee", "pain": 4}]
    assert json.loads(asked.stdout)["stiffness"] is None
    # cut off before the end: nothing stored, exit 1
    cut = cli("checkin", "--date", ago(0), input="")
    assert cut.exit_code == 1 and "nothing was stored" in cut.stderr
    assert [c["date"] for c in json_of(cli("checkins", "--json"))] == [ago(1)]


def test_run_edit_delete_restore_and_deleted(cli: Invoke) -> None:
    json_of(cli("shoes", "add", "Road pair", "--json"))
    json_of(cli("run", "add", "--date", ago(2), "--distance-km", "6", "--duration-min", "36", "--json"))
    edited = json_of(
        cli("run", "edit", "1", "--sport", "treadmill_running", "--shoe", "Road pair", "--name", "Gym", "--json")
    )
    assert (edited["sport"], edited["name"], edited["shoe_id"]) == ("treadmill_running", "Gym", 1)
    assert json_of(cli("run", "edit", "1", "--no-shoe", "--name", "", "--json"))["shoe_id"] is None
    _refused(cli("run", "edit", "1", "--sport", "skydiving"), "sport")
    _refused(cli("run", "edit", "1", "--shoe", "A", "--no-shoe"), "--shoe")
    # no terminal to ask on: --yes is needed, nothing is deleted
    _refused(cli("run", "delete", "1"), "--yes")
    assert len(json_of(cli("activities", "--json"))) == 1
    deleted = json_of(cli("run", "delete", "1", "--yes", "--json"))["deleted"]
    assert deleted["item_id"] == 1 and json_of(cli("activities", "--json")) == []
    assert [d["item_id"] for d in json_of(cli("deleted", "--json"))] == [1]
    restored = json_of(cli("run", "restore", "1", "--json"))
    assert restored["activity"]["id"] == 1 and restored["activity"]["sport"] == "treadmill_running"
    assert json_of(cli("deleted", "--json")) == []
    missing = cli("run", "restore", "1")
    assert missing.exit_code == 1 and "no deleted run 1" in missing.stderr


def test_symptom_edit_delete_restore(cli: Invoke, tmp_path: Path) -> None:
    logged = json_of(cli("symptom", "log", str(_knee(tmp_path, 3)), "--json"))
    rid = logged["report"]["id"]
    edited = json_of(cli("symptom", "edit", str(rid), str(_knee(tmp_path, 3, pain_during=6)), "--json"))
    assert edited["report"]["pain_during"] == 6 and edited["triage"]["disposition"] != "continue"
    _refused(cli("symptom", "edit", str(rid), str(_knee(tmp_path, 3, side="right"))), "side")
    deleted = json_of(cli("symptom", "delete", str(rid), "--yes", "--json"))
    assert deleted["deleted"]["kind"] == "symptom_report" and deleted["episode"] is None
    assert json_of(cli("symptom", "list", "--json")) == []
    human = cli("symptom", "restore", str(rid))
    assert human.exit_code == 0 and f"Restored symptom report {rid}" in human.stdout
    assert json_of(cli("symptom", "list", "--json"))[0]["report"]["pain_during"] == 6
