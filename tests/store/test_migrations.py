"""Migrations: an empty database reaches the newest schema, which matches tables.py."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from strideguard.errors import StoreError
from strideguard.store import Database
from strideguard.store.database import head_revision
from strideguard.store.tables import metadata


def test_empty_file_is_migrated_to_head(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'new.db'}")
    assert db.revision() == head_revision()
    names = set(sa.inspect(db.engine).get_table_names())
    assert {t.name for t in metadata.sorted_tables} <= names
    assert "alembic_version" in names


def test_migrated_columns_match_the_table_definitions(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'cols.db'}")
    inspector = sa.inspect(db.engine)
    for table in metadata.sorted_tables:
        migrated = {c["name"]: c for c in inspector.get_columns(table.name)}
        assert set(migrated) == set(table.columns.keys()), table.name
        for column in table.columns:
            assert migrated[column.name]["nullable"] == column.nullable or column.primary_key, (table.name, column.name)
        uniques = {tuple(u["column_names"]) for u in inspector.get_unique_constraints(table.name)}
        for column in table.columns:
            if column.unique:
                assert (column.name,) in uniques, (table.name, column.name)


def test_reopening_does_not_migrate_again(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'twice.db'}"
    Database(url).close()
    db = Database(url)
    with db.connect() as conn:
        versions = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalars().all()
    assert versions == [head_revision()]


def test_sqlite_runs_with_wal_and_foreign_keys(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'p.db'}")
    with db.connect() as conn:
        assert conn.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(sa.text("PRAGMA foreign_keys")).scalar() == 1


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_text("these are my running notes, not a database\n" * 50)
    with pytest.raises(StoreError, match="strideguard database"):
        Database(f"sqlite:///{bogus}")


def test_missing_driver_or_unreachable_file_is_a_clear_error_that_hides_the_password(tmp_path: Path) -> None:
    import importlib.util

    url = "postgresql+psycopg://runner:s3cret@127.0.0.1:1/strideguard"
    if importlib.util.find_spec("psycopg") is None:
        expected = "driver is not installed"
    else:  # with the postgres extra installed nothing listens on port 1
        expected = "check the path"
    with pytest.raises(StoreError, match=expected) as info:
        Database(url)
    assert "s3cret" not in str(info.value) and "runner:***@" in str(info.value)
    with pytest.raises(StoreError, match="unable to open database file; check the path"):
        Database(f"sqlite:///{tmp_path}")  # a folder, not a file
