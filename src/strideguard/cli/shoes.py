"""`shoes add/list/retire/default/assign`: pairs and their mileage."""

from __future__ import annotations

from typing import Any

import typer

from .. import api
from .app import JSON_OPTION, app, emit, err, fmt, get_db, new_table, out

shoes_app = typer.Typer(help="Shoes: add pairs, assign runs, show mileage and retirement advice.", no_args_is_help=True)
app.add_typer(shoes_app, name="shoes")

_LEVEL_STYLE = {"ok": "green", "caution": "yellow", "high": "red"}


def render_shoes(rows: list[dict[str, Any]]) -> None:
    table = new_table(title=f"{len(rows)} pairs (caution from 500 km, replace by 800 km)")
    for col in ("name", "brand", "started", "retired", "runs", "km", "level", "advice"):
        table.add_column(col, justify="right" if col in ("runs", "km") else "left")
    for r in rows:
        style = _LEVEL_STYLE.get(r["level"], "")
        name = r["name"] + (" (default)" if r["is_default"] else "")
        table.add_row(
            name,
            r["brand"] or "–",
            r["started_on"] or "–",
            r["retired_on"] or "–",
            str(r["runs"]),
            fmt(float(r["km"]), 0),
            f"[{style}]{r['level']}[/{style}]",
            r["advice"],
        )
    out.print(table)


def _one(row: dict[str, Any]) -> None:
    render_shoes([row])


@shoes_app.command("add")
def add(
    ctx: typer.Context,
    name: str = typer.Argument(..., help='A name for the pair, e.g. "Road pair".'),
    brand: str | None = typer.Option(None, "--brand", help="Brand and model."),
    started_on: str | None = typer.Option(None, "--started-on", help="First day worn, YYYY-MM-DD."),
    initial_km: float = typer.Option(
        0.0, "--initial-km", help="Kilometres already run in the pair before it was added."
    ),
    notes: str | None = typer.Option(None, "--notes", help="Free text."),
    default: bool = typer.Option(False, "--default", help="Make it the default pair for new runs."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Add a pair of shoes."""
    row = api.shoes_add(
        get_db(ctx), name, brand=brand, started_on=started_on, initial_km=initial_km, notes=notes, default=default
    )
    emit(row, as_json, _one)


@shoes_app.command("list")
def list_(
    ctx: typer.Context,
    until: str | None = typer.Option(None, "--until", help="Count runs up to this day, YYYY-MM-DD."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Every pair with its runs, kilometres and wear level."""
    emit(api.shoes_list(get_db(ctx), until=until), as_json, render_shoes)


@shoes_app.command("retire")
def retire(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The pair to retire."),
    on: str | None = typer.Option(None, "--on", help="Day retired, YYYY-MM-DD (default today)."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Retire a pair (it keeps its history and stops being the default)."""
    emit(api.shoes_retire(get_db(ctx), name, on=on), as_json, _one)


@shoes_app.command("default")
def default(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The pair new runs are assigned to."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Make a pair the default for new runs and imports."""
    emit(api.shoes_default(get_db(ctx), name), as_json, _one)


@shoes_app.command("assign")
def assign(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The pair the runs were run in."),
    activity: list[int] = typer.Option(
        ..., "--activity", help="Activity id (see `strideguard activities`); repeat for several."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Assign runs to a pair (its mileage counts them)."""
    result = api.shoes_assign(get_db(ctx), name, activity)

    def render(r: dict[str, Any]) -> None:
        err.print(f"{len(r['assigned'])} activities assigned to {r['shoe']['name']}")
        _one(r["shoe"])

    emit(result, as_json, render)
