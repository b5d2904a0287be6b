"""`profile set` and `profile show`."""

from __future__ import annotations

from typing import Any

import typer

from .. import api
from .app import JSON_OPTION, app, emit, fmt, get_db, new_table, out

profile_app = typer.Typer(help="The runner: age, body, experience, joint problems, time zone.", no_args_is_help=True)
app.add_typer(profile_app, name="profile")


def _render(profile: dict[str, Any]) -> None:
    table = new_table(title="Runner profile", show_header=False)
    for key, value in profile.items():
        shown = ", ".join(value) if isinstance(value, list) else fmt(value)
        table.add_row(key.replace("_", " "), shown)
    out.print(table)


@profile_app.command("set")
def profile_set(
    ctx: typer.Context,
    name: str | None = typer.Option(None, "--name", help="Your name or nickname."),
    birth_year: int | None = typer.Option(None, "--birth-year", help="Year of birth, e.g. 1990."),
    sex: str | None = typer.Option(None, "--sex", help="female or male (used for TRIMP)."),
    height_cm: float | None = typer.Option(None, "--height-cm", help="Height in centimetres."),
    weight_kg: float | None = typer.Option(None, "--weight-kg", help="Weight in kilograms."),
    experience: str | None = typer.Option(None, "--experience", help="beginner, intermediate or advanced."),
    joint_problem: list[str] | None = typer.Option(
        None, "--joint-problem", help="knee, ankle or foot; repeat for several."
    ),
    timezone: str | None = typer.Option(None, "--timezone", help="IANA time zone, e.g. Europe/Berlin."),
    language: str | None = typer.Option(None, "--language", help="The language you read: en (English) or ko (Korean)."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Set or update profile fields; fields not given stay as they are."""
    result = api.profile_set(
        get_db(ctx),
        name=name,
        birth_year=birth_year,
        sex=sex,
        height_cm=height_cm,
        weight_kg=weight_kg,
        experience=experience,
        joint_problems=joint_problem or None,
        timezone=timezone,
        language=language,
    )
    emit(result, as_json, _render)


@profile_app.command("show")
def profile_show(ctx: typer.Context, as_json: bool = JSON_OPTION) -> None:
    """Show the stored profile."""
    emit(api.profile_show(get_db(ctx)), as_json, _render)
