"""`export` and `restore`."""

from __future__ import annotations

from pathlib import Path

import typer

from .. import api, knowledge
from .app import JSON_OPTION, app, emit, err, get_db, say


def _counts(counts: dict[str, int]) -> str:
    """``12 activities, 1 profile``: rows per table (the tables by their names)."""
    return knowledge.text("cli.list.sep").join(
        knowledge.text("cli.backup.count", n=n, table=t) for t, n in counts.items()
    )


@app.command("export", help="help.export")
def export(
    ctx: typer.Context,
    out_file: Path = typer.Option(..., "--out", help="help.export.out", dir_okay=False),
    as_json: bool = JSON_OPTION,
) -> None:
    """Write every stored fact to one JSON file (restore it with `restore`)."""
    document = api.export(get_db(ctx), out_file)
    counts = {name: len(rows) for name, rows in document["tables"].items()}
    emit(
        {"out": str(out_file), "rows": counts},
        as_json,
        lambda d: err.print(say("cli.backup.wrote", path=d["out"], counts=_counts(d["rows"]))),
    )


@app.command("restore", help="help.restore")
def restore(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="help.restore.file"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Load an export into an empty database."""
    counts = api.restore(get_db(ctx), file)
    emit(
        {"restored": counts},
        as_json,
        lambda d: err.print(say("cli.backup.restored", counts=_counts(d["restored"]))),
    )
