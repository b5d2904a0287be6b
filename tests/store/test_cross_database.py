"""A runner moves between SQLite and PostgreSQL through export and restore, and nothing changes on the way.

The exports are compared as bytes: the same rows, numbers, times, blobs and JSON text, whichever
database wrote them. Skipped without a PostgreSQL server (STRIDEGUARD_TEST_PG_URL; scripts/test.sh starts one).
"""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from strideguard.cli import app
from tests.databases import PgServer


def _ok(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_postgresql_to_sqlite_and_back_is_byte_identical(
    pg_server: PgServer, pg_db_url: str, tmp_path: Path, test_files: Path
) -> None:
    # a realistic runner on PostgreSQL: the demo history, a real watch file, a shoe, a symptom episode resolved
    _ok("--db", pg_db_url, "demo", "--today", "2026-11-25", "--json")
    _ok("--db", pg_db_url, "import", str(test_files / "python-fitparse" / "garmin-fenix-5-run.fit"), "--json")
    _ok("--db", pg_db_url, "shoes", "add", "Trail pair ✓", "--json")
    episodes = json.loads(_ok("--db", pg_db_url, "symptom", "episodes", "--date", "2026-11-25", "--json"))
    _ok("--db", pg_db_url, "symptom", "resolve", str(episodes[0]["id"]), "--reason", "physio: fine", "--json")
    _ok("--db", pg_db_url, "status", "--date", "2026-11-25", "--json")  # caches the terrain/form metrics (JSON)

    from_pg = tmp_path / "from-postgresql.json"
    _ok("--db", pg_db_url, "export", "--out", str(from_pg))
    document = json.loads(from_pg.read_text(encoding="utf-8"))
    assert all(document["tables"][t] for t in ("activities", "activity_samples", "activity_metrics", "shoes"))

    sqlite_db = tmp_path / "moved.db"
    _ok("--db", str(sqlite_db), "restore", str(from_pg))
    from_sqlite = tmp_path / "from-sqlite.json"
    _ok("--db", str(sqlite_db), "export", "--out", str(from_sqlite))
    assert from_sqlite.read_bytes() == from_pg.read_bytes()

    back = pg_server.create(template=None)  # a bare database: migrated by the restore command itself
    try:
        _ok("--db", back, "restore", str(from_sqlite))
        again = tmp_path / "back-on-postgresql.json"
        _ok("--db", back, "export", "--out", str(again))
        assert again.read_bytes() == from_pg.read_bytes()
        # and the runner's status reads the same on both
        on_pg = json.loads(_ok("--db", back, "status", "--date", "2026-11-25", "--json"))
        on_sqlite = json.loads(_ok("--db", str(sqlite_db), "status", "--date", "2026-11-25", "--json"))
        assert on_pg == on_sqlite
    finally:
        pg_server.drop(back)
