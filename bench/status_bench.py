"""Benchmark `status` on 10 years of generated history (about 2,000 runs with samples).

Prints: the time to build the database (not a target), the first `status`
(computes and caches terrain/form metrics for the runs its windows need), the
warm `status` and `plan` (target < 50 ms each once loaded), a full recompute of every run's
metrics from its samples plus the signals, and the pure signal computation for
every day of the 10 years.

    python bench/status_bench.py [--years 10] [--runs-per-week 3.85] [--keep PATH]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np

from strideguard import api, knowledge
from strideguard.demo import ROUTES, ZONE, _run
from strideguard.load import compute_signals, runs_from_frame, to_day
from strideguard.plan.dose import prescribed_dose
from strideguard.store import activities as activity_store
from strideguard.store import open_database
from strideguard.store import profile as profile_store
from strideguard.store import shoes as shoe_store

TODAY = date(2026, 11, 25)


def build(path: Path, years: int, runs_per_week: float, seed: int = 10) -> int:
    """Fill a new database with ``years`` of runs; return the number of runs."""
    rng = np.random.default_rng(seed)
    db = open_database(str(path))
    zone = ZoneInfo(ZONE)
    first = TODAY - timedelta(days=365 * years)
    days = (TODAY - first).days
    n = int(round(days / 7 * runs_per_week))
    run_days = np.sort(rng.choice(np.arange(days), size=n, replace=False))
    with db.begin() as conn:
        profile_store.update(conn, {"name": "Bench Runner", "birth_year": 1985, "sex": "male", "timezone": ZONE})
        shoe = shoe_store.add(conn, "bench shoes", make_default=True)
        for k, offset in enumerate(run_days):
            day = first + timedelta(days=int(offset))
            route = ROUTES[int(rng.integers(0, len(ROUTES)))]
            start = datetime.combine(day, datetime.min.time(), tzinfo=zone).replace(hour=7)
            device = knowledge.text("cli.demo.device")
            parsed = _run(start, route, float(rng.uniform(4000, 16000)), float(rng.uniform(2.6, 3.4)), 0.0, rng, device)
            activity_store.insert(conn, parsed, sha256=f"bench-{k:06d}", source_file=f"bench:{k}", shoe_id=shoe)
    db.engine.dispose()
    return n


CPU: list[float] = []  # the CPU-time median of the last timed() call


def timed(fn, repeat: int = 1) -> tuple[float, object]:
    """Median wall ms of ``repeat`` calls (and their CPU-time median in ``CPU[-1]``: steadier on a busy machine)."""
    times, cpu, result = [], [], None
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    CPU.append(statistics.median(cpu))
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--runs-per-week", type=float, default=3.85)
    parser.add_argument("--keep", type=Path, default=None, help="build (or reuse) the database at this path")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "bench.db"
        if not path.exists():
            t0 = time.perf_counter()
            n = build(path, args.years, args.runs_per_week)
            print(
                f"built {n} runs with samples over {args.years} years in {time.perf_counter() - t0:.1f} s "
                f"({path.stat().st_size / 1e6:.0f} MB)"
            )
        db = api.open_database(str(path))
        day = TODAY.isoformat()
        first_ms, _ = timed(lambda: api.status(db, day))
        warm_ms, result = timed(lambda: api.status(db, day), repeat=20)
        full_ms, _ = timed(lambda: api.status(db, day, recompute=True))
        print(f"status, first call (computes and caches metrics of its window): {first_ms:8.1f} ms")
        warm_cpu = CPU[-2]
        print(f"status, warm (median of 20; target < 50 ms):          {warm_ms:8.1f} ms ({warm_cpu:.1f} ms CPU)")
        plan_ms, _ = timed(lambda: api.plan(db, days=7, today=day), repeat=20)
        print(f"plan --days 7, warm (median of 20; target < 50 ms):   {plan_ms:8.1f} ms ({CPU[-1]:.1f} ms CPU)")
        print(f"load average (1 min): {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
        print(f"full recompute (every run's terrain/form from samples + signals): {full_ms:8.1f} ms")

        rows = api.activities(db)
        import pandas as pd

        runs = runs_from_frame(pd.DataFrame(rows))
        dose = prescribed_dose(None, TODAY)
        first_day, last_day = int(runs.day[0]), to_day(TODAY)
        all_ms, _ = timed(lambda: [compute_signals(runs, d, dose) for d in range(first_day, last_day + 1)])
        print(f"signals for every day of the history ({last_day - first_day + 1} days, pure): {all_ms:8.1f} ms")
        levels = {s["id"]: s["level"] for s in result["signals"]}  # type: ignore[index]
        print("signals on", day, levels)
        db.engine.dispose()


if __name__ == "__main__":
    main()
