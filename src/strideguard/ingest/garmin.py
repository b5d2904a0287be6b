"""Garmin Connect export extras: activity summaries, gear and wellness (the FIT files are read by ``fit``).

Public: :func:`read_summaries`, :func:`read_gear`, :func:`read_wellness`, :class:`Unreadable`.

The export (``DI_CONNECT/``) holds, beside the FIT files of ``DI-Connect-Uploaded-Files``:

- ``DI-Connect-Fitness/<user>_<n>_summarizedActivities.json``: ``[{"summarizedActivitiesExport":
  [...]}]``, one object per activity with ``activityId``, ``name``, ``activityType``,
  ``beginTimestamp`` (ms since 1970, UTC; ``startTimeGmt`` in older exports), ``distance``
  (centimetres), ``duration`` (ms), ``workoutRpe`` (0-100) and ``workoutFeel`` (0-100,
  see ``effort``). They are matched to the stored activities by start time.
- ``DI-Connect-Fitness/<user>_gear.json``: ``[{"gearDTOS": [...], "gearActivityDTOs":
  {"<gearPk>": [{"activityId": ...}]}}]``; a gear item has ``gearPk``, ``displayName``,
  ``customMakeModel``, ``gearTypeName`` (``Shoes``...), ``gearStatusName``
  (``active``/``retired``), ``dateBegin`` and ``dateEnd``.
- ``DI-Connect-Wellness/*_sleepData.json``: one object per night with ``calendarDate`` (the
  day the runner woke up) and ``deepSleepSeconds``, ``lightSleepSeconds``,
  ``remSleepSeconds`` (asleep: their sum) and ``awakeSleepSeconds`` (not sleep).
- ``DI-Connect-Aggregator/UDSFile_*.json``: one object per day with ``calendarDate`` and
  ``restingHeartRate``.
- ``DI-Connect-Wellness/*_healthStatusData.json``: one object per day with ``calendarDate``
  and ``metrics``: ``{"type": "HRV", "value": 45}`` is the night's HRV (Garmin's HRV status:
  RMSSD, ms).

A file that cannot be read whole raises :class:`Unreadable` with the reason (the caller
reports it as a warning: these are extras, the activities are imported anyway).
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from ..domain import WellnessDay
from ..errors import TextError
from . import effort
from .strava import clean_name

SOURCE = "garmin"
SHOE_TYPES = frozenset({"shoes", "shoe", "running shoes"})


class Unreadable(TextError):
    """A Garmin export file that cannot be read whole (the reason is the message)."""


@dataclass(frozen=True)
class Summary:
    activity_id: str
    start: datetime | None  # UTC
    name: str | None
    distance_m: float | None
    export_rpe: float | None
    export_feel: int | None


@dataclass(frozen=True)
class Gear:
    key: str
    name: str
    brand: str | None
    started_on: date | None
    retired_on: date | None
    activity_ids: tuple[str, ...]


def _load(data: bytes) -> Any:
    try:
        return json.loads(data.decode("utf-8-sig"), parse_constant=lambda _c: math.nan)
    except UnicodeDecodeError as exc:
        raise Unreadable("errors.file.not_utf8", offset=exc.start) from None
    except json.JSONDecodeError as exc:
        raise Unreadable("errors.file.broken_json", line=exc.lineno, column=exc.colno, detail=exc.msg) from None


def _num(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _records(doc: Any, key: str) -> list[dict[str, Any]]:
    """The objects under ``key`` whether the file wraps them (``[{key: [...]}]``) or not."""
    out: list[dict[str, Any]] = []
    chunks = doc if isinstance(doc, list) else [doc]
    for chunk in chunks:
        if isinstance(chunk, dict) and isinstance(chunk.get(key), list):
            out.extend(r for r in chunk[key] if isinstance(r, dict))
        elif isinstance(chunk, dict) and key not in chunk and "activityId" in chunk:
            out.append(chunk)
    return out


def _millis(value: Any) -> datetime | None:
    number = _num(value)
    if number is None:
        return None
    try:
        return datetime.fromtimestamp(number / 1000.0, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def read_summaries(data: bytes) -> list[Summary]:
    doc = _load(data)
    rows = _records(doc, "summarizedActivitiesExport")
    if not rows and not (isinstance(doc, list) and all(isinstance(d, dict) for d in doc)):
        raise Unreadable("errors.garmin.no_activities")
    out = []
    for r in rows:
        if r.get("activityId") is None:
            continue
        cm = _num(r.get("distance"))
        out.append(
            Summary(
                activity_id=str(r["activityId"]),
                start=_millis(r.get("beginTimestamp")) or _millis(r.get("startTimeGmt")),
                name=clean_name(r.get("name") if isinstance(r.get("name"), str) else None),
                distance_m=None if cm is None else cm / 100.0,
                export_rpe=effort.garmin(r.get("workoutRpe")),
                export_feel=effort.garmin_feel(r.get("workoutFeel")),
            )
        )
    return out


def _day(value: Any) -> date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def read_gear(data: bytes) -> list[Gear]:
    """The shoes of a gear file and the activities each was used for (other gear is left out)."""
    doc = _load(data)
    chunks = doc if isinstance(doc, list) else [doc]
    gear_rows: list[dict[str, Any]] = []
    links: dict[str, list[str]] = defaultdict(list)
    found = False
    for chunk in chunks:
        if not isinstance(chunk, dict):
            continue
        if isinstance(chunk.get("gearDTOS"), list):
            found = True
            gear_rows.extend(g for g in chunk["gearDTOS"] if isinstance(g, dict))
        linked = chunk.get("gearActivityDTOs")
        if isinstance(linked, dict):
            for key, acts in linked.items():
                for a in acts if isinstance(acts, list) else []:
                    if isinstance(a, dict) and a.get("activityId") is not None:
                        links[str(key)].append(str(a["activityId"]))
    if not found:
        raise Unreadable("errors.garmin.no_gear")
    out = []
    for g in gear_rows:
        if str(g.get("gearTypeName") or "").strip().lower() not in SHOE_TYPES:
            continue
        key = str(g.get("gearPk") if g.get("gearPk") is not None else g.get("uuid"))
        make_model = clean_name(g.get("customMakeModel") if isinstance(g.get("customMakeModel"), str) else None)
        display = clean_name(g.get("displayName") if isinstance(g.get("displayName"), str) else None)
        name = display or make_model
        if not name:
            continue
        retired = str(g.get("gearStatusName") or "").lower() == "retired"
        out.append(
            Gear(
                key=key,
                name=name[:100],
                brand=(make_model or "")[:100] or None if make_model != name else None,
                started_on=_day(g.get("dateBegin")),
                retired_on=_day(g.get("dateEnd")) if retired else None,
                activity_ids=tuple(links.get(key, ())),
            )
        )
    return out


def read_wellness(kind: str, data: bytes) -> list[WellnessDay]:
    """Days of a sleep (``garmin_sleep``), daily summary (``garmin_daily``) or health status file."""
    doc = _load(data)
    rows = [r for r in (doc if isinstance(doc, list) else [doc]) if isinstance(r, dict)]
    if isinstance(doc, list) and not rows and doc:
        raise Unreadable("errors.garmin.not_daily")
    out = []
    for r in rows:
        day = _day(r.get("calendarDate"))
        if day is None:
            continue
        if kind == "garmin_sleep":
            stages = [_num(r.get(k)) for k in ("deepSleepSeconds", "lightSleepSeconds", "remSleepSeconds")]
            known = [v for v in stages if v is not None and v >= 0]
            if known:
                out.append(WellnessDay(day, SOURCE, sleep_h=round(sum(known) / 3600.0, 3)))
        elif kind == "garmin_daily":
            rhr = _num(r.get("restingHeartRate"))
            if rhr is not None and rhr > 0:
                out.append(WellnessDay(day, SOURCE, resting_hr=rhr))
        elif kind == "garmin_health_status":
            for m in r.get("metrics") or []:
                if isinstance(m, dict) and m.get("type") == "HRV":
                    value = _num(m.get("value"))
                    if value is not None and value > 0:
                        out.append(WellnessDay(day, SOURCE, hrv_rmssd_ms=value))
    return out
