"""Migrations: an empty database reaches the newest schema, which matches tables.py."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa

from strideguard.errors import StoreError
from strideguard.store import Database
from strideguard.store.database import head_revision
from strideguard.store.tables import metadata


def _url(target: str) -> str:
    return target if "://" in target else f"sqlite:///{target}"


@pytest.mark.both_databases
def test_empty_database_is_migrated_to_head(new_db: Callable[..., str]) -> None:
    db = Database(_url(new_db("new", migrated=False)))
    assert db.revision() == head_revision()
    names = set(sa.inspect(db.engine).get_table_names())
    assert {t.name for t in metadata.sorted_tables} <= names
    assert "alembic_version" in names
    db.close()


@pytest.mark.both_databases
def test_migrated_columns_match_the_table_definitions(new_db: Callable[..., str], backend: str) -> None:
    db = Database(_url(new_db("cols", migrated=False)))
    inspector = sa.inspect(db.engine)
    for table in metadata.sorted_tables:
        migrated = {c["name"]: c for c in inspector.get_columns(table.name)}
        assert set(migrated) == set(table.columns.keys()), table.name
        for column in table.columns:
            assert migrated[column.name]["nullable"] == column.nullable or column.primary_key, (table.name, column.name)
            # the same kind of value on both databases (PostgreSQL: DOUBLE PRECISION for Float, BYTEA for blobs,
            # TIMESTAMP WITHOUT TIME ZONE for the naive UTC times, BOOLEAN, JSON)
            kind = migrated[column.name]["type"]
            assert kind._type_affinity is column.type._type_affinity, (table.name, column.name, kind)
        uniques = {tuple(u["column_names"]) for u in inspector.get_unique_constraints(table.name)}
        for column in table.columns:
            if column.unique:
                assert (column.name,) in uniques, (table.name, column.name)
        keys = {(tuple(k["constrained_columns"]), k["referred_table"]) for k in inspector.get_foreign_keys(table.name)}
        assert keys == {((fk.parent.name,), fk.column.table.name) for fk in table.foreign_keys}, table.name
        indexed = {tuple(ix["column_names"]) for ix in inspector.get_indexes(table.name)}
        for index in table.indexes:
            assert tuple(c.name for c in index.columns) in indexed, (table.name, index.name)
    db.close()


@pytest.mark.both_databases
def test_reopening_does_not_migrate_again(new_db: Callable[..., str]) -> None:
    url = _url(new_db("twice", migrated=False))
    Database(url).close()
    db = Database(url)
    with db.connect() as conn:
        versions = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalars().all()
    assert versions == [head_revision()]
    db.close()


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
