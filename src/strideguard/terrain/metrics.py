"""Per-activity terrain metrics from the sample stream (pure functions).

- Grades from smoothed elevation: altitude resampled every ``grid_m`` metres of
  distance, smoothed by a centred moving average over ``smooth_m`` metres; the
  grade of each grid step is rise / run.
- ``slope_share``: share of distance with |grade| > 5 %; ``downhill_share``:
  grade < -5 % (downhill loads the kneecap joint); ``uphill_share``.
- ``roughness_deg``: mean absolute change of heading per ``heading_step_m`` of
  track (winding trails turn constantly; roads turn at corners).
- ``rough_share``: 1.0 when the run counts as rough ground (trail sport, or
  roughness above ``rough_turn_deg``), 0.0 when not, NaN when unknown.
Parameters and their sources: ``knowledge/signals.yaml`` section ``terrain``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass

import numpy as np

from ..load.thresholds import param, section
from .track import along_track, haversine_steps, moving_average, on_grid

VERSION = "terrain-1"


@dataclass(frozen=True)
class TerrainMetrics:
    distance_m: float
    slope_share: float
    downhill_share: float
    uphill_share: float
    roughness_deg: float
    rough_share: float

    def to_dict(self) -> dict[str, float | None]:
        return {k: (None if not math.isfinite(v) else float(v)) for k, v in asdict(self).items()}


def grades(distance: np.ndarray, altitude: np.ndarray) -> np.ndarray:
    """Grade of each ``grid_m`` step of smoothed elevation (empty when not measurable)."""
    step = param("terrain", "grid_m")
    gridded = on_grid(distance, altitude, step)
    if gridded is None:
        return np.zeros(0)
    _, alt = gridded
    smooth = moving_average(alt, max(1, int(round(param("terrain", "smooth_m") / step))))
    return np.diff(smooth) / step


def _bearing(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    p1, p2 = np.radians(lat[:-1]), np.radians(lat[1:])
    dlon = np.radians(lon[1:] - lon[:-1])
    y = np.sin(dlon) * np.cos(p2)
    x = np.cos(p1) * np.sin(p2) - np.sin(p1) * np.cos(p2) * np.cos(dlon)
    return np.degrees(np.arctan2(y, x))


def roughness_deg(samples: Mapping[str, np.ndarray], distance: np.ndarray) -> float:
    """Mean absolute heading change (degrees) per ``heading_step_m`` of track; NaN without GPS."""
    lat, lon = samples.get("lat"), samples.get("lon")
    if lat is None or lon is None:
        return math.nan
    step = param("terrain", "heading_step_m")
    glat, glon = on_grid(distance, np.asarray(lat, float), step), on_grid(distance, np.asarray(lon, float), step)
    if glat is None or glon is None or glat[1].size < 3 or glon[1].size != glat[1].size:
        return math.nan
    la, lo = glat[1], glon[1]
    moved = haversine_steps(la, lo) > 0
    heading = _bearing(la, lo)[moved]
    if heading.size < 2:
        return math.nan
    turn = np.abs((np.diff(heading) + 180.0) % 360.0 - 180.0)
    return float(turn.mean())


def terrain_metrics(samples: Mapping[str, np.ndarray], sport: str | None = None) -> TerrainMetrics:
    """Terrain metrics of one activity's samples (see the module text)."""
    distance = along_track(samples)
    nan = math.nan
    rough_sport = sport in set(section("terrain").get("rough_sports", []))
    if distance is None:
        return TerrainMetrics(nan, nan, nan, nan, nan, 1.0 if rough_sport else nan)
    total = float(np.nanmax(distance) - np.nanmin(distance)) if np.isfinite(distance).any() else nan
    alt = samples.get("altitude_m")
    g = grades(distance, np.asarray(alt, float)) if alt is not None else np.zeros(0)
    limit = param("terrain", "slope_grade")
    if g.size:
        slope, down, up = float(np.mean(np.abs(g) > limit)), float(np.mean(g < -limit)), float(np.mean(g > limit))
    else:
        slope = down = up = nan
    rough = roughness_deg(samples, distance)
    if rough_sport:
        rough_share = 1.0
    elif math.isfinite(rough):
        rough_share = 1.0 if rough >= param("terrain", "rough_turn_deg") else 0.0
    else:
        rough_share = nan
    return TerrainMetrics(total, slope, down, up, rough, rough_share)
