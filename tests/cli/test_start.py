"""The command line imports only what a command needs (a fresh interpreter per check)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

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


def test_help_imports_no_store_no_web_no_data_libraries() -> None:
    code, out, modules = _run("--help")
    assert code == 0 and "status" in out
    assert not set(HEAVY) & modules


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
