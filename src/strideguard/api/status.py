"""`status`: the risk signals on a day and the recommendation for the next session."""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

from sqlalchemy.engine import Connection

from .. import form, terrain
from ..days import day_or_today
from ..domain import RUNNING_SPORTS
from ..load import Runner, SessionDose, compute_signals, runs_from_columns, to_day
from ..load.series import to_float
from ..load.thresholds import param
from ..plan.core import make_plan
from ..plan.dose import prescribed_dose
from ..plan.recommend import recommend
from ..store import Database, open_database
from ..store import activities as activity_store
from ..store import metrics as metric_store
from ..store import profile as profile_store
from ..store import samples as sample_store
from ..store import shoes as shoe_store
from ..triage.episodes import label as episode_label
from ..triage.episodes import open_on
from .episodes import load as load_episodes
from .plan import inputs_from

METRICS_VERSION = f"{terrain.VERSION}+{form.VERSION}"
_SUMMARY = (
    "id",
    "start_time",
    "local_date",
    "sport",
    "distance_m",
    "moving_s",
    "elapsed_s",
    "avg_hr",
    "max_hr",
    "avg_cadence_spm",
    "sample_count",
    "rpe",
    "export_rpe",
)


def activity_metrics(samples: dict[str, Any], sport: str) -> dict[str, Any]:
    """Terrain and form metrics of one activity (JSON-ready; None where unknown)."""
    return {**terrain.terrain_metrics(samples, sport).to_dict(), **form.form_metrics(samples).to_dict()}


def _metrics_for(
    conn: Connection, rows: list[Any], write: Database | None, force: bool = False
) -> dict[int, dict[str, Any]]:
    """Cached metrics of ``rows``; missing ones are computed from samples and stored."""
    with_samples = [r for r in rows if r.sample_count]
    ids = [int(r.id) for r in with_samples]
    cached = {} if force else metric_store.get_many(conn, ids, METRICS_VERSION)
    todo = [r for r in with_samples if int(r.id) not in cached]
    if todo:
        computed: dict[int, dict[str, Any]] = {}
        for start in range(0, len(todo), 200):
            chunk = todo[start : start + 200]
            streams = sample_store.load_many(conn, [int(r.id) for r in chunk])
            for r in chunk:
                computed[int(r.id)] = activity_metrics(streams.get(int(r.id), {}), r.sport)
        if write is not None:
            with write.begin() as wconn:
                for aid, values in computed.items():
                    metric_store.put(wconn, aid, METRICS_VERSION, values)
        cached.update(computed)
    return cached


_METRIC_COLUMNS = ("slope_share", "downhill_share", "rough_share", "cadence_spm", "speed_mps")


def _columns(rows: list[Any], metrics: dict[int, dict[str, Any]]) -> dict[str, list[Any]]:
    """Activity rows joined with their cached metrics; cadence and speed fall back to the summary."""
    # the rows transposed once (a Row's attribute lookup per value was half of a warm status)
    transposed = zip(*rows, strict=True)
    by_name: dict[str, tuple[Any, ...]] = dict(zip(rows[0]._fields, transposed, strict=True)) if rows else {}
    columns: dict[str, list[Any]] = {name: list(by_name.get(name, ())) for name in _SUMMARY}
    found = [metrics.get(int(i)) for i in columns["id"]]
    for name in _METRIC_COLUMNS:
        columns[name] = [math.nan if m is None else to_float(m.get(name)) for m in found]
    cadence, moving, elapsed = by_name.get("avg_cadence_spm", ()), columns["moving_s"], columns["elapsed_s"]
    for i in range(len(rows)):
        if math.isnan(columns["cadence_spm"][i]):
            columns["cadence_spm"][i] = to_float(cadence[i])
        if math.isnan(columns["speed_mps"][i]):
            seconds = to_float(moving[i] if moving[i] is not None else elapsed[i])
            columns["speed_mps"][i] = to_float(columns["distance_m"][i]) / seconds if seconds > 0 else math.nan
    return columns


def _metrics_since(day: date, latest_run: date | None) -> date:
    """First day whose per-activity metrics the signals on ``day`` can use."""
    terrain_days = int(param("terrain_exposure", "week_days") * (param("terrain_exposure", "baseline_weeks") + 1))
    start = day - timedelta(days=terrain_days)
    if latest_run is not None:
        start = min(start, latest_run - timedelta(days=int(param("cadence", "baseline_days"))))
    return start


def _age(profile: dict[str, Any], day: date) -> float | None:
    return None if profile.get("birth_year") is None else float(day.year - int(profile["birth_year"]))


def status(db: Database | str | None, date: date | str | None = None, *, recompute: bool = False) -> dict[str, Any]:
    """Signals on ``date`` (default: today in the runner's time zone) and the next session.

    ``recompute=True`` recomputes every running activity's terrain/form metrics
    from its samples (after an algorithm change) instead of using the cache.
    """
    database = open_database(db)
    with database.connect() as conn:
        profile = profile_store.get(conn)
        day = day_or_today("date", date, profile.get("timezone"))
        rows = [r for r in activity_store.list_rows(conn, until=day) if r.sport in RUNNING_SPORTS]
        latest = rows[-1].local_date if rows else None
        since = None if recompute else _metrics_since(day, latest)
        wanted = [r for r in rows if since is None or r.local_date >= since]
        shoes = [
            s
            for s in shoe_store.list_with_mileage(conn, until=day)
            if s["retired_on"] is None or s["retired_on"] > day.isoformat()
        ]
        episodes = open_on(load_episodes(conn, day), day)
    governing = episodes[0] if episodes else None
    latest = governing.latest(day) if governing is not None else None
    # the most urgent open symptom episode stands for the triage (a report elsewhere never clears it)
    triage = (
        None
        if governing is None or latest is None
        else {
            "disposition": governing.disposition(day),
            "report_date": latest.date.isoformat(),
            "label": episode_label(governing.key),
        }
    )
    metrics = _metrics_for_db(database, wanted, recompute)
    runs = runs_from_columns(_columns(rows, metrics))
    dose = prescribed_dose(profile, day)
    with database.connect() as conn:
        upcoming = make_plan(inputs_from(conn, profile, day, runs, 1)).to_dict()
    # the latest run is compared with the runner's usual longest run, or the seed dose without history
    usual = upcoming["baseline"]
    reference = (
        SessionDose(usual["long_run_km"], usual["long_run_km"] * usual["pace_min_per_km"])
        if usual is not None
        else SessionDose(dose.distance_km, dose.duration_min)
    )
    runner = Runner(sex=profile.get("sex"), age=_age(profile, day))
    signals = compute_signals(runs, to_day(day), reference, {s["name"]: s["km"] for s in shoes}, runner)
    # The session is the plan's next day: one prescription, whichever command asks.
    session = upcoming["days"][0]["session"] | {"date": upcoming["start"]}
    recommendation = recommend(signals, session, triage).to_dict()
    result: dict[str, Any] = {
        "date": day.isoformat(),
        "signals": [s.to_dict() for s in signals],
        "recommendation": recommendation,
        "baseline": usual,
        "dose": {
            "kind": dose.kind,
            "duration_min": dose.duration_min,
            "distance_km": dose.distance_km,
            "why": list(dose.why),
            "sources": list(dose.sources),
        },
        "latest_triage": triage,
        "episodes": [e.state(day) for e in episodes],
    }
    return result


def _metrics_for_db(database: Database, rows: list[Any], force: bool) -> dict[int, dict[str, Any]]:
    with database.connect() as conn:
        return _metrics_for(conn, rows, None if database.read_only else database, force)
