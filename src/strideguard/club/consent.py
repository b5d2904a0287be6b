"""Consent: a runner shares with a coach or physio (by user name, or by an invitation code), chooses the scope
(training only, or training and symptoms) and revokes it at once; every view by someone else is audited.

A grant is looked up on every request (never cached), so a revoked share stops the next request.
An admin manages accounts and is never a viewer: shares go to coaches and physios only.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from ..errors import AccessRefused, InputError, NotFoundError
from ..store.runners import Access
from ..store.server import ServerDatabase
from ..store.server import accounts as account_store
from ..store.server import consent as store
from ..store.server.tables import SCOPES
from .accounts import User, username_of, utcnow

VIEWER_ROLES = ("coach", "physio")
INVITATION_DAYS = 7
AUDIT_LIMIT = 500  # rows GET /api/audit and the audit page show (newest first)


def scope_of(value: Any) -> str:
    if value not in SCOPES:
        raise InputError("scope", value, "errors.clubs.scope", scopes=", ".join(SCOPES))
    return str(value)


def iso(moment: datetime) -> str:
    """A stored UTC time as ISO 8601 with its offset."""
    return moment.isoformat(timespec="seconds") + "Z"


@dataclass(frozen=True)
class Grant:
    """What a request may read: whose data (``runner``, ``runner_id``, ``data_key``) and how (``access``)."""

    runner: str
    runner_id: int
    data_key: str
    access: Access

    @property
    def owner(self) -> bool:
        return self.access is Access.OWNER

    @property
    def symptoms(self) -> bool:
        return self.access is not Access.TRAINING


def _code_hash(code: str) -> str:
    return hashlib.sha256(code.strip().encode()).hexdigest()


def _runner_only(user: User) -> None:
    if not user.is_runner:
        raise AccessRefused(403, "errors.clubs.runners_only")


class Consent:
    def __init__(self, db: ServerDatabase) -> None:
        self.db = db

    # --- who may read what -----------------------------------------------------------------------

    def grant(self, viewer: User, runner_name: str | None) -> Grant | None:
        """The grant of ``viewer`` on ``runner_name`` (their own data when None or their own name); None when
        there is none. Unknown runners and runners who do not share answer alike (no account probing)."""
        if runner_name is None or runner_name.strip().lower() == viewer.username:
            if not viewer.is_runner or viewer.data_key is None:
                return None
            return Grant(viewer.username, viewer.id, viewer.data_key, Access.OWNER)
        with self.db.connect() as conn:
            found = store.grant(conn, runner_name.strip().lower(), viewer.id)
        if found is None:
            return None
        runner, scope = found
        return Grant(runner["username"], runner["id"], runner["data_key"], Access(scope))

    # --- sharing --------------------------------------------------------------------------------

    def _viewer(self, conn: Any, name: Any, field: str = "with") -> dict[str, Any]:
        username = username_of(name, field)
        row = account_store.by_name(conn, username)
        if row is None or row["role"] not in VIEWER_ROLES:
            raise NotFoundError("errors.clubs.no_viewer", name=username)
        return row

    def share(self, runner: User, with_name: Any, scope: Any) -> dict[str, Any]:
        _runner_only(runner)
        chosen = scope_of(scope)
        with self.db.begin() as conn:
            viewer = self._viewer(conn, with_name)
            store.share_put(conn, runner.id, int(viewer["id"]), chosen, utcnow())
        return {"with": viewer["username"], "role": viewer["role"], "scope": chosen}

    def revoke(self, runner: User, with_name: Any) -> dict[str, Any]:
        _runner_only(runner)
        name = username_of(with_name, "with")
        with self.db.begin() as conn:
            viewer = account_store.by_name(conn, name)
            if viewer is None or not store.share_remove(conn, runner.id, int(viewer["id"])):
                raise NotFoundError("errors.clubs.no_share", name=name)
        return {"with": name, "revoked": True}

    def shares(self, runner: User) -> list[dict[str, Any]]:
        _runner_only(runner)
        with self.db.connect() as conn:
            return [{**s, "since": iso(s["since"])} for s in store.shares_of(conn, runner.id)]

    # --- invitations -----------------------------------------------------------------------------

    def invite(self, runner: User, scope: Any) -> dict[str, Any]:
        """A one-use code (valid :data:`INVITATION_DAYS` days) a coach or physio redeems to get this share."""
        _runner_only(runner)
        chosen = scope_of(scope)
        code = secrets.token_urlsafe(12)
        now = utcnow()
        expires = now + timedelta(days=INVITATION_DAYS)
        with self.db.begin() as conn:
            store.invitations_prune(conn, now)
            number = store.invitation_add(conn, runner.id, _code_hash(code), chosen, now, expires)
        return {"id": number, "code": code, "path": f"/invite/{code}", "scope": chosen, "expires_at": iso(expires)}

    def invitations(self, runner: User) -> list[dict[str, Any]]:
        _runner_only(runner)
        with self.db.connect() as conn:
            rows = store.invitations_of(conn, runner.id, utcnow())
        return [
            {"id": r["id"], "scope": r["scope"], "created_at": iso(r["created_at"]), "expires_at": iso(r["expires_at"])}
            for r in rows
        ]

    def cancel_invitation(self, runner: User, number: int) -> dict[str, Any]:
        _runner_only(runner)
        with self.db.begin() as conn:
            if not store.invitation_remove(conn, runner.id, number):
                raise NotFoundError("errors.clubs.no_invitation")
        return {"id": number, "cancelled": True}

    def invitation(self, code: str) -> dict[str, Any] | None:
        """Whose live invitation this code is (for the page that asks to accept it), or None."""
        with self.db.connect() as conn:
            found = store.invitation_peek(conn, _code_hash(code), utcnow())
        return None if found is None else {**found, "expires_at": iso(found["expires_at"])}

    def accept(self, viewer: User, code: Any) -> dict[str, Any]:
        """Redeem an invitation: the runner now shares with ``viewer`` in the invitation's scope."""
        if viewer.role not in VIEWER_ROLES:
            raise AccessRefused(403, "errors.clubs.viewers_only")
        if not isinstance(code, str) or not code.strip() or len(code) > 100:
            raise InputError("code", code, "errors.clubs.code")
        now = utcnow()
        with self.db.begin() as conn:
            taken = store.invitation_take(conn, _code_hash(code), now)
            if taken is None:
                raise NotFoundError("errors.clubs.no_invitation")
            store.share_put(conn, taken["runner_id"], viewer.id, taken["scope"], now)
        return {"runner": taken["runner"], "scope": taken["scope"]}

    # --- the audit log ---------------------------------------------------------------------------

    def record(self, viewer: User, grants: list[Grant], method: str, path: str, client: str | None) -> None:
        """One audit row per runner whose data ``viewer`` is about to see (never for the runner's own views)."""
        now = utcnow()
        rows = [
            {
                "runner_id": g.runner_id,
                "viewer_id": viewer.id,
                "viewer": viewer.username,
                "viewer_role": viewer.role,
                "scope": g.access.value,
                "method": method,
                "path": path[:300],
                "at": now,
                "client": (client or "")[:64] or None,
            }
            for g in grants
            if not g.owner
        ]
        with self.db.begin() as conn:
            store.audit_add(conn, rows)

    def audit(self, runner: User, limit: int = AUDIT_LIMIT) -> list[dict[str, Any]]:
        _runner_only(runner)
        with self.db.connect() as conn:
            return [{**r, "at": iso(r["at"])} for r in store.audit_of(conn, runner.id, limit)]
