"""Restore checks the whole backup before it writes (issue 13): refused with table, row and field; nothing stored."""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Callable
from typing import Any

import pytest

from strideguard import api
from strideguard.errors import StrideguardError
from strideguard.store import dump, open_database

pytestmark = pytest.mark.both_databases


@pytest.fixture(scope="module")
def backup(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    db = open_database(str(tmp_path_factory.mktemp("src") / "demo.db"))
    api.demo(db)
    return api.export(db)


def _refused(target: str, document: dict[str, Any], field: str) -> str:
    db = open_database(target)
    with pytest.raises(StrideguardError) as info:
        api.restore(db, document)
    message = str(info.value)
    assert message.startswith(field), message
    with db.connect() as conn:
        assert dump.is_empty(conn), "a refused restore stores nothing"
    return message


def _tamper(backup: dict[str, Any], change: Any) -> dict[str, Any]:
    document = copy.deepcopy(backup)
    change(document["tables"])
    return document


CASES = [
    ("duplicate id", lambda t: t["shoes"].append(dict(t["shoes"][0], name="Other")), "tables.shoes[1].id"),
    ("text id", lambda t: t["activities"][0].update(id="seven"), "tables.activities[0].id"),
    ("text distance", lambda t: t["activities"][0].update(distance_m="far"), "tables.activities[0].distance_m"),
    ("null hash", lambda t: t["activities"][0].update(sha256=None), "tables.activities[0].sha256"),
    ("text boolean", lambda t: t["shoes"][0].update(is_default="yes"), "tables.shoes[0].is_default"),
    ("missing profile table", lambda t: t.pop("profile"), "tables.profile"),
    ("missing samples table", lambda t: t.pop("activity_samples"), "tables.activity_samples"),
    ("unknown table", lambda t: t.update(photos=[]), "tables.photos"),
    ("joint problems as text", lambda t: t["profile"][0].update(joint_problems="knee"), "tables.profile[0]"),
    (
        "pain as a word",
        lambda t: t["symptom_reports"][0]["report"].update(pain_during="very"),
        "tables.symptom_reports[0].report.pain_during",
    ),
    ("dangling shoe", lambda t: t["activities"][0].update(shoe_id=999), "tables.activities[0].shoe_id"),
    (
        "duplicate hash",
        lambda t: t["activities"][1].update(sha256=t["activities"][0]["sha256"]),
        "tables.activities[1].sha256",
    ),
    ("bad date", lambda t: t["activities"][0].update(local_date="yesterday"), "tables.activities[0].local_date"),
    ("bad blob", lambda t: t["activity_samples"][0].update(data="not base64!"), "tables.activity_samples[0].data"),
    ("unknown column", lambda t: t["shoes"][0].update(colour="red"), "tables.shoes[0].colour"),
]


@pytest.mark.parametrize(("what", "change", "field"), CASES, ids=[c[0] for c in CASES])
def test_a_tampered_backup_is_refused_naming_table_row_and_field(
    backup: dict[str, Any], new_db: Callable[..., str], what: str, change: Any, field: str
) -> None:
    _refused(new_db("target"), _tamper(backup, change), field)


def test_the_untouched_backup_restores_and_round_trips(backup: dict[str, Any], db_url: str) -> None:
    db = open_database(db_url)
    api.restore(db, backup)
    again = api.export(db)
    assert json.dumps(again["tables"], sort_keys=True) == json.dumps(backup["tables"], sort_keys=True)


def test_a_backup_from_before_episodes_files_its_reports_into_episodes(backup: dict[str, Any], db_url: str) -> None:
    old = copy.deepcopy(backup)
    old["schema_revision"] = "0001"
    del old["tables"]["symptom_episodes"]
    for row in old["tables"]["symptom_reports"]:
        del row["episode_id"]
    db = open_database(db_url)
    counts = api.restore(db, old)
    assert counts["symptom_reports"] == 3 and counts["symptom_episodes"] == 2
    episodes = api.episodes(db, backup["tables"]["symptom_reports"][-1]["date"], closed=True)
    assert sorted((e["region"], e["open"]) for e in episodes) == [("ankle", False), ("knee", True)]


def test_random_tampering_never_gives_a_traceback_and_never_stores_half(
    backup: dict[str, Any], new_db: Callable[..., str]
) -> None:
    """Seeded fuzz: type changes, removals, duplicates and unknown keys anywhere in the rows (bounded: 60 cases)."""
    rng = random.Random(20261201)
    junk: list[Any] = [None, "x", -1, 2**70, 3.5, True, [], {}, "2026-13-40", "AAAA"]
    names = [n for n, rows in backup["tables"].items() if rows]
    db = None
    for case in range(60):
        document = copy.deepcopy(backup)
        tables = document["tables"]
        name = rng.choice(names)
        row = rng.choice(tables[name])
        action = rng.randrange(4)
        if action == 0:
            row[rng.choice(list(row))] = rng.choice(junk)
        elif action == 1:
            del row[rng.choice(list(row))]
        elif action == 2:
            tables[name].append(copy.deepcopy(row))
        else:
            row[f"extra_{case}"] = rng.choice(junk)
        if db is None:  # a refused restore leaves the database empty (checked below): the next case reuses it
            db = open_database(new_db(f"fuzz{case}"))
        try:
            api.restore(db, document)
        except StrideguardError as exc:
            assert str(exc).startswith("tables."), exc
            with db.connect() as conn:
                assert dump.is_empty(conn)
        else:  # accepted: then it is a consistent database that exports again
            assert api.export(db)["tables"][name]
            db.close()
            db = None
    if db is not None:
        db.close()
