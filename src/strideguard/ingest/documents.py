"""Export documents: the files of an export that are not one activity each.

Public: :func:`kind_of` (which document a file is, from its name and first bytes),
:data:`KINDS`, :func:`read` (one document -> :class:`Document`) and the parts a document
yields: :class:`Item` (an activity), :class:`Extra` (names, effort and gear for an
activity stored from another file), :class:`ShoeInfo` and wellness days.

- ``apple_health``: Apple Health ``export.xml`` (``<HealthData>``): running and walking
  workouts with their routes and heart rate, and wellness per day.
- ``samsung_exercise``: Samsung Health ``com.samsung.shealth.exercise.<time>.csv``: exercise
  sessions with their sample streams.
- ``garmin_activities``: Garmin ``*summarizedActivities*.json``: names, effort and feel, by
  start time.
- ``garmin_gear``: Garmin ``*_gear.json``: shoes and the activities each was used for.
- ``garmin_sleep``, ``garmin_daily``, ``garmin_health_status``: Garmin ``*_sleepData.json``,
  ``UDSFile_*.json``, ``*_healthStatusData.json``: sleep, resting heart rate, HRV per day.
- ``strava_activities``: Strava ``activities.csv``: names, perceived exertion and gear, by
  file or start time.
- ``strava_shoes``: Strava ``shoes.csv``: shoes.

Documents are read in the importing process (they are few; Apple's export.xml is streamed).
Activities from a document are named ``document#start-time`` in the import result.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from ..domain import WellnessDay
from ..errors import ImportFailed, Text, TextError
from . import apple, garmin, samsung, strava
from .detect import Decoded, Ready, ready

if TYPE_CHECKING:
    from .archive import Source

KINDS: tuple[str, ...] = (
    "apple_health",
    "samsung_exercise",
    "garmin_activities",
    "garmin_gear",
    "garmin_sleep",
    "garmin_daily",
    "garmin_health_status",
    "strava_activities",
    "strava_shoes",
)
ACTIVITY_KINDS = frozenset({"apple_health", "samsung_exercise"})
WELLNESS_KINDS = frozenset({"garmin_sleep", "garmin_daily", "garmin_health_status"})
_GARMIN = (
    (re.compile(r"summarizedactivities[^/]*\.json$"), "garmin_activities"),
    (re.compile(r"_gear\.json$"), "garmin_gear"),
    (re.compile(r"_sleepdata\.json$"), "garmin_sleep"),
    (re.compile(r"(^|/)udsfile_[^/]*\.json$"), "garmin_daily"),
    (re.compile(r"_healthstatusdata\.json$"), "garmin_health_status"),
)


_APPLE_ROUTE = re.compile(r"(^|/)workout-routes/[^/]+\.gpx$", re.IGNORECASE)


def is_apple_route(name: str) -> bool:
    """A route GPX of an Apple Health export: read with its workout from export.xml, never as an activity of its own."""
    return _APPLE_ROUTE.search(name.replace("\\", "/")) is not None


def kind_of(name: str, head: Callable[[], bytes] | None = None) -> str | None:
    """The document ``name`` is (``KINDS``), or None; ``head`` gives its first bytes when the name is not enough."""
    lower = name.replace("\\", "/").lower()
    base = lower.rsplit("/", 1)[-1]
    if base == "activities.csv":
        return "strava_activities"
    if base == "shoes.csv":
        return "strava_shoes"
    if samsung.NAME.search(lower):
        return "samsung_exercise"
    for pattern, kind in _GARMIN:
        if pattern.search(lower):
            return kind
    if base.endswith(".xml") and base != "export_cda.xml" and head is not None:
        start = head()
        if b"<HealthData" in start or b"<!DOCTYPE HealthData" in start:
            return "apple_health"
    return None


@dataclass
class Item:
    """One activity a document holds: its name in the import result and what reading it gave."""

    name: str
    outcome: Ready | ImportFailed


@dataclass(frozen=True)
class Extra:
    """What an export says about an activity stored from another file (matched by file, else start time)."""

    file: str | None  # the activity file's name in the import result ("export.zip!activities/1.fit.gz")
    start: datetime | None  # UTC
    distance_m: float | None
    name: str | None = None
    export_rpe: float | None = None
    export_feel: int | None = None
    gear: str | None = None
    key: str | None = None  # the export's own id of the activity (Garmin activityId)


@dataclass(frozen=True)
class ShoeInfo:
    name: str
    brand: str | None = None
    started_on: date | None = None
    retired_on: date | None = None


@dataclass
class Document:
    """What one export document gave."""

    kind: str
    name: str
    items: Iterator[Item] | list[Item] = field(default_factory=list)
    extras: list[Extra] = field(default_factory=list)
    shoes: list[ShoeInfo] = field(default_factory=list)
    gear_links: dict[str, str] = field(default_factory=dict)  # export activity id -> shoe name (Garmin)
    wellness: list[WellnessDay] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)
    # called once the items have been consumed: completes the summary (routes found while reading them)
    finish: Callable[[], None] | None = None


class Unreadable(TextError):
    """An extras or wellness document that cannot be read whole (reported as a warning)."""


def _whole(source: Source) -> bytes:
    return source.read()


def read(source: Source, progress: Callable[[int], None] | None = None) -> Document:
    """Read one document. ImportFailed for an activity document that cannot be read whole;
    :class:`Unreadable` for an extras or wellness document (the caller warns and goes on)."""
    kind = source.kind or ""
    if kind == "apple_health":
        return _apple(source, progress)
    if kind == "samsung_exercise":
        return _samsung(source)
    try:
        if kind == "strava_activities":
            return _strava_activities(source)
        if kind == "strava_shoes":
            shoes = [ShoeInfo(s.name, s.brand) for s in strava.read_shoes(_whole(source))]
            return Document(kind, source.name, shoes=shoes, summary={"shoes": len(shoes)})
        if kind == "garmin_activities":
            rows = garmin.read_summaries(_whole(source))
            extras = [
                Extra(None, r.start, r.distance_m, r.name, r.export_rpe, r.export_feel, key=r.activity_id) for r in rows
            ]
            return Document(kind, source.name, extras=extras, summary={"activities": len(extras)})
        if kind == "garmin_gear":
            gear = garmin.read_gear(_whole(source))
            links = {aid: g.name for g in gear for aid in g.activity_ids}
            shoes = [ShoeInfo(g.name, g.brand, g.started_on, g.retired_on) for g in gear]
            return Document(kind, source.name, shoes=shoes, gear_links=links, summary={"shoes": len(shoes)})
        if kind in WELLNESS_KINDS:
            days = garmin.read_wellness(kind, _whole(source))
            return Document(kind, source.name, wellness=days, summary={"wellness_days": len(days)})
    except (strava.Unreadable, garmin.Unreadable) as exc:
        raise Unreadable(exc.reason) from None
    except ImportFailed as exc:
        raise Unreadable(exc.reason_text) from None
    raise ImportFailed(source.name, "errors.documents.unknown", kind=kind or Text("errors.value.unknown"))


def _strava_activities(source: Source) -> Document:
    rows = strava.read_activities(_whole(source))
    extras = [
        Extra(_beside(source, r.file) if r.file else None, r.start, r.distance_m, r.name, r.export_rpe, gear=r.gear)
        for r in rows
    ]
    return Document("strava_activities", source.name, extras=extras, summary={"rows": len(rows)})


def _beside(source: Source, relative: str) -> str:
    """The import-result name of a file the document names relative to its own folder."""
    if source.member is None:
        return str(Path(source.path).parent / relative)
    folder = PurePosixPath(source.member).parent
    member = str(folder / relative) if folder.parts else relative
    return f"{source.name.rsplit('!', 1)[0]}!{member}"


def _apple(source: Source, progress: Callable[[int], None] | None) -> Document:
    export = apple.read_export(source.open, source.name, progress)
    routes = missing = 0

    def items() -> Iterator[Item]:
        nonlocal routes, missing
        for w in export.workouts:
            name = apple.item_name(source.name, w)
            try:
                route = None
                if w.route:
                    found = source.sibling(w.route)
                    if found is None:
                        missing += 1
                    else:
                        route = apple.read_route(found[1], found[0])
                        routes += 1
                parsed = apple.to_activity(w, route, name)
                yield Item(name, ready(Decoded(parsed, apple.sha256(w, route), 0)))
            except ImportFailed as exc:
                yield Item(name, exc)

    doc = Document("apple_health", source.name, items=items(), wellness=export.wellness)
    doc.summary = {"workouts": len(export.workouts), "other_workouts": export.other_workouts}

    def finish() -> None:
        doc.summary.update(routes=routes, routes_missing=missing, wellness_days=len(export.wellness))

    doc.finish = finish
    return doc


def _samsung(source: Source) -> Document:
    sessions = samsung.read_sessions(source.read(), source.name)
    chosen = [s for s in sessions if s.sport in samsung.IMPORTED_SPORTS]

    def sibling(rel: str) -> tuple[str, bytes] | None:
        return source.sibling(rel)

    def items() -> Iterator[Item]:
        for s in chosen:
            name = samsung.item_name(source.name, s)
            try:
                parsed, n_live, n_location = samsung.to_activity(s, name, sibling)
                yield Item(name, ready(Decoded(parsed, samsung.sha256(s, n_live, n_location), 0)))
            except ImportFailed as exc:
                yield Item(name, exc)

    summary = {"sessions": len(sessions), "other_sessions": len(sessions) - len(chosen)}
    return Document("samsung_exercise", source.name, items=items(), summary=summary)
