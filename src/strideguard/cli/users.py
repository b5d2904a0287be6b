"""`user add|list|remove`: the accounts of a multi-user server (`serve --multi-user`), in the --db server database."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import typer

from .. import knowledge
from ..config import resolve_db
from ..errors import InputError
from .app import JSON_OPTION, app, emit, err, new_table, out, state

if TYPE_CHECKING:
    from ..club import Club

users = typer.Typer(help="Accounts of a multi-user server (serve --multi-user): runners, coaches, physios, admins.")
app.add_typer(users, name="user")


def _club(ctx: typer.Context) -> Club:
    from ..club import Club  # noqa: PLC0415  (argon2 and the server store only for these commands)

    return Club.open(resolve_db(state(ctx).db_arg))


def _password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise InputError("--password-stdin", "", knowledge.text("clubs.cli.password_stdin_empty"))
        return line
    first = typer.prompt(knowledge.text("clubs.cli.password"), hide_input=True)
    second = typer.prompt(knowledge.text("clubs.cli.password_again"), hide_input=True)
    if first != second:
        raise InputError("password", "(hidden)", knowledge.text("clubs.error.password_mismatch"))
    return str(first)


@users.command("add")
def add(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The user name (letters a-z, digits, . _ -), used to sign in."),
    role: str = typer.Option(..., "--role", help="runner, coach, physio or admin."),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from the first line of standard input (no prompt)."
    ),
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
            knowledge.text("clubs.cli.added", name=r["username"], role=knowledge.text(f"clubs.role.{role}"))
        ),
    )


@users.command("list")
def list_users(ctx: typer.Context, as_json: bool = JSON_OPTION) -> None:
    """Every account: user name, role and since when (never a password or health data)."""
    with _club(ctx) as club:
        result = club.accounts.every()

    def render(rows: list[dict[str, str]]) -> None:
        table = new_table()
        for column in ("user", "role", "since"):
            table.add_column(knowledge.text(f"clubs.cli.column.{column}"))
        for r in rows:
            table.add_row(r["username"], knowledge.text(f"clubs.role.{r['role']}"), r["created_at"][:10])
        out.print(table)

    emit(result, as_json, render)


@users.command("remove")
def remove(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The user name to remove."),
    delete_data: bool = typer.Option(
        False, "--delete-data", help="Also delete a runner's training and health data (kept otherwise)."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Remove an account: its sessions end at once, shares with it stop; a runner's data is kept unless asked."""
    with _club(ctx) as club:
        result = club.accounts.remove(name, delete_data=delete_data)

    def render(r: dict[str, object]) -> None:
        err.print(knowledge.text("clubs.cli.removed", name=r["username"]))
        if r.get("data"):
            err.print(knowledge.text("clubs.cli.data_kept", where=r["data"]))

    emit(result, as_json, render)
