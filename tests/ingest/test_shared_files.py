"""Every file of the shared data folder, against the outcome its MANIFEST gives.

Good activity files must parse and agree within 1 % with the reference
decoders, computed here with those libraries: fitdecode session totals for
FIT, gpxpy ``length_2d`` for GPX, lxml's view of the TCX laps. Broken files
must be refused with a clear reason; non-activity files as "not an activity
file"; anything that is no watch file at all (CSV, JSON, notes) as an
unsupported format.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import fitdecode
import gpxpy
import gpxpy.geo
import gpxpy.gpx
import numpy as np
import pytest
from lxml import etree

from strideguard.domain import SAMPLE_COLUMNS, SPORTS, ParsedActivity
from strideguard.errors import ImportFailed
from strideguard.ingest import detect

from .conftest import all_shared_files

FIT = "fit/python-fitparse/"

# MANIFEST: deliberately corrupt -> refused; the reason must say what is wrong.
CORRUPT = {
    FIT + "activity-filecrc.fit": "bad CRC",
    FIT + "activity-activity-filecrc.fit": "bad CRC",
    FIT + "activity-settings-corruptheader.fit": "corrupt header of a chained FIT file at byte 771",
    FIT + "activity-settings-nodata.fit": "truncated at byte 786",
    FIT + "activity-unexpected-eof.fit": "truncated at byte 768 (header says 757 bytes of data)",
    "tcx/runpandas/tests/malformed.tcx": "broken XML at line 4653",
}
# MANIFEST: settings, monitoring, weight scale, workouts.
NOT_ACTIVITY = {
    FIT + "MonitoringFile.fit": "monitoring",
    FIT + "Settings.fit": "settings",
    FIT + "Settings2.fit": "settings",
    FIT + "nametest.FIT": "settings",
    FIT + "WeightScaleMultiUser.fit": "weight scale",
    FIT + "WeightScaleSingleUser.fit": "weight scale",
    FIT + "WorkoutCustomTargetValues.fit": "workout",
    FIT + "WorkoutIndividualSteps.fit": "workout",
    FIT + "WorkoutRepeatGreaterThanStep.fit": "workout",
    FIT + "WorkoutRepeatSteps.fit": "workout",
}
# Our decisions for the real-world malformed files and the odd SDK sample.
REFUSED_BY_DECISION = {
    # Only the first 10 % decodes: message type 11 is used but never defined.
    FIT + "strava-android-app-201.10-b1218918.fit": "corrupt FIT data at byte 7471: local message 11 not defined",
    # Three records without any timestamp: no date to put the activity on.
    FIT + "DeveloperData.fit": "without any usable timestamp",
}
RECOVERED = {
    FIT + "nick.fit",  # all declared data present, the end CRC missing: records imported
    FIT + "coros-pace-2-cycling-misaligned-fields.fit",  # odd field sizes tolerated
}
ACTIVITY_SUFFIXES = (".fit", ".gpx", ".tcx")


def _fit_sessions(path: Path) -> tuple[list[dict[str, Any]], list[Any]]:
    """Session totals and record distances as fitdecode sees them (tolerant mode, as needed for COROS and nick)."""
    sessions: list[dict[str, Any]] = []
    distances: list[Any] = []
    reader = fitdecode.FitReader(
        str(path), check_crc=fitdecode.CrcCheck.DISABLED, error_handling=fitdecode.ErrorHandling.IGNORE
    )
    try:
        for frame in reader:
            if isinstance(frame, fitdecode.FitDataMessage) and frame.name == "session":
                sessions.append({f.name: f.value for f in frame.fields})
            elif isinstance(frame, fitdecode.FitDataMessage) and frame.name == "record":
                distances.append(frame.get_value("distance", fallback=None))
    except fitdecode.FitEOFError:
        pass  # nick.fit: no end CRC
    finally:
        reader.close()
    return sessions, distances


def _close(ours: float | None, ref: float, rel: float = 0.01) -> None:
    assert ours is not None
    assert ours == pytest.approx(ref, rel=rel)


def _check_canonical(a: ParsedActivity) -> None:
    assert a.start_time.tzinfo is not None
    assert a.sport in SPORTS
    assert set(a.samples) == set(SAMPLE_COLUMNS)
    n = a.sample_count
    for name, arr in a.samples.items():
        assert arr.dtype == np.float64 and arr.shape == (n,), name
    assert np.all(np.diff(a.samples["time_s"]) > 0)
    for value in (a.distance_m, a.elapsed_s, a.moving_s, a.avg_hr, a.max_hr, a.avg_cadence_spm):
        assert value is None or value > 0  # unknown is None, never 0
    if a.moving_s is not None and a.elapsed_s is not None:
        assert a.moving_s <= a.elapsed_s + 1e-6


def _check_fit(path: Path, a: ParsedActivity) -> None:
    sessions, distances = _fit_sessions(path)
    if not sessions:  # nick.fit: from the records
        ref = max(d for d in distances if d is not None)
        _close(a.distance_m, ref)
        return
    dist = sum(s.get("total_distance") or 0.0 for s in sessions)
    if dist > 0:
        _close(a.distance_m, dist)
    else:
        assert a.distance_m is None  # pool swim / indoor: distance not measured
    _close(a.elapsed_s, sum(s["total_elapsed_time"] for s in sessions))
    _close(a.moving_s, sum(s["total_timer_time"] for s in sessions))


def _check_gpx(path: Path, a: ParsedActivity) -> None:
    parsed = gpxpy.parse(path.read_text(encoding="utf-8"))
    if not a.cleaned:
        _close(a.distance_m, parsed.length_2d())
        return
    # Glitches were dropped (phone tracks with a stale fix interleaved): gpxpy's length over the points kept.
    # Single segment in these files, so consecutive kept positions are the whole track.
    assert sum(len(s.points) for t in parsed.tracks for s in t.segments) == len(parsed.tracks[0].segments[0].points)
    lat, lon = a.samples["lat"], a.samples["lon"]
    keep = np.isfinite(lat) & np.isfinite(lon)
    pts = [gpxpy.gpx.GPXTrackPoint(float(y), float(x)) for y, x in zip(lat[keep], lon[keep], strict=True)]
    ref = sum(gpxpy.geo.length_2d(pts[i : i + 2]) for i in range(len(pts) - 1))
    _close(a.distance_m, ref)
    assert a.distance_m < parsed.length_2d()  # the zig-zags are gone


def _check_tcx(path: Path, a: ParsedActivity) -> None:
    tree = etree.parse(str(path))
    ns = {"t": "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"}
    _close(a.distance_m, sum(float(x) for x in tree.xpath("//t:Lap/t:DistanceMeters/text()", namespaces=ns)))
    _close(a.moving_s, sum(float(x) for x in tree.xpath("//t:Lap/t:TotalTimeSeconds/text()", namespaces=ns)))


@pytest.mark.parametrize("rel", all_shared_files())
def test_every_shared_file(shared_data: Path, rel: str) -> None:
    path = shared_data / rel
    data = path.read_bytes()
    if rel in CORRUPT or rel in NOT_ACTIVITY or rel in REFUSED_BY_DECISION:
        with pytest.raises(ImportFailed) as info:
            detect.read(data, rel)
        assert info.value.path == rel
        if rel in NOT_ACTIVITY:
            assert info.value.reason == f"not an activity file (it is a {NOT_ACTIVITY[rel]} file)"
        else:
            assert (CORRUPT.get(rel) or REFUSED_BY_DECISION[rel]) in info.value.reason
        return
    if not rel.lower().endswith(ACTIVITY_SUFFIXES):
        with pytest.raises(ImportFailed, match="unsupported format"):
            detect.read(data, rel)
        return
    activity = detect.read(data, rel)
    _check_canonical(activity)
    suffix = path.suffix.lower()
    {".fit": _check_fit, ".gpx": _check_gpx, ".tcx": _check_tcx}[suffix](path, activity)


def test_recovered_files_keep_their_samples(shared_data: Path) -> None:
    for rel in RECOVERED:
        a = detect.read((shared_data / rel).read_bytes(), rel)
        assert a.sample_count > 1000 and a.sport == "cycling"


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("fit/runpandas/garmin-fenix-5-basic.fit", "fit/python-fitparse/garmin-fenix-5-run.fit"),
        ("gpx/runpandas/tests/strava_export.gpx", "gpx/runpandas/tests/stopped_example.gpx"),
        ("tcx/runpandas/examples/sample.tcx", "tcx/runpandas/tests/basic.tcx"),
        ("gpx/runpandas/tests/nike_run.gpx", "gpx/runpandas/session/0c97d8a7-8081-4609-b92c-5932468d7b8e.gpx"),
    ],
)
def test_byte_identical_pairs_hash_alike(shared_data: Path, left: str, right: str) -> None:
    a = detect.decode((shared_data / left).read_bytes(), left)
    b = detect.decode((shared_data / right).read_bytes(), right)
    assert a.sha256 == b.sha256 == hashlib.sha256((shared_data / left).read_bytes()).hexdigest()
