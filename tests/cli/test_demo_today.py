"""`demo --today` refuses a bad date with one line naming the flag (exit 1), never a traceback."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from strideguard.cli import app


def test_demo_today_not_a_date(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "d.db"), "demo", "--today", "foo"])
    assert result.exit_code == 1
    assert result.output == "Error: --today: 'foo' is not allowed; use a date as YYYY-MM-DD\n"
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not (tmp_path / "d.db").exists()  # refused before anything was stored


def test_demo_today_out_of_range(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "d.db"), "demo", "--today", "1850-03-01"])
    assert result.exit_code == 1
    assert "--today: '1850-03-01' is not allowed; use a date from 1900-01-01 to 2099-12-31" in result.output
