"""The export documents of an import: activities from Apple Health and Samsung Health, the extras
(names, effort, feel, shoes) of Garmin and Strava, and wellness per day.

Called by ``api.ingest.import_files`` after the activity files are stored, in this order:

1. **Activity documents** (Apple's export.xml, Samsung's exercise CSV): read whole first (a
   file cut short is an ``error`` naming it, and nothing of it is stored); then each activity
   is stored in its own transaction exactly as an activity file is (the same duplicate and
   "richer copy" rules), named ``document#start-time`` in ``files``.
2. **Shoes** (Strava's shoes.csv, Garmin's gear list) are created (or their unknown brand and
   dates filled in), then the **extras**: each names an activity by its file (an entry of this
   import, else a stored ``source_file``) or, failing that, by start time (within 60 s,
   distance within 10 % when both are known), and fills in what is still unknown on it: the
   name, ``export_rpe``, ``export_feel`` and, for a foot sport without shoes, the pair. The
   runner's own entries are never overwritten. One document's extras in one transaction.
3. **Wellness** from every document, merged per day and source, in one transaction.

A document that cannot be read (extras or wellness) is a warning naming it and the reason:
the activities are imported anyway. Each document read is listed in the result's
``exports`` with what it gave.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from .. import knowledge
from ..domain import WellnessDay
from ..errors import ImportFailed
from ..ingest import archive, documents
from ..ingest.sports import FOOT_SPORTS
from ..store import Database
from ..store import activities as activity_store
from ..store import shoes as shoe_store
from ..store import wellness as wellness_store

MATCH_WITHIN_S = 60.0
DISTANCE_TOLERANCE = 0.10

Progress = Callable[[int, int, str], None]  # (files done, bytes done, current name)


def _warning(name: str, reason: str) -> dict[str, str]:
    return {"path": name, "warning": knowledge.text("errors.import.document_not_read", path=name, reason=reason)}


def import_documents(
    database: Database,
    sources: list[archive.Source],
    result: dict[str, Any],
    warnings: list[dict[str, str]],
    store: Callable[[archive.Source, Any], tuple[dict[str, Any], int]],
    progress: Progress | None = None,
) -> None:
    """Read and store the documents, adding their entries to ``result`` (see the module docstring).

    ``store(source, outcome)`` stores one decoded activity (or reports its failure): the
    activity files' own writer, so that a document's activities meet the same rules.
    """
    exports: list[dict[str, Any]] = []
    extras: list[tuple[dict[str, Any], list[documents.Extra]]] = []  # (its entry in exports, its rows)
    shoes: list[documents.ShoeInfo] = []
    links: dict[str, str] = {}
    wellness: list[WellnessDay] = []
    done_files = len(result["files"])
    done_bytes = 0
    ordered = sorted(sources, key=lambda s: s.kind not in documents.ACTIVITY_KINDS)  # activities first
    for source in ordered:
        base = done_bytes

        def reported(n: int, base: int = base, source: archive.Source = source, done: int = done_files) -> None:
            if progress is not None:
                progress(done, base + min(n // 2, source.size), source.name)

        try:
            doc = documents.read(source, reported)
            if doc.kind in documents.ACTIVITY_KINDS:
                _store_items(doc, source, result, store)
            if doc.finish is not None:
                doc.finish()
        except ImportFailed as exc:
            _count(result, {"path": source.name, "status": "error", "error": str(exc)}, 0)
            done_files += 1
            done_bytes += source.size
            continue
        except documents.Unreadable as exc:
            warnings.append(_warning(source.name, str(exc)))
            done_files += 1
            done_bytes += source.size
            continue
        done_files += 1
        done_bytes += source.size
        if progress is not None:
            progress(done_files, done_bytes, source.name)
        entry: dict[str, Any] = {"path": source.name, "kind": doc.kind, **doc.summary}
        exports.append(entry)
        shoes.extend(doc.shoes)
        links.update(doc.gear_links)
        wellness.extend(doc.wellness)
        if doc.extras:
            extras.append((entry, doc.extras))
    by_path = {f["path"]: f["activity_id"] for f in result["files"] if f.get("activity_id") is not None}
    try:
        if shoes:
            with database.begin() as conn:
                for shoe in shoes:
                    shoe_store.ensure(conn, shoe.name, shoe.brand, shoe.started_on, shoe.retired_on)
        for entry, rows in extras:
            rows = [replace(r, gear=links[r.key]) if r.key in links and not r.gear else r for r in rows]
            entry.update(_apply(database, rows, by_path))
        if wellness:
            with database.begin() as conn:
                counts = wellness_store.upsert(conn, _merged(wellness))
            result["wellness"] = counts.to_dict()
    except SQLAlchemyError as exc:  # the transaction was rolled back: nothing of that step is stored
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        warnings.append({"path": "", "warning": knowledge.text("errors.import.extras_not_stored", reason=reason)})
    if exports:
        result["exports"] = exports


def _count(result: dict[str, Any], entry: dict[str, Any], samples: int) -> None:
    result["files"].append(entry)
    key = {"imported": "imported", "duplicate": "duplicates", "error": "errors"}[entry["status"]]
    result[key] += 1
    result["samples"] = result.get("samples", 0) + samples


def _store_items(
    doc: documents.Document,
    source: archive.Source,
    result: dict[str, Any],
    store: Callable[[archive.Source, Any], tuple[dict[str, Any], int]],
) -> None:
    for item in doc.items:
        entry, samples = store(archive.Source(item.name, source.path, source.member), item.outcome)
        _count(result, entry, samples)


def _merged(days: list[WellnessDay]) -> list[WellnessDay]:
    """One value set per day and source: a later file's known value wins over an earlier file's."""
    merged: dict[tuple[Any, str], dict[str, Any]] = {}
    for d in days:
        values = merged.setdefault((d.day, d.source), {})
        for name, value in d.values().items():
            if value is not None:
                values[name] = value
    return [WellnessDay(day=day, source=source, **values) for (day, source), values in sorted(merged.items())]


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None or max(a, b) <= 0:
        return True
    return abs(a - b) <= DISTANCE_TOLERANCE * max(a, b)


def _apply(database: Database, rows: list[documents.Extra], by_path: dict[str, int]) -> dict[str, Any]:
    """Fill in the extras of one document (one transaction); what was matched and filled."""
    filled: dict[str, int] = {"name": 0, "export_rpe": 0, "export_feel": 0, "shoe": 0}
    matched = unmatched = 0
    with database.begin() as conn:
        activity_store.lock_for_write(conn)
        for row in rows:
            target: activity_store.Stored | None = None
            if row.file is not None:
                known = by_path.get(row.file)
                target = _stored(conn, known) if known is not None else activity_store.by_source_file(conn, row.file)
            if target is None and row.start is not None:
                near = activity_store.near(conn, row.start, MATCH_WITHIN_S)
                target = next((s for s in near if _close(s.distance_m, row.distance_m)), None)
            if target is None:
                unmatched += 1
                continue
            matched += 1
            shoe_id = None
            if row.gear and target.shoe_id is None and target.sport in FOOT_SPORTS:
                shoe_id = shoe_store.get_or_create(conn, row.gear[:100])
            changed = activity_store.fill_extras(
                conn, target.id, name=row.name, export_rpe=row.export_rpe, export_feel=row.export_feel, shoe_id=shoe_id
            )
            for field_name in changed:
                filled["shoe" if field_name == "shoe_id" else field_name] += 1
    return {"matched": matched, "unmatched": unmatched, "filled": filled}


def _stored(conn: Any, activity_id: int) -> activity_store.Stored | None:
    row = activity_store.get_row(conn, activity_id)
    if row is None:
        return None
    return activity_store.Stored(
        row.id, row.start_time, row.sport, row.distance_m, row.name, row.export_rpe, row.shoe_id, row.source_file
    )
