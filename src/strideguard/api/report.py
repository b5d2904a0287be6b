"""`report --out FILE.html`: one self-contained page for the runner or their physio.

Gathers, through the other api functions and ``store/``: the profile, the last
N weeks of load with spikes, every symptom report with the load before its
onset, and what was advised for it and why (the stored triage results).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from .. import DISCLAIMER, __version__
from ..days import day_or_today
from ..errors import InputError
from ..store import Database, open_database
from ..store import profile as profile_store
from ..store import symptoms as symptom_store
from ..userfiles import check_target, write_text
from . import web as web_views
from .episodes import episodes
from .profile import profile_show

MAX_WEEKS = 520  # the longest report (ten years), for the CLI's --weeks and the API's weeks


def _onset(report: dict[str, Any], reported_on: date) -> date:
    """The day the pain began: the report's date less ``duration_days`` when given."""
    days = report.get("duration_days")
    return reported_on - timedelta(days=int(days)) if isinstance(days, int) else reported_on


def report_data(db: Database | str | None, *, today: date | str | None = None, weeks: int = 12) -> dict[str, Any]:
    """Everything the report shows, JSON-ready (also what ``report --json`` prints)."""
    if isinstance(weeks, bool) or not isinstance(weeks, int) or not 1 <= weeks <= MAX_WEEKS:
        raise InputError("weeks", weeks, f"use a whole number of weeks from 1 to {MAX_WEEKS}")
    database = open_database(db)
    with database.connect() as conn:
        zone = profile_store.get(conn).get("timezone")
    day = day_or_today("date", today, zone)
    recent = web_views.history(database, weeks=weeks, until=day)
    whole = web_views.history(database, weeks=None, until=day)
    with database.connect() as conn:
        reports = symptom_store.list_reports(conn, until=day)
        advice = symptom_store.list_triage(conn, until=day)
    by_report: dict[int | None, list[dict[str, Any]]] = {}
    for entry in advice:
        by_report.setdefault(entry["symptom_id"], []).append(entry)
    timeline = []
    for rep in reports:
        reported_on = date.fromisoformat(rep["date"])
        onset = _onset(rep["report"], reported_on)
        timeline.append(
            {
                "id": rep["id"],
                "date": rep["date"],
                "onset": onset.isoformat(),
                "report": rep["report"],
                "disposition": rep["disposition"],
                "load_before_onset": web_views.load_before(whole, onset, days=28),
                "advice": by_report.get(rep["id"], []),
            }
        )
    spikes = [r for r in recent["runs"] if r["spike_level"] in ("caution", "high")]
    cited: dict[str, str] = {}
    for entry in advice:
        cited.update({str(k): str(v) for k, v in (entry["result"].get("sources") or {}).items()})
    return {
        "generated": day.isoformat(),
        "version": __version__,
        "weeks": weeks,
        "profile": profile_show(database),
        "history": recent,
        "weekly": web_views.weekly_totals(recent),
        "spikes": spikes,
        "symptoms": timeline,
        "episodes": episodes(database, day, closed=True),
        "unlinked_advice": by_report.get(None, []),
        "sources": dict(sorted(cited.items())),
        "disclaimer": DISCLAIMER,
    }


def report(
    db: Database | str | None,
    out: str | Path | None = None,
    *,
    today: date | str | None = None,
    weeks: int = 12,
) -> dict[str, Any]:
    """Write the HTML report to ``out`` (when given). Returns where, its size and what it covers."""
    from ..report import render  # noqa: PLC0415  (Jinja2 and plotly.js are only loaded when a report is made)

    target = None if out is None else check_target(out, "--out", "report.html")
    data = report_data(db, today=today, weeks=weeks)
    html = render(data)
    summary: dict[str, Any] = {
        "out": None if target is None else str(target),
        "bytes": len(html.encode("utf-8")),
        "from": data["history"]["start"],
        "to": data["history"]["end"],
        "runs": sum(1 for r in data["history"]["runs"] if r["distance_km"]),
        "spikes": len(data["spikes"]),
        "symptom_reports": len(data["symptoms"]),
    }
    if target is None:
        summary["html"] = html
    else:
        write_text(target, html, "--out")
    return summary
