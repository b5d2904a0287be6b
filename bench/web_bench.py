"""p50/p95 latency of each web page on the demo database, through a real uvicorn server.

Usage: python bench/web_bench.py [--requests 60] [--db PATH]   (target: p95 < 100 ms)

Builds the demo runner in a temporary folder (unless --db is given), starts the
app with uvicorn on a free loopback port in a background thread, warms each page
up once, then times sequential GETs with one keep-alive HTTP client.
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import tempfile
import threading
import time
from pathlib import Path

import httpx
import uvicorn

from strideguard import api
from strideguard.store import open_database
from strideguard.web import WebSettings, create_app

PAGES = (
    "/",
    "/history",
    "/history?weeks=1000",
    "/symptoms",
    "/plan",
    "/shoes",
    "/import",
    "/profile",
    "/api/status",
    "/api/history",
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=60, help="timed requests per page")
    parser.add_argument("--db", help="an existing database instead of a fresh demo")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="sg-web-bench-"))
    db_path = Path(args.db) if args.db else folder / "demo.db"
    db = open_database(str(db_path))
    if not args.db:
        started = time.perf_counter()
        api.demo(db)
        print(f"demo database built in {time.perf_counter() - started:.1f} s: {db_path}")
    app = create_app(db, WebSettings(data_dir=db_path.parent))
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    results = {}
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
        for path in PAGES:
            assert client.get(path).status_code == 200, path  # warm-up (and metric caches)
            times = []
            for _ in range(args.requests):
                t0 = time.perf_counter()
                response = client.get(path)
                times.append((time.perf_counter() - t0) * 1000)
                assert response.status_code == 200
            results[path] = {
                "p50_ms": round(statistics.median(times), 1),
                "p95_ms": round(_percentile(times, 0.95), 1),
                "bytes": len(response.content),
            }
    server.should_exit = True
    thread.join(timeout=10)
    print(f"{'page':24} {'p50 ms':>8} {'p95 ms':>8} {'KB':>7}")
    for path, r in results.items():
        flag = "" if r["p95_ms"] < 100 else "  (over the 100 ms target)"
        print(f"{path:24} {r['p50_ms']:8.1f} {r['p95_ms']:8.1f} {r['bytes'] / 1024:7.1f}{flag}")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
