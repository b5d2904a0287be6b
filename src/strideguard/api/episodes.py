"""Symptom episodes: `episodes` (the open ones, most urgent first) and `symptom_resolve` (close one by hand)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.engine import Connection

from ..days import day_or_today
from ..errors import ConflictError, InputError, NotFoundError
from ..store import Database, open_database
from ..store import profile as profile_store
from ..store import symptoms as symptom_store
from ..triage import episodes as episode_rules


def load(conn: Connection, until: date | None, only: int | None = None) -> list[episode_rules.Episode]:
    """The stored episodes (opened on or before ``until``) with their reports, oldest first."""
    reports: dict[int, list[episode_rules.Report]] = {}
    for row in symptom_store.list_reports(conn, until=until):
        reports.setdefault(int(row["episode_id"]), []).append(episode_rules.Report.from_stored(row))
    found = []
    for row in symptom_store.list_episodes(conn, until=until):
        if only is not None and row["id"] != only:
            continue
        found.append(
            episode_rules.Episode(
                key=episode_rules.EpisodeKey(row["region"], row["side"], row["site"]),
                opened_on=row["opened_on"],
                reports=tuple(reports.get(int(row["id"]), ())),
                id=int(row["id"]),
                closed_on=row["closed_on"],
                closed_reason=row["closed_reason"],
            )
        )
    return found


def episodes(
    db: Database | str | None, date: date | str | None = None, *, closed: bool = False
) -> list[dict[str, Any]]:
    """The episodes open on ``date`` (default today), most urgent first; with ``closed`` also the closed ones."""
    database = open_database(db)
    with database.connect() as conn:
        day = day_or_today("date", date, profile_store.get(conn).get("timezone"))
        found = load(conn, day)
    chosen = found if closed else episode_rules.open_on(found, day)
    return [e.state(day) for e in episode_rules.by_urgency(chosen, day)]


def symptom_resolve(
    db: Database | str | None, episode: Any, reason: Any, date: date | str | None = None
) -> dict[str, Any]:
    """Close an open episode by hand, with the runner's reason (e.g. "seen by a doctor: cleared to run")."""
    if isinstance(episode, bool) or not isinstance(episode, int | str) or not str(episode).lstrip("-").isdigit():
        raise InputError("episode", episode, "give the episode's number, as listed by `strideguard symptom episodes`")
    episode_id = int(str(episode))
    limit = episode_rules.rules().resolve.reason_max_length
    text = reason.strip() if isinstance(reason, str) else ""
    if not text or len(text) > limit:
        examples = "; ".join(f'"{e}"' for e in episode_rules.rules().resolve.examples)
        raise InputError("reason", reason, f"say in 1 to {limit} characters why it is resolved, e.g. {examples}")
    database = open_database(db)
    with database.begin() as conn:
        zone = profile_store.get(conn).get("timezone")
        day, today = day_or_today("date", date, zone), day_or_today("date", None, zone)
        row = symptom_store.get_episode(conn, episode_id) if 0 < episode_id < 2**62 else None
        if row is None:
            raise NotFoundError(f"episode: no episode {episode_id}; list them with `strideguard symptom episodes`")
        if row["closed_on"] is not None:
            closed_on = row["closed_on"].isoformat()
            raise ConflictError("episode", episode, f"this episode was already closed on {closed_on}")
        if day < row["opened_on"]:
            opened = row["opened_on"].isoformat()
            raise ConflictError(
                "date", day.isoformat(), f"the episode opened on {opened}; give that day or a later one"
            )
        if day > today:
            raise InputError("date", day.isoformat(), "a resolve date cannot be in the future; give today or earlier")
        symptom_store.close_episode(conn, episode_id, day, text)
        closed = load(conn, None, only=episode_id)[0]
    return closed.state(day)


def file_unfiled(conn: Connection) -> int:
    """Group reports that have no episode (a backup from before episodes) the way new reports are filed."""
    rows = symptom_store.unfiled_reports(conn)
    for episode in episode_rules.group([episode_rules.Report.from_stored(r) for r in rows]):
        key = episode.key
        episode_id = symptom_store.add_episode(conn, key.region, key.side, key.site, episode.opened_on)
        if episode.closed_on is not None:
            symptom_store.close_episode(conn, episode_id, episode.closed_on, episode.closed_reason or "settled")
        symptom_store.file_reports(conn, [int(r.id) for r in episode.reports if r.id is not None], episode_id)
    return len(rows)
