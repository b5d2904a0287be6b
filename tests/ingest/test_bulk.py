"""Bulk import: decoding in worker processes stores exactly what decoding in-process stores."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from strideguard import api
from strideguard.ingest import parallel
from strideguard.ingest.fastfit.rewrite import shift_times
from strideguard.store import activities as activity_store
from strideguard.store import open_database
from strideguard.store import samples as sample_store

WEEK_S = 7 * 86400

BASES = (
    "python-fitparse/garmin-fenix-5-run.fit",
    "python-fitparse/antfs-dump.63.fit",
    "python-fitparse/2013-02-06-12-11-14.fit",  # Forerunner 110 run, 590 records
    "invalid/strideguard/settings.fit",  # not an activity: an error in both
)


def make_export(test_files: Path, folder: Path, copies: int) -> list[Path]:
    """``copies`` week-apart copies of each base file (distinct runs, valid CRCs)."""
    out = []
    for k in range(copies):
        for i, rel in enumerate(BASES):
            path = folder / f"c{k:03d}-{i}.fit"
            path.write_bytes(shift_times((test_files / rel).read_bytes(), k * WEEK_S))
            out.append(path)
    return out


def stored(db_path: Path) -> list[tuple[object, ...]]:
    db = open_database(str(db_path))
    rows = []
    with db.connect() as conn:
        for row in activity_store.list_rows(conn, None, None):
            d = activity_store.to_dict(row)
            samples = sample_store.load(conn, row.id)
            digest = tuple((k, np.round(v, 9).tobytes()) for k, v in sorted(samples.items()))
            rows.append((d["sha256"], d["start_time"], d["sport"], d["distance_m"], row.sample_count, digest))
    return sorted(rows)


def test_parallel_import_stores_what_a_sequential_one_stores(test_files: Path, tmp_path: Path) -> None:
    copies = 10
    export = tmp_path / "export"
    export.mkdir()
    make_export(test_files, export, copies)
    assert copies * len(BASES) >= parallel.MIN_PARALLEL_SOURCES  # large enough for the worker pool

    par = api.import_files(str(tmp_path / "par.db"), [str(export)], workers=2)
    seq = api.import_files(str(tmp_path / "seq.db"), [str(export)], workers=1)

    assert par["imported"] == seq["imported"] == 3 * copies
    assert par["errors"] == seq["errors"] == copies  # settings.fit: not an activity
    assert [(f["path"], f["status"]) for f in par["files"]] == [(f["path"], f["status"]) for f in seq["files"]]
    assert par["samples"] == seq["samples"] > 0
    assert stored(tmp_path / "par.db") == stored(tmp_path / "seq.db")


def test_decode_sources_keeps_the_order_and_reports_failures(test_files: Path, tmp_path: Path) -> None:
    from strideguard.errors import ImportFailed
    from strideguard.ingest import archive

    paths = make_export(test_files, tmp_path, 10)
    sources = list(archive.walk(paths, tmp_path / "spill"))
    results = list(parallel.decode_sources(sources, workers=2, count=len(sources)))
    assert [s.name for s, _ in results] == [s.name for s in sources]
    failures = [o for _, o in results if isinstance(o, ImportFailed)]
    assert len(failures) == 10 and all("not an activity" in str(f) for f in failures)
