"""Managing stored runs and reports: `run edit`, `run delete`, `run restore`, `symptom edit`,
`symptom delete`, `symptom restore` and `deleted`."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer

from .. import api, knowledge
from ..errors import MISSING, InputError
from .app import JSON_OPTION, app, emit, err, escape, get_db, new_table, out, say
from .runs import run_app
from .triage import read_report_file, render_triage, symptom_app

KEEP_DAYS = 30  # store.trash.KEEP_DAYS (not imported: the CLI loads the store only when a command needs it)


def _confirm(text: str, yes: bool) -> bool:
    """Ask before deleting, unless --yes; without a terminal to ask on, --yes is required."""
    if yes:
        return True
    if not sys.stdin.isatty():
        raise InputError("--yes", MISSING, "feel.cli.need_yes")
    return typer.confirm(text, default=False, err=True)


@run_app.command("edit", help="help.run.edit")
def run_edit(
    ctx: typer.Context,
    activity_id: str = typer.Argument(..., help="help.arg.run_id"),
    sport: str | None = typer.Option(None, "--sport", help="help.opt.sport"),
    shoe: str | None = typer.Option(None, "--shoe", help="help.run.edit.shoe"),
    no_shoe: bool = typer.Option(False, "--no-shoe", help="help.run.edit.no_shoe"),
    notes: str | None = typer.Option(None, "--notes", help="help.run.edit.notes"),
    name: str | None = typer.Option(None, "--name", help="help.run.edit.name"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Change a run's sport, shoes, notes or name (the recorded figures stay as recorded)."""
    changes: dict[str, Any] = {}
    if sport is not None:
        changes["sport"] = sport
    if shoe is not None and no_shoe:
        raise InputError("--shoe", shoe, "errors.run_edit.shoe_or_no_shoe")
    if shoe is not None or no_shoe:
        changes["shoe"] = None if no_shoe else shoe
    if notes is not None:
        changes["notes"] = notes or None
    if name is not None:
        changes["name"] = name or None
    result = api.run_edit(get_db(ctx), activity_id, **changes)
    emit(result, as_json, lambda r: out.print(escape(knowledge.text("feel.cli.edited_run", id=r["id"]))))


@run_app.command("delete", help="help.run.delete")
def run_delete(
    ctx: typer.Context,
    activity_id: str = typer.Argument(..., help="help.arg.run_id"),
    yes: bool = typer.Option(False, "--yes", help="help.opt.yes"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Delete a run (kept 30 days: `strideguard run restore ID` brings it back whole)."""
    _delete(ctx, api.run_delete, activity_id, "run", yes, as_json)


@run_app.command("restore", help="help.run.restore")
def run_restore(
    ctx: typer.Context,
    activity_id: str = typer.Argument(..., help="help.run.restore.activity_id"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Undo the deletion of a run (within 30 days)."""
    result = api.run_restore(get_db(ctx), activity_id)
    emit(result, as_json, lambda r: out.print(knowledge.text("feel.cli.restored_run", id=r["restored"]["id"])))


@symptom_app.command("edit", help="help.symptom.edit")
def symptom_edit(
    ctx: typer.Context,
    report_id: str = typer.Argument(..., help="help.arg.report_id"),
    file: Path = typer.Argument(..., help="help.symptom.edit.file"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Replace a stored report's answers; it is triaged again and its episode follows."""
    result = api.symptom_edit(get_db(ctx), report_id, read_report_file(file))

    def render(r: dict[str, Any]) -> None:
        out.print(escape(knowledge.text("feel.cli.edited_report", id=r["report"]["id"])))
        render_triage(r["triage"])

    emit(result, as_json, render)


@symptom_app.command("delete", help="help.symptom.delete")
def symptom_delete(
    ctx: typer.Context,
    report_id: str = typer.Argument(..., help="help.arg.report_id"),
    yes: bool = typer.Option(False, "--yes", help="help.opt.yes"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Delete a symptom report and work its episode out again (kept 30 days: `symptom restore ID`)."""
    _delete(ctx, api.symptom_delete, report_id, "report", yes, as_json)


def _delete(
    ctx: typer.Context, delete: Callable[..., dict[str, Any]], item_id: str, kind: str, yes: bool, as_json: bool
) -> None:
    """Ask (unless --yes), delete with ``delete(db, item_id)`` and say what was deleted; ``kind``: run or report."""
    if not _confirm(knowledge.text(f"feel.cli.confirm_{kind}", id=item_id, days=KEEP_DAYS), yes):
        err.print(knowledge.text("feel.cli.kept"))
        raise typer.Exit(code=0)
    result = delete(get_db(ctx), item_id)

    def render(r: dict[str, Any]) -> None:
        item = r["deleted"]
        text = knowledge.text(f"feel.cli.deleted_{kind}", id=item["item_id"], summary=item["summary"], days=KEEP_DAYS)
        out.print(escape(text))

    emit(result, as_json, render)


@symptom_app.command("restore", help="help.symptom.restore")
def symptom_restore(
    ctx: typer.Context,
    report_id: str = typer.Argument(..., help="help.symptom.restore.report_id"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Undo the deletion of a symptom report (within 30 days); its episode comes back with it."""
    result = api.symptom_restore(get_db(ctx), report_id)
    emit(result, as_json, lambda r: out.print(knowledge.text("feel.cli.restored_report", id=r["restored"]["id"])))


def render_deleted(rows: list[dict[str, Any]]) -> None:
    if not rows:
        out.print(knowledge.text("feel.deleted.none", days=KEEP_DAYS))
        return
    table = new_table(title=knowledge.text("feel.deleted.title"))
    for key in ("kind", "id", "what", "deleted", "until"):
        table.add_column(say(f"cli.deleted.col.{key}"))
    for row in rows:
        table.add_row(
            knowledge.text(f"feel.deleted.kind.{row['kind']}"),
            str(row["item_id"]),
            escape(row["summary"]),
            row["deleted_at"].replace("T", " "),
            row["restore_until"][:10],
        )
    out.print(table)


@app.command("deleted", help="help.deleted")
def deleted(ctx: typer.Context, as_json: bool = JSON_OPTION) -> None:
    """List the deleted runs and symptom reports that can still be restored (30 days)."""
    emit(api.deleted(get_db(ctx)), as_json, render_deleted)
