"""`shoes`: pairs, the default pair, retirement, runs assigned to a pair, and mileage levels.

Mileage levels are the ``shoe_mileage`` bands of ``knowledge/signals.yaml``
(caution from 500 km, high from 800 km; common retail guidance).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .. import knowledge
from ..errors import ConflictError, InputError, NotFoundError
from ..load.thresholds import classify, signal_source
from ..schemas import SHOE_NAME_MAX, ShoeAssign, ShoeDefault, ShoeNew, ShoeRetire, parse_day, validate
from ..store import Database, open_database
from ..store import activities as activity_store
from ..store import shoes as shoe_store

MAX_NAME = SHOE_NAME_MAX


def _name(value: Any) -> str:
    return validate(ShoeDefault, {"name": value}).name.strip()


def _with_level(shoe: dict[str, Any]) -> dict[str, Any]:
    band = classify("shoe_mileage", float(shoe["km"]))
    return {
        **shoe,
        "level": band.level,
        "advice": knowledge.text("shoes.retired")
        if shoe["retired_on"]
        else knowledge.text(f"shoes.level.{band.level}"),
        "source": signal_source("shoe_mileage"),
    }


def _one(conn: Any, shoe_id: int) -> dict[str, Any]:
    return _with_level(next(s for s in shoe_store.list_with_mileage(conn) if s["id"] == shoe_id))


def shoes_add(
    db: Database | str | None,
    name: str,
    *,
    brand: str | None = None,
    started_on: date | str | None = None,
    initial_km: float = 0.0,
    notes: str | None = None,
    default: bool = False,
) -> dict[str, Any]:
    """Add a pair (``initial_km``: what it had run before strideguard knew it). Returns the pair with its level."""
    new = validate(
        ShoeNew,
        {
            "name": name,
            "brand": brand,
            "started_on": started_on,
            "initial_km": initial_km,
            "notes": notes,
            "default": default,
        },
    )
    database = open_database(db)
    with database.begin() as conn:
        shoe_id = shoe_store.add(
            conn,
            new.name.strip(),
            brand=new.brand,
            started_on=new.started_on,
            initial_km=float(new.initial_km),
            notes=new.notes,
            make_default=new.default,
        )
        return _one(conn, shoe_id)


def shoes_list(db: Database | str | None, until: date | str | None = None) -> list[dict[str, Any]]:
    """Every pair with its running km (up to ``until``), runs, level (ok/caution/high) and advice."""
    last = parse_day("until", until)
    database = open_database(db)
    with database.connect() as conn:
        return [_with_level(s) for s in shoe_store.list_with_mileage(conn, until=last)]


def shoes_retire(db: Database | str | None, name: str, on: date | str | None = None) -> dict[str, Any]:
    """Retire a pair on ``on`` (default today); it stops being the default pair."""
    request = validate(ShoeRetire, {"name": name, "on": on})
    day = request.on or date.today()
    database = open_database(db)
    with database.begin() as conn:
        shoe_id = shoe_store.id_by_name(conn, request.name.strip())
        current = _one(conn, shoe_id)
        started = current["started_on"]
        if started and day < date.fromisoformat(started):
            raise ConflictError("on", day, "errors.shoes.before_start", started=started)
        shoe_store.retire(conn, shoe_id, day)
        return _one(conn, shoe_id)


def shoes_default(db: Database | str | None, name: str) -> dict[str, Any]:
    """Make a pair the default for new runs (imports and `run add` without --shoe)."""
    database = open_database(db)
    with database.begin() as conn:
        shoe_id = shoe_store.id_by_name(conn, _name(name))
        if _one(conn, shoe_id)["retired_on"]:
            raise ConflictError("name", name, "errors.shoes.retired")
        shoe_store.set_default(conn, shoe_id)
        return _one(conn, shoe_id)


def shoes_assign(db: Database | str | None, name: str, activity_ids: list[int]) -> dict[str, Any]:
    """Record that these activities were run in this pair. Unknown ids are refused (nothing is changed)."""
    if not activity_ids:
        raise InputError("activity_ids", activity_ids, "errors.shoes.no_activity")
    request = validate(ShoeAssign, {"name": name, "activity_ids": activity_ids})
    database = open_database(db)
    with database.begin() as conn:
        shoe_id = shoe_store.id_by_name(conn, request.name.strip())
        for aid in request.activity_ids:
            # an id beyond what the database's integers hold is unknown too (store.tables.storable_id)
            if activity_store.get_row(conn, aid) is None:
                raise NotFoundError("errors.shoes.no_such_activity", id=aid)
        ids = sorted(set(request.activity_ids))
        activity_store.set_shoe(conn, ids, shoe_id)
        return {"shoe": _one(conn, shoe_id), "assigned": ids}
