"""Checking a whole export document against the schema before anything of it is written.

Generic over ``tables.metadata``: each column's type, length and nullability, each
table's primary key and unique columns, every foreign key against the rows of the
same document; the profile and the symptom reports also against the domain models
(``schemas.py``) the commands use. A refusal names the table, row and field.
"""

from __future__ import annotations

import base64
import binascii
import math
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa

from ..errors import MISSING, InputError
from .tables import INT_MAX, INT_MIN, metadata

# Tables a document may lack because the schema revision that wrote it had none (they start empty).
ADDED_LATER: dict[str, str] = {
    "symptom_episodes": "0002",
    "checkins": "0005",
    "checkin_pains": "0005",
    "deleted_items": "0005",
    "wellness_days": "0006",
}


def _where(table: str, row: int, column: str | None = None) -> str:
    return f"tables.{table}[{row}]" + (f".{column}" if column else "")


def _check_value(column: sa.Column[Any], value: Any, where: str) -> Any:
    """The value decoded for the database, or an InputError saying what the column takes."""
    kind = column.type
    if value is None:
        if not column.nullable and not column.primary_key:
            raise InputError(where, None, "errors.backup.null")
        return None
    if isinstance(kind, sa.Boolean):
        if not isinstance(value, bool):
            raise InputError(where, value, "errors.backup.bool")
        return value
    if isinstance(kind, sa.Integer):
        # PostgreSQL's INTEGER is 32-bit: a backup restores into either database, or into neither
        if isinstance(value, bool) or not isinstance(value, int) or not INT_MIN <= value <= INT_MAX:
            raise InputError(where, value, "errors.backup.int", low=INT_MIN, high=INT_MAX)
        return value
    if isinstance(kind, sa.Float):
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise InputError(where, value, "errors.backup.finite")
        return float(value)
    if isinstance(kind, sa.LargeBinary):
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, TypeError, ValueError):
            raise InputError(where, value, "errors.backup.base64") from None
    if isinstance(kind, sa.DateTime | sa.Date):
        if not isinstance(value, str):
            raise InputError(where, value, "errors.backup.iso")
        try:
            if not isinstance(kind, sa.DateTime):
                return date.fromisoformat(value)
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise InputError(where, value, "errors.backup.iso") from None
        # Stored times are UTC without an offset (as the export writes them). One with an offset is taken
        # to UTC here: left to the database, PostgreSQL would convert it and SQLite would drop the offset.
        return moment if moment.tzinfo is None else moment.astimezone(UTC).replace(tzinfo=None)
    if isinstance(kind, sa.String):  # Text too
        if not isinstance(value, str):
            raise InputError(where, value, "errors.schema.text")
        if "\x00" in value:
            raise InputError(where, value, "errors.backup.nul")
        if kind.length is not None and len(value) > kind.length:
            raise InputError(where, value, "errors.schema.too_long", most=kind.length)
        return value
    _finite_json(value, where)  # JSON: any JSON value; the domain checks below look inside the ones that matter
    return value


def _finite_json(value: Any, where: str) -> None:
    """Python's json module reads NaN and Infinity, which are no JSON (PostgreSQL's json refuses them)."""
    if isinstance(value, float) and not math.isfinite(value):
        raise InputError(where, value, "errors.backup.finite_only")
    if isinstance(value, dict):
        for key, item in value.items():
            _finite_json(item, f"{where}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _finite_json(item, f"{where}[{index}]")


def _domain(table: str, row: dict[str, Any], where: str) -> None:
    """The profile and the symptom reports are checked with the same models as the commands."""
    from ..schemas import ProfileUpdate, SymptomReport, validate  # noqa: PLC0415

    if table == "profile":
        fields = {k: v for k, v in row.items() if k not in ("id", "updated_at") and v is not None}
        if isinstance(fields.get("joint_problems"), list):
            fields["joint_problems"] = tuple(fields["joint_problems"])
        _named(where, lambda: validate(ProfileUpdate, fields))
    elif table == "symptom_reports":
        _named(where + ".report", lambda: validate(SymptomReport, row["report"]))


def _named(where: str, check: Any) -> None:
    try:
        check()
    except InputError as exc:
        raise InputError(f"{where}.{exc.field}", exc.value, exc.allowed_text) from None


def checked_rows(document: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Every row of the document decoded for insertion, table by table; the first problem is refused."""
    data = document.get("tables")
    if not isinstance(data, dict):
        raise InputError("tables", type(data).__name__, "errors.backup.tables")
    known = {t.name for t in metadata.sorted_tables}
    unknown = sorted(set(data) - known)
    if unknown:
        raise InputError(
            f"tables.{unknown[0]}", unknown[0], "errors.backup.unknown_table", tables=", ".join(sorted(known))
        )
    revision = str(document.get("schema_revision") or "")
    decoded: dict[str, list[dict[str, Any]]] = {}
    for table in metadata.sorted_tables:
        if table.name not in data:
            if table.name in ADDED_LATER and revision < ADDED_LATER[table.name]:
                decoded[table.name] = []
                continue
            raise InputError(f"tables.{table.name}", MISSING, "errors.backup.table_missing")
        rows = data[table.name]
        if not isinstance(rows, list):
            raise InputError(f"tables.{table.name}", type(rows).__name__, "errors.backup.rows")
        columns = {c.name: c for c in table.columns}
        keys = [c.name for c in table.primary_key.columns]
        seen: dict[str, set[Any]] = {name: set() for name in columns if columns[name].unique}
        primary: set[tuple[Any, ...]] = set()
        out = []
        for i, row in enumerate(rows):
            if not isinstance(row, dict):
                raise InputError(_where(table.name, i), type(row).__name__, "errors.backup.row")
            extra = sorted(set(row) - set(columns))
            if extra:
                raise InputError(_where(table.name, i, extra[0]), row[extra[0]], "errors.backup.column")
            values = {
                name: _check_value(col, row.get(name), _where(table.name, i, name)) for name, col in columns.items()
            }
            key = tuple(values[k] for k in keys)
            if any(v is None for v in key):
                raise InputError(_where(table.name, i, keys[0]), None, "errors.backup.no_id")
            if key in primary:
                raise InputError(_where(table.name, i, keys[0]), key[0], "errors.backup.id_twice")
            primary.add(key)
            for name, used in seen.items():
                if values[name] in used:
                    raise InputError(_where(table.name, i, name), values[name], "errors.backup.unique")
                used.add(values[name])
            _domain(table.name, values, _where(table.name, i))
            out.append(values)
        decoded[table.name] = out
    _check_references(decoded)
    return decoded


def _check_references(decoded: dict[str, list[dict[str, Any]]]) -> None:
    for table in metadata.sorted_tables:
        for fk in table.foreign_keys:
            target = fk.column
            present = {r[target.name] for r in decoded[target.table.name]}
            for i, row in enumerate(decoded[table.name]):
                value = row[fk.parent.name]
                if value is not None and value not in present:
                    raise InputError(
                        _where(table.name, i, fk.parent.name),
                        value,
                        "errors.backup.reference",
                        table=target.table.name,
                        id=value,
                    )
