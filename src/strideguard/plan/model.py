"""Inputs and outputs of the planning core (pure data, no I/O)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np

from ..load.series import Runs
from ..triage.episodes import Episode, Report, group

__all__ = ["Day", "Episode", "History", "Plan", "PlanInputs", "Report", "Session"]


@dataclass(frozen=True)
class History:
    """Daily running history: index ``i`` is ``first_day + i`` days, up to and including ``last_day``.

    ``distance_km`` is the day's total running distance, ``longest_km`` its longest
    single run (the session-spike reference counts single runs, not days);
    ``duration_min`` (the day's running minutes) and ``runs`` (how many runs) are
    known when the history comes from stored runs, else None.
    """

    first_day: date
    distance_km: np.ndarray
    longest_km: np.ndarray
    duration_min: np.ndarray | None = None
    runs: np.ndarray | None = None

    def __post_init__(self) -> None:
        n = len(self.distance_km)
        if len(self.longest_km) != n:
            raise ValueError("distance_km and longest_km must have the same length")
        for extra in (self.duration_min, self.runs):
            if extra is not None and len(extra) != n:
                raise ValueError("duration_min and runs must have the length of distance_km")

    @property
    def last_day(self) -> date:
        return self.first_day + timedelta(days=len(self.distance_km) - 1)

    def index(self, day: date) -> int:
        return (day - self.first_day).days

    def run_counts(self) -> np.ndarray:
        """Runs per day (a day with distance counts as one run when the counts are unknown)."""
        return self.runs if self.runs is not None else (self.distance_km > 0).astype(float)

    @staticmethod
    def empty(today: date) -> History:
        return History(today, np.zeros(1), np.zeros(1))

    @staticmethod
    def from_daily(
        first_day: date,
        distance_km: Sequence[float],
        longest_km: Sequence[float] | None = None,
        duration_min: Sequence[float] | None = None,
    ) -> History:
        """From daily totals (one run a day when ``longest_km`` is not given)."""
        dist = np.nan_to_num(np.asarray(distance_km, dtype=float), nan=0.0)
        longest = dist if longest_km is None else np.nan_to_num(np.asarray(longest_km, dtype=float), nan=0.0)
        minutes = None if duration_min is None else np.nan_to_num(np.asarray(duration_min, dtype=float), nan=0.0)
        return History(first_day, dist.copy(), longest.copy(), minutes)

    @staticmethod
    def from_runs(runs: Runs, today: date) -> History:
        """Daily totals, longest single run, minutes and run counts from the signals' per-run arrays."""
        first_int = runs.first_day
        today_int = int(np.datetime64(today, "D").astype(np.int64))
        if first_int is None or first_int > today_int:
            return History.empty(today)
        keep = (runs.day <= today_int) & np.isfinite(runs.distance_km) & (runs.distance_km > 0)
        days = runs.day[keep] - first_int
        km = runs.distance_km[keep]
        length = today_int - first_int + 1
        total = np.bincount(days, weights=km, minlength=length).astype(float)
        longest = np.zeros(length)
        np.maximum.at(longest, days, km)
        minutes = np.nan_to_num(runs.duration_min[keep], nan=0.0)
        duration = np.bincount(days, weights=minutes, minlength=length).astype(float)
        counts = np.bincount(days, minlength=length).astype(float)
        first = date.fromisoformat(str(np.datetime64(first_int, "D")))
        return History(first, total, longest, duration, counts)


@dataclass(frozen=True)
class PlanInputs:
    """Everything the planner needs; nothing is read from a clock, a file or a database."""

    today: date
    profile: Mapping[str, Any]
    history: History
    reports: tuple[Report, ...] = ()  # oldest first
    shoes: tuple[Mapping[str, Any], ...] = ()  # store.shoes.list_with_mileage rows
    days: int = 7
    # The stored episodes of the reports; when None they are grouped from ``reports`` the way the store does.
    episodes: tuple[Episode, ...] | None = None

    def symptom_episodes(self) -> tuple[Episode, ...]:
        return self.episodes if self.episodes is not None else tuple(group(self.reports))


@dataclass(frozen=True)
class Session:
    kind: str
    duration_min: int
    distance_km: float
    intensity: str
    why: tuple[str, ...]

    @property
    def is_run(self) -> bool:
        return self.distance_km > 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "duration_min": self.duration_min,
            "distance_km": self.distance_km,
            "intensity": self.intensity,
            "why": list(self.why),
        }


@dataclass(frozen=True)
class Day:
    date: date
    session: Session
    warmup: tuple[str, ...] = ()
    strength: tuple[str, ...] = ()
    recovery: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "session": self.session.to_dict(),
            "warmup": list(self.warmup),
            "strength": list(self.strength),
            "recovery": list(self.recovery),
            "cues": list(self.cues),
        }


@dataclass(frozen=True)
class Plan:
    start: date
    disposition: str
    days: tuple[Day, ...]
    notes: tuple[str, ...]
    readiness: dict[str, Any]
    cards: tuple[dict[str, Any], ...]
    signals: dict[str, Any]
    mode: str  # normal, restart, return_to_run, no_running
    risks: tuple[str, ...]
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "disposition": self.disposition,
            "mode": self.mode,
            "risks": list(self.risks),
            "days": [d.to_dict() for d in self.days],
            "notes": list(self.notes),
            "readiness": self.readiness,
            "cards": list(self.cards),
            "signals": self.signals,
            **self.extra,
        }
