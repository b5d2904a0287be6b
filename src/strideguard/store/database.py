"""Opening a database: engine, SQLite pragmas (WAL, foreign keys) and migrations on open."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import StaticPool

from ..config import resolve_db
from ..errors import StoreError

MIGRATIONS = Path(__file__).with_name("migrations")


def _alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None  # the package always ships at least one migration
    return head


def _shown(url: str) -> str:
    """The URL for messages, with any password hidden."""
    try:
        return repr(sa.engine.make_url(url).render_as_string(hide_password=True))
    except sa.exc.ArgumentError:
        return repr(url)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


class Database:
    """One database: an engine plus transactions. Migrated to the newest schema on open."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine: Engine = self._make_engine(url)
        self.migrate()

    @staticmethod
    def _make_engine(url: str) -> Engine:
        try:
            if url.startswith("sqlite"):
                if url in ("sqlite://", "sqlite:///:memory:"):
                    engine = sa.create_engine(url, poolclass=StaticPool, connect_args={"check_same_thread": False})
                else:
                    path = Path(url.removeprefix("sqlite:///"))
                    path.parent.mkdir(parents=True, exist_ok=True)
                    engine = sa.create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
                sa.event.listen(engine, "connect", _sqlite_pragmas)
            else:
                engine = sa.create_engine(url, pool_pre_ping=True)
        except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError, OSError) as exc:
            raise StoreError(
                f"cannot open database {_shown(url)}: {exc}; give --db a file path or a SQLAlchemy URL"
            ) from None
        except ImportError as exc:
            raise StoreError(
                f"cannot open database {_shown(url)}: its driver is not installed ({exc.name}); "
                "for PostgreSQL run pip install 'strideguard[postgres]'"
            ) from None
        return engine

    def migrate(self) -> None:
        """Apply every Alembic migration the database does not have yet."""
        try:
            with self.engine.begin() as conn:
                cfg = _alembic_config()
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
        except sa.exc.OperationalError as exc:
            raise StoreError(
                f"cannot open database {_shown(self.url)}: {exc.orig}; check the path (or the server address and password)"
            ) from None
        except sa.exc.DatabaseError as exc:
            raise StoreError(
                f"cannot open database {_shown(self.url)}: {exc.orig}; is it a strideguard database (or a new file)?"
            ) from None

    def revision(self) -> str | None:
        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A transaction: committed when the block ends, rolled back on any error."""
        with self.engine.begin() as conn:
            yield conn

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A read connection."""
        with self.engine.connect() as conn:
            yield conn

    def close(self) -> None:
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
