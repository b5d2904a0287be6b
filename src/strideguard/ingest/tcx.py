"""TCX (Garmin Training Center) activities, streamed with lxml iterparse.

Public: :func:`read` (raw bytes + display name -> ParsedActivity).

- All ``Activity`` elements of the file form one activity (a TCX file holds
  one in practice); different sports make it ``multisport``.
- Totals from the laps: distance is the sum of ``Lap/DistanceMeters``, moving
  time the sum of ``Lap/TotalTimeSeconds`` (the timer, which stops on pauses),
  heart rate the lap averages weighted by lap time and the largest lap
  maximum. Elapsed time, ascent and descent (smoothed elevation) come from
  the trackpoints, as does anything the laps lack.
- Cadence: ``RunCadence`` (ActivityExtension) and a running activity's
  ``Cadence`` count one foot and are doubled to steps/min.
- Times are UTC (``tz_known`` False). Elements are matched by local name, so
  any namespace prefix works. Entities are not resolved and nothing is fetched.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..domain import ParsedActivity
from ..errors import ImportFailed, Text, broken_xml
from . import plausible
from .sports import tcx_sport
from .summary import Totals, assemble

if TYPE_CHECKING:
    from lxml import etree

_POINT_FIELDS = {
    "LatitudeDegrees": "lat",
    "LongitudeDegrees": "lon",
    "AltitudeMeters": "altitude_m",
    "DistanceMeters": "distance_m",
    "Speed": "speed_mps",
    "RunCadence": "cadence_spm",
    "Cadence": "cadence_spm",
}


@dataclass
class _Lap:
    start: datetime | None
    seconds: float | None = None
    distance: float | None = None
    avg_hr: float | None = None
    max_hr: float | None = None


@dataclass
class _Collected:
    sports: list[str] = field(default_factory=list)
    ids: list[datetime] = field(default_factory=list)
    laps: list[_Lap] = field(default_factory=list)
    points: list[tuple[datetime, dict[str, float]]] = field(default_factory=list)
    device: str | None = None


def read(data: bytes, name: str) -> ParsedActivity:
    """Read one TCX activity; anything wrong raises ImportFailed naming the file and the reason."""
    try:
        return _build(_collect(data, name), name)
    except ImportFailed:
        raise
    except Exception as exc:
        raise ImportFailed(name, "errors.tcx.invalid", detail=f"{type(exc).__name__}: {exc}") from exc


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _parent_tag(node: Any) -> str | None:
    """The local tag name of ``node``'s parent (None for the root)."""
    parent = node.getparent()
    return None if parent is None else _local(parent.tag)


def _time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        t = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return plausible.to_utc(t)  # None when impossible (before 1980, in the future)


def _float(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        return float(text)
    except ValueError:
        return None


def _child_value(el: etree._Element, *path: str) -> str | None:
    """Text of the first descendant path of local names (``HeartRateBpm``, ``Value``)."""
    node: etree._Element | None = el
    for step in path:
        if node is None:
            return None
        node = next((c for c in node if _local(c.tag) == step), None)
    return None if node is None else node.text


def _point(el: etree._Element) -> tuple[datetime | None, dict[str, float]]:
    values: dict[str, float] = {}
    when = None
    for node in el.iter():
        tag = _local(node.tag)
        if tag == "Time":
            when = _time(node.text)
        elif tag == "Value" and _parent_tag(node) == "HeartRateBpm":
            v = _float(node.text)
            if v is not None:
                values["heart_rate"] = v
        elif tag in _POINT_FIELDS:
            v = _float(node.text)
            if v is not None:
                values[_POINT_FIELDS[tag]] = v
    return when, values


def _collect(data: bytes, name: str) -> _Collected:
    if not data.strip():
        raise ImportFailed(name, "errors.file.empty", 0)
    from lxml import etree  # noqa: PLC0415  (loaded with the first TCX file: decoding workers that meet none skip it)

    out = _Collected()
    parser = etree.iterparse(
        io.BytesIO(data), events=("start", "end"), resolve_entities=False, no_network=True, huge_tree=False
    )
    root: str | None = None
    try:
        for event, el in parser:
            tag = _local(el.tag)
            if event == "start":
                if root is None:
                    root = tag
                elif tag == "Activity":
                    out.sports.append(el.get("Sport") or "")
                continue
            if tag == "Trackpoint":
                when, values = _point(el)
                if when is not None:
                    out.points.append((when, values))
                el.clear()
            elif tag == "Lap":
                out.laps.append(
                    _Lap(
                        start=_time(el.get("StartTime")),
                        seconds=_float(_child_value(el, "TotalTimeSeconds")),
                        distance=_float(_child_value(el, "DistanceMeters")),
                        avg_hr=_float(_child_value(el, "AverageHeartRateBpm", "Value")),
                        max_hr=_float(_child_value(el, "MaximumHeartRateBpm", "Value")),
                    )
                )
                el.clear()
            elif tag == "Id" and _parent_tag(el) == "Activity":
                t = _time(el.text)
                if t is not None:
                    out.ids.append(t)
            elif tag == "Creator" and out.device is None:
                out.device = (_child_value(el, "Name") or "").strip() or None
    except etree.XMLSyntaxError as exc:
        line = getattr(exc, "lineno", None)
        msg = str(exc.msg).split(", line ")[0]
        raise ImportFailed(name, broken_xml(line, msg)) from None
    # Checked after the whole parse so that broken XML is reported as such.
    if root != "TrainingCenterDatabase":
        raise ImportFailed(name, Text("errors.tcx.root", root=root) if root else Text("errors.tcx.no_root"))
    return out


def _build(c: _Collected, name: str) -> ParsedActivity:
    if not c.points and not c.laps:
        raise ImportFailed(name, "errors.tcx.not_activity")
    candidates = [lap.start for lap in c.laps if lap.start] or c.ids or [t for t, _ in c.points[:1]]
    if not candidates:
        raise ImportFailed(name, "errors.tcx.no_time")
    start = min(candidates)
    base = start.timestamp()

    cols: dict[str, list[float | None]] = {
        k: [] for k in ("time_s", "lat", "lon", "altitude_m", "distance_m", "heart_rate", "cadence_spm", "speed_mps")
    }
    for when, values in c.points:
        cols["time_s"].append(when.timestamp() - base)
        for key in cols:
            if key != "time_s":
                cols[key].append(values.get(key))

    labels = {s for s in c.sports if s}
    sport = "multisport" if len(labels) > 1 else tcx_sport(next(iter(labels), None))

    laps = c.laps
    lap_secs = [lap.seconds for lap in laps if lap.seconds is not None]
    lap_dist = [lap.distance for lap in laps if lap.distance is not None]
    weighted = [(lap.avg_hr, lap.seconds or 1.0) for lap in laps if lap.avg_hr]
    max_hrs = [lap.max_hr for lap in laps if lap.max_hr]
    lap_ends = [(lap.start.timestamp() - base + lap.seconds) for lap in laps if lap.start and lap.seconds is not None]
    last_point = cols["time_s"][-1] if cols["time_s"] else None
    ends = [e for e in (*lap_ends, last_point) if e is not None]
    totals = Totals(
        distance_m=sum(lap_dist) if lap_dist else None,
        elapsed_s=max(ends) if ends else None,
        moving_s=sum(lap_secs) if lap_secs else None,
        avg_hr=sum(h * w for h, w in weighted) / sum(w for _, w in weighted) if weighted else None,
        max_hr=max(max_hrs) if max_hrs else None,
    )
    return assemble(
        name=name,
        source_format="tcx",
        start_time=start,
        tz_known=False,
        sport=sport,
        columns=cols,
        totals=totals,
        cadence_per_foot=True,
        device=c.device,
    )
