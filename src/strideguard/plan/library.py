"""Typed access to the prescription knowledge: ``knowledge/plan/*.yaml``.

Every file is validated by the pydantic models below (numbers as
``knowledge.models.Number``: ``{value, source}`` with a defined source id); a
missing or misspelt entry is a ``KnowledgeError`` naming the file, the line and
the place, never a silent default.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from pydantic import Field, RootModel, StrictInt, model_validator

from .. import knowledge
from ..errors import KnowledgeError
from ..knowledge.models import Number, SourceId, Strict, TextId

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
    """``rules.yaml[path...]``: a ``{value, source}`` entry, validated as a ``Number``."""
    node: Any = rules()
    for key in path:
        node = node.get(key) if isinstance(node, dict) else None
    if node is None:
        raise KnowledgeError(f"knowledge/{RULES}: {'.'.join(path)}: needs a numeric 'value' and a 'source'")
    return float(knowledge.validate(Number, node, RULES, at=path).value)


def by_experience(key: str, experience: str | None) -> int:
    table = rules()["schedule"][key]
    name = experience if experience in table else "unknown"
    return int(number("schedule", key, str(name)))


@dataclass(frozen=True)
class Exercise:
    id: str
    section: str
    sets: int
    tags: tuple[str, ...]
    group: str
    source: str

    @property
    def reps(self) -> str:
        """Repetitions or time per set, in the current language (``ex.<id>.reps``: "10 each leg", "30 s")."""
        return knowledge.text(f"ex.{self.id}.reps")

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
Risk = Literal["knee", "ankle", "foot"]


class ExerciseEntry(Strict):
    """One exercise of ``plan/programmes.yaml``; its texts are ``ex.<id>.name`` / ``.cue`` / ``.reps`` (locale)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    sets: StrictInt = Field(ge=1)
    tags: list[Risk | Literal["all"]] = Field(min_length=1)
    group: str = "general"
    source: SourceId

    @model_validator(mode="after")
    def _has_texts(self) -> ExerciseEntry:
        texts = knowledge.texts("en")
        for suffix in ("name", "cue", "reps"):
            if f"ex.{self.id}.{suffix}" not in texts:
                raise ValueError(f"text ex.{self.id}.{suffix} is missing in knowledge/locale/en/")
        return self


class ProgrammesFile(Strict):
    """``knowledge/plan/programmes.yaml``: the exercises of each section and how many a session shows."""

    warmup: list[ExerciseEntry] = Field(min_length=1)
    strength: list[ExerciseEntry] = Field(min_length=1)
    stretching: list[ExerciseEntry] = Field(min_length=1)
    cooldown: list[ExerciseEntry] = Field(min_length=1)
    limits: dict[Literal["warmup", "strength", "stretching", "cooldown"], Number] = {}


class CardStep(Strict):
    text: TextId
    source: SourceId
    risks: list[Risk] = []


class Card(Strict):
    title: TextId
    steps: list[CardStep] = Field(min_length=1)


class CardsFile(RootModel[dict[str, Card]]):
    """``knowledge/plan/cards.yaml``: card id to its title and steps."""


@lru_cache(maxsize=1)
def _programmes_file() -> ProgrammesFile:
    return knowledge.validate(ProgrammesFile, knowledge.load(PROGRAMMES), PROGRAMMES)


@lru_cache(maxsize=1)
def programmes() -> dict[str, tuple[Exercise, ...]]:
    data = _programmes_file()
    return {
        section: tuple(
            Exercise(
                id=item.id,
                section=section,
                sets=item.sets,
                tags=tuple(item.tags),
                group=item.group,
                source=item.source,
            )
            for item in getattr(data, section)
        )
        for section in SECTIONS
    }


def programme_limit(section: str) -> int:
    entry = _programmes_file().limits.get(section)  # type: ignore[call-overload]  # a section name as text
    if entry is None or not isinstance(entry.value, int):
        raise KnowledgeError(f"knowledge/{PROGRAMMES}: limits.{section} needs an integer 'value' and a 'source'")
    return int(entry.value)


@lru_cache(maxsize=1)
def cards_data() -> dict[str, Any]:
    """Every card as plain data, validated by ``CardsFile``: ``{id: {"title", "steps": [{"text", "source", ...}]}}``."""
    cards = knowledge.validate(CardsFile, knowledge.load(CARDS), CARDS).root
    return {cid: card.model_dump() for cid, card in cards.items()}
