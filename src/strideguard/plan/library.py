"""Typed access to the prescription knowledge: ``knowledge/plan/*.yaml``.

Every number is read as ``{value, source}`` and every source id is checked
against ``knowledge/sources/``; a missing entry is a ``KnowledgeError`` naming
the file and the place, never a silent default.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .. import knowledge
from ..errors import KnowledgeError

RULES = "plan/rules.yaml"
PROGRAMMES = "plan/programmes.yaml"
CARDS = "plan/cards.yaml"
RISKS: tuple[str, ...] = ("knee", "ankle", "foot")


def cite(text: str, source: str) -> str:
    """A runner-facing sentence with its source id, as every plan text carries it."""
    return f"{text} [{source}]"


def say(text_id: str, source: str, **values: Any) -> str:
    """The locale text ``text_id`` formatted with ``values``, followed by its source id."""
    return cite(knowledge.text(text_id, **values), check_source(source, text_id))


def check_source(sid: Any, where: str) -> str:
    if not isinstance(sid, str) or sid not in knowledge.sources():
        raise KnowledgeError(f"knowledge/plan: {where}: source {sid!r} is not defined under knowledge/sources/")
    return sid


def _mapping(data: Any, rel: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise KnowledgeError(f"knowledge/{rel}: expected a mapping")
    return data


@lru_cache(maxsize=1)
def rules() -> dict[str, Any]:
    return _mapping(knowledge.load(RULES), RULES)


def number(*path: str) -> float:
    """``rules.yaml[path...]``: a ``{value, source}`` entry, checked."""
    node: Any = rules()
    for key in path:
        node = node.get(key) if isinstance(node, dict) else None
    where = ".".join(path)
    if (
        not isinstance(node, dict)
        or not isinstance(node.get("value"), (int, float))
        or isinstance(node.get("value"), bool)
    ):
        raise KnowledgeError(f"knowledge/{RULES}: {where} needs a numeric 'value' and a 'source'")
    check_source(node.get("source"), where)
    return float(node["value"])


def by_experience(key: str, experience: str | None) -> int:
    table = rules()["schedule"][key]
    name = experience if experience in table else "unknown"
    return int(number("schedule", key, str(name)))


@dataclass(frozen=True)
class Exercise:
    id: str
    section: str
    sets: int
    reps: str
    tags: tuple[str, ...]
    group: str
    source: str

    def line(self) -> str:
        return cite(
            knowledge.text(
                "exercise.line",
                name=knowledge.text(f"ex.{self.id}.name"),
                sets=self.sets,
                reps=self.reps,
                cue=knowledge.text(f"ex.{self.id}.cue"),
            ),
            self.source,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": knowledge.text(f"ex.{self.id}.name"),
            "sets": self.sets,
            "reps": self.reps,
            "cue": knowledge.text(f"ex.{self.id}.cue"),
            "group": self.group,
            "risks": list(self.tags),
            "source": self.source,
        }


SECTIONS: tuple[str, ...] = ("warmup", "strength", "stretching", "cooldown")


@lru_cache(maxsize=1)
def programmes() -> dict[str, tuple[Exercise, ...]]:
    data = _mapping(knowledge.load(PROGRAMMES), PROGRAMMES)
    texts = knowledge.texts("en")
    out: dict[str, tuple[Exercise, ...]] = {}
    for section in SECTIONS:
        items = data.get(section)
        if not isinstance(items, list) or not items:
            raise KnowledgeError(f"knowledge/{PROGRAMMES}: {section} needs a non-empty list")
        parsed = []
        for i, item in enumerate(items):
            where = f"{section}[{i}]"
            if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                raise KnowledgeError(f"knowledge/{PROGRAMMES}: {where} needs an id")
            for suffix in ("name", "cue"):
                if f"ex.{item['id']}.{suffix}" not in texts:
                    raise KnowledgeError(
                        f"knowledge/{PROGRAMMES}: {where}: text ex.{item['id']}.{suffix} missing in locale/en"
                    )
            tags = tuple(item.get("tags") or ())
            bad = [t for t in tags if t not in (*RISKS, "all")]
            if not tags or bad:
                raise KnowledgeError(f"knowledge/{PROGRAMMES}: {where}: tags must be 'all' or {', '.join(RISKS)}")
            if not isinstance(item.get("sets"), int) or not item.get("reps"):
                raise KnowledgeError(f"knowledge/{PROGRAMMES}: {where} needs integer sets and reps")
            parsed.append(
                Exercise(
                    id=item["id"],
                    section=section,
                    sets=int(item["sets"]),
                    reps=str(item["reps"]),
                    tags=tags,
                    group=str(item.get("group", "general")),
                    source=check_source(item.get("source"), f"{PROGRAMMES} {where}"),
                )
            )
        out[section] = tuple(parsed)
    return out


def programme_limit(section: str) -> int:
    data = _mapping(knowledge.load(PROGRAMMES), PROGRAMMES)
    entry = data.get("limits", {}).get(section)
    if not isinstance(entry, dict) or not isinstance(entry.get("value"), int):
        raise KnowledgeError(f"knowledge/{PROGRAMMES}: limits.{section} needs an integer 'value' and a 'source'")
    check_source(entry.get("source"), f"{PROGRAMMES} limits.{section}")
    return int(entry["value"])


@lru_cache(maxsize=1)
def cards_data() -> dict[str, Any]:
    data = _mapping(knowledge.load(CARDS), CARDS)
    texts = knowledge.texts("en")
    for cid, card in data.items():
        if not isinstance(card, dict) or card.get("title") not in texts or not isinstance(card.get("steps"), list):
            raise KnowledgeError(f"knowledge/{CARDS}: card {cid!r} needs a title text id and a list of steps")
        for i, step in enumerate(card["steps"]):
            if not isinstance(step, dict) or step.get("text") not in texts:
                raise KnowledgeError(f"knowledge/{CARDS}: {cid}.steps[{i}] needs a text id defined in locale/en")
            check_source(step.get("source"), f"{CARDS} {cid}.steps[{i}]")
    return data
