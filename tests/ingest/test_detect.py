"""Format detection from content, gzip unwrapping, and the errors for what is no activity file."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strideguard.errors import ImportFailed
from strideguard.ingest import detect

from .conftest import gz, zip_bytes


def test_gzipped_file_reads_alike_and_hashes_as_the_plain_file(fenix_run_bytes: bytes) -> None:
    plain = detect.decode(fenix_run_bytes, "run.fit")
    packed = detect.decode(gz(fenix_run_bytes), "run.fit.gz")
    assert packed.sha256 == plain.sha256 == hashlib.sha256(fenix_run_bytes).hexdigest()
    assert packed.activity.distance_m == plain.activity.distance_m == pytest.approx(157.56)


def test_gzipped_gpx_and_tcx(test_files: Path) -> None:
    for rel, fmt in (("runpandas/gpx/run.gpx", "gpx"), ("runpandas/tcx/run_garmin.tcx", "tcx")):
        data = (test_files / rel).read_bytes()
        assert detect.sniff(data, rel) == fmt
        assert detect.read(gz(data), rel + ".gz").source_format == fmt


def test_content_decides_over_the_name(test_files: Path) -> None:
    data = (test_files / "runpandas/gpx/run.gpx").read_bytes()
    assert detect.read(data, "misnamed.fit").source_format == "gpx"


def test_truncated_gzip_names_the_problem(fenix_run_bytes: bytes) -> None:
    packed = gz(fenix_run_bytes)
    with pytest.raises(ImportFailed, match="truncated gzip data"):
        detect.read(packed[: len(packed) // 2], "run.fit.gz")


def test_empty_random_and_unknown_content() -> None:
    with pytest.raises(ImportFailed, match="empty file"):
        detect.read(b"", "a.fit")
    with pytest.raises(ImportFailed, match="empty file"):
        detect.read(gz(b""), "a.fit.gz")
    noise = np.random.default_rng(3).integers(0, 256, 2048, dtype=np.uint8).tobytes()
    with pytest.raises(ImportFailed, match="unsupported format"):
        detect.read(noise, "noise.bin")
    with pytest.raises(ImportFailed, match="not a FIT file"):
        detect.read(noise, "noise.fit")
    with pytest.raises(ImportFailed, match="neither GPX nor TCX"):
        detect.read(b"<?xml version='1.0'?><kml></kml>", "places.kml")


def test_a_zip_is_not_read_as_one_file(fenix_run_bytes: bytes) -> None:
    with pytest.raises(ImportFailed, match="zip archive"):
        detect.read(zip_bytes({"a.fit": fenix_run_bytes}), "a.fit")


def test_broken_gpx_names_the_line() -> None:
    text = b'<?xml version="1.0"?>\n<gpx version="1.1">\n<trk><trkseg>\n<trkpt lat="1" lon="2"></trk>\n</gpx>'
    with pytest.raises(ImportFailed, match="broken XML at line 4"):
        detect.read(text, "broken.gpx")


def test_route_without_times_is_not_an_activity() -> None:
    text = b'<gpx version="1.1"><trk><trkseg><trkpt lat="1" lon="2"/><trkpt lat="1.001" lon="2"/></trkseg></trk></gpx>'
    with pytest.raises(ImportFailed, match="not an activity"):
        detect.read(text, "route.gpx")


_PREFIXES = [
    b"",
    b"\x1f\x8b\x08\x00",
    b"PK\x03\x04",
    b"<?xml version='1.0'?><gpx version='1.1'><trk><trkseg><trkpt lat='1' lon='2'><time>",
    b"<TrainingCenterDatabase><Activities><Activity Sport='Running'><Lap StartTime='",
    b"\x0e\x10\x00\x00\x10\x00\x00\x00.FIT",
]


@settings(max_examples=120, deadline=None)
@given(
    prefix=st.sampled_from(_PREFIXES),
    body=st.binary(max_size=400),
    name=st.sampled_from(["x.fit", "x.gpx.gz", "x.tcx", "x"]),
)
def test_any_bytes_give_import_failed_or_an_activity(prefix: bytes, body: bytes, name: str) -> None:
    try:
        detect.read(prefix + body, name)
    except ImportFailed as exc:
        assert exc.path == name and exc.reason
