"""`export` and `restore`."""

from __future__ import annotations

from pathlib import Path

import typer

from .. import api
from .app import JSON_OPTION, app, emit, err, get_db


@app.command("export")
def export(
    ctx: typer.Context,
    out_file: Path = typer.Option(..., "--out", help="File to write (JSON).", dir_okay=False),
    as_json: bool = JSON_OPTION,
) -> None:
    """Write every stored fact to one JSON file (restore it with `restore`)."""
    document = api.export(get_db(ctx), out_file)
    counts = {name: len(rows) for name, rows in document["tables"].items()}
    emit(
        {"out": str(out_file), "rows": counts},
        as_json,
        lambda d: err.print(f"wrote {d['out']}: " + ", ".join(f"{n} {t}" for t, n in d["rows"].items())),
    )


@app.command("restore")
def restore(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="A file written by `strideguard export`."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Load an export into an empty database."""
    counts = api.restore(get_db(ctx), file)
    emit(
        {"restored": counts},
        as_json,
        lambda d: err.print("restored " + ", ".join(f"{n} {t}" for t, n in d["restored"].items())),
    )
