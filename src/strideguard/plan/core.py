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

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np

from .. import DISCLAIMER, knowledge
from ..errors import InputError
from ..load.thresholds import classify
from . import caps as capmod
from . import library, programmes
from .cards import cards
from .dose import Dose, _facts, dose_file, prescribed_dose
from .library import say
from .model import Day, History, Plan, PlanInputs, Report, Session
from .readiness import readiness

MAX_DAYS = 366
DISPOSITIONS: tuple[str, ...] = ("emergency", "see_doctor", "stop_and_rest", "modify_training", "continue")


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


def _mode(reports: tuple[Report, ...], timeline: _Timeline, today: date) -> _Mode:
    rules = library.rules()
    no_running = set(rules["triage"]["no_running"])
    triaged = sorted((r for r in reports if r.disposition in DISPOSITIONS and r.date <= today), key=lambda r: r.date)
    latest = triaged[-1] if triaged else None
    disposition = latest.disposition if latest and latest.disposition else "continue"
    if disposition in no_running:
        return _Mode("no_running", disposition, latest)
    blocks = [i for i, r in enumerate(triaged) if r.disposition in no_running]
    if blocks:
        clearing = triaged[blocks[-1] + 1]
        ti = timeline.index(today)
        first = max(timeline.index(clearing.date) + 1, 0)
        completed = int(np.count_nonzero(timeline.total[first : ti + 1] > 0))
        stages = rules["return_to_run"]["stages"]
        if completed < len(stages):
            mode = _Mode("return_to_run", disposition, latest, stage=completed + 1)
            pain_max = library.number("return_to_run", "pain_during_max")
            previous = triaged[-2] if len(triaged) >= 2 else None
            if latest is None or latest.pain_during is None or latest.pain_next_morning is None:
                mode.hold = "plan.why.return_reason_unknown"
            elif latest.pain_during > pain_max or (
                previous is not None
                and previous.pain_next_morning is not None
                and latest.pain_next_morning > previous.pain_next_morning
            ):
                mode.hold = "plan.why.return_reason_pain"
                mode.stage = max(1, mode.stage - 1)
            return mode
    return _Mode("normal", disposition, latest)


def _dose_why(dose: Dose) -> list[str]:
    """The dose's reasons, each with the source of the step that produced it."""
    data = dose_file()
    sources = [data.base.duration_min.source]
    by_id = {a.id: a.source for a in data.adjustments}
    sources += [by_id[a] for a in dose.applied]
    return [library.cite(text, src) for text, src in zip(dose.why, sources)]


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


def _consecutive(total: np.ndarray, i: int) -> int:
    n = 0
    while i - 1 - n >= 0 and total[i - 1 - n] > 0:
        n += 1
    return n


class _Planner:
    def __init__(self, inp: PlanInputs) -> None:
        if not isinstance(inp.days, int) or isinstance(inp.days, bool) or not 1 <= inp.days <= MAX_DAYS:
            raise InputError("days", inp.days, f"give a whole number of days from 1 to {MAX_DAYS}")
        self.inp = inp
        self.limits = capmod.Limits.load()
        self.rules = library.rules()
        self.today = inp.today
        self.start = inp.today + timedelta(days=1)
        self.facts = _facts(inp.profile, inp.today)
        self.dose = prescribed_dose(inp.profile, inp.today)
        self.risks = _risks(inp, self.facts)
        self.tl = _timeline(inp.history, inp.today, inp.days, self.limits.week)
        self.mode = _mode(inp.reports, self.tl, inp.today)
        experience = self.facts["experience"]
        self.sessions = library.by_experience("sessions_per_week", experience)
        self.consecutive = library.by_experience("max_consecutive_run_days", experience)
        self.strength_per_week = int(library.number("schedule", "strength_days_per_week"))
        break_days = int(library.number("schedule", "long_break_days"))
        ti = self.tl.index(inp.today)
        self.restarting = not bool(np.any(self.tl.total[max(ti - break_days + 1, 0) : ti + 1] > 0))
        self.break_days = break_days
        if self.mode.name == "normal" and self.restarting:
            self.mode.name = "restart"
        self.base = self._base_target()
        self.first_week_km = self.sessions * self.base.km
        self.stage_next = self.mode.stage
        self.long_days: list[int] = []
        self.rest_reason: str | None = None

    # -- session sizes -------------------------------------------------
    def _base_target(self) -> _Target:
        dose = self.dose
        kind, km, minutes = dose.kind, dose.distance_km, dose.duration_min
        why = _dose_why(dose)
        if self.mode.name in ("restart", "return_to_run") and kind != "walk_run":
            restart = self.rules["restart"]
            kind = str(restart["kind"])
            km *= library.number("restart", "distance_factor")
            if self.mode.name == "restart":
                why.append(say(restart["text"], restart["source"], days=self.break_days))
        if self.mode.disposition == "modify_training":
            mod = self.rules["triage"]["modify_training"]
            factor = library.number("triage", "modify_training", "distance_factor")
            km, minutes = km * factor, minutes * factor
            day = self.mode.latest.date.isoformat() if self.mode.latest else ""
            why.append(say(mod["text"], mod["source"], date=day))
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

    def _long_ok(self, i: int) -> bool:
        long_rule = self.rules["schedule"]["long_run"]
        if (
            self.mode.name != "normal"
            or self.base.kind != "easy_run"
            or self.facts["experience"] not in long_rule["experience"]
        ):
            return False
        if self.mode.disposition == "modify_training" and not self.rules["triage"]["modify_training"]["long_run"]:
            return False
        week = self.limits.week
        lo = max(i - week + 1, self.tl.index(self.start))
        planned_runs = int(np.count_nonzero(self.tl.total[lo:i] > 0))
        return self._long_count(i) < int(library.number("schedule", "long_run", "per_week")) and planned_runs >= 2

    def _long_count(self, i: int) -> int:
        return sum(1 for d in self.long_days if i - self.limits.week < d < i)

    def _target(self, i: int) -> _Target:
        if self.mode.name == "return_to_run":
            return self._stage_target()
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
        km = capmod.floor_km(min(target.km, capped))
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
        if km < self.limits.min_run_km:
            self.rest_reason = say("plan.why.cap_rest", "frandsen-2025", min_km=self.limits.min_run_km)
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
            why = (
                say(
                    "plan.why.triage_block",
                    "strideguard-triage",
                    date=latest.date.isoformat() if latest else "",
                    disposition=knowledge.text(f"plan.disposition.{self.mode.disposition}"),
                ),
            )
            return Day(
                day,
                Session("rest", 0, 0.0, "rest", why),
                (),
                (),
                (say(f"plan.note.disposition.{self.mode.disposition}", "strideguard-triage"),),
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
        result.extra.update({"today": self.today.isoformat(), "disclaimer": DISCLAIMER})
        result.extra["sources"] = _sources(result.to_dict())
        return result

    # -- notes ---------------------------------------------------------------
    def _notes(self) -> list[str]:
        notes: list[str] = []
        if self.mode.name == "no_running":
            notes.append(say(f"plan.note.disposition.{self.mode.disposition}", "strideguard-triage"))
        if self.mode.name == "return_to_run":
            notes.append(say("plan.note.return", "silbernagel-2007"))
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
