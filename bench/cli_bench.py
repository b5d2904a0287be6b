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

The children run with bytecode caching on (``PYTHONDONTWRITEBYTECODE`` removed from their
environment), as after ``pip install``, which compiles every module: otherwise an editable
install recompiles all of strideguard's modules on every start while numpy and SQLAlchemy
load their installed ``.pyc`` files, and the ratio measures the compiler. Beside the wall
time (the goal) the CPU time of each child is printed: on a machine shared with other work
it moves much less than the wall time.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOALS = {"help": 10.0, "status": 2.0}


ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _wall(cmd: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``cmd``."""
    cpu, t = _cpu(), time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False, env=ENV)
    elapsed, used = time.perf_counter() - t, _cpu() - cpu
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr.decode(errors='replace')[-500:]}")
    return elapsed, used


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
        subprocess.run([*cli, "--db", db, "demo", "--json"], check=True, stdout=subprocess.DEVNULL, env=ENV)
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "strideguard --help": [*cli, "--help"],
            'python -c "import numpy, sqlalchemy"': [sys.executable, "-c", "import numpy, sqlalchemy"],
            "strideguard status --json": [*cli, "--db", db, "status", "--json"],
        }
        for cmd in commands.values():  # warm the file cache and the bytecode
            _wall(cmd)
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, cmd in commands.items():
                times[name].append(_wall(cmd))
    wall = {name: statistics.median(v[0] for v in values) * 1000 for name, values in times.items()}
    cpu = {name: statistics.median(v[1] for v in values) * 1000 for name, values in times.items()}
    names = list(commands)
    load = os.getloadavg()[0]
    print(f"medians of {args.runs} interleaved runs ({'script' if args.script else 'python -m strideguard'})")
    print(f"load average (1 min) at the end: {load:.2f} on {os.cpu_count()} CPUs")
    print(f"{'command':<40} {'wall ms':>10} {'CPU ms':>10}")
    for name in names:
        print(f"{name:<40} {wall[name]:>10.0f} {cpu[name]:>10.0f}")
    print()
    print(f"{'ratio':<40} {'wall':>9} {'CPU':>9} {'goal':>8}  verdict (wall)")
    for label, a, b, goal in (
        ("strideguard --help / python -c pass", names[1], names[0], GOALS["help"]),
        ("status --json / import numpy, sqlalchemy", names[3], names[2], GOALS["status"]),
    ):
        ratio = wall[a] / wall[b]
        verdict = "within" if ratio <= goal else "OVER"
        print(f"{label:<40} {ratio:>8.2f}x {cpu[a] / cpu[b]:>8.2f}x {goal:>7.1f}x  {verdict}")


if __name__ == "__main__":
    main()
