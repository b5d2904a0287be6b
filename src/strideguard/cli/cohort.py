"""`cohort export` and `cohort signals`: a cohort's load and signals as Parquet, and as SQL in DuckDB."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from .. import api
from .app import JSON_OPTION, app, emit, err, state

if TYPE_CHECKING:
    from ..store import Database

cohort = typer.Typer(help="A cohort of runners (a club, a study): Parquet files and the signals as SQL.")
app.add_typer(cohort, name="cohort")


@cohort.command("export")
def export(
    ctx: typer.Context,
    dbs: list[str] = typer.Argument(
        None, metavar="[DB]...", help="The runners' databases (paths or URLs); default: the --db database."
    ),
    out: Path = typer.Option(..., "--out", help="A new or empty folder for runs.parquet, daily.parquet, signals.sql."),
    key_file: Path | None = typer.Option(
        None,
        "--key-file",
        help="Secret key for the pseudonyms (made when missing): the same key gives the same pseudonyms. "
        "Without it the key is random and forgotten.",
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
            f"wrote {r['out']}: {r['runners']} runners, {r['runs']} runs, {r['days']} runner-days; key: {r['key']}"
        ),
    )


@cohort.command("signals")
def signals(
    folder: Path = typer.Argument(..., help="A folder written by `cohort export`."),
    out: Path | None = typer.Option(None, "--out", help="Write the rows to a .parquet or .csv file."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Run the export's signals.sql in DuckDB: session spike, weekly change, acute:chronic ratio, monotony."""
    result = api.cohort_signals(folder, out)
    emit(
        result,
        as_json,
        lambda r: err.print(
            f"{r['rows']} runner-days of {r['runners']} runners" + (f" written to {r['out']}" if r.get("out") else "")
        ),
    )
