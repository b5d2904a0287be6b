"""`wellness`: sleep, resting heart rate and HRV per day, and what they say before a session spike.

Context, never a rule: nothing here changes the plan or the recommendation. The notes
(``wellness.context``) carry their text (``knowledge/locale``) and source id; ``spike``
is the latest run on or before the day when it was a session spike (``session_spike``
caution or high) within ``spike_recent_days``, with what the days before it said.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from .. import knowledge, textfmt
from ..days import day_or_today
from ..domain import RUNNING_SPORTS
from ..errors import InputError
from ..load import runs_from_columns, to_day
from ..load.series import Runs, from_day
from ..load.training import session_spike
from ..store import Database, open_database
from ..store import activities as activity_store
from ..store import profile as profile_store
from ..store import wellness as wellness_store
from ..wellness import context

MAX_DAYS = 366
_FIELDS = ("sleep_h", "resting_hr", "hrv_sdnn_ms", "hrv_rmssd_ms")


def _runs(rows: list[Any]) -> Runs:
    return runs_from_columns(
        {
            "local_date": [r.local_date for r in rows],
            "sport": [r.sport for r in rows],
            "distance_m": [r.distance_m for r in rows],
            "start_time": [r.start_time for r in rows],
        }
    )


def _texts(found: list[context.Note]) -> list[dict[str, Any]]:
    return [n.to_dict(knowledge.text(n.text_id, **n.values)) for n in found]


def spike_context(s: context.Series, runs: Runs, day: date) -> dict[str, Any] | None:
    """The latest run on or before ``day`` if it was a spike, and what wellness said in the days before it."""
    signal = session_spike(runs, to_day(day))
    if signal.level not in ("caution", "high") or signal.value is None:
        return None
    run_day = date.fromisoformat(str(signal.extra["run_day"]))
    km = float(signal.extra["distance_km"])
    values: dict[str, Any] = {"km": km, "date": textfmt.day(run_day), "spike": float(signal.value) * 100.0}
    found, checked = context.reading(s, run_day)
    if not checked:
        return None  # nothing known about the days before it
    return {
        "date": run_day.isoformat(),
        "distance_km": round(km, 2),
        "spike": round(float(signal.value), 3),
        "level": signal.level,
        "spike_source": signal.source,
        "intro": knowledge.text("wellness.before_spike" if found else "wellness.spike_all_usual", **values),
        "notes": _texts(found),
        "advice": knowledge.text("wellness.spike_advice") if found else None,
    }


def wellness(db: Database | str | None, date: date | str | None = None, *, days: int = 14) -> dict[str, Any]:
    """Wellness of the ``days`` ending on ``date`` (default today); the notes on that day and before a spike."""
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        raise InputError("days", days, "errors.days", most=MAX_DAYS)
    database = open_database(db)
    th = context.thresholds()
    with database.connect() as conn:
        zone = profile_store.get(conn).get("timezone")
        day = day_or_today("date", date, zone)
        lookback = int(th.baseline_days.value + th.recent_days.value + th.spike_recent_days.value)
        first = day - timedelta(days=max(days, 1) - 1 + lookback)
        stored = wellness_store.list_days(conn, since=first, until=day)
        rows = [
            r
            for r in activity_store.list_rows(conn, since=day - timedelta(days=40), until=day)
            if r.sport in RUNNING_SPORTS
        ]
    s = context.series(stored)
    shown_from = day - timedelta(days=days - 1)
    by_day: dict[str, dict[str, Any]] = {}
    for d in stored:
        if d.day < shown_from:
            continue
        entry = by_day.setdefault(
            d.day.isoformat(), {"date": d.day.isoformat(), **dict.fromkeys(_FIELDS), "sources": {}}
        )
        for name in _FIELDS:
            value = getattr(d, name)
            if value is not None and entry[name] is None:
                entry[name] = round(value, 2)
                entry["sources"][name] = d.source
    spike = None
    runs = _runs(rows)
    if len(runs.day):
        latest_run = from_day(int(runs.day[-1]))
        if (day - latest_run).days < th.spike_recent_days.value:
            spike = spike_context(s, runs, day)
    found, checked = context.reading(s, day)
    cited = {n.source for n in found} | ({n["source"] for n in spike["notes"]} if spike else set())
    return {
        "date": day.isoformat(),
        "days": [by_day[k] for k in sorted(by_day)],
        "latest": context.latest(s, day),
        "hrv_kind": s.hrv_kind,
        "notes": _texts(found),
        "checked": checked,
        "summary": knowledge.text("wellness.all_usual") if checked and not found else None,
        "spike": spike,
        "sources": {sid: knowledge.source(sid)["citation"] for sid in sorted(cited)},
    }


def before_spikes(db: Database | str | None, spikes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """For each spike run (``{"date", "distance_km", "spike"}`` as the history lists them): wellness before it.

    Spikes with nothing known about the days before them are left out.
    """
    if not spikes:
        return []
    database = open_database(db)
    th = context.thresholds()
    days = [date.fromisoformat(str(s["date"])) for s in spikes]
    lookback = int(th.baseline_days.value + th.recent_days.value)
    with database.connect() as conn:
        stored = wellness_store.list_days(conn, since=min(days) - timedelta(days=lookback), until=max(days))
    if not stored:
        return []
    s = context.series(stored)
    out = []
    for spike, day in zip(spikes, days, strict=True):
        found, checked = context.reading(s, day)
        if not checked:
            continue
        values: dict[str, Any] = {
            "km": float(spike["distance_km"] or 0.0),
            "date": textfmt.day(day),
            "spike": float(spike["spike"]) * 100,
        }
        out.append(
            {
                "date": day.isoformat(),
                "distance_km": spike["distance_km"],
                "spike": spike["spike"],
                "intro": knowledge.text("wellness.before_spike" if found else "wellness.spike_all_usual", **values),
                "notes": _texts(found),
            }
        )
    return out
