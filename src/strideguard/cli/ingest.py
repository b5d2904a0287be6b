"""`import PATH...`: watch files, folders and zip exports."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from .. import api, knowledge
from .app import JSON_OPTION, app, emit, err, escape, get_db, new_table, out, say

if TYPE_CHECKING:
    from ..api.ingest import ImportProgress

# The bar appears only for imports that last longer than this (seconds).
PROGRESS_AFTER_S = 1.0


class _Bar:
    """A Rich progress bar on stderr (files, MB/s, ETA), shown once an import has run for a second."""

    def __init__(self) -> None:
        from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn, TransferSpeedColumn

        self.progress = Progress(
            TextColumn(say("cli.import.bar")),
            BarColumn(),
            TextColumn(knowledge.text("cli.import.bar_files", files="{task.fields[files]}")),  # a Rich template
            TransferSpeedColumn(),
            TimeRemainingColumn(),
            console=err.console,
            transient=False,
        )
        self.task = self.progress.add_task("import", total=None, files="0/0")
        self.started = False

    def __call__(self, p: ImportProgress) -> None:
        self.progress.update(
            self.task, total=max(p.bytes_total, 1), completed=p.bytes_done, files=f"{p.files_done}/{p.files_total}"
        )
        if not self.started and p.elapsed_s >= PROGRESS_AFTER_S and p.files_done < p.files_total:
            self.progress.start()
            self.started = True

    def close(self) -> None:
        if self.started:
            self.progress.stop()


def _counts(counts: dict[str, Any]) -> str:
    """``shoes 3, wellness days 10``: the non-zero counts of an export document, named in the language."""
    return knowledge.text("cli.list.sep").join(
        knowledge.text("cli.import.count", name=knowledge.text(f"cli.import.key.{key}"), value=value)
        for key, value in counts.items()
        if isinstance(value, int) and not isinstance(value, bool) and value
    )


def _render(result: dict[str, Any]) -> None:
    failed = [f for f in result["files"] if f["status"] == "error"]
    if failed:
        table = new_table(title=say("cli.import.failed_title", count=len(failed)))
        table.add_column(say("cli.import.col.file"))
        table.add_column(say("cli.import.col.reason"))
        for f in failed:
            table.add_row(f["path"], f["error"].removeprefix(f["path"] + ": "))
        out.print(table)
    for warning in result.get("warnings", []):
        err.print(say("cli.import.warning", warning=warning["warning"]), soft_wrap=True)
    out.print(
        say(
            "cli.import.summary",
            imported=result["imported"],
            duplicates=result["duplicates"],
            errors=result["errors"],
            files=len(result["files"]),
        )
    )
    for entry in result.get("exports", []):
        details = _counts(entry)
        filled = _counts(entry.get("filled") or {})
        if filled:
            details = knowledge.text("cli.import.filled", details=details, filled=filled)
        kind = knowledge.text(f"cli.import.kind.{entry['kind']}")
        out.print(
            escape(
                knowledge.text(
                    "cli.import.export",
                    path=entry["path"],
                    kind=kind,
                    details=details or knowledge.text("cli.import.nothing_new"),
                )
            )
        )
    if "wellness" in result:
        w = result["wellness"]
        out.print(say("cli.import.wellness", new=w["new"], changed=w["changed"], unchanged=w["unchanged"]))
    if result.get("skipped"):
        out.print(say("cli.import.skipped", count=result["skipped"]))


@app.command("import", help="help.import")
def import_cmd(
    ctx: typer.Context,
    # text, not Path: Path("") would be the current folder
    paths: list[str] = typer.Argument(..., help="help.import.paths"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Import watch files; one bad file is reported and the rest go on (exit 1 if any file failed)."""
    bar = _Bar()
    try:
        result = api.import_files(get_db(ctx), paths, progress=bar)
    finally:
        bar.close()
    emit(result, as_json, _render)
    if result["errors"]:
        err.print(say("cli.import.errors", errors=result["errors"], files=len(result["files"])))
        raise typer.Exit(code=1)
