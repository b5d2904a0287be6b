"""Latency and transferred bytes of every web page, one client at a time and 20 at once (target: p95 < 100 ms).

Usage: python bench/web_bench.py [--requests 40] [--clients 20] [--years 10] [--db PATH] [--only demo|years]
                                 [--pages /,/history,...]   (a subset, e.g. to measure an older version)

For each history (the demo runner, and ``--years`` of generated runs built as
bench/status_bench.py builds them) it starts ``strideguard serve`` as its own
process on a free loopback port, asks every page once (warm-up: the first
request after a change of the data computes the views, later ones reuse them),
then times ``--requests`` sequential GETs per page with one keep-alive client,
and ``--clients`` clients at once, each asking every page ``--requests`` / 4
times in turn. Bytes are what travelled (gzip, as browsers ask for it). ``/api/csrf`` is the floor:
what 20 clients get from this machine for an answer that computes nothing (on a shared 2-core machine the
server and the 20 clients compete for the same cores).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

PAGES = (
    "/",
    "/calendar",
    "/calendar?view=week",
    "/runs/{latest}",
    "/history",
    "/history?weeks=1000",
    "/symptoms",
    "/plan",
    "/plan?days=28",
    "/shoes",
    "/import",
    "/profile",
    "/sources",
    "/api/status",
    "/api/plan",
    "/api/history",
    "/api/calendar",
    "/api/runs/{latest}",
    "/api/csrf",  # the floor: the cheapest answer through every middleware (no view, no template)
)
HEADERS = {"accept-encoding": "gzip"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def _serve(db: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    command = [sys.executable, "-c", "from strideguard.cli import main; main()", "--db", str(db), "serve"]
    process = subprocess.Popen([*command, "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(url + "/static/app.css", timeout=1.0)
            return process, url
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("strideguard serve did not answer within 60 s")


def measure(db: Path, requests: int, clients: int, wanted: tuple[str, ...] = PAGES) -> dict[str, dict[str, float]]:
    process, url = _serve(db)
    try:
        with httpx.Client(base_url=url, timeout=60, headers=HEADERS) as client:
            latest = client.get("/api/activities").json()[-1]["id"]
            pages = [p.format(latest=latest) for p in wanted]
            results: dict[str, dict[str, float]] = {}
            for path in pages:
                t0 = time.perf_counter()
                first = client.get(path)
                assert first.status_code == 200, (path, first.status_code)
                cold = (time.perf_counter() - t0) * 1000
                times = []
                for _ in range(requests):
                    t0 = time.perf_counter()
                    response = client.get(path)
                    times.append((time.perf_counter() - t0) * 1000)
                    assert response.status_code == 200, path
                results[path] = {
                    "first_ms": round(cold, 1),
                    "p50_ms": round(statistics.median(times), 1),
                    "p95_ms": round(_percentile(times, 0.95), 1),
                    "kb": round(response.num_bytes_downloaded / 1024, 1),
                    "kb_plain": round(len(response.content) / 1024, 1),
                }
        per_page: dict[str, list[float]] = {p: [] for p in pages}
        lock = threading.Lock()
        rounds = max(1, requests // 4)

        def worker(offset: int) -> None:
            with httpx.Client(base_url=url, timeout=60, headers=HEADERS) as mine:
                for k in range(rounds * len(pages)):
                    path = pages[(k + offset) % len(pages)]
                    t0 = time.perf_counter()
                    response = mine.get(path)
                    elapsed = (time.perf_counter() - t0) * 1000
                    assert response.status_code == 200, path
                    with lock:
                        per_page[path].append(elapsed)

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
        t0 = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - t0
        total = sum(len(v) for v in per_page.values())
        for path, times in per_page.items():
            results[path]["p95_ms_concurrent"] = round(_percentile(times, 0.95), 1)
        results["_all"] = {"requests_per_s_concurrent": round(total / wall, 1), "requests": total}
        return results
    finally:
        process.terminate()
        process.wait(timeout=10)


def show(name: str, results: dict[str, dict[str, float]], clients: int) -> None:
    print(f"\n{name}: one client, then {clients} at once ({results['_all']['requests_per_s_concurrent']} requests/s)")
    print(
        f"{'page':24} {'first ms':>9} {'p50 ms':>7} {'p95 ms':>7} {f'p95 x{clients}':>9} {'KB sent':>8} {'KB plain':>9}"
    )
    for path, r in results.items():
        if path == "_all":
            continue
        slow = max(r["p95_ms"], r["p95_ms_concurrent"]) >= 100
        print(
            f"{path[:24]:24} {r['first_ms']:9.1f} {r['p50_ms']:7.1f} {r['p95_ms']:7.1f} {r['p95_ms_concurrent']:9.1f} "
            f"{r['kb']:8.1f} {r['kb_plain']:9.1f}{'  (over the 100 ms target)' if slow else ''}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=40, help="timed sequential requests per page")
    parser.add_argument("--clients", type=int, default=20, help="clients at once")
    parser.add_argument("--years", type=int, default=10, help="years of generated history")
    parser.add_argument("--db", help="an existing database instead of the demo")
    parser.add_argument("--only", choices=("demo", "years"), help="measure one history only")
    parser.add_argument("--pages", help="comma-separated pages to measure (default: every page)")
    args = parser.parse_args()
    wanted = tuple(args.pages.split(",")) if args.pages else PAGES
    os.environ.pop("STRIDEGUARD_WEB_TOKEN", None)
    folder = Path(tempfile.mkdtemp(prefix="sg-web-bench-"))
    out: dict[str, object] = {}
    if args.only in (None, "demo"):
        from strideguard import api

        demo = Path(args.db) if args.db else folder / "demo.db"
        if not args.db:
            api.demo(str(demo))
        out["demo"] = result = measure(demo, args.requests, args.clients, wanted)
        show(f"demo database ({demo.name})", result, args.clients)
    if args.only in (None, "years") and not args.db:
        from status_bench import build

        years = folder / "years.db"
        started = time.perf_counter()
        runs = build(years, args.years, 3.85)
        print(f"\n{args.years} years of history built in {time.perf_counter() - started:.0f} s ({runs} runs)")
        out["years"] = result = measure(years, args.requests, args.clients, wanted)
        show(f"{args.years} years ({runs} runs)", result, args.clients)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
