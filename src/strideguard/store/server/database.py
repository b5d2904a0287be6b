"""The multi-user server's database: its own tables and migration chain, and where each runner's data lives.

A SQLite server database ``club.db`` keeps each runner's database as a file ``club-runners/<key>.db``
beside it; a PostgreSQL server database keeps each runner in a schema ``sg_runner_<key>`` of the
same database (``store/runners.py``). The server's tables never share a database file or schema
with a runner's: a runner's database stays exactly what single-runner strideguard reads.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from ...errors import StoreError, Text, ValueRefused
from ..database import Database, _shown, revision_chain

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
VERSION_TABLE = "strideguard_server_version"
RUNNER_MARKERS = frozenset({"alembic_version", "activities", "profile"})  # a single runner's database
DATA_KEY = re.compile(r"^[0-9a-f]{16,32}$")


@cache
def revisions() -> tuple[str, ...]:
    """The server's revisions, oldest first, read from its migration files."""
    return revision_chain(MIGRATIONS)


def head_revision() -> str:
    return revisions()[-1]


def _alembic_config() -> Config:
    from alembic.config import Config  # noqa: PLC0415

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def _not_a_server(url: str, tables: set[str]) -> StoreError:
    return StoreError(
        "errors.clubs.store.not_a_server", url=_shown(url), tables=", ".join(sorted(tables & RUNNER_MARKERS))
    )


class ServerDatabase:
    """The server's database: accounts, sessions, consent, audit and roster summaries. Migrated on open."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.sqlite_path: Path | None = None
        if url.startswith("sqlite"):
            if url in ("sqlite://", "sqlite:///:memory:"):
                raise StoreError("errors.clubs.store.in_memory")
            self.sqlite_path = Path(url.removeprefix("sqlite:///"))
            if self.sqlite_path.is_file() and self.sqlite_path.stat().st_size > 0:
                self._check_sqlite_file(self.sqlite_path)
        self.engine: Engine = Database._make_engine(url)
        try:
            with self.engine.connect() as conn:
                names = set(sa.inspect(conn).get_table_names())
                current = (
                    conn.execute(sa.text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()
                    if VERSION_TABLE in names
                    else None
                )
        except sa.exc.DatabaseError as exc:
            raise StoreError(
                "errors.store.cannot_open", url=_shown(url), reason=str(exc.orig), hint=Text("errors.store.check_path")
            ) from None
        if current is None and names & RUNNER_MARKERS:
            self.engine.dispose()
            raise _not_a_server(url, names)
        if current is not None and current not in revisions():
            raise StoreError("errors.clubs.store.newer", url=_shown(url), revision=current)
        if current != head_revision():
            self.migrate()

    def _check_sqlite_file(self, path: Path) -> None:
        try:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            try:
                names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            finally:
                conn.close()
        except sqlite3.DatabaseError as exc:
            hint = Text("errors.clubs.store.is_it_ours")
            raise StoreError("errors.store.cannot_open", url=_shown(self.url), reason=str(exc), hint=hint) from None
        if VERSION_TABLE not in names and names & RUNNER_MARKERS:
            raise _not_a_server(self.url, names)

    @property
    def is_postgresql(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    def migrate(self) -> None:
        from alembic import command  # noqa: PLC0415

        try:
            with self.engine.begin() as conn:
                cfg = _alembic_config()
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
        except sa.exc.DatabaseError as exc:
            raise StoreError("errors.clubs.store.cannot_migrate", url=_shown(self.url), reason=str(exc.orig)) from None

    def revision(self) -> str | None:
        with self.engine.connect() as conn:
            if not sa.inspect(conn).has_table(VERSION_TABLE):
                return None
            return conn.execute(sa.text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A transaction, committed at the end of the block, rolled back on any error."""
        try:
            with self.engine.begin() as conn:
                yield conn
        except sa.exc.DataError as exc:
            reason = str(exc.orig).splitlines()[0] if exc.orig is not None else str(exc)
            raise ValueRefused("errors.clubs.store.value_refused", reason=reason) from None

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    def shown(self) -> str:
        return str(_shown(self.url)).strip("'")  # a shortened URL is a Text: words in the current language

    # --- where each runner's database lives -----------------------------------------------------

    @property
    def runners_dir(self) -> Path | None:
        """The folder of the runners' SQLite files (None on PostgreSQL: runners are schemas there)."""
        if self.sqlite_path is None:
            return None
        return self.sqlite_path.with_name(self.sqlite_path.stem + "-runners")

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> ServerDatabase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def check_key(key: str) -> str:
    """A runner's data key as stored (hex): it becomes a file or schema name, so nothing else passes."""
    if not DATA_KEY.match(key):
        raise StoreError("errors.clubs.store.data_key", key=repr(key))
    return key
