"""One run's course from its own samples: route points, series against distance, per-kilometre splits.

Pure numpy over the stored sample stream (``domain.SAMPLE_COLUMNS``); no I/O.
The importers keep no device laps, so the run page's laps are per-kilometre
splits derived here from cumulative distance and time (``SPLITS_BASIS``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from ..ingest.samples import elevation_totals, smooth_elevation
from .track import along_track

SPLITS_BASIS = "per_km_from_samples"
SPLIT_M = 1000.0
MIN_LAST_SPLIT_M = 100.0  # a shorter remainder is left out of the splits (too short for a pace)
PACE_WINDOW_M = 200.0  # pace on the chart: time over the 200 m around each point
SLOWEST_PACE_MIN = 30.0  # slower than this is a stop, not a pace: shown as a gap


def _column(samples: Mapping[str, np.ndarray], name: str, n: int) -> np.ndarray:
    values = samples.get(name)
    if values is None or len(values) != n:
        return np.full(n, np.nan)
    return np.asarray(values, dtype=float)


def _interp(grid: np.ndarray, x: np.ndarray, y: np.ndarray, max_gap: float) -> np.ndarray:
    """``y`` at ``grid`` along ``x`` (both finite only); NaN farther than ``max_gap`` from any known sample."""
    keep = np.isfinite(x) & np.isfinite(y)
    if keep.sum() < 2:
        return np.full(grid.size, np.nan)
    xs, first = np.unique(x[keep], return_index=True)
    ys = y[keep][first]
    out = np.interp(grid, xs, ys, left=np.nan, right=np.nan)
    nearest = np.searchsorted(xs, grid).clip(1, xs.size - 1)
    gap = np.minimum(np.abs(grid - xs[nearest - 1]), np.abs(xs[nearest] - grid))
    out[gap > max_gap] = np.nan
    return out


@dataclass(frozen=True)
class Course:
    """A run's course, ready for a page: everything in plain lists, NaN as None."""

    route: list[tuple[float, float]]  # (lat, lon), at most ``max_points``
    distance_km: list[float]
    altitude_m: list[float | None]
    pace_min_per_km: list[float | None]
    heart_rate: list[float | None]
    cadence_spm: list[float | None]
    splits: list[dict[str, float | int | None]]

    def to_dict(self) -> dict[str, object]:
        return {
            "route": [list(point) for point in self.route],
            "series": {
                "distance_km": self.distance_km,
                "altitude_m": self.altitude_m,
                "pace_min_per_km": self.pace_min_per_km,
                "heart_rate": self.heart_rate,
                "cadence_spm": self.cadence_spm,
            },
            "splits": self.splits,
            "splits_basis": SPLITS_BASIS,
        }


def _plain(values: np.ndarray, digits: int) -> list[float | None]:
    rounded = np.round(values, digits)
    return [v if math.isfinite(v) else None for v in rounded.tolist()]


def route_points(samples: Mapping[str, np.ndarray], max_points: int = 600) -> list[tuple[float, float]]:
    """The recorded positions in order, thinned evenly to at most ``max_points`` (first and last kept)."""
    n = len(samples.get("time_s", ()))
    lat, lon = _column(samples, "lat", n), _column(samples, "lon", n)
    keep = np.flatnonzero(np.isfinite(lat) & np.isfinite(lon))
    if keep.size < 2:
        return []
    if keep.size > max_points:
        keep = keep[np.unique(np.linspace(0, keep.size - 1, max_points).round().astype(int))]
    return [(round(float(a), 6), round(float(b), 6)) for a, b in zip(lat[keep], lon[keep], strict=True)]


def splits(samples: Mapping[str, np.ndarray]) -> list[dict[str, float | int | None]]:
    """Per-kilometre splits: distance, time, pace, climb and descent, mean heart rate and cadence.

    Times at the kilometre marks are interpolated along cumulative distance; heart rate and cadence
    are time-weighted means of the samples inside the split. A last split shorter than 100 m is left out.
    """
    n = len(samples.get("time_s", ()))
    distance = along_track(samples)
    if n < 2 or distance is None:
        return []
    time = _column(samples, "time_s", n)
    keep = np.isfinite(distance) & np.isfinite(time)
    if keep.sum() < 2:
        return []
    d, t = distance[keep], time[keep]
    total = float(d[-1])
    marks = list(np.arange(SPLIT_M, total, SPLIT_M))
    if total - (marks[-1] if marks else 0.0) >= MIN_LAST_SPLIT_M:
        marks.append(total)
    if not marks:
        return []
    bounds = np.array([0.0, *marks])  # the first split's time starts at the first sample (np.interp holds the end)
    unique_d, first = np.unique(d, return_index=True)
    at = np.interp(bounds, unique_d, t[first])
    altitude = _column(samples, "altitude_m", n)[keep]
    hr, cadence = _column(samples, "heart_rate", n)[keep], _column(samples, "cadence_spm", n)[keep]
    weights = np.concatenate(([0.0], np.diff(t))).clip(0, None)
    out: list[dict[str, float | int | None]] = []
    for index in range(len(bounds) - 1):
        lo, hi = bounds[index], bounds[index + 1]
        inside = (d > lo) & (d <= hi)
        length_m, seconds = hi - lo, float(at[index + 1] - at[index])
        # the activity's own ascent method (smoothed, with a hysteresis band), within the split
        climb, descent = elevation_totals(t[inside], altitude[inside]) if inside.sum() >= 2 else (None, None)
        out.append(
            {
                "index": index + 1,
                "distance_km": round(float(length_m) / 1000.0, 3),
                "duration_s": round(seconds, 1),
                "pace_min_per_km": round(seconds / 60.0 / (float(length_m) / 1000.0), 2) if length_m > 0 else None,
                "climb_m": None if climb is None else round(climb, 0),
                "descent_m": None if descent is None else round(descent, 0),
                "avg_hr": _weighted_mean(hr[inside], weights[inside]),
                "avg_cadence_spm": _weighted_mean(cadence[inside], weights[inside]),
            }
        )
    return out


def _weighted_mean(values: np.ndarray, weights: np.ndarray) -> float | None:
    ok = np.isfinite(values) & (weights > 0)
    if not ok.any():
        ok = np.isfinite(values)
        if not ok.any():
            return None
        return round(float(values[ok].mean()), 0)
    return round(float(np.average(values[ok], weights=weights[ok])), 0)


def course(samples: Mapping[str, np.ndarray], max_points: int = 500) -> Course:
    """Route, series against distance on an even grid (at most ``max_points``) and splits of one run."""
    route = route_points(samples)
    n = len(samples.get("time_s", ()))
    distance = along_track(samples) if n >= 2 else None
    empty: list[float | None] = []
    if distance is None or not np.isfinite(distance).any() or np.nanmax(distance) <= 0:
        return Course(route, [], empty, empty, empty, empty, [])
    top = float(np.nanmax(distance))
    start = float(np.nanmin(distance))
    step = max(10.0, (top - start) / max(1, max_points - 1))
    grid = np.arange(start, top + step / 2, step)[:max_points]
    gap = max(3 * step, 100.0)
    time = _interp(grid, distance, _column(samples, "time_s", n), gap)
    raw_altitude, raw_time = _column(samples, "altitude_m", n), _column(samples, "time_s", n)
    altitude: np.ndarray | None = None
    if np.isfinite(raw_altitude).any():  # smoothed as the ascent is (GPS and barometer jitter)
        ok = np.isfinite(raw_altitude) & np.isfinite(raw_time)
        altitude = np.full(n, np.nan)
        altitude[ok] = smooth_elevation(raw_time, raw_altitude)
    half = max(1, int(round(PACE_WINDOW_M / 2 / step)))
    pace = np.full(grid.size, np.nan)
    if grid.size > 2 * half:
        dt = time[2 * half :] - time[: -2 * half]
        dd = grid[2 * half :] - grid[: -2 * half]
        pace[half:-half] = dt / 60.0 / (dd / 1000.0)
    pace[(pace <= 0) | (pace > SLOWEST_PACE_MIN)] = np.nan
    return Course(
        route=route,
        distance_km=[round(v / 1000.0, 3) for v in grid.tolist()],
        altitude_m=_plain(_interp(grid, distance, altitude, gap), 1) if altitude is not None else [None] * grid.size,
        pace_min_per_km=_plain(pace, 2),
        heart_rate=_plain(_interp(grid, distance, _column(samples, "heart_rate", n), gap), 0),
        cadence_spm=_plain(_interp(grid, distance, _column(samples, "cadence_spm", n), gap), 0),
        splits=splits(samples),
    )
