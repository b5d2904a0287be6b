"""The one door to the database: SQLAlchemy Core tables, Alembic migrations, small repositories.

Nothing outside ``store/`` writes SQL. Every write runs in a transaction
(``Database.begin()``), so a run or a report is stored whole or not at all.

``Database`` and ``open_database`` are loaded on first use, so that a process
that only packs samples (``store.codec``: a bulk import's decoding workers)
does not load SQLAlchemy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .database import Database, open_database

__all__ = ["Database", "open_database"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import database  # noqa: PLC0415  (SQLAlchemy only when a database is opened)

        return getattr(database, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
