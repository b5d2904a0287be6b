"""Fitness, fatigue and form (Banister impulse-response) as signals.

See :mod:`.ewma` for the discretisation. No injury threshold is validated for
these numbers, so a known value is always level ``ok`` and its sentence says it
is context; with less history than the time constant the level is ``unknown``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import knowledge
from .ewma import ewma
from .series import DailySeries
from .signal import Signal, unknown
from .thresholds import param, signal_source


@dataclass(frozen=True)
class FitnessFatigue:
    fitness: np.ndarray
    fatigue: np.ndarray

    @property
    def form(self) -> np.ndarray:
        return self.fitness - self.fatigue


def fitness_fatigue(daily_load: np.ndarray) -> FitnessFatigue:
    """Banister fitness (42-day) and fatigue (7-day) of a daily load series."""
    return FitnessFatigue(
        fitness=ewma(daily_load, param("banister", "fitness_days")),
        fatigue=ewma(daily_load, param("banister", "fatigue_days")),
    )


def banister_signals(series: DailySeries, day: int, first_run_day: int | None) -> list[Signal]:
    """``fitness``, ``fatigue`` and ``form`` on day D."""
    source = signal_source("banister")
    fit_days, fat_days = param("banister", "fitness_days"), param("banister", "fatigue_days")
    history = 0 if first_run_day is None or first_run_day > day else day - first_run_day + 1
    model = fitness_fatigue(series.window(series.load, series.first_day, day)) if history else None
    metric = knowledge.text(f"banister.metric.{series.load_metric}")
    out: list[Signal] = []
    for sid, needed, pick in (
        ("fitness", fit_days, lambda m: m.fitness),
        ("fatigue", fat_days, lambda m: m.fatigue),
        ("form", fit_days, lambda m: m.form),
    ):
        if model is None or history < needed:
            out.append(unknown(sid, "banister.no_history", source, days=int(needed)))
            continue
        value = float(pick(model)[-1])
        detail = knowledge.text(f"{sid}.known", value=value, metric=metric)
        out.append(Signal(sid, value, "ok", detail, source, {"metric": series.load_metric}))
    return out
