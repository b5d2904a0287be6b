"""Starting without a usual week: the weekly programme of a beginner or a restart (DESIGN.md section 7).

Pure functions. Without three weeks of running to measure (``plan/baseline.py``), the plan
progresses within itself, week by week from the runner's (re)start:
- the walk-run stage (``return_to_run.stages`` of ``knowledge/plan/rules.yaml``: the run and walk
  minutes of each stage) advances one stage a week while the 24-hour pain response allows it
  (Silbernagel 2007: pain during running at most 5/10, the next morning no worse); past the last
  stage the sessions are easy runs;
- the volume rises by at most the weekly ok band (10 %) a week (plan/caps.py), with a lighter week
  after every three weeks of building (Pfitzinger & Douglas 2009), the stage held in it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from . import library
from .model import History, Report

WEEK = 7


@dataclass(frozen=True)
class ProgrammeWeek:
    index: int  # weeks since the (re)start: 0 is the first
    stage: int  # walk-run stage, 1-based; 0 past the last stage (easy runs)
    lighter: bool
    held: bool  # the stage did not advance into this week (the pain response or a lighter week)
    stepped_back: bool = False  # pain above the limit: one stage back


def start_day(history: History, today: date, break_days: int) -> date | None:
    """The first run after the last ``break_days`` or more without running (or the first run ever); None if
    there is no run in the last ``break_days`` days (the programme starts with the plan)."""
    ti = history.index(today)
    if ti < 0:
        return None
    km = history.distance_km[: ti + 1]
    ran = np.flatnonzero(km > 0)
    if not ran.size or ti - int(ran[-1]) >= break_days:
        return None
    gaps = np.flatnonzero(np.diff(ran) > break_days)
    first = int(ran[gaps[-1] + 1]) if gaps.size else int(ran[0])
    return history.first_day + timedelta(days=first)


def over_limits(report: Report) -> tuple[bool, bool]:
    """(hold, step back) from one report's 24-hour pain response (Silbernagel 2007)."""
    pain_max = library.number("return_to_run", "pain_during_max")
    during, morning = report.pain_during, report.pain_next_morning
    above = during is not None and during > pain_max
    worse = morning is not None and ((during is not None and morning > during) or morning > pain_max)
    return above or worse, above


def weeks(
    start: date | None,
    first_day: date,
    count: int,
    start_stage: int,
    stages: int,
    reports: Iterable[Report],
    walk_run: bool,
) -> list[ProgrammeWeek]:
    """The programme weeks of the ``count`` 7-day blocks of the plan beginning on ``first_day``.

    ``start``: the (re)start day (None: the plan's first day starts it). Weeks are counted from it; the
    plan's blocks take the programme week they begin in. A report in a past programme week with pain
    above the limits, or a next morning worse than the run, holds the stage of the week after it (and
    pain above 5/10 steps it back one). Future weeks advance one stage each, on the same condition,
    which the plan says.
    """
    origin = start or first_day
    build_weeks = int(library.number("baseline", "build_weeks"))
    offset = max((first_day - origin).days // WEEK, 0)
    response: dict[int, tuple[bool, bool]] = {}
    for r in reports:
        if r.date < origin:
            continue
        w = (r.date - origin).days // WEEK
        hold, back = over_limits(r)
        old = response.get(w, (False, False))
        response[w] = (old[0] or hold, old[1] or back)
    out: list[ProgrammeWeek] = []
    stage = start_stage
    for index in range(0, offset + count):
        lighter = (index + 1) % (build_weeks + 1) == 0
        held = stepped = False
        if index > 0:
            hold, back = response.get(index - 1, (False, False))
            if lighter or hold:
                held, stepped = True, back
                stage = max(1, stage - 1) if back else stage
            else:
                stage += 1
        if index >= offset:
            shown = stage if walk_run and stage <= stages else 0
            out.append(ProgrammeWeek(index, shown, lighter, held, stepped))
    return out
