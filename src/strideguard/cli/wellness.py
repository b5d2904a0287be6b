"""`wellness [--date D] [--days N] [--json]`: sleep, resting heart rate and HRV, and what they say before a spike."""

from __future__ import annotations

from typing import Any

import typer

from .. import api, knowledge
from .app import JSON_OPTION, app, emit, fmt, get_db, new_table, out, say
from .lang import long_date


def _value(value: Any, digits: int) -> str:
    return "–" if value is None else fmt(float(value), digits)


def render(result: dict[str, Any]) -> None:
    hrv = "cli.wellness.col.sdnn" if result.get("hrv_kind") == "sdnn" else "cli.wellness.col.rmssd"
    if not result["days"]:
        out.print(knowledge.text("wellness.no_data"))
        return
    table = new_table(
        title=say("cli.wellness.title", title=knowledge.text("wellness.title"), date=long_date(result["date"]))
    )
    for key in ("cli.wellness.col.date", "cli.wellness.col.sleep", "cli.wellness.col.resting_hr", hrv):
        table.add_column(say(key), justify="left" if key == "cli.wellness.col.date" else "right")
    for d in result["days"]:
        hrv_value = d["hrv_sdnn_ms"] if result.get("hrv_kind") == "sdnn" else d["hrv_rmssd_ms"]
        table.add_row(d["date"], _value(d["sleep_h"], 1), _value(d["resting_hr"], 0), _value(hrv_value, 0))
    out.print(table)
    for note in result["notes"]:
        out.print(f" • {note['text']} [dim]({note['source']})[/]")
    if result.get("summary"):
        out.print(result["summary"])
    spike = result.get("spike")
    if spike:
        out.print(spike["intro"])
        for note in spike["notes"]:
            out.print(f" • {note['text']} [dim]({note['source']})[/]")
        if spike.get("advice"):
            out.print(spike["advice"])
    out.print(f"[dim]{knowledge.text('wellness.context_only')}[/]")


@app.command("wellness", help="help.wellness")
def wellness(
    ctx: typer.Context,
    date: str | None = typer.Option(None, "--date", help="help.wellness.date"),
    days: int = typer.Option(14, "--days", help="help.wellness.days"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Show sleep, resting heart rate and HRV from your watch exports, and what they say before a session spike."""
    emit(api.wellness(get_db(ctx), date, days=days), as_json, render)
