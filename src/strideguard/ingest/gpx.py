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
  refused: it is not a recorded activity.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import gpxpy
import gpxpy.gpx
import numpy as np

from ..domain import ParsedActivity
from ..errors import ImportFailed
from . import samples as S
from .sports import gpx_sport
from .summary import Totals, assemble

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
        raise ImportFailed(name, f"invalid GPX content ({type(exc).__name__}: {exc})") from exc


def _syntax_reason(exc: BaseException) -> str:
    cause = exc.__cause__ or exc
    pos = getattr(cause, "position", None)
    line = pos[0] if pos else getattr(cause, "lineno", None)
    where = f" at line {line}" if line else ""
    msg = getattr(cause, "msg", None) or str(cause)
    return f"broken XML{where}: {msg}"


def _parse(data: bytes, name: str) -> gpxpy.gpx.GPX:
    if not data.strip():
        raise ImportFailed(name, "empty file", 0)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFailed(name, f"not UTF-8 text (byte {exc.start})", exc.start) from None
    try:
        return gpxpy.parse(text)
    except gpxpy.gpx.GPXXMLSyntaxException as exc:
        raise ImportFailed(name, _syntax_reason(exc)) from None
    except gpxpy.gpx.GPXException as exc:
        raise ImportFailed(name, f"invalid GPX: {exc}") from None


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


def _utc(t: datetime) -> datetime:
    return t.replace(tzinfo=UTC) if t.tzinfo is None else t.astimezone(UTC)


def _read(data: bytes, name: str) -> ParsedActivity:
    gpx = _parse(data, name)
    points: list[tuple[gpxpy.gpx.GPXTrackPoint, bool]] = []
    label: str | None = None
    for track in gpx.tracks:
        label = label or track.type
        for segment in track.segments:
            for i, p in enumerate(segment.points):
                points.append((p, i == 0))
    timed = [(p, p.time, brk) for p, brk in points if p.time is not None]
    if not timed:
        what = "track points without times" if points else "no track points"
        raise ImportFailed(name, f"not an activity: the GPX has {what} (a route, not a recorded activity)")

    start = min(_utc(t) for _, t, _ in timed)
    base = start.timestamp()
    cols: dict[str, list[Any]] = {
        k: [] for k in ("time_s", "lat", "lon", "altitude_m", "heart_rate", "cadence_spm", "speed_mps")
    }
    breaks: list[bool] = []
    for p, t, brk in timed:
        ext = _extension_values(p)
        cols["time_s"].append(_utc(t).timestamp() - base)
        p_lat, p_lon = p.latitude, p.longitude
        ok = p_lat is not None and p_lon is not None and abs(p_lat) <= 90 and abs(p_lon) <= 180
        cols["lat"].append(p_lat if ok else None)
        cols["lon"].append(p_lon if ok else None)
        cols["altitude_m"].append(p.elevation)
        cols["heart_rate"].append(ext.get("heart_rate"))
        cols["cadence_spm"].append(ext.get("cadence_spm"))
        cols["speed_mps"].append(ext.get("speed_mps"))
        breaks.append(brk)

    # Distance along the file's order (segment breaks known here), then sorted with the rest.
    lat = np.array([np.nan if v is None else v for v in cols["lat"]], dtype=np.float64)
    lon = np.array([np.nan if v is None else v for v in cols["lon"]], dtype=np.float64)
    segment_starts = np.array(breaks, dtype=bool)
    if np.isfinite(lat).any():
        cols["distance_m"] = list(S.cumulative_distance_m(lat, lon, segment_starts))

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
    )
