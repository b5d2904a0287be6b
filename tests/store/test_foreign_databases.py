"""Opening a database (issue 13): another program's file, a newer version, a read-only file, --db ""."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from strideguard import api
from strideguard.cli import app
from strideguard.errors import StoreError
from strideguard.store import Database
from strideguard.store.database import head_revision, revisions


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_another_program_s_database_is_refused_untouched(tmp_path: Path) -> None:
    other = tmp_path / "photos.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
        conn.execute("INSERT INTO photos (name) VALUES ('beach')")
    before = _digest(other)
    with pytest.raises(StoreError, match="not a strideguard database .*photos"):
        Database(f"sqlite:///{other}")
    assert _digest(other) == before  # no tables added, journal mode not switched
    assert not Path(str(other) + "-wal").exists()
    with sqlite3.connect(other) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_a_database_from_a_newer_version_is_refused_with_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    Database(f"sqlite:///{path}").close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    result = CliRunner().invoke(app, ["--db", str(path), "status"])
    assert result.exit_code == 1
    assert "newer strideguard" in result.output and "9999" in result.output and "upgrade" in result.output
    assert "Traceback" not in result.output


def test_a_read_only_database_opens_for_reading_and_refuses_writes(tmp_path: Path) -> None:
    path = tmp_path / "runner.db"
    db = Database(f"sqlite:///{path}")
    api.run_add(db, date="2026-11-20", distance_km=5, duration_min=30)
    db.close()
    for leftover in ("-wal", "-shm"):
        Path(str(path) + leftover).unlink(missing_ok=True)
    before = _digest(path)
    # as a user without write permission opens it (permission bits do not bind root, so say it outright)
    reader = Database(f"sqlite:///{path}", read_only=True)
    assert [a["distance_m"] for a in api.activities(reader)] == [5000.0]
    assert api.status(reader, "2026-11-21")["date"] == "2026-11-21"  # no metrics cache written
    with pytest.raises(StoreError, match="read-only"):
        api.run_add(reader, date="2026-11-21", distance_km=5, duration_min=30)
    reader.close()
    assert _digest(path) == before  # nothing written to the database file


def test_unwritable_files_are_detected_as_read_only(tmp_path: Path) -> None:
    from strideguard.store.database import _inspect_sqlite

    path = tmp_path / "runner.db"
    Database(f"sqlite:///{path}").close()
    revision, read_only = _inspect_sqlite(path, f"sqlite:///{path}")
    assert revision == head_revision()
    assert read_only is (not os.access(path, os.W_OK))


def test_an_empty_db_option_is_a_usage_error_not_the_default_database(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["--db", "", "status"])
    assert result.exit_code == 1
    assert "--db" in result.output and "Traceback" not in result.output


def test_an_up_to_date_database_opens_without_alembic(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = tmp_path / "fast.db"
    Database(f"sqlite:///{path}").close()
    code = (
        "import sys; from strideguard.store import Database; "
        f"Database({'sqlite:///' + str(path)!r}); print('alembic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
    assert revisions()[0] == "0001" and head_revision() == revisions()[-1]


def test_an_activity_id_beyond_any_integer_is_refused_naming_the_option(tmp_path: Path) -> None:
    db = str(tmp_path / "r.db")
    runner = CliRunner()
    assert runner.invoke(app, ["--db", db, "shoes", "add", "Road"]).exit_code == 0
    result = runner.invoke(app, ["--db", db, "shoes", "assign", "Road", "--activity", "99999999999999999999"])
    assert result.exit_code in (1, 2) and "Traceback" not in result.output
    assert "activity" in result.output


def test_a_huge_refused_value_is_not_echoed_whole(tmp_path: Path) -> None:
    from strideguard.errors import InputError

    message = str(InputError("notes", "x" * 1_000_000, "use at most 2000 characters"))
    assert len(message) < 200 and "(1,000,000 characters)" in message  # the value's length, not its repr's


def test_a_database_name_too_long_for_the_file_system_is_refused_in_one_short_line(tmp_path: Path) -> None:
    # Path.is_file() raises OSError (File name too long) instead of answering False: it was a traceback
    result = CliRunner().invoke(app, ["--db", str(tmp_path / ("x" * 5000)), "status"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "File name too long" in result.output and len(result.output) < 500
