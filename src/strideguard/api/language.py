"""The language the runner chose in their profile (the command line's default when neither --lang nor
STRIDEGUARD_LANG names one)."""

from __future__ import annotations

from ..store import Database, open_database
from ..store import profile as profile_store


def profile_language(db: Database | str | None) -> str | None:
    """The stored profile's ``language`` (``en``, ``ko``), or None when the runner has not chosen one."""
    database = open_database(db)
    with database.connect() as conn:
        lang = profile_store.get(conn)["language"]
    return str(lang) if lang else None
