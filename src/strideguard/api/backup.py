"""Export and restore every stored fact."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..schemas import parse_json_text
from ..store import Database, dump, open_database
from ..store import symptoms as symptom_store
from ..userfiles import read_text, write_text
from .episodes import file_unfiled


def export(db: Database | str | None, out: str | Path | None = None) -> dict[str, Any]:
    """Every stored fact as one JSON-ready document; also written to ``out`` when given."""
    database = open_database(db)
    with database.connect() as conn:
        document = dump.export_all(conn, database.revision())
    if out is not None:
        write_text(out, json.dumps(document, indent=1, sort_keys=True), "--out")
    return document


def restore(db: Database | str | None, source: str | Path | dict[str, Any]) -> dict[str, int]:
    """Load an export into an empty database; returns the number of rows per table."""
    if isinstance(source, dict):
        document = source
    else:
        path = Path(source)
        document = parse_json_text(read_text(path, "FILE", "errors.userfile.expect.backup"), str(path))
    database = open_database(db)
    with database.begin() as conn:
        counts = dump.restore_all(conn, document)
        filed = file_unfiled(conn)  # a backup from before episodes: its reports are grouped now
        if filed:
            counts["symptom_episodes"] = len(symptom_store.list_episodes(conn))
        return counts
