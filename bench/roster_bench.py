"""The roster of a club: 200 runners of two years each, the coach's roster page p95 (target: under 200 ms),
on SQLite and on PostgreSQL, beside what the roster would cost without kept summaries.

Usage: python bench/roster_bench.py [--runners 200] [--years 2] [--requests 200] [--pg URL] [--only sqlite|postgresql]

One runner's history is made once through the API (``run add``: about 4.5 runs a week for ``--years``,
long runs on Sundays, a few shoes), then copied into every runner's own database (SQLite: the file;
PostgreSQL: its schema, by ``restore`` of the runner's export). Every tenth runner also logs a symptom
report (a mix of dispositions), so the roster has something to sort. Accounts are stored with one
argon2 hash made once (hashing 200 passwords would only measure argon2). Every runner shares with
one coach, half of them training only. The roster summaries are made once (timed: that is the work
each runner's writes cost), then ``strideguard --db DB serve --multi-user`` starts as its own process
and one keep-alive client signed in as the coach asks ``/roster`` (the HTML page) and ``/api/runners``
``--requests`` times each, after a warm-up. Each of those answers also writes one audit row per runner
shown (200 rows), as the server always does.

Without kept summaries a roster would compute every runner's status per request: the "naive" column
times ``api.status`` of every runner once, in this process.

PostgreSQL: ``--pg`` (or ``STRIDEGUARD_TEST_PG_URL``) names a role that may create databases; the
benchmark makes ``sgbench_roster_*`` and drops it at the end.
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa

from strideguard import api
from strideguard.club import Club
from strideguard.club import passwords as password_hashing
from strideguard.club.accounts import utcnow
from strideguard.store import open_database
from strideguard.store.runners import Access
from strideguard.store.server import accounts as account_store

COACH_PASSWORD = "the coach of the club"
REPORTS = [  # (region, side, what) -> a mix of dispositions
    {"region": "knee", "side": "left", "location": "below_kneecap", "pain_during": 6, "heaviness": True},
    {
        "region": "ankle",
        "side": "right",
        "location": "outer",
        "onset": "sudden",
        "mechanism": "twist",
        "pain_during": 6,
        "swelling": True,
        "unable_to_bear_weight": False,
        "bone_tenderness": [],
    },
    {"region": "foot", "location": "heel", "pain_during": 3, "pain_next_morning": 2, "when": ["first_steps"]},
    {"region": "calf", "side": "left", "pain_during": 2, "cramp": True},
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def make_history(path: Path, years: int, seed: int = 7) -> dict[str, Any]:
    """One runner's ``years`` of runs up to yesterday, entered through the API; returns its export."""
    rng = random.Random(seed)
    db = open_database(str(path))
    api.profile_set(db, name="Club Runner", birth_year=1990, sex="female", timezone="Europe/Berlin")
    api.shoes_add(db, "Old pair", started_on=(date.today() - timedelta(days=365 * years)).isoformat(), initial_km=0)
    end = date.today() - timedelta(days=1)
    day = end - timedelta(days=365 * years)
    weekly = 20.0
    while day <= end:
        if day.weekday() == 0:
            weekly = min(45.0, max(15.0, weekly * rng.uniform(0.92, 1.1)))
        if day.weekday() in (1, 3, 4, 6) or (day.weekday() == 5 and rng.random() < 0.5):
            km = weekly * (0.35 if day.weekday() == 6 else 0.17) * rng.uniform(0.85, 1.15)
            api.run_add(
                db, date=day.isoformat(), distance_km=round(km, 2), duration_min=round(km * rng.uniform(5.2, 6.4), 1)
            )
        day += timedelta(days=1)
    api.shoes_add(db, "Race pair", started_on=(end - timedelta(days=120)).isoformat(), initial_km=750, default=True)
    document = api.export(db)
    db.close()
    return document


def build(url: str, template: Path, runners: int) -> tuple[Club, list[tuple[int, str]], float, int]:
    """The server database with ``runners`` runners sharing with coach ``kim``; returns the club, the runners'
    ids and data keys, the seconds the summaries took per runner, and how many runs each runner has."""
    club = Club.open(url)
    shared_hash = password_hashing.make(secrets.token_urlsafe(16))  # nobody signs in as these runners
    document = api.export(str(template)) if club.db.is_postgresql else None
    now = time.time()
    ids: list[tuple[int, str]] = []
    for n in range(runners):
        key = secrets.token_hex(8)
        with club.db.begin() as conn:
            user_id = account_store.add(conn, f"runner{n:03d}", "runner", shared_hash, key, utcnow())
        if club.db.is_postgresql:
            club.runners.create(key)
            api.restore(club.runners.open(key, Access.OWNER), document)
        else:
            club.runners.copy_file(key, template)
        if n % 10 == 0:
            report = {"date": (date.today() - timedelta(days=n % 7)).isoformat(), **REPORTS[(n // 10) % len(REPORTS)]}
            api.symptom_log(club.runners.open(key, Access.OWNER), report)
        ids.append((user_id, key))
    print(f"  {runners} runners stored in {time.time() - now:.1f} s", file=sys.stderr)
    club.accounts.add("kim", "coach", COACH_PASSWORD)
    for n in range(runners):
        runner = club.accounts.by_name(f"runner{n:03d}")
        assert runner is not None
        club.consent.share(runner, "kim", "training" if n % 2 else "training_and_symptoms")
    started = time.perf_counter()
    for user_id, key in ids:
        club.roster.refresh(user_id, key)
    per_runner = (time.perf_counter() - started) / runners
    runs = len(api.activities(club.runners.open(ids[0][1], Access.OWNER)))
    return club, ids, per_runner, runs


def naive_seconds(club: Club, keys: list[str]) -> float:
    """What one roster would cost computing each runner's status on the request (no kept summaries)."""
    started = time.perf_counter()
    for key in keys:
        api.status(club.runners.open(key, Access.OWNER))
    return time.perf_counter() - started


def measure(url: str, requests: int, changes: int, change: Callable[[int], None]) -> dict[str, list[float]]:
    """Latencies (ms) of /roster and /api/runners, unchanged (``requests`` each) and each after a change of one
    runner's summary (``changes``: the first view after a runner's write, nothing kept to reuse)."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from strideguard.cli import main; main()",
            "--db",
            url,
            "serve",
            "--multi-user",
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(base + "/static/app.css", timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("the server did not start: " + (process.stderr.read() or b"").decode()) from None
                time.sleep(0.2)
        times: dict[str, list[float]] = {}
        with httpx.Client(base_url=base, timeout=60, headers={"accept-encoding": "gzip"}) as http:
            csrf = http.get("/api/csrf").json()["csrf_token"]
            signed = http.post(
                "/api/session", json={"username": "kim", "password": COACH_PASSWORD}, headers={"x-csrf-token": csrf}
            )
            signed.raise_for_status()
            for path in ("/roster", "/api/runners"):
                for _ in range(5):  # warm-up
                    http.get(path).raise_for_status()
                taken = []
                for _ in range(requests):
                    started = time.perf_counter()
                    answer = http.get(path)
                    taken.append((time.perf_counter() - started) * 1000)
                    answer.raise_for_status()
                times[path] = taken
                taken = []
                for n in range(changes):
                    change(n)  # not timed: a runner's write made their summary again
                    started = time.perf_counter()
                    answer = http.get(path)
                    taken.append((time.perf_counter() - started) * 1000)
                    answer.raise_for_status()
                times[path + " changed"] = taken
            rows = http.get("/api/runners").json()
            assert len(rows) >= 1
        return times
    finally:
        process.terminate()
        process.wait(timeout=20)


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runners", type=int, default=200)
    parser.add_argument("--years", type=int, default=2)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--changes", type=int, default=40, help="requests each after one runner's summary changed")
    parser.add_argument("--pg", default=os.environ.get("STRIDEGUARD_TEST_PG_URL"))
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="roster-bench-"))
    started = time.perf_counter()
    template = folder / "template.db"
    make_history(template, args.years)
    print(f"one runner's {args.years} years made in {time.perf_counter() - started:.1f} s", file=sys.stderr)

    backends = [b for b in ("sqlite", "postgresql") if args.only in (None, b)]
    results = []
    for backend in backends:
        admin = None
        if backend == "sqlite":
            url = f"sqlite:///{folder / 'club.db'}"
        else:
            if not args.pg:
                print("PostgreSQL: no --pg or STRIDEGUARD_TEST_PG_URL; skipped", file=sys.stderr)
                continue
            admin = sa.create_engine(args.pg, isolation_level="AUTOCOMMIT")
            name = f"sgbench_roster_{uuid.uuid4().hex[:8]}"
            with admin.connect() as conn:
                conn.execute(sa.text(f"CREATE DATABASE {name}"))
            url = sa.engine.make_url(args.pg).set(database=name).render_as_string(hide_password=False)
        print(f"{backend}: building", file=sys.stderr)
        club, ids, per_runner, runs = build(url, template, args.runners)
        naive = naive_seconds(club, [key for _, key in ids])

        def change(n: int, club: Club = club, ids: list[tuple[int, str]] = ids) -> None:
            club.roster.refresh(*ids[n % len(ids)])

        times = measure(url, args.requests, args.changes, change)
        club.close()
        results.append((backend, runs, per_runner, naive, times))
        if admin is not None:
            with admin.connect() as conn:
                conn.execute(sa.text(f"DROP DATABASE IF EXISTS {sa.engine.make_url(url).database} WITH (FORCE)"))
            admin.dispose()

    print()
    print(
        f"roster of {args.runners} runners, {args.years} years each, one client; {args.requests} requests per path "
        f"unchanged, {args.changes} each right after one runner's summary changed (nothing kept to reuse)"
    )
    header = (
        "| database | runs per runner | /roster p50 / p95 | /roster after a change p50 / p95 "
        "| /api/runners p50 / p95 | /api/runners after a change p50 / p95 "
        "| summary per runner (after a write, in the background) | naive roster (status of every runner) |"
    )
    print(header)
    print("|" + "---|" * 8)
    for backend, runs, per_runner, naive, times in results:
        cells = [
            f"{statistics.median(times[k]):.0f} / {p95(times[k]):.0f} ms"
            for k in ("/roster", "/roster changed", "/api/runners", "/api/runners changed")
        ]
        print(f"| {backend} | {runs} | {' | '.join(cells)} | {per_runner * 1000:.0f} ms | {naive * 1000:.0f} ms |")
    print("target: /roster p95 under 200 ms")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
