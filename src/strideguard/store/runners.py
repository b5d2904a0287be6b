"""Each runner's own database on a multi-user server, opened for exactly one kind of access.

Every runner keeps a database of their own, the same one single-runner strideguard uses: a SQLite
file beside a SQLite server database, or a schema of a PostgreSQL server database (each connection
starts with ``search_path`` set to that schema only, so an unqualified table name can name nothing
else). The existing code path (``strideguard.api``) reads and writes it unchanged.

It is opened in one of three ways, each a separate ``Database`` (so nothing computed for one kind
of access, the web app's cached views included, is ever served to another):

- ``OWNER``: the runner themself, read and write; opening it migrates the schema.
- ``SYMPTOMS``: someone the runner shares training and symptoms with: read only (a SQLite
  ``mode=ro`` connection; a PostgreSQL connection with ``default_transaction_read_only``).
- ``TRAINING``: someone the runner shares training only with: read only, and through a projection
  that holds only the training tables: every other table reads as empty and the profile's and runs'
  health and free-text columns read as NULL (SQLite: temporary views that shadow the tables on each
  connection; PostgreSQL: a schema ``sg_runner_<key>_t`` of views). The projection is an allow-list
  (:data:`TRAINING_COLUMNS`): a table added later is hidden until it is named there.
"""

from __future__ import annotations

import shutil
import threading
from collections import OrderedDict
from enum import Enum
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from .database import Database, head_revision
from .server.database import ServerDatabase, check_key
from .tables import metadata


class Access(Enum):
    OWNER = "owner"
    SYMPTOMS = "training_and_symptoms"
    TRAINING = "training"


# The tables a training-only share shows, and the columns of each it shows (the rest read as NULL).
# Left out on purpose: symptom reports, episodes, triage results, morning check-ins (pain), wellness
# (sleep, resting heart rate, HRV), deleted items (they may hold a symptom report); the profile's
# height, weight and joint problems; the notes of a run or a pair of shoes and a run's how-it-felt note (free
# text may name a pain).
TRAINING_COLUMNS: dict[str, frozenset[str] | None] = {  # None: every column
    "activities": frozenset(c.name for c in metadata.tables["activities"].columns) - {"notes", "rpe_note"},
    "activity_samples": None,
    "activity_metrics": None,
    "shoes": frozenset(c.name for c in metadata.tables["shoes"].columns) - {"notes"},
    "profile": frozenset({"id", "name", "birth_year", "sex", "experience", "timezone", "updated_at", "language"}),
}

MAX_OPEN = 48  # open runner databases kept (least recently used closed first); each holds a small pool


def _projection(source: str, dialect: sa.engine.Dialect | None = None) -> list[tuple[str, str]]:
    """(table, SELECT) of the training projection over the tables of schema ``source`` (``main`` on SQLite).

    A hidden column reads as NULL of the column's own type (PostgreSQL types a bare NULL as text).
    """

    def hidden(column: sa.Column[Any]) -> str:
        if dialect is None:
            return f'NULL AS "{column.name}"'
        return f'CAST(NULL AS {column.type.compile(dialect=dialect)}) AS "{column.name}"'

    out = []
    for table in metadata.sorted_tables:
        shown = TRAINING_COLUMNS.get(table.name, frozenset())
        columns = ", ".join(f'"{c.name}"' if shown is None or c.name in shown else hidden(c) for c in table.columns)
        where = " WHERE 1 = 0" if table.name not in TRAINING_COLUMNS else ""
        out.append((table.name, f'SELECT {columns} FROM {source}."{table.name}"{where}'))
    return out


def _sqlite_training_views(dbapi_conn: Any, _record: Any) -> None:
    """On every connection of a training-only SQLite database: TEMP views that shadow its tables.

    SQLite resolves an unqualified name in ``temp`` before ``main``, so every query of the store reads
    the projection; the views live only in this connection.
    """
    cur = dbapi_conn.cursor()
    for name, select in _projection("main"):
        cur.execute(f'CREATE TEMP VIEW IF NOT EXISTS "{name}" AS {select}')
    cur.close()


class RunnerDatabase(Database):
    """A runner's database on the server: a small connection pool per runner on PostgreSQL."""

    @staticmethod
    def _make_engine(url: str, read_only: bool = False) -> Engine:
        if url.startswith("postgresql"):
            return sa.create_engine(url, pool_pre_ping=True, pool_size=1, max_overflow=7, pool_recycle=1800)
        return Database._make_engine(url, read_only)


class RunnerStore:
    """Opens runners' databases by data key and access; keeps the last :data:`MAX_OPEN` open."""

    def __init__(self, server: ServerDatabase, max_open: int = MAX_OPEN) -> None:
        self.server = server
        self.max_open = max_open
        self._open: OrderedDict[tuple[str, Access], Database] = OrderedDict()
        self._lock = threading.RLock()

    # --- where -----------------------------------------------------------------------------------

    def schema(self, key: str) -> str:
        return f"sg_runner_{check_key(key)}"

    def path(self, key: str) -> Path:
        folder = self.server.runners_dir
        if folder is None:
            raise ValueError("runners are PostgreSQL schemas on this server")
        return folder / f"{check_key(key)}.db"

    def url(self, key: str, access: Access) -> str:
        if not self.server.is_postgresql:
            return f"sqlite:///{self.path(key)}"
        schema = self.schema(key) + ("_t" if access is Access.TRAINING else "")
        options = f"-csearch_path={schema}"
        if access is not Access.OWNER:
            options += " -cdefault_transaction_read_only=on"
        base = sa.engine.make_url(self.server.url)
        given = base.query.get("options")
        if given:
            options = f"{given if isinstance(given, str) else ' '.join(given)} {options}"
        return base.update_query_dict({"options": options}).render_as_string(hide_password=False)

    def where(self, key: str) -> str:
        """Where a runner's data is, for messages: the file, or the PostgreSQL schema."""
        return f"schema {self.schema(key)}" if self.server.is_postgresql else str(self.path(key))

    # --- making and removing -------------------------------------------------------------------

    def create(self, key: str) -> None:
        """A new, empty runner database at the newest schema (and its training projection)."""
        if self.server.is_postgresql:
            with self.server.begin() as conn:
                conn.execute(sa.text(f'CREATE SCHEMA IF NOT EXISTS "{self.schema(key)}"'))
        else:
            self.path(key).parent.mkdir(parents=True, exist_ok=True)
        self.open(key, Access.OWNER)

    def remove(self, key: str) -> None:
        """Delete a runner's database for good (the file, or the schema and its projection)."""
        with self._lock:
            for access in Access:
                db = self._open.pop((key, access), None)
                if db is not None:
                    db.close()
        if self.server.is_postgresql:
            with self.server.begin() as conn:
                conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{self.schema(key)}_t" CASCADE'))
                conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{self.schema(key)}" CASCADE'))
        else:
            path = self.path(key)
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        if self.server.is_postgresql:
            with self.server.connect() as conn:
                found = conn.execute(
                    sa.text("SELECT 1 FROM information_schema.schemata WHERE schema_name = :s"), {"s": self.schema(key)}
                ).first()
            return found is not None
        return self.path(key).is_file()

    # --- opening ---------------------------------------------------------------------------------

    def open(self, key: str, access: Access) -> Database:
        """The runner's database for ``access`` (opened once, then kept among the last ``max_open``)."""
        with self._lock:
            found = self._open.get((key, access))
            if found is not None:
                self._open.move_to_end((key, access))
                return found
            if access is not Access.OWNER:
                self.open(key, Access.OWNER)  # migrates the schema (and rebuilds the projection) when due
            db = self._make(key, access)
            self._open[(key, access)] = db
            while len(self._open) > self.max_open:
                _, oldest = self._open.popitem(last=False)
                oldest.close()  # a request still using it keeps its connection; the next one reconnects
            return db

    def _make(self, key: str, access: Access) -> Database:
        url = self.url(key, access)
        if access is Access.OWNER:
            db = RunnerDatabase(url)
            if self.server.is_postgresql:
                self._ensure_projection(key)
            return db
        db = RunnerDatabase(url, read_only=True)
        db.read_only = True  # PostgreSQL too: begin() refuses, and derived caches are not written
        if access is Access.TRAINING and not self.server.is_postgresql:
            sa.event.listen(db.engine, "connect", _sqlite_training_views)
            db.engine.dispose()  # no connection made before the views were in place is ever used
        return db

    def _ensure_projection(self, key: str) -> None:
        """PostgreSQL: the schema of training views, rebuilt when the runner's schema revision changed."""
        source, target = self.schema(key), self.schema(key) + "_t"
        revision = head_revision()
        with self.server.begin() as conn:
            built = conn.execute(
                sa.text("SELECT 1 FROM information_schema.views WHERE table_schema = :s AND table_name = :v"),
                {"s": target, "v": f"projection_{revision}"},
            ).first()
            if built is not None:
                return
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{target}" CASCADE'))
            conn.execute(sa.text(f'CREATE SCHEMA "{target}"'))
            for name, select in _projection(f'"{source}"', conn.dialect):
                conn.execute(sa.text(f'CREATE VIEW "{target}"."{name}" AS {select}'))
            conn.execute(
                sa.text(f'CREATE VIEW "{target}".alembic_version AS SELECT version_num FROM "{source}".alembic_version')
            )
            conn.execute(sa.text(f'CREATE VIEW "{target}"."projection_{revision}" AS SELECT 1 AS built'))

    def copy_file(self, key: str, source: Path) -> None:
        """SQLite only: a runner's database from an existing file (benchmarks; the runner's own export)."""
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)

    def close(self) -> None:
        with self._lock:
            while self._open:
                _, db = self._open.popitem(last=False)
                db.close()
