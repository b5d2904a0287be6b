"""Runs entered by hand, and the stored activities."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime, timezone
from datetime import time as clock_time
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Connection

from ..domain import ParsedActivity
from ..errors import InputError, NotFoundError
from ..load.srpe import one_session
from ..schemas import RunInput, coerce_date, parse_day, validate
from ..store import Database, open_database
from ..store import activities as activity_store
from ..store import profile as profile_store
from ..store import shoes as shoe_store


def _zone(name: str | None) -> timezone | ZoneInfo:
    return ZoneInfo(name) if name else UTC


def run_add(
    db: Database | str | None,
    *,
    date: date | str,
    distance_km: float,
    duration_min: float,
    time: str | None = None,
    sport: str = "running",
    shoe: str | None = None,
    notes: str | None = None,
) -> dict[str, Any]:
    """Store a run typed in by hand. Returns ``{"status": "imported"|"duplicate", "activity_id": id}``."""
    run = validate(
        RunInput,
        {
            "date": coerce_date(date),
            "time": time,
            "distance_km": distance_km,
            "duration_min": duration_min,
            "sport": sport,
            "shoe": shoe,
            "notes": notes,
        },
    )
    database = open_database(db)
    with database.begin() as conn:
        activity_store.lock_for_write(conn)  # the duplicate check and the insert: one step across processes
        tz = _zone(profile_store.get(conn)["timezone"])
        hh, mm = (int(p) for p in (run.time or "12:00").split(":"))
        start = datetime.combine(run.date, clock_time(hh, mm), tzinfo=tz)
        distance_m = run.distance_km * 1000.0
        parsed = ParsedActivity(
            start_time=start,
            sport=run.sport,
            source_format="manual",
            distance_m=distance_m,
            elapsed_s=run.duration_min * 60.0,
            moving_s=run.duration_min * 60.0,
            tz_known=True,
        )
        key = json.dumps(
            {
                "start": parsed.start_time.isoformat(),
                "distance_m": distance_m,
                "duration_s": parsed.elapsed_s,
                "sport": run.sport,
            },
            sort_keys=True,
        )
        sha = hashlib.sha256(key.encode()).hexdigest()
        existing = activity_store.find_by_sha256(conn, sha)
        if existing is None:
            same = activity_store.find_same_run(conn, parsed.start_time, distance_m)
            existing = same.id if same else None
        if existing is not None:
            return {"status": "duplicate", "activity_id": existing}
        shoe_id = shoe_store.id_by_name(conn, run.shoe) if run.shoe else shoe_store.default_id(conn, run.date)
        new_id = activity_store.insert(conn, parsed, sha256=sha, source_file=None, shoe_id=shoe_id, notes=run.notes)
        return {"status": "imported", "activity_id": new_id}


def activities(
    db: Database | str | None, since: date | str | None = None, until: date | str | None = None
) -> list[dict[str, Any]]:
    """Stored activities (every sport), oldest first, as the contract's activity objects.

    Besides the contract's fields: ``name``, ``rpe`` and ``rpe_note`` (how the runner rated it),
    ``export_rpe`` (the effort an export carried) and ``session_rpe_load``.
    """
    lo = parse_day("since", since)
    hi = parse_day("until", until)
    if lo and hi and lo > hi:
        raise InputError("since", lo.isoformat(), "errors.since_after_until", until=hi.isoformat())
    database = open_database(db)
    with database.connect() as conn:
        return [with_session_rpe(activity_store.to_dict(row)) for row in activity_store.list_rows(conn, lo, hi)]


def with_session_rpe(activity: dict[str, Any]) -> dict[str, Any]:
    """The activity with ``session_rpe_load``: RPE (the runner's, else the export's) x minutes (Foster 2001)."""
    seconds = activity["moving_s"] if activity["moving_s"] else activity["elapsed_s"]
    minutes = None if seconds is None else seconds / 60.0
    load = one_session(activity["rpe"], activity["export_rpe"], minutes)
    return {**activity, "session_rpe_load": None if load is None else round(load, 1)}


def stored_activity(conn: Connection, activity_id: int) -> dict[str, Any]:
    """One stored activity as ``activities`` lists it."""
    row = activity_store.get_row(conn, activity_id)
    if row is None:
        raise NotFoundError("errors.run.not_found", id=activity_id)
    return with_session_rpe(activity_store.to_dict(row))


def activity(db: Database | str | None, activity_id: Any) -> dict[str, Any]:
    """One stored activity as ``activities`` lists it (NotFoundError when there is none)."""
    if isinstance(activity_id, bool) or not isinstance(activity_id, int | str) or not str(activity_id).isdigit():
        raise InputError("activity_id", activity_id, "errors.run.number")
    number = int(str(activity_id))
    database = open_database(db)
    with database.connect() as conn:
        if not 0 < number < 2**63:
            raise NotFoundError("errors.run.not_found", id=number)
        return stored_activity(conn, number)
