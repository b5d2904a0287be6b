"""The planning core: profile, daily history, symptom reports -> the next N days (CONTRACT.md plan).

Pure and deterministic: the same :class:`PlanInputs` give the same plan. Days
are planned one after the other; each candidate run is sized from the
prescribed dose (``plan/dose.py``) or the return-to-run stage, then cut by the
caps of :mod:`caps` against the history plus the runs planned before it.
Because every cap looks only backwards, or forwards over days still empty,
the finished plan keeps every cap on every day (tests/plan check this with the
signals' own functions).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np

from .. import knowledge
from ..domain import DISPOSITIONS
from ..errors import InputError
from ..load.thresholds import classify
from ..triage.episodes import label as episode_label
from ..triage.episodes import open_on
from . import caps as capmod
from . import library, programmes
from .baseline import WeekTarget, week_targets
from .baseline import baseline as baseline_of
from .cards import cards
from .dose import Dose, _facts, dose_file, prescribed_dose
from .library import say
from .model import Day, Episode, History, Plan, PlanInputs, Report, Session
from .readiness import readiness

MAX_DAYS = 366
EASY_VARIATION = (1.15, 0.85)  # successive easy runs of a week: a little longer, then a little shorter


@dataclass
class _Timeline:
    base: date
    total: np.ndarray
    longest: np.ndarray
    strength: np.ndarray  # 1 on planned strength days

    def index(self, day: date) -> int:
        return (day - self.base).days


def _timeline(history: History, today: date, days: int, week: int) -> _Timeline:
    base = min(history.first_day, today - timedelta(days=60))
    length = (today - base).days + 1 + days + week
    total, longest = np.zeros(length), np.zeros(length)
    offset = (history.first_day - base).days
    keep = min(len(history.distance_km), (today - history.first_day).days + 1)
    if keep > 0:
        total[offset : offset + keep] = np.clip(np.nan_to_num(history.distance_km[:keep]), 0, None)
        longest[offset : offset + keep] = np.clip(np.nan_to_num(history.longest_km[:keep]), 0, None)
    return _Timeline(base, total, longest, np.zeros(length))


@dataclass
class _Mode:
    name: str  # normal, restart, return_to_run, no_running
    disposition: str
    latest: Report | None
    stage: int = 0  # return to run: 1-based stage of the next session
    hold: str | None = None  # why the stage does not advance
    why: list[str] = field(default_factory=list)
    label: str = ""  # the governing episode's body part, e.g. "left knee"


def _mode(episodes: tuple[Episode, ...], timeline: _Timeline, today: date) -> _Mode:
    """The plan's mode from the symptom episodes: the most urgent open one caps it (DESIGN.md 6b)."""
    rules = library.rules()
    no_running = set(rules["triage"]["no_running"])
    open_now = open_on(episodes, today)
    governing = open_now[0] if open_now else None
    latest = governing.latest(today) if governing is not None else None
    disposition = governing.disposition(today) if governing is not None else "continue"
    part = episode_label(governing.key) if governing is not None else ""
    if disposition in no_running:
        return _Mode("no_running", disposition, latest, label=part)
    # walk-run back after the most recent episode that stopped running was cleared
    cleared = [(day, e) for e in episodes if (day := e.cleared_on(today, no_running)) is not None]
    if cleared:
        clearing_day, episode = max(cleared, key=lambda pair: pair[0])
        ti = timeline.index(today)
        first = max(timeline.index(clearing_day) + 1, 0)
        completed = int(np.count_nonzero(timeline.total[first : ti + 1] > 0))
        stages = rules["return_to_run"]["stages"]
        if completed < len(stages):
            mode = _Mode("return_to_run", disposition, latest, stage=completed + 1, label=part)
            pain_max = library.number("return_to_run", "pain_during_max")
            # the same body part's reports since then (a settled episode may have been followed by a new one)
            same = [e for e in episodes if e.key == episode.key]
            since = sorted(
                (
                    r
                    for e in same
                    for r in e.reports
                    if clearing_day <= r.date <= today and r.disposition in DISPOSITIONS
                ),
                key=lambda r: (r.date, r.id or 0),
            )
            # the 24-hour response: its morning pains (next-morning answers and check-ins) since then
            by_morning: dict[date, int] = {}
            for e in same:
                for when, pain in e.morning_series(today):
                    if when > clearing_day:
                        by_morning[when] = max(by_morning.get(when, 0), pain)
            mornings = sorted(by_morning.items())
            last = since[-1] if since else None
            morning = mornings[-1] if mornings else None
            previous = mornings[-2] if len(mornings) >= 2 else None
            if last is None or last.pain_during is None or morning is None or morning[0] <= last.date:
                mode.hold = "plan.why.return_reason_unknown"
            elif (
                last.pain_during > pain_max
                or (previous is not None and morning[1] > previous[1])
                or (morning[0] == last.date + timedelta(days=1) and morning[1] > last.pain_during)
            ):
                mode.hold = "plan.why.return_reason_pain"
                mode.stage = max(1, mode.stage - 1)
            return mode
    return _Mode("normal", disposition, latest, label=part)


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


def _consecutive(total: np.ndarray, i: int) -> int:
    n = 0
    while i - 1 - n >= 0 and total[i - 1 - n] > 0:
        n += 1
    return n


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
        self.tl = _timeline(inp.history, inp.today, inp.days, self.limits.week)
        self.mode = _mode(inp.symptom_episodes(), self.tl, inp.today)
        experience = self.facts["experience"]
        self.sessions = library.by_experience("sessions_per_week", experience)
        self.consecutive = library.by_experience("max_consecutive_run_days", experience)
        base_dose = dose_file().base
        seed_pace = float(base_dose.duration_min.value) / float(base_dose.distance_km.value)
        # With enough history the plan builds from the runner's own usual week (DESIGN.md section 7).
        self.baseline = (
            baseline_of(inp.history, inp.today, seed_pace) if self.mode.name in ("normal", "no_running") else None
        )
        self.targets: list[WeekTarget] = []
        # the runner's usual days of the week, kept from week to week (None without a baseline)
        self.template: frozenset[int] | None = None
        if self.baseline is not None:
            self.sessions = self.baseline.runs_per_week
            # room for the usual runs: 6 a week needs 3 days in a row, 5 needs 2 (a rest day in every 7)
            self.consecutive = max(self.consecutive, self.sessions - 3)
            if self.baseline.run_weekdays:
                self.template = frozenset(self.baseline.run_weekdays)
                self.sessions = min(self.sessions, len(self.template))
                self.consecutive = max(self.consecutive, _cyclic_run(self.template))
            ti0 = self.tl.index(inp.today)
            w = self.limits.week
            last7 = float(self.tl.total[max(ti0 - w + 1, 0) : ti0 + 1].sum())
            previous7 = float(self.tl.total[max(ti0 - 2 * w + 1, 0) : max(ti0 - w + 1, 0)].sum())
            # one week more than planned: the long run ahead of the last days is sized from its own week
            weeks = -(-inp.days // w) + 1
            self.targets = week_targets(self.baseline, last7, previous7, weeks, self.limits.weekly)
        self.strength_per_week = int(library.number("schedule", "strength_days_per_week"))
        break_days = int(library.number("schedule", "long_break_days"))
        ti = self.tl.index(inp.today)
        self.restarting = not bool(np.any(self.tl.total[max(ti - break_days + 1, 0) : ti + 1] > 0))
        self.break_days = break_days
        if self.mode.name == "normal" and self.restarting:
            self.mode.name = "restart"
        self.base = self._base_target()
        if self.baseline is not None:
            # walk-run is for beginners without the legs for easy runs yet; an established runner runs
            seed_km = float(base_dose.distance_km.value)
            if self.base.kind == "walk_run" and self.baseline.easy_run_km >= seed_km:
                self.base = _Target("easy_run", self.base.km, self.base.minutes, self.base.why)
        self.first_week_km = (
            self.targets[0].km * self._modify_factor() if self.targets else self.sessions * self.base.km
        )
        self.stage_next = self.mode.stage
        self.long_days: list[int] = []
        self.rest_reason: str | None = None

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
        if kind == "walk_run":
            why.append(
                say(
                    "plan.why.walk_run",
                    "strideguard-engineering",
                    run_min=int(library.number("walk_run", "run_min")),
                    walk_min=int(library.number("walk_run", "walk_min")),
                )
            )
        return _Target(kind, km, minutes, tuple(why))

    def _modify_factor(self) -> float:
        if self.mode.disposition == "modify_training":
            return library.number("triage", "modify_training", "distance_factor")
        return 1.0

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
        return self.mode.name == "normal" and self.base.kind == "easy_run" and usual_long and modify_allows

    def _long_ok(self, i: int) -> bool:
        if not self._long_planned():
            return False
        long_day = self.baseline.long_run_weekday if self.baseline is not None else None
        if self.template is not None and long_day is not None:
            weekday = (self.tl.base + timedelta(days=i)).weekday()
            per_week = int(library.number("schedule", "long_run", "per_week"))
            return weekday == long_day and self._long_count(i) < per_week
        week = self.limits.week
        lo = max(i - week + 1, self.tl.index(self.start))
        planned_runs = int(np.count_nonzero(self.tl.total[lo:i] > 0))
        before_long = max(min(2, self.sessions - 1), self.sessions - 2) if self.baseline is not None else 2
        return (
            self._long_count(i) < int(library.number("schedule", "long_run", "per_week"))
            and planned_runs >= before_long
        )

    def _long_count(self, i: int) -> int:
        return sum(1 for d in self.long_days if i - self.limits.week < d < i)

    def _target(self, i: int) -> _Target:
        if self.mode.name == "return_to_run":
            return self._stage_target()
        if self.baseline is not None:
            return self._baseline_target(i)
        if self._long_ok(i):
            factor = library.number("schedule", "long_run", "distance_factor")
            b = self.base
            return _Target(
                "long_run",
                b.km * factor,
                b.minutes * factor,
                (*b.why, say("plan.why.long_run", "strideguard-engineering", factor=factor)),
            )
        return self.base

    def _week_sizes(self, i: int) -> tuple[WeekTarget, float, float, int]:
        """Day ``i``'s plan week: its target, the long run, one easy run (before variation) and the easy runs."""
        b = self.baseline
        assert b is not None  # only called with a baseline
        week = (i - self.tl.index(self.start)) // self.limits.week
        target = self.targets[min(week, len(self.targets) - 1)]
        factor = self._modify_factor()
        week_km = target.km * factor
        scale = target.km / b.week_km if b.week_km > 0 else 1.0
        long_km = min(b.long_run_km * scale, b.long_run_km * (1 + library.number("baseline", "progression"))) * factor
        long_planned = self._long_planned() and self.sessions > 1
        easy_runs = self.sessions - 1 if long_planned else self.sessions
        easy_km = max(week_km - long_km, 0.0) / easy_runs if long_planned else week_km / self.sessions
        return target, long_km, easy_km, easy_runs

    def _baseline_target(self, i: int) -> _Target:
        """A run sized from the runner's usual week: the week's target shared among the usual runs."""
        b = self.baseline
        assert b is not None  # only called with a baseline
        target, long_km, easy_km, easy_runs = self._week_sizes(i)
        why = [
            say(
                "plan.why.baseline",
                "damsted-2018",
                week_km=b.week_km,
                runs=b.runs_per_week,
                long_km=b.long_run_km,
                weeks=int(library.number("baseline", "weeks")),
            ),
            say(target.reason, target.source, km=target.km, days=b.break_days),
        ]
        if self.mode.disposition == "modify_training":
            mod = self.rules["triage"]["modify_training"]
            day = self.mode.latest.date.isoformat() if self.mode.latest else ""
            why.append(say(mod["text"], mod["source"], date=day, label=self.mode.label))
        if self._long_ok(i):
            kind, km = "long_run", long_km
            if self.template is not None:
                why.append(say("plan.why.long_run_day", "strideguard-engineering"))
        else:
            # the other runs alternate a little longer and a little shorter: varied days keep training
            # monotony (Foster 1998) down without changing the week's total (an odd one out stays as is)
            week = (i - self.tl.index(self.start)) // self.limits.week
            lo = max(self.tl.index(self.start) + week * self.limits.week, 0)
            easy_before = sum(1 for d in range(lo, i) if self.tl.total[d] > 0 and d not in self.long_days)
            odd_last = easy_runs % 2 == 1 and easy_before >= easy_runs - 1
            variation = 1.0 if odd_last else EASY_VARIATION[easy_before % len(EASY_VARIATION)]
            kind, km = self.base.kind, easy_km * variation
        return _Target(kind, km, km * b.pace_min_per_km, tuple(why))

    def _long_run_room(self, i: int, easy_km: float) -> float:
        """The most an easy run of ``easy_km`` on day ``i`` may take so that this week's long run still fits.

        The long run is the week's key session: the easy runs before it share what the weekly cap
        leaves of the 7 days ending on the long-run day once the long run is set aside, in proportion
        to their sizes (math.inf when no long run comes in the next 6 days).
        """
        long_day = self.baseline.long_run_weekday if self.baseline is not None else None
        if self.template is None or long_day is None or not self._long_planned():
            return math.inf
        w = self.limits.week
        day_i = self.tl.base + timedelta(days=i)
        ahead = next((k for k in range(1, w) if (day_i + timedelta(days=k)).weekday() == long_day), None)
        if ahead is None or not self._long_ok(i + ahead):
            return math.inf
        end = i + ahead
        long_target = self._baseline_target(end)
        long_km = min(long_target.km, capmod.spike_cap(self.tl.longest, end, self.limits).km)
        cap = capmod.window_cap(self.tl.total, end, self.limits, self.first_week_km)
        planned = float(self.tl.total[end - w + 1 : i].sum())
        later = [i + k for k in range(1, ahead) if (day_i + timedelta(days=k)).weekday() in self.template]
        later_km = sum(self._week_sizes(d)[2] for d in later)  # an easy run's size in their week, before caps
        room = max(cap.km - planned - long_km, 0.0)
        return room * easy_km / (easy_km + later_km) if easy_km + later_km > 0 else room

    def _stage_target(self) -> _Target:
        stages = self.rules["return_to_run"]["stages"]
        stage = min(self.stage_next, len(stages))
        st = stages[stage - 1]
        run_min, walk_min, repeats = int(st["run_min"]), int(st["walk_min"]), int(st["repeats"])
        base = dose_file().base
        run_pace = float(base.duration_min.value) / float(base.distance_km.value)  # min per km
        walk_pace = library.number("schedule", "walk_min_per_km")
        km = repeats * (run_min / run_pace + walk_min / walk_pace)
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
        return _Target("walk_run", km, float(repeats * (run_min + walk_min)), tuple(why))

    # -- one day -----------------------------------------------------------
    def _run(self, i: int, day: date) -> Day | None:
        week = self.limits.week
        total = self.tl.total
        if self.template is not None and day.weekday() not in self.template:
            days = ", ".join(knowledge.text(f"plan.weekday.{d}") for d in sorted(self.template))
            self.rest_reason = say("plan.why.rest_usual_days", "strideguard-engineering", days=days)
            return None
        runs_before = int(np.count_nonzero(total[max(i - week + 1, 0) : i] > 0))
        if runs_before >= self.sessions or _consecutive(total, i) >= self.consecutive:
            self.rest_reason = say(
                "plan.why.rest_spacing", "strideguard-engineering", sessions=self.sessions, consecutive=self.consecutive
            )
            return None
        target = self._target(i)
        why = list(target.why)
        spike = capmod.spike_cap(self.tl.longest, i, self.limits)
        weekly = capmod.weekly_cap(total, i, self.limits, self.first_week_km)
        capped = min(spike.km, weekly.km)
        room = self._long_run_room(i, target.km) if target.kind != "long_run" and target.km > 0 else math.inf
        if room < min(target.km, capped):
            why.append(say("plan.why.long_run_room", "nielsen-2014", km=capmod.floor_km(room)))
        km = capmod.floor_km(min(target.km, capped, room))
        if capped < target.km:
            if spike.km <= weekly.km:
                why.append(say("plan.why.spike_cap", "frandsen-2025", cap=spike.km, longest=spike.longest))
            elif weekly.kind == "weekly":
                why.append(
                    say("plan.why.weekly_cap", "nielsen-2014", cap=max(weekly.km, 0.0), previous=weekly.previous)
                )
            else:
                why.append(
                    say(
                        "plan.why.first_week_cap",
                        "strideguard-engineering",
                        cap=max(weekly.km, 0.0),
                        allowance=weekly.allowance,
                    )
                )
        # with a baseline a run cut to under half of its intended size is not worth planning: rest instead
        floor = max(self.limits.min_run_km, 0.5 * target.km) if self.baseline else self.limits.min_run_km
        if km < floor - 1e-9:
            self.rest_reason = say("plan.why.cap_rest", "frandsen-2025", min_km=floor)
            return None
        fitted = capmod.fit_monotony(total, i, km, self.limits)
        if fitted <= 0:
            self.rest_reason = say("plan.why.monotony_rest", "foster-1998")
            return None
        if fitted < km - 1e-9:
            why.append(say("plan.why.monotony_shorten", "foster-1998", km=fitted))
        km = fitted
        minutes = max(1, int(round(target.minutes * km / target.km))) if target.km > 0 else 0
        why.append(say("plan.why.partner", "seed-article"))
        total[i] += km
        self.tl.longest[i] = max(self.tl.longest[i], km)
        if target.kind == "long_run":
            self.long_days.append(i)
        if self.mode.name == "return_to_run" and not self.mode.hold:
            self.stage_next += 1
        session = Session(target.kind, minutes, round(km, 1), "easy", tuple(why))
        recovery = (
            *programmes.lines("cooldown", self.risks),
            *programmes.lines("stretching", self.risks),
            say("card.after_run.water", "seed-article"),
            say("card.after_run.rest", "seed-article"),
        )
        posture = next(c for c in cards(self.risks) if c["id"] == "posture")["steps"]
        return Day(day, session, programmes.lines("warmup", self.risks), (), recovery, tuple(posture))

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
        recent = int(self.tl.strength[max(i - week + 1, 0) : i].sum())
        yesterday = self.tl.strength[i - 1] if i > 0 else 0
        why = (reason,) if reason else ()
        if recent < self.strength_per_week and not yesterday:
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

    def _week_why(self, target: WeekTarget | None, planned_km: float) -> list[str]:
        if target is None or self.baseline is None:
            return []
        why = [say(target.reason, target.source, km=target.km, days=self.baseline.break_days)]
        if self.mode.name in ("normal", "restart") and planned_km < 0.9 * target.km * self._modify_factor():
            why.append(say("plan.week.capped", "frandsen-2025", km=planned_km))
        return why

    def _week_summaries(self, days: list[Day]) -> list[dict[str, Any]]:
        """Each planned 7-day block: km, minutes, runs and long run against the usual week, with the reason."""
        summaries = []
        week = self.limits.week
        for k in range(0, len(days), week):
            block = days[k : k + week]
            runs = [d.session for d in block if d.session.is_run]
            target = self.targets[min(k // week, len(self.targets) - 1)] if self.targets else None
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
                    "why": self._week_why(target, sum(s.distance_km for s in runs)),
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
            notes.append(say("plan.note.modify_terrain", "seed-article", label=self.mode.label or "sore part"))
        notes.append(say("plan.note.caps", "frandsen-2025"))
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
