"""Import benchmark: a folder into a fresh temporary database, against fitdecode alone.

    python bench/import_bench.py [FOLDER]

FOLDER defaults to the shared real files (``$STRIDEGUARD_TEST_DATA`` or
``../shared/data`` beside the project). Prints, for the whole import (every
format, decode + store): files/s, MB/s, samples/s and peak RSS; then, on the
FIT files of the folder only, the same import into another fresh database
and the time fitdecode alone takes to decode those files (iterating every
frame, nothing stored), with the ratio of the two. Not a test: numbers only.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import sys
import tempfile
import time
import warnings
from pathlib import Path

import fitdecode

from strideguard import api
from strideguard.errors import ImportFailed
from strideguard.ingest import archive, detect


def default_folder() -> Path:
    env = os.environ.get("STRIDEGUARD_TEST_DATA")
    return Path(env) if env else Path(__file__).resolve().parents[1].parent / "shared" / "data"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


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


def timed_import(db: Path, paths: list[str]) -> tuple[float, dict]:
    started = time.perf_counter()
    result = api.import_files(str(db), paths)
    return time.perf_counter() - started, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=default_folder(), help="folder or archive to import")
    args = parser.parse_args(argv)
    if not args.folder.exists():
        print(f"error: {args.folder} does not exist", file=sys.stderr)
        return 1

    sources = list(archive.walk([args.folder]))
    total_bytes = sum(s.size for s in sources)
    with tempfile.TemporaryDirectory() as tmp:
        seconds, result = timed_import(Path(tmp) / "all.db", [str(args.folder)])
        rss = peak_rss_mb()
        fits = fit_sources(sources)
        plain_fit_paths = [s.path for s, _ in fits if not s.members]
        fit_seconds, fit_result = timed_import(Path(tmp) / "fit.db", plain_fit_paths)
    fit_bytes = sum(len(raw) for _, raw in fits)
    ref_seconds, ref_records = fitdecode_only(fits)

    n = len(result["files"])
    print(f"folder: {args.folder}")
    print(f"whole import (decode + store, all formats): {n} files, {total_bytes / 1e6:.2f} MB in {seconds:.2f} s")
    print(f"  imported {result['imported']}, duplicates {result['duplicates']}, errors {result['errors']}")
    print(f"  {n / seconds:.1f} files/s, {total_bytes / 1e6 / seconds:.2f} MB/s, {result['samples'] / seconds:,.0f} samples/s")
    print(f"  peak RSS {rss:.0f} MB")
    print(f"FIT files only: {len(fits)} files, {fit_bytes / 1e6:.2f} MB")
    print(f"  strideguard import (decode + store): {fit_seconds:.2f} s, "
          f"{fit_bytes / 1e6 / fit_seconds:.2f} MB/s, {fit_result['samples'] / fit_seconds:,.0f} samples/s")
    print(f"  fitdecode alone (decode only):       {ref_seconds:.2f} s, "
          f"{fit_bytes / 1e6 / ref_seconds:.2f} MB/s, {ref_records / ref_seconds:,.0f} records/s")
    print(f"  ratio fitdecode-alone time / strideguard import time: {ref_seconds / fit_seconds:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
