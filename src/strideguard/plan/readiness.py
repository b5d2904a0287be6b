"""Readiness check before a runner starts or restarts (seed article: check condition and strength first).

- body-mass index >= 25: weight management advice;
- beginners, or a restart after a long break: a 2-4 week leg-strength and
  calf-stretching block (the plan's strength days);
- always: run with people of a similar level.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import library


def readiness(facts: Mapping[str, Any], restarting: bool) -> dict[str, Any]:
    """``facts``: experience, age, bmi (None when unknown). Returns ``{applies, items}``."""
    items: list[dict[str, Any]] = []
    bmi = facts.get("bmi")
    limit = library.number("readiness", "bmi_weight_advice")
    if bmi is None:
        items.append(
            {"id": "weight", "status": "unknown", "text": library.say("readiness.unknown_weight", "seed-article")}
        )
    elif bmi >= limit:
        items.append(
            {"id": "weight", "status": "advice", "text": library.say("readiness.weight", "seed-article", bmi=bmi)}
        )
    else:
        items.append(
            {"id": "weight", "status": "ok", "text": library.say("readiness.ok_weight", "seed-article", bmi=bmi)}
        )
    beginner = facts.get("experience") == "beginner"
    applies = beginner or restarting
    if applies:
        items.append({"id": "check", "status": "advice", "text": library.say("readiness.check", "seed-article")})
        items.append(
            {
                "id": "strength_block",
                "status": "advice",
                "text": library.say(
                    "readiness.block",
                    "seed-article",
                    weeks_min=int(library.number("readiness", "block_weeks_min")),
                    weeks_max=int(library.number("readiness", "block_weeks_max")),
                ),
            }
        )
    items.append({"id": "partner", "status": "advice", "text": library.say("readiness.partner", "seed-article")})
    return {"applies": applies, "beginner": beginner, "restarting": restarting, "items": items}
