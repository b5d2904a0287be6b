"""Opening a database: engine, SQLite pragmas (WAL, foreign keys) and migrations on open."""

from __future__ import annotations

import os
import re
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import StaticPool

from ..config import resolve_db
from ..errors import Message, StoreError, Text, ValueRefused, shorten

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")


def _alembic_config() -> Config:
    from alembic.config import Config  # noqa: PLC0415  (Alembic is loaded only when a migration is due)

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


_REVISION = re.compile(r'^(revision|down_revision)\s*=\s*(None|"[^"]*")', re.MULTILINE)


@cache
def revisions() -> tuple[str, ...]:
    """Every revision the package ships, oldest first, read from the migration files (no Alembic import)."""
    return revision_chain(MIGRATIONS)


def revision_chain(migrations: Path) -> tuple[str, ...]:
    """The revisions of the Alembic folder ``migrations``, oldest first, from ``revision``/``down_revision``."""
    parents: dict[str, str | None] = {}
    for path in (migrations / "versions").glob("*.py"):
        found = dict(_REVISION.findall(path.read_text(encoding="utf-8")))
        if "revision" in found:
            down = found.get("down_revision", "None")
            parents[found["revision"].strip('"')] = None if down == "None" else down.strip('"')
    chain: list[str] = []
    current = next((r for r, parent in parents.items() if parent is None), None)
    while current is not None:
        chain.append(current)
        current = next((r for r, parent in parents.items() if parent == current), None)
    return tuple(chain)


def head_revision() -> str:
    return revisions()[-1]


def _sqlite_path(url: str) -> Path | None:
    if not url.startswith("sqlite:///") or url == "sqlite:///:memory:":
        return None
    return Path(url.removeprefix("sqlite:///"))


def _inspect_sqlite(path: Path, url: str) -> tuple[str | None, bool]:
    """(our revision or None for a new file, read-only?) of an existing SQLite file, read without changing it.

    Refuses a file that is not a database, a database of another program and one written by a newer
    strideguard, before anything (tables, WAL) is written to it.
    """
    read_only = not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK)
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            revision = None
            if "alembic_version" in tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = None if row is None else str(row[0])
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError(
            "errors.store.cannot_open", url=_shown(url), reason=str(exc), hint=Text("errors.store.is_it_ours")
        ) from None
    ours = {t.name for t in _metadata().sorted_tables}
    if revision is None and tables - {"sqlite_sequence"}:
        others = ", ".join(sorted(tables - ours)[:5]) or ", ".join(sorted(tables)[:5])
        raise StoreError("errors.store.not_ours", url=_shown(url), tables=others)
    if revision is not None and revision not in revisions():
        raise StoreError("errors.store.newer", url=_shown(url), revision=revision)
    return revision, read_only


def _metadata() -> sa.MetaData:
    from .tables import metadata  # noqa: PLC0415

    return metadata


def _shown(url: str) -> Message:
    """The URL for messages, with any password hidden (a path of thousands of characters cut to 300)."""
    try:
        return shorten(repr(sa.engine.make_url(url).render_as_string(hide_password=True)), 300)
    except sa.exc.ArgumentError:
        return shorten(repr(url), 300)


def _open_error(url: str, exc: sa.exc.DatabaseError) -> StoreError:
    """What a failed open means for the user: a wrong path or server, or a file that is not a database."""
    if isinstance(exc, sa.exc.OperationalError):
        hint = Text("errors.store.check_path")
    else:
        hint = Text("errors.store.is_it_ours")
    return StoreError("errors.store.cannot_open", url=_shown(url), reason=str(exc.orig), hint=hint)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def _sqlite_read_only_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


class Database:
    """One database: an engine plus transactions. Migrated to the newest schema on open.

    Opening checks the schema revision with one query and runs Alembic only when a migration
    is due. A SQLite file that is not strideguard's, or was written by a newer version, is
    refused before anything is written to it; a read-only file opens for reading.
    """

    def __init__(self, url: str, *, read_only: bool | None = None) -> None:
        """``read_only``: None to tell from the file's permissions, True to open a SQLite file for reading only."""
        self.url = url
        self.read_only = False
        self._writes = 0  # transactions run through begin(): part of data_version()
        self._watch: sqlite3.Connection | None = None  # asks SQLite's data_version (see data_version())
        self._watch_lock = threading.Lock()
        path = _sqlite_path(url)
        self._path = path
        current: str | None = None
        known = False
        try:
            existing = path is not None and path.is_file() and path.stat().st_size > 0
        except OSError as exc:  # a name too long for the file system, for one
            reason = exc.strerror or str(exc)
            raise StoreError(
                "errors.store.cannot_open", url=_shown(url), reason=reason, hint=Text("errors.store.give_db")
            ) from None
        if path is not None and existing:
            current, cannot_write = _inspect_sqlite(path, url)
            self.read_only = cannot_write if read_only is None else read_only
            known = True
        self.engine: Engine = self._make_engine(url, self.read_only)
        if not known:
            current = self._current_revision()
        if current != head_revision():
            if self.read_only:
                raise StoreError("errors.store.read_only_upgrade", url=_shown(url))
            self.migrate()

    @staticmethod
    def _make_engine(url: str, read_only: bool = False) -> Engine:
        try:
            if url.startswith("sqlite"):
                if url in ("sqlite://", "sqlite:///:memory:"):
                    engine = sa.create_engine(url, poolclass=StaticPool, connect_args={"check_same_thread": False})
                elif read_only:
                    path = Path(url.removeprefix("sqlite:///")).resolve()
                    engine = sa.create_engine(
                        f"sqlite:///{path.as_uri()}?mode=ro&uri=true",
                        connect_args={"check_same_thread": False, "timeout": 30},
                    )
                else:
                    path = Path(url.removeprefix("sqlite:///"))
                    path.parent.mkdir(parents=True, exist_ok=True)
                    engine = sa.create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
                sa.event.listen(engine, "connect", _sqlite_read_only_pragmas if read_only else _sqlite_pragmas)
            else:
                engine = sa.create_engine(url, pool_pre_ping=True)
        except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError, OSError) as exc:
            raise StoreError("errors.store.bad_url", url=_shown(url), reason=str(exc)) from None
        except ImportError as exc:
            raise StoreError("errors.store.no_driver", url=_shown(url), driver=exc.name) from None
        return engine

    def _current_revision(self) -> str | None:
        """The schema revision stored in the database (one query), None when it has none yet."""
        try:
            with self.engine.connect() as conn:
                if not sa.inspect(conn).has_table("alembic_version"):
                    return None
                return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
        except sa.exc.DatabaseError as exc:
            raise _open_error(self.url, exc) from None

    def migrate(self) -> None:
        """Apply every Alembic migration the database does not have yet."""
        from alembic import command  # noqa: PLC0415

        try:
            with self.engine.begin() as conn:
                cfg = _alembic_config()
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
        except sa.exc.DatabaseError as exc:
            raise _open_error(self.url, exc) from None

    def revision(self) -> str | None:
        return self._current_revision()

    def shown(self) -> str:
        """The database's URL for messages, with any password hidden."""
        try:
            return sa.engine.make_url(self.url).render_as_string(hide_password=True)
        except sa.exc.ArgumentError:
            return self.url

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A transaction: committed when the block ends, rolled back on any error.

        A value the database refuses (``DataError``: a number out of its range, a text too long or
        with a NUL character, invalid JSON) is a ``ValueRefused`` naming the database's reason; the
        callers check what users give, so this is the last guard, never a traceback.
        """
        if self.read_only:
            raise StoreError("errors.store.read_only", url=_shown(self.url))
        try:
            with self.engine.begin() as conn:
                yield conn
        except sa.exc.DataError as exc:
            reason = str(exc.orig).splitlines()[0] if exc.orig is not None else str(exc)
            raise ValueRefused("errors.store.value_refused", url=_shown(self.url), reason=reason) from None
        finally:
            self._writes += 1

    def data_version(self) -> tuple[int, int] | None:
        """A value that changes whenever the stored data may have changed; None when that cannot be known.

        Caches of computed views (status, plan, history) key on it, so that they compute once per change
        of the data. It reads, never writes: a transaction through :meth:`begin` bumps a counter in this
        object, and for a SQLite file SQLite's own ``PRAGMA data_version``, asked on a connection kept for
        it, changes whenever any other connection commits (another process's import as well as this
        process's own pool). Other databases (PostgreSQL) answer None: another process's writes cannot be
        seen without a query per table, so nothing is cached there.
        """
        if self.url.startswith("sqlite") and self._path is None:
            return (self._writes, 0)  # in memory: only this object can write
        if self._path is None:
            return None
        with self._watch_lock:
            try:
                if self._watch is None:
                    uri = f"{self._path.resolve().as_uri()}?mode=ro"
                    self._watch = sqlite3.connect(uri, uri=True, check_same_thread=False)
                row = self._watch.execute("PRAGMA data_version").fetchone()
            except sqlite3.Error:
                return None
        return (self._writes, int(row[0]))

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A read connection."""
        with self.engine.connect() as conn:
            yield conn

    def close(self) -> None:
        with self._watch_lock:
            if self._watch is not None:
                self._watch.close()
                self._watch = None
        self.engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_database(db: Database | str | None = None) -> Database:
    """A ``Database`` from an open one, a path or URL, or the configured default."""
    if isinstance(db, Database):
        return db
    return Database(resolve_db(db))
