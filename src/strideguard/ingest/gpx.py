"""GPX tracks, parsed with gpxpy.

Public: :func:`read` (raw bytes + display name -> ParsedActivity).

- All tracks and segments of the file form one activity. A new segment marks
  a pause: the straight line across the gap is not counted as distance (as
  gpxpy's ``length_2d`` does not).
- Distance is geodesic on the WGS84 ellipsoid (``samples.step_distances_m``);
  GPX has no totals, so every summary value comes from the samples.
- Heart rate, cadence and speed come from the Garmin TrackPointExtension
  (``hr``, ``cad``, ``speed``), matched by local name whatever the prefix.
  ``cad`` counts one foot (strides/min) and is doubled for foot sports.
- Times in GPX are UTC: the start is UTC and ``tz_known`` is False (the
  runner's profile time zone applies).
- The sport is the track's ``<type>`` (names or Strava's numbers); without one
  it is inferred from the speed (see ``sports``).
- A file with no timed track points (a planned route, waypoints only) is
  refused: it is not a recorded activity. So is one whose timed points all
  carry the same time (the duration is unknown), or whose shared times would
  leave less than half the track's length (the times do not describe the
  run). Points with impossible
  times (before 1980, in the future) are dropped and counted.
- A track segment without any times still counts as distance (its
  geometry), so that a partly timed track keeps its whole length.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import numpy as np

from ..domain import ParsedActivity
from ..errors import ImportFailed, Text, broken_xml
from . import plausible
from . import samples as S
from .limits import limits
from .sports import gpx_sport
from .summary import Totals, assemble

if TYPE_CHECKING:
    import gpxpy.gpx

_EXTENSIONS = {
    "hr": "heart_rate",
    "heartrate": "heart_rate",
    "cad": "cadence_spm",
    "cadence": "cadence_spm",
    "speed": "speed_mps",
}


def read(data: bytes, name: str) -> ParsedActivity:
    """Read one GPX track; anything wrong raises ImportFailed naming the file and the reason."""
    try:
        return _read(data, name)
    except ImportFailed:
        raise
    except Exception as exc:
        raise ImportFailed(name, "errors.gpx.invalid_content", detail=f"{type(exc).__name__}: {exc}") from exc


def _syntax_reason(exc: BaseException) -> Text:
    cause = exc.__cause__ or exc
    pos = getattr(cause, "position", None)
    line = pos[0] if pos else getattr(cause, "lineno", None)
    msg = getattr(cause, "msg", None) or str(cause)
    return broken_xml(line, str(msg))


def _parse(data: bytes, name: str) -> gpxpy.gpx.GPX:
    if not data.strip():
        raise ImportFailed(name, "errors.file.empty", 0)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFailed(name, "errors.file.not_utf8", exc.start, offset=exc.start) from None
    import gpxpy  # noqa: PLC0415  (loaded with the first GPX file: decoding workers that meet none skip it)
    import gpxpy.gpx  # noqa: PLC0415

    try:
        return gpxpy.parse(text)
    except gpxpy.gpx.GPXXMLSyntaxException as exc:
        raise ImportFailed(name, _syntax_reason(exc)) from None
    except gpxpy.gpx.GPXException as exc:
        raise ImportFailed(name, "errors.gpx.invalid", detail=str(exc)) from None


def _extension_values(point: gpxpy.gpx.GPXTrackPoint) -> dict[str, float]:
    out: dict[str, float] = {}
    for ext in point.extensions:
        for el in ext.iter():
            tag = el.tag if isinstance(el.tag, str) else ""
            key = _EXTENSIONS.get(tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower())
            if key and el.text:
                try:
                    out[key] = float(el.text)
                except ValueError:
                    continue
    return out


def _length_m(points: list[gpxpy.gpx.GPXTrackPoint], segments: list[int] | None = None) -> float:
    """Length of points in their order: no step into a new segment; positions at 0,0 or off the Earth left out."""
    if len(points) < 2:
        return 0.0
    lat = np.array([np.nan if p.latitude is None else p.latitude for p in points], dtype=np.float64)
    lon = np.array([np.nan if p.longitude is None else p.longitude for p in points], dtype=np.float64)
    eps = limits().samples.null_island_deg.value
    with np.errstate(invalid="ignore"):
        alat, alon = np.abs(lat), np.abs(lon)
        bad = ~np.isfinite(lat) | ~np.isfinite(lon) | (alat > 90) | (alon > 180) | ((alat < eps) & (alon < eps))
    lat[bad] = np.nan
    breaks = None if segments is None else np.concatenate(([True], np.diff(np.asarray(segments)) != 0))
    return float(S.cumulative_distance_m(lat, lon, breaks)[-1])


# Points sharing a time are kept once (``samples.build_samples``). When that would leave less than
# this share of the track's length, the times do not describe the run (a 2.7 km track whose points
# all but one carry one time became a 27 m run): the file is refused instead.
_SHARED_TIME_MIN_COVERED = 0.5


def _check_shared_times(name: str, timed: list[tuple[gpxpy.gpx.GPXTrackPoint, datetime, int]]) -> None:
    kept: list[tuple[gpxpy.gpx.GPXTrackPoint, datetime, int]] = []
    for row in sorted(timed, key=lambda r: r[1]):  # stable, as build_samples sorts
        if not kept or row[1] != kept[-1][1]:
            kept.append(row)
    if len(kept) == len(timed):
        return
    full = _length_m([p for p, _, _ in timed], [seg for _, _, seg in timed])
    covered = _length_m([p for p, _, _ in kept], [seg for _, _, seg in kept])
    if full > 0 and covered < full * _SHARED_TIME_MIN_COVERED:
        shared = len(timed) - len(kept)
        raise ImportFailed(
            name, "errors.gpx.shared_times", shared=shared, count=len(timed), covered=covered / 1000, full=full / 1000
        )


def _read(data: bytes, name: str) -> ParsedActivity:
    gpx = _parse(data, name)
    timed: list[tuple[gpxpy.gpx.GPXTrackPoint, datetime, int]] = []
    label: str | None = None
    untimed_m = 0.0
    n_points = impossible = 0
    example: datetime | None = None
    segment_no = 0
    for track in gpx.tracks:
        label = label or track.type
        for segment in track.segments:
            segment_no += 1
            kept = 0
            for p in segment.points:
                n_points += 1
                if p.time is None:
                    continue
                when = plausible.to_utc(p.time)
                if when is None:
                    impossible += 1
                    example = example or p.time
                    continue
                timed.append((p, when, segment_no))
                kept += 1
            if not kept and not any(p.time is not None for p in segment.points):
                untimed_m += _length_m(segment.points)  # a segment without times still counts as distance
    if not timed:
        if impossible:
            shown = example.isoformat() if example else "?"
            raise ImportFailed(
                name,
                "errors.gpx.impossible_times",
                count=impossible,
                example=shown,
                earliest=limits().dates.earliest.value.isoformat(),
            )
        what = Text("errors.gpx.untimed_points") if n_points else Text("errors.gpx.no_points")
        raise ImportFailed(name, "errors.gpx.route", what=what)
    distinct = {when for _, when, _ in timed}
    if len(distinct) < 2:
        raise ImportFailed(name, "errors.gpx.one_time", count=len(timed), time=next(iter(distinct)).isoformat())
    _check_shared_times(name, timed)

    start = min(distinct)
    base = start.timestamp()
    cols: dict[str, list[Any]] = {
        k: [] for k in ("time_s", "lat", "lon", "altitude_m", "heart_rate", "cadence_spm", "speed_mps", "segment")
    }
    for p, when, seg in timed:
        ext = _extension_values(p)
        cols["time_s"].append(when.timestamp() - base)
        lat, lon = p.latitude, p.longitude
        ok = lat is not None and lon is not None and abs(lat) <= 90 and abs(lon) <= 180
        cols["lat"].append(lat if ok else None)
        cols["lon"].append(lon if ok else None)
        cols["altitude_m"].append(p.elevation)
        cols["heart_rate"].append(ext.get("heart_rate"))
        cols["cadence_spm"].append(ext.get("cadence_spm"))
        cols["speed_mps"].append(ext.get("speed_mps"))
        cols["segment"].append(seg)

    return assemble(
        name=name,
        source_format="gpx",
        start_time=start,
        tz_known=False,
        sport=gpx_sport(label),
        columns=cols,
        totals=Totals(),
        cadence_per_foot=True,
        device=gpx.creator or None,
        untimed_distance_m=untimed_m,
        dropped={"stray_times": impossible} if impossible else None,
    )
