"""The command line's locale files (cli.yaml, errors.yaml, help.yaml): the same ids in English and Korean,
the same values in each text, and every text id the code names exists."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

import strideguard
from strideguard import knowledge
from strideguard.cli.lang import _ENTRY, help_texts
from strideguard.domain import SPORTS
from strideguard.ingest.documents import KINDS
from strideguard.schemas import LOCATIONS, OTHER_LOCATIONS, Region, Side
from strideguard.triage.ruleset import DISPOSITIONS

SRC = Path(strideguard.__file__).parent
LOCALE = SRC / "knowledge" / "locale"
OURS = ("cli.yaml", "errors.yaml", "help.yaml")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_locale_file_has_its_twin_with_the_same_ids() -> None:
    en = sorted(p.name for p in (LOCALE / "en").glob("*.yaml"))
    assert en == sorted(p.name for p in (LOCALE / "ko").glob("*.yaml"))
    for name in OURS:
        assert name in en
    assert sorted(knowledge.texts("en")) == sorted(knowledge.texts("ko"))


# That a Korean text names the values its English one names: tests/knowledge/test_locales.py (every locale file).


def test_help_is_read_the_fast_way_and_the_full_way_alike() -> None:
    """--help reads help.yaml line by line (no YAML library): the same texts as the YAML reader, and no line
    of it needs the YAML reader (which --help would then import)."""
    for lang in knowledge.LANGUAGES:
        full = {tid: text for tid, text in knowledge.texts(lang).items() if tid.startswith("help.")}
        assert help_texts(lang) == full
        lines = (LOCALE / lang / "help.yaml").read_text(encoding="utf-8").splitlines()
        plain = [line for line in lines if line.strip() and not line.startswith("#")]
        assert all(_ENTRY.match(line) for line in plain) and len(plain) == len(full)


_ID = re.compile(r"""["'](?:cli|errors|help)\.[a-z0-9_.]*[a-z0-9_]["']""")


def test_every_text_id_the_code_names_exists() -> None:
    en = knowledge.texts("en")
    named = {m.group()[1:-1] for p in SRC.rglob("*.py") for m in _ID.finditer(p.read_text(encoding="utf-8"))}
    assert len(named) > 300
    families = {tid.rsplit(".", 1)[0] for tid in en}  # "cli.sex": the prefix of cli.sex.female, cli.sex.male
    assert sorted(tid for tid in named if tid not in en and tid not in families and not tid.endswith(".yaml")) == []


@pytest.mark.parametrize(
    ("prefix", "ids"),
    [
        ("cli.sport", SPORTS),
        ("cli.region", Region.__args__),  # type: ignore[attr-defined]  # a Literal's values
        ("cli.side", Side.__args__),  # type: ignore[attr-defined]
        ("cli.location", {*OTHER_LOCATIONS, *(x for values in LOCATIONS.values() for x in values)}),
        ("cli.disposition", DISPOSITIONS),
        ("cli.label", DISPOSITIONS),
        ("cli.level", ("ok", "caution", "high", "unknown")),
        ("cli.kind", ("rest", "walk_run", "easy_run", "long_run", "tempo_run", "cross_training", "strength")),
        ("cli.plan.mode", ("normal", "restart", "return_to_run", "no_running")),
        ("cli.import.kind", KINDS),
        (
            "cli.signal",
            [tid.removeprefix("web.signal.") for tid in knowledge.texts("en") if tid.startswith("web.signal.")],
        ),
        ("cli.weekday", range(7)),
        ("cli.month", range(1, 13)),
    ],
)
def test_every_id_of_a_family_has_its_words(prefix: str, ids: object) -> None:
    en = knowledge.texts("en")
    assert sorted(str(i) for i in ids if f"{prefix}.{i}" not in en) == []  # type: ignore[attr-defined]
