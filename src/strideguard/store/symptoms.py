"""Symptom reports and the triage results given for them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from .tables import inserted_id, symptom_reports, triage_results


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def insert_report(conn: Connection, report: dict[str, Any]) -> int:
    """Store a validated report (its reported fields, JSON-ready); return its id."""
    result = conn.execute(
        sa.insert(symptom_reports).values(
            date=date.fromisoformat(report["date"]), region=report["region"], report=report, created_at=_now()
        )
    )
    return inserted_id(result)


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
