"""Symptom reports and their triage: `triage`, `symptom_log` (which files the report in its episode),
`symptom_list`."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from ..schemas import SymptomReport, parse_day, validate
from ..store import Database, open_database
from ..store import profile as profile_store
from ..store import symptoms as symptom_store
from ..triage import episodes as episode_rules
from ..triage import ruleset
from ..triage import triage as run_triage
from .episodes import load, triage_history
from .status import status as status_on

_LOAD_SIGNALS = ("session_spike", "weekly_change")


def parse_report(report_data: Any) -> SymptomReport:
    """A contract symptom report from JSON-like data (dates as YYYY-MM-DD text); InputError names the field."""
    return validate(SymptomReport, report_data)


def _history_window() -> int:
    rs = ruleset()
    return max(rs.history.ankle_injury_window_days, rs.history.knee_after_run_window_days, rs.history.trend_window_days)


def _context(
    database: Database, report: SymptomReport, exclude: int | None = None
) -> tuple[dict[str, Any], list[SymptomReport]]:
    """The stored profile and the earlier reports (check-ins among them) the history rules can look at."""
    since = report.date - timedelta(days=_history_window())
    with database.connect() as conn:
        profile = profile_store.get(conn)
        stored = triage_history(conn, since, report.date, exclude)
    history = [validate(SymptomReport, entry) for entry in stored]
    return profile, history


def _load_levels(database: Database, day: date) -> dict[str, str]:
    """Levels of the session-spike and weekly-change signals on the report's day.

    Nothing is caught here: without runs the signals are ``unknown`` (not an error), and a
    broken knowledge file or database must be reported, never turned into "no load data".
    """
    signals = status_on(database, day)["signals"]
    return {s["id"]: s["level"] for s in signals if s["id"] in _LOAD_SIGNALS}


def _run(database: Database, report: SymptomReport, exclude: int | None = None) -> dict[str, Any]:
    profile, history = _context(database, report, exclude)
    load = _load_levels(database, report.date)
    return run_triage(report, profile=profile, history=history, load=load).to_dict()


def triage(db: Database | str | None, report_data: Any) -> dict[str, Any]:
    """Triage one report with the stored profile, earlier reports and running load; stores nothing."""
    report = parse_report(report_data)
    return _run(open_database(db), report)


def symptom_log(db: Database | str | None, report_data: Any) -> dict[str, Any]:
    """Store a report and the triage given for it (with the rule version); return both."""
    report = parse_report(report_data)
    database = open_database(db)
    result = _run(database, report)
    stored = report.reported()
    key = episode_rules.key_of(stored)
    with database.begin() as conn:
        episode_id = symptom_store.open_episode_id(conn, key.region, key.side, key.site)
        if episode_id is None:
            episode_id = symptom_store.add_episode(conn, key.region, key.side, key.site, report.date)
        latest_before = symptom_store.latest_report_day(conn, episode_id)
        report_id = symptom_store.insert_report(conn, stored, episode_id)
        triage_id = symptom_store.insert_triage(conn, report_id, report.date, result, result["rules_version"])
        # only the episode's latest report may settle it (a back-dated one does not govern)
        governs = latest_before is None or report.date >= latest_before
        if governs and episode_rules.settles(stored, result["disposition"]):
            symptom_store.close_episode(conn, episode_id, report.date, "settled")
        episode = load(conn, None, only=episode_id)[0].state(max(report.date, latest_before or report.date))
    return {"report": {"id": report_id, **stored}, "triage": result, "triage_id": triage_id, "episode": episode}


def symptom_list(
    db: Database | str | None, since: date | str | None = None, until: date | str | None = None
) -> list[dict[str, Any]]:
    """Stored reports, oldest first, each with the disposition last given for it."""
    first, last = parse_day("since", since), parse_day("until", until)
    database = open_database(db)
    with database.connect() as conn:
        return symptom_store.list_reports(conn, since=first, until=last)
