"""Cards a runner can open any time: cramp first aid, posture, after the run, equipment, warning signs."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .. import knowledge
from . import library


def cards(risks: Iterable[str] = ()) -> tuple[dict[str, Any], ...]:
    """Every card, its steps in order, each with its source id; risk-specific steps only for those risks."""
    wanted = set(risks)
    out = []
    for cid, card in library.cards_data().items():
        steps = [
            library.say(step["text"], step["source"])
            for step in card["steps"]
            if not step.get("risks") or wanted.intersection(step["risks"])
        ]
        out.append({"id": cid, "title": knowledge.text(card["title"]), "steps": steps})
    return tuple(out)


def card(cid: str, risks: Iterable[str] = ()) -> dict[str, Any]:
    for item in cards(risks):
        if item["id"] == cid:
            return item
    raise KeyError(cid)
