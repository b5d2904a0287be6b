"""The multi-user server's texts: every id it uses exists in English and Korean, with the same placeholders."""

from __future__ import annotations

import re
import string
from pathlib import Path

import yaml

from strideguard import knowledge

SRC = Path(knowledge.__file__).resolve().parents[1]
LOCALE = Path(knowledge.__file__).resolve().parent / "locale"


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def test_english_and_korean_have_the_same_ids_and_placeholders() -> None:
    english = yaml.safe_load((LOCALE / "en" / "clubs.yaml").read_text(encoding="utf-8"))
    korean = yaml.safe_load((LOCALE / "ko" / "clubs.yaml").read_text(encoding="utf-8"))
    assert set(english) == set(korean)
    for tid, text in english.items():
        assert placeholders(text) == placeholders(korean[tid]), tid
        assert korean[tid] != text or tid.startswith("clubs.error.no_argon2"), tid  # translated, not copied
    assert knowledge.text("clubs.role.physio", "ko") == "물리치료사"  # GLOSSARY-ko.md


def test_every_text_id_the_server_uses_exists() -> None:
    used: set[str] = set()
    for folder in ("club", "web/club", "web/templates/club", "cli"):
        for path in (SRC / folder).rglob("*"):
            if path.suffix in (".py", ".html"):
                used |= set(re.findall(r"""["'](clubs\.[a-z_.]+[a-z_])["']""", path.read_text(encoding="utf-8")))
    assert len(used) > 60
    english = knowledge.texts("en")
    assert sorted(tid for tid in used if tid not in english) == []
