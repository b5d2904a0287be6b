"""Values that SQLite takes but PostgreSQL refuses are handled the same way on both (what PostgreSQL revealed).

SQLite stores a NUL character in text, numbers past 32 bits in an INTEGER column, a VARCHAR longer than
its length and NaN inside JSON; PostgreSQL refuses each. Run on both databases: what a user types is
refused with the field named, text from files is made storable, a backup that could restore into only
one of them restores into neither, and the ids PostgreSQL's sequences give after a restore follow the
restored rows.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from strideguard import api
from strideguard.errors import InputError, NotFoundError, StrideguardError, ValueRefused
from strideguard.store import dump, open_database
from strideguard.store import shoes as shoe_store
from strideguard.store.tables import INT_MAX
from tests.ingest import build as B

pytestmark = pytest.mark.both_databases

BIG = INT_MAX + 1  # 2**31: an id SQLite could hold and PostgreSQL's INTEGER cannot


@pytest.fixture(scope="module")
def backup(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    db = open_database(str(tmp_path_factory.mktemp("src") / "demo.db"))
    api.demo(db, today=datetime(2026, 11, 25).date())
    return api.export(db)


def _empty(target: str) -> bool:
    with open_database(target).connect() as conn:
        return dump.is_empty(conn)


@pytest.mark.parametrize(
    ("what", "call", "field"),
    [
        (
            "run note",
            lambda db: api.run_add(db, date="2026-11-20", distance_km=5, duration_min=30, notes="a\x00b"),
            "notes",
        ),
        ("shoe name", lambda db: api.shoes_add(db, "Road\x00pair"), "name"),
        ("runner's name", lambda db: api.profile_set(db, name="Jo\x00"), "name"),
        (
            "symptom note",
            lambda db: api.symptom_log(db, {"date": "2026-11-20", "region": "knee", "notes": "\x00"}),
            "notes",
        ),
    ],
)
def test_a_nul_character_a_user_types_is_refused_naming_the_field(
    db_url: str, what: str, call: Callable[[str], Any], field: str
) -> None:
    with pytest.raises(InputError) as info:
        call(db_url)
    assert str(info.value).startswith(f"{field}: ") and "NUL character" in str(info.value)
    assert _empty(db_url)  # nothing stored


def test_a_nul_character_in_a_resolve_reason_is_refused(db_url: str) -> None:
    logged = api.symptom_log(db_url, {"date": "2026-11-20", "region": "knee", "pain_during": 6})
    with pytest.raises(InputError, match=r"^reason: .*NUL character"):
        api.symptom_resolve(db_url, logged["episode"]["id"], reason="seen\x00", date="2026-11-21")
    assert api.episodes(db_url, "2026-11-21")[0]["open"] is True


def test_ids_past_32_bits_name_nothing_on_either_database(db_url: str) -> None:
    api.shoes_add(db_url, "Road")
    with pytest.raises(NotFoundError, match=f"no stored activity has id {BIG}"):
        api.shoes_assign(db_url, "Road", [BIG])
    with pytest.raises(NotFoundError, match=f"no episode {BIG}"):
        api.symptom_resolve(db_url, BIG, reason="fine")


def test_text_from_files_is_made_storable(db_url: str, tmp_path: Path) -> None:
    """A GPX creator of 300 characters (the device column holds 200) imports on both, cut with an ellipsis."""
    data = B.gpx([B.line(40)]).replace(b'creator="strideguard tests"', b'creator="' + b"D" * 300 + b'"')
    (tmp_path / "long.gpx").write_bytes(data)
    result = api.import_files(db_url, [tmp_path / "long.gpx"])
    assert result["imported"] == 1, result
    activity = api.activities(db_url)[0]
    assert activity["device"] == "D" * 199 + "…"
    # a Strava gear name past the shoe-name length, with a NUL character: one pair, found again by the same name
    db = open_database(db_url)
    gear = "Pegasus\x00 " + "x" * 150
    with db.begin() as conn:
        first = shoe_store.get_or_create(conn, gear)
        again = shoe_store.get_or_create(conn, gear)
    assert first == again
    (pair,) = api.shoes_list(db_url)
    assert pair["name"] == ("Pegasus " + "x" * 150)[:99] + "…"
    db.close()


def _tampered(backup: dict[str, Any], change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    document = copy.deepcopy(backup)
    change(document["tables"])
    return document


def _bump_shoe(tables: dict[str, Any]) -> None:
    old = tables["shoes"][0]["id"]
    tables["shoes"][0]["id"] = BIG
    for row in tables["activities"]:
        if row["shoe_id"] == old:
            row["shoe_id"] = BIG


@pytest.mark.parametrize(
    ("change", "field", "hint"),
    [
        (_bump_shoe, "tables.shoes[0].id", "from -2147483648 to 2147483647"),
        (lambda t: t["activities"][0].update(sample_count=BIG), "tables.activities[0].sample_count", "2147483647"),
        (lambda t: t["activities"][0].update(notes="a\x00b"), "tables.activities[0].notes", "NUL character"),
        (lambda t: t["activities"][0].update(distance_m=float("nan")), "tables.activities[0].distance_m", "finite"),
        (
            lambda t: t["activity_metrics"][0]["metrics"].update(slope_share=float("inf")),
            "tables.activity_metrics[0].metrics.slope_share",
            "finite",
        ),
    ],
    ids=["id past 32 bits", "count past 32 bits", "NUL in text", "NaN number", "Infinity inside JSON"],
)
def test_a_backup_only_one_database_could_hold_is_refused_by_both(
    backup: dict[str, Any], db_url: str, change: Callable[[dict[str, Any]], None], field: str, hint: str
) -> None:
    with pytest.raises(StrideguardError) as info:
        api.restore(db_url, _tampered(backup, change))
    assert str(info.value).startswith(field) and hint in str(info.value)
    assert _empty(db_url)


def test_a_time_with_an_offset_is_restored_as_utc(backup: dict[str, Any], db_url: str) -> None:
    """PostgreSQL would convert it with the server's time zone and SQLite drop the offset: restore takes it to UTC."""
    stored = backup["tables"]["activities"][0]["start_time"]  # UTC, no offset
    utc = datetime.fromisoformat(stored).replace(tzinfo=UTC)
    with_offset = utc.astimezone(timezone(timedelta(hours=2))).isoformat()  # e.g. 09:30+02:00 for 07:30 UTC
    assert with_offset != stored and with_offset.endswith("+02:00")
    api.restore(db_url, _tampered(backup, lambda t: t["activities"][0].update(start_time=with_offset)))
    assert api.export(db_url)["tables"]["activities"][0]["start_time"] == stored


def test_after_a_restore_new_rows_get_new_ids(backup: dict[str, Any], db_url: str) -> None:
    """PostgreSQL's sequences do not see explicit ids: restore moves them past the restored rows."""
    api.restore(db_url, backup)
    top = {name: max(r["id"] for r in backup["tables"][name]) for name in ("activities", "shoes")}
    top |= {name: max(r["id"] for r in backup["tables"][name]) for name in ("symptom_reports", "symptom_episodes")}
    run = api.run_add(db_url, date="2026-11-26", distance_km=5, duration_min=30)
    assert run["activity_id"] == top["activities"] + 1
    assert api.shoes_add(db_url, "Spare")["id"] == top["shoes"] + 1
    logged = api.symptom_log(db_url, {"date": "2026-11-26", "region": "hip", "side": "left"})
    assert logged["report"]["id"] == top["symptom_reports"] + 1
    assert logged["episode"]["id"] == top["symptom_episodes"] + 1


def test_a_value_postgresql_refuses_is_a_store_error_and_nothing_is_stored(pg_db_url: str) -> None:
    """The last guard, below the checks: a write the database refuses is one clear error, rolled back whole.
    (PostgreSQL only: SQLite enforces no VARCHAR length, so it refuses nothing here.)"""
    db_url = pg_db_url
    db = open_database(db_url)
    with pytest.raises(ValueRefused, match=r"refused a value \(value too long .*\); nothing of this change"):
        with db.begin() as conn:
            shoe_store.add(conn, "fine")
            shoe_store.add(conn, "x" * 101)  # below api.shoes_add, which refuses it with the field named
    assert api.shoes_list(db_url) == []
    db.close()


def test_json_text_round_trips_as_stored(db_url: str) -> None:
    """JSON columns keep their text (PostgreSQL json, not jsonb): keys in the order written, exports identical."""
    report = {
        "date": "2026-11-20",
        "region": "knee",
        "when": ["stairs", "during_run"],
        "pain_during": 4,
        "notes": "é ✓",
    }
    api.symptom_log(db_url, report)
    stored = api.export(db_url)["tables"]["symptom_reports"][0]["report"]
    assert list(stored) == list(json.loads(json.dumps(stored)))
    assert stored["notes"] == "é ✓" and stored["when"] == ["stairs", "during_run"]
    db = open_database(db_url)
    with db.connect() as conn:
        kind = sa.inspect(conn).get_columns("symptom_reports")
    assert next(c for c in kind if c["name"] == "report")["type"].__class__.__name__ == "JSON"
    db.close()
