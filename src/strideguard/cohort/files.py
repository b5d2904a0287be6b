"""Writing the cohort's Parquet files (pyarrow) and running ``signals.sql`` over them (DuckDB)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from ..errors import MISSING, InputError
from ..load.daily import SIGNALS, DailySignals
from ..load.series import Runs

EPOCH = np.datetime64("1970-01-01", "D")


def _arrow() -> Any:
    try:
        import pyarrow  # noqa: PLC0415
        import pyarrow.parquet  # noqa: PLC0415
    except ImportError:
        raise InputError("cohort", "pyarrow", "errors.cohort.pyarrow") from None
    return pyarrow


def _floats(values: np.ndarray) -> Any:
    pa = _arrow()
    array = np.asarray(values, dtype=float)
    return pa.array(array, type=pa.float64(), mask=~np.isfinite(array))


def runs_table(runner: str, runs: Runs) -> Any:
    """One row per running activity: its day, order within the day (``seq``), sport, km and minutes."""
    pa = _arrow()
    seq = np.zeros(len(runs), dtype=np.int32)
    for i in range(1, len(runs)):
        seq[i] = seq[i - 1] + 1 if runs.day[i] == runs.day[i - 1] else 0
    return pa.table(
        {
            "runner": pa.array([runner] * len(runs), type=pa.string()),
            "day": pa.array((EPOCH + runs.day.astype("timedelta64[D]")).astype("datetime64[D]"), type=pa.date32()),
            "day_number": pa.array(runs.day.astype(np.int32), type=pa.int32()),
            "seq": pa.array(seq, type=pa.int32()),
            "sport": pa.array([str(s) for s in runs.sport], type=pa.string()),
            "distance_km": _floats(runs.distance_km),
            "duration_min": _floats(runs.duration_min),
        }
    )


def daily_table(runner: str, signals: DailySignals) -> Any:
    """One row per calendar day: load, the four signals with their levels, strain, acute and chronic km."""
    pa = _arrow()
    n = len(signals.day)
    columns: dict[str, Any] = {
        "runner": pa.array([runner] * n, type=pa.string()),
        "day": pa.array((EPOCH + signals.day.astype("timedelta64[D]")).astype("datetime64[D]"), type=pa.date32()),
        "day_number": pa.array(signals.day.astype(np.int32), type=pa.int32()),
        "distance_km": _floats(signals.distance_km),
        "duration_min": _floats(signals.duration_min),
        "runs": pa.array(signals.runs.astype(np.int32), type=pa.int32()),
    }
    for sid in SIGNALS:
        columns[sid] = _floats(signals.values.get(sid, np.zeros(0)))
        columns[f"{sid}_level"] = pa.array(signals.levels.get(sid, []), type=pa.string())
    columns["strain"] = _floats(signals.strain)
    columns["acute_km"] = _floats(signals.acute_km)
    columns["chronic_km"] = _floats(signals.chronic_km)
    return pa.table(columns)


def write(tables: list[Any], path: Path) -> int:
    """Concatenate and write one Parquet file (zstd); its number of rows."""
    pa = _arrow()
    table = pa.concat_tables(tables) if tables else None
    if table is None:
        raise InputError("DB", MISSING, "errors.cohort.no_runs")
    pa.parquet.write_table(table, path, compression="zstd")
    return int(table.num_rows)


def run_sql(folder: Path, sql: str) -> list[dict[str, Any]]:
    """``sql`` in DuckDB over ``folder``'s daily.parquet and runs.parquet (as the tables ``daily`` and ``runs``)."""
    try:
        import duckdb  # noqa: PLC0415
    except ImportError:
        raise InputError("cohort", "duckdb", "errors.cohort.duckdb") from None
    for name in ("daily", "runs"):
        if not (folder / f"{name}.parquet").is_file():
            raise InputError("DIR", str(folder), "errors.cohort.no_parquet", name=name)
    with duckdb.connect() as conn:
        for name in ("daily", "runs"):
            target = str(folder / f"{name}.parquet").replace("'", "''")
            conn.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{target}')")
        cursor = conn.execute(sql)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
