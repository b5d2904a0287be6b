"""`profile set` and `profile show`."""

from __future__ import annotations

from typing import Any

import typer

from .. import api, knowledge
from .app import JSON_OPTION, app, emit, fmt, get_db, new_table, out, say

profile_app = typer.Typer(help="help.profile", no_args_is_help=True)
app.add_typer(profile_app, name="profile")


# Fields whose values are ids, shown in words: the field's words for each value (cli.yaml).
_WORDS = {"sex": "cli.sex", "experience": "cli.experience", "joint_problems": "cli.region", "language": "cli.language"}


def _value(key: str, value: Any) -> str:
    if value is None or key not in _WORDS:
        return fmt(value)
    values = value if isinstance(value, list) else [value]
    return knowledge.text("cli.list.sep").join(knowledge.text(f"{_WORDS[key]}.{v}") for v in values)


def _render(profile: dict[str, Any]) -> None:
    table = new_table(title=say("cli.profile.title"), show_header=False)
    for key, value in profile.items():
        table.add_row(say(f"cli.profile.field.{key}"), _value(key, value))
    out.print(table)


@profile_app.command("set", help="help.profile.set")
def profile_set(
    ctx: typer.Context,
    name: str | None = typer.Option(None, "--name", help="help.profile.set.name"),
    birth_year: int | None = typer.Option(None, "--birth-year", help="help.profile.set.birth_year"),
    sex: str | None = typer.Option(None, "--sex", help="help.profile.set.sex"),
    height_cm: float | None = typer.Option(None, "--height-cm", help="help.profile.set.height_cm"),
    weight_kg: float | None = typer.Option(None, "--weight-kg", help="help.profile.set.weight_kg"),
    experience: str | None = typer.Option(None, "--experience", help="help.profile.set.experience"),
    joint_problem: list[str] | None = typer.Option(None, "--joint-problem", help="help.profile.set.joint_problem"),
    timezone: str | None = typer.Option(None, "--timezone", help="help.profile.set.timezone"),
    language: str | None = typer.Option(None, "--language", help="help.profile.set.language"),
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


@profile_app.command("show", help="help.profile.show")
def profile_show(ctx: typer.Context, as_json: bool = JSON_OPTION) -> None:
    """Show the stored profile."""
    emit(api.profile_show(get_db(ctx)), as_json, _render)
