"""`demo`: a reproducible demo runner, then today's status, triage and plan."""

from __future__ import annotations

import time
from typing import Any

import typer

from .. import api
from ..config import default_demo_path
from .app import JSON_OPTION, app, emit, err, out, say, state
from .lang import long_date
from .plan import render_plan_body
from .status import render_body as render_status_body
from .triage import render_triage


def _render(result: dict[str, Any]) -> None:
    from rich.panel import Panel

    built = say(
        "cli.demo.built",
        db=result["db"],
        activities=result["activities"],
        samples=result["samples"],
        reports=result["symptom_reports"],
        today=long_date(result["today"]),
        path=result["db"].removeprefix("sqlite:///"),
    )
    out.print(Panel.fit(built, title=say("cli.demo.title")))
    parts = (
        ("status", "cli.demo.status", render_status_body),
        ("triage", "cli.demo.triage", render_triage),
        ("plan", "cli.demo.plan", render_plan_body),
    )
    for key, title, render in parts:
        out.rule(say(title))
        render(result[key])
    out.print(f"[dim]{say('cli.disclaimer')}[/dim]")


@app.command("demo", help="help.demo")
def demo(
    ctx: typer.Context,
    today: str | None = typer.Option(None, "--today", help="help.demo.today"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Build a demo runner (18 weeks of runs with GPS, heart rate and cadence; two symptom reports)
    and show status, triage and plan.

    Without --db it writes demo.db in the user data folder, never your own database.
    """
    from ..days import parse_day  # noqa: PLC0415  (zoneinfo not for `--help`)

    st = state(ctx)
    if st.db_arg is None:
        st.db_arg = str(default_demo_path())
    day = parse_day("--today", today)
    started = time.perf_counter()
    result = api.demo(st.db(), today=day)
    result["seconds"] = round(time.perf_counter() - started, 2)
    emit(result, as_json, _render)
    if not as_json:
        err.print(say("cli.demo.seconds", seconds=result["seconds"]))
