"""FIT reader: known values from real files, representation decisions, and robustness."""

from __future__ import annotations

import struct
from datetime import UTC, datetime, timedelta
from pathlib import Path

import fitdecode
import numpy as np
import pytest
from fitdecode.utils import compute_crc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strideguard.domain import ParsedActivity
from strideguard.errors import ImportFailed
from strideguard.ingest import fit

FIT = "python-fitparse/"


def _read(test_files: Path, rel: str) -> ParsedActivity:
    return fit.read((test_files / rel).read_bytes(), rel)


def test_running_cadence_is_doubled_with_its_fraction(test_files: Path) -> None:
    a = _read(test_files, FIT + "garmin-fenix-5-run.fit")
    # session: avg_running_cadence 83 strides/min + avg_fractional_cadence 0.671875 -> both feet:
    assert a.avg_cadence_spm == pytest.approx(2 * (83 + 0.671875))
    cad = a.samples["cadence_spm"]
    assert np.nanmax(cad) > 150  # per-sample values doubled too (a run at ~2.8 m/s)


def test_start_time_carries_the_local_offset(test_files: Path) -> None:
    a = _read(test_files, FIT + "garmin-fenix-5-run.fit")
    # activity message: timestamp 14:35:24Z, local_timestamp 07:35:24 -> UTC-7; session start 14:34:09Z
    assert a.tz_known is True
    assert a.start_time.utcoffset() == timedelta(hours=-7)
    assert a.start_time == datetime(2017, 6, 11, 14, 34, 9, tzinfo=UTC)
    assert a.sport == "running" and a.device == "garmin fenix5"


def test_unusable_local_timestamp_leaves_utc(test_files: Path) -> None:
    # Zwift writes local_timestamp 1989-12-31 (an offset of decades): ignored.
    a = _read(test_files, FIT + "null_compressed_speed_dist.fit")
    assert a.tz_known is False and a.start_time.utcoffset() == timedelta(0)
    assert a.max_hr is None  # the session's max_heart_rate 0 means "no reading"


def test_session_totals_win_and_moving_excludes_pauses(test_files: Path) -> None:
    a = _read(test_files, FIT + "garmin-edge-500-activity.fit")
    assert a.elapsed_s == pytest.approx(12691.28)
    assert a.moving_s == pytest.approx(10641.06)  # timer time: stops on pauses
    assert a.ascent_m == 541 and a.descent_m == 541
    assert a.avg_cadence_spm is None  # cycling rpm is not a step cadence
    assert np.isnan(a.samples["cadence_spm"]).all()


def test_multisport_is_one_activity_with_summed_sessions(test_files: Path) -> None:
    a = _read(test_files, FIT + "sample_mulitple_header.fit")  # 4 chained files: swim, T1, bike, T2, run
    assert a.sport == "multisport"
    assert a.distance_m == pytest.approx(52533.68, abs=0.01)  # sum of the session totals (fitdecode)
    assert a.sample_count == 1773


def test_chained_pool_swim_keeps_its_sport(test_files: Path) -> None:
    a = _read(test_files, "fitdecode/garmin-fr935-cr.fit")  # 7 chained files, one session
    assert a.sport == "swimming"
    assert a.distance_m is None  # session says 0.0 and no record has distance: not measured
    assert a.elapsed_s == pytest.approx(7552.97)


def test_activity_followed_by_settings_imports_the_activity(test_files: Path) -> None:
    a = _read(test_files, "strideguard/garmin-fenix-5-run-then-settings.fit")
    b = _read(test_files, FIT + "garmin-fenix-5-run.fit")
    assert (a.start_time, a.distance_m, a.sample_count) == (b.start_time, b.distance_m, b.sample_count)


def test_generic_sport_is_inferred_from_speed(test_files: Path) -> None:
    # a fenix 2 run whose session and lap sport were set to "generic" (tests/files/derive.py)
    rel = "strideguard/activity-small-fenix2-run-generic-sport.fit"
    sports = set()
    with fitdecode.FitReader(str(test_files / rel)) as reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitDataMessage) and frame.name in ("session", "lap"):
                sports.add(frame.get_value("sport"))
    assert sports == {"generic"}
    a = _read(test_files, rel)
    assert a.sport == "running"


def test_device_with_unset_clock_gets_wall_clock_start(test_files: Path) -> None:
    # Relative timestamps; activity local_timestamp 2012-02-13 12:21:03 is the end in wall-clock time.
    a = _read(test_files, FIT + "compressed-speed-distance.fit")
    assert a.tz_known is False
    assert a.start_time.date().isoformat() == "2012-02-13"
    assert a.distance_m == pytest.approx(10248.67)


def test_truncated_copy_names_byte_and_declared_size(fenix_run_bytes: bytes) -> None:
    cut = fenix_run_bytes[:3000]
    (declared,) = struct.unpack_from("<I", fenix_run_bytes, 4)
    with pytest.raises(ImportFailed) as info:
        fit.read(cut, "cut.fit")
    assert info.value.reason == f"truncated at byte 3000 (header says {declared} bytes of data)"
    assert info.value.offset == 3000
    assert str(info.value).startswith("cut.fit: truncated at byte 3000")


def test_empty_and_random_bytes_are_refused() -> None:
    with pytest.raises(ImportFailed, match="empty file"):
        fit.read(b"", "e.fit")
    rng = np.random.default_rng(7)
    with pytest.raises(ImportFailed, match="not a FIT file"):
        fit.read(rng.integers(0, 256, 4096, dtype=np.uint8).tobytes(), "r.fit")


def _with_crc(data: bytes) -> bytes:
    """Rewrite the trailing file CRC so that the decoder goes past the checksum into the mutated data."""
    if len(data) < 16:
        return data
    body = data[:-2]
    return body + struct.pack("<H", compute_crc(body))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    flips=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=6),
    cut=st.one_of(st.none(), st.integers(0, 10**6)),
    insert=st.one_of(st.none(), st.tuples(st.integers(0, 10**6), st.binary(min_size=1, max_size=8))),
    fix_crc=st.booleans(),
)
def test_mutations_give_import_failed_or_an_activity(
    fenix_run_bytes: bytes,
    flips: list[tuple[int, int]],
    cut: int | None,
    insert: tuple[int, bytes] | None,
    fix_crc: bool,
) -> None:
    data = bytearray(fenix_run_bytes)
    for pos, value in flips:
        data[pos % len(data)] = value
    if insert is not None:
        pos = insert[0] % len(data)
        data[pos:pos] = insert[1]
    if cut is not None:
        data = data[: cut % (len(data) + 1)]
    mutated = _with_crc(bytes(data)) if fix_crc else bytes(data)
    try:
        result = fit.read(mutated, "mutated.fit")
    except ImportFailed as exc:
        assert exc.path == "mutated.fit" and exc.reason
        return
    assert isinstance(result, ParsedActivity)
    assert result.start_time.tzinfo is not None
