"""History features: pure functions over the runner's earlier symptom reports.

Only reports dated on or before the report being triaged count; windows and the
"not settled" pain level come from ``knowledge/triage/rules.yaml`` (``history:``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from ..schemas import SymptomReport


@dataclass(frozen=True)
class HistorySettings:
    """Windows (days) and levels the history features use; loaded from the rules file."""

    knee_after_run_window_days: int
    ankle_injury_window_days: int
    trend_window_days: int
    morning_compare_window_days: int
    unsettled_morning_min_pain: int
    injury_mechanisms: tuple[str, ...]


@dataclass(frozen=True)
class HistoryFeatures:
    """What the earlier reports say; ``None`` where the current report leaves it unknown."""

    knee_after_run: int
    ankle_injuries: int
    pain_rises: int | None
    morning_pain_change: int | None
    unsettled_mornings: int | None

    def as_facts(self) -> dict[str, int | None]:
        return {
            "history_knee_after_run": self.knee_after_run,
            "history_ankle_injuries": self.ankle_injuries,
            "pain_rises": self.pain_rises,
            "morning_pain_change": self.morning_pain_change,
            "unsettled_mornings": self.unsettled_mornings,
        }


def _within(report: SymptomReport, prior: SymptomReport, days: int) -> bool:
    """An earlier report inside the window; the report itself (or an identical copy) is not history."""
    return report.date - timedelta(days=days) <= prior.date <= report.date and prior != report


def _same_site(a: SymptomReport, b: SymptomReport) -> bool:
    """Same region, and not known to be on the other side."""
    if a.region != b.region:
        return False
    return a.side is None or b.side is None or a.side == b.side or "both" in (a.side, b.side)


def session_pain(report: SymptomReport) -> int | None:
    """The pain of the session a report describes: during the run, else just after it."""
    return report.pain_during if report.pain_during is not None else report.pain_after


def after_run_pain(report: SymptomReport) -> bool:
    return (report.pain_after or 0) >= 1 or "after_run" in (report.when or ())


def _series(report: SymptomReport, history: Sequence[SymptomReport], days: int) -> list[SymptomReport]:
    """Earlier reports of the same site inside the window, oldest first (stable), then this one."""
    earlier = [p for p in history if _within(report, p, days) and _same_site(report, p)]
    return [*sorted(earlier, key=lambda p: p.date), report]


def count_knee_after_run(report: SymptomReport, history: Sequence[SymptomReport], days: int) -> int:
    """Earlier knee reports with pain after running, in the window before this report."""
    return sum(1 for p in history if p.region == "knee" and _within(report, p, days) and after_run_pain(p))


def count_ankle_injuries(
    report: SymptomReport, history: Sequence[SymptomReport], days: int, mechanisms: tuple[str, ...]
) -> int:
    """Earlier ankle reports that followed an injury (a twist, fall, impact or pop) in the window."""
    return sum(1 for p in history if p.region == "ankle" and _within(report, p, days) and p.mechanism in mechanisms)


def pain_rises(series: Sequence[SymptomReport]) -> int | None:
    """How many session-to-session increases in pain end at the last report (0 = not rising)."""
    if not series or session_pain(series[-1]) is None:
        return None
    scores = [s for s in (session_pain(r) for r in series) if s is not None]
    rises = 0
    for before, after in zip(reversed(scores[:-1]), reversed(scores[1:]), strict=True):
        if after > before:
            rises += 1
        else:
            break
    return rises


def morning_change(series: Sequence[SymptomReport]) -> int | None:
    """This report's next-morning pain minus the latest earlier one (``None`` if either is missing)."""
    current = series[-1].pain_next_morning if series else None
    if current is None:
        return None
    earlier = [r.pain_next_morning for r in series[:-1] if r.pain_next_morning is not None]
    return current - earlier[-1] if earlier else None


def unsettled_run(series: Sequence[SymptomReport], level: int) -> int | None:
    """How many reports in a row, ending with this one, still had pain >= ``level`` the next morning."""
    if not series or series[-1].pain_next_morning is None:
        return None
    mornings = [r.pain_next_morning for r in series if r.pain_next_morning is not None]
    run = 0
    for value in reversed(mornings):
        if value >= level:
            run += 1
        else:
            break
    return run


def history_features(
    report: SymptomReport, history: Sequence[SymptomReport], settings: HistorySettings
) -> HistoryFeatures:
    trend = _series(report, history, settings.trend_window_days)
    morning = _series(report, history, settings.morning_compare_window_days)
    return HistoryFeatures(
        knee_after_run=count_knee_after_run(report, history, settings.knee_after_run_window_days),
        ankle_injuries=count_ankle_injuries(
            report, history, settings.ankle_injury_window_days, settings.injury_mechanisms
        ),
        pain_rises=pain_rises(trend),
        morning_pain_change=morning_change(morning),
        unsettled_mornings=unsettled_run(trend, settings.unsettled_morning_min_pain),
    )
