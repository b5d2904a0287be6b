"""Start-up time of the command line against a bare Python, as medians of interleaved runs.

    python bench/cli_bench.py [--runs 15] [--script]

Measures, each as the median wall time of ``--runs`` runs (the four commands take
turns, so that a busy machine slows them alike):

- ``python -c pass`` and ``strideguard --help``: goal, help within 10x a bare start;
- ``python -c "import numpy, sqlalchemy"`` and ``strideguard status --json`` on a demo
  database built here first: goal, status within 2x that import.

``strideguard`` is run as ``python -m strideguard`` (the same program as the installed
script, and the tree on ``PYTHONPATH`` wins); ``--script`` runs the ``strideguard``
script found beside this Python instead.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOALS = {"help": 10.0, "status": 2.0}


def _wall(cmd: list[str]) -> float:
    t = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - t
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr.decode(errors='replace')[-500:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="runs of each command (default 15)")
    parser.add_argument("--script", action="store_true", help="run the installed strideguard script")
    args = parser.parse_args()
    if args.script:
        script = Path(sys.executable).with_name("strideguard")
        if not script.exists():
            raise SystemExit(f"no strideguard script beside {sys.executable}")
        cli = [str(script)]
    else:
        cli = [sys.executable, "-m", "strideguard"]
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "demo.db")
        subprocess.run([*cli, "--db", db, "demo", "--json"], check=True, stdout=subprocess.DEVNULL)
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "strideguard --help": [*cli, "--help"],
            'python -c "import numpy, sqlalchemy"': [sys.executable, "-c", "import numpy, sqlalchemy"],
            "strideguard status --json": [*cli, "--db", db, "status", "--json"],
        }
        for cmd in commands.values():  # warm the file cache and the bytecode
            _wall(cmd)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, cmd in commands.items():
                times[name].append(_wall(cmd))
    med = {name: statistics.median(values) * 1000 for name, values in times.items()}
    names = list(commands)
    print(f"medians of {args.runs} interleaved runs ({'script' if args.script else 'python -m strideguard'})")
    print(f"{'command':<40} {'median ms':>10}")
    for name in names:
        print(f"{name:<40} {med[name]:>10.0f}")
    help_ratio = med[names[1]] / med[names[0]]
    status_ratio = med[names[3]] / med[names[2]]
    print()
    print(f"{'ratio':<40} {'measured':>10} {'goal':>8}  verdict")
    for label, ratio, goal in (
        ("strideguard --help / python -c pass", help_ratio, GOALS["help"]),
        ("status --json / import numpy, sqlalchemy", status_ratio, GOALS["status"]),
    ):
        print(f"{label:<40} {ratio:>9.2f}x {goal:>7.1f}x  {'within' if ratio <= goal else 'OVER'}")


if __name__ == "__main__":
    main()
