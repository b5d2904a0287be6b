"""Samsung Health "download personal data" exports: exercise sessions and their sample streams.

Public: :func:`read_sessions` (the exercise CSV -> sessions), :func:`to_activity`,
:data:`NAME` (the CSV's file name pattern).

The export is a folder ``samsunghealth_<user>_<time>/`` of CSV files, one per data type,
named ``<type>.<yyyymmddhhmmss>.csv``, and a ``jsons/`` folder of per-record JSON blobs.
Each CSV starts with a metadata line (``com.samsung.shealth.exercise,6320001,17``: the
type, its schema version, the column count), then the header, then one row per record,
each with a trailing comma. The exercise table (``com.samsung.shealth.exercise.*.csv``)
prefixes its columns ``com.samsung.health.exercise.``: ``start_time`` and ``end_time``
(``2023-12-22 11:48:00.000``, in UTC), ``time_offset`` (``UTC+0100``, the local offset),
``exercise_type`` (1001 walking, 1002 running... ``sports.samsung_sport``), ``duration``
(ms), ``distance`` (m), ``calorie`` (kcal), ``mean_heart_rate``, ``max_heart_rate``,
``altitude_gain``, ``altitude_loss``, ``datauuid`` and ``live_data`` / ``location_data``
(the names of the JSON blobs, stored as
``jsons/com.samsung.shealth.exercise/<first character of the uuid>/<blob name>``).

A ``live_data`` blob is a list of ``{start_time (ms since 1970), heart_rate, speed (m/s),
cadence (steps/min), distance (m)}`` objects (each holding the values measured at that
moment); a ``location_data`` blob a list of ``{start_time, latitude, longitude, altitude}``.
Only sessions of foot sports and cycling become activities; the others are counted.
A session without blobs is imported from its summary (older exports have no ``jsons/``).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import numpy as np

from ..domain import ParsedActivity
from ..errors import ImportFailed
from .sports import samsung_sport
from .summary import Totals, assemble

NAME = re.compile(r"(^|/)com\.samsung\.shealth\.exercise\.\d+\.csv$", re.IGNORECASE)
_PREFIX = "com.samsung.health.exercise."
_OFFSET = re.compile(r"^UTC([+-])(\d{2}):?(\d{2})$")
BLOB_FOLDER = "jsons/com.samsung.shealth.exercise"
IMPORTED_SPORTS = frozenset({"running", "walking", "hiking", "cycling"})


@dataclass(frozen=True)
class Session:
    line: int
    uuid: str
    sport: str | None
    type_code: str | None
    start: datetime  # aware, local offset
    end: datetime | None
    duration_s: float | None
    distance_m: float | None
    energy_kcal: float | None
    avg_hr: float | None
    max_hr: float | None
    ascent_m: float | None
    descent_m: float | None
    live_blob: str | None
    location_blob: str | None


def _num(text: Any) -> float | None:
    if text is None or text == "":
        return None
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def _offset(text: str | None) -> timezone:
    m = _OFFSET.match((text or "").strip())
    if not m:
        return UTC
    minutes = int(m.group(2)) * 60 + int(m.group(3))
    return timezone(timedelta(minutes=minutes if m.group(1) == "+" else -minutes))


def _time(text: str | None, zone: timezone, name: str, line: int, what: str) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.strptime(text.strip(), "%Y-%m-%d %H:%M:%S.%f")
    except ValueError:
        try:
            moment = datetime.strptime(text.strip(), "%Y-%m-%d %H:%M:%S")
        except ValueError:
            raise ImportFailed(name, "errors.samsung.bad_date", row=line, what=what, value=repr(text)) from None
    return moment.replace(tzinfo=UTC).astimezone(zone)


def read_sessions(data: bytes, name: str) -> list[Session]:
    """The exercise sessions of the CSV; ImportFailed naming the file (and row) when it cannot be read whole."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFailed(name, "errors.file.not_utf8", exc.start, offset=exc.start) from None
    lines = io.StringIO(text)
    meta = lines.readline()
    if not meta.lower().startswith("com.samsung.shealth.exercise"):
        raise ImportFailed(name, "errors.samsung.not_exercise")
    try:
        reader = csv.reader(lines)
        header = [h.strip() for h in next(reader, [])]
        col = {h.removeprefix(_PREFIX): i for i, h in enumerate(header) if h}
        if "start_time" not in col or "datauuid" not in col:
            raise ImportFailed(name, "errors.samsung.no_columns")
        sessions = []
        for line, row in enumerate(reader, start=3):
            if not any(cell.strip() for cell in row):
                continue

            def cell(key: str, row: list[str] = row) -> str | None:
                i = col.get(key)
                return row[i].strip() or None if i is not None and i < len(row) else None

            zone = _offset(cell("time_offset"))
            start = _time(cell("start_time"), zone, name, line, "start_time")
            if start is None:
                raise ImportFailed(name, "errors.samsung.no_start", row=line)
            duration_ms = _num(cell("duration"))
            sessions.append(
                Session(
                    line=line,
                    uuid=cell("datauuid") or f"row-{line}",
                    sport=samsung_sport(cell("exercise_type")),
                    type_code=cell("exercise_type"),
                    start=start,
                    end=_time(cell("end_time"), zone, name, line, "end_time"),
                    duration_s=None if duration_ms is None else duration_ms / 1000.0,
                    distance_m=_num(cell("distance")),
                    energy_kcal=_num(cell("calorie")),
                    avg_hr=_num(cell("mean_heart_rate")),
                    max_hr=_num(cell("max_heart_rate")),
                    ascent_m=_num(cell("altitude_gain")),
                    descent_m=_num(cell("altitude_loss")),
                    live_blob=cell("live_data"),
                    location_blob=cell("location_data"),
                )
            )
        return sessions
    except csv.Error as exc:
        raise ImportFailed(name, "errors.file.bad_csv", detail=str(exc)) from None


def blob_path(uuid: str, blob: str) -> str:
    """Where a session's blob sits, relative to the CSV's folder."""
    return f"{BLOB_FOLDER}/{uuid[:1]}/{blob}"


def _blob(raw: bytes | None, name: str) -> list[dict[str, Any]]:
    if raw is None:
        return []
    try:
        doc = json.loads(raw.decode("utf-8-sig"), parse_constant=lambda _c: math.nan)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportFailed(name, "errors.samsung.broken_stream", detail=str(exc)) from None
    return [d for d in doc if isinstance(d, dict)] if isinstance(doc, list) else []


def item_name(name: str, s: Session) -> str:
    return f"{name}#{s.start.isoformat()}"


def sha256(s: Session, n_live: int, n_location: int) -> str:
    key = f"samsung_health|{s.uuid}|live={n_live}|location={n_location}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def to_activity(
    s: Session, name: str, sibling: Callable[[str], tuple[str, bytes] | None]
) -> tuple[ParsedActivity, int, int]:
    """One session as an activity with its sample streams; also how many live and location points it had."""
    live: list[dict[str, Any]] = []
    location: list[dict[str, Any]] = []
    for blob, target in ((s.live_blob, live), (s.location_blob, location)):
        if blob:
            found = sibling(blob_path(s.uuid, blob))
            if found is not None:
                target.extend(_blob(found[1], found[0]))
    base = s.start.timestamp()
    rows: dict[float, dict[str, float]] = {}
    for item in live:
        t = _num(item.get("start_time"))
        if t is None:
            continue
        row = rows.setdefault(t / 1000.0 - base, {})
        for key, column in (("heart_rate", "heart_rate"), ("speed", "speed_mps"), ("cadence", "cadence_spm")):
            value = _num(item.get(key))
            if value is not None:
                row[column] = value
        dist = _num(item.get("distance"))
        if dist is not None:
            row["distance_m"] = dist
    for item in location:
        t = _num(item.get("start_time"))
        lat, lon = _num(item.get("latitude")), _num(item.get("longitude"))
        if t is None or lat is None or lon is None:
            continue
        row = rows.setdefault(t / 1000.0 - base, {})
        row["lat"], row["lon"] = lat, lon
        alt = _num(item.get("altitude"))
        if alt is not None:
            row["altitude_m"] = alt
    names = ("lat", "lon", "altitude_m", "heart_rate", "speed_mps", "cadence_spm", "distance_m")
    times = sorted(rows)
    columns: dict[str, Any] = {"time_s": np.array(times, dtype=np.float64)}
    for column in names:
        columns[column] = np.array([rows[t].get(column, np.nan) for t in times], dtype=np.float64)
    distance = columns["distance_m"]
    if np.isfinite(distance).any():
        known = distance[np.isfinite(distance)]
        if len(known) > 1 and (np.diff(known) < 0).any():  # per-interval distances: accumulate them
            columns["distance_m"] = np.where(np.isfinite(distance), np.nancumsum(distance), np.nan)
    elapsed = (s.end - s.start).total_seconds() if s.end is not None else None
    parsed = assemble(
        name=name,
        source_format="samsung_health",
        start_time=s.start,
        tz_known=True,
        sport=s.sport,
        columns=columns,
        totals=Totals(
            distance_m=s.distance_m,
            elapsed_s=elapsed if elapsed and elapsed > 0 else s.duration_s,
            moving_s=s.duration_s,
            ascent_m=s.ascent_m,
            descent_m=s.descent_m,
            avg_hr=s.avg_hr,
            max_hr=s.max_hr,
        ),
        cadence_per_foot=False,
        device="Samsung Health",
    )
    parsed.energy_kcal = s.energy_kcal
    return parsed, len(live), len(location)
