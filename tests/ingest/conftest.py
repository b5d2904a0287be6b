"""Helpers for the ingest tests: the shared files listed once, and small file builders."""

from __future__ import annotations

import gzip
import io
import zipfile
from pathlib import Path

import pytest

from ..conftest import shared_data_dir


def all_shared_files() -> list[str]:
    """Every file of the shared data folder, relative to it (collected at import: one test per file)."""
    root = shared_data_dir()
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@pytest.fixture(scope="session")
def fenix_run_bytes(shared_data: Path) -> bytes:
    """A small real running FIT file (Garmin fenix 5, 21 records)."""
    return (shared_data / "fit/python-fitparse/garmin-fenix-5-run.fit").read_bytes()


def gz(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


@pytest.fixture()
def spill(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder for archive.walk's copies of inner zips, outside any folder a test walks."""
    return tmp_path_factory.mktemp("spill")
