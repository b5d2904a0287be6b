"""`report --out FILE.html`: the physio report."""

from __future__ import annotations

from pathlib import Path

import typer

from .. import api
from .app import JSON_OPTION, app, emit, err, get_db


@app.command("report")
def report(
    ctx: typer.Context,
    out: Path = typer.Option(
        ..., "--out", help="HTML file to write (one self-contained file; opens offline and prints)."
    ),
    weeks: int = typer.Option(12, "--weeks", help="Weeks of training load to show (1-520)."),
    date: str | None = typer.Option(None, "--date", help="Day the report ends on, YYYY-MM-DD (default today)."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Write a report for you or your physio: profile, load with spikes, symptoms with the load before
    each and the advice."""
    result = api.report(get_db(ctx), out, today=date, weeks=weeks)
    emit(
        result,
        as_json,
        lambda r: err.print(
            f"wrote {r['out']} ({r['bytes'] // 1024} KB): {r['runs']} activities from {r['from']} to {r['to']}, "
            f"{r['spikes']} spikes, {r['symptom_reports']} symptom reports"
        ),
    )
