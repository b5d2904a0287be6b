"""`demo`: build the demo runner in a database and show today's status, triage and plan."""

from __future__ import annotations

from datetime import date
from typing import Any

from .. import demo as demo_data
from ..errors import InputError
from ..store import Database, dump, open_database
from ..store import activities as activity_store
from ..store import profile as profile_store
from ..store import shoes as shoe_store
from .plan import plan
from .status import status
from .triage import symptom_log


def demo(db: Database | str | None, today: date | None = None) -> dict[str, Any]:
    """(Re)build the demo runner in ``db``, which must be empty or hold an earlier demo.

    Returns what was stored plus today's status, the triage of the latest
    symptom report and the next week's plan.
    """
    database = open_database(db)
    day = today or date.today()
    data = demo_data.build(day)
    with database.begin() as conn:
        if not dump.is_empty(conn):
            if profile_store.get(conn)["name"] not in demo_data.demo_names():
                raise InputError("--db", database.url, "errors.demo.real_runner")
            dump.clear_all(conn)
        profile_store.update(conn, data.profile)
        shoe_id = shoe_store.add(
            conn,
            data.shoe["name"],
            brand=data.shoe["brand"],
            started_on=data.shoe["started_on"],
            initial_km=data.shoe["initial_km"],
            make_default=True,
        )
        for activity, sha in data.activities:
            activity_store.insert(
                conn, activity, sha256=sha, source_file=f"demo:{activity.start_time.date()}", shoe_id=shoe_id
            )
    triage = None
    for report in data.reports:
        triage = symptom_log(database, report)["triage"]
    return {
        "db": database.url,
        "today": day.isoformat(),
        "profile": data.profile,
        "activities": len(data.activities),
        "samples": sum(a.sample_count for a, _ in data.activities),
        "symptom_reports": len(data.reports),
        "status": status(database, day),
        "triage": triage,
        "plan": plan(database, days=7, today=day),
    }
