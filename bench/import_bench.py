"""Import benchmark: a folder into a fresh temporary database, against fitdecode alone.

    python bench/import_bench.py [FOLDER]
    python bench/import_bench.py --copies N [--fitdecode-copies K] [--workers W]

FOLDER defaults to the shared real files (``$STRIDEGUARD_TEST_DATA`` or
``../shared/data`` beside the project). Prints, for the whole import (every
format, decode + store): files/s, MB/s, samples/s and peak RSS; then, on the
FIT files of the folder only, the same import into another fresh database
and the time fitdecode alone takes to decode those files (iterating every
frame, nothing stored), with the ratio of the two. Not a test: numbers only.

``--copies N`` builds a large export in a temporary folder instead: N copies
of every FIT file of the folder, copy k moved k weeks later (every absolute
time shifted, CRCs rewritten: distinct runs, not duplicates), then imports it
all (decode in worker processes + store) and decodes the same files with
fitdecode alone, one process. ``--fitdecode-copies K`` times fitdecode on the
first K copies only and scales to N (the copies are the same bytes but their
times, so fitdecode's time per copy does not vary); by default it decodes all.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import sys
import tempfile
import threading
import time
import warnings
from pathlib import Path
from typing import Self

import fitdecode

from strideguard import api
from strideguard.api.ingest import ImportProgress
from strideguard.errors import ImportFailed
from strideguard.ingest import archive, detect
from strideguard.ingest.fastfit.rewrite import shift_times

WEEK_S = 7 * 86400  # a multiple of 32 s, as shift_times needs


def default_folder() -> Path:
    env = os.environ.get("STRIDEGUARD_TEST_DATA")
    return Path(env) if env else Path(__file__).resolve().parents[1].parent / "shared" / "data"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


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


def fitdecode_only(files: list[tuple[archive.Source, bytes]]) -> tuple[float, int]:
    """Seconds fitdecode takes to decode every frame of these files, and the records it saw."""
    records = 0
    started = time.perf_counter()
    for _, raw in files:
        try:
            with warnings.catch_warnings(), fitdecode.FitReader(io.BytesIO(raw)) as reader:
                warnings.simplefilter("ignore")
                for frame in reader:
                    if isinstance(frame, fitdecode.FitDataMessage) and frame.name == "record":
                        records += 1
        except fitdecode.FitError:
            continue  # the broken files fail in fitdecode too; the time until then counts
    return time.perf_counter() - started, records


def strideguard_decode_only(files: list[tuple[archive.Source, bytes]]) -> float:
    """Seconds strideguard's reader takes (decode + build the activity, nothing stored), one process."""
    started = time.perf_counter()
    for source, raw in files:
        try:
            detect.decode(raw, source.name)
        except ImportFailed:
            continue
    return time.perf_counter() - started


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


def copies_run(folder: Path, copies: int, fitdecode_copies: int | None, workers: int | None) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        export = Path(tmp) / "export"
        t0 = time.perf_counter()
        n_files, n_bytes = build_export(folder, export, copies)
        print(
            f"export: {copies} copies of the FIT files of {folder}: {n_files} files, {n_bytes / 1e6:.1f} MB "
            f"(built in {time.perf_counter() - t0:.1f} s)"
        )
        rss_before = peak_rss_mb()
        last: list[ImportProgress] = []

        def keep(p: ImportProgress) -> None:
            last[:] = [p]

        with RssMonitor() as rss:
            started = time.perf_counter()
            result = api.import_files(str(Path(tmp) / "bulk.db"), [str(export)], progress=keep, workers=workers)
            seconds = time.perf_counter() - started
        rss_main = peak_rss_mb()
        progress = last[0]
        sources = list(archive.walk([export], tmp))
        k = copies if fitdecode_copies is None else max(1, min(copies, fitdecode_copies))
        sample = [(s, s.read()) for s in sources if s.path.split(os.sep)[-2] < f"copy{k:04d}"]
        ref_seconds, ref_records = fitdecode_only(sample)
        ours_decode = strideguard_decode_only(sample)
        scale = copies / k
    ref_total = ref_seconds * scale
    n = len(result["files"])
    store, wait = progress.store_s, progress.decode_wait_s
    print(
        f"whole import (decode in workers + store, workers={workers or 'one per core'}): {n} files in {seconds:.2f} s"
    )
    print(f"  imported {result['imported']}, duplicates {result['duplicates']}, errors {result['errors']}")
    print(
        f"  {n / seconds:.1f} files/s, {n_bytes / 1e6 / seconds:.2f} MB/s, {result['samples'] / seconds:,.0f} samples/s"
    )
    print(
        f"  writer time: storing {store:.2f} s ({store / seconds:.0%}), waiting for decoded files {wait:.2f} s "
        f"({wait / seconds:.0%}), other {seconds - store - wait:.2f} s"
    )
    print(
        f"  peak RSS: importing process {rss_main:.0f} MB (before the import {rss_before:.0f} MB), "
        f"largest of {rss.workers_seen} child processes {rss.peak_worker_mb:.0f} MB, "
        f"all together at most {rss.peak_total_mb:.0f} MB"
    )
    what = "all copies" if k == copies else f"{k} of {copies} copies, scaled x{scale:.1f}"
    print(
        f"fitdecode alone (decode only, one process, {what}): {ref_total:.1f} s, "
        f"{n_bytes / 1e6 / ref_total:.2f} MB/s, {ref_records * scale / ref_total:,.0f} records/s"
    )
    decode_total = ours_decode * scale
    print(
        f"strideguard reader alone (decode + build, one process, {what}): {decode_total:.1f} s, "
        f"{n_bytes / 1e6 / decode_total:.2f} MB/s; {ref_total / decode_total:.0f}x fitdecode"
    )
    print(
        f"  CPU work of the import: decoding {decode_total:.1f} s ({decode_total / (decode_total + store):.0%}, "
        f"in the workers), storing {store:.1f} s ({store / (decode_total + store):.0%}, the single writer)"
    )
    print(f"ratio fitdecode-alone time / strideguard whole import time: {ref_total / seconds:.1f}x")
    return 0


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
    args = parser.parse_args(argv)
    if not args.folder.exists():
        print(f"error: {args.folder} does not exist", file=sys.stderr)
        return 1
    if args.copies > 0:
        return copies_run(args.folder, args.copies, args.fitdecode_copies, args.workers)

    with tempfile.TemporaryDirectory() as tmp:
        sources = list(archive.walk([args.folder], tmp))
        total_bytes = sum(s.size for s in sources)
        seconds, result = timed_import(Path(tmp) / "all.db", [str(args.folder)])
        rss = peak_rss_mb()
        fits = fit_sources(sources)
        plain_fit_paths = [s.path for s, _ in fits if s.member is None]
        fit_seconds, fit_result = timed_import(Path(tmp) / "fit.db", plain_fit_paths)
    fit_bytes = sum(len(raw) for _, raw in fits)
    ref_seconds, ref_records = fitdecode_only(fits)

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
    print(f"  ratio fitdecode-alone time / strideguard import time: {ref_seconds / fit_seconds:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
