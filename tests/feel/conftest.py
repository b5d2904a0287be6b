"""A small runner database built through the API: runs and symptom reports on days before today."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from strideguard import api
from strideguard.store import Database, open_database

TODAY = date.today()


def ago(days: int) -> str:
    return (TODAY - timedelta(days=days)).isoformat()


def knee(days: int, **more: Any) -> dict[str, Any]:
    """A left-knee report that triages continue (2/10 during and after, no warning signs)."""
    return {
        "date": ago(days),
        "region": "knee",
        "side": "left",
        "location": "kneecap",
        "onset": "gradual",
        "when": ["after_run"],
        "pain_during": 2,
        "pain_after": 2,
        "mechanism": "none",
        "swelling": False,
        "fever": False,
        "redness_warmth": False,
        "deformity": False,
        "calf_swelling_one_side": False,
        "numbness_tingling": False,
        "weakness": False,
        **more,
    }


def calf_clot(days: int) -> dict[str, Any]:
    """A right-calf report with one-sided swelling: a red flag (possible clot), emergency."""
    return {"date": ago(days), "region": "calf", "side": "right", "onset": "gradual", "calf_swelling_one_side": True}


@pytest.fixture()
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(str(tmp_path / "runner.db"))
    yield database
    database.close()


def episode_of(db: Database, episode_id: int, closed: bool = True) -> dict[str, Any]:
    return next(e for e in api.episodes(db, closed=closed) if e["id"] == episode_id)
