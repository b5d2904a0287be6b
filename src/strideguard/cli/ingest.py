"""`import PATH...`: watch files, folders and zip exports."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from .. import api
from .app import JSON_OPTION, app, emit, err, escape, get_db, new_table, out

if TYPE_CHECKING:
    from ..api.ingest import ImportProgress

# The bar appears only for imports that last longer than this (seconds).
PROGRESS_AFTER_S = 1.0


class _Bar:
    """A Rich progress bar on stderr (files, MB/s, ETA), shown once an import has run for a second."""

    def __init__(self) -> None:
        from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn, TransferSpeedColumn

        self.progress = Progress(
            TextColumn("importing"),
            BarColumn(),
            TextColumn("{task.fields[files]} files"),
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


def _render(result: dict[str, Any]) -> None:
    failed = [f for f in result["files"] if f["status"] == "error"]
    if failed:
        table = new_table(title=f"{len(failed)} files not imported")
        table.add_column("file")
        table.add_column("reason")
        for f in failed:
            table.add_row(f["path"], f["error"].removeprefix(f["path"] + ": "))
        out.print(table)
    for warning in result.get("warnings", []):
        err.print(f"Warning: {escape(warning['warning'])}", soft_wrap=True)
    out.print(
        f"imported {result['imported']}, duplicates {result['duplicates']}, errors {result['errors']} "
        f"({len(result['files'])} files)"
    )
    for entry in result.get("exports", []):
        details = ", ".join(
            f"{key.replace('_', ' ')} {value}" for key, value in entry.items() if isinstance(value, int) and value
        )
        filled = entry.get("filled") or {}
        if any(filled.values()):
            details += "; filled in: " + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in filled.items() if v)
        out.print(f"{escape(entry['path'])} ({entry['kind'].replace('_', ' ')}): {details or 'nothing new'}")
    if "wellness" in result:
        w = result["wellness"]
        out.print(f"wellness days: {w['new']} new, {w['changed']} changed, {w['unchanged']} unchanged")
    if result.get("skipped"):
        out.print(f"{result['skipped']} other files in the folders and archives were not read")


@app.command("import")
def import_cmd(
    ctx: typer.Context,
    paths: list[str] = typer.Argument(  # text, not Path: Path("") would be the current folder
        ..., help="Files (.fit, .gpx, .tcx, each also .gz), folders (recursive) and .zip exports (Garmin, Strava)."
    ),
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
        err.print(f"{result['errors']} of {len(result['files'])} files could not be imported.")
        raise typer.Exit(code=1)
