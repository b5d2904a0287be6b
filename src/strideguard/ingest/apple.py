"""Apple Health ``export.xml`` (in ``export.zip`` or the unpacked ``apple_health_export/`` folder), streamed.

Public: :func:`read_export` (the file, streamed twice at most, in constant memory) and
:func:`to_activity` (one workout and its route as a ``ParsedActivity``).

The layout (Apple's own DTD at the top of every export.xml) is a ``HealthData`` root with,
in this order, ``Record`` elements (every sample the phone and watch stored, grouped by
type), ``Correlation``, ``Workout`` and ``ActivitySummary`` elements. It reaches gigabytes:
it is read with lxml's ``iterparse`` and every top-level element is cleared and removed
once read, so memory does not grow with the file (see ``bench/apple_health_bench.py``).

What is read:

- **Workouts** of type ``HKWorkoutActivityTypeRunning`` and ``...Walking`` (others are
  counted, not imported). Two forms exist: older exports state ``totalDistance`` and
  ``totalEnergyBurned`` as attributes with their units; newer ones (iOS 16 and later)
  put ``WorkoutStatistics`` children (``DistanceWalkingRunning`` sum,
  ``ActiveEnergyBurned`` sum, ``HeartRate`` average/minimum/maximum, ``StepCount``
  sum) under the workout. Both are read; a statistic wins over an attribute.
  ``duration`` is the active time (pauses excluded); ``endDate - startDate`` the elapsed
  time. ``HKIndoorWorkout`` = 1 makes a run a treadmill run; ``HKElevationAscended``
  ("4500 cm") is the ascent; ``HKTimeZone`` the zone the workout was recorded in.
- **Routes**: ``WorkoutRoute/FileReference path="/workout-routes/route_....gpx"`` names a
  GPX file next to export.xml; its points become the position, altitude and speed samples.
- **Heart rate during a workout**: the ``HKQuantityTypeIdentifierHeartRate`` records inside
  the workout's time (a second pass over the file, only when there are workouts; the
  records come before the workouts in the file).
- **Effort**: ``HKQuantityTypeIdentifierWorkoutEffortScore`` (iOS 18: the runner's own
  rating of a workout, 1-10, see ``ingest.effort``) recorded for the workout's time.
- **Wellness per day**: ``RestingHeartRate`` (mean of the day's values),
  ``HeartRateVariabilitySDNN`` (mean of the day's values, ms) and ``SleepAnalysis``
  (the asleep stages ``AsleepCore``, ``AsleepDeep``, ``AsleepREM``, and the plain
  ``Asleep``/``AsleepUnspecified`` of the phone and older watches; ``InBed`` and ``Awake``
  are not sleep). A night is counted to the day it ends on: an interval ending before
  18:00 belongs to that day, a later one to the next day. When a night has the watch's
  stages, only they count (they say when the runner lay awake; the phone's plain
  "asleep" of the same night would count those minutes twice or as sleep); overlapping
  intervals are merged.

Times in export.xml carry the UTC offset of the phone that made the export; a day is the
date as written there (``HKTimeZone`` of a workout, when present, sets its local time).
A file that ends before its closing tag (an interrupted export or copy) is refused whole:
nothing of it is stored, so the runner can export again and import once.
"""

from __future__ import annotations

import calendar
import hashlib
import math
import re
from array import array
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import IO, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
from lxml import etree

from ..domain import ParsedActivity, WellnessDay
from ..errors import ImportFailed, broken_xml
from . import effort
from .summary import Totals, assemble

SOURCE = "apple_health"
WORKOUT_SPORTS = {"HKWorkoutActivityTypeRunning": "running", "HKWorkoutActivityTypeWalking": "walking"}
_HR = "HKQuantityTypeIdentifierHeartRate"
_RESTING = "HKQuantityTypeIdentifierRestingHeartRate"
_HRV = "HKQuantityTypeIdentifierHeartRateVariabilitySDNN"
_SLEEP = "HKCategoryTypeIdentifierSleepAnalysis"
_EFFORT = "HKQuantityTypeIdentifierWorkoutEffortScore"
_STAGES = frozenset(
    {
        "HKCategoryValueSleepAnalysisAsleepCore",
        "HKCategoryValueSleepAnalysisAsleepDeep",
        "HKCategoryValueSleepAnalysisAsleepREM",
    }
)
_ASLEEP = _STAGES | {"HKCategoryValueSleepAnalysisAsleep", "HKCategoryValueSleepAnalysisAsleepUnspecified"}
# Top-level elements of HealthData (Apple's DTD); each is cleared once read.
_TOP = ("Record", "Correlation", "Workout", "ActivitySummary", "ExportDate", "Me", "ClinicalRecord", "Audiogram")
_DISTANCE_M = {"m": 1.0, "km": 1000.0, "mi": 1609.344, "yd": 0.9144, "ft": 0.3048, "cm": 0.01}
_DURATION_S = {"s": 1.0, "sec": 1.0, "min": 60.0, "hr": 3600.0, "h": 3600.0}
_ENERGY_KCAL = {"kcal": 1.0, "Cal": 1.0, "kJ": 1 / 4.184, "cal": 0.001}
_LENGTH = re.compile(r"^\s*([-+0-9.eE]+)\s*([A-Za-z]+)\s*$")
# A sleep interval ending at or after this hour belongs to the next day's night.
NIGHT_ENDS_BEFORE_HOUR = 18
PROGRESS_EVERY_BYTES = 8 << 20
MAX_WORKOUT_S = 7 * 86400  # a workout longer than a week is not one (see knowledge/ingest.yaml max_elapsed_s)


@dataclass
class Workout:
    """One running or walking workout as export.xml states it."""

    sport: str
    start: datetime  # aware
    end: datetime
    line: int
    zone: str | None = None
    duration_s: float | None = None
    distance_m: float | None = None
    energy_kcal: float | None = None
    avg_hr: float | None = None
    max_hr: float | None = None
    steps: float | None = None
    ascent_m: float | None = None
    route: str | None = None  # FileReference path, e.g. "/workout-routes/route_2024-01-15_10.00am.gpx"
    device: str | None = None
    key: str = ""  # what identifies it in the file (type, times, source)
    effort: float | None = None  # 0-10
    # heart rate during the workout: compact arrays (8 bytes a value), ten years of workouts hold a few MB
    hr_t: array[float] = field(default_factory=lambda: array("d"))  # epoch seconds
    hr_v: array[float] = field(default_factory=lambda: array("d"))  # bpm

    @property
    def start_epoch(self) -> float:
        return self.start.timestamp()

    @property
    def end_epoch(self) -> float:
        return self.end.timestamp()


@dataclass
class AppleExport:
    workouts: list[Workout]
    other_workouts: int  # workouts of other sports (counted, not imported)
    wellness: list[WellnessDay]


# ---------------------------------------------------------------- values


def _epoch(text: str) -> float:
    """Seconds since 1970 of ``YYYY-MM-DD HH:MM:SS +HHMM`` (fast path; the format Apple writes)."""
    try:
        if len(text) == 25 and text[4] == "-" and text[19] == " ":
            sign = -1 if text[20] == "-" else 1
            utc = calendar.timegm(
                (int(text[0:4]), int(text[5:7]), int(text[8:10]), int(text[11:13]), int(text[14:16]), int(text[17:19]))
            )
            return float(utc - sign * (int(text[21:23]) * 3600 + int(text[23:25]) * 60))
    except ValueError:
        pass
    return _moment(text).timestamp()


def _moment(text: str) -> datetime:
    """An aware datetime from Apple's ``2024-01-15 07:03:12 +0100``; ValueError when it is not one."""
    return datetime.strptime(text.strip(), "%Y-%m-%d %H:%M:%S %z")


def _number(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _scaled(value: str | None, unit: str | None, table: dict[str, float]) -> float | None:
    number = _number(value)
    if number is None or unit not in table:
        return None
    return number * table[unit]


def _length_m(text: str | None) -> float | None:
    """``"4500 cm"`` (a MetadataEntry quantity) in metres."""
    m = _LENGTH.match(text or "")
    if not m:
        return None
    return _scaled(m.group(1), m.group(2), _DISTANCE_M)


# ---------------------------------------------------------------- streaming


def _iterate(stream: _Counter | _Prefixed, name: str, tags: tuple[str, ...]) -> Iterator[etree._Element]:
    """Top-level elements with one of ``tags``, each cleared (and removed from the tree) after the caller is done.

    A syntax error met once the whole file has been read is a file cut short (an interrupted
    export or copy); one before the end is broken XML.
    """
    parser = etree.iterparse(
        stream,
        events=("end",),
        tag=tags,
        huge_tree=True,  # very long attribute values (device descriptions) in big exports
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        remove_comments=True,
    )
    try:
        for _event, elem in parser:
            yield elem
            parent = elem.getparent()
            if parent is not None and parent.getparent() is None:  # a child of HealthData: drop it and its elders
                elem.clear(keep_tail=False)
                while elem.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as exc:
        line = getattr(exc, "lineno", None) or (exc.position[0] if exc.position else None)
        msg = str(exc.msg) if getattr(exc, "msg", None) else str(exc)
        if stream.at_end and "Extra content" not in msg:
            raise ImportFailed(name, "errors.apple.ends_early", line=line, detail=msg) from None
        raise ImportFailed(name, broken_xml(line, msg)) from None


class _Counter:
    """A file object that counts the bytes read (for progress) and reports every few MB."""

    def __init__(self, stream: IO[bytes], report: Callable[[int], None] | None) -> None:
        self.stream = stream
        self.done = 0
        self.report = report
        self._next = PROGRESS_EVERY_BYTES
        self.at_end = False

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        if not data:
            self.at_end = True
        self.done += len(data)
        if self.report is not None and self.done >= self._next:
            self._next = self.done + PROGRESS_EVERY_BYTES
            self.report(self.done)
        return data


def _check_root(stream: _Counter, name: str) -> bytes:
    head = stream.read(4096)
    if b"<HealthData" not in head and b"<!DOCTYPE HealthData" not in head:
        raise ImportFailed(name, "errors.apple.not_export")
    return head


class _Prefixed:
    """A stream with bytes already read put back in front."""

    def __init__(self, head: bytes, stream: _Counter) -> None:
        self.head = head
        self.stream = stream

    @property
    def at_end(self) -> bool:
        return not self.head and self.stream.at_end

    def read(self, size: int = -1) -> bytes:
        if self.head:
            if size is None or size < 0:
                out, self.head = self.head + self.stream.read(), b""
                return out
            out, self.head = self.head[:size], self.head[size:]
            return out
        return self.stream.read(size)


def read_export(
    open_stream: Callable[[], IO[bytes]], name: str, progress: Callable[[int], None] | None = None
) -> AppleExport:
    """Read an export.xml: the running and walking workouts (with heart rate and effort) and wellness per day.

    ``open_stream`` opens the file from its start (it is called twice when there are workouts:
    once for everything, once for the heart rate inside the workouts). ``progress`` gets the
    bytes read so far (both passes counted). ImportFailed when the file is not a whole export.
    """
    workouts: list[Workout] = []
    other = 0
    resting: dict[date, list[float]] = defaultdict(list)
    hrv: dict[date, list[float]] = defaultdict(list)
    asleep: dict[date, list[tuple[float, float, bool]]] = defaultdict(list)
    efforts: list[tuple[float, float, float]] = []  # start, end, 0-10
    done = 0

    def reported(n: int) -> None:
        if progress is not None:
            progress(done + n)

    with open_stream() as raw:
        counter = _Counter(raw, reported)
        stream = _Prefixed(_check_root(counter, name), counter)
        for elem in _iterate(stream, name, _TOP):
            tag = elem.tag
            if tag == "Record":
                kind = elem.get("type")
                if kind == _RESTING or kind == _HRV:
                    value = _number(elem.get("value"))
                    start = elem.get("startDate") or ""
                    if value is not None and len(start) >= 10:
                        try:
                            day = date.fromisoformat(start[:10])
                        except ValueError:
                            continue
                        (resting if kind == _RESTING else hrv)[day].append(value)
                elif kind == _SLEEP:
                    stage = elem.get("value")
                    if stage in _ASLEEP:
                        _add_sleep(elem, asleep, stage in _STAGES)
                elif kind == _EFFORT:
                    value = _number(elem.get("value"))
                    try:
                        start_s, end_s = _epoch(elem.get("startDate") or ""), _epoch(elem.get("endDate") or "")
                    except ValueError:
                        continue
                    if value is not None:
                        efforts.append((start_s, end_s, value))
            elif tag == "Workout":
                sport = WORKOUT_SPORTS.get(elem.get("workoutActivityType") or "")
                if sport is None:
                    other += 1
                else:
                    workouts.append(_workout(elem, sport, name))
        done = counter.done
    if workouts:
        _heart_rate(open_stream, name, workouts, reported)
    _match_efforts(workouts, efforts)
    return AppleExport(workouts, other, _wellness(resting, hrv, asleep))


def _add_sleep(elem: etree._Element, asleep: dict[date, list[tuple[float, float, bool]]], staged: bool) -> None:
    try:
        start, end = _moment(elem.get("startDate") or ""), _moment(elem.get("endDate") or "")
    except ValueError:
        return
    if end <= start:
        return
    night = (end + timedelta(hours=24 - NIGHT_ENDS_BEFORE_HOUR)).date()
    asleep[night].append((start.timestamp(), end.timestamp(), staged))


def _workout(elem: etree._Element, sport: str, name: str) -> Workout:
    line = elem.sourceline or 0
    try:
        start, end = _moment(elem.get("startDate") or ""), _moment(elem.get("endDate") or "")
    except ValueError:
        raise ImportFailed(name, "errors.apple.workout_date", line=line, value=repr(elem.get("startDate"))) from None
    w = Workout(sport=sport, start=start, end=end, line=line)
    w.duration_s = _scaled(elem.get("duration"), elem.get("durationUnit"), _DURATION_S)
    w.distance_m = _scaled(elem.get("totalDistance"), elem.get("totalDistanceUnit"), _DISTANCE_M)
    w.energy_kcal = _scaled(elem.get("totalEnergyBurned"), elem.get("totalEnergyBurnedUnit"), _ENERGY_KCAL)
    w.device = elem.get("sourceName") or None
    w.key = "|".join(
        (SOURCE, elem.get("workoutActivityType") or "", elem.get("startDate") or "", elem.get("endDate") or "")
        + (elem.get("sourceName") or "",)
    )
    for child in elem:
        tag = child.tag
        if tag == "MetadataEntry":
            key, value = child.get("key"), child.get("value")
            if key == "HKIndoorWorkout" and value == "1" and sport == "running":
                w.sport = "treadmill_running"
            elif key == "HKTimeZone" and value:
                w.zone = value
            elif key == "HKElevationAscended":
                w.ascent_m = _length_m(value)
        elif tag == "WorkoutStatistics":
            kind, unit = child.get("type"), child.get("unit")
            if kind in ("HKQuantityTypeIdentifierDistanceWalkingRunning", "HKQuantityTypeIdentifierDistance"):
                w.distance_m = _scaled(child.get("sum"), unit, _DISTANCE_M) or w.distance_m
            elif kind == "HKQuantityTypeIdentifierActiveEnergyBurned":
                w.energy_kcal = _scaled(child.get("sum"), unit, _ENERGY_KCAL) or w.energy_kcal
            elif kind == _HR and unit == "count/min":
                w.avg_hr = _number(child.get("average"))
                w.max_hr = _number(child.get("maximum"))
            elif kind == "HKQuantityTypeIdentifierStepCount":
                w.steps = _number(child.get("sum"))
        elif tag == "WorkoutRoute":
            ref = child.find("FileReference")
            if ref is not None and ref.get("path"):
                w.route = ref.get("path")
    return w


def _heart_rate(
    open_stream: Callable[[], IO[bytes]], name: str, workouts: list[Workout], reported: Callable[[int], None]
) -> None:
    """The second pass: heart-rate records inside each workout's time.

    A record of a day without a workout (its date as written, a day either side for other
    UTC offsets) is passed over without reading its time: most of a file's heart rate.
    """
    ordered = sorted(workouts, key=lambda w: w.start_epoch)
    starts = [w.start_epoch for w in ordered]
    ends = [w.end_epoch for w in ordered]
    days: set[str] = set()
    for w in ordered:
        d = w.start.date() - timedelta(days=1)
        while d <= w.end.date() + timedelta(days=1):
            days.add(d.isoformat())
            d += timedelta(days=1)
    with open_stream() as raw:
        counter = _Counter(raw, reported)
        for elem in _iterate(counter, name, _TOP):  # every top-level element, so that each is cleared
            if elem.tag != "Record" or elem.get("type") != _HR:
                continue
            text = elem.get("startDate") or ""
            if text[:10] not in days:
                continue
            try:
                t = _epoch(text)
            except ValueError:
                continue
            i = bisect_right(starts, t) - 1
            value = None
            while i >= 0 and t - starts[i] <= MAX_WORKOUT_S:  # every workout that holds t
                if t <= ends[i]:
                    value = _number(elem.get("value")) if value is None else value
                    if value is not None:
                        ordered[i].hr_t.append(t)
                        ordered[i].hr_v.append(value)
                i -= 1


def _match_efforts(workouts: list[Workout], efforts: list[tuple[float, float, float]]) -> None:
    """An effort score recorded for a workout's time (its start within a minute of the workout's) rates it."""
    for start, _end, value in efforts:
        for w in workouts:
            if abs(start - w.start_epoch) <= 60 or w.start_epoch <= start <= w.end_epoch:
                w.effort = effort.apple(value)
                break


def _merged_hours(intervals: list[tuple[float, float, bool]]) -> float:
    """Hours asleep in one night: the watch's stages when it has them, overlaps counted once."""
    staged = [(a, b) for a, b, is_stage in intervals if is_stage]
    chosen = staged or [(a, b) for a, b, _ in intervals]
    total = 0.0
    last_end = -math.inf
    for start, end in sorted(chosen):
        if end <= last_end:
            continue
        total += end - max(start, last_end)
        last_end = end
    return total / 3600.0


def _wellness(
    resting: dict[date, list[float]],
    hrv: dict[date, list[float]],
    asleep: dict[date, list[tuple[float, float, bool]]],
) -> list[WellnessDay]:
    days = sorted(set(resting) | set(hrv) | set(asleep))
    out = []
    for d in days:
        sleep = _merged_hours(asleep[d]) if d in asleep else None
        out.append(
            WellnessDay(
                day=d,
                source=SOURCE,
                sleep_h=round(sleep, 3) if sleep is not None else None,
                resting_hr=round(float(np.mean(resting[d])), 2) if d in resting else None,
                hrv_sdnn_ms=round(float(np.mean(hrv[d])), 2) if d in hrv else None,
            )
        )
    return out


# ---------------------------------------------------------------- one workout


@dataclass
class Route:
    time: list[float]  # epoch seconds
    lat: list[float]
    lon: list[float]
    ele: list[float | None]
    speed: list[float | None]


def read_route(data: bytes, name: str) -> Route:
    """The points of an Apple workout-route GPX (trkpt lat/lon, ele, time, extensions/speed)."""
    out = Route([], [], [], [], [])
    try:
        root = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True))
    except etree.XMLSyntaxError as exc:
        raise ImportFailed(name, "errors.apple.route", detail=str(exc)) from None
    for pt in root.iter("{*}trkpt"):
        when = _child_text(pt, "time")
        lat, lon = _number(pt.get("lat")), _number(pt.get("lon"))
        if when is None or lat is None or lon is None:
            continue
        try:
            t = datetime.fromisoformat(when.replace("Z", "+00:00"))
        except ValueError:
            continue
        out.time.append((t if t.tzinfo else t.replace(tzinfo=UTC)).timestamp())
        out.lat.append(lat)
        out.lon.append(lon)
        out.ele.append(_number(_child_text(pt, "ele")))
        out.speed.append(_number(_child_text(pt, "speed")))
    return out


def _child_text(elem: etree._Element, local: str) -> str | None:
    for child in elem.iter("{*}" + local):
        return child.text
    return None


def item_name(name: str, w: Workout) -> str:
    """How one workout is named in the import result: the file, then ``#`` and its start time."""
    return f"{name}#{w.start.isoformat()}"


def sha256(w: Workout, route: Route | None) -> str:
    """What identifies a workout's stored copy: its element's identity and what its samples hold."""
    key = f"{w.key}|route={len(route.time) if route else 0}|hr={len(w.hr_t)}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _local(w: Workout) -> tuple[datetime, bool]:
    if w.zone:
        try:
            return w.start.astimezone(ZoneInfo(w.zone)), True
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return w.start, False


def to_activity(w: Workout, route: Route | None, name: str) -> ParsedActivity:
    """One workout as an activity: its statistics, and its route and heart rate as samples."""
    base = w.start_epoch
    times = np.array(route.time if route else [], dtype=np.float64)
    hr_t = np.frombuffer(w.hr_t, dtype=np.float64) if len(w.hr_t) else np.zeros(0)
    n_route, n_hr = len(times), len(hr_t)
    all_t = np.concatenate((times, hr_t)) - base
    columns: dict[str, Any] = {"time_s": all_t}
    if n_route:
        nan_hr = np.full(n_hr, np.nan)
        columns["lat"] = np.concatenate((np.array(route.lat, dtype=np.float64), nan_hr)) if route else nan_hr
        columns["lon"] = np.concatenate((np.array(route.lon, dtype=np.float64), nan_hr)) if route else nan_hr
        ele = [np.nan if v is None else v for v in route.ele] if route else []
        speed = [np.nan if v is None else v for v in route.speed] if route else []
        columns["altitude_m"] = np.concatenate((np.array(ele, dtype=np.float64), nan_hr))
        columns["speed_mps"] = np.concatenate((np.array(speed, dtype=np.float64), nan_hr))
    if n_hr:
        columns["heart_rate"] = np.concatenate((np.full(n_route, np.nan), np.frombuffer(w.hr_v, dtype=np.float64)))
    if n_route and n_hr:
        columns = _merge_by_time(columns)
    elapsed = (w.end - w.start).total_seconds()
    cadence = w.steps / (w.duration_s / 60.0) if w.steps and w.duration_s else None
    start, tz_known = _local(w)
    parsed = assemble(
        name=name,
        source_format="apple_health",
        start_time=start,
        tz_known=tz_known,
        sport=w.sport,
        columns=columns,
        totals=Totals(
            distance_m=w.distance_m,
            elapsed_s=elapsed if elapsed > 0 else w.duration_s,
            moving_s=w.duration_s,
            ascent_m=w.ascent_m,
            avg_hr=w.avg_hr,
            max_hr=w.max_hr,
            avg_cadence=cadence,
        ),
        cadence_per_foot=False,
        device=w.device,
    )
    parsed.energy_kcal = w.energy_kcal
    parsed.export_rpe = w.effort
    return parsed


def _merge_by_time(columns: dict[str, Any]) -> dict[str, Any]:
    """Route points and heart-rate records on one timeline: a record within 1 s of a point joins it."""
    t = columns["time_s"]
    order = np.argsort(t, kind="stable")
    merged: dict[str, list[float]] = {k: [] for k in columns}
    for i in order.tolist():
        row = {k: float(v[i]) for k, v in columns.items()}
        if merged["time_s"] and row["time_s"] - merged["time_s"][-1] < 1.0:
            for k, v in row.items():
                if k != "time_s" and math.isnan(merged[k][-1]) and not math.isnan(v):
                    merged[k][-1] = v
            continue
        for k, v in row.items():
            merged[k].append(v)
    return {k: np.array(v, dtype=np.float64) for k, v in merged.items()}


__all__ = ["SOURCE", "AppleExport", "Route", "Workout", "item_name", "read_export", "read_route", "sha256"]
