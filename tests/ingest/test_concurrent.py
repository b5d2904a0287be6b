"""Two real `strideguard import` processes on one database and one folder at the same time.

Each run must be stored exactly once: the two results together import every
file once, every other entry is a duplicate, none is an error, and the
database holds exactly one activity (with its samples) per file.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from . import build as B

N_RUNS = 120


def _folder(folder: Path) -> None:
    for k in range(N_RUNS):
        start = B.T0 + timedelta(days=k, minutes=k)  # a run a day
        (folder / f"run{k:03d}.gpx").write_bytes(B.gpx([B.line(40, start=start)]))


def _import(db: Path, folder: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, STRIDEGUARD_WORKERS="1")
    return subprocess.Popen(
        [sys.executable, "-m", "strideguard", "--db", str(db), "import", str(folder), "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )


def test_two_concurrent_imports_store_each_run_once(tmp_path: Path) -> None:
    folder = tmp_path / "runs"
    folder.mkdir()
    _folder(folder)
    db = tmp_path / "sg.db"
    # the database exists and is migrated before both start, so that both race on the imports themselves
    subprocess.run([sys.executable, "-m", "strideguard", "--db", str(db), "activities", "--json"], check=True)
    procs = [_import(db, folder), _import(db, folder)]
    results = []
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err.decode()
        results.append(json.loads(out))
    statuses = [f["status"] for r in results for f in r["files"]]
    assert len(statuses) == 2 * N_RUNS  # every file accounted for in both results
    assert statuses.count("error") == 0, [f for r in results for f in r["files"] if f["status"] == "error"][:3]
    assert sum(r["imported"] for r in results) == N_RUNS
    assert sum(r["duplicates"] for r in results) == N_RUNS
    for r in results:  # each process saw each file once, as imported or duplicate
        assert sorted(Path(f["path"]).name for f in r["files"]) == [f"run{k:03d}.gpx" for k in range(N_RUNS)]
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM activities").fetchone()[0] == N_RUNS
        assert conn.execute("SELECT count(DISTINCT start_time) FROM activities").fetchone()[0] == N_RUNS
        assert conn.execute("SELECT count(*) FROM activity_samples").fetchone()[0] == N_RUNS
