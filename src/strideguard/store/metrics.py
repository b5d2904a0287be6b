"""Per-activity derived metrics (terrain, form), cached with the algorithm version that made them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from .tables import activity_metrics


def get_many(conn: Connection, activity_ids: list[int], version: str) -> dict[int, dict[str, Any]]:
    """Cached metrics of the given activities that were computed by ``version``."""
    if not activity_ids:
        return {}
    rows = conn.execute(
        sa.select(activity_metrics).where(
            activity_metrics.c.activity_id.in_(activity_ids), activity_metrics.c.version == version
        )
    )
    return {r.activity_id: dict(r.metrics) for r in rows}


def put(conn: Connection, activity_id: int, version: str, metrics: dict[str, Any]) -> None:
    conn.execute(sa.delete(activity_metrics).where(activity_metrics.c.activity_id == activity_id))
    conn.execute(
        sa.insert(activity_metrics).values(
            activity_id=activity_id,
            version=version,
            metrics=metrics,
            computed_at=datetime.now(UTC).replace(tzinfo=None),
        )
    )
