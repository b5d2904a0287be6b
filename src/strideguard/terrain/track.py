"""Track geometry helpers: distance along the track, resampling on a distance grid, smoothing."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

EARTH_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG), metres


def _column(samples: Mapping[str, np.ndarray], name: str) -> np.ndarray | None:
    values = samples.get(name)
    if values is None:
        return None
    arr = np.asarray(values, dtype=float)
    return arr if np.isfinite(arr).any() else None


def haversine_steps(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Metres between consecutive points (length n - 1)."""
    p1, p2 = np.radians(lat[:-1]), np.radians(lat[1:])
    dlat, dlon = p2 - p1, np.radians(lon[1:] - lon[:-1])
    a = np.sin(dlat / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def along_track(samples: Mapping[str, np.ndarray]) -> np.ndarray | None:
    """Cumulative distance (m, non-decreasing, NaN where unknown) from ``distance_m`` or lat/lon."""
    dist = _column(samples, "distance_m")
    if dist is not None:
        out = dist.copy()
        known = np.isfinite(out)
        out[known] = np.maximum.accumulate(out[known])
        return out
    lat, lon = _column(samples, "lat"), _column(samples, "lon")
    if lat is None or lon is None:
        return None
    known = np.isfinite(lat) & np.isfinite(lon)
    out = np.full(len(lat), np.nan)
    idx = np.flatnonzero(known)
    if idx.size < 2:
        return None
    out[idx] = np.concatenate(([0.0], np.cumsum(haversine_steps(lat[idx], lon[idx]))))
    return out


def on_grid(distance: np.ndarray, values: np.ndarray, step: float) -> tuple[np.ndarray, np.ndarray] | None:
    """``values`` resampled every ``step`` metres along the track (linear interpolation)."""
    keep = np.isfinite(distance) & np.isfinite(values)
    if keep.sum() < 2:
        return None
    d, v = distance[keep], values[keep]
    d, first = np.unique(d, return_index=True)
    v = v[first]
    if d[-1] - d[0] < 2 * step:
        return None
    grid = np.arange(d[0], d[-1] + step / 2, step)
    return grid, np.interp(grid, d, v)


def moving_average(values: np.ndarray, width: int) -> np.ndarray:
    """Centred moving average over ``width`` points, edges padded with the end values."""
    if width <= 1 or values.size == 0:
        return values.astype(float)
    half = width // 2
    padded = np.concatenate((np.full(half, values[0]), values, np.full(width - 1 - half, values[-1])))
    kernel = np.full(width, 1.0 / width)
    return np.convolve(padded, kernel, mode="valid")
