"""Turn what a reader collected (file totals + raw columns) into a ParsedActivity.

The rule everywhere: a total the file states (FIT session/lap, TCX lap) wins;
otherwise it is computed from the samples; otherwise it is ``None`` (never 0).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from ..domain import ParsedActivity
from ..errors import ImportFailed
from . import plausible as P
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


def _start_plus(name: str, start: datetime, shift_s: float) -> datetime:
    try:
        return start + timedelta(seconds=shift_s)
    except OverflowError:
        raise ImportFailed(name, "errors.summary.out_of_range", start=start.isoformat()) from None


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
    untimed_distance_m: float = 0.0,
    dropped: Mapping[str, int] | None = None,
    columns_owned: bool = False,
) -> ParsedActivity:
    """Build the activity; ``cadence_per_foot`` says the file counts one foot (doubled for foot sports).

    ``columns`` may carry a ``segment`` number per sample (GPX track
    segments): the step into a new segment is a pause, not distance.
    ``untimed_distance_m``: track length the samples cannot carry (GPX
    segments without times), added to a distance computed from positions.
    ``dropped``: glitches the reader removed already (counted in ``cleaned``).
    ``columns_owned``: the reader gives its column arrays up (used as they are, not copied).
    Glitches are dropped first (``plausible``) and the summary comes from the
    cleaned samples; an impossible start, duration or speed refuses the file.
    """
    smp = S.build_samples(columns, extra=("segment",), owned=columns_owned)  # the segment goes along
    if len(smp["time_s"]) == 0 and totals.elapsed_s is None and totals.distance_m is None:
        raise ImportFailed(name, "errors.summary.nothing")

    early = P.clean_positions(smp)
    from_positions = not np.isfinite(smp["distance_m"]).any() and np.isfinite(smp["lat"]).any()
    own_speed = bool(np.isfinite(smp["speed_mps"]).any())

    def derived() -> dict[str, np.ndarray]:
        """Distance (when the file has none) and speed (likewise) from the positions as they are now."""
        out = dict(smp)
        segment = smp.get("segment")
        if from_positions:
            breaks = None if segment is None else np.concatenate(([True], np.diff(segment) != 0))
            out["distance_m"] = S.cumulative_distance_m(smp["lat"], smp["lon"], breaks)
        if not own_speed and np.isfinite(out["distance_m"]).any():
            out["speed_mps"] = S.derive_speed_mps(smp["time_s"], out["distance_m"])
        return out

    # the raw stream's median speed picks the sport's limits; then the glitches go and the rest is derived again
    provisional = sport or infer_sport(S.median_moving_speed(derived()["speed_mps"]))
    shift, cleaned = P.clean_samples(smp, provisional)
    cleaned = {**early, **cleaned}
    for kind, n in (dropped or {}).items():
        cleaned[kind] = cleaned.get(kind, 0) + n
    smp = derived()
    smp.pop("segment", None)
    if shift:
        start_time = _start_plus(name, start_time, shift)
    P.check_start(name, start_time)
    t = smp["time_s"]

    final_sport = sport or infer_sport(S.median_moving_speed(smp["speed_mps"]))

    avg_cadence = _positive(totals.avg_cadence)
    if final_sport in FOOT_SPORTS:
        if cadence_per_foot:
            smp["cadence_spm"] = smp["cadence_spm"] * 2.0
            avg_cadence = None if avg_cadence is None else avg_cadence * 2.0
        n_cadence = P.clean_cadence(smp["cadence_spm"])
        if n_cadence:
            cleaned["cadence"] = n_cadence
        avg_cadence = P.plausible_cadence(avg_cadence)
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
        if from_positions and untimed_distance_m > 0:
            distance = (distance or 0.0) + untimed_distance_m
    ascent, descent = totals.ascent_m, totals.descent_m
    if ascent is None or descent is None:
        up, down = S.elevation_totals(t, smp["altitude_m"])
        ascent = ascent if ascent is not None else up
        descent = descent if descent is not None else down

    elapsed = pick(P.plausible_elapsed(totals.elapsed_s), float(t.max()) if len(t) else None)
    moving = pick(P.plausible_elapsed(totals.moving_s), S.moving_time_s(t, smp["distance_m"]))
    if moving is not None and elapsed is not None and moving > elapsed:
        moving = elapsed
    P.check_totals(name, final_sport, elapsed, _clean(distance))

    return ParsedActivity(
        start_time=start_time,
        sport=final_sport,
        source_format=source_format,
        distance_m=_clean(distance),
        elapsed_s=elapsed,
        moving_s=moving,
        ascent_m=_clean(ascent),
        descent_m=_clean(descent),
        avg_hr=_positive(P.plausible_hr(totals.avg_hr)) or S.positive_mean(smp["heart_rate"]),
        max_hr=_positive(P.plausible_hr(totals.max_hr)) or S.positive_max(smp["heart_rate"]),
        avg_cadence_spm=avg_cadence if avg_cadence else S.positive_mean(smp["cadence_spm"]),
        device=device,
        tz_known=tz_known,
        samples=smp,
        cleaned=cleaned,
    )
