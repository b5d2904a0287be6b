"""Activities are stored whole or not at all; duplicates are found by hash and by time + distance."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import numpy as np
import pytest
import sqlalchemy as sa

from strideguard.domain import ParsedActivity
from strideguard.store import Database, activities, open_database, samples
from strideguard.store.tables import activities as activities_table

CET = timezone(timedelta(hours=1))
pytestmark = pytest.mark.both_databases


def _run(start: datetime, km: float, n: int = 5) -> ParsedActivity:
    return ParsedActivity(
        start_time=start,
        sport="running",
        source_format="fit",
        distance_m=km * 1000,
        elapsed_s=1800.0,
        moving_s=1750.0,
        avg_hr=150.0,
        tz_known=True,
        samples={"time_s": np.arange(n, dtype=float), "heart_rate": np.full(n, 150.0)},
    )


@pytest.fixture()
def db(db_url: str) -> Iterator[Database]:
    database = open_database(db_url)
    yield database
    database.close()


def test_insert_keeps_the_local_offset_and_day(db: Database) -> None:
    # 23:30 in UTC+1 on 1 March is 22:30 UTC the same day; the local day is 1 March.
    start = datetime(2026, 3, 1, 23, 30, tzinfo=CET)
    with db.begin() as conn:
        new_id = activities.insert(conn, _run(start, 5.0), sha256="a" * 64, source_file="x.fit")
    with db.connect() as conn:
        row = activities.get_row(conn, new_id)
        assert row is not None
        out = activities.to_dict(row)
        assert samples.load(conn, new_id)["heart_rate"].tolist() == [150.0] * 5
    assert out["start_time"] == "2026-03-01T23:30:00+01:00"
    assert out["local_date"] == "2026-03-01"
    assert out["ascent_m"] is None  # unknown stays null, never 0


def test_a_failed_transaction_stores_nothing(db: Database) -> None:
    with pytest.raises(RuntimeError):
        with db.begin() as conn:
            activities.insert(conn, _run(datetime(2026, 3, 1, 8, tzinfo=CET), 5.0), sha256="b" * 64, source_file=None)
            raise RuntimeError("crash while importing")
    with db.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(activities_table)).scalar() == 0
        assert activities.find_by_sha256(conn, "b" * 64) is None


def test_same_run_window_is_60_seconds_and_2_percent(db: Database) -> None:
    start = datetime(2026, 3, 1, 8, 0, tzinfo=CET)
    with db.begin() as conn:
        stored = activities.insert(conn, _run(start, 10.0), sha256="c" * 64, source_file=None)
        # 60 s later and 10.2 km (2 % of 10.2 km is 204 m >= 200 m): the same run
        assert activities.find_same_run(conn, start + timedelta(seconds=60), 10_200.0).id == stored  # type: ignore[union-attr]
        # 61 s later: another run
        assert activities.find_same_run(conn, start + timedelta(seconds=61), 10_000.0) is None
        # 10.25 km: 250 m apart, more than 2 % of 10.25 km (205 m): another run
        assert activities.find_same_run(conn, start, 10_250.0) is None


def test_replace_keeps_id_shoe_and_swaps_samples(db: Database) -> None:
    start = datetime(2026, 3, 1, 8, 0, tzinfo=CET)
    with db.begin() as conn:
        old = activities.insert(conn, _run(start, 10.0, n=3), sha256="d" * 64, source_file="a.gpx", notes="kept")
        activities.replace(conn, old, _run(start, 10.05, n=7), sha256="e" * 64, source_file="a.fit")
    with db.connect() as conn:
        row = activities.get_row(conn, old)
        assert row is not None and row.sha256 == "e" * 64 and row.notes == "kept" and row.source_file == "a.fit"
        assert len(samples.load(conn, old)["time_s"]) == 7
        assert conn.execute(sa.select(sa.func.count()).select_from(activities_table)).scalar() == 1
