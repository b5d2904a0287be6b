"""Exponentially weighted moving averages (EWMA) and the Banister model.

Discretisation (documented because the two common ones give different numbers):
``x_t = x_(t-1) + k (load_t - x_(t-1))`` with ``k = 2 / (N + 1)`` (Williams 2017)
and ``x = 0`` on the day before the first day of history. For a single load of
1000 on day 0: fitness (N = 42) = 1000 x 2/43 = 46.51, fatigue (N = 7) = 250.
The alternative ``k = 1 - e^(-1/N)`` would give 23.5 and 133.1 instead.
"""

from __future__ import annotations

import numpy as np


def smoothing(n: float) -> float:
    """``lambda = 2 / (N + 1)``."""
    return 2.0 / (n + 1.0)


def ewma(daily_values: np.ndarray, n: float) -> np.ndarray:
    """EWMA of a daily series with time constant ``n`` days, starting from 0."""
    values = np.asarray(daily_values, dtype=float)
    if values.size == 0:
        return values.copy()
    if not np.all(np.isfinite(values)):
        import pandas as pd  # pandas' rule for gaps (NaN); daily series never have them

        padded = pd.Series(np.concatenate(([0.0], values)))
        return padded.ewm(alpha=smoothing(n), adjust=False).mean().to_numpy()[1:]
    k = smoothing(n)
    out = np.empty(values.size)
    x = 0.0
    for i, v in enumerate(values.tolist()):
        x += k * (v - x)
        out[i] = x
    return out
