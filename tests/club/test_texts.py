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


SERVER_IDS = ("clubs.", "errors.clubs.", "cli.user.", "cli.serve.multi_user", "cli.serve.no_admin", "help.user")


def _server_texts(lang: str) -> dict[str, str]:
    """The server's texts: its pages' (clubs.yaml), its errors, CLI output and help (errors, cli, help.yaml)."""
    found: dict[str, str] = {}
    for name in ("clubs.yaml", "errors.yaml", "cli.yaml", "help.yaml"):
        entries = yaml.safe_load((LOCALE / lang / name).read_text(encoding="utf-8"))
        found |= {tid: text for tid, text in entries.items() if tid.startswith(SERVER_IDS)}
    return found


def test_english_and_korean_have_the_same_ids_and_placeholders() -> None:
    english, korean = _server_texts("en"), _server_texts("ko")
    assert len(english) > 120 and set(english) == set(korean)
    for tid, text in english.items():
        assert placeholders(text) == placeholders(korean[tid]), tid
        assert korean[tid] != text, tid  # translated, not copied
    assert knowledge.text("clubs.role.physio", "ko") == "물리치료사"  # GLOSSARY-ko.md


def test_every_text_id_the_server_uses_exists() -> None:
    used: set[str] = set()
    for folder in ("club", "web/club", "web/templates/club", "cli", "store/server", "web/server.py"):
        for path in [SRC / folder] if (SRC / folder).is_file() else (SRC / folder).rglob("*"):
            if path.suffix in (".py", ".html"):
                text = path.read_text(encoding="utf-8")
                used |= set(re.findall(r"""["']((?:clubs|errors\.clubs|cli\.user)\.[a-z0-9_.]+[a-z0-9_])["']""", text))
    assert len(used) > 60
    english = knowledge.texts("en")
    assert sorted(tid for tid in used if tid not in english) == []
