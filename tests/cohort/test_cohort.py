"""`cohort export` writes the runners' daily load and signals as Parquet under pseudonyms, and the export's
signals.sql, run in DuckDB over those files, gives the numbers strideguard computes itself.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from strideguard import api
from strideguard.cli import app
from strideguard.cohort import pseudonym, signals_sql
from strideguard.load.daily import SIGNALS

pytestmark = pytest.mark.both_databases


def _runner(db: str, name: str, runs: list[tuple[str, float]], *, times: list[str] | None = None) -> str:
    api.profile_set(db, name=name, timezone="UTC")
    for index, (day, km) in enumerate(runs):
        time = times[index] if times else None
        api.run_add(db, date=day, time=time, distance_km=km, duration_min=km * 6)
    return db


@pytest.fixture()
def cohort(new_db: Callable[..., str]) -> list[str]:
    """Three runners: the hand-worked one, one running 5 km every day for 30 days, one with two runs on a day,
    gaps, a walk (not running load) and a long break."""
    hand = _runner(
        new_db("hand"), "Ana", [("2026-01-01", 10), ("2026-01-04", 5), ("2026-01-08", 5), ("2026-01-11", 12)]
    )
    daily = _runner(new_db("daily"), "Ben", [(f"2026-03-{d:02d}", 5) for d in range(1, 31)])
    mixed = _runner(
        new_db("mixed"),
        "Chloé 김",
        [("2026-02-01", 8), ("2026-02-03", 3), ("2026-02-03", 9), ("2026-02-20", 4), ("2026-05-01", 6)],
        times=["07:00", "07:00", "18:00", "07:00", "07:00"],
    )
    api.run_add(mixed, date="2026-02-21", distance_km=7, duration_min=80, sport="walking")
    return [hand, daily, mixed]


def _export(dbs: list[str], out: Path, *more: str) -> dict[str, Any]:
    result = CliRunner().invoke(app, ["cohort", "export", "--out", str(out), *dbs, *more, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _rows(path: Path) -> list[dict[str, Any]]:
    return pq.read_table(path).to_pylist()


def test_export_writes_parquet_and_duckdb_gives_strideguards_numbers(cohort: list[str], tmp_path: Path) -> None:
    out = tmp_path / "cohort"
    summary = _export(cohort, out)
    assert summary["runners"] == 3 and sorted(p.name for p in out.iterdir()) == sorted(summary["files"])
    daily = _rows(out / "daily.parquet")
    runs = _rows(out / "runs.parquet")
    # runs: running only (the walk is not running load); days: from each runner's first run to their last
    assert summary["runs"] == len(runs) == 4 + 30 + 5 and {r["sport"] for r in runs} == {"running"}
    assert summary["days"] == len(daily) == 11 + 30 + (date(2026, 5, 1) - date(2026, 2, 1)).days + 1

    result = CliRunner().invoke(app, ["cohort", "signals", str(out), "--json"])
    assert result.exit_code == 0, result.output
    duck = {(r["runner"], r["day_number"]): r for r in json.loads(result.stdout)["signals"]}
    assert len(duck) == len(daily)
    compared = 0
    for row in daily:
        other = duck[row["runner"], row["day_number"]]
        for sid in SIGNALS:
            ours, theirs = row[sid], other[sid]
            if ours is None:
                assert theirs is None, (sid, row["day"], theirs)
            else:
                assert theirs == pytest.approx(ours, rel=1e-12, abs=1e-12), (sid, row["day"])
                compared += 1
        assert other["acute_km"] == pytest.approx(row["acute_km"], rel=1e-12, abs=1e-15)
        assert other["chronic_km"] == pytest.approx(row["chronic_km"], rel=1e-12, abs=1e-15)
    assert compared > 200  # every value strideguard knows (249 of them here), not a sample

    # known values by hand, in both
    def at(name_runs: int, day: str) -> tuple[dict[str, Any], dict[str, Any]]:
        runner = next(r["runner"] for r in daily if r["runs"] and _first_day(daily, r["runner"]) == name_runs)
        ours = next(r for r in daily if r["runner"] == runner and r["day"].isoformat() == day)
        return ours, duck[runner, ours["day_number"]]

    for mine in at(_day("2026-01-01"), "2026-01-11"):  # Ana: 12 km after a longest of 10 km: +20 %
        assert mine["session_spike"] == pytest.approx(0.2)
        assert mine["monotony"] == pytest.approx(0.5685650528)  # [0, 0, 0, 5, 0, 0, 12]: 2.428571 / 4.271405
    for mine in at(_day("2026-01-01"), "2026-01-11"):  # 5-11 Jan: 5 + 12 = 17 km after 29 Dec-4 Jan: 10 + 5 = 15 km
        assert mine["weekly_change"] == pytest.approx(17 / 15 - 1)
    for mine in at(_day("2026-03-01"), "2026-03-28"):  # Ben, day 28 of 5 km a day: (1 - 0.75^28) / (1 - (27/29)^28)
        assert mine["acute_chronic_ratio"] == pytest.approx(1.155996564692757, rel=1e-12)
        assert mine["monotony"] is None and mine["weekly_change"] == pytest.approx(0.0)  # the same load every day
    for mine in at(_day("2026-02-01"), "2026-02-05"):  # Chloé: the day's latest run (9 km at 18:00) against 8 km
        assert mine["session_spike"] == pytest.approx(9 / 8 - 1)


def _day(text: str) -> int:
    return (date.fromisoformat(text) - date(1970, 1, 1)).days


def _first_day(daily: list[dict[str, Any]], runner: str) -> int:
    return min(r["day_number"] for r in daily if r["runner"] == runner)


def test_pseudonyms_are_keyed_hashes_and_nothing_names_the_runner(cohort: list[str], tmp_path: Path) -> None:
    key = tmp_path / "cohort.key"
    first = _export(cohort, tmp_path / "one", "--key-file", str(key))
    assert "new key file" in first["key"] and key.stat().st_mode & 0o077 == 0  # made, readable by its owner only
    second = _export(cohort, tmp_path / "two", "--key-file", str(key))
    assert second["key"] == "key file"
    random_key = _export(cohort, tmp_path / "three")
    assert random_key["key"].startswith("random")
    ids = {name: {r["runner"] for r in _rows(tmp_path / name / "daily.parquet")} for name in ("one", "two", "three")}
    assert ids["one"] == ids["two"]  # the same key: the same pseudonyms, exports can be joined
    assert not ids["one"] & ids["three"]  # a random key links nothing
    secret = bytes.fromhex(key.read_text().strip())
    assert ids["one"] == {pseudonym(secret, f"runner:{n}") for n in ("Ana", "Ben", "Chloé 김")}
    for folder in ("one", "three"):
        for path in (tmp_path / folder).iterdir():
            data = path.read_bytes()
            for leak in ("Ana", "Ben", "Chloé", "김", "hand.db", "sgtest_", str(tmp_path)):
                assert leak.encode() not in data, (path.name, leak)


def test_refusals_exit_1_naming_what_to_fix(cohort: list[str], new_db: Callable[..., str], tmp_path: Path) -> None:
    def refused(*args: str) -> str:
        result = CliRunner().invoke(app, ["cohort", *args])
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
        return result.output

    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine")
    assert "not empty" in refused("export", "--out", str(busy), *cohort)
    nameless = new_db("nameless")
    api.run_add(nameless, date="2026-01-01", distance_km=5, duration_min=30)
    message = refused("export", "--out", str(tmp_path / "a"), cohort[0], nameless)
    assert message.startswith("Error: DB: ") and "no name" in message and "profile set --name" in message
    twin = _runner(new_db("twin"), "Ana", [("2026-01-01", 5)])
    assert "same name" in refused("export", "--out", str(tmp_path / "c"), cohort[0], twin)
    bad_key = tmp_path / "short.key"
    bad_key.write_text("abcd\n")
    assert "--key-file" in refused("export", "--out", str(tmp_path / "d"), cohort[0], "--key-file", str(bad_key))
    assert "daily.parquet" in refused("signals", str(tmp_path))
    assert not (tmp_path / "a").exists() and not (tmp_path / "c").exists()  # nothing half-written


def test_the_sql_carries_strideguards_parameters() -> None:
    sql = signals_sql()
    assert "0.25 * SUM" in sql and repr(2 / 29) in sql  # lambda = 2 / (N + 1) for 7 and 28 days
    assert "BETWEEN r.day_number - 30 AND r.day_number - 1" in sql  # the spike's 30 days before the run
    assert "{" not in sql and "}" not in sql
    assert math.isclose(
        0.75**600 + (27 / 29) ** 600, 0.0, abs_tol=1e-18
    )  # the EWMA horizon drops nothing a double keeps
