"""`import PATH...`: watch files, folders and archives into the store.

Per file (one archive member = one file), in this order:

1. read and decode it (``ingest``): a file that cannot be read is an ``error``
   naming the file and the reason, and nothing of it is stored;
2. in one transaction: the same content already stored (sha256 of the
   decompressed bytes, so ``run.fit`` and ``run.fit.gz`` are one file) is a
   ``duplicate``; the same run from another source (start within 60 s,
   distance within 2 %) is a ``duplicate`` too, and when the new file is
   richer (more samples and streams) it replaces the stored one, keeping its
   id, shoe and notes (``"replaced": true``); otherwise it is stored whole.
   The transaction takes the activities write lock first
   (``store.activities.lock_for_write``), so concurrent imports (two CLI
   runs, the web upload) never store one run twice; a unique-key race that
   still happens is retried and reported as ``duplicate``.
   Glitches dropped from the samples are counted in ``"cleaned"``
   (``ingest.plausible.KINDS``).

Export documents (Apple Health's export.xml, Samsung Health's exercise CSV,
Garmin's and Strava's extras and wellness files) are read after the activity
files, in this process, by ``api.exports``: their activities are stored by the
same writer (``_store_outcome``), then the extras and wellness.

Files without their own UTC offset (GPX, TCX, FIT without local time) get the
profile's time zone. Gear from a Strava ``activities.csv`` becomes a shoe pair
(created on first sight) assigned to the foot-sport activities that used it.

Large batches decode in worker processes (``ingest.parallel``: one per core,
a bounded number of files ahead, so memory stays flat) while this process is
the single writer, storing each file in its own transaction as its decoding
arrives, in the order of the sources.

Crash safety: a file is stored whole or not at all, so an import killed at any
moment (even ``kill -9``) leaves a consistent database, and running the same
import again stores exactly the files that are missing (the others are
``duplicate`` by their content hash).
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial
from os import PathLike
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from .. import knowledge
from ..domain import RUNNING_SPORTS, ParsedActivity
from ..errors import ImportFailed, ValueRefused
from ..ingest import archive, parallel
from ..ingest.sports import FOOT_SPORTS
from ..store import Database, open_database
from ..store import activities as activity_store
from ..store import profile as profile_store
from ..store import shoes as shoe_store


@dataclass(frozen=True)
class ImportProgress:
    """Where a running import is, after each file."""

    files_done: int
    files_total: int
    bytes_done: int
    bytes_total: int
    samples: int
    current: str
    elapsed_s: float
    decode_wait_s: float = 0.0  # time the writer waited for decoded files (decoding runs in workers)
    store_s: float = 0.0  # time spent storing


ProgressCallback = Callable[[ImportProgress], None]


def _local_start(parsed: ParsedActivity, zone: str | None) -> datetime:
    if parsed.tz_known or not zone:
        return parsed.start_time
    try:
        return parsed.start_time.astimezone(ZoneInfo(zone))
    except (ZoneInfoNotFoundError, ValueError):
        return parsed.start_time


def store_decoded(db: Database, decoded: parallel.Ready, source: archive.Source) -> dict[str, Any]:
    """Store one decoded file in its own transaction (whole or not at all); its result entry.

    Kept apart from decoding so that a bulk import can decode (and pack the
    samples) in worker processes and store from a single writer.
    """
    parsed = decoded.activity
    with db.begin() as conn:
        activity_store.lock_for_write(conn)  # the check and the insert below are one step across processes
        existing = activity_store.find_by_sha256(conn, decoded.sha256)
        if existing is not None:
            return {"path": source.name, "status": "duplicate", "activity_id": existing}
        zone = profile_store.timezone(conn)
        parsed.start_time = _local_start(parsed, zone)
        same = activity_store.find_same_run(conn, parsed.start_time, parsed.distance_m)
        if same is not None:
            entry: dict[str, Any] = {"path": source.name, "status": "duplicate", "activity_id": same.id}
            if decoded.samples.richness > same.richness:
                activity_store.replace(
                    conn, same.id, parsed, sha256=decoded.sha256, source_file=source.name, packed=decoded.samples
                )
                entry["replaced"] = True
            return entry
        shoe_id = None
        if source.gear and parsed.sport in FOOT_SPORTS:
            shoe_id = shoe_store.get_or_create(conn, source.gear)
        elif parsed.sport in RUNNING_SPORTS:
            shoe_id = shoe_store.default_id(conn, parsed.start_time.date())
        new_id = activity_store.insert(
            conn, parsed, sha256=decoded.sha256, source_file=source.name, shoe_id=shoe_id, packed=decoded.samples
        )
        entry = {"path": source.name, "status": "imported", "activity_id": new_id}
        if shoe_id is not None:
            entry["shoe"] = source.gear
        return entry


def _with_cleaned(entry: dict[str, Any], parsed: ParsedActivity) -> dict[str, Any]:
    if parsed.cleaned and (entry["status"] == "imported" or entry.get("replaced")):
        entry["cleaned"] = dict(parsed.cleaned)
    return entry


def _store_outcome(db: Database, source: archive.Source, outcome: parallel.Outcome) -> tuple[dict[str, Any], int]:
    """Store one decoded source (or report its failure); its result entry and the samples stored."""
    if isinstance(outcome, ImportFailed):
        return {"path": source.name, "status": "error", "error": str(outcome)}, 0
    try:
        try:
            entry = store_decoded(db, outcome, source)
        except IntegrityError:
            # Another writer stored the same file between our check and insert (a database without the
            # write lock): the transaction was rolled back; checking again finds it as a duplicate.
            entry = store_decoded(db, outcome, source)
        entry = _with_cleaned(entry, outcome.activity)
    except (SQLAlchemyError, ValueRefused) as exc:  # the transaction was rolled back: nothing of this file is stored
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        error = knowledge.text("errors.import.not_stored", path=source.name, reason=reason)
        return {"path": source.name, "status": "error", "error": error}, 0
    samples = outcome.samples.n if entry["status"] == "imported" or entry.get("replaced") else 0
    return entry, samples


def import_one(db: Database, source: archive.Source) -> tuple[dict[str, Any], int]:
    """Import one source; returns its result entry and the number of samples stored (0 unless imported)."""
    return _store_outcome(db, source, parallel.decode_one(source))


def import_files(
    db: Database | str | None,
    paths: Sequence[str | PathLike[str]] | Iterable[str | PathLike[str]],
    *,
    progress: ProgressCallback | None = None,
    workers: int | None = None,
) -> dict[str, Any]:
    """Import files, folders (recursive) and zip archives. The CLI's ``import`` command.

    Returns the contract's result: ``{"imported", "duplicates", "errors", "files": [...]}``
    plus ``"samples"`` (sample rows stored), ``"skipped"`` (files inside folders and archives
    that are neither activities nor export documents strideguard reads) and, when there are
    any, ``"warnings"`` (``{"path", "warning"}``: an export's extras file that could not be
    read), ``"exports"`` (each export document read: ``path``, ``kind`` and what it gave) and
    ``"wellness"`` (days stored: ``new``, ``changed``, ``unchanged``). A failing file never
    stops the batch.
    ``workers``: decoding processes (default: one per core; 1 decodes here).
    """
    from . import exports  # noqa: PLC0415  (the document readers only when an import runs)

    warnings: list[dict[str, str]] = []
    counts: dict[str, int] = {}
    started = time.monotonic()
    with _terminate_as_exit(), archive.spill_folder() as spill:  # copies of inner zips; stale ones removed
        sources = list(archive.walk(list(paths), spill, warnings, counts))
        files = [s for s in sources if s.kind is None]
        docs = [s for s in sources if s.kind is not None]
        shown = _with_documents(progress, files, docs)
        with parallel.Decoder(len(files), workers=workers) as decoder:
            database = open_database(db)  # (and its migrations) while the workers load the readers
            result = _import_sources(database, files, decoder, shown)
        if docs:
            total = len(files) + len(docs)
            files_bytes = sum(s.size for s in files)
            total_bytes = files_bytes + _doc_bytes(docs)

            def doc_progress(done: int, bytes_done: int, current: str) -> None:
                if progress is not None:
                    elapsed = time.monotonic() - started
                    progress(ImportProgress(done, total, files_bytes + bytes_done, total_bytes, 0, current, elapsed))

            exports.import_documents(database, docs, result, warnings, partial(_store_outcome, database), doc_progress)
    result["skipped"] = counts.get("skipped", 0)
    if warnings:
        result["warnings"] = warnings
    return result


def _doc_bytes(docs: list[archive.Source]) -> int:
    return sum(s.size for s in docs)


def _with_documents(
    progress: ProgressCallback | None, files: list[archive.Source], docs: list[archive.Source]
) -> ProgressCallback | None:
    """The activity files' progress, with the documents that follow counted in the totals."""
    if progress is None or not docs:
        return progress
    extra_files, extra_bytes = len(docs), _doc_bytes(docs)

    def shown(p: ImportProgress) -> None:
        progress(replace(p, files_total=p.files_total + extra_files, bytes_total=p.bytes_total + extra_bytes))

    return shown


@contextmanager
def _terminate_as_exit() -> Iterator[None]:
    """While importing, SIGTERM unwinds (temp folder removed, workers stopped) instead of killing on the spot.

    Only in the main thread and when nobody else handles SIGTERM (a server has its own handler).
    """
    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGTERM) != signal.SIG_DFL:
        yield
        return

    def _exit(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, _exit)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _import_sources(
    database: Database, sources: list[archive.Source], decoder: parallel.Decoder, progress: ProgressCallback | None
) -> dict[str, Any]:
    bytes_total = sum(s.size for s in sources)
    files: list[dict[str, Any]] = []
    counts = {"imported": 0, "duplicate": 0, "error": 0}
    samples = bytes_done = 0
    started = time.monotonic()
    wait_s = store_s = 0.0
    decoded = decoder.decode(sources)
    try:
        for i in range(1, len(sources) + 1):
            t0 = time.monotonic()
            source, outcome = next(decoded)
            t1 = time.monotonic()
            entry, stored = _store_outcome(database, source, outcome)
            t2 = time.monotonic()
            wait_s += t1 - t0
            store_s += t2 - t1
            files.append(entry)
            counts[entry["status"]] += 1
            samples += stored
            bytes_done += source.size
            if progress is not None:
                progress(
                    ImportProgress(
                        i, len(sources), bytes_done, bytes_total, samples, source.name, t2 - started, wait_s, store_s
                    )
                )
    finally:
        decoded.close()  # stops the workers, also when storing or the progress callback fails
    return {
        "imported": counts["imported"],
        "duplicates": counts["duplicate"],
        "errors": counts["error"],
        "files": files,
        "samples": samples,
    }
