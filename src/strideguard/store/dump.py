"""Export and restore every stored fact as one JSON document (lossless round trip).

The document lists each table's rows in primary-key order, dates and times as
ISO text, binary blobs as base64. It is generic over ``tables.metadata``, so a
table added by a later migration is exported without touching this module.
"""

from __future__ import annotations

import base64
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from .. import __version__
from ..errors import ConflictError, InputError, Text
from .backup_check import checked_rows
from .tables import metadata

FORMAT = "strideguard-export"
FORMAT_VERSION = 1


def _encode(column: sa.Column[Any], value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column.type, sa.LargeBinary):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def _decode(column: sa.Column[Any], value: Any) -> Any:
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, sa.LargeBinary):
        return base64.b64decode(value)
    if isinstance(kind, sa.DateTime):
        return datetime.fromisoformat(value)
    if isinstance(kind, sa.Date):
        return date.fromisoformat(value)
    return value


def export_all(conn: Connection, schema_revision: str | None) -> dict[str, Any]:
    tables: dict[str, list[dict[str, Any]]] = {}
    for table in metadata.sorted_tables:
        order = list(table.primary_key.columns)
        rows = conn.execute(sa.select(table).order_by(*order)).mappings()
        tables[table.name] = [{col.name: _encode(col, row[col.name]) for col in table.columns} for row in rows]
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "schema_revision": schema_revision,
        "strideguard": __version__,
        "tables": tables,
    }


def is_empty(conn: Connection) -> bool:
    return all(
        conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one() == 0 for t in metadata.sorted_tables
    )


def restore_all(conn: Connection, document: Any) -> dict[str, int]:
    """Insert every row of an export into an empty database; return rows per table."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        shown = document.get("format") if isinstance(document, dict) else type(document).__name__
        raise InputError("format", shown, "errors.backup.format", format=repr(FORMAT))
    if document.get("version") != FORMAT_VERSION:
        raise InputError("version", document.get("version"), "errors.backup.version", version=FORMAT_VERSION)
    if not is_empty(conn):
        raise ConflictError("db", Text("errors.backup.has_data"), "errors.backup.not_empty")
    checked = checked_rows(document)  # the whole document, before anything is written
    counts: dict[str, int] = {}
    for table in metadata.sorted_tables:
        rows = checked[table.name]
        if rows:
            conn.execute(sa.insert(table), rows)
        counts[table.name] = len(rows)
    if conn.dialect.name == "postgresql":
        for table in metadata.sorted_tables:
            pk = list(table.primary_key.columns)
            if (
                len(pk) == 1
                and isinstance(pk[0].type, sa.Integer)
                and pk[0].autoincrement is not False
                and counts[table.name]
            ):
                conn.execute(
                    sa.text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', '{pk[0].name}'),"
                        f" (SELECT MAX({pk[0].name}) FROM {table.name}))"
                    )
                )
    return counts


def clear_all(conn: Connection) -> None:
    """Delete every row (children first). Used to rebuild the demo database."""
    for table in reversed(metadata.sorted_tables):
        conn.execute(sa.delete(table))
