"""Crash safety: a real `strideguard import` killed with SIGKILL, twice, then run to the end.

After each kill the database must be consistent (SQLite integrity, every
stored activity with its samples, nothing half-stored); the final run must
leave every file stored exactly once: nothing missing, no duplicates.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from strideguard.ingest.fastfit.rewrite import shift_times
from strideguard.store import open_database

WEEK_S = 7 * 86400
BASES = (
    "python-fitparse/activity-small-fenix2-run.fit",  # 122 KB, 2,809 records
    "python-fitparse/2013-02-06-12-11-14.fit",  # Forerunner 110 run, 590 records
    "python-fitparse/garmin-fenix-5-run.fit",
)
COPIES = 60


def _export(test_files: Path, folder: Path) -> set[str]:
    """Distinct runs (week-apart copies); returns the sha256 of every file."""
    hashes = set()
    for k in range(COPIES):
        for i, rel in enumerate(BASES):
            data = shift_times((test_files / rel).read_bytes(), k * WEEK_S)
            (folder / f"c{k:03d}-{i}.fit").write_bytes(data)
            hashes.add(hashlib.sha256(data).hexdigest())
    return hashes


def _start(db: Path, folder: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, STRIDEGUARD_WORKERS="2")
    return subprocess.Popen(
        [sys.executable, "-m", "strideguard", "--db", str(db), "import", str(folder), "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,
    )


def _count(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return int(conn.execute("SELECT count(*) FROM activities").fetchone()[0])
    except sqlite3.Error:
        return 0  # not created or not migrated yet


def _kill_when(proc: subprocess.Popen[bytes], db: Path, stored_at_least: int) -> int:
    """SIGKILL the import (and its workers) once the database holds ``stored_at_least`` activities."""
    deadline = time.monotonic() + 120
    while proc.poll() is None and _count(db) < stored_at_least and time.monotonic() < deadline:
        time.sleep(0.005)
    assert proc.poll() is None, "the import finished before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    return _count(db)


def _assert_consistent(db: Path) -> int:
    with sqlite3.connect(str(db)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        activities = conn.execute("SELECT count(*) FROM activities").fetchone()[0]
        orphans = conn.execute(
            "SELECT count(*) FROM activity_samples s LEFT JOIN activities a ON a.id = s.activity_id WHERE a.id IS NULL"
        ).fetchone()[0]
        missing_samples = conn.execute(
            "SELECT count(*) FROM activities a LEFT JOIN activity_samples s ON s.activity_id = a.id "
            "WHERE a.sample_count > 0 AND (s.activity_id IS NULL OR s.n != a.sample_count)"
        ).fetchone()[0]
        same_start = conn.execute(
            "SELECT count(*) FROM (SELECT start_time FROM activities GROUP BY start_time HAVING count(*) > 1)"
        ).fetchone()[0]
    assert orphans == 0 and missing_samples == 0 and same_start == 0
    open_database(str(db))  # opens and migrates as usual
    return int(activities)


def test_import_killed_twice_then_rerun_stores_every_file_once(test_files: Path, tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    hashes = _export(test_files, folder)
    db = tmp_path / "crash.db"

    first = _kill_when(_start(db, folder), db, 3)
    assert 3 <= first < len(hashes)
    assert _assert_consistent(db) >= first

    second = _kill_when(_start(db, folder), db, first + 40)
    assert second < len(hashes)
    assert _assert_consistent(db) >= second

    done = _start(db, folder)
    out, err = done.communicate(timeout=300)
    assert done.returncode == 0, err.decode()
    result = json.loads(out)
    stored_before = _assert_consistent(db) - result["imported"]
    assert result["errors"] == 0
    assert result["duplicates"] == stored_before  # what the killed runs stored is recognised, not stored again
    assert result["imported"] + result["duplicates"] == len(hashes)

    with sqlite3.connect(str(db)) as conn:
        stored = {row[0] for row in conn.execute("SELECT sha256 FROM activities")}
        total = conn.execute("SELECT count(*) FROM activities").fetchone()[0]
    assert stored == hashes and total == len(hashes)  # nothing missing, nothing twice
