"""The runner's own baseline and the weekly targets built from it (DESIGN.md section 7).

Pure functions over a :class:`History`. The baseline is the runner's usual week over
the last weeks that hold running (``knowledge/plan/rules.yaml`` ``baseline``): the
median weekly distance and time, runs per week and weekly longest run, and the
median pace of their running days. Medians make it robust to a missed week or a
one-off race. After a break the weeks before the break are measured.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from ..load.series import median
from . import library
from .model import History

WEEK = 7
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class Baseline:
    end: date  # last day of the measured weeks (today, or the last run before a break)
    weeks_km: tuple[float, ...]  # each 7-day block's km, most recent first
    week_km: float
    week_min: float
    runs_per_week: int
    long_run_km: float  # the usual longest run of a week
    pace_min_per_km: float
    break_days: int  # days without a run before today (0 when the runner ran today)
    run_weekdays: tuple[int, ...] = ()  # the usual running days (date.weekday(): 0 Monday), as many as the usual runs
    long_run_weekday: int | None = None  # the day of the week the week's longest run usually falls on

    @property
    def easy_run_km(self) -> float:
        """The usual other runs of a week (its distance less the long run, shared)."""
        if self.runs_per_week <= 1:
            return self.week_km
        return max(self.week_km - self.long_run_km, 0.0) / (self.runs_per_week - 1)

    @property
    def has_long_run(self) -> bool:
        margin = library.number("baseline", "long_run_margin")
        return self.runs_per_week >= 2 and self.long_run_km >= self.easy_run_km * margin

    @property
    def building_weeks(self) -> int:
        """Completed weeks in a row, up to the latest, each at least ``build_step`` above the one before."""
        step = library.number("baseline", "build_step")
        count = 0
        for newer, older in zip(self.weeks_km, self.weeks_km[1:], strict=False):
            if older > 0 and newer >= older * (1 + step):
                count += 1
            else:
                break
        return count

    def to_dict(self) -> dict[str, object]:
        return {
            "end": self.end.isoformat(),
            "week_km": round(self.week_km, 1),
            "week_min": round(self.week_min),
            "runs_per_week": self.runs_per_week,
            "long_run_km": round(self.long_run_km, 1),
            "easy_run_km": round(self.easy_run_km, 1),
            "pace_min_per_km": round(self.pace_min_per_km, 2),
            "break_days": self.break_days,
            "weeks_km": [round(w, 1) for w in self.weeks_km],
            "run_weekdays": [_WEEKDAYS[d] for d in self.run_weekdays],
            "long_run_weekday": None if self.long_run_weekday is None else _WEEKDAYS[self.long_run_weekday],
        }


def _block(values: np.ndarray, lo: int, hi: int) -> np.ndarray:
    return values[max(lo, 0) : hi + 1] if hi >= 0 else values[:0]


def usual_days(history: History, first: int, end: int, runs: int) -> tuple[tuple[int, ...], int | None]:
    """The ``runs`` weekdays run most often in days ``first..end`` and the weekday of the weeks' longest runs.

    Days of the week (``date.weekday()``) ranked by how many weeks had a run on them, then by
    distance; the long-run day by how many weeks had their longest run on it. It is always one
    of the usual days. A coach keeps the days a runner can train on: planning the same days each
    week also keeps every 7 days holding the same runs, so the weekly caps see the real change.
    """
    km = history.distance_km
    weeks_on, km_on, long_on = [0] * WEEK, [0.0] * WEEK, [0] * WEEK
    base = history.first_day.weekday()
    for hi in range(end, first - 1, -WEEK):
        lo = max(hi - WEEK + 1, first)
        block = km[lo : hi + 1]
        for j in np.flatnonzero(block > 0):
            wd = (base + lo + int(j)) % WEEK
            weeks_on[wd] += 1
            km_on[wd] += float(block[j])
        if block.size and block.max() > 0:
            long_on[(base + lo + int(np.argmax(block))) % WEEK] += 1
    ranked = sorted((wd for wd in range(WEEK) if weeks_on[wd]), key=lambda wd: (-weeks_on[wd], -km_on[wd], wd))
    chosen = ranked[:runs]
    long_day = max(range(WEEK), key=lambda wd: (long_on[wd], km_on[wd])) if any(long_on) else None
    if long_day is not None and long_day not in chosen and chosen:
        chosen[-1] = long_day
    return tuple(sorted(chosen)), long_day


def baseline(history: History, today: date, default_pace: float) -> Baseline | None:
    """The usual week, or None without enough running (the seed's base dose applies then)."""
    ti = history.index(today)
    if ti < 0:
        return None
    km = history.distance_km[: ti + 1]
    ran = np.flatnonzero(km > 0)
    if not ran.size:
        return None
    last = int(ran[-1])
    gap = ti - last
    if gap > library.number("baseline", "max_break_days"):
        return None
    end = last if gap >= library.number("baseline", "break_days") else ti
    minutes = history.duration_min[: ti + 1] if history.duration_min is not None else None
    counts = history.run_counts()[: ti + 1]
    longest = history.longest_km[: ti + 1]
    weeks: list[tuple[float, float, float, float]] = []  # km, minutes, runs, longest
    for k in range(int(library.number("baseline", "weeks"))):
        hi, lo = end - WEEK * k, end - WEEK * (k + 1) + 1
        block = _block(km, lo, hi)
        weeks.append(
            (
                float(block.sum()),
                float(_block(minutes, lo, hi).sum()) if minutes is not None else 0.0,
                float(_block(counts, lo, hi).sum()),
                float(_block(longest, lo, hi).max()) if block.size else 0.0,
            )
        )
    running = [w for w in weeks if w[0] > 0]
    if len(running) < library.number("baseline", "min_running_weeks"):
        return None
    week_km = median([w[0] for w in running])
    window = slice(max(end - WEEK * len(weeks) + 1, 0), end + 1)
    day_km = km[window]
    day_min = minutes[window] if minutes is not None else None
    timed = (day_km > 0) & (day_min > 0) if day_min is not None else np.zeros(len(day_km), dtype=bool)
    pace = median(day_min[timed] / day_km[timed]) if day_min is not None and timed.any() else default_pace
    week_min = median([w[1] for w in running]) if day_min is not None and timed.any() else week_km * pace
    runs_per_week = int(min(7, max(1, round(median([w[2] for w in running])))))
    weekdays, long_day = usual_days(history, window.start, end, runs_per_week)
    return Baseline(
        end=history.first_day + timedelta(days=end),
        weeks_km=tuple(w[0] for w in weeks),
        week_km=week_km,
        week_min=week_min,
        runs_per_week=runs_per_week,
        long_run_km=median([w[3] for w in running]),
        pace_min_per_km=pace,
        break_days=gap,
        run_weekdays=weekdays,
        long_run_weekday=long_day,
    )


@dataclass(frozen=True)
class WeekTarget:
    km: float
    reason: str  # locale text id
    source: str
    factor: float = 1.0


def restart_factor(break_days: int) -> tuple[float, str]:
    """How far below the usual week to restart after ``break_days`` without running (1.0: no break)."""
    factor, source = 1.0, ""
    for step in library.rules()["baseline"]["restart"]:
        if break_days >= int(step["min_days"]):
            factor, source = float(step["factor"]), library.check_source(step["source"], "baseline.restart")
    return factor, source


def week_targets(
    b: Baseline, last7_km: float, previous7_km: float, weeks: int, max_rise: float = math.inf
) -> list[WeekTarget]:
    """The planned distance of each coming 7-day block, with the reason for the first.

    ``max_rise``: the most a week may rise over the one before (the weekly cap, 0.10): the week
    after a lighter week comes back by at most that much, not straight to the building level.
    """
    progression = library.number("baseline", "progression")
    factor, source = restart_factor(b.break_days)
    jump = 1 + library.number("baseline", "spike_week")
    if factor < 1.0:
        first = WeekTarget(b.week_km * factor, "plan.week.after_break", source, factor)
    elif last7_km > b.week_km * jump or (previous7_km > 0 and last7_km > previous7_km * jump):
        first = WeekTarget(b.week_km, "plan.week.after_spike", "nielsen-2014")
    elif b.building_weeks >= library.number("baseline", "build_weeks"):
        lighter = library.number("baseline", "lighter_week_factor")
        first = WeekTarget(b.week_km * lighter, "plan.week.lighter", "pfitzinger-2009", lighter)
    else:
        first = WeekTarget(b.week_km * (1 + progression), "plan.week.hold", "damsted-2018")
    targets = [first]
    level = b.week_km if first.reason == "plan.week.lighter" else first.km
    builds = 0
    for _ in range(1, weeks):
        builds += 1
        if builds > library.number("baseline", "build_weeks"):
            builds = 0
            targets.append(
                WeekTarget(
                    level * library.number("baseline", "lighter_week_factor"), "plan.week.lighter", "pfitzinger-2009"
                )
            )
            continue
        level = min(level * (1 + progression), targets[-1].km * (1 + max_rise))
        targets.append(WeekTarget(level, "plan.week.build", "damsted-2018"))
    return targets
