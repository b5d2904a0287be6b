"""Wellness as context: what the latest days of sleep, resting heart rate and HRV say against the runner's own norm.

Pure functions over daily values (no database, no clock). :func:`series` picks, per value,
one source (the one with the most days: a trend is read from one device, never from two
devices mixed), :func:`notes` compares the latest ``recent_days`` ending on a day with the
``baseline_days`` before them (thresholds and sources in ``knowledge/wellness.yaml``):

- ``resting_hr_up``: the recent mean is at least ``resting_hr_rise_bpm`` above the baseline mean;
- ``short_sleep``: the recent nights average less than ``short_sleep_h``;
- ``hrv_down``: the recent mean of ln(HRV) is below the baseline mean of ln(HRV) by more than
  ``hrv_drop_sd`` baseline standard deviations (SDNN or RMSSD, whichever the runner's device gives).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import Any

from .. import knowledge
from ..domain import WellnessDay
from ..knowledge.models import Number, Strict

METRICS: tuple[str, ...] = ("sleep_h", "resting_hr", "hrv")  # "hrv": SDNN or RMSSD, one per runner


class WellnessFile(Strict):
    """``knowledge/wellness.yaml``."""

    recent_days: Number
    baseline_days: Number
    min_recent_days: Number
    min_baseline_days: Number
    resting_hr_rise_bpm: Number
    short_sleep_h: Number
    hrv_drop_sd: Number
    spike_recent_days: Number


@cache
def thresholds() -> WellnessFile:
    return knowledge.validated(WellnessFile, "wellness.yaml")


@dataclass(frozen=True)
class Series:
    """Per metric: the source it is read from and its value per day."""

    values: dict[str, dict[date, float]] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    hrv_kind: str | None = None  # "sdnn" or "rmssd"


def series(days: Iterable[WellnessDay]) -> Series:
    rows = list(days)
    values: dict[str, dict[date, float]] = {}
    sources: dict[str, str] = {}
    hrv_kind = None
    for metric in METRICS:
        fields = ("hrv_sdnn_ms", "hrv_rmssd_ms") if metric == "hrv" else (metric,)
        counts: Counter[tuple[str, str]] = Counter()
        for d in rows:
            for f in fields:
                if getattr(d, f) is not None:
                    counts[(d.source, f)] += 1
        if not counts:
            continue
        (source, chosen), _n = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
        values[metric] = {
            d.day: float(getattr(d, chosen)) for d in rows if d.source == source and getattr(d, chosen) is not None
        }
        sources[metric] = source
        if metric == "hrv":
            hrv_kind = "sdnn" if chosen == "hrv_sdnn_ms" else "rmssd"
    return Series(values, sources, hrv_kind)


@dataclass(frozen=True)
class Note:
    """One thing worth saying, with its numbers, its text id and its source."""

    id: str
    recent: float
    baseline: float | None
    days: int
    source: str
    text_id: str
    values: dict[str, Any]

    def to_dict(self, text: str) -> dict[str, Any]:
        return {
            "id": self.id,
            "recent": round(self.recent, 2),
            "baseline": None if self.baseline is None else round(self.baseline, 2),
            "days": self.days,
            "text": text,
            "source": self.source,
        }


def _window(values: dict[date, float], first: date, last: date) -> list[float]:
    out = []
    d = first
    while d <= last:
        if d in values:
            out.append(values[d])
        d += timedelta(days=1)
    return out


def _mean(xs: list[float]) -> float:
    return sum(xs) / len(xs)


def _sd(xs: list[float]) -> float:
    m = _mean(xs)
    return math.sqrt(sum((x - m) ** 2 for x in xs) / len(xs))


def notes(s: Series, day: date, th: WellnessFile | None = None) -> list[Note]:
    """What the ``recent_days`` ending on ``day`` say against the ``baseline_days`` before them."""
    return reading(s, day, th)[0]


def reading(s: Series, day: date, th: WellnessFile | None = None) -> tuple[list[Note], list[str]]:
    """:func:`notes`, and the metrics there was enough data to check (an empty list: nothing could be said)."""
    t = th or thresholds()
    recent_n, base_n = int(t.recent_days.value), int(t.baseline_days.value)
    first_recent = day - timedelta(days=recent_n - 1)
    base_last = first_recent - timedelta(days=1)
    base_first = base_last - timedelta(days=base_n - 1)
    min_recent, min_base = int(t.min_recent_days.value), int(t.min_baseline_days.value)
    out: list[Note] = []
    checked: list[str] = []

    rhr = s.values.get("resting_hr", {})
    recent, base = _window(rhr, first_recent, day), _window(rhr, base_first, base_last)
    if len(recent) >= min_recent and len(base) >= min_base:
        checked.append("resting_hr")
        rise = _mean(recent) - _mean(base)
        if rise >= t.resting_hr_rise_bpm.value:
            vals = {"recent": _mean(recent), "rise": rise, "baseline": _mean(base), "days": recent_n}
            out.append(
                Note(
                    "resting_hr_up",
                    _mean(recent),
                    _mean(base),
                    len(recent),
                    t.resting_hr_rise_bpm.source,
                    "wellness.resting_hr_up",
                    vals,
                )
            )

    sleep = _window(s.values.get("sleep_h", {}), first_recent, day)
    if len(sleep) >= min_recent:
        checked.append("sleep_h")
    if len(sleep) >= min_recent and _mean(sleep) < t.short_sleep_h.value:
        vals = {"hours": _mean(sleep), "days": recent_n}
        out.append(
            Note("short_sleep", _mean(sleep), None, len(sleep), t.short_sleep_h.source, "wellness.short_sleep", vals)
        )

    hrv = s.values.get("hrv", {})
    recent = [v for v in _window(hrv, first_recent, day) if v > 0]
    base = [v for v in _window(hrv, base_first, base_last) if v > 0]
    if len(recent) >= min_recent and len(base) >= min_base:
        checked.append("hrv")
        ln_recent = _mean([math.log(v) for v in recent])
        ln_base = [math.log(v) for v in base]
        if ln_recent < _mean(ln_base) - t.hrv_drop_sd.value * _sd(ln_base):
            now, usual = math.exp(ln_recent), math.exp(_mean(ln_base))
            vals = {"recent": now, "baseline": usual, "drop": (1 - now / usual) * 100, "days": recent_n}
            out.append(Note("hrv_down", now, usual, len(recent), t.hrv_drop_sd.source, "wellness.hrv_down", vals))
    return out, checked


def latest(s: Series, day: date, within_days: int = 3) -> dict[str, dict[str, Any] | None]:
    """Per metric, the latest value on or before ``day`` (at most ``within_days`` old) and its usual.

    The usual is the mean of the same baseline :func:`notes` compares with: the ``baseline_days``
    before the latest ``recent_days``.
    """
    t = thresholds()
    recent_n, base_n = int(t.recent_days.value), int(t.baseline_days.value)
    base_last = day - timedelta(days=recent_n)
    base_first = base_last - timedelta(days=base_n - 1)
    out: dict[str, dict[str, Any] | None] = {}
    for metric in METRICS:
        values = s.values.get(metric, {})
        found = next((day - timedelta(days=b) for b in range(within_days) if day - timedelta(days=b) in values), None)
        if found is None:
            out[metric] = None
            continue
        base = _window(values, base_first, base_last)
        out[metric] = {
            "date": found.isoformat(),
            "value": round(values[found], 2),
            "usual": round(_mean(base), 2) if base else None,
            "source": s.sources.get(metric),
        }
    return out
