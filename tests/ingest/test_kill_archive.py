"""A real `strideguard import` of a Garmin-style export killed while its workers decode.

- SIGKILL: the decoding workers die with it (within a few seconds), its temp
  folder is left behind, and the next import removes it (its owner is dead)
  and stores every run exactly once.
- SIGTERM: the import unwinds: exit code 143, workers gone, temp folder gone.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest

from . import build as B
from .conftest import zip_bytes

N_RUNS = 64  # above the bulk threshold (32): decoded in worker processes


def _export(path: Path) -> None:
    inner = {
        f"run{k:03d}.gpx": B.gpx([B.line(1500, start=B.T0 + timedelta(days=k), dt_s=1.0, step_deg=0.00002)])
        for k in range(N_RUNS)
    }
    path.write_bytes(zip_bytes({"DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip": zip_bytes(inner)}))


def _children(pid: int) -> set[int]:
    """Child processes, from /proc (Linux, as CI)."""
    out: set[int] = set()
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            out.update(int(c) for c in (task / "children").read_text().split())
    except OSError:
        pass
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _start(db: Path, export: Path, tmp: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, STRIDEGUARD_WORKERS="2", TMPDIR=str(tmp))
    return subprocess.Popen(
        [sys.executable, "-m", "strideguard", "--db", str(db), "import", str(export), "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )


def _spills(tmp: Path) -> list[Path]:
    return sorted(tmp.glob("strideguard-import-*"))


def _wait_for_workers(proc: subprocess.Popen[bytes], tmp: Path) -> set[int]:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
        workers = _children(proc.pid)
        if len(workers) >= 2 and _spills(tmp):
            time.sleep(0.5)  # let them decode a little
            return _children(proc.pid)
        time.sleep(0.05)
    raise AssertionError("the import never started its workers")


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_killed_archive_import_leaves_no_workers_and_the_next_start_cleans_up(tmp_path: Path, sig: int) -> None:
    export = tmp_path / "export.zip"
    _export(export)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    db = tmp_path / "sg.db"
    proc = _start(db, export, tmp)
    workers = _wait_for_workers(proc, tmp)
    proc.send_signal(sig)
    proc.communicate(timeout=60)
    deadline = time.monotonic() + 10
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(w) for w in workers), "decoding workers outlived their parent"
    if sig == signal.SIGTERM:
        assert proc.returncode == 128 + signal.SIGTERM
        assert _spills(tmp) == []  # unwound: the temp folder went with it
    else:
        left = _spills(tmp)
        assert len(left) == 1 and left[0].name.startswith(f"strideguard-import-{proc.pid}-")
        assert any(left[0].iterdir())  # the inner archive's copy, left behind by the kill

    again = _start(db, export, tmp)
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err.decode()
    result = json.loads(out)
    assert result["errors"] == 0 and result["imported"] + result["duplicates"] == N_RUNS
    assert _spills(tmp) == []  # the dead import's folder and this import's own are gone
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM activities").fetchone()[0] == N_RUNS
        assert conn.execute("SELECT count(*) FROM activity_samples").fetchone()[0] == N_RUNS
