"""`plan`: the next N days (sessions with dose, warm-up, strength, recovery), and the plan as a calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.engine import Connection

from ..days import day_or_today
from ..errors import InputError
from ..load import Runs, runs_from_columns
from ..plan import ics
from ..plan.core import MAX_DAYS, make_plan
from ..plan.model import History, PlanInputs
from ..store import Database, open_database
from ..store import activities as activity_store
from ..store import profile as profile_store
from ..store import shoes as shoe_store
from .episodes import load as load_episodes

_COLUMNS = ("id", "start_time", "local_date", "sport", "distance_m", "moving_s", "elapsed_s")


def _days(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_DAYS:
        raise InputError("days", value, "errors.plan.days", most=MAX_DAYS)
    return value


def plan_inputs(db: Database | str | None, days: int = 7, today: date | str | None = None) -> PlanInputs:
    """Everything the planner needs, read from the store (the planner itself reads nothing)."""
    n = _days(days)
    database = open_database(db)
    with database.connect() as conn:
        profile = profile_store.get(conn)
        day = day_or_today("date", today, profile.get("timezone"))
        rows = activity_store.list_rows(conn, None, day)
        columns = {c: [getattr(r, c) for r in rows] for c in _COLUMNS}
        return inputs_from(conn, profile, day, runs_from_columns(columns), n)


def inputs_from(conn: Connection, profile: dict[str, Any], day: date, runs: Runs, days: int) -> PlanInputs:
    """The planner's inputs from runs already loaded (``status`` shares them), plus reports and shoes."""
    history = History.from_runs(runs, day)
    episodes = tuple(load_episodes(conn, day))
    reports = tuple(sorted((r for e in episodes for r in e.reports), key=lambda r: (r.date, r.id or 0)))
    shoes = shoe_store.list_with_mileage(conn, until=day)
    return PlanInputs(
        today=day,
        profile=profile,
        history=history,
        reports=reports,
        shoes=tuple(shoes),
        days=days,
        episodes=episodes,
    )


def plan(db: Database | str | None, days: int = 7, today: date | str | None = None) -> dict[str, Any]:
    """The plan for the ``days`` days after ``today`` (default: today in the runner's time zone)."""
    return make_plan(plan_inputs(db, days, today)).to_dict()


def plan_ics(
    db: Database | str | None, days: int = 7, today: date | str | None = None, stamp: datetime | None = None
) -> str:
    """The plan as an RFC 5545 calendar (text with CRLF line ends) a phone can import."""
    return ics.to_ics(plan(db, days, today), stamp or datetime.now(UTC))
