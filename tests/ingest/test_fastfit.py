"""The fast FIT decoder against fitdecode, field by field, and on files built here with known values."""

from __future__ import annotations

import io
import math
import struct
from pathlib import Path
from typing import Any

import fitdecode
import numpy as np
import pytest
from fitdecode.utils import compute_crc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strideguard.ingest import fastfit
from strideguard.ingest.fastfit.crc import crc16

from ..conftest import repository_files
from ..fitkit import ENUM, SINT32, UINT8, UINT16, UINT32, build_fit, definition
from ..fitkit import crc as _crc

# Damaged files the fast decoder refuses itself as fitdecode would: kind of error and offset (fitdecode's words are
# checked too). Every other repository FIT file decodes fast (none is handed to fitdecode).
CORRUPT = {
    "invalid/strideguard/garmin-fenix-5-run-twice-second-bad-crc.fit": ("crc", 11192),  # the second file's CRC
    "invalid/strideguard/garmin-fenix-5-run-bad-crc.fit": ("crc", 5595),
    "invalid/strideguard/garmin-fenix-5-run-corrupt-chained-header.fit": ("header", 5597),
    "invalid/python-fitparse/strava-android-app-201.10-b1218918.fit": ("parse", 7471),
}
_FIT_ERRORS = {"parse": fitdecode.FitParseError, "crc": fitdecode.FitCRCError, "header": fitdecode.FitHeaderError}


def reference(data: bytes) -> tuple[list[dict[str, Any]], dict[str, list[dict[str, Any]]], bool]:
    """What fitdecode (lenient, CRC checked, as the FIT reader runs it) gives for the same fields."""
    records: list[dict[str, Any]] = []
    messages: dict[str, list[dict[str, Any]]] = {kind: [] for kind in fastfit.MESSAGE_FIELDS}
    eof = False
    reader = fitdecode.FitReader(
        io.BytesIO(data), check_crc=fitdecode.CrcCheck.RAISE, error_handling=fitdecode.ErrorHandling.IGNORE
    )
    try:
        for frame in reader:
            if not isinstance(frame, fitdecode.FitDataMessage):
                continue
            if frame.name == "record":
                records.append({f.name: f.value for f in frame.fields if f.name in fastfit.RECORD_FIELDS})
            elif frame.name in messages:
                wanted = fastfit.MESSAGE_FIELDS[frame.name]
                messages[frame.name].append({f.name: f.value for f in frame.fields if f.name in wanted})
    except fitdecode.FitEOFError:
        eof = True
    return records, messages, eof


def _as_number(value: Any) -> float:
    """A record value as the columns hold it: datetimes as FIT seconds, anything not a number as NaN."""
    if hasattr(value, "timestamp"):
        return value.timestamp() - fastfit.FIT_EPOCH_UNIX
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return math.nan
    return float(value)


def assert_same(fast: fastfit.FitMessages, data: bytes) -> None:
    records, messages, eof = reference(data)
    assert fast.eof == eof
    assert fast.record_count == len(records)
    for name in fastfit.RECORD_FIELDS:
        expected = np.array([_as_number(r.get(name)) for r in records], dtype=np.float64)
        got = fast.records[name]
        integer = all(float(v).is_integer() for v in expected[np.isfinite(expected)])
        if integer:  # timestamps, semicircles, heart rate, cadence: exact
            np.testing.assert_array_equal(got, expected, err_msg=name)
        else:  # scaled values
            np.testing.assert_allclose(got, expected, rtol=1e-9, atol=0, equal_nan=True, err_msg=name)
    for kind, expected_msgs in messages.items():
        assert len(fast.messages[kind]) == len(expected_msgs), kind
        for got_msg, exp_msg in zip(fast.messages[kind], expected_msgs, strict=True):
            assert got_msg.keys() == exp_msg.keys(), kind
            for key, exp in exp_msg.items():
                got = got_msg[key]
                if isinstance(exp, float) and isinstance(got, float):
                    assert got == pytest.approx(exp, rel=1e-9), (kind, key)
                else:
                    assert got == exp and type(got) is type(exp), (kind, key, got, exp)


@pytest.mark.parametrize("rel", repository_files((".fit",)))
def test_every_repository_fit_file_matches_fitdecode(test_files: Path, rel: str) -> None:
    data = (test_files / rel).read_bytes()
    if rel in CORRUPT:
        with pytest.raises(fastfit.Corrupt) as refused:
            fastfit.decode(data)
        assert (refused.value.kind, refused.value.offset) == CORRUPT[rel]
        assert_refused_alike(refused.value, data)
        return
    assert_same(fastfit.decode(data), data)


def assert_refused_alike(refused: fastfit.Corrupt, data: bytes) -> None:
    """fitdecode stops with the same kind of error, at the same place, in the same words."""
    with pytest.raises(_FIT_ERRORS[refused.kind]) as expected:
        reference(data)
    assert str(refused) == str(expected.value)
    if refused.kind == "parse":
        assert refused.offset == expected.value.offset


def test_known_values_of_a_real_run(test_files: Path) -> None:
    data = (test_files / "python-fitparse/garmin-fenix-5-run.fit").read_bytes()
    fast = fastfit.decode(data)
    assert fast.record_count == 21
    assert fast.messages["session"][0]["avg_running_cadence"] == 83  # a sub-field of avg_cadence (sport running)
    assert fast.messages["file_id"][0]["garmin_product"] == "fenix5"


def test_crc_equals_the_reference_implementation() -> None:
    rng = np.random.default_rng(3)
    for n in (1, 2, 511, 512, 513, 4096, 4097, 100_003, 1 << 20):
        data = rng.integers(0, 256, n, dtype=np.uint8).tobytes()
        assert crc16(data) == compute_crc(data), n
    # A file with its CRC appended checks to 0 (the property FIT readers rely on).
    body = b"strideguard"
    assert crc16(body + struct.pack("<H", crc16(body))) == 0


# ---------------------------------------------------------------- files built here


T0 = 1_000_000_000  # FIT seconds: 2021-09-09T01:46:40Z

RECORD_FIELDS = [(253, 4, UINT32), (0, 4, SINT32), (2, 2, UINT16), (3, 1, UINT8), (5, 4, UINT32)]


def _record(endian: str, ts: int, lat: int, alt_raw: int, hr: int, dist_raw: int, *, local: int = 0) -> bytes:
    return bytes([local]) + struct.pack(endian + "IiHBI", ts, lat, alt_raw, hr, dist_raw)


@pytest.mark.parametrize("big", [False, True])
def test_built_file_known_values_both_byte_orders(big: bool) -> None:
    e = ">" if big else "<"
    file_id = definition(1, 0, [(0, 1, ENUM), (1, 2, UINT16), (2, 2, UINT16)], big=big)
    file_id += bytes([1]) + struct.pack(e + "BHH", 4, 1, 2697)  # activity, garmin, fenix5
    recs = definition(0, 20, RECORD_FIELDS, big=big)
    recs += _record(e, T0, 2**30, 2600, 150, 123456)
    recs += _record(e, T0 + 1, 0x7FFFFFFF, 0xFFFF, 0xFF, 0xFFFFFFFF)  # every value invalid
    data = build_fit([file_id, recs])
    fast = fastfit.decode(data)
    assert_same(fast, data)
    r = fast.records
    assert r["timestamp"].tolist() == [T0, T0 + 1]
    assert r["position_lat"][0] == 2**30  # semicircles: 2**30 is 90 degrees
    assert r["altitude"][0] == 2600 / 5 - 500 == 20.0  # profile: scale 5, offset 500
    assert r["enhanced_altitude"][0] == 20.0  # expanded from altitude's component
    assert r["heart_rate"][0] == 150 and r["distance"][0] == 1234.56  # distance scale 100
    assert all(np.isnan(r[k][1]) for k in ("position_lat", "altitude", "enhanced_altitude", "heart_rate", "distance"))
    assert fast.messages["file_id"] == [{"type": "activity", "manufacturer": "garmin", "garmin_product": "fenix5"}]


def test_compressed_timestamps_roll_over_every_32_seconds() -> None:
    # a full timestamp T0 (low 5 bits: T0 % 32 = 0), then compressed headers with offsets 30, 2, 5:
    # 30 -> T0+30; 2 < 30 rolls over -> T0+34; 5 -> T0+37
    assert T0 % 32 == 0
    fields = [(253, 4, UINT32), (3, 1, UINT8)]
    compressed_fields = [(3, 1, UINT8)]
    recs = definition(0, 20, fields) + bytes([0]) + struct.pack("<IB", T0, 100)
    recs += definition(1, 20, compressed_fields)
    recs += b"".join(bytes([0x80 | (1 << 5) | off, hr]) for off, hr in ((30, 101), (2, 102), (5, 103)))
    data = build_fit([recs])
    fast = fastfit.decode(data)
    assert_same(fast, data)
    assert fast.records["timestamp"].tolist() == [T0, T0 + 30, T0 + 34, T0 + 37]
    assert fast.records["heart_rate"].tolist() == [100, 101, 102, 103]


def test_developer_fields_are_skipped_by_their_declared_type() -> None:
    dev_id = definition(2, 207, [(3, 1, UINT8)]) + bytes([2, 0])
    # field 0 of developer 0: a uint16 named "Power"
    desc = definition(3, 206, [(0, 1, UINT8), (1, 1, UINT8), (2, 1, UINT8), (3, 8, 0x07)])
    desc += bytes([3, 0, 0, 0x84]) + b"Power\x00\x00\x00"
    recs = definition(0, 20, [(253, 4, UINT32), (3, 1, UINT8)], dev=[(0, 2, 0)])
    recs += bytes([0]) + struct.pack("<IBH", T0, 140, 250) + bytes([0]) + struct.pack("<IBH", T0 + 1, 141, 251)
    data = build_fit([dev_id, desc, recs])
    fast = fastfit.decode(data)
    assert_same(fast, data)
    assert fast.records["heart_rate"].tolist() == [140, 141]


def test_the_same_layout_reads_by_each_stream_own_developer_types() -> None:
    """A record layout with a 6-byte developer field: read as one uint32 (4 bytes: fitdecode's lenient reading of
    a misaligned field) in one stream and as three uint16 (6 bytes) in the next; parsed layouts are kept per
    process, so the second stream must not reuse the first one's message size."""

    def stream(base: int, read: int) -> bytes:
        dev_id = definition(2, 207, [(3, 1, UINT8)]) + bytes([2, 0])
        desc = definition(3, 206, [(0, 1, UINT8), (1, 1, UINT8), (2, 1, UINT8)]) + bytes([3, 0, 0, base])
        recs = definition(0, 20, [(253, 4, UINT32), (3, 1, UINT8)], dev=[(0, 6, 0)])
        for i in range(3):
            recs += bytes([0]) + struct.pack("<IB", T0 + i, 140 + i) + bytes(range(read))
        return build_fit([dev_id, desc, recs])

    for data in (stream(0x86, 4), stream(0x84, 6), stream(0x86, 4)):
        fast = fastfit.decode(data)
        assert_same(fast, data)
        assert fast.records["heart_rate"].tolist() == [140, 141, 142]


def test_chained_files_are_read_one_after_another() -> None:
    one = build_fit([definition(0, 20, RECORD_FIELDS) + _record("<", T0, 0, 2600, 120, 0)])
    two = build_fit([definition(0, 20, RECORD_FIELDS) + _record("<", T0 + 5, 0, 2605, 121, 500)])
    fast = fastfit.decode(one + two)
    assert_same(fast, one + two)
    assert fast.records["timestamp"].tolist() == [T0, T0 + 5]
    assert fast.records["altitude"].tolist() == [20.0, 21.0]


def test_damage_is_refused_as_fitdecode_refuses_it_or_left_to_fitdecode() -> None:
    good = build_fit([definition(0, 20, RECORD_FIELDS) + _record("<", T0, 0, 2600, 120, 0)])
    bad_crc = good[:-2] + bytes([good[-2] ^ 1, good[-1]])
    with pytest.raises(fastfit.Corrupt, match="mismatching CRC in FIT footer") as refused:
        fastfit.decode(bad_crc)
    assert_refused_alike(refused.value, bad_crc)
    undefined = build_fit([_record("<", T0, 0, 2600, 120, 0, local=0)])
    with pytest.raises(fastfit.Corrupt, match="@ 14: local message 0 not defined") as refused:
        fastfit.decode(undefined)  # the first message after the 14-byte header
    assert_refused_alike(refused.value, undefined)
    # a compressed-timestamp header names its local type in bits 5-6 (here 2)
    compressed = build_fit([definition(0, 20, RECORD_FIELDS) + _record("<", T0, 0, 2600, 120, 0) + bytes([0xC3, 1])])
    with pytest.raises(fastfit.Corrupt, match="local message 2 not defined") as refused:
        fastfit.decode(compressed)
    assert_refused_alike(refused.value, compressed)
    with pytest.raises(fastfit.Unsupported, match="bytes after"):
        fastfit.decode(good + b"\x00\x01")
    bad_header = good[:12] + bytes([good[12] ^ 1]) + good[13:]  # header CRC (bytes 12-13) wrong
    with pytest.raises(fastfit.Corrupt, match="mismatching CRC in FIT header") as refused:
        fastfit.decode(bad_header)
    assert_refused_alike(refused.value, bad_header)
    # a header CRC of 0 means "not computed" (FIT SDK): accepted
    no_header_crc = build_fit([definition(0, 20, RECORD_FIELDS) + _record("<", T0, 0, 2600, 120, 0)], header_crc=False)
    assert_same(fastfit.decode(no_header_crc), no_header_crc)


def test_a_stream_that_stops_early_keeps_what_came_before() -> None:
    recs = definition(0, 20, RECORD_FIELDS) + _record("<", T0, 0, 2600, 120, 0) + _record("<", T0 + 1, 0, 2600, 121, 0)
    data = build_fit([recs])[: -2 - 5]  # the second record is cut and the CRC is gone
    fast = fastfit.decode(data)
    assert fast.eof and fast.records["heart_rate"].tolist() == [120]
    assert_same(fast, data)


# ---------------------------------------------------------------- mutations

_SMALL_FILES = (
    "strideguard/garmin-fenix-5-run-big-endian.fit",  # big-endian definitions
    "python-fitparse/antfs-dump.63.fit",  # compressed timestamps
    "invalid/strideguard/no-timestamp-developer-fields.fit",  # developer fields
    "python-fitparse/garmin-fenix-5-run.fit",
)


def _with_crc(data: bytes) -> bytes:
    if len(data) < 16:
        return data
    return data[:-2] + _crc(data[:-2])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    which=st.sampled_from(_SMALL_FILES),
    flips=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=4),
    cut=st.one_of(st.none(), st.integers(0, 10**6)),
    insert=st.one_of(st.none(), st.tuples(st.integers(0, 10**6), st.binary(min_size=1, max_size=6))),
    fix_crc=st.booleans(),
)
def test_mutated_files_decode_as_fitdecode_or_fall_back(
    test_files: Path,
    which: str,
    flips: list[tuple[int, int]],
    cut: int | None,
    insert: tuple[int, bytes] | None,
    fix_crc: bool,
) -> None:
    data = bytearray((test_files / which).read_bytes())
    for pos, value in flips:
        data[pos % len(data)] = value
    if insert is not None:
        at = insert[0] % len(data)
        data[at:at] = insert[1]
    if cut is not None:
        data = data[: cut % (len(data) + 1)]
    mutated = _with_crc(bytes(data)) if fix_crc else bytes(data)
    try:
        fast = fastfit.decode(mutated)
    except fastfit.Unsupported:
        return  # fitdecode decides
    except fastfit.Corrupt as refused:
        assert_refused_alike(refused, mutated)
        return
    assert_same(fast, mutated)  # fitdecode must agree, value for value (and must not fail where we succeed)


@pytest.mark.parametrize(
    "name", ["garmin-fenix-5-run", "garmin-fenix-5-bike", "garmin-fenix-5-walk", "garmin-edge-820-bike"]
)
def test_records_equal_python_fitparse_golden_csv(test_files: Path, name: str) -> None:
    """Independent expected values: python-fitparse's CSV of the same file (empty cell = no value)."""
    import csv

    folder = test_files / "python-fitparse"
    fast = fastfit.decode((folder / f"{name}.fit").read_bytes())
    with open(folder / f"{name}-records.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert fast.record_count == len(rows)
    for column in ("heart_rate", "distance", "position_lat", "position_long", "altitude"):
        expected = np.array([float(r[column]) if r.get(column) not in (None, "") else np.nan for r in rows])
        np.testing.assert_allclose(fast.records[column], expected, rtol=1e-9, equal_nan=True, err_msg=column)


def test_compressed_speed_and_accumulated_distance_equal_golden_csv(test_files: Path) -> None:
    """12-bit speed (/100) and 12-bit distance (/16) that rolls over every 256 m and is accumulated."""
    import csv

    folder = test_files / "python-fitparse"
    fast = fastfit.decode((folder / "compressed-speed-distance.fit").read_bytes())
    with open(folder / "compressed-speed-distance-records.csv", newline="") as fh:
        rows = list(csv.reader(fh))[1:]
    # the CSV starts at the second record (python-fitparse's test skips the first)
    assert fast.record_count == len(rows) + 1
    got = {name: values[1:] for name, values in fast.records.items()}

    def col(i: int) -> np.ndarray:
        return np.array([np.nan if r[i] == "null" else float(r[i]) for r in rows])

    np.testing.assert_array_equal(got["timestamp"], col(0))  # relative: the device clock was never set
    np.testing.assert_array_equal(got["heart_rate"], col(1))
    np.testing.assert_allclose(got["speed"], col(2), rtol=1e-9, equal_nan=True)
    np.testing.assert_allclose(got["distance"], col(3), rtol=1e-9, equal_nan=True)
    assert np.nanmax(fast.records["distance"]) > 4096 / 16  # it did roll over


def test_shifted_copy_is_the_same_run_later_with_valid_crcs(test_files: Path) -> None:
    from datetime import timedelta

    from strideguard.ingest.fastfit.rewrite import shift_times

    days = 3 * 86400  # a multiple of 32 s: compressed timestamps keep their low 5 bits
    for rel in (
        "python-fitparse/garmin-fenix-5-run.fit",
        "fitdecode/garmin-fr935-cr.fit",
        "python-fitparse/antfs-dump.63.fit",
    ):
        data = (test_files / rel).read_bytes()
        moved = shift_times(data, days)
        before, _, _ = reference(data)
        after, after_msgs, eof = reference(moved)  # fitdecode checks every CRC: they were rewritten
        assert not eof and len(after) == len(before)
        for a, b in zip(before, after, strict=True):
            ta, tb = a.get("timestamp"), b.get("timestamp")
            assert tb == (ta + timedelta(seconds=days) if hasattr(ta, "year") else ta)  # relative times stay
        activity = after_msgs["activity"][0]
        original = reference(data)[1]["activity"][0]
        assert activity["local_timestamp"] - original["local_timestamp"] == timedelta(seconds=days)
    with pytest.raises(ValueError):
        shift_times(b"", 33)


# hr messages (HRM-Swim/Tri: heart rate stored during a swim, sent afterwards): event_timestamp (field 9) sets a
# start, each event_timestamp_12 (field 10, 12 bytes: ten 12-bit components accumulated onto that start) needs
# one; fitdecode fails on a missing or invalid one, so the fast decoder must refuse exactly those files.
_HR_SET = [(253, 4, UINT32), (9, 4, UINT32), (6, 1, UINT8)]
_HR_READ = [(6, 8, UINT8), (10, 12, 0x0D)]  # 0x0D: byte


@settings(max_examples=150, deadline=None)
@given(
    messages=st.lists(
        st.one_of(
            st.tuples(st.just("set"), st.sampled_from([0, 1, T0, 0xFFFFFFFF]), st.sampled_from([0, 5, 0xFFFFFFFF])),
            st.tuples(st.just("read"), st.sampled_from([b"\xff" * 12, b"\x00" * 12, bytes(range(12))]), st.just(0)),
            st.tuples(st.just("record"), st.sampled_from([T0, 0xFFFFFFFF]), st.just(0)),
        ),
        min_size=1,
        max_size=8,
    ),
    set_order=st.permutations(range(3)),
)
def test_hr_messages_decode_as_fitdecode_or_fall_back(
    messages: list[tuple[str, object, int]], set_order: list[int]
) -> None:
    set_fields = [_HR_SET[i] for i in set_order]  # the timestamp before or after event_timestamp
    body = definition(0, 132, set_fields) + definition(1, 132, _HR_READ)
    body += definition(2, 20, [(253, 4, UINT32), (3, 1, UINT8)])
    for kind, a, b in messages:
        if kind == "set":
            values = {253: struct.pack("<I", int(a)), 9: struct.pack("<I", b), 6: bytes([90])}  # type: ignore[call-overload]
            body += bytes([0]) + b"".join(values[f[0]] for f in set_fields)
        elif kind == "read":
            body += bytes([1]) + bytes(range(60, 68)) + bytes(a)  # type: ignore[arg-type]
        else:
            body += bytes([2]) + struct.pack("<IB", int(a), 120)  # type: ignore[call-overload]
    data = build_fit([body])
    try:
        fast = fastfit.decode(data)
    except fastfit.Unsupported as exc:
        assert "hr event_timestamp" in str(exc)
        with pytest.raises(Exception):  # noqa: B017  (fitdecode fails in its own ways: asserts, type errors)
            reference(data)
        return
    assert_same(fast, data)


@settings(max_examples=60, deadline=None)
@given(
    runs=st.lists(
        st.tuples(st.sampled_from(["record", "event", "redefine", "compressed"]), st.integers(1, 400)),
        min_size=1,
        max_size=12,
    ),
    cut=st.one_of(st.none(), st.integers(1, 40)),
)
def test_walk_finds_every_message_of_long_runs(runs: list[tuple[str, int]], cut: int | None) -> None:
    """Runs of one message type, found a block at a time, against the tests' own walk of the same stream.

    Long runs (hundreds of records) take the walk's numpy path; runs end at another message type, a definition,
    a compressed-timestamp record, or the end of the data (``cut``: the last message cut short).
    """
    from strideguard.ingest.fastfit import decoder

    from ..fitkit import walk

    record = definition(0, 20, [(253, 4, UINT32), (3, 1, UINT8)])
    body = record + definition(1, 21, [(253, 4, UINT32), (0, 1, ENUM)]) + definition(2, 20, [(3, 1, UINT8)])
    t = T0
    for kind, count in runs:
        for _ in range(count if kind != "redefine" else 1):
            t += 1
            if kind == "record":
                body += bytes([0]) + struct.pack("<IB", t, 100 + t % 50)
            elif kind == "event":
                body += bytes([1]) + struct.pack("<IB", t, 0)
            elif kind == "compressed":  # local 2, timestamp offset in the header
                body += bytes([0x80 | (2 << 5) | (t % 32), 90])
            else:
                body += record  # the same layout again
    body += bytes([0]) + struct.pack("<IB", t + 1, 120)  # a record last (the one ``cut`` cuts short)
    data = build_fit([body])
    expected: dict[int, list[int]] = {}
    for msg in walk(data)[0].messages:
        if not msg.is_definition:
            expected.setdefault(msg.definition.global_num * 100 + len(msg.definition.fields), []).append(msg.pos)
    end = len(data) - 2
    if cut is not None:  # the data stops inside the last message: it is dropped, the stream ended early
        data = data[: end - 1]
        last = max(expected, key=lambda k: expected[k][-1])
        expected[last].pop()
    part = decoder.Part()
    stopped = decoder.walk(data, 14, end, len(data), part)
    assert stopped == (cut is not None)
    got: dict[int, list[int]] = {}
    for d in part.definitions:
        if d.positions:
            got.setdefault(d.global_num * 100 + len(d.fields), []).extend(d.positions)
    assert {k: sorted(v) for k, v in got.items()} == {k: v for k, v in expected.items() if v}
