"""Korean texts another branch of issue 17 has not delivered yet, marked, so that Korean pages render meanwhile.

Issue 17 is built by three helpers at once, each owning some of ``knowledge/locale/ko/*.yaml``
(ko-knowledge: triage, intake, episodes, plan, signals, dose; ko-cli: cli, errors; ko-web: web,
charts, feel, wellness, report). strideguard has no fallback language on purpose (a missing Korean
key is a ``KnowledgeError``), so on one helper's branch a Korean page that shows a triage result
cannot render until the others' files are merged.

For the tests only, :func:`install` gives every text of an English locale file whose Korean twin
file does not exist *at all* its English words wrapped in ``⟦ ⟧`` (:data:`OPEN`, :data:`CLOSE`).
The Korean browser test cuts those spans out (and counts them) before it looks for English words,
so it checks every Korean text that exists and nothing else. Once all three branches are merged
every ``ko/`` file exists, :func:`pending_files` is empty and this does nothing: the tests then
check the whole Korean edition. A Korean file that exists but lacks a key is never filled in
(that stays the ``KnowledgeError`` it is).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import lru_cache
from importlib import resources
from typing import Any

from strideguard import knowledge

OPEN, CLOSE = "⟦", "⟧"


def pending_files(lang: str = "ko") -> list[str]:
    """The English locale files (names) that have no twin in ``lang`` yet."""
    root = resources.files("strideguard.knowledge").joinpath("locale")
    english = {entry.name for entry in root.joinpath("en").iterdir() if entry.name.endswith(".yaml")}
    folder = root.joinpath(lang)
    present = {entry.name for entry in folder.iterdir()} if folder.is_dir() else set()
    return sorted(english - present)


def _english_of(files: list[str]) -> dict[str, str]:
    import yaml

    root = resources.files("strideguard.knowledge").joinpath("locale", "en")
    texts: dict[str, str] = {}
    for name in files:
        texts.update(
            {str(k): str(v) for k, v in (yaml.safe_load(root.joinpath(name).read_text("utf-8")) or {}).items()}
        )
    return texts


def filled(original: Callable[[str], dict[str, str]]) -> Callable[[str], dict[str, str]]:
    """``knowledge._texts`` with the pending files' English, marked, under every other language."""

    @lru_cache(maxsize=len(knowledge.LANGUAGES))
    def cached(lang: str) -> dict[str, str]:
        found = dict(original(lang))
        if lang == knowledge.DEFAULT_LANGUAGE:
            return found
        for tid, text in _english_of(pending_files(lang)).items():
            found.setdefault(tid, f"{OPEN}{text}{CLOSE}" if text else text)
        return found

    def texts(lang: str) -> dict[str, str]:
        return cached(lang)

    def cache_clear() -> None:  # a test that points the knowledge at another folder clears both caches
        cached.cache_clear()
        getattr(original, "cache_clear", lambda: None)()

    texts.cache_clear = cache_clear  # type: ignore[attr-defined]  # the lru_cache interface knowledge._texts has
    return texts


def install(monkeypatch: Any) -> list[str]:
    """Fill the pending files in for the rest of the test session; returns their names (empty when none)."""
    pending = pending_files()
    if pending:
        monkeypatch.setattr(knowledge, "_texts", filled(knowledge._texts))
    return pending


def strip_pending(text: str) -> tuple[str, int]:
    """``text`` without the marked spans (nested ones too), and how many top-level spans were cut."""
    out: list[str] = []
    depth = spans = 0
    for char in text:
        if char == OPEN:
            if depth == 0:
                spans += 1
            depth += 1
        elif char == CLOSE and depth:
            depth -= 1
        elif depth == 0:
            out.append(char)
    return "".join(out), spans


def session_fill() -> Iterator[list[str]]:
    """A session-wide fill-in (see tests/conftest.py)."""
    import pytest

    patch = pytest.MonkeyPatch()
    try:
        yield install(patch)
    finally:
        patch.undo()
