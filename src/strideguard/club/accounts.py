"""Accounts of a multi-user server: add, list, remove; sign in (rate-limited), sessions, sign out, change password.

Sessions live in the server's database (revocable at once): the browser holds a random token, the
database only its SHA-256. A session ends on sign-out, on a password change (every session of the
account), when the account is removed, after :data:`IDLE` without use and after :data:`LIFETIME`.
"""

from __future__ import annotations

import hashlib
import math
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from ..errors import AccessRefused, ConflictError, InputError, NotFoundError
from ..store.runners import RunnerStore
from ..store.server import ServerDatabase
from ..store.server import accounts as store
from ..store.server.tables import ROLES
from . import passwords

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")
LIFETIME = timedelta(days=30)
IDLE = timedelta(days=7)
SEEN_STEP = timedelta(minutes=5)  # a session's last use is written at most this often
WINDOW = timedelta(minutes=15)
USER_LIMIT = 5  # failed sign-ins per user name in WINDOW
ADDRESS_LIMIT = 20  # failed sign-ins per client address in WINDOW


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def username_of(value: Any, field: str = "username") -> str:
    """A user name as stored (lower case), or an ``InputError`` saying what one may be."""
    if not isinstance(value, str):
        raise InputError(field, value, "errors.clubs.username_text")
    name = value.strip().lower()
    if not USERNAME.match(name):
        raise InputError(field, value, "errors.clubs.username_form")
    return name


def role_of(value: Any) -> str:
    if value not in ROLES:
        raise InputError("role", value, "errors.clubs.role", roles=", ".join(ROLES))
    return str(value)


@dataclass(frozen=True)
class User:
    """A signed-in account (``session_id`` of the session that signed it in)."""

    id: int
    username: str
    role: str
    data_key: str | None
    session_id: int | None = None

    @property
    def is_runner(self) -> bool:
        return self.role == "runner" and self.data_key is not None


def _user(row: dict[str, Any]) -> User:
    return User(int(row["id"]), row["username"], row["role"], row["data_key"], row.get("session_id"))


def public(row: dict[str, Any]) -> dict[str, Any]:
    """An account as ``user list`` and ``GET /api/users`` show it (never the hash or the data key)."""
    return {"username": row["username"], "role": row["role"], "created_at": row["created_at"].isoformat() + "Z"}


class Accounts:
    def __init__(self, db: ServerDatabase, runners: RunnerStore, clock: Callable[[], datetime] = utcnow) -> None:
        self.db = db
        self.runners = runners
        self.clock = clock

    # --- the accounts themselves -------------------------------------------------------------------

    def add(self, username: str, role: str, password: str) -> dict[str, Any]:
        """A new account; a runner's gets an empty database of its own."""
        name = username_of(username)
        chosen = role_of(role)
        passwords.check_new(password, name)
        hashed = passwords.make(password)
        key = secrets.token_hex(8) if chosen == "runner" else None
        with self.db.begin() as conn:
            if store.by_name(conn, name) is not None:
                raise ConflictError("username", name, "errors.clubs.username_taken")
            store.add(conn, name, chosen, hashed, key, self.clock())
        if key is not None:
            try:
                self.runners.create(key)
            except Exception:
                with self.db.begin() as conn:  # no account without its database
                    row = store.by_name(conn, name)
                    if row is not None:
                        store.remove(conn, int(row["id"]))
                raise
        with self.db.connect() as conn:
            row = store.by_name(conn, name)
        if row is None:  # removed by another process in between
            raise NotFoundError("errors.clubs.no_account", name=name)
        return public(row)

    def every(self) -> list[dict[str, Any]]:
        with self.db.connect() as conn:
            return [public(r) for r in store.every(conn)]

    def remove(self, username: str, delete_data: bool = False) -> dict[str, Any]:
        """Remove an account: its sessions end at once. A runner's data is kept unless ``delete_data``."""
        name = username_of(username)
        with self.db.begin() as conn:
            row = store.by_name(conn, name)
            if row is None:
                raise NotFoundError("errors.clubs.no_account", name=name)
            if row["role"] == "admin" and store.count_role(conn, "admin") == 1:
                raise ConflictError("username", name, "errors.clubs.last_admin")
            store.remove(conn, int(row["id"]))
        kept: str | None = None
        if row["data_key"] is not None:
            if delete_data:
                self.runners.remove(row["data_key"])
            else:
                kept = self.runners.where(row["data_key"])
        return {**public(row), "removed": True, "data_deleted": bool(row["data_key"]) and delete_data, "data": kept}

    def by_name(self, username: str) -> User | None:
        with self.db.connect() as conn:
            row = store.by_name(conn, username.strip().lower())
        return None if row is None else _user(row)

    # --- signing in and out ------------------------------------------------------------------------

    def _limited(self, keys: list[tuple[str, int]], now: datetime) -> int | None:
        """Seconds to wait when any key has had its limit of failures within WINDOW, else None."""
        wait = 0.0
        with self.db.connect() as conn:
            for key, limit in keys:
                times = store.failures_since(conn, key, now - WINDOW)
                if len(times) >= limit:
                    free_at = times[len(times) - limit] + WINDOW  # when one of the counted failures expires
                    wait = max(wait, (free_at - now).total_seconds())
        return max(1, math.ceil(wait)) if wait > 0 else None

    def sign_in(self, username: Any, password: Any, client: str | None) -> tuple[User, str]:
        """(the account, a new session token); ``AccessRefused`` 401 for a wrong name or password, 429 when
        this name or this address has failed too often lately (the password is not even checked then)."""
        name = username.strip().lower()[:60] if isinstance(username, str) else ""
        now = self.clock()
        keys = [(f"user:{name}", USER_LIMIT), (f"addr:{client or 'unknown'}", ADDRESS_LIMIT)]
        wait = self._limited(keys, now)
        if wait is not None:
            raise AccessRefused(429, "errors.clubs.rate_limited", "password", retry_after=wait, seconds=wait)
        with self.db.connect() as conn:
            row = store.by_name(conn, name) if name else None
            stored = store.password_hash(conn, int(row["id"])) if row is not None else None
        given = password if isinstance(password, str) and len(password) <= passwords.MAX_LENGTH else ""
        ok = passwords.verify(stored or passwords.decoy(), given) and row is not None and stored is not None
        if not ok or row is None or stored is None:
            with self.db.begin() as conn:
                store.failure_add(conn, [key for key, _ in keys], now)
            raise AccessRefused(401, "errors.clubs.wrong_password", "password")
        token = secrets.token_urlsafe(32)
        with self.db.begin() as conn:
            store.failures_clear(conn, keys[0][0])
            if passwords.needs_rehash(stored):
                store.set_password(conn, int(row["id"]), passwords.make(given), row["password_changed_at"])
            store.session_add(conn, int(row["id"]), token_hash(token), now, now + LIFETIME, client)
            store.failures_prune(conn, now - WINDOW)
            store.sessions_prune(conn, now, now - IDLE)
        return _user(row), token

    def user_for(self, token: str | None) -> User | None:
        """The account of a live session token, or None (unknown, expired, idle too long, account removed)."""
        if not token or len(token) > 200:
            return None
        now = self.clock()
        with self.db.connect() as conn:
            row = store.session_user(conn, token_hash(token), now, now - IDLE)
        if row is None:
            return None
        if now - row["seen_at"] >= SEEN_STEP:
            with self.db.begin() as conn:
                store.session_seen(conn, int(row["session_id"]), now)
        return _user(row)

    def sign_out(self, token: str | None) -> bool:
        if not token:
            return False
        with self.db.begin() as conn:
            return store.session_remove(conn, token_hash(token)) > 0

    def change_password(self, user: User, current: Any, new: Any, client: str | None) -> str:
        """Change the password; every session of the account ends, and a new one (returned) begins here."""
        with self.db.connect() as conn:
            stored = store.password_hash(conn, user.id)
        if stored is None:
            raise AccessRefused(401, "errors.clubs.signed_out")
        if not isinstance(current, str) or not passwords.verify(stored, current):
            raise AccessRefused(403, "errors.clubs.current_password", "current_password")
        passwords.check_new(new, user.username, "new_password")
        token = secrets.token_urlsafe(32)
        now = self.clock()
        with self.db.begin() as conn:
            store.set_password(conn, user.id, passwords.make(new), now)
            store.sessions_remove_for(conn, user.id)
            store.session_add(conn, user.id, token_hash(token), now, now + LIFETIME, client)
        return token
