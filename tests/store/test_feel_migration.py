"""Migration 0005: a database at 0003 gains the check-in and deleted-item tables and keeps its data;
downgrading to 0003 removes them again and keeps the data too."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from strideguard import api
from strideguard.store import Database
from strideguard.store.database import MIGRATIONS

NEW_TABLES = {"checkins", "checkin_pains", "deleted_items"}


def _migrate(url: str, target: str, down: bool = False) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        cfg.attributes["connection"] = conn
        (command.downgrade if down else command.upgrade)(cfg, target)
    engine.dispose()


def test_a_database_at_0003_is_upgraded_with_its_runs_and_reports(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    _migrate(url, "0003")
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        assert not NEW_TABLES & set(sa.inspect(conn).get_table_names())
        conn.execute(
            sa.text(
                "INSERT INTO activities (start_time, utc_offset_min, local_date, sport, distance_m, elapsed_s,"
                " source_format, sha256, imported_at, rpe, export_rpe)"
                " VALUES ('2026-11-01 07:00:00', 60, '2026-11-01', 'running', 5000, 1800, 'manual', 'abc',"
                " '2026-11-01 09:00:00', NULL, 4.0)"
            )
        )
    engine.dispose()
    db = Database(url)  # opening migrates to the newest revision
    assert NEW_TABLES <= set(sa.inspect(db.engine).get_table_names())
    run = api.activities(db)[0]
    # export effort 4 x 30 min: the session load of a run the runner has not rated
    assert (run["rpe"], run["export_rpe"], run["session_rpe_load"]) == (None, 4.0, 120.0)
    assert api.checkins(db) == [] and api.deleted(db) == []
    db.close()


def test_downgrading_to_0003_drops_only_the_new_tables(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'down.db'}"
    db = Database(url)
    api.run_add(db, date="2026-11-01", distance_km=5, duration_min=30)
    api.checkin(db, "2026-11-02", stiffness=2)
    db.close()
    _migrate(url, "0003", down=True)
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        assert not NEW_TABLES & set(sa.inspect(conn).get_table_names())
        assert conn.execute(sa.text("SELECT count(*) FROM activities")).scalar_one() == 1
    engine.dispose()
