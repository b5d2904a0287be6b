"""The recommendation beside the next session: the signals and the governing symptom episode combined.

Rules (knowledge/signals.yaml ``recommendation``):
- while the most urgent open symptom episode says ``stop_and_rest``, ``see_doctor``
  or ``emergency``, the disposition is that and the action says why no running;
- otherwise the disposition is the most urgent of the episode's and of each
  signal's level (``high`` -> ``modify_training``), where context-only signals
  (acute:chronic ratio, fitness, fatigue, form) never count;
- the session itself is the planner's next day (``plan/core.py``): the actions
  speak of that session, so status, Today and the plan say one thing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .. import knowledge
from ..domain import urgency
from ..load.signal import Signal
from ..load.thresholds import section


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


def _more_urgent(a: str, b: str) -> str:
    return a if urgency(a) <= urgency(b) else b


def recommend(
    signals: list[Signal], session: Mapping[str, Any], triage: Mapping[str, Any] | None = None
) -> Recommendation:
    """Combine the signals with the governing episode (``{disposition, report_date, label}``) and the next session."""
    rec = section("recommendation")
    context_only = set(rec["context_only"])
    by_id = {s.id: s for s in signals}
    disposition = "continue"
    actions: list[dict[str, Any]] = []
    reasons: list[str] = []
    next_session = dict(session)

    if triage is not None and triage.get("disposition") in rec["order"]:
        disposition = _more_urgent(str(triage["disposition"]), disposition)
    if triage is not None and disposition in rec["no_running"]:
        actions.append(
            {
                "id": "no_running",
                "text": knowledge.text(
                    "action.no_running",
                    report_date=triage.get("report_date"),
                    disposition=knowledge.text(f"plan.disposition.{disposition}"),
                    label=triage.get("label", ""),
                ),
                "source": "seed-article",
            }
        )
        return Recommendation(disposition, next_session, actions, ["triage"])

    values = {
        "next_km": float(next_session.get("distance_km") or 0.0),
        "next_min": float(next_session.get("duration_min") or 0.0),
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
    return Recommendation(disposition, next_session, actions, reasons)
