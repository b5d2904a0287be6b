"""Turn what a reader collected (file totals + raw columns) into a ParsedActivity.

The rule everywhere: a total the file states (FIT session/lap, TCX lap) wins;
otherwise it is computed from the samples; otherwise it is ``None`` (never 0).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from ..domain import ParsedActivity
from ..errors import ImportFailed
from . import samples as S
from .sports import FOOT_SPORTS, infer_sport


@dataclass
class Totals:
    """Summary values as the file states them; None where it does not."""

    distance_m: float | None = None
    elapsed_s: float | None = None
    moving_s: float | None = None
    ascent_m: float | None = None
    descent_m: float | None = None
    avg_hr: float | None = None
    max_hr: float | None = None
    avg_cadence: float | None = None  # in the file's own unit (see ``cadence_per_foot``)


def _clean(value: float | None) -> float | None:
    if value is None:
        return None
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) and v >= 0 else None


def _positive(value: float | None) -> float | None:
    """Heart rate and cadence: 0 means "no reading"."""
    v = _clean(value)
    return v if v else None


def assemble(
    *,
    name: str,
    source_format: str,
    start_time: datetime,
    tz_known: bool,
    sport: str | None,
    columns: Mapping[str, S.ColumnData],
    totals: Totals,
    cadence_per_foot: bool,
    device: str | None,
) -> ParsedActivity:
    """Build the activity; ``cadence_per_foot`` says the file counts one foot (doubled for foot sports)."""
    smp = S.build_samples(columns)
    t = smp["time_s"]
    if len(t) == 0 and totals.elapsed_s is None and totals.distance_m is None:
        raise ImportFailed(name, "no samples and no summary: nothing to import")

    if not np.isfinite(smp["distance_m"]).any() and np.isfinite(smp["lat"]).any():
        smp["distance_m"] = S.cumulative_distance_m(smp["lat"], smp["lon"])
    if not np.isfinite(smp["speed_mps"]).any() and np.isfinite(smp["distance_m"]).any():
        smp["speed_mps"] = S.derive_speed_mps(t, smp["distance_m"])

    final_sport = sport or infer_sport(S.median_moving_speed(smp["speed_mps"]))

    avg_cadence = _positive(totals.avg_cadence)
    if final_sport in FOOT_SPORTS:
        if cadence_per_foot:
            smp["cadence_spm"] = smp["cadence_spm"] * 2.0
            avg_cadence = None if avg_cadence is None else avg_cadence * 2.0
    else:
        # Pedal or stroke rate is not a step rate: the column holds steps only.
        smp["cadence_spm"] = np.full(len(t), np.nan)
        avg_cadence = None

    def pick(stated: float | None, computed: float | None) -> float | None:
        s = _clean(stated)
        return s if s is not None else _clean(computed)

    distance = _clean(totals.distance_m)
    if not distance:  # a stated 0 (pool swim, indoor trainer) is "not measured"
        distance = S.total_distance_m(smp["distance_m"])
    ascent, descent = totals.ascent_m, totals.descent_m
    if ascent is None or descent is None:
        up, down = S.elevation_totals(t, smp["altitude_m"])
        ascent = ascent if ascent is not None else up
        descent = descent if descent is not None else down

    elapsed = pick(totals.elapsed_s, float(t.max()) if len(t) else None)
    moving = pick(totals.moving_s, S.moving_time_s(t, smp["distance_m"]))
    if moving is not None and elapsed is not None and moving > elapsed:
        moving = elapsed

    return ParsedActivity(
        start_time=start_time,
        sport=final_sport,
        source_format=source_format,
        distance_m=_clean(distance),
        elapsed_s=elapsed,
        moving_s=moving,
        ascent_m=_clean(ascent),
        descent_m=_clean(descent),
        avg_hr=_positive(totals.avg_hr) or S.positive_mean(smp["heart_rate"]),
        max_hr=_positive(totals.max_hr) or S.positive_max(smp["heart_rate"]),
        avg_cadence_spm=avg_cadence if avg_cadence else S.positive_mean(smp["cadence_spm"]),
        device=device,
        tz_known=tz_known,
        samples=smp,
    )
