"""`calendar`: past runs, planned sessions and symptom reports on one grid of weeks starting on Monday."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from ..days import day_or_today
from ..errors import InputError
from ..plan.core import MAX_DAYS
from ..store import Database, open_database
from ..store import activities as activity_store
from ..store import profile as profile_store
from ..store import symptoms as symptom_store
from .plan import plan
from .run_detail import pace_min_per_km

VIEWS = ("month", "week")


def _period(view: str, day: date) -> tuple[date, date, date, date]:
    """(first shown day, last shown day, the day the previous period shows, the next's) of a view around ``day``."""
    if view == "week":
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=6), start - timedelta(days=7), start + timedelta(days=7)
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    last = following - timedelta(days=1)
    start = first - timedelta(days=first.weekday())
    end = last + timedelta(days=6 - last.weekday())
    return start, end, (first - timedelta(days=1)).replace(day=1), following


def _run(row: Any) -> dict[str, Any]:
    seconds = row.moving_s if row.moving_s else row.elapsed_s
    return {
        "id": int(row.id),
        "sport": row.sport,
        "start_time": activity_store.to_dict(row)["start_time"],
        "distance_km": None if row.distance_m is None else round(float(row.distance_m) / 1000.0, 2),
        "duration_min": None if not seconds else round(float(seconds) / 60.0, 1),
        "pace_min_per_km": pace_min_per_km(row.distance_m, seconds),
    }


def calendar(db: Database | str | None, view: str = "month", date: date | str | None = None) -> dict[str, Any]:
    """The month (or week) around ``date`` (default today) as weeks of seven days, Monday first.

    Each day lists its runs (``id`` for the run page, pace in min/km), the planned session (from the
    planner, for the days it plans: at most ``MAX_DAYS`` ahead) and its symptom reports with the advice.
    """
    if view not in VIEWS:
        raise InputError("view", view, "errors.calendar.view")
    database = open_database(db)
    with database.connect() as conn:
        zone = profile_store.get(conn).get("timezone")
        today = day_or_today("date", None, zone)
        day = day_or_today("date", date, zone)
        start, end, previous, following = _period(view, day)
        rows = activity_store.list_rows(conn, start, end)
        reports = symptom_store.list_reports(conn, start, end)
    planned: dict[str, dict[str, Any]] = {}
    if end > today:
        wanted = min(MAX_DAYS, (end - today).days)
        for entry in plan(database, days=wanted, today=today)["days"]:
            if start.isoformat() <= entry["date"] <= end.isoformat():
                session = entry["session"]
                planned[entry["date"]] = {
                    key: session.get(key) for key in ("kind", "duration_min", "distance_km", "intensity")
                }
    days: dict[str, dict[str, Any]] = {}
    current = start
    while current <= end:
        key = current.isoformat()
        days[key] = {
            "date": key,
            "weekday": current.weekday(),
            "in_period": view == "week" or current.month == day.month,
            "today": current == today,
            "runs": [],
            "planned": planned.get(key),
            "symptoms": [],
        }
        current += timedelta(days=1)
    for row in rows:
        days[row.local_date.isoformat()]["runs"].append(_run(row))
    for report in reports:
        days[report["date"]]["symptoms"].append(
            {
                "id": report["id"],
                "region": report["region"],
                "side": report["report"].get("side"),
                "disposition": report["disposition"],
            }
        )
    ordered = list(days.values())
    return {
        "view": view,
        "date": day.isoformat(),
        "today": today.isoformat(),
        "start": start.isoformat(),
        "end": end.isoformat(),
        "previous": previous.isoformat(),
        "next": following.isoformat(),
        "weeks": [ordered[i : i + 7] for i in range(0, len(ordered), 7)],
    }
