"""`report --out FILE.html|FILE.pdf [--from DATE] [--to DATE]`: the report for the runner or their physio.

Gathers, through the other api functions and ``store/``: the profile, the load
of the last N weeks (or of a date range) with spikes, every symptom report with
the load before its onset, and what was advised for it and why (the stored
triage results). The file's extension chooses the format: ``.pdf`` is a printed
document (static charts, the raw data attached as CSV files), anything else the
self-contained HTML page.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from .. import __version__, knowledge
from ..days import day_or_today, parse_day
from ..errors import InputError
from ..store import Database, open_database
from ..store import profile as profile_store
from ..store import symptoms as symptom_store
from ..triage.wording import in_current_language
from ..userfiles import check_target, write_text
from . import web as web_views
from .episodes import episodes
from .profile import profile_show
from .wellness import before_spikes
from .wellness import wellness as wellness_view

MAX_WEEKS = 520  # the longest report (ten years), for the CLI's --weeks and the API's weeks


def _onset(report: dict[str, Any], reported_on: date) -> date:
    """The day the pain began: the report's date less ``duration_days`` when given."""
    days = report.get("duration_days")
    return reported_on - timedelta(days=int(days)) if isinstance(days, int) else reported_on


def _period(
    zone: str | None, today: date | str | None, start: date | str | None, end: date | str | None
) -> tuple[date | None, date]:
    """(first day or None for "the last N weeks", last day) of the report, checked."""
    to_day = parse_day("to", end)
    given = parse_day("date", today)
    if to_day is not None and given is not None and to_day != given:
        raise InputError("to", to_day, "errors.report.to_or_date", date=given.isoformat())
    last = to_day or day_or_today("date", given, zone)
    first = parse_day("from", start)
    if first is not None:
        if first > last:
            raise InputError("from", first, "errors.report.from_after", last=last.isoformat())
        if (last - first).days + 1 > 7 * MAX_WEEKS:
            raise InputError("from", first, "errors.report.too_long", most=MAX_WEEKS)
    return first, last


def _in_range(episode: dict[str, Any], first: date | None) -> bool:
    """An episode that was open on some day of the report (all of them when it has no first day)."""
    return first is None or episode["open"] or (episode["closed_on"] or "") >= first.isoformat()


def report_data(
    db: Database | str | None,
    *,
    today: date | str | None = None,
    weeks: int = 12,
    start: date | str | None = None,
    end: date | str | None = None,
) -> dict[str, Any]:
    """Everything the report shows, JSON-ready (also what ``report --json`` prints).

    The period is the ``weeks`` up to ``today`` (default: today), or ``start`` to ``end``
    (``--from``/``--to``; ``end`` defaults to today too).
    """
    if isinstance(weeks, bool) or not isinstance(weeks, int) or not 1 <= weeks <= MAX_WEEKS:
        raise InputError("weeks", weeks, "errors.weeks", most=MAX_WEEKS)
    database = open_database(db)
    with database.connect() as conn:
        zone = profile_store.get(conn).get("timezone")
    first, day = _period(zone, today, start, end)
    if first is None:
        recent = web_views.history(database, weeks=weeks, until=day)
    else:
        recent = web_views.history(database, weeks=None, since=first, until=day)
        weeks = -(-((day - first).days + 1) // 7)
    whole = web_views.history(database, weeks=None, until=day)
    with database.connect() as conn:
        reports = symptom_store.list_reports(conn, since=first, until=day)
        advice = symptom_store.list_triage(conn, since=first, until=day)
    by_report: dict[int | None, list[dict[str, Any]]] = {}
    for entry in advice:  # the advice as it was given, in the report's language (triage/wording.py)
        entry = {**entry, "result": in_current_language(entry["result"])}
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
    wellness = wellness_view(database, day, days=14)
    wellness["before_spikes"] = before_spikes(database, spikes)
    for note in [n for s in wellness["before_spikes"] for n in s["notes"]]:
        wellness["sources"][note["source"]] = knowledge.source(note["source"])["citation"]
    cited.update(wellness["sources"])
    return {
        "generated": day.isoformat(),
        "version": __version__,
        "weeks": weeks,
        "period": {"from": None if first is None else first.isoformat(), "to": day.isoformat()},
        "profile": profile_show(database),
        "history": recent,
        "weekly": web_views.weekly_totals(recent),
        "spikes": spikes,
        "symptoms": timeline,
        "episodes": [e for e in episodes(database, day, closed=True) if _in_range(e, first)],
        "unlinked_advice": by_report.get(None, []),
        "wellness": wellness,
        "sources": dict(sorted(cited.items())),
        "disclaimer": knowledge.text("web.disclaimer"),
    }


def report(
    db: Database | str | None,
    out: str | Path | None = None,
    *,
    today: date | str | None = None,
    weeks: int = 12,
    start: date | str | None = None,
    end: date | str | None = None,
    lang: str | None = None,
) -> dict[str, Any]:
    """Write the report to ``out`` (when given): PDF when its name ends in ``.pdf``, else HTML.

    Returns where, its format and size and what it covers; without ``out``, the HTML itself.
    A PDF carries the raw data as attached CSV files (``attachments``: their names).
    ``lang`` (``en``, ``ko``): the language of every text in it (default: the current language, which
    the command line sets from ``--lang``, ``STRIDEGUARD_LANG`` or the profile). The summary returned
    speaks the contract's field names whatever the language.
    """
    if lang is not None and lang not in knowledge.LANGUAGES:
        raise InputError("lang", lang, "web.language.refused", languages=", ".join(knowledge.LANGUAGES))
    with knowledge.use_language(lang or knowledge.language()):
        return _report(db, out, today=today, weeks=weeks, start=start, end=end)


def _report(
    db: Database | str | None,
    out: str | Path | None,
    *,
    today: date | str | None,
    weeks: int,
    start: date | str | None,
    end: date | str | None,
) -> dict[str, Any]:
    from .. import report as render_report  # noqa: PLC0415  (Jinja2, plotly.js, WeasyPrint only when a report is made)

    target = None if out is None else check_target(out, "--out", "errors.userfile.example.report")
    as_pdf = target is not None and target.suffix.lower() == ".pdf"
    data = report_data(db, today=today, weeks=weeks, start=start, end=end)
    summary: dict[str, Any] = {
        "out": None if target is None else str(target),
        "format": "pdf" if as_pdf else "html",
        "lang": knowledge.language(),
        "from": data["history"]["start"],
        "to": data["history"]["end"],
        "runs": sum(1 for r in data["history"]["runs"] if r["distance_km"]),
        "spikes": len(data["spikes"]),
        "symptom_reports": len(data["symptoms"]),
    }
    if target is not None and as_pdf:
        made = render_report.write_pdf(data, target)
        summary.update(bytes=made.bytes, pages=made.pages, attachments=list(made.attachments))
        return summary
    html = render_report.render(data)
    summary["bytes"] = len(html.encode("utf-8"))
    if target is None:
        summary["html"] = html
    else:
        write_text(target, html, "--out")
    return summary
