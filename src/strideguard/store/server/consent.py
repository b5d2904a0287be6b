"""Shares (who may see a runner's data, and what), invitations and the audit log, in the server's database."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..tables import inserted_id
from .tables import audit_log, invitations, runner_summaries, shares, users

viewers = users.alias("viewers")
runners = users.alias("runners")


def share_put(conn: Connection, runner_id: int, viewer_id: int, scope: str, now: datetime) -> None:
    """Share with ``viewer_id`` (a new share, or a new scope for an existing one)."""
    changed = conn.execute(
        sa.update(shares)
        .where(shares.c.runner_id == runner_id, shares.c.viewer_id == viewer_id)
        .values(scope=scope, created_at=now)
    ).rowcount
    if not changed:
        conn.execute(sa.insert(shares).values(runner_id=runner_id, viewer_id=viewer_id, scope=scope, created_at=now))


def share_remove(conn: Connection, runner_id: int, viewer_id: int) -> bool:
    return bool(
        conn.execute(sa.delete(shares).where(shares.c.runner_id == runner_id, shares.c.viewer_id == viewer_id)).rowcount
    )


def shares_of(conn: Connection, runner_id: int) -> list[dict[str, Any]]:
    """Who this runner shares with: username, role, scope, since."""
    rows = conn.execute(
        sa.select(viewers.c.username, viewers.c.role, shares.c.scope, shares.c.created_at)
        .join(viewers, viewers.c.id == shares.c.viewer_id)
        .where(shares.c.runner_id == runner_id)
        .order_by(viewers.c.username)
    )
    return [{"with": r.username, "role": r.role, "scope": r.scope, "since": r.created_at} for r in rows]


def grant(conn: Connection, runner_name: str, viewer_id: int) -> tuple[dict[str, Any], str] | None:
    """(the runner, the scope) when ``runner_name`` shares with ``viewer_id``; None otherwise."""
    row = conn.execute(
        sa.select(runners.c.id, runners.c.username, runners.c.role, runners.c.data_key, shares.c.scope)
        .join(shares, shares.c.runner_id == runners.c.id)
        .where(runners.c.username == runner_name, shares.c.viewer_id == viewer_id, runners.c.role == "runner")
    ).first()
    if row is None or row.data_key is None:
        return None
    return {"id": int(row.id), "username": row.username, "role": row.role, "data_key": row.data_key}, row.scope


def roster(conn: Connection, viewer_id: int) -> list[dict[str, Any]]:
    """Every runner sharing with ``viewer_id``, with the share's scope and the stored summary that scope may see
    (the full one only for ``training_and_symptoms``; None when there is none yet). Only that one is read."""
    summary = sa.type_coerce(
        sa.case(
            (shares.c.scope == "training_and_symptoms", runner_summaries.c.full),
            else_=runner_summaries.c.training,
        ),
        sa.JSON,
    )
    rows = conn.execute(
        sa.select(
            runners.c.id,
            runners.c.username,
            runners.c.data_key,
            shares.c.scope,
            runner_summaries.c.as_of,
            runner_summaries.c.computed_at,
            summary.label("summary"),
        )
        .join(shares, shares.c.runner_id == runners.c.id)
        .outerjoin(runner_summaries, runner_summaries.c.runner_id == runners.c.id)
        .where(shares.c.viewer_id == viewer_id, runners.c.role == "runner")
    )
    return [
        {
            "id": int(r.id),
            "username": r.username,
            "data_key": r.data_key,
            "scope": r.scope,
            "as_of": r.as_of,
            "computed_at": r.computed_at,
            "summary": r.summary if r.as_of is not None else None,
        }
        for r in rows
    ]


def roster_version(conn: Connection, viewer_id: int) -> tuple[Any, ...]:
    """A value that changes whenever the roster of ``viewer_id`` may have: a share added, removed or changed (its
    time is set on every change), a summary made again. One aggregate query over the viewer's shares."""
    row = conn.execute(
        sa.select(
            sa.func.count(shares.c.id),
            sa.func.coalesce(sa.func.sum(shares.c.id), 0),
            sa.func.max(shares.c.created_at),
            sa.func.max(runner_summaries.c.computed_at),
            sa.func.count(runner_summaries.c.runner_id),
        )
        .select_from(shares)
        .outerjoin(runner_summaries, runner_summaries.c.runner_id == shares.c.runner_id)
        .where(shares.c.viewer_id == viewer_id)
    ).one()
    return tuple(row)


# --- invitations ---------------------------------------------------------------------------------


def invitation_add(
    conn: Connection, runner_id: int, code_hash: str, scope: str, now: datetime, expires_at: datetime
) -> int:
    return inserted_id(
        conn.execute(
            sa.insert(invitations).values(
                runner_id=runner_id, code_hash=code_hash, scope=scope, created_at=now, expires_at=expires_at
            )
        )
    )


def invitation_take(conn: Connection, code_hash: str, now: datetime) -> dict[str, Any] | None:
    """The live invitation with this code, deleted as it is taken (one use); None when there is none."""
    row = conn.execute(
        sa.select(invitations, runners.c.username)
        .join(runners, runners.c.id == invitations.c.runner_id)
        .where(invitations.c.code_hash == code_hash, invitations.c.expires_at > now)
    ).first()
    if row is None:
        return None
    taken = conn.execute(sa.delete(invitations).where(invitations.c.id == row.id)).rowcount
    if not taken:  # another request took it first
        return None
    return {"id": int(row.id), "runner_id": int(row.runner_id), "runner": row.username, "scope": row.scope}


def invitation_peek(conn: Connection, code_hash: str, now: datetime) -> dict[str, Any] | None:
    row = conn.execute(
        sa.select(invitations.c.scope, invitations.c.expires_at, runners.c.username)
        .join(runners, runners.c.id == invitations.c.runner_id)
        .where(invitations.c.code_hash == code_hash, invitations.c.expires_at > now)
    ).first()
    return None if row is None else {"runner": row.username, "scope": row.scope, "expires_at": row.expires_at}


def invitations_of(conn: Connection, runner_id: int, now: datetime) -> list[dict[str, Any]]:
    rows = conn.execute(
        sa.select(invitations.c.id, invitations.c.scope, invitations.c.created_at, invitations.c.expires_at)
        .where(invitations.c.runner_id == runner_id, invitations.c.expires_at > now)
        .order_by(invitations.c.id)
    )
    return [{"id": int(r.id), "scope": r.scope, "created_at": r.created_at, "expires_at": r.expires_at} for r in rows]


def invitation_remove(conn: Connection, runner_id: int, invitation_id: int) -> bool:
    return bool(
        conn.execute(
            sa.delete(invitations).where(invitations.c.id == invitation_id, invitations.c.runner_id == runner_id)
        ).rowcount
    )


def invitations_prune(conn: Connection, now: datetime) -> None:
    conn.execute(sa.delete(invitations).where(invitations.c.expires_at <= now))


# --- audit ---------------------------------------------------------------------------------------


def audit_add(conn: Connection, entries: list[dict[str, Any]]) -> None:
    """Rows of ``audit_log``: runner_id, viewer_id, viewer, viewer_role, scope, method, path, at, client."""
    if entries:
        conn.execute(sa.insert(audit_log), entries)


def audit_of(conn: Connection, runner_id: int, limit: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        sa.select(audit_log)
        .where(audit_log.c.runner_id == runner_id)
        .order_by(audit_log.c.at.desc(), audit_log.c.id.desc())
        .limit(limit)
    )
    return [
        {
            "at": r.at,
            "viewer": r.viewer,
            "role": r.viewer_role,
            "scope": r.scope,
            "method": r.method,
            "path": r.path,
            "client": r.client,
        }
        for r in rows
    ]


# --- roster summaries ----------------------------------------------------------------------------


def summary_put(
    conn: Connection,
    runner_id: int,
    as_of: Any,
    timezone: str | None,
    full: dict[str, Any],
    training: dict[str, Any],
    now: datetime,
) -> None:
    values = {"as_of": as_of, "timezone": timezone, "computed_at": now, "full": full, "training": training}
    changed = conn.execute(
        sa.update(runner_summaries).where(runner_summaries.c.runner_id == runner_id).values(**values)
    ).rowcount
    if not changed:
        conn.execute(sa.insert(runner_summaries).values(runner_id=runner_id, **values))


def summary_states(conn: Connection) -> list[dict[str, Any]]:
    """Every runner with the day and time zone of their summary (None when there is none yet)."""
    rows = conn.execute(
        sa.select(runners.c.id, runners.c.data_key, runner_summaries.c.as_of, runner_summaries.c.timezone)
        .outerjoin(runner_summaries, runner_summaries.c.runner_id == runners.c.id)
        .where(runners.c.role == "runner", runners.c.data_key.is_not(None))
    )
    return [{"id": int(r.id), "data_key": r.data_key, "as_of": r.as_of, "timezone": r.timezone} for r in rows]


def summary_of(conn: Connection, runner_id: int) -> dict[str, Any] | None:
    row = conn.execute(sa.select(runner_summaries).where(runner_summaries.c.runner_id == runner_id)).first()
    if row is None:
        return None
    return {"as_of": row.as_of, "computed_at": row.computed_at, "full": row.full, "training": row.training}
