"""The runner profile."""

from __future__ import annotations

from typing import Any

from ..errors import InputError
from ..schemas import ProfileUpdate, validate
from ..store import Database, open_database
from ..store import profile as profile_store


def profile_set(db: Database | str | None, **fields: Any) -> dict[str, Any]:
    """Update the fields given (None means "leave as is"); return the whole profile."""
    unknown = sorted(set(fields) - set(ProfileUpdate.model_fields))
    if unknown:  # before None values are dropped: an unknown field is refused even when null
        raise InputError(
            unknown[0], fields[unknown[0]], "errors.profile.field", fields=", ".join(ProfileUpdate.model_fields)
        )
    given = {k: v for k, v in fields.items() if v is not None}
    if "joint_problems" in given and isinstance(given["joint_problems"], list):
        given["joint_problems"] = tuple(given["joint_problems"])
    changes = validate(ProfileUpdate, given).model_dump(exclude_none=True)
    database = open_database(db)
    with database.begin() as conn:
        return profile_store.update(conn, changes)


def profile_show(db: Database | str | None) -> dict[str, Any]:
    database = open_database(db)
    with database.connect() as conn:
        return profile_store.get(conn)
