"""GPX and TCX readers on small files built here, with values worked out by hand."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest

from strideguard.ingest import gpx, samples, tcx

_TPX = "http://www.garmin.com/xmlschemas/TrackPointExtension/v1"


def _gpx(points: list[tuple[float, float, float, int, int]], gap_after: int | None = None, kind: str = "") -> bytes:
    def pt(lat: float, lon: float, ele: float, sec: int, hr: int, cad: int = 85) -> str:
        t = datetime.fromtimestamp(1_700_000_000 + sec, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return (
            f'<trkpt lat="{lat}" lon="{lon}"><ele>{ele}</ele><time>{t}</time><extensions>'
            f"<tp:TrackPointExtension><tp:hr>{hr}</tp:hr><tp:cad>{cad}</tp:cad></tp:TrackPointExtension>"
            "</extensions></trkpt>"
        )

    segs = [points] if gap_after is None else [points[: gap_after + 1], points[gap_after + 1 :]]
    body = "".join("<trkseg>" + "".join(pt(*p) for p in seg) + "</trkseg>" for seg in segs)
    type_el = f"<type>{kind}</type>" if kind else ""
    return (
        f'<?xml version="1.0"?><gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1" '
        f'xmlns:tp="{_TPX}"><trk>{type_el}{body}</trk></gpx>'
    ).encode()


def test_gpx_distance_hr_cadence_and_segment_pause() -> None:
    # 11 points 0.0001 deg of latitude apart every 4 s (~2.76 m/s), a pause of 10 minutes after point 5;
    # at 8 deg E, off null island (0,0 would be dropped as a receiver without a fix)
    pts = [(i * 0.0001, 8.0, 10.0, i * 4 + (600 if i > 5 else 0), 140 + i) for i in range(11)]
    a = gpx.read(_gpx(pts, gap_after=5, kind="running"), "t.gpx")
    step = samples.step_distances_m(np.array([0.0, 0.0001]), np.array([0.0, 0.0]))[0]
    assert a.distance_m == pytest.approx(9 * step)  # 10 steps, the one across the pause not counted
    assert a.elapsed_s == 640.0
    assert a.moving_s == 36.0  # 9 steps of 4 s
    assert a.avg_hr == pytest.approx(np.mean([140 + i for i in range(11)]))
    assert a.avg_cadence_spm == 170.0  # cad 85 strides/min doubled
    assert a.sport == "running" and a.tz_known is False
    assert a.ascent_m == 0.0 and a.descent_m == 0.0


def test_gpx_without_type_infers_walking_from_speed() -> None:
    pts = [(i * 0.00001, 8.0, 10.0, i * 1, 100) for i in range(30)]  # ~1.1 m/s
    assert gpx.read(_gpx(pts), "w.gpx").sport == "walking"


def test_strava_type_number_is_mapped() -> None:
    pts = [(i * 0.0001, 8.0, 10.0, i * 10, 100) for i in range(5)]
    assert gpx.read(_gpx(pts, kind="1"), "ride.gpx").sport == "cycling"


_TCX = """<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
    xmlns:ax="http://www.garmin.com/xmlschemas/ActivityExtension/v2">
 <Activities><Activity Sport="Running"><Id>2024-03-01T07:00:00Z</Id>
  <Lap StartTime="2024-03-01T07:00:00Z"><TotalTimeSeconds>100</TotalTimeSeconds><DistanceMeters>300</DistanceMeters>
   <AverageHeartRateBpm><Value>150</Value></AverageHeartRateBpm><MaximumHeartRateBpm><Value>160</Value></MaximumHeartRateBpm>
   <Track>{points}</Track></Lap>
  <Lap StartTime="2024-03-01T07:05:00Z"><TotalTimeSeconds>300</TotalTimeSeconds><DistanceMeters>700</DistanceMeters>
   <AverageHeartRateBpm><Value>130</Value></AverageHeartRateBpm><MaximumHeartRateBpm><Value>170</Value></MaximumHeartRateBpm>
  </Lap>
  <Creator><Name>Unit Test Watch</Name></Creator>
 </Activity></Activities></TrainingCenterDatabase>"""


def _tp(sec: int, dist: float, cad: int) -> str:
    return (
        f"<Trackpoint><Time>2024-03-01T07:00:{sec:02d}Z</Time><DistanceMeters>{dist}</DistanceMeters>"
        f"<HeartRateBpm><Value>{140 + sec}</Value></HeartRateBpm>"
        f"<Extensions><ax:TPX><ax:Speed>3.0</ax:Speed><ax:RunCadence>{cad}</ax:RunCadence></ax:TPX></Extensions></Trackpoint>"
    )


def test_tcx_lap_totals_and_run_cadence() -> None:
    data = _TCX.format(points="".join(_tp(s, 3.0 * s, 88) for s in range(0, 50, 5))).encode()
    a = tcx.read(data, "t.tcx")
    assert a.distance_m == 1000.0  # 300 + 700 from the laps
    assert a.moving_s == 400.0  # 100 + 300 s of timer
    assert a.elapsed_s == 600.0  # second lap starts at 300 s and lasts 300 s
    assert a.avg_hr == pytest.approx((150 * 100 + 130 * 300) / 400)  # lap averages weighted by time
    assert a.max_hr == 170.0
    assert a.avg_cadence_spm == 176.0
    assert a.device == "Unit Test Watch" and a.sport == "running"
    assert a.start_time == datetime(2024, 3, 1, 7, 0, tzinfo=UTC)
    assert a.samples["speed_mps"][0] == 3.0 and a.sample_count == 10
