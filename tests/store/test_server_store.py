"""The multi-user server's store: its own migrations, and each runner's database opened for one kind of access.

On SQLite and PostgreSQL: the server's migrated tables match ``store/server/tables.py``; a server
database and a runner's database refuse to be taken for each other; a share opens the runner's
database read-only at the connection (a write in plain SQL fails, not only ``begin()``); a
training-only share reads the runner's database through a projection in which every symptom
table is empty and the health columns are NULL, while the training tables read the same.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import sqlalchemy as sa

from strideguard import api
from strideguard.errors import StoreError
from strideguard.store import Database
from strideguard.store.runners import TRAINING_COLUMNS, Access, RunnerStore
from strideguard.store.server import ServerDatabase
from strideguard.store.server.database import VERSION_TABLE, head_revision
from strideguard.store.server.tables import metadata as server_metadata
from strideguard.store.tables import metadata as runner_metadata

pytestmark = pytest.mark.both_databases

KEY = "0123456789abcdef"


def _url(target: str) -> str:
    return target if "://" in target else f"sqlite:///{target}"


@pytest.fixture()
def server(new_db: Callable[..., str]) -> Iterator[ServerDatabase]:
    db = ServerDatabase(_url(new_db("server", migrated=False)))
    yield db
    db.close()


@pytest.fixture(scope="module")
def demo_export(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The demo runner's data as an export document (made once)."""
    with Database(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}") as db:
        api.demo(db)
        return api.export(db)


@pytest.fixture()
def demo_runner(server: ServerDatabase, demo_export: dict[str, Any]) -> Iterator[RunnerStore]:
    """A runner (data key KEY) holding the demo runner's data, restored from its export."""
    runners = RunnerStore(server)
    runners.create(KEY)
    api.restore(runners.open(KEY, Access.OWNER), demo_export)
    yield runners
    runners.close()


def test_server_migrations_make_exactly_the_server_tables(server: ServerDatabase) -> None:
    assert server.revision() == head_revision()
    inspector = sa.inspect(server.engine)
    names = set(inspector.get_table_names())
    assert {t.name for t in server_metadata.sorted_tables} | {VERSION_TABLE} <= names
    assert not names & {t.name for t in runner_metadata.sorted_tables}  # no runner table in the server's database
    for table in server_metadata.sorted_tables:
        migrated = {c["name"]: c for c in inspector.get_columns(table.name)}
        assert set(migrated) == set(table.columns.keys()), table.name
        for column in table.columns:
            assert migrated[column.name]["nullable"] == column.nullable or column.primary_key, (table.name, column.name)
            assert migrated[column.name]["type"]._type_affinity is column.type._type_affinity, (table.name, column.name)
        keys = {(tuple(k["constrained_columns"]), k["referred_table"]) for k in inspector.get_foreign_keys(table.name)}
        assert keys == {((fk.parent.name,), fk.column.table.name) for fk in table.foreign_keys}, table.name
        indexed = {tuple(ix["column_names"]) for ix in inspector.get_indexes(table.name)}
        for index in table.indexes:
            assert tuple(c.name for c in index.columns) in indexed, (table.name, index.name)


def test_a_runner_database_is_refused_as_a_server_database(new_db: Callable[..., str]) -> None:
    runner = new_db("runner")  # migrated to the runner schema
    Database(_url(runner)).close()
    with pytest.raises(StoreError, match="holds one runner's data"):
        ServerDatabase(_url(runner))


def test_reopening_a_server_database_keeps_its_data(new_db: Callable[..., str]) -> None:
    url = _url(new_db("server", migrated=False))
    with ServerDatabase(url) as first, first.begin() as conn:
        conn.execute(sa.text("INSERT INTO login_failures (key, at) VALUES ('user:x', '2026-12-01 10:00:00')"))
    with ServerDatabase(url) as again, again.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM login_failures")).scalar() == 1


def test_every_access_opens_the_runners_own_database(demo_runner: RunnerStore) -> None:
    own = demo_runner.open(KEY, Access.OWNER)
    shared = demo_runner.open(KEY, Access.SYMPTOMS)
    assert api.export(shared)["tables"] == api.export(own)["tables"]
    assert len(api.symptom_list(shared)) == 3  # the demo runner's three reports
    assert demo_runner.open(KEY, Access.OWNER) is own  # kept open


def test_a_share_is_read_only_at_the_connection(demo_runner: RunnerStore) -> None:
    for access in (Access.SYMPTOMS, Access.TRAINING):
        viewer = demo_runner.open(KEY, access)
        with pytest.raises(StoreError, match="read-only"):
            with viewer.begin():
                pass
        # not only begin(): the connection itself refuses a write (SQLite mode=ro; PostgreSQL read-only transactions)
        with pytest.raises(sa.exc.DBAPIError), viewer.engine.begin() as conn:
            conn.execute(sa.text("UPDATE shoes SET name = 'changed'"))
    own = demo_runner.open(KEY, Access.OWNER)
    assert [s["name"] for s in api.shoes_list(own)] == ["Demo trainers"]


def test_training_only_reads_no_symptom_health_or_free_text(demo_runner: RunnerStore) -> None:
    own = demo_runner.open(KEY, Access.OWNER)
    with own.begin() as conn:  # free text a runner might write about a pain
        conn.execute(sa.text("UPDATE activities SET notes = 'knee hurt', rpe_note = 'sore knee' WHERE id = 1"))
    api.profile_set(own, weight_kg=66.0, height_cm=168.0, joint_problems=["knee"])
    training = demo_runner.open(KEY, Access.TRAINING)
    with training.connect() as conn:
        for table in runner_metadata.sorted_tables:
            count = conn.execute(sa.select(sa.func.count()).select_from(table)).scalar()
            if table.name not in TRAINING_COLUMNS:
                assert count == 0, table.name  # symptoms, episodes, triage, check-ins, wellness, trash: empty
        assert conn.execute(sa.text("SELECT count(*) FROM symptom_reports")).scalar() == 0  # plain SQL too
    with own.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM symptom_reports")).scalar() == 3
    assert api.symptom_list(training) == [] and api.episodes(training) == []
    profile = api.profile_show(training)
    assert profile["name"] == "Demo Runner" and profile["birth_year"] == 1992
    assert profile["weight_kg"] is None and profile["height_cm"] is None and profile["joint_problems"] is None
    runs, seen = api.activities(own), api.activities(training)
    assert len(seen) == len(runs) == 73
    assert seen[0]["notes"] is None and seen[0]["rpe_note"] is None and runs[0]["notes"] == "knee hurt"
    hidden = {"notes", "rpe_note"}
    assert [{k: v for k, v in r.items() if k not in hidden} for r in seen] == [
        {k: v for k, v in r.items() if k not in hidden} for r in runs
    ]
    assert api.run_detail(training, 10)["course"] == api.run_detail(own, 10)["course"]  # samples are training
    assert api.status(training)["episodes"] == []
    assert api.status(own)["episodes"] != []  # the demo's knee is still open today


def test_every_runner_table_is_classified() -> None:
    """The projection is an allow-list: a table not named in TRAINING_COLUMNS reads empty, and each name exists."""
    names = {t.name for t in runner_metadata.sorted_tables}
    assert set(TRAINING_COLUMNS) <= names
    for table, columns in TRAINING_COLUMNS.items():
        assert columns is None or columns <= set(runner_metadata.tables[table].columns.keys()), table
    assert {"symptom_reports", "symptom_episodes", "triage_results", "checkins", "checkin_pains"} <= names - set(
        TRAINING_COLUMNS
    )


def test_removing_a_runner_deletes_their_database(demo_runner: RunnerStore) -> None:
    assert demo_runner.exists(KEY)
    demo_runner.remove(KEY)
    assert not demo_runner.exists(KEY)
