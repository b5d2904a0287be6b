"""Benchmark the cohort path: Parquet export and the signals as SQL in DuckDB, against the per-day functions.

A synthetic cohort (``--runners`` runners with ``--years`` of runs, about 4 a week) is stored in
SQLite databases, one per runner, then:

- ``per-day functions``: what a script would otherwise do with strideguard's API, the four signals
  of ``strideguard.load.training`` called for every day (the EWMA recomputed each day: quadratic);
- ``daily_signals``: the same numbers for every day at once (what ``cohort export`` computes);
- ``cohort export``: reading the databases and writing the Parquet files;
- ``cohort signals``: ``signals.sql`` in DuckDB over those files.

    python bench/cohort_bench.py [--runners 20] [--years 2]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np

from strideguard import api
from strideguard.load import runs_from_columns
from strideguard.load.daily import daily_signals
from strideguard.load.training import acute_chronic_ratio, monotony, session_spike, weekly_change
from strideguard.load.trimp import daily_series
from strideguard.store import open_database
from strideguard.store import profile as profile_store
from strideguard.store.tables import activities

END = date(2026, 11, 25)


def build(folder: Path, runners: int, years: int, seed: int = 18) -> list[str]:
    """One SQLite database per runner, runs inserted in one transaction each (no samples: the load only)."""
    rng = np.random.default_rng(seed)
    paths = []
    for index in range(runners):
        path = str(folder / f"runner{index}.db")
        db = open_database(path)
        days = [END - timedelta(days=d) for d in range(365 * years) if rng.random() < 4 / 7]
        with db.begin() as conn:
            profile_store.update(conn, {"name": f"Runner {index}", "timezone": "UTC"})
            rows = []
            for k, day in enumerate(sorted(days)):
                km = float(rng.gamma(4.0, 2.0)) + 2.0
                rows.append(
                    {
                        "start_time": datetime(day.year, day.month, day.day, 7),
                        "utc_offset_min": 0,
                        "local_date": day,
                        "sport": "running",
                        "distance_m": km * 1000.0,
                        "moving_s": km * 360.0,
                        "elapsed_s": km * 370.0,
                        "source_format": "manual",
                        "sha256": f"{index:08d}{k:056d}",
                        "imported_at": datetime(2026, 11, 25),
                    }
                )
            conn.execute(activities.insert(), rows)
        db.close()
        paths.append(path)
    return paths


def per_day(path: str) -> int:
    db = open_database(path)
    rows = api.activities(db)
    runs = runs_from_columns({c: [r[c] for r in rows] for c in ("local_date", "sport", "distance_m", "moving_s")})
    first = runs.first_day
    assert first is not None
    for day in range(first, int(runs.day[-1]) + 1):
        series = daily_series(runs, day)
        session_spike(runs, day)
        weekly_change(series, day)
        acute_chronic_ratio(series, day, first)
        monotony(series, day, first)
    return int(runs.day[-1]) - first + 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runners", type=int, default=20)
    parser.add_argument("--years", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        paths = build(folder, args.runners, args.years)
        built = time.perf_counter() - start
        print(f"built {args.runners} runners x {args.years} years in {built:.1f} s (not a target)")

        start = time.perf_counter()
        days = per_day(paths[0])
        one = time.perf_counter() - start
        print(
            f"per-day functions, 1 runner ({days} days): {one:.2f} s "
            f"(x {args.runners} runners: ~{one * args.runners:.0f} s)"
        )

        db = open_database(paths[0])
        rows = api.activities(db)
        runs = runs_from_columns({c: [r[c] for r in rows] for c in ("local_date", "sport", "distance_m", "moving_s")})
        start = time.perf_counter()
        daily_signals(runs)
        print(f"daily_signals, 1 runner: {time.perf_counter() - start:.2f} s")

        start = time.perf_counter()
        summary = api.cohort_export(paths, folder / "cohort")
        print(
            f"cohort export, {summary['runners']} runners, {summary['days']} runner-days: "
            f"{time.perf_counter() - start:.1f} s"
        )
        start = time.perf_counter()
        result = api.cohort_signals(folder / "cohort", folder / "signals.parquet")
        print(f"cohort signals (DuckDB, signals.sql), {result['rows']} rows: {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
