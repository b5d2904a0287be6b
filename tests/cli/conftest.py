"""CLI tests run the real Typer app against a temporary database: a SQLite file, and a PostgreSQL database too
in the modules marked ``both_databases`` when a server is given (tests/databases.py)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from strideguard.cli import app

Invoke = Callable[..., Result]


@pytest.fixture()
def cli(db_url: str) -> Invoke:
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> Result:
        return runner.invoke(app, ["--db", db_url, *args], input=input)

    return invoke


def json_of(result: Result) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)
