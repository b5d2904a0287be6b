"""`cohort export` and `cohort signals`: a cohort's load and signals as Parquet, and as SQL in DuckDB."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from .. import api
from .app import JSON_OPTION, app, emit, err, say, state

if TYPE_CHECKING:
    from ..store import Database

cohort = typer.Typer(help="help.cohort")
app.add_typer(cohort, name="cohort")


@cohort.command("export", help="help.cohort.export")
def export(
    ctx: typer.Context,
    dbs: list[str] = typer.Argument(None, metavar="[DB]...", help="help.cohort.export.dbs"),
    out: Path = typer.Option(..., "--out", help="help.cohort.export.out"),
    key_file: Path | None = typer.Option(
        None,
        "--key-file",
        help="help.cohort.export.key_file",
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Write every runner's daily load and signals as Parquet, runners pseudonymised (a keyed hash, never a name)."""
    targets: list[Database | str] = list(dbs or []) or [state(ctx).db()]
    result = api.cohort_export(targets, out, key_file=key_file)
    emit(
        result,
        as_json,
        lambda r: err.print(
            say("cli.cohort.wrote", path=r["out"], runners=r["runners"], runs=r["runs"], days=r["days"], key=r["key"])
        ),
    )


@cohort.command("signals", help="help.cohort.signals")
def signals(
    folder: Path = typer.Argument(..., help="help.cohort.signals.folder"),
    out: Path | None = typer.Option(None, "--out", help="help.cohort.signals.out"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Run the export's signals.sql in DuckDB: session spike, weekly change, acute:chronic ratio, monotony."""
    result = api.cohort_signals(folder, out)
    emit(
        result,
        as_json,
        lambda r: err.print(
            say(
                "cli.cohort.signals_written" if r.get("out") else "cli.cohort.signals",
                rows=r["rows"],
                runners=r["runners"],
                path=r.get("out"),
            )
        ),
    )
