"""Accounts, sessions and sign-in failures in the server's database."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..tables import inserted_id
from .tables import login_failures, sessions, users


def _user(row: Any) -> dict[str, Any]:
    return {
        "id": int(row.id),
        "username": row.username,
        "role": row.role,
        "data_key": row.data_key,
        "created_at": row.created_at,
        "password_changed_at": row.password_changed_at,
    }


def add(conn: Connection, username: str, role: str, password_hash: str, data_key: str | None, now: datetime) -> int:
    return inserted_id(
        conn.execute(
            sa.insert(users).values(
                username=username,
                role=role,
                password_hash=password_hash,
                data_key=data_key,
                created_at=now,
                password_changed_at=now,
            )
        )
    )


def by_name(conn: Connection, username: str) -> dict[str, Any] | None:
    row = conn.execute(sa.select(users).where(users.c.username == username)).first()
    return None if row is None else _user(row)


def by_id(conn: Connection, user_id: int) -> dict[str, Any] | None:
    row = conn.execute(sa.select(users).where(users.c.id == user_id)).first()
    return None if row is None else _user(row)


def password_hash(conn: Connection, user_id: int) -> str | None:
    return conn.execute(sa.select(users.c.password_hash).where(users.c.id == user_id)).scalar()


def every(conn: Connection) -> list[dict[str, Any]]:
    return [_user(r) for r in conn.execute(sa.select(users).order_by(users.c.username))]


def count_role(conn: Connection, role: str) -> int:
    return int(conn.execute(sa.select(sa.func.count()).select_from(users).where(users.c.role == role)).scalar() or 0)


def remove(conn: Connection, user_id: int) -> None:
    """The account and everything that hangs on it (sessions, shares, invitations, summary; the audit rows
    about the runner). Audit rows of what this account viewed keep its name (viewer_id becomes NULL)."""
    conn.execute(sa.delete(sessions).where(sessions.c.user_id == user_id))  # also without foreign keys enforced
    conn.execute(sa.delete(users).where(users.c.id == user_id))


def set_password(conn: Connection, user_id: int, new_hash: str, now: datetime) -> None:
    conn.execute(sa.update(users).where(users.c.id == user_id).values(password_hash=new_hash, password_changed_at=now))


# --- sessions ----------------------------------------------------------------------------------


def session_add(
    conn: Connection, user_id: int, token_hash: str, now: datetime, expires_at: datetime, client: str | None
) -> None:
    conn.execute(
        sa.insert(sessions).values(
            token_hash=token_hash, user_id=user_id, created_at=now, seen_at=now, expires_at=expires_at, client=client
        )
    )


def session_user(conn: Connection, token_hash: str, now: datetime, idle_since: datetime) -> dict[str, Any] | None:
    """The account of a live session (not expired, seen since ``idle_since``), with the session's id and seen_at."""
    row = conn.execute(
        sa.select(users, sessions.c.id.label("session_id"), sessions.c.seen_at.label("seen_at"))
        .join(sessions, sessions.c.user_id == users.c.id)
        .where(sessions.c.token_hash == token_hash, sessions.c.expires_at > now, sessions.c.seen_at > idle_since)
    ).first()
    if row is None:
        return None
    return {**_user(row), "session_id": int(row.session_id), "seen_at": row.seen_at}


def session_seen(conn: Connection, session_id: int, now: datetime) -> None:
    conn.execute(sa.update(sessions).where(sessions.c.id == session_id).values(seen_at=now))


def session_remove(conn: Connection, token_hash: str) -> int:
    return int(conn.execute(sa.delete(sessions).where(sessions.c.token_hash == token_hash)).rowcount or 0)


def sessions_remove_for(conn: Connection, user_id: int) -> int:
    return int(conn.execute(sa.delete(sessions).where(sessions.c.user_id == user_id)).rowcount or 0)


def sessions_prune(conn: Connection, now: datetime, idle_since: datetime) -> None:
    conn.execute(sa.delete(sessions).where(sa.or_(sessions.c.expires_at <= now, sessions.c.seen_at <= idle_since)))


# --- sign-in failures (rate limiting) ----------------------------------------------------------


def failures_since(conn: Connection, key: str, since: datetime) -> list[datetime]:
    """The times of the failures under ``key`` since ``since``, oldest first."""
    return list(
        conn.execute(
            sa.select(login_failures.c.at)
            .where(login_failures.c.key == key, login_failures.c.at > since)
            .order_by(login_failures.c.at)
        ).scalars()
    )


def failure_add(conn: Connection, keys: list[str], now: datetime) -> None:
    conn.execute(sa.insert(login_failures), [{"key": key, "at": now} for key in keys])


def failures_clear(conn: Connection, key: str) -> None:
    conn.execute(sa.delete(login_failures).where(login_failures.c.key == key))


def failures_prune(conn: Connection, before: datetime) -> None:
    conn.execute(sa.delete(login_failures).where(login_failures.c.at <= before))
