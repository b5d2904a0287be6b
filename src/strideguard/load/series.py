"""Running history as arrays: one row per run, and daily series in local calendar days.

Input is a pandas DataFrame (:func:`runs_from_frame`) or a dict of equal-length
columns (:func:`runs_from_columns`, no pandas needed) of activities with at least ``local_date`` (the
runner's local calendar day), ``sport`` and ``distance_m``; optional columns are
``start_time`` (orders runs within a day), ``moving_s``, ``elapsed_s``,
``avg_hr``, ``max_hr``, ``id``, ``rpe`` and ``export_rpe`` (effort 0-10) and per-activity metrics from ``terrain`` and
``form`` (see :data:`METRIC_COLUMNS`). Only :data:`domain.RUNNING_SPORTS` count.
Days are integers: days since 1970-01-01.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

from ..domain import RUNNING_SPORTS
from ..errors import InputError
from .srpe import effective_rpe, session_rpe_load

REQUIRED_COLUMNS: tuple[str, ...] = ("local_date", "sport", "distance_m")
METRIC_COLUMNS: tuple[str, ...] = ("slope_share", "downhill_share", "rough_share", "cadence_spm", "speed_mps")


def to_day(value: date | str | np.datetime64) -> int:
    """A calendar day as an integer (days since 1970-01-01)."""
    try:
        day = value.astype("datetime64[D]") if isinstance(value, np.datetime64) else np.datetime64(value, "D")
        return int(day.astype(np.int64))
    except (ValueError, TypeError):
        raise InputError("date", value, "errors.date.format") from None


def from_day(day: int) -> date:
    return date.fromisoformat(str(np.datetime64(int(day), "D")))


def _float_column(frame: pd.DataFrame, name: str) -> np.ndarray:
    import pandas as pd

    if name not in frame.columns:
        return np.full(len(frame), np.nan)
    return pd.to_numeric(frame[name], errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def to_float(value: Any) -> float:
    """A number as float; None, NaN and anything not a number become NaN (as ``pd.to_numeric(errors="coerce")``)."""
    if value is None:
        return math.nan
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


_NAT = np.iinfo(np.int64).min  # what pandas' NaT is as int64


def median(values: np.ndarray | Sequence[float]) -> float:
    """The median (the mean of the two middle values for an even count); NaN when empty or any value is NaN.

    The same number as ``np.median``, which imports ``numpy.ma`` on its first call (several
    milliseconds of every ``status`` and ``plan``) to check for masked arrays we never use.
    """
    ordered = np.sort(np.asarray(values, dtype=float), axis=None)
    n = ordered.size
    if n == 0 or np.isnan(ordered[-1]):  # np.sort puts NaN last
        return math.nan
    return float((ordered[(n - 1) // 2] + ordered[n // 2]) / 2.0)


def _instant_ns(value: Any) -> int:
    """A start time as UTC nanoseconds since 1970 (naive = UTC, as ``pd.to_datetime(utc=True)``)."""
    if value is None:
        return _NAT
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return int(np.datetime64(value, "ns").astype(np.int64))
    raise InputError("start_time", value, "errors.date.time_format")


def _instants_ns(values: Sequence[Any]) -> np.ndarray:
    """:func:`_instant_ns` of each value; naive datetimes (as SQLite returns them) converted at once."""
    if values and all(type(v) is datetime and v.tzinfo is None for v in values):
        return np.array(values, dtype="datetime64[ns]").astype(np.int64)
    return np.array([_instant_ns(v) for v in values], dtype=np.int64)


@dataclass(frozen=True)
class Runs:
    """Running activities sorted by day (then start time); NaN where unknown."""

    day: np.ndarray  # int64
    distance_km: np.ndarray
    duration_min: np.ndarray
    avg_hr: np.ndarray
    max_hr: np.ndarray
    sport: np.ndarray  # object (str)
    ids: np.ndarray  # object; None when the frame has no id column
    metrics: dict[str, np.ndarray] = field(default_factory=dict)
    rpe: np.ndarray | None = None  # effort 0-10: the runner's rating, else the export's (load/srpe.py); None: no column

    def __len__(self) -> int:
        return int(len(self.day))

    @property
    def first_day(self) -> int | None:
        return int(self.day[0]) if len(self.day) else None

    def metric(self, name: str) -> np.ndarray:
        return self.metrics.get(name, np.full(len(self), np.nan))

    @property
    def session_rpe(self) -> np.ndarray:
        """Each run's session RPE load (RPE x minutes, Foster 2001); NaN where the effort is unknown."""
        effort = self.rpe if self.rpe is not None else np.full(len(self), np.nan)
        return session_rpe_load(effort, self.duration_min)


def runs_from_frame(activities: pd.DataFrame) -> Runs:
    """Keep running sports, sort, and convert to arrays. Bad input names the column."""
    import pandas as pd  # imported here: the store-backed commands use runs_from_columns

    missing = [c for c in REQUIRED_COLUMNS if c not in activities.columns]
    if missing:
        raise InputError("activities", ", ".join(missing), "errors.runs.columns", columns=", ".join(REQUIRED_COLUMNS))
    frame = activities[activities["sport"].isin(RUNNING_SPORTS)]
    try:
        days = pd.to_datetime(frame["local_date"]).to_numpy().astype("datetime64[D]").astype(np.int64)
    except (ValueError, TypeError) as exc:
        raise InputError("local_date", str(exc), "errors.date.formats") from None
    if "start_time" in frame.columns:
        start = (
            pd.to_datetime(frame["start_time"], utc=True)
            .dt.tz_localize(None)
            .to_numpy()
            .astype("datetime64[ns]")
            .astype(np.int64)
        )
    else:
        start = np.arange(len(frame), dtype=np.int64)
    order = np.lexsort((start, days))
    frame = frame.iloc[order]
    distance_km = _float_column(frame, "distance_m") / 1000.0
    moving = _float_column(frame, "moving_s")
    elapsed = _float_column(frame, "elapsed_s")
    duration_min = np.where(np.isfinite(moving) & (moving > 0), moving, elapsed) / 60.0
    ids = frame["id"].to_numpy(dtype=object) if "id" in frame.columns else np.full(len(frame), None, dtype=object)
    return Runs(
        day=days[order],
        distance_km=distance_km,
        duration_min=duration_min,
        avg_hr=_float_column(frame, "avg_hr"),
        max_hr=_float_column(frame, "max_hr"),
        sport=frame["sport"].to_numpy(dtype=object),
        ids=ids,
        metrics={name: _float_column(frame, name) for name in METRIC_COLUMNS if name in frame.columns},
        rpe=effective_rpe(_float_column(frame, "rpe"), _float_column(frame, "export_rpe"))
        if "rpe" in frame.columns or "export_rpe" in frame.columns
        else None,
    )


def runs_from_columns(columns: Mapping[str, Sequence[Any]]) -> Runs:
    """:func:`runs_from_frame` for a dict of equal-length columns (lists of Python values), without pandas.

    The same columns, rules and result: running sports only, sorted by day then start time,
    numbers coerced (anything not a number is NaN), metrics for the metric columns given.
    """
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise InputError("activities", ", ".join(missing), "errors.runs.columns", columns=", ".join(REQUIRED_COLUMNS))
    keep = [i for i, sport in enumerate(columns["sport"]) if sport in RUNNING_SPORTS]

    def column(name: str) -> list[Any]:
        values = columns[name]
        return [values[i] for i in keep]

    try:
        days = np.array(column("local_date"), dtype="datetime64[D]").astype(np.int64).reshape(len(keep))
    except (ValueError, TypeError) as exc:
        raise InputError("local_date", str(exc), "errors.date.formats") from None
    if "start_time" in columns:
        start = _instants_ns(column("start_time"))
    else:
        start = np.arange(len(keep), dtype=np.int64)
    order = np.lexsort((start, days))

    def floats(name: str) -> np.ndarray:
        if name not in columns:
            return np.full(len(keep), np.nan)
        values = column(name)
        try:  # numbers and None (NaN): numpy converts them at once, as to_float would one by one
            return np.array(values, dtype=float).reshape(len(keep))[order]
        except (TypeError, ValueError):
            return np.array([to_float(v) for v in values], dtype=float)[order]

    moving, elapsed = floats("moving_s"), floats("elapsed_s")
    ids = np.array(column("id"), dtype=object) if "id" in columns else np.full(len(keep), None, dtype=object)
    return Runs(
        day=days[order],
        distance_km=floats("distance_m") / 1000.0,
        duration_min=np.where(np.isfinite(moving) & (moving > 0), moving, elapsed) / 60.0,
        avg_hr=floats("avg_hr"),
        max_hr=floats("max_hr"),
        sport=np.array(column("sport"), dtype=object)[order],
        ids=ids[order] if len(keep) else ids,
        metrics={name: floats(name) for name in METRIC_COLUMNS if name in columns},
        rpe=effective_rpe(floats("rpe"), floats("export_rpe")) if "rpe" in columns or "export_rpe" in columns else None,
    )


def daily(runs: Runs, values: np.ndarray, first_day: int, last_day: int) -> np.ndarray:
    """Sum of ``values`` per day from ``first_day`` to ``last_day`` inclusive; NaN counts as 0."""
    length = last_day - first_day + 1
    if length <= 0:
        return np.zeros(0)
    keep = (runs.day >= first_day) & (runs.day <= last_day)
    weights = np.nan_to_num(values[keep], nan=0.0)
    return np.bincount(runs.day[keep] - first_day, weights=weights, minlength=length).astype(float)


@dataclass(frozen=True)
class DailySeries:
    """Daily running distance (km), duration (min), training load and session RPE load over the whole history."""

    first_day: int
    distance_km: np.ndarray
    duration_min: np.ndarray
    load: np.ndarray  # TRIMP, session RPE or duration, see ``load_metric``
    load_metric: str  # "trimp", "session_rpe" or "duration"
    session_rpe: np.ndarray | None = None  # daily session RPE load (RPE x min) of the rated runs

    def index(self, day: int) -> int:
        return day - self.first_day

    def window(self, series: np.ndarray, start: int, end: int) -> np.ndarray:
        """Values for days ``start..end`` inclusive; days outside the history are 0."""
        out = np.zeros(end - start + 1)
        lo, hi = max(start, self.first_day), min(end, self.first_day + len(series) - 1)
        if hi >= lo:
            out[lo - start : hi - start + 1] = series[lo - self.first_day : hi - self.first_day + 1]
        return out
