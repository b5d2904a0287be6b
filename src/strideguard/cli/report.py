"""`report --out FILE.html|FILE.pdf [--from DATE] [--to DATE]`: the physio report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from .. import api, knowledge
from ..errors import InputError
from .app import JSON_OPTION, app, emit, err, get_db, say
from .lang import long_date


def _said(result: dict[str, Any]) -> str:
    pages = knowledge.text("cli.report.pages", pages=result["pages"]) if result.get("pages") else ""
    attached = (
        knowledge.text("cli.report.attached", files=knowledge.text("cli.list.sep").join(result["attachments"]))
        if result.get("attachments")
        else ""
    )
    return say(
        "cli.report.wrote",
        path=result["out"],
        kb=result["bytes"] // 1024,
        pages=pages,
        runs=result["runs"],
        start=long_date(result["from"]),
        end=long_date(result["to"]),
        spikes=result["spikes"],
        reports=result["symptom_reports"],
        attached=attached,
    )


@app.command("report", help="help.report")
def report(
    ctx: typer.Context,
    out: Path = typer.Option(
        ...,
        "--out",
        help="help.report.out",
    ),
    weeks: int | None = typer.Option(None, "--weeks", help="help.report.weeks"),
    date: str | None = typer.Option(None, "--date", help="help.report.date"),
    start: str | None = typer.Option(None, "--from", help="help.report.from"),
    end: str | None = typer.Option(None, "--to", help="help.report.to"),
    lang: str | None = typer.Option(None, "--lang", help="help.report.lang"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Write a report for you or your physio (HTML or PDF): profile, load with spikes, symptoms with the load
    before each and the advice."""
    db = get_db(ctx)  # first: the runner's language is read with the database
    if weeks is not None and start is not None:
        raise InputError("weeks", weeks, "errors.report.weeks_or_from")
    result = api.report(db, out, today=date, weeks=12 if weeks is None else weeks, start=start, end=end, lang=lang)
    emit(result, as_json, lambda r: err.print(_said(r)))
