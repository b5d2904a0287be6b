"""Plausibility at the boundary: every date, range and glitch checked once, for every format.

Public: :func:`check_start`, :func:`to_utc`, :func:`clean_samples`,
:func:`check_totals` and the counters' names (:data:`KINDS`). ``summary.assemble``
calls them for every reader, so a FIT, GPX or TCX file meets the same rules;
the limits live in ``knowledge/ingest.yaml`` (see ``limits``).

- A start time outside [1980-01-01, now + 1 day], a UTC offset beyond +-14 h,
  an elapsed time of zero or longer than the limit (7 days), an average speed
  beyond the sport's limit: the file is refused with the reason and the limit.
- Glitches in the samples are dropped (set to NaN, or the row removed for a
  stray timestamp) and counted per kind: :data:`KINDS`. The summary is then
  computed from the cleaned stream.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import numpy as np

from ..domain import SPORTS
from ..errors import ImportFailed, Text
from . import samples as S
from .limits import limits, max_speed_mps

# What clean_samples may drop, as named in the import result's "cleaned".
KINDS: tuple[str, ...] = (
    "stray_times",  # rows whose time is far from the rest of the activity (removed)
    "off_earth",  # positions beyond +-90 latitude or +-180 longitude
    "null_island",  # positions at 0,0 (a receiver without a fix)
    "gps_jumps",  # positions that jump faster than the sport allows and back
    "heart_rate",  # heart rate outside 25-250 bpm
    "cadence",  # cadence outside 0-260 spm
    "altitude",  # altitude outside -500..9000 m
    "speed",  # a speed value beyond the sport's limit
)

MAX_UTC_OFFSET = timedelta(hours=14)  # the widest time zones are UTC-12 and UTC+14
# GPS jumps: at most this many consecutive points are dropped as one glitch
# (a longer excursion is left alone: it may be real).
_MAX_GLITCH_RUN = 5
_MAX_PASSES = 8


def _earliest() -> datetime:
    d = limits().dates.earliest.value
    return datetime(d.year, d.month, d.day, tzinfo=UTC)


def _latest(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)) + timedelta(days=limits().dates.future_days.value)


def to_utc(moment: datetime, now: datetime | None = None) -> datetime | None:
    """``moment`` in UTC (naive means UTC), or None when it is impossible (outside the accepted dates)."""
    offset = moment.utcoffset()
    if offset is not None and abs(offset) > MAX_UTC_OFFSET:
        return None
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    if not (_earliest() <= aware <= _latest(now)):
        return None
    return aware.astimezone(UTC)


def check_start(name: str, start: datetime, now: datetime | None = None) -> None:
    """Refuse an activity whose start time or UTC offset is impossible."""
    offset = start.utcoffset()
    if offset is not None and abs(offset) > MAX_UTC_OFFSET:
        raise ImportFailed(name, "errors.plausible.offset", offset=str(offset))
    aware = start if start.tzinfo else start.replace(tzinfo=UTC)
    earliest = _earliest()
    if aware < earliest:
        before = earliest.date().isoformat()
        raise ImportFailed(name, "errors.plausible.too_early", start=start.isoformat(), before=before)
    if aware > _latest(now):
        raise ImportFailed(name, "errors.plausible.future", start=start.isoformat())


def _drop_stray_times(smp: dict[str, np.ndarray], counts: Counter[str]) -> float:
    """Keep the largest group of samples without a gap longer than the stray limit; the shift of the start (s)."""
    t = smp["time_s"]
    if len(t) == 0:
        return 0.0
    gap = limits().activity.stray_gap_s.value
    group = np.concatenate(([0], np.cumsum(np.diff(t) > gap)))
    shift = 0.0
    if group[-1] > 0:
        sizes = np.bincount(group)
        keep = group == int(np.argmax(sizes))  # the largest group; the earliest on a tie
        counts["stray_times"] += int((~keep).sum())
        for key in smp:
            smp[key] = np.ascontiguousarray(smp[key][keep])
        t = smp["time_s"]
        shift = float(t[0]) if not keep[0] else 0.0
    if abs(float(t[0]) - shift) > gap:  # the stated start is itself far from every sample
        shift = float(t[0])
    if shift:
        smp["time_s"] = t - shift
    return shift


def _out_of_range(values: np.ndarray, lo: float, hi: float, *, zero_ok: bool) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        bad = np.isfinite(values) & ((values < lo) | (values > hi))
    if zero_ok:
        bad &= values != 0  # 0 is the device's "no reading"
    return bad


def _gps_glitches(t: np.ndarray, lat: np.ndarray, lon: np.ndarray, limit: float) -> np.ndarray:
    """Indices of positions that jump away faster than ``limit`` and come back (runs of up to 5 points).

    A step is too fast when it is longer than ``limit`` times its duration plus
    the GPS slack (two fixes each a few metres off; and some files' clocks put
    two fixes a millisecond apart).
    """
    dropped: list[int] = []
    lat, lon = lat.copy(), lon.copy()
    slack = limits().samples.gps_slack_m.value
    for _ in range(_MAX_PASSES):
        known = np.flatnonzero(np.isfinite(lat) & np.isfinite(lon))
        m = len(known)
        if m < 3:
            break
        allowed = limit * np.diff(t[known]) + slack
        if (S.step_distance_bounds_m(lat[known], lon[known]) <= allowed).all():
            break  # no step can be too fast: the exact distances are not needed
        steps = S.step_distances_m(lat[known], lon[known])
        fast = steps > allowed
        if not fast.any():
            break
        found: list[int] = []
        fast_at = np.flatnonzero(fast)
        for i in fast_at.tolist():
            if found and known[i] <= found[-1]:
                continue
            # a glitch of points i+1..k: entered by fast step i, left by fast step k, bridged plausibly i -> k+1
            for k in fast_at[(fast_at > i) & (fast_at <= i + _MAX_GLITCH_RUN)].tolist():
                a, b = known[i], known[k + 1]
                bridge = S.step_distances_m(lat[[a, b]], lon[[a, b]])[0]
                if bridge <= limit * (t[b] - t[a]) + slack:
                    found.extend(known[i + 1 : k + 1].tolist())
                    break
        first, last = int(fast_at[0]), int(fast_at[-1])
        if not found and first < _MAX_GLITCH_RUN and not fast[first + 1 :].any():
            found = known[: first + 1].tolist()  # a glitch at the start: everything after it agrees
        elif not found and m - 2 - last < _MAX_GLITCH_RUN and not fast[:last].any():
            found = known[last + 1 :].tolist()  # a glitch at the end
        if not found:
            break
        lat[found] = np.nan
        lon[found] = np.nan
        dropped.extend(found)
    return np.array(sorted(dropped), dtype=np.int64)


def clean_positions(smp: dict[str, np.ndarray]) -> dict[str, int]:
    """Positions off the Earth (|lat| > 90, |lon| > 180) or at 0,0 dropped in place; the counts per kind.

    Run first: nothing (not even a provisional speed) is computed from such a position.
    """
    lat, lon = smp["lat"], smp["lon"]
    eps = limits().samples.null_island_deg.value
    out: dict[str, int] = {}
    with np.errstate(invalid="ignore"):
        off = (np.abs(lat) > 90) | (np.abs(lon) > 180)
        island = (np.abs(lat) < eps) & (np.abs(lon) < eps)
    for kind, bad in (("off_earth", off), ("null_island", island)):
        if bad.any():
            out[kind] = int(bad.sum())
            lat[bad] = np.nan
            lon[bad] = np.nan
    return out


def clean_samples(smp: dict[str, np.ndarray], sport: str | None) -> tuple[float, dict[str, int]]:
    """Drop glitches from canonical samples in place; the shift of the start (s) and the counts per kind.

    Run before the summary is computed, after :func:`clean_positions`. ``sport`` (known or provisionally
    inferred) picks the speed limit. Cadence is checked apart
    (:func:`clean_cadence`), once it is in steps per minute.
    """
    counts: Counter[str] = Counter()
    shift = _drop_stray_times(smp, counts)
    lim = limits().samples
    for key, kind, rng, zero_ok in (
        ("heart_rate", "heart_rate", lim.heart_rate, True),
        ("altitude_m", "altitude", lim.altitude_m, False),
    ):
        bad = _out_of_range(smp[key], rng.min, rng.max, zero_ok=zero_ok)
        if bad.any():
            counts[kind] += int(bad.sum())
            smp[key][bad] = np.nan
    lat, lon = smp["lat"], smp["lon"]
    limit = max_speed_mps(sport)
    glitches = _gps_glitches(smp["time_s"], lat, lon, limit)
    if len(glitches):
        counts["gps_jumps"] += len(glitches)
        lat[glitches] = np.nan
        lon[glitches] = np.nan
    fast = _out_of_range(smp["speed_mps"], 0.0, limit, zero_ok=False)
    if fast.any():
        counts["speed"] += int(fast.sum())
        smp["speed_mps"][fast] = np.nan
    return shift, {k: counts[k] for k in KINDS if counts[k]}


def clean_cadence(cadence_spm: np.ndarray) -> int:
    """Drop step rates outside the range in place (after a per-foot cadence was doubled); how many."""
    rng = limits().samples.cadence_spm
    bad = _out_of_range(cadence_spm, rng.min, rng.max, zero_ok=False)
    cadence_spm[bad] = np.nan
    return int(bad.sum())


def plausible_elapsed(value: float | None) -> float | None:
    """A stated elapsed/moving time if it is within (0, limit], else None (then computed from the samples)."""
    if value is None or not 0 < value <= limits().activity.max_elapsed_s.value:
        return None
    return value


def plausible_hr(value: float | None) -> float | None:
    rng = limits().samples.heart_rate
    return value if value is not None and rng.min <= value <= rng.max else None


def plausible_cadence(value: float | None) -> float | None:
    rng = limits().samples.cadence_spm
    return value if value is not None and rng.min <= value <= rng.max else None


def _duration(seconds: float) -> Text:
    if seconds >= 2 * 86400:
        days = seconds / 86400
        return Text("errors.duration.years", n=days / 365.25) if days >= 730 else Text("errors.duration.days", n=days)
    return Text("errors.duration.hours", n=seconds / 3600)


def check_totals(name: str, sport: str, elapsed_s: float | None, distance_m: float | None) -> None:
    """Refuse an activity without duration, longer than the limit, or faster than its sport allows."""
    max_elapsed = limits().activity.max_elapsed_s.value
    if elapsed_s is not None and elapsed_s <= 0:
        raise ImportFailed(name, "errors.plausible.zero")
    if elapsed_s is not None and elapsed_s > max_elapsed:
        shown, most = _duration(elapsed_s), _duration(max_elapsed)
        raise ImportFailed(name, "errors.plausible.too_long", elapsed=shown, most=most)
    limit = max_speed_mps(sport)
    if elapsed_s and distance_m and distance_m / elapsed_s > limit:
        raise ImportFailed(
            name,
            "errors.plausible.too_fast",
            km=f"{distance_m / 1000:.1f}",
            elapsed=_duration(elapsed_s),
            limit=f"{limit:g}",
            sport=Text(f"cli.sport.{sport}") if sport in SPORTS else sport,
        )
