"""``load.series.median``: the number ``np.median`` gives, without importing ``numpy.ma``."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from strideguard.load.series import median


def test_known_values() -> None:
    assert median([3.0, 1.0, 2.0]) == 2.0  # odd count: the middle value
    assert median([4.0, 1.0, 3.0, 2.0]) == 2.5  # even count: (2 + 3) / 2
    assert median(np.array([7.0])) == 7.0
    assert math.isnan(median([]))
    assert math.isnan(median([1.0, math.nan, 2.0]))  # as np.median: any NaN gives NaN


@given(st.lists(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False), min_size=1, max_size=60))
def test_same_as_numpy(values: list[float]) -> None:
    assert median(values) == float(np.median(values))
