"""Polar Flow data export: one ``training-session-*.json`` per training session.

Public: :func:`read` (raw bytes + display name -> ParsedActivity) and :func:`looks_like`.

The layout (Polar's "download your data" export, ``exportVersion`` 1.x): a session with
``startTime``/``stopTime`` (local wall-clock time, no offset), ``timeZoneOffset``
(minutes), ``distance`` (m), ``duration`` (ISO 8601, ``PT2700.5S``), ``kiloCalories``,
``averageHeartRate``/``maximumHeartRate`` and ``exercises``: one per sport of the session,
each with the same totals (``heartRate`` {min, avg, max}, ``ascent``, ``descent``),
``sport`` (``RUNNING``...) and ``samples``: ``heartRate``, ``speed`` (km/h),
``cadence``, ``altitude``, ``distance`` (m), each a list of ``{dateTime, value}``, and
``recordedRoute`` (``{dateTime, latitude, longitude, altitude}``).

Polar writes ``NaN`` (and ``Infinity``) for values it did not measure, which is not JSON:
they are read as unknown. A session whose start or length is unknown is refused with the
reason. Several exercises (a multisport session) are one activity, as a chained FIT
triathlon is: the totals summed, sport ``multisport`` unless all legs share one sport.
Running cadence: Polar's samples count strides per minute (one foot) on the watches that
write them in rpm; a median below 120 is taken as one foot and doubled (150-200 steps/min
is running, 75-100 strides/min its one-foot count).
"""

from __future__ import annotations

import json
import math
import re
from datetime import datetime, timedelta, timezone
from typing import Any

import numpy as np

from ..domain import ParsedActivity
from ..errors import ImportFailed
from .sports import polar_sport
from .summary import Totals, assemble

_DURATION = re.compile(r"^P(?:(\d+(?:\.\d+)?)D)?T?(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?$")
_SNIFF = re.compile(rb'"(?:exportVersion|exercises)"\s*:')
ONE_FOOT_BELOW_SPM = 120.0


def looks_like(head: bytes) -> bool:
    """The start of a Polar training-session JSON (an object with Polar's keys)."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return text[:1] == b"{" and _SNIFF.search(head) is not None


def _constant(_token: str) -> float:
    return math.nan  # NaN, Infinity, -Infinity: not measured


def _num(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _seconds(text: Any) -> float | None:
    if not isinstance(text, str):
        return _num(text)
    m = _DURATION.match(text.strip())
    if not m or not any(m.groups()):
        return None
    days, hours, minutes, seconds = (float(g) if g else 0.0 for g in m.groups())
    return days * 86400 + hours * 3600 + minutes * 60 + seconds


def _local(text: Any, offset_min: float | None, name: str, what: str) -> datetime:
    if not isinstance(text, str):
        raise ImportFailed(name, "errors.polar.no_date", what=what, value=repr(text))
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ImportFailed(name, "errors.polar.bad_date", what=what, value=repr(text)) from None
    if moment.tzinfo is None:
        minutes = 0.0 if offset_min is None else offset_min
        moment = moment.replace(tzinfo=timezone(timedelta(minutes=round(minutes))))
    return moment


def read(data: bytes, name: str) -> ParsedActivity:
    """Read one Polar training session; anything wrong raises ImportFailed naming the file and the reason."""
    try:
        return _read(data, name)
    except ImportFailed:
        raise
    except Exception as exc:  # a value of the wrong type somewhere deep: never a traceback
        raise ImportFailed(name, "errors.polar.invalid", detail=f"{type(exc).__name__}: {exc}") from exc


def _read(data: bytes, name: str) -> ParsedActivity:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFailed(name, "errors.file.not_utf8", exc.start, offset=exc.start) from None
    try:
        doc = json.loads(text, parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise ImportFailed(name, "errors.file.broken_json", line=exc.lineno, column=exc.colno, detail=exc.msg) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("exercises"), list):
        raise ImportFailed(name, "errors.polar.not_polar")
    exercises = [e for e in doc["exercises"] if isinstance(e, dict)]
    if not exercises:
        raise ImportFailed(name, "errors.polar.no_exercises")
    offset = _num(doc.get("timeZoneOffset"))
    if offset is None:
        offset = _num(exercises[0].get("timezoneOffset"))
    start = _local(doc.get("startTime") or exercises[0].get("startTime"), offset, name, "startTime")
    base = start.timestamp()

    columns: dict[str, list[float]] = {
        k: [] for k in ("time_s", "lat", "lon", "altitude_m", "heart_rate", "cadence_spm", "speed_mps", "distance_m")
    }
    sports = []
    for ex in exercises:
        sports.append(polar_sport(ex.get("sport")))
        ex_offset = _num(ex.get("timezoneOffset"))
        _samples(ex.get("samples"), columns, base, offset if ex_offset is None else ex_offset, name)

    distance = _sum(exercises, "distance") or _num(doc.get("distance"))
    duration = _sum_durations(exercises) or _seconds(doc.get("duration"))
    if duration is None and isinstance(doc.get("stopTime"), str):
        stop = _local(doc.get("stopTime"), offset, name, "stopTime")
        duration = (stop - start).total_seconds()
    if duration is None and not columns["time_s"]:
        raise ImportFailed(name, "errors.polar.no_duration")
    known = {s for s in sports if s}
    sport = known.pop() if len(known) == 1 and len(set(sports)) == 1 else ("multisport" if len(exercises) > 1 else None)
    cadence = np.array(columns.pop("cadence_spm"), dtype=np.float64)
    finite = cadence[np.isfinite(cadence) & (cadence > 0)]
    per_foot = bool(len(finite)) and float(np.median(finite)) < ONE_FOOT_BELOW_SPM
    hr = [_stat(e, "avg") for e in exercises]
    hr_max = [_stat(e, "max") for e in exercises]
    parsed = assemble(
        name=name,
        source_format="polar",
        start_time=start,
        tz_known=offset is not None,
        sport=sport,
        columns={**columns, "cadence_spm": cadence},
        totals=Totals(
            distance_m=distance,
            elapsed_s=duration,
            ascent_m=_sum(exercises, "ascent"),
            descent_m=_sum(exercises, "descent"),
            avg_hr=(hr[0] if len(hr) == 1 else None) or _num(doc.get("averageHeartRate")),
            max_hr=max((v for v in hr_max if v is not None), default=None) or _num(doc.get("maximumHeartRate")),
        ),
        cadence_per_foot=per_foot,
        device=_device(doc),
    )
    parsed.energy_kcal = _sum(exercises, "kiloCalories") or _num(doc.get("kiloCalories"))
    return parsed


def _stat(exercise: dict[str, Any], key: str) -> float | None:
    heart = exercise.get("heartRate")
    return _num(heart.get(key)) if isinstance(heart, dict) else None


def _device(doc: dict[str, Any]) -> str | None:
    for key in ("deviceName", "device", "product"):
        value = doc.get(key)
        if isinstance(value, str) and value.strip():
            return f"Polar {value.strip()}"[:200]
    return "Polar"


def _sum(rows: list[dict[str, Any]], key: str) -> float | None:
    values = [v for v in (_num(r.get(key)) for r in rows) if v is not None]
    return sum(values) if values else None


def _sum_durations(rows: list[dict[str, Any]]) -> float | None:
    values = [v for v in (_seconds(r.get("duration")) for r in rows) if v is not None and v > 0]
    return sum(values) if values else None


_SERIES = {"heartRate": "heart_rate", "altitude": "altitude_m", "distance": "distance_m", "cadence": "cadence_spm"}


def _samples(samples: Any, columns: dict[str, list[float]], base: float, offset: float | None, name: str) -> None:
    """Every sample series on one timeline (a row per distinct time), speed from km/h to m/s."""
    if not isinstance(samples, dict):
        return
    rows: dict[float, dict[str, float]] = {}

    def at(text: Any) -> float | None:
        if not isinstance(text, str):
            return None
        try:
            return _local(text, offset, name, "sample dateTime").timestamp() - base
        except ImportFailed:
            return None

    for key, column in (*_SERIES.items(), ("speed", "speed_mps")):
        for item in samples.get(key) or []:
            if not isinstance(item, dict):
                continue
            t = at(item.get("dateTime"))
            value = _num(item.get("value"))
            if t is None or value is None:
                continue
            rows.setdefault(t, {})[column] = value / 3.6 if key == "speed" else value
    for item in samples.get("recordedRoute") or []:
        if not isinstance(item, dict):
            continue
        t = at(item.get("dateTime"))
        lat, lon = _num(item.get("latitude")), _num(item.get("longitude"))
        if t is None or lat is None or lon is None:
            continue
        row = rows.setdefault(t, {})
        row["lat"], row["lon"] = lat, lon
        alt = _num(item.get("altitude"))
        if alt is not None and "altitude_m" not in row:
            row["altitude_m"] = alt
    for t in sorted(rows):
        row = rows[t]
        columns["time_s"].append(t)
        for column in columns:
            if column != "time_s":
                columns[column].append(row.get(column, math.nan))
