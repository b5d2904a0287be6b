"""CLI tests run the real Typer app against a temporary SQLite file."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from strideguard.cli import app

Invoke = Callable[..., Result]


@pytest.fixture()
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "runner.db"


@pytest.fixture()
def cli(db_path: Path) -> Invoke:
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> Result:
        return runner.invoke(app, ["--db", str(db_path), *args], input=input)

    return invoke


def json_of(result: Result) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)
