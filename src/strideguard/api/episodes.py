"""Symptom episodes: `episodes` (the open ones, most urgent first) and `symptom_resolve` (close one by hand)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy.engine import Connection

from ..days import day_or_today
from ..errors import ConflictError, InputError, NotFoundError
from ..store import Database, open_database
from ..store import checkins as checkin_store
from ..store import profile as profile_store
from ..store import symptoms as symptom_store
from ..triage import episodes as episode_rules

SETTLED = "settled"  # closed_reason of an episode its own reports or check-ins closed


def _mornings(conn: Connection, until: date | None) -> dict[int, list[episode_rules.Morning]]:
    """Check-in pains by episode, oldest first: the one read of check-ins that status, plan and triage share."""
    found: dict[int, list[episode_rules.Morning]] = {}
    for row in checkin_store.mornings(conn, until):
        found.setdefault(int(row["episode_id"]), []).append(episode_rules.Morning(row["date"], int(row["pain"])))
    return found


def load(conn: Connection, until: date | None, only: int | None = None) -> list[episode_rules.Episode]:
    """The stored episodes (opened on or before ``until``) with their reports and check-ins, oldest first.

    This is where the morning check-ins join the pain-monitoring rules: every reader of episodes
    (status, plan, the web app, the report, the symptom log) gets them through here, and the triage
    of a new report through :func:`triage_history`.
    """
    reports: dict[int, list[episode_rules.Report]] = {}
    for row in symptom_store.list_reports(conn, until=until):
        reports.setdefault(int(row["episode_id"]), []).append(episode_rules.Report.from_stored(row))
    mornings = _mornings(conn, until)
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
                mornings=tuple(mornings.get(int(row["id"]), ())),
            )
        )
    return found


def triage_history(conn: Connection, since: date, until: date, exclude: int | None = None) -> list[dict[str, Any]]:
    """The earlier reports a new report's triage looks at, with the check-ins among them.

    Stored reports dated ``since``..``until`` (but ``exclude``, the report being edited), and each
    check-in pain as the history entry of the session before it: dated the day before its morning,
    the episode's region and side, and only ``pain_next_morning`` (so it counts for "worse next
    morning than before" and "mornings not settling", and for nothing else).
    """
    entries = [r["report"] for r in symptom_store.list_reports(conn, since=since, until=until) if r["id"] != exclude]
    keys = {int(r["id"]): r for r in symptom_store.list_episodes(conn, until=until)}
    for episode_id, mornings in _mornings(conn, until).items():
        episode = keys.get(episode_id)
        if episode is None:
            continue
        for m in mornings:
            session = m.date - timedelta(days=1)
            if since <= session < until:
                entry = {"date": session.isoformat(), "region": episode["region"], "pain_next_morning": m.pain}
                if episode["side"] is not None:
                    entry["side"] = episode["side"]
                entries.append(entry)
    return entries


def rederive(conn: Connection, episode_id: int, *, lift_resolve: bool = False) -> dict[str, Any] | None:
    """Bring a stored episode in line with its reports and check-ins after one of them changed.

    - no report left: the episode goes (its check-in pains with it); returns None;
    - it opens on its first report's day;
    - closed by the runner (a resolve): stays closed as they said, unless ``lift_resolve`` (an edit
      made one of its reports more urgent than when the runner resolved it: the resolve was about
      other facts, so the episode is judged again as if never resolved);
    - else it is closed on the day its own reports and check-ins settle it (``Episode.settled_on``),
      or open when they do not; it is never reopened while a later episode of the same body part
      exists (ConflictError: the caller's transaction is rolled back, nothing changes).

    Only this episode is touched: another body part's episode never changes.
    """
    row = symptom_store.get_episode(conn, episode_id)
    if row is None:
        return None
    first = symptom_store.first_report_day(conn, episode_id)
    if first is None:
        symptom_store.delete_episode(conn, episode_id)
        return None
    closed_on, reason = row["closed_on"], row["closed_reason"]
    if closed_on is None or reason == SETTLED or lift_resolve:
        episode = load(conn, None, only=episode_id)[0]
        settled = episode.settled_on()
        if settled is None and closed_on is not None:
            later = symptom_store.later_episode(conn, episode_id)
            if later is not None:
                label = episode_rules.label(episode.key)
                raise ConflictError(
                    "report",
                    episode_id,
                    "errors.episode.reopen",
                    label=label,
                    opened=row["opened_on"].isoformat(),
                    later=later["id"],
                    since=later["opened_on"].isoformat(),
                )
        closed_on, reason = (settled, SETTLED) if settled is not None else (None, None)
    symptom_store.set_episode(conn, episode_id, opened_on=first, closed_on=closed_on, closed_reason=reason)
    return symptom_store.get_episode(conn, episode_id)


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
        raise InputError("episode", episode, "errors.episode.number")
    episode_id = int(str(episode))
    limit = episode_rules.rules().resolve.reason_max_length
    from ..schemas import refuse_nul  # noqa: PLC0415  (pydantic only when a resolve is written)

    refuse_nul("reason", reason)
    text = reason.strip() if isinstance(reason, str) else ""
    if not text or len(text) > limit:
        examples = "; ".join(f'"{e}"' for e in episode_rules.rules().resolve.examples)
        raise InputError("reason", reason, "errors.episode.reason", most=limit, examples=examples)
    database = open_database(db)
    with database.begin() as conn:
        zone = profile_store.get(conn).get("timezone")
        day, today = day_or_today("date", date, zone), day_or_today("date", None, zone)
        row = symptom_store.get_episode(conn, episode_id)
        if row is None:
            raise NotFoundError("errors.episode.not_found", number=episode_id)
        if row["closed_on"] is not None:
            closed_on = row["closed_on"].isoformat()
            raise ConflictError("episode", episode, "errors.episode.closed", date=closed_on)
        if day < row["opened_on"]:
            opened = row["opened_on"].isoformat()
            raise ConflictError("date", day.isoformat(), "errors.episode.before_open", date=opened)
        if day > today:
            raise InputError("date", day.isoformat(), "errors.episode.resolve_future")
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
