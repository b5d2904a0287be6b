"""Pure maths over sample streams, shared by every format reader.

Arrays in, arrays or numbers out; no I/O. The readers collect raw columns, call
:func:`build_samples` to get the canonical float64 columns of
``domain.SAMPLE_COLUMNS`` (sorted by time, duplicates dropped, NaN where
unknown), then use the summary helpers for whatever the file itself does not
state (the file's own session/lap totals always win).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from ..domain import SAMPLE_COLUMNS

# WGS84 ellipsoid.
_WGS84_A = 6_378_137.0
_WGS84_F = 1 / 298.257223563
_WGS84_E2 = _WGS84_F * (2 - _WGS84_F)

# A gap longer than this between two samples is a pause (timer stopped or the
# device lost its fix): it counts as neither moving time nor a speed sample.
# Garmin "smart recording" writes a point at most every ~8-10 s while moving.
PAUSE_GAP_S = 30.0
# Below this speed (m/s) a step counts as standing still (a slow walk is ~1 m/s).
STOPPED_SPEED_MPS = 0.5
# Elevation smoothing: centred moving average over this many seconds, then a
# hysteresis band: a climb or descent counts only once it exceeds the band, so
# that GPS/barometer jitter of a metre or two is not summed into the ascent.
ELEVATION_WINDOW_S = 30.0
ELEVATION_BAND_M = 2.0

ColumnData = Sequence[float | None] | np.ndarray


def _as_float(values: ColumnData, n: int) -> np.ndarray:
    if isinstance(values, np.ndarray) and values.dtype == np.float64:
        arr = values
    else:
        arr = np.array([np.nan if v is None else v for v in values], dtype=np.float64)
    if arr.shape != (n,):
        raise ValueError(f"sample column has {arr.shape} values, expected {n}")
    return arr


def build_samples(
    columns: Mapping[str, ColumnData], extra: Sequence[str] = (), *, owned: bool = False
) -> dict[str, np.ndarray]:
    """Canonical sample arrays from raw columns (lists with None or arrays).

    Every column of ``SAMPLE_COLUMNS`` is present, float64, NaN where unknown;
    rows without a finite time are dropped; rows are sorted by time (stable) and a
    row whose time equals the previous row's is dropped (chained FIT copies,
    duplicated trackpoints). Non-finite values become NaN. The ``extra``
    columns (e.g. a GPX segment number) are carried along in the same order.
    ``owned``: the caller gives its arrays up (they may be returned, and changed in place, instead of copied).
    """
    if "time_s" not in columns:
        raise ValueError("time_s is required")
    n = len(columns["time_s"])
    names = (*SAMPLE_COLUMNS, *(e for e in extra if e in columns))
    out = {name: _as_float(columns[name], n) if name in columns else np.full(n, np.nan) for name in names}
    for arr in out.values():
        arr[~np.isfinite(arr)] = np.nan
    t = out["time_s"]
    if n == 0 or (np.isfinite(t[0]) and (np.diff(t) > 0).all()):  # every time known and later (most files)
        return {name: arr.copy() if not owned and arr is columns.get(name) else arr for name, arr in out.items()}
    keep = np.isfinite(t)
    order = np.argsort(t[keep], kind="stable")
    idx = np.flatnonzero(keep)[order]
    t = t[idx]
    if len(t) > 1:
        first = np.concatenate(([True], np.diff(t) > 0))
        idx = idx[first]
    return {name: np.ascontiguousarray(arr[idx]) for name, arr in out.items()}


def step_distances_m(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Distance (m) on the WGS84 ellipsoid between consecutive points; NaN where a point is unknown.

    Uses the ellipsoid's meridional (M) and prime-vertical (N) radii of curvature
    at each step's mid-latitude: d = hypot(M dphi, N cos(phi) dlambda). For the
    steps of a recorded track (metres to hundreds of metres) this equals the
    geodesic to well under a millimetre per step.
    """
    if len(lat) < 2:
        return np.zeros(0)
    phi = np.radians(lat)
    lam = np.radians(lon)
    dphi = np.diff(phi)
    dlam = (np.diff(lam) + np.pi) % (2 * np.pi) - np.pi
    phi_m = (phi[1:] + phi[:-1]) / 2
    s2 = np.sin(phi_m) ** 2
    w = np.sqrt(1 - _WGS84_E2 * s2)
    n_radius = _WGS84_A / w
    m_radius = _WGS84_A * (1 - _WGS84_E2) / w**3
    return np.hypot(m_radius * dphi, n_radius * np.cos(phi_m) * dlam)


# The largest radius of curvature of the WGS84 ellipsoid (meridional and prime-vertical, both at the poles).
_MAX_RADIUS_M = _WGS84_A / np.sqrt(1 - _WGS84_E2)


def step_distance_bounds_m(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """An upper bound of each :func:`step_distances_m`, without trigonometry per step (a quick "none is far").

    Each radius is at most ``_MAX_RADIUS_M``, cos(mid-latitude) at most that of the
    track's latitude nearest the equator, and hypot(x, y) <= |x| + |y|.
    """
    if len(lat) < 2:
        return np.zeros(0)
    dlam = (np.diff(lon) + 180.0) % 360.0 - 180.0
    widest = np.cos(np.radians(min(float(np.abs(lat).min()), 90.0)))
    return (np.abs(np.diff(lat)) + widest * np.abs(dlam)) * (np.pi / 180.0 * _MAX_RADIUS_M * (1 + 1e-9))


def cumulative_distance_m(lat: np.ndarray, lon: np.ndarray, breaks: np.ndarray | None = None) -> np.ndarray:
    """Cumulative geodesic distance along a track, starting at 0.

    Samples without a position are skipped (the step runs between the known
    positions on either side) and carry the distance reached so far. ``breaks``
    (bool per sample) marks samples that start a new track segment: the step
    into the segment's first known position is not counted (the device was
    paused between segments).
    """
    n = len(lat)
    out = np.zeros(n)
    known = np.flatnonzero(np.isfinite(lat) & np.isfinite(lon))
    if len(known) < 2:
        return out
    steps = step_distances_m(lat[known], lon[known])
    if breaks is not None:
        segment = np.cumsum(breaks.astype(np.int64))
        steps = np.where(segment[known[1:]] != segment[known[:-1]], 0.0, steps)
    at_known = np.concatenate(([0.0], np.cumsum(steps)))
    # each sample takes the distance of the last known position at or before it
    pos = np.searchsorted(known, np.arange(n), side="right") - 1
    out = np.where(pos >= 0, at_known[np.maximum(pos, 0)], 0.0)
    return out


def derive_speed_mps(time_s: np.ndarray, distance_m: np.ndarray) -> np.ndarray:
    """Speed at each sample from the step that ends there; NaN at the start and across pauses.

    The one home of speed from distance (with :func:`step_distances_m` for the distance between points).
    """
    speed = np.full(len(time_s), np.nan)
    if len(time_s) < 2:
        return speed
    dt = np.diff(time_s)
    dd = np.diff(distance_m)
    ok = (dt > 0) & (dt <= PAUSE_GAP_S) & np.isfinite(dd) & (dd >= 0)
    speed[1:][ok] = dd[ok] / dt[ok]
    return speed


def moving_time_s(time_s: np.ndarray, distance_m: np.ndarray) -> float | None:
    """Seconds spent moving: steps no longer than PAUSE_GAP_S and (when distance is known) faster than a stand-still."""
    if len(time_s) < 2:
        return None
    dt = np.diff(time_s)
    moving = (dt > 0) & (dt <= PAUSE_GAP_S)
    dd = np.diff(distance_m)
    known = np.isfinite(dd)
    if known.any():
        moving &= known & (dd >= STOPPED_SPEED_MPS * dt)
    return float(dt[moving].sum())


def smooth_elevation(time_s: np.ndarray, altitude_m: np.ndarray, window_s: float = ELEVATION_WINDOW_S) -> np.ndarray:
    """Centred moving average of the known altitudes over ``window_s`` seconds (time-based, irregular sampling)."""
    ok = np.isfinite(altitude_m) & np.isfinite(time_s)
    t = time_s[ok]
    z = altitude_m[ok]
    if len(z) == 0:
        return z
    half = window_s / 2
    lo = np.searchsorted(t, t - half, side="left")
    hi = np.searchsorted(t, t + half, side="right")
    csum = np.concatenate(([0.0], np.cumsum(z)))
    return (csum[hi] - csum[lo]) / (hi - lo)


def ascent_descent_m(elevation: np.ndarray, band_m: float = ELEVATION_BAND_M) -> tuple[float, float]:
    """Total ascent and descent of a (smoothed) elevation profile with a hysteresis band.

    The reference level moves with the profile; a change is counted only once
    it exceeds ``band_m`` from the last turning point, then counted in full.
    """
    ascent = descent = 0.0
    if len(elevation) == 0:
        return ascent, descent
    ref = float(elevation[0])
    direction = 0  # +1 climbing, -1 descending, 0 undecided
    for z in elevation[1:].tolist():
        if direction >= 0 and z > ref:
            if direction == 1 or z - ref > band_m:
                ascent += z - ref
                ref = z
                direction = 1
        elif direction <= 0 and z < ref:
            if direction == -1 or ref - z > band_m:
                descent += ref - z
                ref = z
                direction = -1
        elif direction == 1 and ref - z > band_m:
            descent += ref - z
            ref = z
            direction = -1
        elif direction == -1 and z - ref > band_m:
            ascent += z - ref
            ref = z
            direction = 1
    return ascent, descent


def elevation_totals(time_s: np.ndarray, altitude_m: np.ndarray) -> tuple[float | None, float | None]:
    """Ascent and descent (m) from smoothed elevation; (None, None) without altitude."""
    if not np.isfinite(altitude_m).any():
        return None, None
    up, down = ascent_descent_m(smooth_elevation(time_s, altitude_m))
    return up, down


def positive_mean(values: np.ndarray) -> float | None:
    """Mean of the finite values above 0 (heart rate, cadence: 0 means "no reading"), or None."""
    v = values[np.isfinite(values) & (values > 0)]
    return float(v.mean()) if len(v) else None


def positive_max(values: np.ndarray) -> float | None:
    v = values[np.isfinite(values) & (values > 0)]
    return float(v.max()) if len(v) else None


def last_finite(values: np.ndarray) -> float | None:
    v = values[np.isfinite(values)]
    return float(v[-1]) if len(v) else None


def total_distance_m(distance_m: np.ndarray) -> float | None:
    """Distance covered according to a cumulative distance column (its largest value), None if unknown or 0."""
    v = distance_m[np.isfinite(distance_m)]
    if len(v) == 0:
        return None
    total = float(v.max())
    return total if total > 0 else None


def median_moving_speed(speed_mps: np.ndarray) -> float | None:
    v = speed_mps[np.isfinite(speed_mps) & (speed_mps >= STOPPED_SPEED_MPS)]
    return float(np.median(v)) if len(v) else None
