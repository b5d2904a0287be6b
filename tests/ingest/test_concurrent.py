"""Two real `strideguard import` processes on one database at the same time.

Each run must be stored exactly once: the two results together import every
run once, every other entry is a duplicate, none is an error, and the
database holds exactly one activity (with its samples) per run. Two cases:
the same folder twice (same content: the sha256 check), and the same runs as
GPX in one process and as TCX in the other (different files of one run: the
same-run check, which no unique key guards). On SQLite and on PostgreSQL (an advisory
lock there: READ COMMITTED alone would let both processes find "not stored yet").
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from . import build as B

N_RUNS = 300
pytestmark = pytest.mark.both_databases


def _folder(folder: Path, fmt: str) -> Path:
    folder.mkdir()
    for k in range(N_RUNS):
        points = B.line(40, start=B.T0 + timedelta(days=k, minutes=k))  # a run a day
        data = B.gpx([points]) if fmt == "gpx" else B.tcx(points)
        (folder / f"run{k:03d}.{fmt}").write_bytes(data)
    return folder


def _import(db: str, folder: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, STRIDEGUARD_WORKERS="1")
    return subprocess.Popen(
        [sys.executable, "-m", "strideguard", "--db", db, "import", str(folder), "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )


@pytest.mark.parametrize("formats", [("gpx", "gpx"), ("gpx", "tcx")])
def test_two_concurrent_imports_store_each_run_once(tmp_path: Path, db_url: str, formats: tuple[str, str]) -> None:
    folders = [_folder(tmp_path / f"runs-{fmt}-{i}", fmt) for i, fmt in enumerate(formats)]
    if formats[0] == formats[1]:
        folders[1] = folders[0]  # one folder, imported twice
    db = db_url
    # the database exists and is migrated before both start, so that both race on the imports themselves
    subprocess.run([sys.executable, "-m", "strideguard", "--db", db, "activities", "--json"], check=True)
    procs = [_import(db, folder) for folder in folders]
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
    for r, fmt in zip(results, formats, strict=True):  # each process saw each of its files once
        assert sorted(Path(f["path"]).name for f in r["files"]) == [f"run{k:03d}.{fmt}" for k in range(N_RUNS)]
    engine = sa.create_engine(db if "://" in db else f"sqlite:///{db}")
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM activities")).scalar() == N_RUNS
        assert conn.execute(sa.text("SELECT count(DISTINCT start_time) FROM activities")).scalar() == N_RUNS
        assert conn.execute(sa.text("SELECT count(*) FROM activity_samples")).scalar() == N_RUNS
    engine.dispose()
