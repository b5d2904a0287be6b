"""`user add|list|remove`: the accounts of a multi-user server (`serve --multi-user`), in the --db server database."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import typer

from .. import knowledge
from ..config import resolve_db
from ..errors import InputError, Text
from .app import JSON_OPTION, app, emit, err, new_table, out, state

if TYPE_CHECKING:
    from ..club import Club

users = typer.Typer(help="help.user")
app.add_typer(users, name="user")


def _club(ctx: typer.Context) -> Club:
    from ..club import Club  # noqa: PLC0415  (argon2 and the server store only for these commands)

    return Club.open(resolve_db(state(ctx).db_arg))


def _password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise InputError("--password-stdin", "", "errors.clubs.password_stdin_empty")
        return line
    first = typer.prompt(knowledge.text("cli.user.password"), hide_input=True)
    second = typer.prompt(knowledge.text("cli.user.password_again"), hide_input=True)
    if first != second:
        raise InputError("password", Text("errors.value.hidden"), "errors.clubs.password_mismatch")
    return str(first)


@users.command("add", help="help.user.add")
def add(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="help.user.add.name"),
    role: str = typer.Option(..., "--role", help="help.user.add.role"),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="help.user.add.password_stdin"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Add an account (asks for the password twice); a runner's account gets an empty database of its own."""
    password = _password(password_stdin)
    with _club(ctx) as club:
        result = club.accounts.add(name, role, password)
    emit(
        result,
        as_json,
        lambda r: err.print(
            knowledge.text("cli.user.added", name=r["username"], role=knowledge.text(f"clubs.role.{role}"))
        ),
    )


@users.command("list", help="help.user.list")
def list_users(ctx: typer.Context, as_json: bool = JSON_OPTION) -> None:
    """Every account: user name, role and since when (never a password or health data)."""
    with _club(ctx) as club:
        result = club.accounts.every()

    def render(rows: list[dict[str, str]]) -> None:
        table = new_table()
        for column in ("user", "role", "since"):
            table.add_column(knowledge.text(f"cli.user.column.{column}"))
        for r in rows:
            table.add_row(r["username"], knowledge.text(f"clubs.role.{r['role']}"), r["created_at"][:10])
        out.print(table)

    emit(result, as_json, render)


@users.command("remove", help="help.user.remove")
def remove(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="help.user.remove.name"),
    delete_data: bool = typer.Option(False, "--delete-data", help="help.user.remove.delete_data"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Remove an account: its sessions end at once, shares with it stop; a runner's data is kept unless asked."""
    with _club(ctx) as club:
        result = club.accounts.remove(name, delete_data=delete_data)

    def render(r: dict[str, object]) -> None:
        err.print(knowledge.text("cli.user.removed", name=r["username"]))
        if r.get("data"):
            err.print(knowledge.text("cli.user.data_kept", where=r["data"]))

    emit(result, as_json, render)
