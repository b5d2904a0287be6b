"""`cohort export --out DIR [DB...]` and `cohort signals DIR`: many runners as Parquet, signals as SQL.

One runner per database today, so a cohort is several databases; each runner's identity for the
pseudonym is their profile name (a runner id once the multi-user server has accounts: only
``_runners`` changes). See :mod:`strideguard.cohort` for the files.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .. import __version__, knowledge
from ..cohort import EWMA_HORIZON_DAYS, pseudonym, signals_sql
from ..domain import RUNNING_SPORTS
from ..errors import MISSING, InputError
from ..load import Runs, runs_from_columns
from ..load.daily import daily_signals
from ..store import Database, open_database
from ..store import activities as activity_store
from ..store import profile as profile_store

FILES = ("runs.parquet", "daily.parquet", "signals.sql", "cohort.json")
_COLUMNS = ("id", "start_time", "local_date", "sport", "distance_m", "moving_s", "elapsed_s", "avg_hr", "max_hr")
KEY_BYTES = 32


@dataclass(frozen=True)
class Runner:
    identity: str  # hashed into the pseudonym; never written
    runs: Runs


def _runners(database: Database) -> Iterator[Runner]:
    """The runners of one database (today exactly one: the profile's)."""
    with database.connect() as conn:
        name = profile_store.get(conn).get("name")
        rows = [r for r in activity_store.list_rows(conn) if r.sport in RUNNING_SPORTS]
    if not name:
        raise InputError("DB", database.shown(), "errors.cohort.no_name")
    yield Runner(f"runner:{name}", runs_from_columns({c: [getattr(r, c) for r in rows] for c in _COLUMNS}))


def _key(key_file: str | Path | None) -> tuple[bytes, str]:
    """The pseudonym key: from ``key_file`` (made when missing, readable by its owner only), else a random one;
    and the text id of what the key is."""
    if key_file is None:
        return secrets.token_bytes(KEY_BYTES), "cli.cohort.key_random"
    path = Path(key_file)
    if path.is_dir():
        raise InputError("--key-file", str(path), "errors.cohort.key_is_folder")
    if not path.exists():
        if not path.parent.is_dir():
            raise InputError("--key-file", str(path), "errors.folder_missing")
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as stream:
            stream.write(secrets.token_hex(KEY_BYTES) + "\n")
        made = True
    else:
        made = False
    text = path.read_text(encoding="ascii", errors="replace").strip()
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) < 16:
        raise InputError("--key-file", str(path), "errors.cohort.key_short")
    return key, "cli.cohort.key_new" if made else "cli.cohort.key_file"


def _out_folder(out: str | Path) -> Path:
    folder = Path(out)
    if folder.exists() and not folder.is_dir():
        raise InputError("--out", str(folder), "errors.cohort.out_is_file")
    if folder.is_dir() and any(folder.iterdir()):
        raise InputError("--out", str(folder), "errors.cohort.out_not_empty")
    if not folder.parent.is_dir():
        raise InputError("--out", str(folder), "errors.parent_missing")
    return folder


def cohort_export(
    dbs: Sequence[Database | str],
    out: str | Path,
    *,
    key_file: str | Path | None = None,
) -> dict[str, Any]:
    """Write the cohort's files into ``out`` (a new or empty folder); a summary (no names, no paths of databases)."""
    from ..cohort import files  # noqa: PLC0415  (pyarrow only for this command)

    if not dbs:
        raise InputError("DB", MISSING, "errors.cohort.no_db")
    folder = _out_folder(out)
    key, key_note = _key(key_file)
    runs_tables, daily_tables, seen = [], [], set()
    for db in dbs:
        database = open_database(db)
        for runner in _runners(database):
            pid = pseudonym(key, runner.identity)
            if pid in seen:
                raise InputError("DB", database.shown(), "errors.cohort.same_name")
            seen.add(pid)
            if len(runner.runs) == 0:
                continue
            runs_tables.append(files.runs_table(pid, runner.runs))
            daily_tables.append(files.daily_table(pid, daily_signals(runner.runs)))
        if not isinstance(db, Database):
            database.close()
    folder.mkdir(exist_ok=True)
    counts = {
        "runs": files.write(runs_tables, folder / "runs.parquet"),
        "days": files.write(daily_tables, folder / "daily.parquet"),
    }
    (folder / "signals.sql").write_text(signals_sql(), encoding="utf-8")
    manifest = {
        "format": "strideguard-cohort",
        "version": 1,
        "strideguard": __version__,
        "created": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "runners": len(daily_tables),
        **counts,
        "pseudonym": "HMAC-SHA256 of the runner's identity under the export's key, first 128 bits as hex",
        "key": knowledge.text(key_note, "en"),  # the manifest is a file for analysts: in English
        "ewma_horizon_days": EWMA_HORIZON_DAYS,
        "files": list(FILES),
    }
    (folder / "cohort.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    summary = {"out": str(folder), **{k: manifest[k] for k in ("runners", "runs", "days", "files")}}
    return {**summary, "key": knowledge.text(key_note)}


def cohort_signals(folder: str | Path, out: str | Path | None = None) -> dict[str, Any]:
    """Run ``signals.sql`` in DuckDB over an export; the rows, and written as Parquet or CSV to ``out`` if given."""
    from ..cohort import files  # noqa: PLC0415

    rows = files.run_sql(Path(folder), signals_sql())
    summary: dict[str, Any] = {"rows": len(rows), "runners": len({r["runner"] for r in rows})}
    if out is not None:
        target = Path(out)
        if target.suffix.lower() not in (".parquet", ".csv") or not target.parent.is_dir():
            raise InputError("--out", str(target), "errors.cohort.signals_out")
        import pyarrow as pa  # noqa: PLC0415
        import pyarrow.csv  # noqa: PLC0415
        import pyarrow.parquet  # noqa: PLC0415

        table = pa.Table.from_pylist(rows)
        if target.suffix.lower() == ".csv":
            pyarrow.csv.write_csv(table, target)
        else:
            pyarrow.parquet.write_table(table, target, compression="zstd")
        summary["out"] = str(target)
    else:
        summary["signals"] = rows
    return summary
