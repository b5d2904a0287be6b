"""The runner's own baseline and the weekly targets built from it (DESIGN.md section 7).

Pure functions over a :class:`History`. The baseline is the runner's usual week over
the last weeks that hold running (``knowledge/plan/rules.yaml`` ``baseline``): the
median weekly distance and time, runs per week and weekly longest run, and the
median pace of their running days. Medians make it robust to a missed week or a
one-off race. After a break the weeks before the break are measured.
"""

from __future__ import annotations

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
    km: float  # the week's planned distance (before a niggle's factor)
    reason: str  # locale text id
    source: str
    factor: float = 1.0  # against the usual week, for the reason's text
    lighter: bool = False


@dataclass(frozen=True)
class Race:
    """A race or a hard long effort in the last days: a run well above the usual long run."""

    day: date
    km: float
    rest_until: date  # the last day without running after it
    easy_until: date  # the last day without a long run after it


def recent_race(history: History, today: date, b: Baseline) -> Race | None:
    """The latest run of the last ``easy_days`` days that is a race for this runner, else None.

    A race: at least ``margin`` above the usual long run (the session-spike edge where Frandsen 2025
    found the hazard rising to 1.52) and at least ``min_km`` long.
    """
    rules = library.rules()["after_race"]
    margin = library.number("after_race", "margin")
    min_km = library.number("after_race", "min_km")
    easy_days = int(library.number("after_race", "easy_days"))
    ti = history.index(today)
    threshold = max(min_km, b.long_run_km * (1.0 + margin))
    lo = max(ti - easy_days + 1, 0)
    longest = history.longest_km[lo : ti + 1] if ti >= 0 else history.longest_km[:0]
    hits = np.flatnonzero(longest >= threshold)
    if not hits.size:
        return None
    day = history.first_day + timedelta(days=lo + int(hits[-1]))
    km = float(longest[hits[-1]])
    rest = 0
    for step in rules["rest_days"]:
        if km >= float(step["min_km"]):
            rest = int(step["days"])
            library.check_source(step["source"], "after_race.rest_days")
    return Race(day, km, day + timedelta(days=rest), day + timedelta(days=easy_days - 1))


def restart_factor(break_days: int) -> tuple[float, str]:
    """How far below the usual week to restart after ``break_days`` without running (1.0: no break)."""
    factor, source = 1.0, ""
    for step in library.rules()["baseline"]["restart"]:
        if break_days >= int(step["min_days"]):
            factor, source = float(step["factor"]), library.check_source(step["source"], "baseline.restart")
    return factor, source


def week_targets(
    b: Baseline, last7_km: float, previous7_km: float, weeks: int, race: Race | None = None
) -> list[WeekTarget]:
    """The planned distance of each coming 7-day block, each with its reason (DESIGN.md section 7).

    - after a race: a recovery week of easy runs, then the usual week again (Takayama 2017);
    - after a break: below the usual week (the longer the break, the lower: Mujika & Padilla
      2000), rebuilt by at most 10 % a week (the weekly ok band) back to it;
    - after a spike week: back to the usual week (Nielsen 2014);
    - else the usual week held and built 5 % a week (Damsted 2018).
    A lighter week follows every three weeks of building, and the weeks after it return to the level
    before it by at most 10 % a week (Pfitzinger & Douglas 2009; the weekly ok band).
    """
    progression = library.number("baseline", "progression")
    rebuild = library.number("baseline", "rebuild")
    build_weeks = int(library.number("baseline", "build_weeks"))
    lighter = library.number("baseline", "lighter_week_factor")
    factor, source = restart_factor(b.break_days)
    jump = 1 + library.number("baseline", "spike_week")
    usual = b.week_km
    builds = 0
    if race is not None:
        share = library.number("after_race", "week_factor")
        first = WeekTarget(usual * share, "plan.week.after_race", "takayama-2017", share)
        level = usual
    elif factor < 1.0:
        first = WeekTarget(usual * factor, "plan.week.after_break", source, factor)
        level = first.km
    elif last7_km > usual * jump or (previous7_km > 0 and last7_km > previous7_km * jump):
        first = WeekTarget(usual, "plan.week.after_spike", "nielsen-2014")
        level = usual
    elif b.building_weeks >= build_weeks:
        first = WeekTarget(usual * lighter, "plan.week.lighter", "pfitzinger-2009", lighter, lighter=True)
        level = usual
        builds = build_weeks
    else:
        held = usual * (1 + progression)
        first = WeekTarget(held, "plan.week.hold", "damsted-2018", 1 + progression)
        level = held
    targets = [first]
    goal = level  # the level before the latest lighter week, to come back to
    for _ in range(1, weeks):
        previous = targets[-1]
        if previous.lighter:
            # back toward the level before the lighter week, by at most the weekly ok band (10 %) a week:
            # the status compares each 7 days with the lighter 7 before them
            goal = level
            level = min(goal, previous.km * (1 + rebuild))
            targets.append(WeekTarget(level, "plan.week.after_lighter", "pfitzinger-2009"))
            builds = 0
            continue
        if builds >= build_weeks:
            targets.append(WeekTarget(level * lighter, "plan.week.lighter", "pfitzinger-2009", lighter, lighter=True))
            builds = build_weeks
            continue
        if previous.reason == "plan.week.after_race":
            targets.append(WeekTarget(usual, "plan.week.return", "takayama-2017"))
            level, builds = usual, 0
            continue
        if level < usual:
            # rebuilding after a break: at most the weekly ok band a week, back to the usual week
            level = min(level * (1 + rebuild), usual)
            targets.append(WeekTarget(level, "plan.week.rebuild", "nielsen-2014", level / usual))
        elif level < goal:
            # still on the way back to the level before the lighter week
            level = min(level * (1 + rebuild), goal)
            targets.append(WeekTarget(level, "plan.week.after_lighter", "pfitzinger-2009"))
        else:
            level = level * (1 + progression)
            targets.append(WeekTarget(level, "plan.week.build", "damsted-2018"))
        builds += 1
    return targets
