"""The databases the store, API and server tests run on: SQLite always, PostgreSQL as well when
``STRIDEGUARD_TEST_PG_URL`` names a server.

``bash scripts/test.sh`` starts a throwaway server itself (``scripts/pg.sh``: Debian's postgresql,
a new cluster in a temporary folder on a free port of 127.0.0.1) and CI requires it. The URL names
a role that may create databases, e.g. ``postgresql+psycopg://strideguard:PASSWORD@127.0.0.1:5433/postgres``;
each test gets a database of its own, copied from a template (``CREATE DATABASE ... TEMPLATE``:
a file copy, no migration per test), and dropped after it.

A test module opts in with ``pytestmark = pytest.mark.both_databases`` and takes its database
from the ``db_url`` or ``new_db`` fixtures (``tests/conftest.py``), which give a SQLite file path
or a PostgreSQL URL: both are what ``--db`` and ``open_database`` accept.
"""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.pool import NullPool

PG_ENV = "STRIDEGUARD_TEST_PG_URL"
PREFIX = "sgtest_"


def pg_url() -> str | None:
    return os.environ.get(PG_ENV) or None


def backends() -> list[str]:
    return ["sqlite", "postgresql"] if pg_url() else ["sqlite"]


class PgServer:
    """A PostgreSQL server the tests may create and drop databases on."""

    def __init__(self, url: str) -> None:
        self.base = sa.engine.make_url(url)
        self.admin: Engine = sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        self.session = uuid.uuid4().hex[:8]
        self._made: list[str] = []
        self._lock = threading.Lock()
        self._templates: dict[str, str] = {}

    def url(self, name: str) -> str:
        return self.base.set(database=name).render_as_string(hide_password=False)

    def _name(self, kind: str) -> str:
        return f"{PREFIX}{self.session}_{kind}_{uuid.uuid4().hex[:10]}"

    def create(self, template: str | None = None, kind: str = "db") -> str:
        """A new database (empty, or a copy of ``template``); its URL."""
        name = self._name(kind)
        source = f" TEMPLATE {template}" if template else ""
        with self._lock, self.admin.connect() as conn:
            conn.execute(sa.text(f"CREATE DATABASE {name}{source}"))
        self._made.append(name)
        return self.url(name)

    def template(self, key: str, build: Callable[[str], None]) -> str:
        """The name of a template database made once per session by ``build(url)``."""
        if key not in self._templates:
            url = self.create(kind=f"tpl_{key}")
            build(url)
            self._templates[key] = sa.engine.make_url(url).database or ""
        return self._templates[key]

    def drop(self, url: str) -> None:
        name = sa.engine.make_url(url).database
        with self.admin.connect() as conn:
            conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        if name in self._made:
            self._made.remove(name)

    def close(self) -> None:
        """Drop every database this session made (templates included)."""
        with self.admin.connect() as conn:
            for name in reversed(self._made):
                conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        self._made.clear()
        self.admin.dispose()
