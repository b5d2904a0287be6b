"""Migration 0002: reports stored before episodes existed are grouped into episodes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from strideguard import api
from strideguard.store import Database
from strideguard.store.database import MIGRATIONS

pytestmark = pytest.mark.both_databases


def _database_at_0001(target: str) -> str:
    """A database stopped at revision 0001 (before episodes), holding reports and their triage."""
    url = target if "://" in target else f"sqlite:///{target}"
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    reports = [
        # left calf swelling (emergency), then a toe blister the same day: two body parts
        (
            "2026-11-01",
            {"date": "2026-11-01", "region": "calf", "side": "left", "calf_swelling_one_side": True},
            "emergency",
        ),
        ("2026-11-01", {"date": "2026-11-01", "region": "foot", "side": "left", "location": "toes"}, "modify_training"),
        # right knee: see a doctor, then settled (continue, 1/10, next morning 0): closed
        ("2026-10-01", {"date": "2026-10-01", "region": "knee", "side": "right", "locking": True}, "see_doctor"),
        (
            "2026-10-20",
            {"date": "2026-10-20", "region": "knee", "side": "right", "pain_during": 1, "pain_next_morning": 0},
            "continue",
        ),
        # the right knee again later: a new episode
        ("2026-11-10", {"date": "2026-11-10", "region": "knee", "side": "right", "pain_during": 6}, "modify_training"),
    ]
    with engine.begin() as conn:
        for day, report, disposition in reports:
            rid = conn.execute(
                sa.text(
                    "INSERT INTO symptom_reports (date, region, report, created_at) "
                    "VALUES (:d, :r, :j, '2026-11-01 00:00:00') RETURNING id"
                ).bindparams(sa.bindparam("d", type_=sa.Date), sa.bindparam("j", type_=sa.JSON)),
                {"d": date.fromisoformat(day), "r": report["region"], "j": report},
            ).scalar_one()
            conn.execute(
                sa.text(
                    "INSERT INTO triage_results"
                    " (symptom_id, report_date, disposition, rule_version, result, created_at)"
                    " VALUES (:s, :d, :disp, 'old', :res, '2026-11-01 00:00:00')"
                ).bindparams(sa.bindparam("d", type_=sa.Date), sa.bindparam("res", type_=sa.JSON)),
                {"s": rid, "d": date.fromisoformat(day), "disp": disposition, "res": {"disposition": disposition}},
            )
    engine.dispose()
    return url


def test_stored_reports_migrate_into_episodes(new_db: Callable[..., str]) -> None:
    url = _database_at_0001(new_db("old", migrated=False))
    db = Database(url)  # opening migrates to the newest revision
    episodes = api.episodes(db, "2026-11-15", closed=True)
    by_part = {(e["region"], e["side"], e["since"]): e for e in episodes}
    assert set(by_part) == {
        ("calf", "left", "2026-11-01"),
        ("foot", "left", "2026-11-01"),
        ("knee", "right", "2026-10-01"),
        ("knee", "right", "2026-11-10"),
    }
    assert by_part["knee", "right", "2026-10-01"]["closed_on"] == "2026-10-20"
    assert by_part["knee", "right", "2026-10-01"]["reports"] == 2
    assert by_part["calf", "left", "2026-11-01"]["open"] is True
    # the blister logged after the calf did not clear it: the calf emergency caps status and plan
    status = api.status(db, "2026-11-15")
    assert status["recommendation"]["disposition"] == "emergency"
    assert status["episodes"][0]["region"] == "calf"
    plan = api.plan(db, days=3, today="2026-11-15")
    assert all(d["session"]["distance_km"] == 0 for d in plan["days"])
    with db.connect() as conn:
        orphans = conn.execute(sa.text("SELECT count(*) FROM symptom_reports WHERE episode_id IS NULL")).scalar()
        advice = conn.execute(sa.text("SELECT count(*) FROM triage_results")).scalar()
    assert orphans == 0
    assert advice == 5  # adding the column must not rebuild the table (a rebuild cascade-deletes triage results)
