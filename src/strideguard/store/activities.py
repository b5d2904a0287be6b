"""Activities: insert (whole or not at all, with samples), find duplicates, list, replace."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from ..domain import ParsedActivity
from . import samples as sample_store
from .codec import Packed, pack
from .tables import activities, activity_metrics, activity_samples, fit_text, inserted_id, storable_id

SUMMARY_FIELDS = ("distance_m", "elapsed_s", "moving_s", "ascent_m", "descent_m", "avg_hr", "max_hr", "avg_cadence_spm")
EXPORT_FIELDS = ("name", "export_rpe", "energy_kcal")


def _utc_naive(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


def _offset_min(moment: datetime) -> int:
    offset = moment.utcoffset()
    return 0 if offset is None else int(offset.total_seconds() // 60)


def _clean(value: float | None) -> float | None:
    if value is None or value != value:  # NaN means unknown
        return None
    return float(value)


def _values(
    parsed: ParsedActivity, packed: Packed, *, sha256: str, source_file: str | None, now: datetime | None
) -> dict[str, Any]:
    start = parsed.start_time if parsed.start_time.tzinfo else parsed.start_time.replace(tzinfo=UTC)
    values: dict[str, Any] = {
        "start_time": _utc_naive(start),
        "utc_offset_min": _offset_min(start),
        "local_date": start.date(),
        "sport": parsed.sport,
        "source_format": parsed.source_format,
        "source_file": source_file,
        "sha256": sha256,
        "device": fit_text(activities.c.device, parsed.device),
        "sample_count": packed.n,
        "richness": packed.richness,
        "imported_at": (now or datetime.now(UTC)).replace(tzinfo=None),
    }
    for name in SUMMARY_FIELDS:
        values[name] = _clean(getattr(parsed, name))
    # what an export says beside the samples: written when known (a richer copy without them keeps the old ones)
    for name in EXPORT_FIELDS:
        value = getattr(parsed, name)
        if value is not None and value == value:
            values[name] = value
    return values


# PostgreSQL advisory lock key of the activities writer ("SGACTV" as digits: any fixed 64-bit number).
_PG_LOCK_KEY = 0x534741435456


def lock_for_write(conn: Connection) -> None:
    """Take the activities write lock for the rest of the caller's transaction; call it first.

    Makes "is this run stored already?" and "store it" one step across
    processes (two imports at once, the web upload beside the CLI). SQLite:
    ``BEGIN IMMEDIATE`` takes the database's write lock before the first read
    (other writers wait, up to the busy timeout; readers go on under WAL).
    PostgreSQL: a transaction-level advisory lock, released at commit or
    rollback. Another database: nothing (the sha256 unique key still refuses a
    second copy of the same file).
    """
    name = conn.dialect.name
    if name == "sqlite":
        dbapi = conn.connection.dbapi_connection
        if dbapi is not None and not getattr(dbapi, "in_transaction", True):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
    elif name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})


# Statements built once (the import's writer runs them for every file).
_INSERT = activities.insert()
_BY_SHA256 = sa.select(activities.c.id).where(activities.c.sha256 == sa.bindparam("sha256"))
_STARTING_BETWEEN = (
    sa.select(activities.c.id, activities.c.richness, activities.c.distance_m)
    .where(activities.c.start_time.between(sa.bindparam("lo"), sa.bindparam("hi")))
    .order_by(activities.c.start_time, activities.c.id)  # the first match, the same on every database
)


def insert(
    conn: Connection,
    parsed: ParsedActivity,
    *,
    sha256: str,
    source_file: str | None,
    shoe_id: int | None = None,
    notes: str | None = None,
    now: datetime | None = None,
    packed: Packed | None = None,
) -> int:
    """Store one activity and its samples in the caller's transaction; return its id.

    ``packed``: its samples packed already (a decoding worker did it; ``parsed.samples`` is then not read).
    """
    packed = pack(parsed.samples) if packed is None else packed
    values = _values(parsed, packed, sha256=sha256, source_file=source_file, now=now)
    values.update(shoe_id=shoe_id, notes=notes)
    activity_id = inserted_id(conn.execute(_INSERT, values))
    sample_store.insert(conn, activity_id, packed)
    return activity_id


def find_by_sha256(conn: Connection, sha256: str) -> int | None:
    row = conn.execute(_BY_SHA256, {"sha256": sha256}).first()
    return None if row is None else int(row.id)


@dataclass(frozen=True)
class Candidate:
    id: int
    richness: int
    distance_m: float | None


def find_same_run(
    conn: Connection,
    start_time: datetime,
    distance_m: float | None,
    *,
    within_s: float = 60,
    distance_tol: float = 0.02,
) -> Candidate | None:
    """A stored activity that is the same run from another source: start within 60 s, distance within 2 %."""
    start = _utc_naive(start_time if start_time.tzinfo else start_time.replace(tzinfo=UTC))
    window = timedelta(seconds=within_s)
    rows = conn.execute(_STARTING_BETWEEN, {"lo": start - window, "hi": start + window}).all()
    for row in rows:
        if distance_m is None or row.distance_m is None:
            if distance_m is None and row.distance_m is None:
                return Candidate(int(row.id), int(row.richness), None)
            continue
        if abs(row.distance_m - distance_m) <= distance_tol * max(row.distance_m, distance_m):
            return Candidate(int(row.id), int(row.richness), row.distance_m)
    return None


def delete(conn: Connection, activity_id: int) -> None:
    conn.execute(sa.delete(activity_metrics).where(activity_metrics.c.activity_id == activity_id))
    conn.execute(sa.delete(activity_samples).where(activity_samples.c.activity_id == activity_id))
    conn.execute(sa.delete(activities).where(activities.c.id == activity_id))


def replace(
    conn: Connection,
    old_id: int,
    parsed: ParsedActivity,
    *,
    sha256: str,
    source_file: str | None,
    now: datetime | None = None,
    packed: Packed | None = None,
) -> int:
    """Swap a stored activity for a richer copy of the same run, keeping its id, shoe and notes."""
    packed = pack(parsed.samples) if packed is None else packed
    conn.execute(sa.delete(activity_metrics).where(activity_metrics.c.activity_id == old_id))
    conn.execute(sa.delete(activity_samples).where(activity_samples.c.activity_id == old_id))
    values = _values(parsed, packed, sha256=sha256, source_file=source_file, now=now)
    conn.execute(sa.update(activities).where(activities.c.id == old_id).values(**values))
    sample_store.insert(conn, old_id, packed)
    return old_id


def to_dict(row: Row[Any]) -> dict[str, Any]:
    """The contract's activity fields (plus a few extras): ISO start time with its UTC offset."""
    offset = timezone(timedelta(minutes=row.utc_offset_min))
    start = row.start_time.replace(tzinfo=UTC).astimezone(offset)
    out: dict[str, Any] = {
        "id": row.id,
        "start_time": start.isoformat(),
        "local_date": row.local_date.isoformat(),
        "sport": row.sport,
    }
    for name in SUMMARY_FIELDS:
        out[name] = getattr(row, name)
    out.update(
        source_file=row.source_file,
        sha256=row.sha256,
        source_format=row.source_format,
        device=row.device,
        shoe_id=row.shoe_id,
        notes=row.notes,
        name=row.name,
        rpe=row.rpe,
        rpe_note=row.rpe_note,
        export_rpe=row.export_rpe,
        energy_kcal=row.energy_kcal,
        export_feel=row.export_feel,
    )
    return out


def list_rows(conn: Connection, since: date | None = None, until: date | None = None) -> list[Row[Any]]:
    query = sa.select(activities).order_by(activities.c.start_time, activities.c.id)
    if since is not None:
        query = query.where(activities.c.local_date >= since)
    if until is not None:
        query = query.where(activities.c.local_date <= until)
    return list(conn.execute(query).all())


def get_row(conn: Connection, activity_id: int) -> Row[Any] | None:
    if not storable_id(activity_id):
        return None
    return conn.execute(sa.select(activities).where(activities.c.id == activity_id)).first()


def set_shoe(conn: Connection, activity_ids: list[int], shoe_id: int | None) -> int:
    if not activity_ids:
        return 0
    result = conn.execute(sa.update(activities).where(activities.c.id.in_(activity_ids)).values(shoe_id=shoe_id))
    return int(result.rowcount or 0)


EDITABLE = ("sport", "shoe_id", "notes", "name", "rpe", "rpe_note")


def update(conn: Connection, activity_id: int, values: dict[str, Any]) -> None:
    """Change the runner's own fields of an activity (``EDITABLE``); the recorded figures never change."""
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
    if values:
        conn.execute(sa.update(activities).where(activities.c.id == activity_id).values(**values))


def latest_unrated(conn: Connection, since: date, sports: tuple[str, ...]) -> Row[Any] | None:
    """The latest activity of these sports on or after ``since`` that the runner has not rated."""
    query = (
        sa.select(activities)
        .where(activities.c.local_date >= since, activities.c.sport.in_(sports), activities.c.rpe.is_(None))
        .order_by(activities.c.start_time.desc(), activities.c.id.desc())
        .limit(1)
    )
    return conn.execute(query).first()


def samples_row(conn: Connection, activity_id: int) -> Row[Any] | None:
    return conn.execute(sa.select(activity_samples).where(activity_samples.c.activity_id == activity_id)).first()


def put_samples_back(conn: Connection, activity_id: int, columns: list[str], n: int, data: bytes) -> None:
    """Insert a kept samples row (encoded as ``store/samples.py`` stores it) for a restored activity."""
    conn.execute(sa.insert(activity_samples).values(activity_id=activity_id, columns=columns, n=n, data=data))


@dataclass(frozen=True)
class Stored:
    """What an export's extras may fill in on a stored activity."""

    id: int
    start_time: datetime  # UTC, naive
    sport: str
    distance_m: float | None
    name: str | None
    export_rpe: float | None
    shoe_id: int | None
    source_file: str | None


def near(conn: Connection, start_time: datetime, within_s: float = 60) -> list[Stored]:
    """Stored activities that start within ``within_s`` seconds of ``start_time``, the closest first."""
    start = _utc_naive(start_time if start_time.tzinfo else start_time.replace(tzinfo=UTC))
    c = activities.c
    rows = conn.execute(
        sa.select(c.id, c.start_time, c.sport, c.distance_m, c.name, c.export_rpe, c.shoe_id, c.source_file).where(
            c.start_time.between(start - timedelta(seconds=within_s), start + timedelta(seconds=within_s))
        )
    ).all()
    found = [Stored(*row) for row in rows]
    return sorted(found, key=lambda r: (abs((r.start_time - start).total_seconds()), r.id))


def by_source_file(conn: Connection, source_file: str) -> Stored | None:
    """The activity stored from exactly this file (``archive.zip!member`` or a path), if any."""
    c = activities.c
    row = conn.execute(
        sa.select(c.id, c.start_time, c.sport, c.distance_m, c.name, c.export_rpe, c.shoe_id, c.source_file)
        .where(c.source_file == source_file)
        .order_by(c.id)
    ).first()
    return None if row is None else Stored(*row)


def fill_extras(
    conn: Connection,
    activity_id: int,
    *,
    name: str | None = None,
    export_rpe: float | None = None,
    export_feel: int | None = None,
    shoe_id: int | None = None,
) -> list[str]:
    """Fill in what is still unknown on a stored activity (never overwrites); the fields that were filled."""
    c = activities.c
    row = conn.execute(sa.select(c.name, c.export_rpe, c.export_feel, c.shoe_id).where(c.id == activity_id)).first()
    if row is None:
        return []
    values: dict[str, Any] = {}
    if name and row.name is None:
        values["name"] = name
    if export_rpe is not None and row.export_rpe is None:
        values["export_rpe"] = export_rpe
    if export_feel is not None and row.export_feel is None:
        values["export_feel"] = export_feel
    if shoe_id is not None and row.shoe_id is None:
        values["shoe_id"] = shoe_id
    if values:
        conn.execute(sa.update(activities).where(activities.c.id == activity_id).values(**values))
    return sorted(values)
