"""`status [--date D] [--json]`: risk signals on a day and the next session."""

from __future__ import annotations

from typing import Any

import typer

from .. import api, knowledge
from .app import JSON_OPTION, app, emit, fmt, get_db, new_table, out, say
from .episodes import render_banners
from .lang import long_date

_COLOURS = {"ok": "green", "caution": "yellow", "high": "red", "unknown": "dim"}
_CHANGES = {"session_spike", "weekly_change", "session_dose", "cadence"}  # fractions, shown as +/- %
_SHARES = {"downhill_share", "slope_share", "roughness"}  # fractions of distance, shown as %


def _value(signal: dict[str, Any]) -> str:
    value = signal["value"]
    if value is None:
        return "–"
    if signal["id"] in _CHANGES:
        return knowledge.text("cli.unit.change", value=value * 100)
    if signal["id"] in _SHARES:
        return knowledge.text("cli.unit.percent", value=value * 100)
    if signal["id"] == "shoe_mileage":
        return knowledge.text("cli.unit.km0", km=value)
    return fmt(float(value), 2)


def signal_name(sid: str) -> str:
    """The signal's name in the current language (``cli.signal.<id>``)."""
    return knowledge.text(f"cli.signal.{sid}")


def render_body(result: dict[str, Any]) -> None:
    render_banners(result.get("episodes", []))
    table = new_table(title=say("cli.status.title", date=long_date(result["date"])))
    for key in ("signal", "value", "level", "meaning", "source"):
        table.add_column(say(f"cli.status.col.{key}"), justify="right" if key == "value" else "left", overflow="fold")
    for sig in result["signals"]:
        colour = _COLOURS.get(sig["level"], "white")
        table.add_row(
            say(f"cli.signal.{sig['id']}"),
            _value(sig),
            f"[{colour}]{say('cli.level.' + sig['level'])}[/]",
            sig["detail"],
            sig["source"],
        )
    out.print(table)
    rec = result["recommendation"]
    session = rec["session"]
    line = say(
        "cli.status.next",
        kind=knowledge.text(f"cli.kind.{session['kind']}"),
        minutes=session["duration_min"],
        km=session["distance_km"],
        disposition=knowledge.text(f"cli.disposition.{rec['disposition']}"),
    )
    out.print(f"[bold]{say('cli.status.next_label')}[/] {line}")
    for action in rec["actions"]:
        out.print(f" • {action['text']}")


def render(result: dict[str, Any]) -> None:
    render_body(result)
    out.print(f"[dim]{say('cli.disclaimer')}[/]")


@app.command("status", help="help.status")
def status(
    ctx: typer.Context,
    date: str | None = typer.Option(None, "--date", help="help.status.date"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Show the training-load risk signals on a day and the recommendation for the next session."""
    emit(api.status(get_db(ctx), date), as_json, render)
