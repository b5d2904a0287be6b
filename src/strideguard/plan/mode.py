"""The plan's mode from the symptom episodes (DESIGN.md section 6b, CONTRACT.md plan).

The most urgent open episode caps the plan: no running while it says ``stop_and_rest``,
``see_doctor`` or ``emergency``; after such an episode is cleared, a walk-run return that
advances one stage a session on the 24-hour pain response (Silbernagel 2007).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from ..domain import DISPOSITIONS
from ..triage.episodes import label as episode_label
from ..triage.episodes import open_on
from . import library
from .model import Episode, Report


@dataclass
class Mode:
    name: str  # normal, restart, return_to_run, no_running
    disposition: str
    latest: Report | None
    stage: int = 0  # return to run: 1-based stage of the next session
    hold: str | None = None  # why the stage does not advance
    why: list[str] = field(default_factory=list)
    label: str = ""  # the governing episode's body part, e.g. "left knee"


def mode_of(episodes: tuple[Episode, ...], total: np.ndarray, today_index: int, today: date) -> Mode:
    """The plan's mode from the symptom episodes: the most urgent open one caps it (DESIGN.md 6b)."""
    rules = library.rules()
    no_running = set(rules["triage"]["no_running"])
    open_now = open_on(episodes, today)
    governing = open_now[0] if open_now else None
    latest = governing.latest(today) if governing is not None else None
    disposition = governing.disposition(today) if governing is not None else "continue"
    part = episode_label(governing.key) if governing is not None else ""
    if disposition in no_running:
        return Mode("no_running", disposition, latest, label=part)
    # walk-run back after the most recent episode that stopped running was cleared
    cleared = [(day, e) for e in episodes if (day := e.cleared_on(today, no_running)) is not None]
    if cleared:
        clearing_day, episode = max(cleared, key=lambda pair: pair[0])
        ti = today_index
        first = max(ti + (clearing_day - today).days + 1, 0)
        completed = int(np.count_nonzero(total[first : ti + 1] > 0))
        stages = rules["return_to_run"]["stages"]
        if completed < len(stages):
            mode = Mode("return_to_run", disposition, latest, stage=completed + 1, label=part)
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
    return Mode("normal", disposition, latest, label=part)
