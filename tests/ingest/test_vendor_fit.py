"""Suunto and COROS FIT files: a real COROS file (python-fitparse) and Suunto-made files from the protocol's layout."""

from __future__ import annotations

from pathlib import Path

import pytest

from strideguard import api
from strideguard.ingest import detect
from strideguard.store import open_database
from tests.exportkit import utc, vendor_fit

COROS = "invalid/python-fitparse/coros-pace-2-cycling-misaligned-fields.fit"


def test_real_coros_file_imports_with_its_device_and_totals(test_files: Path) -> None:
    parsed = detect.read((test_files / COROS).read_bytes(), "coros.fit")
    assert parsed.device == "coros COROS PACE 2"
    assert parsed.sport == "cycling" and parsed.source_format == "fit"
    assert parsed.distance_m == pytest.approx(32145.76)  # the session's total_distance
    assert parsed.elapsed_s == pytest.approx(12719.0) and parsed.start_time.isoformat() == "2020-10-25T11:10:19+00:00"
    assert parsed.sample_count == 11272 and parsed.avg_hr == pytest.approx(131.94, abs=0.01)


@pytest.mark.parametrize("maker", ["suunto", "coros"])
def test_a_run_from_another_maker_reads_like_a_garmin_one(maker: str, tmp_path: Path) -> None:
    data = vendor_fit(maker, utc(2024, 3, 2, 6, 30), 601, speed=3.0, utc_offset_s=3600)
    parsed = detect.read(data, f"{maker}.fit")
    assert parsed.device is not None and parsed.device.startswith(maker)
    assert parsed.sport == "running"
    assert parsed.distance_m == pytest.approx(1800.0)  # 600 s at 3 m/s, as the session states
    assert parsed.elapsed_s == pytest.approx(600.0) and parsed.sample_count == 601
    assert parsed.start_time.isoformat() == "2024-03-02T07:30:00+01:00"  # local_timestamp - timestamp = +1 h
    assert parsed.avg_hr == pytest.approx(sum(140 + i % 20 for i in range(601)) / 601)
    fit = tmp_path / f"{maker}.fit"
    fit.write_bytes(data)
    result = api.import_files(open_database(str(tmp_path / "v.db")), [fit], workers=1)
    assert result["imported"] == 1
