"""The compact sample blob is lossless and refuses damaged data."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from strideguard.errors import StoreError
from strideguard.store import samples


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
