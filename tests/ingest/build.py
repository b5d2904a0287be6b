"""Small activity files built in the tests (GPX, TCX, FIT), with known geometry and times.

A track is a straight line north from ``LAT0, LON0`` (Zurich): ``step_deg`` of
latitude per point, one point every ``dt_s`` seconds. Its length is worked out
with the project's geodesic (``samples.step_distances_m``) in the tests that
need a number.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from strideguard.ingest.fastfit.crc import crc16

LAT0, LON0 = 47.37, 8.54
T0 = datetime(2024, 5, 1, 7, 0, tzinfo=UTC)

Point = tuple[float, float, datetime | None, float | None]  # lat, lon, time, heart rate


def line(
    n: int = 60, *, start: datetime = T0, dt_s: float = 5.0, step_deg: float = 0.0001, hr: float = 140
) -> list[Point]:
    """``n`` points north, ``step_deg`` (~11.1 m) apart every ``dt_s`` s (2.2 m/s by default)."""
    return [(LAT0 + i * step_deg, LON0, start + timedelta(seconds=i * dt_s), hr) for i in range(n)]


def _iso(t: datetime) -> str:
    return t.isoformat().replace("+00:00", "Z")


def gpx(segments: Sequence[Sequence[Point]], *, kind: str = "running") -> bytes:
    """A GPX 1.1 track; each sequence of points is a ``trkseg``."""
    _tpx = "http://www.garmin.com/xmlschemas/TrackPointExtension/v1"
    body = []
    for seg in segments:
        pts = []
        for lat, lon, when, hr in seg:
            t = f"<time>{_iso(when)}</time>" if when is not None else ""
            ext = (
                f"<extensions><tp:TrackPointExtension><tp:hr>{hr:g}</tp:hr></tp:TrackPointExtension></extensions>"
                if hr is not None
                else ""
            )
            pts.append(f'<trkpt lat="{lat:.7f}" lon="{lon:.7f}"><ele>400</ele>{t}{ext}</trkpt>')
        body.append("<trkseg>" + "".join(pts) + "</trkseg>")
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><gpx version="1.1" creator="strideguard tests" '
        f'xmlns="http://www.topografix.com/GPX/1/1" xmlns:tp="{_tpx}"><trk><type>{kind}</type>'
        + "".join(body)
        + "</trk></gpx>"
    ).encode()


def tcx(points: Sequence[Point], *, lap_distance_m: float | None = None) -> bytes:
    """A one-lap TCX run; the lap's time and distance from the points unless given."""
    times = [p[2] for p in points if p[2] is not None]
    start, end = min(times), max(times)
    dist = lap_distance_m if lap_distance_m is not None else 0.0
    tps = "".join(
        f"<Trackpoint><Time>{_iso(t)}</Time><Position><LatitudeDegrees>{lat:.7f}</LatitudeDegrees>"
        f"<LongitudeDegrees>{lon:.7f}</LongitudeDegrees></Position>"
        + (f"<HeartRateBpm><Value>{hr:g}</Value></HeartRateBpm>" if hr is not None else "")
        + "</Trackpoint>"
        for lat, lon, t, hr in points
        if t is not None
    )
    lap_dist = f"<DistanceMeters>{dist}</DistanceMeters>" if lap_distance_m is not None else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">'
        f'<Activities><Activity Sport="Running"><Id>{_iso(start)}</Id><Lap StartTime="{_iso(start)}">'
        f"<TotalTimeSeconds>{(end - start).total_seconds()}</TotalTimeSeconds>{lap_dist}"
        f"<Track>{tps}</Track></Lap></Activity></Activities></TrainingCenterDatabase>"
    ).encode()


# ---------------------------------------------------------------- FIT

FIT_EPOCH = datetime(1989, 12, 31, tzinfo=UTC)
_UINT8, _UINT16, _SINT32, _UINT32, _ENUM = 0x02, 0x84, 0x85, 0x86, 0x00
_SEMI = 2**31 / 180.0


def _crc(data: bytes) -> bytes:
    return struct.pack("<H", crc16(data))


def _definition(local: int, global_num: int, fields: list[tuple[int, int, int]]) -> bytes:
    out = bytes([0x40 | local, 0, 0]) + struct.pack("<H", global_num) + bytes([len(fields)])
    return out + b"".join(bytes(f) for f in fields)


def fit(points: Sequence[Point]) -> bytes:
    """A FIT activity: file_id (activity) and one record per timed point (time, position, heart rate)."""
    file_id = _definition(1, 0, [(0, 1, _ENUM), (1, 2, _UINT16), (2, 2, _UINT16)])
    file_id += bytes([1]) + struct.pack("<BHH", 4, 1, 2697)  # activity, garmin, fenix5
    recs = _definition(0, 20, [(253, 4, _UINT32), (0, 4, _SINT32), (1, 4, _SINT32), (3, 1, _UINT8)])
    for lat, lon, when, hr in points:
        if when is None:
            continue
        ts = int((when - FIT_EPOCH).total_seconds())
        recs += bytes([0]) + struct.pack("<IiiB", ts, round(lat * _SEMI), round(lon * _SEMI), int(hr or 0xFF))
    body = file_id + recs
    head = struct.pack("<BBHI4s", 14, 0x10, 2093, len(body), b".FIT")
    head += _crc(head)
    return head + body + _crc(head + body)
