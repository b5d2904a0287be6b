"""`triage`, `symptom log` and `symptom list` through the API and through Typer's runner."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from strideguard import api
from strideguard.cli import app
from strideguard.errors import InputError
from strideguard.store import open_database
from strideguard.store import symptoms as symptom_store
from strideguard.triage import ruleset

KNEE = {
    "date": "2026-11-20",
    "region": "knee",
    "location": "kneecap",
    "when": ["after_run"],
    "pain_after": 2,
    "pain_next_morning": 0,
    "mechanism": "none",
    "swelling": False,
    "fever": False,
    "redness_warmth": False,
    "deformity": False,
    "calf_swelling_one_side": False,
    "numbness_tingling": False,
    "weakness": False,
}


pytestmark = pytest.mark.both_databases


@pytest.fixture
def db(db_url: str) -> str:
    return db_url


def test_triage_uses_history_and_stores_nothing(db: str) -> None:
    assert api.triage(db, KNEE)["disposition"] == "continue"
    assert api.symptom_list(db) == []
    api.symptom_log(db, {**KNEE, "date": "2026-10-20"})
    api.symptom_log(db, {**KNEE, "date": "2026-11-05"})
    result = api.triage(db, KNEE)
    assert result["disposition"] == "see_doctor"
    assert "history_knee_pain_keeps_coming_back" in result["matched_rules"]
    assert len(api.symptom_list(db)) == 2


def test_triage_of_an_already_stored_report_does_not_count_it_as_history(db: str) -> None:
    api.symptom_log(db, {**KNEE, "date": "2026-11-05"})
    api.symptom_log(db, KNEE)
    assert "history_knee_pain_keeps_coming_back" not in api.triage(db, KNEE)["matched_rules"]


def test_triage_uses_the_profile_birth_year_for_the_ottawa_knee_age(db: str) -> None:
    report = {
        "date": "2026-11-20",
        "region": "knee",
        "mechanism": "fall",
        "unable_to_bear_weight": False,
        "deformity": False,
    }
    assert "ottawa_knee" not in api.triage(db, report)["matched_rules"]
    api.profile_set(db, birth_year=1971)  # 2026 - 1971 = 55
    assert "ottawa_knee" in api.triage(db, report)["matched_rules"]


def test_symptom_log_stores_report_and_result_with_the_rule_version(db: str) -> None:
    logged = api.symptom_log(db, KNEE)
    assert logged["report"]["id"] >= 1 and logged["report"]["region"] == "knee"
    assert logged["triage"]["rules_version"] == ruleset().version
    with open_database(db).connect() as conn:
        stored = symptom_store.latest_triage(conn)
    assert stored is not None
    assert stored["symptom_id"] == logged["report"]["id"]
    assert stored["rule_version"] == ruleset().version
    assert stored["result"] == logged["triage"]
    rows = api.symptom_list(db)
    assert [(r["id"], r["disposition"]) for r in rows] == [(logged["report"]["id"], "continue")]


def test_api_refuses_bad_reports_naming_the_field(db: str) -> None:
    with pytest.raises(InputError) as err:
        api.symptom_log(db, {**KNEE, "pain_after": 11})
    assert err.value.field == "pain_after"
    assert api.symptom_list(db) == []


# ---------------------------------------------------------------- CLI

runner = CliRunner()


def invoke(db: str, *args: str, input: str | None = None) -> Any:
    return runner.invoke(app, ["--db", db, *args], input=input)


def write(tmp_path: Path, data: Any, name: str = "r.json") -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return str(path)


def test_cli_triage_json_is_the_contract_result(db: str, tmp_path: Path) -> None:
    result = invoke(
        db, "triage", write(tmp_path, {**KNEE, "mechanism": "twist", "unable_to_bear_weight": True}), "--json"
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["disposition"] == "emergency"
    assert data["red_flags"][0]["id"] == "red_flag_cannot_bear_weight_after_injury"
    assert {"disposition", "red_flags", "suspected", "actions", "explanation", "sources", "disclaimer"} <= set(data)


def test_cli_triage_for_people_shows_disposition_actions_and_sources(db: str, tmp_path: Path) -> None:
    result = invoke(
        db,
        "triage",
        write(
            tmp_path,
            {
                **KNEE,
                "cramp": True,
                "region": "calf",
                "side": "both",  # cramps in both calves: no one-sided clot questions
                "location": "back",
                "when": ["during_run"],
                "pain_after": 0,
            },
        ),
    )
    assert result.exit_code == 0, result.output
    assert "MODIFY TRAINING" in result.stdout
    # the plain one-sentence summary comes first, before the headline panel and the reasons
    summary = "Stretch the cramping muscle as the three steps say"
    assert result.stdout.index(summary) < result.stdout.index("MODIFY TRAINING") < result.stdout.index("Why")
    assert "Step 1" in result.stdout and "[seed-article]" in result.stdout


def test_cli_symptom_log_and_list(db: str, tmp_path: Path) -> None:
    logged = invoke(db, "symptom", "log", write(tmp_path, KNEE), "--json")
    assert logged.exit_code == 0, logged.output
    assert json.loads(logged.stdout)["triage"]["disposition"] == "continue"
    listed = invoke(db, "symptom", "list", "--json")
    assert listed.exit_code == 0
    rows = json.loads(listed.stdout)
    assert [(r["date"], r["region"], r["disposition"]) for r in rows] == [("2026-11-20", "knee", "continue")]
    table = invoke(db, "symptom", "list")
    assert "knee" in table.stdout and "continue" in table.stdout


BAD_INPUT = [
    ("pain 11", {**KNEE, "pain_after": 11}, "pain_after", "from 0 to 10"),
    ("unknown region", {**KNEE, "region": "elbow"}, "region", "knee"),
    ("missing date", {k: v for k, v in KNEE.items() if k != "date"}, "date", "required"),
    ("bad date", {**KNEE, "date": "20/11/2026"}, "date", "YYYY-MM-DD"),
    ("future date", {**KNEE, "date": "2999-01-01"}, "date", "future"),
    ("pain as text", {**KNEE, "pain_after": "six"}, "pain_after", "whole number"),
    ("boolean as text", {**KNEE, "swelling": "yes"}, "swelling", "true or false"),
    ("new field as text", {**KNEE, "collapsed_or_confused": "no"}, "collapsed_or_confused", "true or false"),
    ("list as text", {**KNEE, "when": "after_run"}, "when", "list"),
    ("location of another region", {**KNEE, "location": "heel"}, "location", "kneecap"),
    ("unknown field", {**KNEE, "swolen": True}, "swolen", "not part of the schema"),
    ("not an object", [KNEE], "report", "JSON object"),
    ("broken JSON", '{"date": "2026-11-20", "region": "knee",', "r.json", "not valid JSON"),
]


@pytest.mark.parametrize("command", [("triage",), ("symptom", "log")], ids=["triage", "symptom-log"])
@pytest.mark.parametrize("what,data,field,hint", BAD_INPUT, ids=[b[0] for b in BAD_INPUT])
def test_cli_bad_input_exits_1_naming_the_field(
    db: str, tmp_path: Path, command: tuple[str, ...], what: str, data: Any, field: str, hint: str
) -> None:
    result = invoke(db, *command, write(tmp_path, data), "--json")
    assert result.exit_code == 1, result.output
    assert result.stdout == ""  # nothing on stdout: the message goes to stderr
    assert field in result.stderr and hint in result.stderr
    assert "Traceback" not in result.output
    assert api.symptom_list(db) == []


def test_cli_missing_file_exits_1(db: str, tmp_path: Path) -> None:
    result = invoke(db, "triage", str(tmp_path / "nope.json"))
    assert result.exit_code == 1
    assert "FILE" in result.stderr and "nope.json" in result.stderr


def test_every_triage_command_has_help() -> None:
    for args in (["triage", "--help"], ["symptom", "log", "--help"], ["symptom", "list", "--help"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0
        assert "--json" in result.stdout
    assert "Triage one symptom report" in runner.invoke(app, ["triage", "--help"]).stdout
