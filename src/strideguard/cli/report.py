"""`report --out FILE.html|FILE.pdf [--from DATE] [--to DATE]`: the physio report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from .. import api
from ..errors import InputError
from .app import JSON_OPTION, app, emit, err, get_db


def _said(result: dict[str, Any]) -> str:
    pages = f", {result['pages']} pages" if result.get("pages") else ""
    attached = f"; raw data attached: {', '.join(result['attachments'])}" if result.get("attachments") else ""
    return (
        f"wrote {result['out']} ({result['bytes'] // 1024} KB{pages}): {result['runs']} activities from "
        f"{result['from']} to {result['to']}, {result['spikes']} spikes, {result['symptom_reports']} symptom reports"
        f"{attached}"
    )


@app.command("report")
def report(
    ctx: typer.Context,
    out: Path = typer.Option(
        ...,
        "--out",
        help="File to write: a name ending in .pdf writes a PDF (static charts, the raw data attached as CSV); "
        "any other an HTML file (one self-contained file; opens offline and prints).",
    ),
    weeks: int | None = typer.Option(
        None, "--weeks", help="Weeks of training load to show (1-520, default 12); or give --from."
    ),
    date: str | None = typer.Option(None, "--date", help="Day the report ends on, YYYY-MM-DD (default today)."),
    start: str | None = typer.Option(None, "--from", help="First day of the report, YYYY-MM-DD (instead of --weeks)."),
    end: str | None = typer.Option(None, "--to", help="Last day of the report, YYYY-MM-DD (default today; as --date)."),
    lang: str | None = typer.Option(
        None,
        "--lang",
        help="Language of the report: en or ko (Hangul set in Noto Sans CJK in the PDF); default: the language "
        "strideguard speaks to you.",
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Write a report for you or your physio (HTML or PDF): profile, load with spikes, symptoms with the load
    before each and the advice."""
    if weeks is not None and start is not None:
        raise InputError("weeks", weeks, "give --weeks or --from, not both")
    result = api.report(
        get_db(ctx), out, today=date, weeks=12 if weeks is None else weeks, start=start, end=end, lang=lang
    )
    emit(result, as_json, lambda r: err.print(_said(r)))
