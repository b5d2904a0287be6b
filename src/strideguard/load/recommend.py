"""The recommendation for the next session: signals combined with the latest triage.

Rules (knowledge/signals.yaml ``recommendation``):
- while the latest stored triage is ``stop_and_rest``, ``see_doctor`` or
  ``emergency``, no running session: the session is rest;
- otherwise the disposition is the most urgent of the triage's and of each
  signal's level (``high`` -> ``modify_training``), where context-only signals
  (acute:chronic ratio, fitness, fatigue, form) never count;
- the session is the prescribed dose, capped so that it is neither a spike above
  the ``ok`` band nor a week above the ``caution`` band.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .. import knowledge
from ..errors import KnowledgeError
from ..plan.dose import Dose
from .series import DailySeries, Runs
from .signal import Signal
from .thresholds import bands, section


@dataclass(frozen=True)
class Recommendation:
    disposition: str
    session: dict[str, Any]
    actions: list[dict[str, Any]] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "disposition": self.disposition,
            "session": self.session,
            "actions": self.actions,
            "reasons": self.reasons,
        }


def _band_upper(ref: str) -> float:
    """Top edge of the first band of ``signal.level`` (e.g. ``session_spike.ok`` -> 0.10)."""
    name, level = ref.split(".", 1)
    for band in bands(name):
        if band.level == level:
            return band.upper
    raise KnowledgeError(f"knowledge/signals.yaml: recommendation refers to {ref!r}, which has no such band")


def session_caps(runs: Runs, series: DailySeries, day: int) -> tuple[float | None, float | None]:
    """Largest next-day run (km) that stays an ok spike, and that keeps the week out of 'high'."""
    rec = section("recommendation")
    spike_cap = None
    next_day = day + 1
    lo = int(np.searchsorted(runs.day, next_day - 30, side="left"))
    hi = int(np.searchsorted(runs.day, next_day, side="left"))
    previous = runs.distance_km[lo:hi]
    previous = previous[np.isfinite(previous) & (previous > 0)]
    if previous.size:
        spike_cap = float(previous.max()) * (1.0 + _band_upper(str(rec["spike_cap_band"])))
    weekly_cap = None
    prev_week = float(series.window(series.distance_km, next_day - 13, next_day - 7).sum())
    if prev_week > 0:
        this_week = float(series.window(series.distance_km, next_day - 6, day).sum())
        weekly_cap = max(0.0, prev_week * (1.0 + _band_upper(str(rec["weekly_cap_band"]))) - this_week)
    return spike_cap, weekly_cap


def _order() -> list[str]:
    return list(section("recommendation")["order"])


def _more_urgent(a: str, b: str) -> str:
    order = _order()
    return a if order.index(a) <= order.index(b) else b


def recommend(
    signals: list[Signal],
    dose: Dose,
    runs: Runs,
    series: DailySeries,
    day: int,
    triage: dict[str, Any] | None = None,
) -> Recommendation:
    """Combine the signals on ``day`` with the latest triage (``{disposition, report_date}``) and the dose."""
    rec = section("recommendation")
    context_only = set(rec["context_only"])
    by_id = {s.id: s for s in signals}
    disposition = "continue"
    actions: list[dict[str, Any]] = []
    reasons: list[str] = []

    if triage is not None and triage.get("disposition") in _order():
        disposition = _more_urgent(str(triage["disposition"]), disposition)
    if triage is not None and disposition in rec["no_running"]:
        actions.append(
            {
                "id": "no_running",
                "text": knowledge.text(
                    "action.no_running",
                    report_date=triage.get("report_date"),
                    disposition=disposition,
                    label=triage.get("label", ""),
                ),
                "source": "seed-article",
            }
        )
        return Recommendation(disposition, {"kind": "rest", "duration_min": 0, "distance_km": 0.0}, actions, ["triage"])

    spike_cap, weekly_cap = session_caps(runs, series, day)
    values = {
        "spike_cap_km": spike_cap or 0.0,
        "weekly_cap_km": weekly_cap or 0.0,
        "dose_min": dose.duration_min,
        "dose_km": dose.distance_km,
        "shoe": (by_id["shoe_mileage"].extra.get("shoe") if "shoe_mileage" in by_id else ""),
    }
    for sig in signals:
        if sig.id in context_only or sig.level not in ("caution", "high"):
            continue
        reasons.append(sig.id)
        disposition = _more_urgent(str(rec["level_disposition"][sig.level]), disposition)
        action = rec["actions"].get(sig.id)
        if action:
            text = knowledge.text(action, **{**values, **sig.extra})
            actions.append({"id": sig.id, "text": text, "source": sig.source, "level": sig.level})
    if reasons:
        # Context signals may support other reasons, never stand alone.
        reasons += [s.id for s in signals if s.id in context_only and s.level in ("caution", "high")]

    distance = dose.distance_km
    for cap in (spike_cap, weekly_cap):
        if cap is not None:
            distance = min(distance, cap)
    distance = float(np.floor(distance * 10) / 10)
    if distance <= 0:
        actions.append({"id": "rest_cap", "text": knowledge.text("action.rest_cap"), "source": "frandsen-2025"})
        return Recommendation(disposition, {"kind": "rest", "duration_min": 0, "distance_km": 0.0}, actions, reasons)
    duration = round(dose.duration_min * distance / dose.distance_km)
    session = {"kind": dose.kind, "duration_min": int(duration), "distance_km": distance}
    return Recommendation(disposition, session, actions, reasons)
