"""`shoes add/list/retire/default/assign`: pairs and their mileage."""

from __future__ import annotations

from typing import Any

import typer

from .. import api
from .app import JSON_OPTION, app, emit, err, escape, fmt, get_db, new_table, out, say

shoes_app = typer.Typer(help="help.shoes", no_args_is_help=True)
app.add_typer(shoes_app, name="shoes")

_LEVEL_STYLE = {"ok": "green", "caution": "yellow", "high": "red"}


def render_shoes(rows: list[dict[str, Any]]) -> None:
    table = new_table(title=say("cli.shoes.title", count=len(rows)))
    for key in ("name", "brand", "started", "retired", "runs", "km", "level", "advice"):
        table.add_column(say(f"cli.shoes.col.{key}"), justify="right" if key in ("runs", "km") else "left")
    for r in rows:
        style = _LEVEL_STYLE.get(r["level"], "")
        name = say("cli.shoes.default_pair", name=r["name"]) if r["is_default"] else escape(r["name"])
        table.add_row(
            name,
            r["brand"] or "–",
            r["started_on"] or "–",
            r["retired_on"] or "–",
            str(r["runs"]),
            fmt(float(r["km"]), 0),
            f"[{style}]{say('cli.level.' + r['level'])}[/{style}]",
            r["advice"],
        )
    out.print(table)


def _one(row: dict[str, Any]) -> None:
    render_shoes([row])


@shoes_app.command("add", help="help.shoes.add")
def add(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="help.shoes.add.name"),
    brand: str | None = typer.Option(None, "--brand", help="help.shoes.add.brand"),
    started_on: str | None = typer.Option(None, "--started-on", help="help.shoes.add.started_on"),
    initial_km: float = typer.Option(0.0, "--initial-km", help="help.shoes.add.initial_km"),
    notes: str | None = typer.Option(None, "--notes", help="help.opt.notes"),
    default: bool = typer.Option(False, "--default", help="help.shoes.add.default"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Add a pair of shoes."""
    row = api.shoes_add(
        get_db(ctx), name, brand=brand, started_on=started_on, initial_km=initial_km, notes=notes, default=default
    )
    emit(row, as_json, _one)


@shoes_app.command("list", help="help.shoes.list")
def list_(
    ctx: typer.Context,
    until: str | None = typer.Option(None, "--until", help="help.shoes.list.until"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Every pair with its runs, kilometres and wear level."""
    emit(api.shoes_list(get_db(ctx), until=until), as_json, render_shoes)


@shoes_app.command("retire", help="help.shoes.retire")
def retire(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="help.shoes.retire.name"),
    on: str | None = typer.Option(None, "--on", help="help.shoes.retire.on"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Retire a pair (it keeps its history and stops being the default)."""
    emit(api.shoes_retire(get_db(ctx), name, on=on), as_json, _one)


@shoes_app.command("default", help="help.shoes.default")
def default(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="help.shoes.default.name"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Make a pair the default for new runs and imports."""
    emit(api.shoes_default(get_db(ctx), name), as_json, _one)


@shoes_app.command("assign", help="help.shoes.assign")
def assign(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="help.shoes.assign.name"),
    activity: list[int] = typer.Option(..., "--activity", help="help.shoes.assign.activity"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Assign runs to a pair (its mileage counts them)."""
    result = api.shoes_assign(get_db(ctx), name, activity)

    def render(r: dict[str, Any]) -> None:
        err.print(say("cli.shoes.assigned", count=len(r["assigned"]), name=r["shoe"]["name"]))
        _one(r["shoe"])

    emit(result, as_json, render)
