"""`status [--date D] [--json]`: risk signals on a day and the next session."""

from __future__ import annotations

from typing import Any

import typer

from .. import DISCLAIMER, api
from .app import JSON_OPTION, app, emit, fmt, get_db, new_table, out
from .episodes import render_banners

_COLOURS = {"ok": "green", "caution": "yellow", "high": "red", "unknown": "dim"}
_CHANGES = {"session_spike", "weekly_change", "session_dose", "cadence"}  # fractions, shown as +/- %
_SHARES = {"downhill_share", "slope_share", "roughness"}  # fractions of distance, shown as %


def _value(signal: dict[str, Any]) -> str:
    value = signal["value"]
    if value is None:
        return "–"
    if signal["id"] in _CHANGES:
        return f"{value * 100:+.0f} %"
    if signal["id"] in _SHARES:
        return f"{value * 100:.0f} %"
    if signal["id"] == "shoe_mileage":
        return f"{value:.0f} km"
    return fmt(float(value), 2)


def render_body(result: dict[str, Any]) -> None:
    render_banners(result.get("episodes", []))
    table = new_table(title=f"Status on {result['date']}")
    for col in ("signal", "value", "level", "what it means", "source"):
        table.add_column(col, justify="right" if col == "value" else "left", overflow="fold")
    for sig in result["signals"]:
        colour = _COLOURS.get(sig["level"], "white")
        table.add_row(
            sig["id"].replace("_", " "), _value(sig), f"[{colour}]{sig['level']}[/]", sig["detail"], sig["source"]
        )
    out.print(table)
    rec = result["recommendation"]
    session = rec["session"]
    out.print(
        f"[bold]Next session:[/] {session['kind'].replace('_', ' ')}, {session['duration_min']} min, "
        f"{session['distance_km']:.1f} km  ([bold]{rec['disposition'].replace('_', ' ')}[/])"
    )
    for action in rec["actions"]:
        out.print(f" • {action['text']}")


def render(result: dict[str, Any]) -> None:
    render_body(result)
    out.print(f"[dim]{DISCLAIMER}[/]")


@app.command("status")
def status(
    ctx: typer.Context,
    date: str | None = typer.Option(
        None, "--date", help="Day to assess, YYYY-MM-DD (default: today in your time zone)."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Show the training-load risk signals on a day and the recommendation for the next session."""
    emit(api.status(get_db(ctx), date), as_json, render)
