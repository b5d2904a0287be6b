"""Shared fixtures: the real activity files and temporary databases."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def shared_data_dir() -> Path:
    """The real files of ``../shared/data`` (or ``$STRIDEGUARD_TEST_DATA``).

    A missing folder fails loudly: a test that silently skips proves nothing.
    """
    path = Path(os.environ.get("STRIDEGUARD_TEST_DATA", PROJECT_ROOT.parent / "shared" / "data")).resolve()
    if not (path / "MANIFEST.md").is_file():
        raise RuntimeError(
            f"the shared test data folder {path} is missing (no MANIFEST.md); "
            "put the shared data beside the project or set STRIDEGUARD_TEST_DATA"
        )
    return path


@pytest.fixture(scope="session")
def shared_data() -> Path:
    return shared_data_dir()
