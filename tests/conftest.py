"""Shared fixtures: the real activity files of ``tests/files`` and temporary databases."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.databases import PG_ENV, PgServer, backends, pg_url
from tests.pending_locale import session_fill

PROJECT_ROOT = Path(__file__).resolve().parents[1]
TEST_FILES = PROJECT_ROOT / "tests" / "files"


def repository_files(suffixes: tuple[str, ...] | None = None) -> list[str]:
    """Every activity file of ``tests/files`` (and ``invalid/``), relative to it; licences and notes left out."""
    skip = {"SOURCES.md", "derive.py", ".gitattributes"}
    out = []
    for p in TEST_FILES.rglob("*"):
        if not p.is_file() or p.name in skip or p.name.startswith("LICENSE"):
            continue
        if suffixes is None or p.suffix.lower() in suffixes:
            out.append(p.relative_to(TEST_FILES).as_posix())
    return sorted(out)


@pytest.fixture(scope="session")
def test_files() -> Path:
    """The folder of real test files (see tests/files/SOURCES.md for their origin and licence)."""
    return TEST_FILES


# --- databases: SQLite always, PostgreSQL too when STRIDEGUARD_TEST_PG_URL is set (tests/databases.py)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Tests marked ``both_databases`` that use the ``backend`` fixture (through ``db_url``, ``new_db``,
    ``demo_db``...) run once per database."""
    if "backend" in metafunc.fixturenames and metafunc.definition.get_closest_marker("both_databases"):
        metafunc.parametrize("backend", backends(), indirect=True)


@pytest.fixture()
def backend(request: pytest.FixtureRequest) -> str:
    """``sqlite`` or ``postgresql``; unmarked tests run on SQLite."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    url = pg_url()
    if url is None:  # a failure, never a skip: a skipped test proves nothing
        pytest.fail(
            f"{PG_ENV} is not set: run the suite with `bash scripts/test.sh` (it starts a throwaway PostgreSQL), "
            "or set it to a server of your own (tests/databases.py)"
        )
    server = PgServer(url)
    yield server
    server.close()


def _migrate(url: str) -> None:
    from strideguard.store import open_database

    open_database(url).close()


@pytest.fixture()
def new_db(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Callable[..., str]]:
    """Makes new, empty databases: a SQLite file path (migrated when first opened), or a PostgreSQL URL
    (a copy of a database migrated to the newest schema; ``migrated=False``: a bare new database)."""
    made: list[str] = []

    def make(name: str = "runner", migrated: bool = True) -> str:
        if backend == "sqlite":
            return str(tmp_path / f"{name}.db")
        server: PgServer = request.getfixturevalue("pg_server")
        url = server.create(template=server.template("head", _migrate) if migrated else None)
        made.append(url)
        return url

    yield make
    if made:
        server = request.getfixturevalue("pg_server")
        for url in made:
            server.drop(url)


@pytest.fixture()
def db_url(new_db: Callable[..., str]) -> str:
    """A new, empty database for one test, as ``--db`` takes it (SQLite file path or PostgreSQL URL)."""
    return new_db("runner")


@pytest.fixture()
def pg_db_url(pg_server: PgServer) -> Iterator[str]:
    """A new PostgreSQL database at the newest schema, for the tests about PostgreSQL itself (skipped without one)."""
    url = pg_server.create(template=pg_server.template("head", _migrate))
    yield url
    pg_server.drop(url)


@pytest.fixture(scope="session", autouse=True)
def pending_korean() -> Iterator[list[str]]:
    """Korean texts of locale files another issue-17 branch owns and has not delivered yet, marked ⟦ ⟧ (the
    names of those files; empty, and nothing changed, once every ``ko/`` file exists): tests/pending_locale.py."""
    yield from session_fill()
