"""The command line imports only what a command needs (a fresh interpreter per check)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

HEAVY = ("sqlalchemy", "alembic", "pandas", "pydantic", "fastapi", "uvicorn", "jinja2", "plotly", "rich")
_PROBE = """
import contextlib, io, json, runpy, sys
sys.argv = ["strideguard", *json.loads(sys.argv[1])]
out = io.StringIO()
try:
    with contextlib.redirect_stdout(out):
        runpy.run_module("strideguard", run_name="__main__")
except SystemExit as exc:
    code = exc.code
else:
    code = 0
print(json.dumps({"code": code, "out": out.getvalue(), "modules": sorted({m.split(".")[0] for m in sys.modules})}))
"""


def _run(*args: str) -> tuple[int, str, set[str]]:
    """Exit code, stdout and the top-level packages imported by ``strideguard ARGS``."""
    done = subprocess.run([sys.executable, "-c", _PROBE, json.dumps(args)], capture_output=True, text=True, check=True)
    got = json.loads(done.stdout.strip().splitlines()[-1])
    return int(got["code"] or 0), str(got["out"]), set(got["modules"])


def _run_modules(*args: str) -> set[str]:
    """Every module (dotted names too) imported by ``strideguard ARGS``."""
    probe = _PROBE.replace('sorted({m.split(".")[0] for m in sys.modules})', "sorted(sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe, json.dumps(args)], capture_output=True, text=True, check=True)
    got = json.loads(done.stdout.strip().splitlines()[-1])
    assert int(got["code"] or 0) == 0, got["out"]
    return set(got["modules"])


def test_help_imports_no_store_no_web_no_data_libraries() -> None:
    code, out, modules = _run("--help")
    assert code == 0 and "status" in out
    assert not set(HEAVY) & modules
    # Nor the knowledge files' reader and the user-folder lookup: no command body runs for --help.
    assert not {"yaml", "platformdirs", "zoneinfo"} & modules


def test_korean_help_reads_only_its_help_file() -> None:
    """--lang ko --help: the help from knowledge/locale/ko/help.yaml alone, without pydantic or the store."""
    code, out, modules = _run("--lang", "ko", "--help")
    assert code == 0 and out.startswith("사용법: strideguard") and "무릎, 발목, 발을 지켜 주는" in out
    assert not set(HEAVY) & modules


def test_status_imports_neither_pandas_nor_the_web_stack(tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    code, out, modules = _run("--db", db, "status", "--json")
    assert code == 0 and json.loads(out)["signals"]
    assert {"sqlalchemy", "numpy"} <= modules
    # (pydantic is there: Typer imports it to convert the arguments of a command it runs)
    assert not {"pandas", "fastapi", "uvicorn", "jinja2", "plotly"} & modules


def test_status_and_plan_with_a_usual_week_build_no_report_models_and_no_masked_arrays(cli: Any, db_url: str) -> None:
    # Six weeks of three runs: the baseline (medians of weeks) and every signal are computed.
    start = date(2026, 10, 5)
    for week in range(6):
        for day, km in ((0, 6), (2, 6), (5, 10)):
            on = (start + timedelta(days=7 * week + day)).isoformat()
            added = cli("run", "add", "--date", on, "--distance-km", str(km), "--duration-min", str(km * 6))
            assert added.exit_code == 0, added.output
    db = db_url
    for command in ("status", "plan"):
        modules = _run_modules("--db", db, command, "--date", "2026-11-16", "--json")
        # strideguard.schemas builds every report and profile model; numpy.ma comes with np.median.
        assert not {"strideguard.schemas", "numpy.ma", "pandas"} & modules, command
