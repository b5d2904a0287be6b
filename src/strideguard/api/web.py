"""Read-only views shaped for charts: the daily load history the web app and the report draw.

Everything comes through ``store/`` and the pure maths in ``load/``; nothing
here writes. Acute and chronic load are the same EWMAs of daily running
distance that the ``acute_chronic_ratio`` signal uses (knowledge/signals.yaml),
and each run's spike is the ``session_spike`` signal on that run's day.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd

from .. import knowledge
from ..domain import RUNNING_SPORTS
from ..errors import InputError
from ..load import from_day, runs_from_frame, to_day
from ..load.banister import fitness_fatigue
from ..load.ewma import ewma
from ..load.series import Runs, daily
from ..load.srpe import one_session
from ..load.thresholds import param
from ..load.training import session_spike
from ..load.trimp import daily_series, resolve_heart_rate
from ..schemas import parse_day
from ..store import Database, open_database
from ..store import activities as activity_store
from ..store import profile as profile_store
from ..store import symptoms as symptom_store
from .run_detail import pace_min_per_km
from .status import _metrics_for as activity_metrics_for  # the per-activity terrain/form cache

MAX_WEEKS = 1000  # the longest history view (about 19 years)

ROW_FIELDS: tuple[str, ...] = (
    "id",
    "start_time",
    "local_date",
    "sport",
    "distance_m",
    "elapsed_s",
    "moving_s",
    "ascent_m",
    "descent_m",
    "avg_hr",
    "max_hr",
    "avg_cadence_spm",
    "source_file",
    "notes",
    "name",
    "rpe",
    "rpe_note",
    "export_rpe",
)


def _frame(rows: list[Any]) -> pd.DataFrame:
    if not rows:
        return pd.DataFrame(columns=list(ROW_FIELDS))
    frame = pd.DataFrame.from_records([tuple(r) for r in rows], columns=list(rows[0]._fields))[list(ROW_FIELDS)]
    frame["start_time"] = pd.to_datetime(frame["start_time"]).dt.tz_localize("UTC")
    return frame


def _none(value: Any, digits: int = 2) -> float | None:
    if value is None:
        return None
    number = float(value)
    if not np.isfinite(number):
        return None
    return round(number, digits)


def _json_series(values: np.ndarray, digits: int = 2) -> list[float | None]:
    """Rounded floats for JSON, NaN and infinities as None."""
    rounded = np.round(np.asarray(values, dtype=float), digits)
    return [v if math.isfinite(v) else None for v in rounded.tolist()]


def _minutes(moving_s: Any, elapsed_s: Any) -> float | None:
    for value in (moving_s, elapsed_s):
        seconds = _none(value)
        if seconds:
            return round(seconds / 60.0, 1)
    return None


def _feel(rec: Mapping[Any, Any]) -> dict[str, Any]:
    """How the run felt: the runner's rating and note, and its session RPE load (RPE x minutes, Foster 2001)."""
    rpe = None if rec["rpe"] is None or pd.isna(rec["rpe"]) else int(rec["rpe"])
    export = _none(rec["export_rpe"], 1)
    seconds = _none(rec["moving_s"]) or _none(rec["elapsed_s"])  # moving time, else elapsed (as load/ does)
    load = one_session(rpe, export, None if seconds is None else seconds / 60.0)
    note = rec["rpe_note"] if isinstance(rec["rpe_note"], str) else None
    return {"rpe": rpe, "rpe_note": note, "export_rpe": export, "session_rpe_load": _none(load, 0)}


def _seconds(moving_s: Any, elapsed_s: Any) -> float | None:
    for value in (moving_s, elapsed_s):
        seconds = _none(value)
        if seconds:
            return seconds
    return None


def _terrain(metrics: dict[str, Any]) -> dict[str, Any]:
    """Terrain and form per run from the status capability's per-activity metrics (shares as fractions)."""
    return {
        "slope_share": _none(metrics.get("slope_share"), 3),
        "downhill_share": _none(metrics.get("downhill_share"), 3),
        "rough_share": _none(metrics.get("rough_share"), 3),
        "cadence_spm": _none(metrics.get("cadence_spm"), 0),
    }


def _run_rows(
    frame: pd.DataFrame, runs: Runs, lo_day: int, hi_day: int, metrics: dict[int, dict[str, Any]]
) -> list[dict[str, Any]]:
    """One entry per activity in the window (every sport), newest first, with its spike when a run."""
    spikes: dict[int, dict[str, Any]] = {}
    for day in sorted({int(d) for d in runs.day if lo_day <= d <= hi_day}):
        signal = session_spike(runs, day)
        spikes[day] = {"spike": _none(signal.value, 3), "spike_level": signal.level, "spike_detail": signal.detail}
    out: list[dict[str, Any]] = []
    last_run_of_day: dict[int, int] = {}
    if frame.empty:
        return out
    days = pd.to_datetime(frame["local_date"]).to_numpy().astype("datetime64[D]").astype(np.int64)
    shown = frame.drop(columns=["start_time"])[(days >= lo_day) & (days <= hi_day)]
    for day, rec in zip(days[(days >= lo_day) & (days <= hi_day)], shown.to_dict(orient="records"), strict=True):
        day = int(day)
        distance_km = (
            None if rec["distance_m"] is None or pd.isna(rec["distance_m"]) else float(rec["distance_m"]) / 1000.0
        )
        ascent = _none(rec["ascent_m"], 0)
        descent = _none(rec["descent_m"], 0)
        entry: dict[str, Any] = {
            "id": int(rec["id"]),
            "date": rec["local_date"].isoformat(),
            "sport": rec["sport"],
            "distance_km": _none(distance_km),
            "duration_min": _minutes(rec["moving_s"], rec["elapsed_s"]),
            "pace_min_per_km": pace_min_per_km(
                None if distance_km is None else distance_km * 1000.0, _seconds(rec["moving_s"], rec["elapsed_s"])
            ),
            "ascent_m": ascent,
            "descent_m": descent,
            "climb_m_per_km": _none(ascent / distance_km, 1) if ascent is not None and distance_km else None,
            "descent_m_per_km": _none(descent / distance_km, 1) if descent is not None and distance_km else None,
            "avg_cadence_spm": _none(rec["avg_cadence_spm"], 0),
            **_terrain(metrics.get(int(rec["id"]), {})),
            "avg_hr": _none(rec["avg_hr"], 0),
            "source_file": rec["source_file"],
            "notes": rec["notes"],
            "name": rec["name"],
            **_feel(rec),
            "spike": None,
            "spike_level": None,
            "spike_detail": None,
        }
        out.append(entry)
        if rec["sport"] in RUNNING_SPORTS and distance_km:
            last_run_of_day[day] = len(out) - 1
    # the spike signal describes the latest run of its day
    for day, index in last_run_of_day.items():
        out[index].update(spikes.get(day, {}))
    out.reverse()
    return out


def history(
    db: Database | str | None,
    *,
    weeks: int | None = 26,
    until: date | str | None = None,
    since: date | str | None = None,
) -> dict[str, Any]:
    """Daily running distance with acute (7-day) and chronic (28-day) EWMA load, runs and symptoms.

    ``weeks``: how many weeks up to ``until`` (default: the latest activity, or today)
    to return; ``None`` for the whole history. ``since``: the first day instead (``weeks``
    is then not used). The EWMAs always start at the first run, so a window shows the
    same values as the whole history would.
    """
    if weeks is not None and (isinstance(weeks, bool) or not isinstance(weeks, int) or not 1 <= weeks <= MAX_WEEKS):
        raise InputError("weeks", weeks, "errors.weeks", most=MAX_WEEKS)
    start_date = parse_day("since", since)
    end_date = parse_day("until", until)
    database = open_database(db)
    with database.connect() as conn:
        rows = activity_store.list_rows(conn, None, end_date)
        symptoms = symptom_store.list_reports(conn, None, end_date)
        profile = profile_store.get(conn)
    frame = _frame(rows)
    runs = runs_from_frame(frame)
    if end_date is None:
        latest = [r.local_date for r in rows] + [date.fromisoformat(s["date"]) for s in symptoms]
        end_date = max(latest) if latest else date.today()
    hi_day = to_day(end_date)
    first = runs.first_day if runs.first_day is not None else hi_day
    first = min(first, hi_day)
    distance = daily(runs, runs.distance_km, first, hi_day)
    acute = ewma(distance, param("acute_chronic_ratio", "acute_days"))
    chronic = ewma(distance, param("acute_chronic_ratio", "chronic_days"))
    min_days = int(param("acute_chronic_ratio", "min_history_days"))
    lo_day = first if weeks is None else max(first, hi_day - 7 * weeks + 1)
    if start_date is not None:
        if start_date > end_date:
            raise InputError("since", start_date, "errors.since_before", date=end_date.isoformat())
        lo_day = max(first, to_day(start_date))
    if frame.empty:
        lo_day = to_day(start_date) if start_date is not None else hi_day - 7 * (weeks or 1) + 1
    start = lo_day - first
    ratio = np.full(distance.size, np.nan)
    np.divide(acute, chronic, out=ratio, where=chronic > 0)
    ratio[: min_days - 1] = np.nan  # the signal's "unknown" before four weeks of history
    days = [from_day(d).isoformat() for d in range(lo_day, hi_day + 1)]

    def window(values: np.ndarray) -> list[float | None]:
        if start < 0:
            values = np.concatenate((np.full(-start, np.nan), values))
        else:
            values = values[start:]
        return _json_series(values)

    km_window = window(distance)
    banister = _banister(runs, profile, hi_day, lo_day)
    run_rows = _run_rows(frame, runs, lo_day, hi_day, _window_metrics(database, rows, lo_day))
    return {
        "start": days[0],
        "end": days[-1],
        "days": days,
        "distance_km": [v if v is not None else 0.0 for v in km_window],
        "acute_km": window(acute),
        "chronic_km": window(chronic),
        "acute_chronic_ratio": window(ratio),
        # Foster 2001: effort 0-10 x minutes of the rated runs (the runner's rating, else the export's)
        "session_rpe_load": window(daily(runs, runs.session_rpe, first, hi_day)),
        "load_basis": knowledge.text("web.history.load_basis"),
        **banister,
        "weeks": _weeks(days, run_rows),
        "runs": run_rows,
        "symptoms": [
            {
                "id": s["id"],
                "date": s["date"],
                "region": s["region"],
                "side": s["report"].get("side"),
                "disposition": s["disposition"],
                "notes": s["report"].get("notes"),
            }
            for s in symptoms
            if days[0] <= s["date"] <= days[-1]
        ],
    }


def _banister(runs: Runs, profile: dict[str, Any], hi_day: int, lo_day: int) -> dict[str, Any]:
    """Fitness (42-day), fatigue (7-day) and form each day of the window, on the load the status signals use.

    The same series as the ``fitness``, ``fatigue`` and ``form`` signals: TRIMP when heart rate is known
    (else minutes), EWMA with lambda = 2/(N+1) from the first run (:mod:`strideguard.load.banister`).
    """
    length = hi_day - lo_day + 1
    empty: dict[str, Any] = {"load_metric": None, "fitness": [None] * length, "fatigue": [None] * length}
    empty["form"] = [None] * length
    if runs.first_day is None or runs.first_day > hi_day:
        return empty
    birth_year = profile.get("birth_year")
    age = None if birth_year is None else float(from_day(hi_day).year - int(birth_year))
    hr = resolve_heart_rate(runs, None, None, profile.get("sex"), age)
    series = daily_series(runs, hi_day, hr)
    model = fitness_fatigue(series.window(series.load, series.first_day, hi_day))
    out: dict[str, Any] = {"load_metric": series.load_metric}
    for name, values in (("fitness", model.fitness), ("fatigue", model.fatigue), ("form", model.form)):
        shown = np.full(length, np.nan)
        lo = max(lo_day, series.first_day)
        shown[lo - lo_day :] = values[lo - series.first_day : hi_day - series.first_day + 1]
        out[name] = _json_series(shown, 1)
    return out


def _weeks(days: list[str], run_rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Calendar weeks (Monday first) of the window, oldest first: running km, minutes, runs, terrain, cadence.

    Terrain shares are distance-weighted over the week's runs that have them; cadence is the
    distance-weighted mean of the runs' cadence.
    """
    if not days:
        return []
    first, last = date.fromisoformat(days[0]), date.fromisoformat(days[-1])
    monday = first - timedelta(days=first.weekday())
    weeks: dict[str, dict[str, Any]] = {}
    while monday <= last:
        weeks[monday.isoformat()] = {"start": monday.isoformat(), "distance_km": 0.0, "duration_min": 0.0, "runs": 0}
        monday += timedelta(days=7)
    sums: dict[str, dict[str, list[float]]] = {key: {} for key in weeks}
    for run in run_rows:
        if run["sport"] not in RUNNING_SPORTS or not run["distance_km"]:
            continue
        day = date.fromisoformat(run["date"])
        key = (day - timedelta(days=day.weekday())).isoformat()
        week = weeks[key]
        week["distance_km"] += run["distance_km"]
        week["duration_min"] += run["duration_min"] or 0.0
        week["runs"] += 1
        cadence = run["cadence_spm"] if run["cadence_spm"] is not None else run["avg_cadence_spm"]
        for name, value in (
            ("slope_share", run["slope_share"]),
            ("downhill_share", run["downhill_share"]),
            ("cadence_spm", cadence),
        ):
            if value is not None:
                total = sums[key].setdefault(name, [0.0, 0.0])
                total[0] += value * run["distance_km"]
                total[1] += run["distance_km"]
    out = []
    for key, week in weeks.items():
        week["distance_km"] = round(week["distance_km"], 1)
        week["duration_min"] = round(week["duration_min"], 0)
        for name, digits in (("slope_share", 3), ("downhill_share", 3), ("cadence_spm", 0)):
            found = sums[key].get(name)
            week[name] = round(found[0] / found[1], digits) if found and found[1] > 0 else None
        out.append(week)
    return out


def _window_metrics(database: Database, rows: list[Any], lo_day: int) -> dict[int, dict[str, Any]]:
    """Cached terrain/form metrics of the running activities shown (computed once, then cached)."""
    first = from_day(lo_day)
    shown = [r for r in rows if r.local_date >= first and r.sport in RUNNING_SPORTS]
    with database.connect() as conn:
        return activity_metrics_for(conn, shown, database)


def load_before(history_data: dict[str, Any], onset: date, days: int = 28) -> dict[str, Any]:
    """Running distance in the ``days`` before ``onset`` (exclusive), the week before, and the peak spike.

    Works on a :func:`history` result, which must cover the window.
    """
    lo, hi = (onset - timedelta(days=days)).isoformat(), onset.isoformat()
    last_week = (onset - timedelta(days=7)).isoformat()
    km = sum(v for d, v in zip(history_data["days"], history_data["distance_km"], strict=True) if lo <= d < hi)
    week_km = sum(
        v for d, v in zip(history_data["days"], history_data["distance_km"], strict=True) if last_week <= d < hi
    )
    runs = [r for r in history_data["runs"] if lo <= r["date"] < hi and r["spike"] is not None]
    top = max(runs, key=lambda r: r["spike"], default=None)
    ratio = None
    for d, v in zip(history_data["days"], history_data["acute_chronic_ratio"], strict=True):
        if d < hi:
            ratio = v
    return {
        "days": days,
        "distance_km": round(km, 1),
        "last_7_days_km": round(week_km, 1),
        "runs": sum(
            1
            for r in history_data["runs"]
            if lo <= r["date"] < hi and r["sport"] in RUNNING_SPORTS and r["distance_km"]
        ),
        "acute_chronic_ratio": ratio,
        "largest_spike": None
        if top is None
        else {"date": top["date"], "spike": top["spike"], "level": top["spike_level"]},
    }


def weekly_totals(history_data: dict[str, Any]) -> list[dict[str, Any]]:
    """Per 7-day block ending on the history's last day (newest first): km, runs, longest run, largest spike."""
    days, km = history_data["days"], history_data["distance_km"]
    out: list[dict[str, Any]] = []
    for end in range(len(days) - 1, -1, -7):
        start = max(0, end - 6)
        lo, hi = days[start], days[end]
        runs = [
            r
            for r in history_data["runs"]
            if lo <= r["date"] <= hi and r["sport"] in RUNNING_SPORTS and r["distance_km"]
        ]
        spikes = [r for r in runs if r["spike"] is not None]
        top = max(spikes, key=lambda r: r["spike"], default=None)
        out.append(
            {
                "start": lo,
                "end": hi,
                "distance_km": round(sum(km[start : end + 1]), 1),
                "runs": len(runs),
                "longest_km": max((r["distance_km"] for r in runs), default=None),
                "largest_spike": None if top is None else top["spike"],
                "largest_spike_level": None if top is None else top["spike_level"],
            }
        )
    return out
