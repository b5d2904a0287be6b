"""`run add` and `activities`."""

from __future__ import annotations

from typing import Any

import typer

from .. import api
from .app import JSON_OPTION, app, emit, err, fmt, get_db, new_table, out

run_app = typer.Typer(help="Runs entered by hand (treadmill, no watch).", no_args_is_help=True)
app.add_typer(run_app, name="run")


@run_app.command("add")
def run_add(
    ctx: typer.Context,
    date: str = typer.Option(..., "--date", help="Day of the run, YYYY-MM-DD (from 1980-01-01, not in the future)."),
    time: str | None = typer.Option(None, "--time", help="Start time HH:MM in your time zone (default 12:00)."),
    distance_km: float = typer.Option(..., "--distance-km", help="Distance in kilometres (> 0)."),
    duration_min: float = typer.Option(..., "--duration-min", help="Duration in minutes (> 0)."),
    sport: str = typer.Option("running", "--sport", help="running, trail_running, treadmill_running, walking, ..."),
    shoe: str | None = typer.Option(None, "--shoe", help="Name of the shoes worn (default pair if not given)."),
    notes: str | None = typer.Option(None, "--notes", help="Free text."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Add a run by hand; the same checks as an import (a second identical entry is a duplicate)."""
    result = api.run_add(
        get_db(ctx),
        date=date,
        time=time,
        distance_km=distance_km,
        duration_min=duration_min,
        sport=sport,
        shoe=shoe,
        notes=notes,
    )
    emit(result, as_json, lambda r: err.print(f"{r['status']}: activity {r['activity_id']}"))


def render_activities(rows: list[dict[str, Any]]) -> None:
    table = new_table(title=f"{len(rows)} activities")
    for col in ("id", "start", "sport", "km", "time", "ascent m", "avg HR", "cadence", "source"):
        table.add_column(col, justify="right" if col not in ("start", "sport", "source") else "left")
    for r in rows:
        seconds = r["moving_s"] or r["elapsed_s"]
        duration = f"{int(seconds // 60)}:{int(seconds % 60):02d}" if seconds else "–"
        km = r["distance_m"] / 1000 if r["distance_m"] is not None else None
        table.add_row(
            str(r["id"]),
            r["start_time"][:16].replace("T", " "),
            r["sport"],
            fmt(km, 2),
            duration,
            fmt(r["ascent_m"], 0),
            fmt(r["avg_hr"], 0),
            fmt(r["avg_cadence_spm"], 0),
            (r["source_file"] or r["source_format"])[-40:],
        )
    out.print(table)


@app.command("activities")
def activities(
    ctx: typer.Context,
    since: str | None = typer.Option(None, "--since", help="First local day, YYYY-MM-DD."),
    until: str | None = typer.Option(None, "--until", help="Last local day, YYYY-MM-DD."),
    as_json: bool = JSON_OPTION,
) -> None:
    """List the stored activities, oldest first."""
    emit(api.activities(get_db(ctx), since=since, until=until), as_json, render_activities)
