from __future__ import annotations

import pytest

from tests.cli.conftest import Invoke, json_of

pytestmark = pytest.mark.both_databases


def test_set_then_show_updates_only_the_named_fields(cli: Invoke) -> None:
    json_of(
        cli(
            "profile",
            "set",
            "--name",
            "Mina",
            "--birth-year",
            "1991",
            "--sex",
            "female",
            "--weight-kg",
            "61.5",
            "--json",
        )
    )
    after = json_of(
        cli(
            "profile",
            "set",
            "--joint-problem",
            "knee",
            "--joint-problem",
            "ankle",
            "--timezone",
            "Asia/Seoul",
            "--language",
            "ko",
            "--json",
        )
    )
    assert after == {
        "name": "Mina",
        "birth_year": 1991,
        "sex": "female",
        "height_cm": None,
        "weight_kg": 61.5,
        "experience": None,
        "joint_problems": ["knee", "ankle"],
        "timezone": "Asia/Seoul",
        "language": "ko",
    }
    assert json_of(cli("profile", "show", "--json")) == after


def test_show_on_a_new_database_is_all_unknown(cli: Invoke) -> None:
    shown = json_of(cli("profile", "show", "--json"))
    assert set(shown.values()) == {None}


def test_table_output_for_people(cli: Invoke) -> None:
    cli("profile", "set", "--name", "Mina")
    result = cli("profile", "show")
    assert result.exit_code == 0 and "Mina" in result.stdout and "Runner profile" in result.stdout


def test_bad_values_name_the_field_and_exit_1(cli: Invoke) -> None:
    cases = {
        ("--sex", "robot"): "sex: 'robot' is not allowed; use one of female or male",
        ("--experience", "elite"): "experience: 'elite' is not allowed",
        ("--joint-problem", "elbow"): "joint_problems: 'elbow' is not allowed",
        ("--timezone", "Mars/Olympus"): "timezone: 'Mars/Olympus' is not allowed; use an IANA time zone",
        # ZoneInfo reads a file of that name: 100,000 characters were an OSError traceback ("File name too long")
        ("--timezone", "x" * 100_000): "(100,000 characters) is not allowed; use an IANA time zone",
        ("--timezone", "../../etc/passwd"): "timezone: '../../etc/passwd' is not allowed; use an IANA time zone",
        ("--height-cm", "20"): "height_cm: 20.0 is not allowed; use a number from 100 to 250",
        ("--weight-kg", "0"): "weight_kg: 0.0 is not allowed",
        ("--birth-year", "1850"): "birth_year: 1850 is not allowed",
        ("--language", "fr"): "language: 'fr' is not allowed; use one of en or ko",
    }
    for args, message in cases.items():
        result = cli("profile", "set", *args, "--json")
        assert result.exit_code == 1, args
        assert message in result.stderr, (args, result.stderr)
        assert result.stdout == ""
        assert "Traceback" not in result.output
    assert set(json_of(cli("profile", "show", "--json")).values()) == {None}  # nothing half-stored
