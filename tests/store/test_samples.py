"""The compact sample blob is lossless and refuses damaged data."""

from __future__ import annotations

import zlib
from datetime import UTC, datetime

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from strideguard.domain import ParsedActivity
from strideguard.errors import StoreError
from strideguard.store import codec, samples


@settings(max_examples=50, deadline=None)
@given(arrays(np.float64, st.integers(1, 300), elements=st.floats(allow_nan=True, allow_infinity=False, width=64)))
def test_round_trip_is_bit_exact(values: np.ndarray) -> None:
    data = {"time_s": np.arange(len(values), dtype=float), "heart_rate": values}
    columns, n, blob = samples.encode(data)
    back = samples.decode(columns, n, blob)
    assert n == len(values)
    if np.isnan(values).all():
        assert "heart_rate" not in columns  # an all-unknown column is not stored
    else:
        assert np.array_equal(back["heart_rate"].view(np.int64), values.view(np.int64))
    assert np.array_equal(back["time_s"], data["time_s"])


def test_columns_of_different_length_are_refused() -> None:
    with pytest.raises(StoreError, match="cadence_spm has 2 values, time_s has 3"):
        samples.encode({"time_s": np.zeros(3), "cadence_spm": np.zeros(2)})


def test_damaged_blob_is_refused() -> None:
    columns, n, blob = samples.encode({"time_s": np.arange(10.0)})
    with pytest.raises(StoreError, match="unknown format"):
        samples.decode(columns, n, b"XXXX" + blob[4:])
    with pytest.raises(StoreError, match="wrong length"):
        samples.decode(columns, n + 1, blob)


def test_blob_that_is_not_zlib_data_is_refused() -> None:
    columns, n, blob = samples.encode({"time_s": np.arange(10.0)})
    with pytest.raises(StoreError, match="not zlib data"):
        samples.decode(columns, n, blob[:4] + b"\x00" * (len(blob) - 4))


def test_the_format_is_plain_zlib_both_ways() -> None:
    """Blobs written before ISA-L (stdlib zlib) read back, and any zlib reads the new ones: the format is unchanged."""
    data = {"time_s": np.arange(500.0), "heart_rate": np.linspace(90, 170, 500)}
    columns, n, blob = samples.encode(data)
    assert blob[:4] == b"SGS1"
    raw = zlib.decompress(blob[4:])
    assert raw == np.stack([data["time_s"], data["heart_rate"]]).astype("<f8").tobytes()
    old = b"SGS1" + zlib.compress(raw, 1)  # what strideguard 0.1 stored
    back = samples.decode(columns, n, old)
    assert np.array_equal(back["heart_rate"], data["heart_rate"])


def test_packed_richness_is_the_activity_richness() -> None:
    """The writer compares packed samples' richness with stored ones: it must be ParsedActivity's."""
    n = 50
    streams = {
        "time_s": np.arange(n, dtype=float),
        "heart_rate": np.full(n, 140.0),
        "cadence_spm": np.full(n, np.nan),  # no value: not a stream
        "lat": np.where(np.arange(n) < 10, 52.0, np.nan),  # some values: a stream
    }
    activity = ParsedActivity(start_time=datetime(2024, 5, 1, tzinfo=UTC), sport="running", source_format="fit")
    activity.samples = streams
    assert activity.richness == 50 + 2 * 10_000
    assert codec.pack(streams).richness == activity.richness
    assert codec.pack({}).richness == ParsedActivity(activity.start_time, "running", "fit").richness == 0
