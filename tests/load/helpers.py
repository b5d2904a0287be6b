"""Small builders for running histories used by the load tests."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pandas as pd

from strideguard.load import Runs, runs_from_frame, to_day

D0 = date(2026, 1, 1)


def day(offset: int) -> date:
    return D0 + timedelta(days=offset)


def frame(runs: list[tuple[int, float]] | list[dict[str, Any]], **defaults: Any) -> pd.DataFrame:
    """Runs as (day offset from D0, km) or dicts with 'day' and any activity column."""
    rows = []
    for item in runs:
        if isinstance(item, tuple):
            item = {"day": item[0], "km": item[1]}
        row = {"sport": "running", **defaults, **item}
        row["local_date"] = day(row.pop("day"))
        row["distance_m"] = row.pop("km") * 1000.0
        rows.append(row)
    cols = ["local_date", "sport", "distance_m"]
    return pd.DataFrame(rows) if rows else pd.DataFrame(columns=cols)


def runs(items: list[tuple[int, float]] | list[dict[str, Any]], **defaults: Any) -> Runs:
    return runs_from_frame(frame(items, **defaults))


def d(offset: int) -> int:
    return to_day(day(offset))
