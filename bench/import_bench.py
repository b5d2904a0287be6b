"""Import benchmark: strideguard's whole import against fitdecode and fitfast decoding the same files.

    python bench/import_bench.py [FOLDER]
    python bench/import_bench.py --copies N [--repeat R] [--fitdecode-copies K] [--workers W]

FOLDER defaults to the shared real files (``$STRIDEGUARD_TEST_DATA`` or
``../shared/data`` beside the project). Prints, for the whole import (every
format, decode + store): files/s, MB/s, samples/s and peak RSS; then, on the
FIT files of the folder only, the same import into another fresh database
and the time fitdecode alone takes to decode those files (iterating every
frame, nothing stored), with the ratio of the two. Not a test: numbers only.

``--copies N`` builds a large export in a temporary folder instead: N copies
of every FIT file of the folder, copy k moved k weeks later (every absolute
time shifted, CRCs rewritten: distinct runs, not duplicates), then measures,
side by side on those files, each in a fresh process:

- strideguard's whole import (``api.import_files`` into a new database: decode
  in worker processes, pack, store one transaction per file);
- ``fitfast.records`` (the Rust-backed FIT decoder on PyPI, ``pip install
  ".[bench]"``) decoding every file's records, one process, nothing stored;
- fitdecode decoding every frame, one process (``--fitdecode-copies K``: on the
  first K copies, scaled to N: the copies differ only in their times);
- strideguard's reader alone (decode + build the activity, one process).

The import and fitfast run ``--repeat`` times, one after the other in turn
(the machine may be shared: medians, and the load average, are printed). The
decoders get the files' bytes in memory; the import reads them from disk,
creates the database, starts its workers and waits for them to stop (the
modules of each side are loaded before its clock starts). Peak RSS: of the
measured process, and of it with its child processes (the workers and
multiprocessing's resource tracker).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from pathlib import Path
from typing import Any, Self

import fitdecode

from strideguard import api
from strideguard.errors import ImportFailed
from strideguard.ingest import archive, detect
from strideguard.ingest.fastfit.rewrite import shift_times
from strideguard.ingest.parallel import worker_count

WEEK_S = 7 * 86400  # a multiple of 32 s, as shift_times needs


def default_folder() -> Path:
    env = os.environ.get("STRIDEGUARD_TEST_DATA")
    return Path(env) if env else Path(__file__).resolve().parents[1].parent / "shared" / "data"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def cpu_s() -> float:
    """CPU seconds (user + system) of this process and of its finished children (the workers, once stopped)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


class RssMonitor:
    """Samples the RSS of this process and its children (the decoding workers) from /proc (Linux).

    ``getrusage`` cannot tell a spawned worker's own peak: its maximum carries
    the parent's size from the instant before ``exec``. /proc's VmHWM is the
    peak of the process image itself.
    """

    def __init__(self, interval_s: float = 0.05) -> None:
        self.interval_s = interval_s
        self.peak_total_mb = 0.0
        self.peak_worker_mb = 0.0
        self.workers_seen = 0
        self._seen: set[int] = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def _status(pid: int | str) -> dict[str, float]:
        out = {}
        try:
            with open(f"/proc/{pid}/status") as fh:
                for line in fh:
                    key, _, value = line.partition(":")
                    if key in ("VmRSS", "VmHWM", "PPid"):
                        out[key] = float(value.split()[0])
        except OSError:
            pass
        return out

    def _children(self) -> list[int]:
        me = os.getpid()
        found = []
        for entry in os.listdir("/proc"):
            if entry.isdigit() and self._status(entry).get("PPid") == me:
                found.append(int(entry))
        return found

    def _sample(self) -> None:
        total = self._status("self").get("VmRSS", 0.0)
        for pid in self._children():
            st = self._status(pid)
            total += st.get("VmRSS", 0.0)
            self.peak_worker_mb = max(self.peak_worker_mb, st.get("VmHWM", 0.0) / 1024)
            self._seen.add(pid)
        self.peak_total_mb = max(self.peak_total_mb, total / 1024)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.interval_s)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        self.workers_seen = len(self._seen)


def fit_sources(sources: list[archive.Source]) -> list[tuple[archive.Source, bytes]]:
    """The FIT files among the sources, with their decompressed bytes."""
    out = []
    for source in sources:
        try:
            raw, kind = detect.unwrap(source.read(), source.name)
        except ImportFailed:
            continue
        if kind == "fit":
            out.append((source, raw))
    return out


def fitdecode_only(files: list[bytes]) -> tuple[float, int]:
    """Seconds fitdecode takes to decode every frame of these files, and the records it saw."""
    records = 0
    started = time.perf_counter()
    for raw in files:
        try:
            with warnings.catch_warnings(), fitdecode.FitReader(io.BytesIO(raw)) as reader:
                warnings.simplefilter("ignore")
                for frame in reader:
                    if isinstance(frame, fitdecode.FitDataMessage) and frame.name == "record":
                        records += 1
        except fitdecode.FitError:
            continue  # the broken files fail in fitdecode too; the time until then counts
    return time.perf_counter() - started, records


def fitfast_only(files: list[bytes]) -> tuple[float, int]:
    """Seconds ``fitfast.records`` takes to decode the record messages of these files, and the records."""
    import fitfast  # noqa: PLC0415  (optional: the bench extra)

    records = 0
    started = time.perf_counter()
    for raw in files:
        try:
            columns = fitfast.records(raw)
        except fitfast.FitDecodeError:
            continue  # what it refuses, it refuses quickly; the time until then counts
        records += len(next(iter(columns.values()), ()))
    return time.perf_counter() - started, records


def strideguard_decode_only(files: list[tuple[str, bytes]]) -> tuple[float, int]:
    """Seconds strideguard's reader takes (decode + build the activity, nothing stored), one process; samples."""
    samples = 0
    started = time.perf_counter()
    for name, raw in files:
        try:
            samples += detect.decode(raw, name).activity.sample_count
        except ImportFailed:
            continue
    return time.perf_counter() - started, samples


def timed_import(db: Path, paths: list[str]) -> tuple[float, dict]:
    started = time.perf_counter()
    result = api.import_files(str(db), paths)
    return time.perf_counter() - started, result


def build_export(folder: Path, out: Path, copies: int) -> tuple[int, int]:
    """Write ``copies`` time-shifted copies of every FIT file under ``folder`` into ``out``; (files, bytes)."""
    with tempfile.TemporaryDirectory() as spill:
        originals = [(s.name, raw) for s, raw in fit_sources(list(archive.walk([folder], spill)))]
    files = size = 0
    for k in range(copies):
        target = out / f"copy{k:04d}"
        target.mkdir(parents=True)
        for i, (name, raw) in enumerate(originals):
            data = shift_times(raw, k * WEEK_S) if k else raw
            (target / f"{i:03d}-{Path(name).name}").write_bytes(data)
            files += 1
            size += len(data)
    return files, size


def export_files(export: Path, copies: int | None = None) -> list[Path]:
    """The export's files in import order; only those of the first ``copies`` copies when given."""
    folders = sorted(p for p in export.iterdir() if p.is_dir())[:copies]
    return [f for d in folders for f in sorted(d.iterdir())]


# ---------------------------------------------------------------- one measurement per process


def child(kind: str, export: Path, db: Path | None, copies: int | None, workers: int | None) -> dict[str, Any]:
    """One measurement in this (fresh) process; its numbers as a dict."""
    out: dict[str, Any] = {"kind": kind}
    if kind == "import":
        assert db is not None
        import strideguard.api.ingest  # noqa: F401, PLC0415  (modules load before the clock starts, as on every side)

        with RssMonitor() as rss:
            cpu = cpu_s()
            started = time.perf_counter()
            result = api.import_files(str(db), [str(export)], workers=workers)
            out["seconds"] = time.perf_counter() - started
            out["cpu_s"] = cpu_s() - cpu
        out.update(
            files=len(result["files"]),
            imported=result["imported"],
            duplicates=result["duplicates"],
            errors=result["errors"],
            samples=result["samples"],
            rss_main_mb=peak_rss_mb(),
            rss_all_mb=rss.peak_total_mb,
            rss_worker_mb=rss.peak_worker_mb,
            workers_seen=rss.workers_seen,
            workers=workers or worker_count(),
        )
        return out
    paths = export_files(export, copies)
    data = [p.read_bytes() for p in paths]
    out.update(files=len(paths), bytes=sum(len(d) for d in data))
    cpu = cpu_s()
    if kind == "fitfast":
        out["seconds"], out["samples"] = fitfast_only(data)
    elif kind == "fitdecode":
        out["seconds"], out["samples"] = fitdecode_only(data)
    else:
        named = [(p.name, d) for p, d in zip(paths, data, strict=True)]
        out["seconds"], out["samples"] = strideguard_decode_only(named)
    out["cpu_s"] = cpu_s() - cpu
    out["rss_main_mb"] = out["rss_all_mb"] = peak_rss_mb()
    return out


def run_child(
    kind: str, export: Path, *, db: Path | None = None, copies: int | None = None, workers: int | None = None
) -> dict[str, Any]:
    """One measurement in a fresh Python process (its peak RSS is its own)."""
    args = [sys.executable, __file__, "--child", kind, str(export)]
    if db is not None:
        args += ["--db", str(db)]
    if copies is not None:
        args += ["--fitdecode-copies", str(copies)]
    if workers is not None:
        args += ["--workers", str(workers)]
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{kind} run failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def have_fitfast() -> bool:
    try:
        import fitfast  # noqa: F401, PLC0415
    except ImportError:
        return False
    return True


def copies_run(folder: Path, copies: int, fitdecode_copies: int | None, workers: int | None, repeat: int) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        export = Path(tmp) / "export"
        t0 = time.perf_counter()
        n_files, n_bytes = build_export(folder, export, copies)
        print(
            f"export: {copies} copies of the FIT files of {folder}: {n_files} files, {n_bytes / 1e6:.1f} MB "
            f"(built in {time.perf_counter() - t0:.1f} s)"
        )
        cores = len(os.sched_getaffinity(0))
        load_before = os.getloadavg()
        runs: dict[str, list[dict[str, Any]]] = {"import": [], "fitfast": []}
        fitfast = have_fitfast()
        for i in range(repeat):
            runs["import"].append(run_child("import", export, db=Path(tmp) / f"bulk{i}.db", workers=workers))
            if fitfast:
                runs["fitfast"].append(run_child("fitfast", export))
        k = copies if fitdecode_copies is None else max(1, min(copies, fitdecode_copies))
        reference = run_child("fitdecode", export, copies=k)
        reader = run_child("reader", export)
        load_after = os.getloadavg()

    scale = copies / k

    def median(kind: str, key: str) -> float:
        return statistics.median(r[key] for r in runs[kind])

    ours = runs["import"][-1]
    rows: list[tuple[str, float, int, float, float, float]] = []  # label, seconds, samples, RSS main, all, CPU s
    rows.append(
        (
            f"strideguard import (decode+store, {ours['workers']} workers)",
            median("import", "seconds"),
            ours["samples"],
            median("import", "rss_main_mb"),
            median("import", "rss_all_mb"),
            median("import", "cpu_s"),
        )
    )
    if fitfast:
        rows.append(
            (
                "fitfast.records (decode only, 1 process)",
                median("fitfast", "seconds"),
                runs["fitfast"][-1]["samples"],
                median("fitfast", "rss_main_mb"),
                median("fitfast", "rss_all_mb"),
                median("fitfast", "cpu_s"),
            )
        )
    what = "" if k == copies else f", {k} of {copies} copies x{scale:.0f}"
    rows.append(
        (
            f"fitdecode (decode only, 1 process{what})",
            reference["seconds"] * scale,
            round(reference["samples"] * scale),
            reference["rss_main_mb"],
            reference["rss_all_mb"],
            reference["cpu_s"] * scale,
        )
    )
    rows.append(
        (
            "strideguard reader alone (decode+build, 1 process)",
            reader["seconds"],
            reader["samples"],
            reader["rss_main_mb"],
            reader["rss_all_mb"],
            reader["cpu_s"],
        )
    )
    mb = n_bytes / 1e6
    print(
        f"machine: {cores} cores; load average (1, 5, 15 min) before {', '.join(f'{x:.1f}' for x in load_before)}, "
        f"after {', '.join(f'{x:.1f}' for x in load_after)}"
    )
    print(
        f"import: {ours['imported']} imported, {ours['duplicates']} duplicates, {ours['errors']} errors; "
        f"medians of {repeat} runs, the import and fitfast in turn"
    )
    head = f"{'':52s} {'files':>6s} {'MB':>6s} {'seconds':>8s} {'files/s':>8s} {'MB/s':>7s} {'samples/s':>10s}"
    print(head + f" {'RSS MB':>7s} {'all MB':>7s} {'CPU s':>7s}")
    for label, seconds, samples, rss_main, rss_all, cpu in rows:
        print(
            f"{label:52s} {n_files:6d} {mb:6.1f} {seconds:8.2f} {n_files / seconds:8.1f} {mb / seconds:7.2f} "
            f"{samples / seconds:10,.0f} {rss_main:7.0f} {rss_all:7.0f} {cpu:7.2f}"
        )
    import_s = median("import", "seconds")
    print("samples/s: samples stored (import), records decoded (fitfast, fitdecode), samples built (reader)")
    print("CPU s: user + system, the import's workers included (on a busy machine the fairer comparison)")
    print(f"import times: {_seconds(runs['import'])} s")
    if fitfast:
        print(f"fitfast times: {_seconds(runs['fitfast'])} s")
        pairs = [f["seconds"] / i["seconds"] for i, f in zip(runs["import"], runs["fitfast"], strict=True)]
        print(
            f"ratio fitfast-alone time / strideguard whole import time: {median('fitfast', 'seconds') / import_s:.2f}x "
            f"(run by run: {', '.join(f'{x:.2f}' for x in pairs)})"
        )
    else:
        print('fitfast is not installed (pip install -e ".[bench]"): its line is left out')
    print(f"ratio fitdecode-alone time / strideguard whole import time: {reference['seconds'] * scale / import_s:.1f}x")
    if fitfast:
        cpu_ratio = median("fitfast", "cpu_s") / median("import", "cpu_s")
        print(f"ratio of CPU seconds, fitfast alone / strideguard whole import (all its processes): {cpu_ratio:.2f}x")
    return 0


def _seconds(runs: list[dict[str, Any]]) -> str:
    return ", ".join(f"{r['seconds']:.2f}" for r in runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=default_folder(), help="folder or archive to import")
    parser.add_argument(
        "--copies", type=int, default=0, help="build an export of N time-shifted copies of the FIT files"
    )
    parser.add_argument(
        "--fitdecode-copies",
        type=int,
        default=None,
        help="with --copies: time fitdecode on this many copies and scale (default: all)",
    )
    parser.add_argument("--workers", type=int, default=None, help="decoding processes (default: one per core)")
    parser.add_argument("--repeat", type=int, default=3, help="with --copies: runs of the import and of fitfast")
    parser.add_argument("--child", choices=["import", "fitfast", "fitdecode", "reader"], help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.folder, args.db, args.fitdecode_copies, args.workers)))
        return 0
    if not args.folder.exists():
        print(f"error: {args.folder} does not exist", file=sys.stderr)
        return 1
    if args.copies > 0:
        return copies_run(args.folder, args.copies, args.fitdecode_copies, args.workers, max(1, args.repeat))

    with tempfile.TemporaryDirectory() as tmp:
        sources = list(archive.walk([args.folder], tmp))
        total_bytes = sum(s.size for s in sources)
        seconds, result = timed_import(Path(tmp) / "all.db", [str(args.folder)])
        rss = peak_rss_mb()
        fits = fit_sources(sources)
        plain_fit_paths = [s.path for s, _ in fits if s.member is None]
        fit_seconds, fit_result = timed_import(Path(tmp) / "fit.db", plain_fit_paths)
    fit_bytes = sum(len(raw) for _, raw in fits)
    ref_seconds, ref_records = fitdecode_only([raw for _, raw in fits])

    n = len(result["files"])
    print(f"folder: {args.folder}")
    print(f"whole import (decode + store, all formats): {n} files, {total_bytes / 1e6:.2f} MB in {seconds:.2f} s")
    print(f"  imported {result['imported']}, duplicates {result['duplicates']}, errors {result['errors']}")
    print(
        f"  {n / seconds:.1f} files/s, {total_bytes / 1e6 / seconds:.2f} MB/s,"
        f" {result['samples'] / seconds:,.0f} samples/s"
    )
    print(f"  peak RSS {rss:.0f} MB")
    print(f"FIT files only: {len(fits)} files, {fit_bytes / 1e6:.2f} MB")
    print(
        f"  strideguard import (decode + store): {fit_seconds:.2f} s, "
        f"{fit_bytes / 1e6 / fit_seconds:.2f} MB/s, {fit_result['samples'] / fit_seconds:,.0f} samples/s"
    )
    print(
        f"  fitdecode alone (decode only):       {ref_seconds:.2f} s, "
        f"{fit_bytes / 1e6 / ref_seconds:.2f} MB/s, {ref_records / ref_seconds:,.0f} records/s"
    )
    if have_fitfast():
        ff_seconds, ff_records = fitfast_only([raw for _, raw in fits])
        print(
            f"  fitfast.records alone (decode only): {ff_seconds:.2f} s, "
            f"{fit_bytes / 1e6 / ff_seconds:.2f} MB/s, {ff_records / ff_seconds:,.0f} records/s"
        )
    print(f"  ratio fitdecode-alone time / strideguard import time: {ref_seconds / fit_seconds:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
