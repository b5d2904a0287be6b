"""Symptom reports, the triage results given for them and the episodes they belong to."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from .tables import inserted_id, storable_id, symptom_episodes, symptom_reports, triage_results


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def insert_report(conn: Connection, report: dict[str, Any], episode_id: int) -> int:
    """Store a validated report (its reported fields, JSON-ready) in an episode; return its id."""
    day = date.fromisoformat(report["date"])
    result = conn.execute(
        sa.insert(symptom_reports).values(
            date=day, region=report["region"], report=report, created_at=_now(), episode_id=episode_id
        )
    )
    # a report dated before the episode's first one moves its start back
    conn.execute(
        sa.update(symptom_episodes)
        .where(symptom_episodes.c.id == episode_id, symptom_episodes.c.opened_on > day)
        .values(opened_on=day)
    )
    return inserted_id(result)


def _is(column: sa.ColumnElement[Any], value: str | None) -> sa.ColumnElement[bool]:
    return column.is_(None) if value is None else column == value


def open_episode_id(conn: Connection, region: str, side: str | None, site: str | None) -> int | None:
    """The open episode of this body part, if any."""
    c = symptom_episodes.c
    query = (
        sa.select(c.id)
        .where(c.region == region, _is(c.side, side), _is(c.site, site), c.closed_on.is_(None))
        .order_by(c.id.desc())
        .limit(1)
    )
    found = conn.execute(query).scalar()
    return None if found is None else int(found)


def add_episode(conn: Connection, region: str, side: str | None, site: str | None, opened_on: date) -> int:
    row = conn.execute(
        sa.insert(symptom_episodes).values(region=region, side=side, site=site, opened_on=opened_on, created_at=_now())
    )
    return inserted_id(row)


def close_episode(conn: Connection, episode_id: int, on: date, reason: str) -> None:
    conn.execute(
        sa.update(symptom_episodes)
        .where(symptom_episodes.c.id == episode_id)
        .values(closed_on=on, closed_reason=reason)
    )


def latest_report_day(conn: Connection, episode_id: int) -> date | None:
    """The date of the episode's latest report."""
    found = conn.execute(
        sa.select(sa.func.max(symptom_reports.c.date)).where(symptom_reports.c.episode_id == episode_id)
    ).scalar()
    return found


def get_episode(conn: Connection, episode_id: int) -> dict[str, Any] | None:
    if not storable_id(episode_id):
        return None
    row = conn.execute(sa.select(symptom_episodes).where(symptom_episodes.c.id == episode_id)).mappings().first()
    return None if row is None else dict(row)


def list_episodes(conn: Connection, until: date | None = None) -> list[dict[str, Any]]:
    """Episodes opened on or before ``until`` (all when None), oldest first, as stored."""
    query = sa.select(symptom_episodes).order_by(symptom_episodes.c.opened_on, symptom_episodes.c.id)
    if until is not None:
        query = query.where(symptom_episodes.c.opened_on <= until)
    return [dict(r) for r in conn.execute(query).mappings()]


def insert_triage(
    conn: Connection, symptom_id: int | None, report_date: date, result: dict[str, Any], rule_version: str
) -> int:
    row = conn.execute(
        sa.insert(triage_results).values(
            symptom_id=symptom_id,
            report_date=report_date,
            disposition=result["disposition"],
            rule_version=rule_version,
            result=result,
            created_at=_now(),
        )
    )
    return inserted_id(row)


def list_reports(conn: Connection, since: date | None = None, until: date | None = None) -> list[dict[str, Any]]:
    """Reports oldest first, each with ``id`` and the latest triage disposition given for it."""
    latest = (
        sa.select(triage_results.c.disposition)
        .where(triage_results.c.symptom_id == symptom_reports.c.id)
        .order_by(triage_results.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    query = sa.select(symptom_reports, latest.label("disposition")).order_by(
        symptom_reports.c.date, symptom_reports.c.id
    )
    if since is not None:
        query = query.where(symptom_reports.c.date >= since)
    if until is not None:
        query = query.where(symptom_reports.c.date <= until)
    return [
        {
            "id": r.id,
            "date": r.date.isoformat(),
            "region": r.region,
            "report": dict(r.report),
            "disposition": r.disposition,
            "episode_id": r.episode_id,
        }
        for r in conn.execute(query)
    ]


def latest_triage(conn: Connection, on_or_before: date | None = None) -> dict[str, Any] | None:
    """The most recent stored triage (by report date, then id), with its result."""
    query = sa.select(triage_results).order_by(triage_results.c.report_date.desc(), triage_results.c.id.desc()).limit(1)
    if on_or_before is not None:
        query = query.where(triage_results.c.report_date <= on_or_before)
    row = conn.execute(query).first()
    if row is None:
        return None
    return {
        "id": row.id,
        "symptom_id": row.symptom_id,
        "report_date": row.report_date.isoformat(),
        "disposition": row.disposition,
        "rule_version": row.rule_version,
        "result": dict(row.result),
    }


def list_triage(conn: Connection, since: date | None = None, until: date | None = None) -> list[dict[str, Any]]:
    """Every stored triage (oldest first by report date), with its whole result: what was advised and why."""
    query = sa.select(triage_results).order_by(triage_results.c.report_date, triage_results.c.id)
    if since is not None:
        query = query.where(triage_results.c.report_date >= since)
    if until is not None:
        query = query.where(triage_results.c.report_date <= until)
    return [
        {
            "id": r.id,
            "symptom_id": r.symptom_id,
            "report_date": r.report_date.isoformat(),
            "disposition": r.disposition,
            "rule_version": r.rule_version,
            "created_at": r.created_at.isoformat(),
            "result": dict(r.result),
        }
        for r in conn.execute(query)
    ]


def unfiled_reports(conn: Connection) -> list[dict[str, Any]]:
    """Reports without an episode (restored from a backup written before episodes), as ``list_reports`` rows."""
    return [r for r in list_reports(conn) if r["episode_id"] is None]


def file_reports(conn: Connection, report_ids: list[int], episode_id: int) -> None:
    conn.execute(sa.update(symptom_reports).where(symptom_reports.c.id.in_(report_ids)).values(episode_id=episode_id))


def get_report(conn: Connection, report_id: int) -> dict[str, Any] | None:
    """One report as ``list_reports`` gives it (with its latest disposition), or None."""
    if not 0 < report_id < 2**62:
        return None
    latest = (
        sa.select(triage_results.c.disposition)
        .where(triage_results.c.symptom_id == symptom_reports.c.id)
        .order_by(triage_results.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    row = conn.execute(
        sa.select(symptom_reports, latest.label("disposition")).where(symptom_reports.c.id == report_id)
    ).first()
    if row is None:
        return None
    return {
        "id": row.id,
        "date": row.date.isoformat(),
        "region": row.region,
        "report": dict(row.report),
        "disposition": row.disposition,
        "episode_id": row.episode_id,
    }


def report_row(conn: Connection, report_id: int) -> Any:
    """The stored row itself (every column), for keeping it with a deletion."""
    return conn.execute(sa.select(symptom_reports).where(symptom_reports.c.id == report_id)).first()


def triage_rows(conn: Connection, report_id: int) -> list[Any]:
    """Every triage stored for a report (oldest first), as rows."""
    query = sa.select(triage_results).where(triage_results.c.symptom_id == report_id).order_by(triage_results.c.id)
    return list(conn.execute(query).all())


def episode_row(conn: Connection, episode_id: int) -> Any:
    return conn.execute(sa.select(symptom_episodes).where(symptom_episodes.c.id == episode_id)).first()


def update_report(conn: Connection, report_id: int, report: dict[str, Any], episode_id: int) -> None:
    """Replace a report's answers (and the episode it belongs to)."""
    conn.execute(
        sa.update(symptom_reports)
        .where(symptom_reports.c.id == report_id)
        .values(date=date.fromisoformat(report["date"]), region=report["region"], report=report, episode_id=episode_id)
    )


def delete_report(conn: Connection, report_id: int) -> None:
    """Delete a report and the triage results given for it."""
    conn.execute(sa.delete(triage_results).where(triage_results.c.symptom_id == report_id))
    conn.execute(sa.delete(symptom_reports).where(symptom_reports.c.id == report_id))


def report_count(conn: Connection, episode_id: int) -> int:
    query = sa.select(sa.func.count()).select_from(symptom_reports).where(symptom_reports.c.episode_id == episode_id)
    return int(conn.execute(query).scalar_one())


def first_report_day(conn: Connection, episode_id: int) -> date | None:
    found = conn.execute(
        sa.select(sa.func.min(symptom_reports.c.date)).where(symptom_reports.c.episode_id == episode_id)
    ).scalar()
    return found


def delete_episode(conn: Connection, episode_id: int) -> None:
    conn.execute(sa.delete(symptom_episodes).where(symptom_episodes.c.id == episode_id))


def set_episode(
    conn: Connection, episode_id: int, *, opened_on: date, closed_on: date | None, closed_reason: str | None
) -> None:
    conn.execute(
        sa.update(symptom_episodes)
        .where(symptom_episodes.c.id == episode_id)
        .values(opened_on=opened_on, closed_on=closed_on, closed_reason=closed_reason)
    )


def later_episode(conn: Connection, episode_id: int) -> dict[str, Any] | None:
    """An episode of the same body part started after this one (a report after it closed opened it)."""
    this = get_episode(conn, episode_id)
    if this is None:
        return None
    c = symptom_episodes.c
    query = (
        sa.select(symptom_episodes)
        .where(
            c.region == this["region"],
            _is(c.side, this["side"]),
            _is(c.site, this["site"]),
            c.id != episode_id,
            sa.or_(c.opened_on > this["opened_on"], sa.and_(c.opened_on == this["opened_on"], c.id > episode_id)),
        )
        .order_by(c.opened_on, c.id)
        .limit(1)
    )
    row = conn.execute(query).mappings().first()
    return None if row is None else dict(row)


def insert_rows(conn: Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """Put stored rows back as they were (ids included): undoing a deletion."""
    if rows:
        conn.execute(sa.insert(table), rows)
