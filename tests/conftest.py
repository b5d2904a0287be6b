"""Shared fixtures: the real activity files of ``tests/files`` and temporary databases."""

from __future__ import annotations

from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[1]
TEST_FILES = PROJECT_ROOT / "tests" / "files"


def repository_files(suffixes: tuple[str, ...] | None = None) -> list[str]:
    """Every activity file of ``tests/files`` (and ``invalid/``), relative to it; licences and notes left out."""
    skip = {"SOURCES.md", "derive.py", ".gitattributes"}
    out = []
    for p in TEST_FILES.rglob("*"):
        if not p.is_file() or p.name in skip or p.name.startswith("LICENSE"):
            continue
        if suffixes is None or p.suffix.lower() in suffixes:
            out.append(p.relative_to(TEST_FILES).as_posix())
    return sorted(out)


@pytest.fixture(scope="session")
def test_files() -> Path:
    """The folder of real test files (see tests/files/SOURCES.md for their origin and licence)."""
    return TEST_FILES
