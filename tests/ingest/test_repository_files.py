"""Every file of tests/files, against the outcome tests/files/SOURCES.md gives.

Good activity files must parse and agree within 1 % with the reference
decoders, computed here with those libraries: fitdecode session totals for
FIT, gpxpy ``length_2d`` for GPX, lxml's view of the TCX laps. Broken files
must be refused with a clear reason; non-activity files as "not an activity
file"; anything that is no watch file at all (CSV, JSON, notes) as an
unsupported format.
"""

from __future__ import annotations

import hashlib
import re
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

from ..conftest import repository_files

BAD = "invalid/python-fitparse/"
OURS = "invalid/strideguard/"
RUN = OURS + "garmin-fenix-5-run"  # garmin-fenix-5-run.fit: 5,597 bytes, 14-byte header, 5,581 bytes of data

# Deliberately corrupt (tests/files/derive.py) -> refused; the reason must say what is wrong.
CORRUPT = {
    RUN + "-bad-crc.fit": "bad CRC",
    RUN + "-twice-second-bad-crc.fit": "bad CRC",
    RUN + "-corrupt-chained-header.fit": "corrupt header of a chained FIT file at byte 5597",
    # the run, then a 14-byte header announcing 33 bytes that never come: 5597 + 14
    RUN + "-chained-header-no-data.fit": "truncated at byte 5611",
    # 14 + 5581 // 2 = 2804
    RUN + "-truncated.fit": "truncated at byte 2804 (header says 5581 bytes of data)",
    "invalid/runpandas/malformed.tcx": "broken XML at line 4653",
}
# Settings, monitoring, weight scale, workouts (built from a file_id of that type).
NOT_ACTIVITY = {
    OURS + "monitoring.fit": "monitoring",
    OURS + "settings.fit": "settings",
    OURS + "SETTINGS-UPPER-CASE.FIT": "settings",
    OURS + "weight-scale.fit": "weight scale",
    OURS + "workout.fit": "workout",
}
# Our decisions for the real-world malformed files and the odd built one.
REFUSED_BY_DECISION = {
    # Only the first 10 % decodes: message type 11 is used but never defined.
    BAD + "strava-android-app-201.10-b1218918.fit": "corrupt FIT data at byte 7471: local message 11 not defined",
    # Three records without any timestamp: no date to put the activity on.
    OURS + "no-timestamp-developer-fields.fit": "without any usable timestamp",
}
RECOVERED = {
    BAD + "nick.fit",  # all declared data present, the end CRC missing: records imported
    BAD + "coros-pace-2-cycling-misaligned-fields.fit",  # odd field sizes tolerated
}
ACTIVITY_SUFFIXES = (".fit", ".gpx", ".tcx")
# Export documents, read whole by `import` (tests/ingest/test_apple.py): not one activity file each.
EXPORTS = {
    "obsidian-running-log/export.xml": "unsupported format: XML that is neither GPX nor TCX",
    "apple-health-parser/export.zip": "is a zip archive inside a single file",
}


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


@pytest.mark.parametrize("rel", repository_files())
def test_every_repository_file(test_files: Path, rel: str) -> None:
    path = test_files / rel
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
    if rel in EXPORTS:
        with pytest.raises(ImportFailed, match=EXPORTS[rel]):
            detect.read(data, rel)
        return
    if not rel.lower().endswith(ACTIVITY_SUFFIXES):
        with pytest.raises(ImportFailed, match="unsupported format"):
            detect.read(data, rel)
        return
    activity = detect.read(data, rel)
    _check_canonical(activity)
    suffix = path.suffix.lower()
    {".fit": _check_fit, ".gpx": _check_gpx, ".tcx": _check_tcx}[suffix](path, activity)


def test_recovered_files_keep_their_samples(test_files: Path) -> None:
    for rel in RECOVERED:
        a = detect.read((test_files / rel).read_bytes(), rel)
        assert a.sample_count > 1000 and a.sport == "cycling"


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("runpandas/fit/garmin-fenix-5-basic.fit", "python-fitparse/garmin-fenix-5-run.fit"),
        ("runpandas/tcx/sample.tcx", "runpandas/tcx/basic.tcx"),
        ("runpandas/gpx/nike_run.gpx", "runpandas/gpx/0c97d8a7-8081-4609-b92c-5932468d7b8e.gpx"),
    ],
)
def test_byte_identical_pairs_hash_alike(test_files: Path, left: str, right: str) -> None:
    a = detect.decode((test_files / left).read_bytes(), left)
    b = detect.decode((test_files / right).read_bytes(), right)
    assert a.sha256 == b.sha256 == hashlib.sha256((test_files / left).read_bytes()).hexdigest()


def _words(text: str) -> set[str]:
    return set(re.findall(r"`[^`]+`", text))


def test_every_file_is_listed_in_sources_md(test_files: Path) -> None:
    listed = (test_files / "SOURCES.md").read_text(encoding="utf-8")
    for rel in repository_files():
        name = Path(rel).name.replace("-records.csv", ".fit")  # a golden CSV is listed with its FIT file
        in_source = rel.split("/", 1)[1]  # runpandas' files are listed by their path inside runpandas/
        assert {f"`{name}`", f"`{rel}`", f"`{in_source}`", f"`{name[:9]}….gpx`"} & _words(listed), rel


def test_derived_files_are_what_derive_py_makes(test_files: Path) -> None:
    from ..files import derive

    made = derive.derived()
    on_disk = {rel for rel in repository_files() if rel.startswith(("strideguard/", "invalid/strideguard/"))}
    assert set(made) == on_disk
    for rel, data in made.items():
        assert (test_files / rel).read_bytes() == data, rel
