"""Imported and hand-entered runs go on the default pair, but only from the day that pair was first used."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from strideguard import api
from strideguard.store import open_database
from strideguard.store import shoes as shoe_store


def test_default_pair_takes_runs_from_its_first_day_only(test_files: Path, tmp_path: Path) -> None:
    db = open_database(str(tmp_path / "s.db"))
    with db.begin() as conn:
        # The fenix 5 run in tests/files is from 2017; the walk is not a run.
        shoe_store.add(conn, "Old pair", started_on=date(2010, 1, 1), make_default=True)
    fit = test_files / "python-fitparse"
    result = api.import_files(db, [fit / "garmin-fenix-5-run.fit", fit / "garmin-fenix-5-walk.fit"])
    ids = {Path(f["path"]).name: f["activity_id"] for f in result["files"]}
    rows = {r["id"]: r for r in api.activities(db)}
    pair = rows[ids["garmin-fenix-5-run.fit"]]["shoe_id"]
    assert pair is not None
    assert rows[ids["garmin-fenix-5-walk.fit"]]["shoe_id"] is None  # walking is not counted on running shoes

    with db.begin() as conn:
        shoe_store.add(conn, "New pair", started_on=date(2026, 1, 1), make_default=True)
    before = api.run_add(db, date="2025-12-31", distance_km=5, duration_min=30)
    after = api.run_add(db, date="2026-01-02", distance_km=5, duration_min=30)
    rows = {r["id"]: r for r in api.activities(db)}
    assert rows[before["activity_id"]]["shoe_id"] is None  # the new pair was not in use yet
    new_pair = rows[after["activity_id"]]["shoe_id"]
    assert new_pair is not None and new_pair != pair
