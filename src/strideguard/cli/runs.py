"""`run add` and `activities`."""

from __future__ import annotations

from typing import Any

import typer

from .. import api, knowledge
from .app import JSON_OPTION, app, emit, err, escape, fmt, get_db, new_table, out, say

run_app = typer.Typer(help="help.run", no_args_is_help=True)
app.add_typer(run_app, name="run")


@run_app.command("add", help="help.run.add")
def run_add(
    ctx: typer.Context,
    date: str = typer.Option(..., "--date", help="help.run.add.date"),
    time: str | None = typer.Option(None, "--time", help="help.run.add.time"),
    distance_km: float = typer.Option(..., "--distance-km", help="help.run.add.distance_km"),
    duration_min: float = typer.Option(..., "--duration-min", help="help.run.add.duration_min"),
    sport: str = typer.Option("running", "--sport", help="help.opt.sport"),
    shoe: str | None = typer.Option(None, "--shoe", help="help.run.add.shoe"),
    notes: str | None = typer.Option(None, "--notes", help="help.opt.notes"),
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
    emit(result, as_json, lambda r: err.print(say(f"cli.run.{r['status']}", id=r["activity_id"])))


def render_activities(rows: list[dict[str, Any]]) -> None:
    table = new_table(title=say("cli.activities.title", count=len(rows)))
    for key in ("id", "start", "sport", "km", "time", "ascent", "hr", "cadence", "source"):
        table.add_column(
            say(f"cli.activities.col.{key}"), justify="right" if key not in ("start", "sport", "source") else "left"
        )
    for r in rows:
        seconds = r["moving_s"] or r["elapsed_s"]
        duration = f"{int(seconds // 60)}:{int(seconds % 60):02d}" if seconds else "–"
        km = r["distance_m"] / 1000 if r["distance_m"] is not None else None
        table.add_row(
            str(r["id"]),
            r["start_time"][:16].replace("T", " "),
            escape(knowledge.texts().get(f"cli.sport.{r['sport']}", r["sport"])),  # a sport of a newer version: its id
            fmt(km, 2),
            duration,
            fmt(r["ascent_m"], 0),
            fmt(r["avg_hr"], 0),
            fmt(r["avg_cadence_spm"], 0),
            (r["source_file"] or r["source_format"])[-40:],
        )
    out.print(table)


@app.command("activities", help="help.activities")
def activities(
    ctx: typer.Context,
    since: str | None = typer.Option(None, "--since", help="help.activities.since"),
    until: str | None = typer.Option(None, "--until", help="help.activities.until"),
    as_json: bool = JSON_OPTION,
) -> None:
    """List the stored activities, oldest first."""
    emit(api.activities(get_db(ctx), since=since, until=until), as_json, render_activities)
