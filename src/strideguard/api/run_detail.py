"""`run show`: one stored activity with everything its page draws (route, profile, splits, terrain, form)."""

from __future__ import annotations

from typing import Any

from ..errors import InputError, NotFoundError
from ..store import Database, open_database
from ..store import activities as activity_store
from ..store import samples as sample_store
from ..store import shoes as shoe_store
from ..terrain.course import course
from .status import _metrics_for as activity_metrics_for

MAX_ACTIVITY_ID = 2**63 - 1


def pace_min_per_km(distance_m: float | None, seconds: float | None) -> float | None:
    """Minutes per kilometre (the one home of pace from a run's totals); None when either is unknown."""
    if not distance_m or not seconds or distance_m <= 0 or seconds <= 0:
        return None
    return round(seconds / 60.0 / (distance_m / 1000.0), 2)


def run_detail(db: Database | str | None, activity_id: int) -> dict[str, Any]:
    """The activity (the contract's fields), its pace, shoes, notes, terrain and form figures, and its course.

    ``course``: the route (lat, lon pairs, thinned to at most 600), series against distance (altitude,
    pace, heart rate, cadence; at most 500 points) and per-kilometre splits derived from the samples
    (``splits_basis``: the importers keep no device laps). Reads only.
    """
    if isinstance(activity_id, bool) or not isinstance(activity_id, int) or not 1 <= activity_id <= MAX_ACTIVITY_ID:
        raise InputError("activity_id", activity_id, "errors.run.id")
    database = open_database(db)
    with database.connect() as conn:
        row = activity_store.get_row(conn, activity_id)
        if row is None:
            raise NotFoundError("errors.run.no_such", id=activity_id)
        samples = sample_store.load(conn, activity_id) if row.sample_count else {}
        metrics = activity_metrics_for(conn, [row], None).get(activity_id, {})
        shoe = shoe_store.name_of(conn, row.shoe_id) if row.shoe_id is not None else None
    out = activity_store.to_dict(row)
    seconds = row.moving_s if row.moving_s else row.elapsed_s
    out["pace_min_per_km"] = pace_min_per_km(row.distance_m, seconds)
    out["shoe"] = shoe
    out["metrics"] = {
        name: metrics.get(name)
        for name in (
            "slope_share",
            "downhill_share",
            "uphill_share",
            "rough_share",
            "roughness_deg",
            "cadence_spm",
            "speed_mps",
            "vertical_oscillation_mm",
            "ground_contact_ms",
        )
    }
    out["course"] = course(samples).to_dict()
    return out
