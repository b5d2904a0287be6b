"""The planning core: profile, daily history, symptom reports -> the next N days (CONTRACT.md plan).

Pure and deterministic: the same :class:`PlanInputs` give the same plan. Week-level first:
each 7-day block of the plan has a target, from the runner's usual week (``plan/baseline.py``:
hold and build, a lighter week, back after a race, a spike or a break) or, without one, from
the weekly programme of a start (``plan/programme.py``: walk-run stages and 10 % a week), and
its runs fall on the runner's usual days (or days spread over the week). Then day by day:
each run is its share of its week, cut by the caps of :mod:`caps` against the history plus
the runs planned before it. The room a 7-day window leaves is shared with the runs still to
come in it (in proportion to their sizes, each at least the shortest session worth planning),
so an early run never takes the room of the week's later runs: a start or a return grows from
a few short runs to the whole week instead of staying at one run a week.
Every cap looks only backwards, or forwards over days still empty, so the finished plan keeps
every cap on every day (tests/plan check this with the signals' own functions), and a day is
planned the same whatever the number of days asked.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from itertools import combinations
from typing import Any

import numpy as np

from .. import knowledge
from ..errors import InputError
from ..load.thresholds import bands, classify
from ..triage.episodes import open_on
from . import caps as capmod
from . import library, programme, programmes
from .baseline import Race, WeekTarget, recent_race, week_targets
from .baseline import baseline as baseline_of
from .cards import cards
from .dose import Dose, _facts, dose_file, prescribed_dose
from .library import say
from .mode import Mode, mode_of
from .model import Day, Plan, PlanInputs, Session
from .readiness import readiness

MAX_DAYS = 366
EASY_VARIATION = (1.15, 0.85)
# The first run after 6 days or more without running takes a window's room before the later runs (they keep
# their shortest): the 7 days after it may hold at most 30 % more than it, so it sizes the weeks that follow.
FIRST_RUN_WEIGHT = 1e6  # successive easy runs of a week: a little longer, then a little shorter


@dataclass
class _Timeline:
    base: date
    total: np.ndarray
    longest: np.ndarray
    strength: np.ndarray  # 1 on planned strength days

    def index(self, day: date) -> int:
        return (day - self.base).days


def _timeline(history: Any, today: date, days: int, week: int) -> _Timeline:
    base = min(history.first_day, today - timedelta(days=60))
    length = (today - base).days + 1 + days + 2 * week
    total, longest = np.zeros(length), np.zeros(length)
    offset = (history.first_day - base).days
    keep = min(len(history.distance_km), (today - history.first_day).days + 1)
    if keep > 0:
        total[offset : offset + keep] = np.clip(np.nan_to_num(history.distance_km[:keep]), 0, None)
        longest[offset : offset + keep] = np.clip(np.nan_to_num(history.longest_km[:keep]), 0, None)
    return _Timeline(base, total, longest, np.zeros(length))


def _dose_why(dose: Dose) -> list[str]:
    """The dose's reasons, each with the source of the step that produced it."""
    data = dose_file()
    sources = [data.base.duration_min.source]
    by_id = {a.id: a.source for a in data.adjustments}
    sources += [by_id[a] for a in dose.applied]
    return [library.cite(text, src) for text, src in zip(dose.why, sources, strict=True)]


@dataclass(frozen=True)
class _Target:
    kind: str
    km: float
    minutes: float
    why: tuple[str, ...]


@dataclass(frozen=True)
class _Intent:
    """What a running day of the plan is meant to hold, before the caps."""

    kind: str
    km: float
    pace: float  # min per km
    min_km: float  # the shortest session of this kind worth planning
    weight: float  # its share of a 7-day window's room, against the other runs in it
    why: tuple[str, ...]
    stage: int = 0  # walk-run stage (return to run or programme), 0 for runs


def _risks(inp: PlanInputs, facts: Mapping[str, Any]) -> tuple[str, ...]:
    lookback = int(library.number("schedule", "risk_lookback_days"))
    found = set(j for j in facts["joint_problems"] if j in library.RISKS)
    found |= {r.region for r in inp.reports if r.region in library.RISKS and 0 <= (inp.today - r.date).days <= lookback}
    return tuple(r for r in library.RISKS if r in found)


def _cyclic_run(weekdays: frozenset[int]) -> int:
    """The most days in a row of a weekly set of days, counting Sunday to Monday as in a row."""
    if len(weekdays) >= 7:
        return 7
    best = 0
    for start in weekdays:
        n = 0
        while (start + n) % 7 in weekdays:
            n += 1
        best = max(best, n)
    return best


def _spread(first: int, sessions: int, consecutive: int) -> frozenset[int]:
    """``sessions`` weekdays spread over the week from weekday ``first``, at most ``consecutive`` in a row."""
    for n in range(min(sessions, 7), 0, -1):
        days = frozenset((first + round(k * 7 / n)) % 7 for k in range(n))
        if len(days) == n and _cyclic_run(days) <= consecutive:
            return days
    return frozenset({first % 7})


def _consecutive(total: np.ndarray, i: int) -> int:
    n = 0
    while i - 1 - n >= 0 and total[i - 1 - n] > 0:
        n += 1
    return n


def _monotony_edge() -> float:
    """The lower edge of the monotony high band (2.0), for the texts."""
    return max(b.upper for b in bands("monotony") if b.level != "high")


class _Planner:
    def __init__(self, inp: PlanInputs) -> None:
        if not isinstance(inp.days, int) or isinstance(inp.days, bool) or not 1 <= inp.days <= MAX_DAYS:
            raise InputError("days", inp.days, "errors.plan.days", most=MAX_DAYS)
        self.inp = inp
        self.limits = capmod.Limits.load()
        self.rules = library.rules()
        self.today = inp.today
        self.start = inp.today + timedelta(days=1)
        self.facts = _facts(inp.profile, inp.today)
        self.dose = prescribed_dose(inp.profile, inp.today)
        self.risks = _risks(inp, self.facts)
        week = self.limits.week
        self.tl = _timeline(inp.history, inp.today, inp.days, week)
        ti = self.tl.index(inp.today)
        self.i0 = ti + 1
        self.mode: Mode = mode_of(inp.symptom_episodes(), self.tl.total, ti, inp.today)
        experience = self.facts["experience"]
        self.sessions = library.by_experience("sessions_per_week", experience)
        self.consecutive = library.by_experience("max_consecutive_run_days", experience)
        base_dose = dose_file().base
        seed_pace = float(base_dose.duration_min.value) / float(base_dose.distance_km.value)
        # With enough history the plan builds from the runner's own usual week (DESIGN.md section 7).
        self.baseline = (
            baseline_of(inp.history, inp.today, seed_pace) if self.mode.name in ("normal", "no_running") else None
        )
        self.break_days = int(library.number("schedule", "long_break_days"))
        self.restarting = not bool(np.any(self.tl.total[max(ti - self.break_days + 1, 0) : ti + 1] > 0))
        if self.mode.name == "normal" and self.restarting:
            self.mode.name = "restart"
        self.weeks = -(-inp.days // week) + 1  # one week more: a run's share looks 6 days ahead
        self.targets: list[WeekTarget] = []
        self.race: Race | None = None
        self.programme: list[programme.ProgrammeWeek] = []
        self.long_day: int | None = None
        self.base = self._base_target()
        if self.baseline is not None:
            b = self.baseline
            self.sessions = b.runs_per_week
            # room for the usual runs: 6 a week needs 3 days in a row, 5 needs 2 (a rest day in every 7)
            self.consecutive = max(self.consecutive, self.sessions - 3)
            if b.run_weekdays:
                self.template = frozenset(b.run_weekdays)
                self.sessions = min(self.sessions, len(self.template))
                self.consecutive = max(self.consecutive, _cyclic_run(self.template))
            else:
                self.template = _spread(self.start.weekday(), self.sessions, self.consecutive)
            self.long_day = b.long_run_weekday
            if self.mode.name == "normal":
                self.race = recent_race(inp.history, inp.today, b)
            last7 = capmod.window_sum(self.tl.total, ti, week)
            previous7 = capmod.window_sum(self.tl.total, ti - week, week)
            self.targets = week_targets(b, last7, previous7, self.weeks, self.race)
            if self.mode.disposition == "modify_training":
                # a niggle holds the reduced week until it has settled: no building on a sore part
                self.targets = [self.targets[0]] * len(self.targets)
            # walk-run is for beginners without the legs for easy runs yet; an established runner runs
            seed_km = float(base_dose.distance_km.value)
            if self.base.kind == "walk_run" and b.easy_run_km >= seed_km:
                self.base = _Target("easy_run", self.base.km, self.base.minutes, self.base.why)
        else:
            # a day off after a run yesterday when runs may not follow each other
            first = (
                self.start + timedelta(days=1)
                if _consecutive(self.tl.total, self.i0) >= self.consecutive
                else self.start
            )
            self.template = _spread(first.weekday(), self.sessions, self.consecutive)
            self.sessions = len(self.template)
            if self.mode.name != "return_to_run":
                self._programme_weeks()
        self.stage_next = self.mode.stage
        self.block_days: dict[int, frozenset[int]] = {}
        self.block_full: dict[int, bool] = {}
        self._candidates_cache: list[tuple[int, _Intent]] = []
        self.long_days: list[int] = []
        self.rest_reason: str | None = None

    # -- week level ----------------------------------------------------------
    def _programme_weeks(self) -> None:
        """The weekly programme of a start without a usual week: walk-run stages, lighter weeks."""
        stages = len(self.rules["return_to_run"]["stages"])
        walk_run = self.base.kind == "walk_run"
        experience = self.facts["experience"]
        table = self.rules["programme"]["start_stage"]
        start_stage = int(library.number("programme", "start_stage", experience if experience in table else "unknown"))
        origin = programme.start_day(self.inp.history, self.today, self.break_days)
        self.programme = programme.weeks(
            origin, self.start, self.weeks, start_stage, stages, self.inp.reports, walk_run
        )

    def _week(self, i: int) -> int:
        return max((i - self.i0) // self.limits.week, 0)

    def _week_target(self, i: int) -> WeekTarget | None:
        return self.targets[min(self._week(i), len(self.targets) - 1)] if self.targets else None

    def _modify_factor(self) -> float:
        if self.mode.disposition == "modify_training":
            return library.number("triage", "modify_training", "distance_factor")
        return 1.0

    def _window_cap(self, end: int) -> capmod.Cap:
        """The cap of the 7 days ending on ``end`` (plan/caps.py), with this plan's week at ``end``."""
        rise = 1.0 + self.limits.weekly
        factor = self._modify_factor()
        target = self._week_target(end)
        if target is not None:
            # the week's target is a load the runner held in the last weeks or a step toward it (their
            # usual week, a restart below it, a lighter week): up to it the 7 days may come back faster
            allowance = target.km * factor
            return capmod.window_cap(self.tl.total, end, self.limits, allowance, rise, allowance)
        allowance = self.sessions * self.base.km
        level = 0.0
        week = self.limits.week
        for b in {self._week(end - 2 * week + 1), self._week(end - week)}:
            if self.programme and end - week >= self.i0 and b < len(self.programme) and self.programme[b].lighter:
                # the 7 days before hold a lighter week: back to where the building was before it (the 7
                # days ending the day before it, one week of building on), never more than the caution
                # edge above the 7 days before
                before = capmod.window_sum(self.tl.total, self.i0 + week * b - 1, week)
                level = max(level, before * rise)
        return capmod.window_cap(self.tl.total, end, self.limits, allowance, rise, level)

    # -- session sizes -------------------------------------------------
    def _base_target(self) -> _Target:
        dose = self.dose
        kind, km, minutes = dose.kind, dose.distance_km, dose.duration_min
        why = _dose_why(dose)
        restart_walk_run = self.mode.name == "return_to_run" or (self.mode.name == "restart" and self.baseline is None)
        if restart_walk_run and kind != "walk_run":
            restart = self.rules["restart"]
            kind = str(restart["kind"])
            km *= library.number("restart", "distance_factor")
            if self.mode.name == "restart":
                why.append(say(restart["text"], restart["source"], days=self.break_days))
        elif self.mode.name == "restart" and kind == "walk_run":
            why.append(say(self.rules["restart"]["text"], self.rules["restart"]["source"], days=self.break_days))
        if self.mode.disposition == "modify_training":
            mod = self.rules["triage"]["modify_training"]
            factor = library.number("triage", "modify_training", "distance_factor")
            km, minutes = km * factor, minutes * factor
            day = self.mode.latest.date.isoformat() if self.mode.latest else ""
            why.append(say(mod["text"], mod["source"], date=day, label=self.mode.label))
        return _Target(kind, km, minutes, tuple(why))

    def _long_planned(self) -> bool:
        """Whether this plan's weeks hold a long run (so the other runs share the rest of the week)."""
        long_rule = self.rules["schedule"]["long_run"]
        usual_long = (
            self.baseline.has_long_run
            if self.baseline is not None
            else self.facts["experience"] in long_rule["experience"]
        )
        modify_allows = (
            self.mode.disposition != "modify_training" or self.rules["triage"]["modify_training"]["long_run"]
        )
        return (
            self.mode.name == "normal"
            and self.base.kind == "easy_run"
            and usual_long
            and modify_allows
            and self.sessions > 1
        )

    def _long_day(self, i: int) -> bool:
        """Whether day ``i`` is the week's long run: the usual long-run day, not in the days after a race."""
        if not self._long_planned():
            return False
        day = self.tl.base + timedelta(days=i)
        if self.race is not None and day <= self.race.easy_until:
            return False
        if self.long_day is not None:
            return day.weekday() == self.long_day
        # without a usual long-run day: the last running day of the week's template
        return day.weekday() == max(self.template, key=lambda wd: (wd - self.start.weekday()) % 7)

    def _block_days(self, i: int) -> list[int]:
        """The template days of day ``i``'s plan week, in order."""
        lo = self.i0 + self._week(i) * self.limits.week
        return [
            d for d in range(lo, lo + self.limits.week) if (self.tl.base + timedelta(days=d)).weekday() in self.template
        ]

    def _week_sizes(self, i: int) -> tuple[float, float, int]:
        """Day ``i``'s plan week: the long run (0 without), one easy run (before variation), the easy runs."""
        b = self.baseline
        assert b is not None  # only called with a baseline
        target = self._week_target(i)
        assert target is not None
        factor = self._modify_factor()
        week_km = target.km * factor
        days = self._block_days(i)
        runs = [
            d for d in days if not (self.race is not None and self.tl.base + timedelta(days=d) <= self.race.rest_until)
        ]
        long_days = [d for d in runs if self._long_day(d)]
        count = max(len(runs), 1) if runs else self.sessions
        if long_days and count > 1:
            scale = target.km / b.week_km if b.week_km > 0 else 1.0
            # the long run keeps its share of the week as the week builds (5 % a week: within the spike cap)
            long_km = b.long_run_km * scale * factor
            return long_km, max(week_km - long_km, 0.0) / (count - 1), count - 1
        return 0.0, week_km / count, count

    def _easy_variation(self, i: int) -> float:
        """Successive easy runs of a week alternate a little longer and shorter (an odd last one stays as is):
        varied days keep training monotony (Foster 1998) down without changing the week's total."""
        easy = [d for d in self._block_days(i) if not self._long_day(d)]
        if i not in easy:
            return 1.0
        k = easy.index(i)
        if len(easy) % 2 == 1 and k == len(easy) - 1:
            return 1.0
        return EASY_VARIATION[k % len(EASY_VARIATION)]

    def _min_km(self, kind: str, pace: float) -> float:
        """The shortest session worth planning: a run of ``caps.min_run_km``, a walk-run of
        ``caps.min_walk_run_min`` minutes (a short walk-run inside the warm-up and cool-down walks)."""
        if kind == "walk_run" and pace > 0:
            return library.number("caps", "min_walk_run_min") / pace
        if self.baseline is not None:
            # a run of an established runner: at least a share of their usual easy run
            share = library.number("caps", "min_run_share")
            return max(self.limits.min_run_km, share * self.baseline.easy_run_km)
        return self.limits.min_run_km

    def _day_intent(self, i: int) -> bool | None:
        """True when day ``i`` is a running day of the plan's weeks (mode, race rest, the usual days), else
        None with the reason in rest_reason."""
        day = self.tl.base + timedelta(days=i)
        if self.mode.name == "no_running":
            return None
        if self.race is not None and day <= self.race.rest_until:
            self.rest_reason = say(
                "plan.why.after_race_rest",
                "takayama-2017",
                km=self.race.km,
                date=self.race.day.isoformat(),
                until=self.race.rest_until.isoformat(),
            )
            return None
        if day.weekday() not in self.template:
            names = ", ".join(knowledge.text(f"plan.weekday.{d}") for d in sorted(self.template))
            self.rest_reason = say("plan.why.rest_usual_days", "strideguard-engineering", days=names)
            return None
        return True

    def _intent(self, i: int) -> _Intent | None:
        """What day ``i`` is meant to hold, or None for a day without a run (its reason in rest_reason)."""
        if self._day_intent(i) is None:
            return None
        k = self._week(i)
        chosen = self.block_days.get(k)
        if chosen is None and k - 1 in self.block_days and self.block_full.get(k - 1) is False:
            chosen = frozenset(d + self.limits.week for d in self.block_days[k - 1])  # as the week before
        if chosen is not None and i not in chosen:
            self.rest_reason = say("plan.why.fewer_runs", "nielsen-2014", runs=len(chosen))
            return None
        return self._session_intent(i)

    def _session_intent(self, i: int) -> _Intent:
        if self.mode.name == "return_to_run":
            return self._stage_intent()
        if self.baseline is not None:
            return self._baseline_intent(i)
        return self._programme_intent(i)

    def _decide_week(self, k: int) -> None:
        """Which of plan week ``k``'s running days hold a run.

        The caps of the 7-day windows ending in week ``k`` depend only on the weeks before it, so the week
        is decided when it begins: the week before's days, plus as many more as those windows leave room
        for at their shortest (spread over the week, the long run kept). Days repeat from week to week, so
        each 7 days compares like with like and a start or a return adds runs as its load grows. The
        plan's first week after 7 days without running starts from its first run: the 7 days after it may
        hold at most its cap, so the week holds the runs that fit there.
        """
        week = self.limits.week
        lo = self.i0 + k * week
        saved = self.rest_reason
        candidates: list[tuple[int, _Intent]] = []
        for d in range(lo, lo + week):
            if self._day_intent(d) is not None:
                candidates.append((d, self._session_intent(d)))
        self.rest_reason = saved
        self._candidates_cache = candidates
        rooms = []
        for end in range(lo, lo + week):
            cap = self._window_cap(end)
            if math.isfinite(cap.km):
                rooms.append((end, cap.km - capmod.window_sum(self.tl.total, end, week)))

        before_days = self.block_days.get(k - 1, frozenset())
        rise = 1.0 + self.limits.weekly

        def fits(pick: Iterable[tuple[int, _Intent]]) -> bool:
            pick = list(pick)
            kept = sum(1 for d, _ in pick if d - week in before_days)
            # a run new to the week: next week each 7 days compares n + 1 runs with n of this week's, so
            # this week's runs need (n + 1) / (n x 1.10) of their shortest to keep the new run
            factor = max(1.0, len(pick) / (max(kept, 1) * rise)) ** 2 if kept < len(pick) and before_days else 1.0
            # a window without a planned run is the history's own (it may already be above its cap)
            needs = ((sum(x.min_km * factor for d, x in pick if d <= end), room) for end, room in rooms)
            return all(need <= 0 or need <= room + 1e-9 for need, room in needs)

        chosen: list[tuple[int, _Intent]] = []
        before = self.block_days.get(k - 1)
        if before is None and candidates and capmod.window_sum(self.tl.total, lo - 1, week) <= 0:
            chosen = self._first_week(candidates)
        elif before is None or self.block_full.get(k - 1):
            chosen = self._most_that_fit(candidates, [], fits, k)
        else:
            kept = [c for c in candidates if c[0] - week in before]
            chosen = self._most_that_fit(candidates, kept, fits, k)
        self.block_days[k] = frozenset(d for d, _ in chosen)
        self.block_full[k] = len(chosen) == len(candidates)

    def _most_that_fit(
        self,
        candidates: list[tuple[int, _Intent]],
        kept: list[tuple[int, _Intent]],
        fits: Callable[[Iterable[tuple[int, _Intent]]], bool],
        k: int,
    ) -> list[tuple[int, _Intent]]:
        """``kept`` and as many of the other days as fit; if ``kept`` does not fit, the most days that do."""
        if kept and fits(kept):
            extra = [c for c in candidates if c not in kept]
            for add in range(len(extra), -1, -1):
                picks = [sorted([*kept, *combo]) for combo in combinations(extra, add)]
                good = [pick for pick in picks if fits(pick)]
                if good:
                    return max(good, key=self._pick_score)
        for m in range(len(candidates), 0, -1):
            good = [list(pick) for pick in combinations(candidates, m) if fits(pick)]
            if good:
                return max(good, key=lambda pick: (len(set(pick) & set(kept)), self._pick_score(pick)))
        return []

    def _first_week(self, candidates: list[tuple[int, _Intent]]) -> list[tuple[int, _Intent]]:
        """The first week after 7 days without running: its first run, and the runs that fit in the cap of
        the 7 days after it (a share of them falls on the first run's day of the week after)."""
        first, intent = candidates[0]
        wanted = self._wanted(first, intent)
        spike = capmod.spike_cap(self.tl.longest, first, self.limits)
        share, _, _ = self._share(first, replace(intent, km=wanted, weight=FIRST_RUN_WEIGHT))
        first_km = capmod.floor_km(min(wanted, spike.km, share), self._step(intent.kind))
        self.tl.total[first] += first_km
        cap = self._window_cap(first + self.limits.week)
        self.tl.total[first] -= first_km
        shortest = max(x.min_km for _, x in candidates)
        runs = int(math.floor(cap.km / shortest + 1e-9)) if math.isfinite(cap.km) else len(candidates)
        others = min(max(runs - 1, 0), len(candidates) - 1)  # one of them is the first run's day next week
        rest = candidates[1:]
        picks = [[candidates[0], *combo] for combo in combinations(rest, others)]
        return max(picks, key=self._pick_score) if picks else [candidates[0]]

    def _pick_score(self, pick: Iterable[tuple[int, _Intent]]) -> tuple[bool, int, int]:
        """How good a choice of running days is: the long run kept, the runs spread (the largest smallest
        gap between them, across weeks too), then the earliest."""
        week = self.limits.week
        pick = sorted(pick)
        days = [d for d, _ in pick]
        has_long = any(x.kind == "long_run" for _, x in pick) or not any(
            x.kind == "long_run" for _, x in self._candidates_cache
        )
        gaps = [b - a for a, b in zip(days, days[1:], strict=False)] + [days[0] + week - days[-1]]
        return has_long, min(gaps), -days[0]

    def _wanted(self, i: int, intent: _Intent) -> float:
        """The size day ``i`` aims at: its intent, or the week's longest run when it is the first run after
        6 days or more without running (the 7 days after it may hold at most 30 % more than it)."""
        b = self.baseline
        if b is not None and capmod.window_sum(self.tl.total, i - 1, self.limits.week - 1) <= 0:
            long_km, easy_km, _ = self._week_sizes(i)
            return max(intent.km, long_km, easy_km)
        return intent.km

    def _baseline_intent(self, i: int) -> _Intent:
        """A run sized from the runner's usual week: the week's target shared among the usual runs."""
        b = self.baseline
        assert b is not None  # only called with a baseline
        long_km, easy_km, _ = self._week_sizes(i)
        why = [
            say(
                "plan.why.baseline",
                "damsted-2018",
                week_km=b.week_km,
                runs=b.runs_per_week,
                long_km=b.long_run_km,
                weeks=int(library.number("baseline", "weeks")),
            )
        ]
        if self.mode.disposition == "modify_training":
            mod = self.rules["triage"]["modify_training"]
            day = self.mode.latest.date.isoformat() if self.mode.latest else ""
            why.append(say(mod["text"], mod["source"], date=day, label=self.mode.label))
        else:
            target = self._week_target(i)
            assert target is not None
            why.append(
                say(
                    target.reason, target.source, km=target.km, days=b.break_days, usual=b.week_km, factor=target.factor
                )
            )
        if self.race is not None and self.tl.base + timedelta(days=i) <= self.race.easy_until:
            why.append(say("plan.why.after_race_easy", "takayama-2017", until=self.race.easy_until.isoformat()))
        if long_km > 0 and self._long_day(i):
            kind, km = "long_run", long_km
            why.append(say("plan.why.long_run_day", "strideguard-engineering"))
        else:
            kind, km = self.base.kind, easy_km * self._easy_variation(i)
        pace = b.pace_min_per_km
        weight = km / easy_km if easy_km > 0 else 1.0
        return _Intent(kind, km, pace, self._min_km(kind, pace), weight, tuple(why))

    def _programme_intent(self, i: int) -> _Intent:
        """A session of a start without a usual week: the dose, at the week's walk-run stage."""
        b = self.base
        pace = b.minutes / b.km if b.km > 0 else float(dose_file().base.duration_min.value)
        week = self.programme[min(self._week(i), len(self.programme) - 1)] if self.programme else None
        km = b.km
        why = list(b.why)
        kind = "walk_run" if week is not None and week.stage > 0 else ("easy_run" if b.kind == "walk_run" else b.kind)
        shortest = self._min_km(kind, pace)
        if week is not None and week.lighter and self.tl.total[i - self.limits.week] > 0:
            # a lighter week: the same session of the week before, shorter (Pfitzinger & Douglas 2009)
            lighter = self.tl.total[i - self.limits.week] * library.number("baseline", "lighter_week_factor")
            km = min(km, max(lighter, shortest))
        if week is not None and week.stage > 0:
            why.append(say("plan.why.stage_condition", "silbernagel-2007"))
        return _Intent(kind, km, pace, shortest, 1.0, tuple(why), stage=week.stage if week else 0)

    def _stage_intent(self) -> _Intent:
        stages = self.rules["return_to_run"]["stages"]
        stage = min(self.stage_next, len(stages))
        st = stages[stage - 1]
        run_min, walk_min, repeats = int(st["run_min"]), int(st["walk_min"]), int(st["repeats"])
        base = dose_file().base
        run_pace = float(base.duration_min.value) / float(base.distance_km.value)  # min per km
        walk_pace = library.number("schedule", "walk_min_per_km")
        km = repeats * (run_min / run_pace + walk_min / walk_pace)
        minutes = float(repeats * (run_min + walk_min))
        source = self.rules["return_to_run"]["source"]
        why = [
            say(
                "plan.why.return_stage",
                str(st["source"]),
                stage=stage,
                stages=len(stages),
                run_min=run_min,
                walk_min=walk_min,
                repeats=repeats,
            )
        ]
        if self.mode.hold:
            why.append(say("plan.why.return_hold", source, reason=knowledge.text(self.mode.hold)))
        elif stage > self.mode.stage:
            why.append(say("plan.why.return_condition", source))
        pace = minutes / km
        return _Intent("walk_run", km, pace, self.limits.min_run_km, 1.0, tuple(why), stage=-stage)

    # -- one day -----------------------------------------------------------
    def _share(self, i: int, intent: _Intent) -> tuple[float, capmod.Cap | None, bool]:
        """The most day ``i`` may hold so that the runs still to come in each 7-day window holding it keep
        their share of that window's cap: (km, the binding cap, whether every later run fits too).

        Runs share a window's room in proportion to their intended sizes. When the room cannot hold them
        all at their shortest, day ``i`` shares it with as many of the later runs as fit, the biggest first
        (the long run keeps its place); the others become rest days when their turn comes.
        """
        week = self.limits.week
        best: tuple[float, capmod.Cap | None, bool] = (math.inf, None, True)
        saved = self.rest_reason
        for end in range(i, i + week):
            cap = self._window_cap(end)
            if not math.isfinite(cap.km):
                continue
            room = cap.km - capmod.window_sum(self.tl.total, end, week)
            later = [x for j in range(i + 1, end + 1) if (x := self._intent(j)) is not None]
            later.sort(key=lambda r: -r.weight)
            chosen = [intent, *later]
            while len(chosen) > 1 and room < sum(r.min_km for r in chosen) - 1e-9:
                chosen.pop()
            # its share by size, but never below its shortest or above what leaves the others theirs
            share = room * intent.weight / sum(r.weight for r in chosen)
            others = sum(r.min_km for r in chosen[1:])
            share = min(max(share, intent.min_km), room - others) if room - others >= intent.min_km else share
            if share < best[0]:
                best = (share, cap, len(chosen) == 1 + len(later))
        self.rest_reason = saved
        return best

    def _run(self, i: int, day: date) -> Day | None:
        week = self.limits.week
        total = self.tl.total
        intent = self._intent(i)
        if intent is None:
            return None
        runs_before = int(np.count_nonzero(total[max(i - week + 1, 0) : i] > 0))
        if runs_before >= self.sessions or _consecutive(total, i) >= self.consecutive:
            self.rest_reason = say(
                "plan.why.rest_spacing", "strideguard-engineering", sessions=self.sessions, consecutive=self.consecutive
            )
            return None
        why = list(intent.why)
        wanted = self._wanted(i, intent)
        if wanted > intent.km:
            why.append(say("plan.why.first_run_back", "nielsen-2014"))
            intent = replace(intent, km=wanted, weight=FIRST_RUN_WEIGHT)
        spike = capmod.spike_cap(self.tl.longest, i, self.limits)
        share, cap, all_fit = self._share(i, intent)
        if not all_fit and total[i - 1] > 0:
            # fewer runs fit in these 7 days than planned: not the day after a run (the room goes to the
            # later days, so that the runs stay spread over the week)
            self.rest_reason = say("plan.why.room_later", "nielsen-2014")
            return None
        lighter = bool(self.programme) and self.programme[min(self._week(i), len(self.programme) - 1)].lighter
        if self.baseline is None and self.mode.name != "return_to_run" and not all_fit and not lighter:
            # fewer sessions than planned fit in these 7 days: the ones that do may be up to twice the
            # dose, so the week grows toward its sessions instead of staying at one short session
            wanted = min(max(wanted, share), 2 * wanted)
        exact = min(wanted, spike.km, share)
        step = self._step(intent.kind)
        km = capmod.floor_km(exact, step)
        nearest = round(round(exact / step) * step, 2)
        if nearest > km + 1e-9 and nearest <= wanted + 1e-9 and self._within_caps(i, nearest, spike):
            # to the nearest 0.1 km when that still keeps every cap: rounding down every week would
            # eat the growth of a short session (0.88 km kept at 0.8 km, week after week)
            km = nearest
        if km < wanted - 1e-9:
            why.append(self._cap_reason(km, spike, cap, share))
        if km < intent.min_km - 1e-9:
            self.rest_reason = say("plan.why.cap_rest", "frandsen-2025", min_km=intent.min_km)
            return None
        fitted = capmod.fit_monotony(total, i, km, self.limits, intent.min_km, self._step(intent.kind))
        edge = _monotony_edge()
        if fitted <= 0:
            self.rest_reason = say("plan.why.monotony_rest", "foster-1998", edge=edge)
            return None
        if fitted < km - 1e-9:
            why.append(say("plan.why.monotony_shorten", "foster-1998", km=fitted, edge=edge))
        km = fitted
        minutes = max(1, int(round(km * intent.pace)))
        if intent.stage > 0:
            why.insert(0, self._stage_line(intent.stage, minutes))
        kind = intent.kind
        if kind == "long_run" and km <= max(float(total[max(i - week + 1, 0) : i].max(initial=0.0)), 0.0) + 1e-9:
            # cut below a run of the days before it, it is no long run this week
            kind = self.base.kind
            why = [w for w in why if not w.startswith(knowledge.text("plan.why.long_run_day"))]
        why.append(say("plan.why.partner", "seed-article"))
        total[i] += km
        self.tl.longest[i] = max(self.tl.longest[i], km)
        if kind == "long_run":
            self.long_days.append(i)
        if self.mode.name == "return_to_run" and not self.mode.hold:
            self.stage_next += 1
        session = Session(kind, minutes, round(km, 2), "easy", tuple(why))
        recovery = (
            *programmes.lines("cooldown", self.risks),
            *programmes.lines("stretching", self.risks),
            say("card.after_run.water", "seed-article"),
            say("card.after_run.rest", "seed-article"),
        )
        posture = next(c for c in cards(self.risks) if c["id"] == "posture")["steps"]
        return Day(day, session, programmes.lines("warmup", self.risks), (), recovery, tuple(posture))

    def _step(self, kind: str) -> float:
        """Distances are planned in steps of ``caps.shorten_step_km`` (0.1 km), a walk-run in half of it: a
        10 % weekly rise of a 1 km walk-run is 0.1 km, which a 0.1 km step would round away."""
        return self.limits.step_km / 2 if kind == "walk_run" else self.limits.step_km

    def _within_caps(self, i: int, km: float, spike: capmod.Cap) -> bool:
        """Whether ``km`` on day ``i`` keeps the spike cap and every 7-day window holding day ``i``."""
        if km > spike.km + 1e-9:
            return False
        week = self.limits.week
        for end in range(i, i + week):
            cap = self._window_cap(end)
            if capmod.window_sum(self.tl.total, end, week) + km > cap.km + 1e-9:
                return False
        return True

    def _cap_reason(self, km: float, spike: capmod.Cap, cap: capmod.Cap | None, share: float) -> str:
        if spike.km <= share:
            return say("plan.why.spike_cap", "frandsen-2025", cap=spike.km, longest=spike.longest)
        assert cap is not None  # a finite share comes from a window's cap
        if cap.kind == "first_week":
            return say("plan.why.first_week_cap", "strideguard-engineering", cap=km, allowance=cap.allowance)
        if cap.kind == "return":
            return say("plan.why.return_cap", "nielsen-2014", cap=km, previous=cap.previous, level=cap.level)
        return say("plan.why.weekly_cap", "nielsen-2014", cap=km, previous=cap.previous)

    def _stage_line(self, stage: int, minutes: int) -> str:
        st = self.rules["return_to_run"]["stages"][stage - 1]
        run_min, walk_min = int(st["run_min"]), int(st["walk_min"])
        repeats = max(1, int(round(minutes / (run_min + walk_min))))
        return say(
            "plan.why.stage",
            str(st["source"]),
            stage=stage,
            stages=len(self.rules["return_to_run"]["stages"]),
            run_min=run_min,
            walk_min=walk_min,
            repeats=repeats,
            minutes=minutes,
        )

    def _off(self, i: int, day: date, reason: str | None) -> Day:
        if self.mode.name == "no_running":
            latest = self.mode.latest
            why: tuple[str, ...] = (
                say(
                    "plan.why.triage_block",
                    "strideguard-triage",
                    date=latest.date.isoformat() if latest else "",
                    label=self.mode.label,
                    disposition=knowledge.text(f"plan.disposition.{self.mode.disposition}"),
                ),
            )
            return Day(
                day,
                Session("rest", 0, 0.0, "rest", why),
                (),
                (),
                (say(f"plan.note.disposition.{self.mode.disposition}", "strideguard-triage", label=self.mode.label),),
            )
        week = self.limits.week
        strength_per_week = int(library.number("schedule", "strength_days_per_week"))
        recent = int(self.tl.strength[max(i - week + 1, 0) : i].sum())
        yesterday = self.tl.strength[i - 1] if i > 0 else 0
        why = (reason,) if reason else ()
        if recent < strength_per_week and not yesterday:
            self.tl.strength[i] = 1
            minutes = int(library.number("schedule", "strength_session_min"))
            session = Session(
                "strength", minutes, 0.0, "moderate", (*why, say("plan.why.strength_day", "seed-article"))
            )
            return Day(
                day,
                session,
                programmes.lines("warmup", self.risks, limit=1),
                programmes.lines("strength", self.risks),
                programmes.lines("stretching", self.risks),
            )
        return Day(day, Session("rest", 0, 0.0, "rest", why), (), (), (say("card.after_run.rest", "seed-article"),))

    def plan(self) -> Plan:
        days = []
        for k in range(self.inp.days):
            day = self.start + timedelta(days=k)
            i = self.tl.index(day)
            self.rest_reason = None
            if k % self.limits.week == 0:
                self._decide_week(k // self.limits.week)
            planned = None if self.mode.name == "no_running" else self._run(i, day)
            days.append(planned if planned is not None else self._off(i, day, self.rest_reason))
        ti = self.tl.index(self.today)
        signals = capmod.window_signals(self.tl.total[: ti + 1], self.tl.longest[: ti + 1], ti, self.limits)
        card_list = cards(self.risks)
        notes = self._notes()
        result = Plan(
            start=self.start,
            disposition=self.mode.disposition,
            days=tuple(days),
            notes=tuple(notes),
            readiness=readiness(self.facts, self.restarting or self.mode.name == "return_to_run"),
            cards=card_list,
            signals=signals,
            mode=self.mode.name,
            risks=self.risks,
        )
        open_episodes = open_on(self.inp.symptom_episodes(), self.today)
        result.extra.update(
            {
                "today": self.today.isoformat(),
                "episodes": [e.state(self.today) for e in open_episodes],
                "baseline": None if self.baseline is None else self.baseline.to_dict(),
                "weeks": self._week_summaries(days),
                "disclaimer": knowledge.text("disclaimer"),
            }
        )
        result.extra["sources"] = _sources(result.to_dict())
        return result

    # -- week summaries ------------------------------------------------------
    def _week_why(self, k: int, runs: list[Session]) -> list[str]:
        planned = round(sum(s.distance_km for s in runs), 1)
        if self.mode.name == "no_running":
            return []
        if self.mode.name == "return_to_run":
            return [say("plan.week.return_to_run", "silbernagel-2007", km=planned, runs=len(runs))]
        if self.baseline is not None:
            return self._baseline_week_why(k, planned)
        return self._programme_week_why(k, planned, len(runs))

    def _baseline_week_why(self, k: int, planned: float) -> list[str]:
        b = self.baseline
        assert b is not None
        target = self.targets[min(k, len(self.targets) - 1)]
        factor = self._modify_factor()
        if factor < 1.0:
            why = [
                say(
                    "plan.week.modify",
                    self.rules["triage"]["modify_training"]["source"],
                    km=planned,
                    percent=round((1 - planned / b.week_km) * 100) if b.week_km > 0 else 0,
                    label=self.mode.label or knowledge.text("plan.sore_part"),
                )
            ]
        else:
            days = b.break_days
            why = [say(target.reason, target.source, km=target.km, days=days, usual=b.week_km, factor=target.factor)]
            if self.race is not None and k == 0:
                why.append(say("plan.week.race_seen", "takayama-2017", km=self.race.km, date=self.race.day.isoformat()))
        if planned < 0.9 * target.km * factor:
            edge = _monotony_edge()
            why.append(say("plan.week.capped", "frandsen-2025", km=planned, edge=edge))
        return why

    def _programme_week_why(self, k: int, planned: float, runs: int) -> list[str]:
        if not self.programme:
            return []
        week = self.programme[min(k, len(self.programme) - 1)]
        stages = self.rules["return_to_run"]["stages"]
        why: list[str] = []
        if week.index == 0 and k == 0:
            why.append(say("plan.week.start", "nielsen-2014", km=planned, runs=runs))
        if week.lighter:
            why.append(say("plan.week.programme_lighter", "pfitzinger-2009", km=planned, week=week.index + 1))
        elif week.index > 0 or k > 0:
            why.append(say("plan.week.programme_build", "nielsen-2014", km=planned, week=week.index + 1))
        if week.stage > 0:
            st = stages[week.stage - 1]
            why.append(
                say(
                    "plan.week.stage",
                    "silbernagel-2007",
                    stage=week.stage,
                    stages=len(stages),
                    run_min=int(st["run_min"]),
                    walk_min=int(st["walk_min"]),
                )
            )
            if week.stepped_back:
                why.append(say("plan.week.stage_back", "silbernagel-2007"))
            elif week.held and not week.lighter:
                why.append(say("plan.week.stage_held", "silbernagel-2007"))
        return why

    def _week_summaries(self, days: list[Day]) -> list[dict[str, Any]]:
        """Each planned 7-day block: km, minutes, runs and long run against the usual week, with the reason."""
        summaries = []
        week = self.limits.week
        for k in range(0, len(days), week):
            block = days[k : k + week]
            runs = [d.session for d in block if d.session.is_run]
            summaries.append(
                {
                    "start": block[0].date.isoformat(),
                    "days": len(block),
                    "km": round(sum(s.distance_km for s in runs), 1),
                    "minutes": sum(s.duration_min for s in runs),
                    "runs": len(runs),
                    "long_run_km": max((s.distance_km for s in runs), default=0.0),
                    "usual_km": None if self.baseline is None else round(self.baseline.week_km, 1),
                    "usual_minutes": None if self.baseline is None else round(self.baseline.week_min),
                    "why": self._week_why(k // week, runs),
                }
            )
        return summaries

    # -- notes ---------------------------------------------------------------
    def _notes(self) -> list[str]:
        notes: list[str] = []
        if self.mode.name == "no_running":
            notes.append(
                say(f"plan.note.disposition.{self.mode.disposition}", "strideguard-triage", label=self.mode.label)
            )
        if self.mode.name == "return_to_run":
            notes.append(say("plan.note.return", "silbernagel-2007"))
        if self.mode.disposition == "modify_training":
            # a niggle keeps running, on the terrain that does not aggravate it
            label = self.mode.label or knowledge.text("plan.sore_part")
            notes.append(say("plan.note.modify_terrain", "seed-article", label=label))
        notes.append(say("plan.note.caps", "frandsen-2025", edge=_monotony_edge()))
        age = self.facts["age"]
        for entry in self.rules.get("risk_notes", []):
            if not set(entry["risks"]).intersection(self.risks):
                continue
            if "min_age" in entry and (age is None or age < entry["min_age"]):
                continue
            if "max_age" in entry and (age is None or age > entry["max_age"]):
                continue
            notes.append(say(entry["text"], entry["source"]))
        lookback = int(library.number("schedule", "risk_lookback_days"))
        if any(r.cramp and 0 <= (self.today - r.date).days <= lookback for r in self.inp.reports):
            notes.append(say("plan.note.cramp", "seed-article"))
        notes.append(self._shoe_note())
        return notes

    def _shoe_note(self) -> str:
        active = [s for s in self.inp.shoes if not s.get("retired_on")]
        if not active:
            return say("plan.note.no_shoes", "shoe-retail-guidance")
        shoe = next((s for s in active if s.get("is_default")), None) or max(
            active, key=lambda s: float(s.get("km") or 0)
        )
        km = float(shoe.get("km") or 0.0)
        level = classify("shoe_mileage", km).level
        if level == "ok":
            return say("card.equipment.replace", "shoe-retail-guidance")
        return say(f"plan.note.shoe_{level}", "shoe-retail-guidance", shoe=shoe.get("name"), km=km)


_CITED = re.compile(r"\[([a-z0-9][a-z0-9-]*)\]$")


def _sources(data: Any) -> dict[str, str]:
    """Every source id cited by a text in the plan, with its citation."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, str):
            m = _CITED.search(node)
            if m:
                found.add(m.group(1))
        elif isinstance(node, Mapping):
            for value in node.values():
                walk(value)
        elif isinstance(node, (list, tuple)):
            for value in node:
                walk(value)

    walk(data)
    return {sid: knowledge.source(sid)["citation"] for sid in sorted(found)}


def make_plan(inputs: PlanInputs) -> Plan:
    """The plan for the ``inputs.days`` days after ``inputs.today``."""
    return _Planner(inputs).plan()
