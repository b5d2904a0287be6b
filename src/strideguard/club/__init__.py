"""The multi-user server (clubs and clinics): accounts, consent, audit and the roster, over one database per runner.

``Club.open(url)`` opens the server's database (its own tables, ``store/server``) and gives each
runner's database (``store/runners.py``); ``strideguard.web`` serves it with ``serve --multi-user``.
"""

from __future__ import annotations

from ..store.runners import RunnerStore
from ..store.server import ServerDatabase
from .accounts import Accounts, User
from .consent import Consent, Grant
from .roster import Roster


class Club:
    """One multi-user server's accounts, consent, roster and runners' databases."""

    def __init__(self, db: ServerDatabase) -> None:
        self.db = db
        self.runners = RunnerStore(db)
        self.accounts = Accounts(db, self.runners)
        self.consent = Consent(db)
        self.roster = Roster(db, self.runners)

    @classmethod
    def open(cls, url: str) -> Club:
        return cls(ServerDatabase(url))

    def close(self) -> None:
        self.roster.stop()
        self.runners.close()
        self.db.close()

    def __enter__(self) -> Club:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = ["Accounts", "Club", "Consent", "Grant", "Roster", "User"]
