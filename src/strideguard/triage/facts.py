"""The facts a triage rule may test: the report's fields, the profile's age and history features.

Every fact has a kind (``bool``, ``int``, ``enum``, ``set``) that decides which
operators a rule may use on it and which values are legal; the rule loader
checks each leaf against this catalogue. A fact is ``None`` when it is unknown
("not reported"); the engine never turns ``None`` into "no".
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, get_args

from pydantic import StrictBool

from ..schemas import LOCATIONS, OTHER_LOCATIONS, BoneSite, Mechanism, Onset, Region, Sex, Side, SymptomReport, When
from .history import HistorySettings, history_features

Kind = Literal["bool", "int", "enum", "set"]
LOAD_LEVELS: tuple[str, ...] = ("ok", "caution", "high")


@dataclass(frozen=True)
class FactSpec:
    """One fact: its kind, its legal values (enum/set) and the report fields a question about it asks."""

    name: str
    kind: Kind
    values: tuple[str, ...] = ()
    asks: tuple[str, ...] = ()  # report fields that, when answered, can make this fact known


def _all_locations() -> tuple[str, ...]:
    seen: list[str] = []
    for group in (*LOCATIONS.values(), OTHER_LOCATIONS):
        seen.extend(v for v in group if v not in seen)
    return tuple(seen)


_PAIN = ("pain_during", "pain_after", "pain_rest", "pain_next_morning")
# every yes/no field of the report (StrictBool | None), in the schema's order
BOOLS: tuple[str, ...] = tuple(
    name for name, field in SymptomReport.model_fields.items() if field.annotation == (StrictBool | None)
)


# Free-text notes can mention any yes/no finding, or a pop (a mechanism); the words per fact are data
# (knowledge/triage/notes.yaml). notes_<key> is true when the notes mention it, else unknown.
NOTE_KEYS: tuple[str, ...] = (*BOOLS, "pop")


def _catalogue() -> dict[str, FactSpec]:
    specs = [
        FactSpec("region", "enum", get_args(Region)),
        FactSpec("side", "enum", get_args(Side), ("side",)),
        FactSpec("location", "enum", _all_locations(), ("location",)),
        FactSpec("onset", "enum", get_args(Onset), ("onset",)),
        FactSpec("mechanism", "enum", get_args(Mechanism), ("mechanism",)),
        FactSpec("when", "set", get_args(When), ("when",)),
        FactSpec("bone_tenderness", "set", get_args(BoneSite), ("bone_tenderness",)),
        *(FactSpec(p, "int", asks=(p,)) for p in _PAIN),
        FactSpec("duration_days", "int", asks=("duration_days",)),
        FactSpec("previous_sprains_12m", "int", asks=("previous_sprains_12m",)),
        FactSpec("age", "int", asks=("age",)),
        FactSpec("sex", "enum", get_args(Sex)),  # from the profile
        *(FactSpec(b, "bool", asks=(b,)) for b in BOOLS),
        # derived from the report
        FactSpec("pain_max", "int", asks=_PAIN),
        # next-morning pain minus pain during the run, both from this report (the 24-hour rule)
        FactSpec("morning_above_during", "int", asks=("pain_during", "pain_next_morning")),
        *(FactSpec(f"notes_{k}", "bool") for k in NOTE_KEYS),
        # derived from the history of earlier reports (see history.py)
        FactSpec("history_knee_after_run", "int"),
        FactSpec("history_ankle_injuries", "int"),
        FactSpec("pain_rises", "int", asks=("pain_during",)),
        FactSpec("morning_pain_change", "int", asks=("pain_next_morning",)),
        FactSpec("unsettled_mornings", "int", asks=("pain_next_morning",)),
        # recent running load (levels of the status signals, when the caller gives them)
        FactSpec("load_session_spike", "enum", LOAD_LEVELS),
        FactSpec("load_weekly_change", "enum", LOAD_LEVELS),
    ]
    return {s.name: s for s in specs}


FACTS: dict[str, FactSpec] = _catalogue()


def age_on(report: SymptomReport, profile: Mapping[str, Any] | None) -> int | None:
    """The age the report gives, else ``report year - birth_year`` from the profile.

    With only a birth year the true age is this value or one less; using the upper
    value errs toward the Ottawa knee rule's imaging advice at 55, never away from it.
    """
    if report.age is not None:
        return report.age
    birth_year = (profile or {}).get("birth_year")
    if isinstance(birth_year, int) and not isinstance(birth_year, bool) and birth_year <= report.date.year:
        return report.date.year - birth_year
    return None


_HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")


def _note_pattern(word: str) -> str:
    """A word or phrase on word boundaries; a Korean one as a stem anywhere, its spaces optional.

    Korean attaches particles and endings to a word ("숨이 차" in "숨이 차요"), and runners write
    the same phrase with or without spaces ("숨이차서"), so boundaries would miss most mentions.
    """
    if _HANGUL.search(word):
        return r"\s*".join(re.escape(part) for part in word.lower().split())
    return rf"(?<!\w){re.escape(word.lower())}(?!\w)"


def notes_patterns(words: Mapping[str, Sequence[str]]) -> dict[str, re.Pattern[str]]:
    """One case-insensitive pattern per note key: any of its words or phrases (see :func:`_note_pattern`)."""
    return {key: re.compile("|".join(_note_pattern(w) for w in ws), re.IGNORECASE) for key, ws in words.items()}


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u2019", "'").replace("\u2018", "'")).lower()


def _pain_max(report: SymptomReport) -> int | None:
    scores = [getattr(report, p) for p in _PAIN if getattr(report, p) is not None]
    return max(scores) if scores else None


def build_facts(
    report: SymptomReport,
    profile: Mapping[str, Any] | None = None,
    history: Sequence[SymptomReport] = (),
    load: Mapping[str, str] | None = None,
    *,
    settings: HistorySettings,
    notes: Mapping[str, re.Pattern[str]] | None = None,
) -> dict[str, Any]:
    """Every catalogue fact for this report: a value, or ``None`` when unknown."""
    facts: dict[str, Any] = {}
    for name, spec in FACTS.items():
        if name in SymptomReport.model_fields:
            value = getattr(report, name)
            facts[name] = frozenset(value) if spec.kind == "set" and value is not None else value
    if report.numbness_tingling is False and report.numbness_spreading is None:
        facts["numbness_spreading"] = False  # no numbness at all: none that spreads
    facts["age"] = age_on(report, profile)
    facts["pain_max"] = _pain_max(report)
    sex = (profile or {}).get("sex")
    facts["sex"] = sex if sex in FACTS["sex"].values else None
    during, morning = report.pain_during, report.pain_next_morning
    facts["morning_above_during"] = morning - during if during is not None and morning is not None else None
    text = _normalise(report.notes) if report.notes else ""
    patterns = notes or {}
    for key in NOTE_KEYS:
        pattern = patterns.get(key)
        facts[f"notes_{key}"] = True if text and pattern is not None and pattern.search(text) else None
    facts.update(history_features(report, history, settings).as_facts())
    levels = load or {}
    for signal in ("session_spike", "weekly_change"):
        level = levels.get(signal)
        facts[f"load_{signal}"] = level if level in LOAD_LEVELS else None
    missing = set(FACTS) - set(facts)
    if missing:  # a catalogue entry without a builder is a programming error, caught by the tests
        raise RuntimeError(f"facts without a value builder: {sorted(missing)}")
    return facts
