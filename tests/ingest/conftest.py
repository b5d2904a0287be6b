"""Helpers for the ingest tests: small file builders."""

from __future__ import annotations

import gzip
import io
import zipfile
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def fenix_run_bytes(test_files: Path) -> bytes:
    """A small real running FIT file (Garmin fenix 5, 21 records)."""
    return (test_files / "python-fitparse/garmin-fenix-5-run.fit").read_bytes()


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
