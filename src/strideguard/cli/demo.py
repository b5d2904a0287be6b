"""`demo`: a reproducible demo runner, then today's status, triage and plan."""

from __future__ import annotations

import time
from typing import Any

import typer

from .. import DISCLAIMER, api
from ..config import default_demo_path
from .app import JSON_OPTION, app, emit, err, out, state
from .plan import render_plan_body
from .status import render_body as render_status_body
from .triage import render_triage


def _render(result: dict[str, Any]) -> None:
    from rich.panel import Panel

    out.print(
        Panel.fit(
            f"Demo runner built in {result['db']}\n"
            f"{result['activities']} activities with {result['samples']:,} samples, "
            f"{result['symptom_reports']} symptom reports, history ending {result['today']}.\n"
            f"Explore it: strideguard --db {result['db'].removeprefix('sqlite:///')} activities",
            title="strideguard demo",
        )
    )
    parts = (
        ("status", "Today's status", render_status_body),
        ("triage", "Triage of the latest symptom report", render_triage),
        ("plan", "Next 7 days", render_plan_body),
    )
    for key, title, render in parts:
        out.rule(title)
        render(result[key])
    out.print(f"[dim]{DISCLAIMER}[/dim]")


@app.command("demo")
def demo(
    ctx: typer.Context,
    today: str | None = typer.Option(None, "--today", help="Day the demo history ends (YYYY-MM-DD); default today."),
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
        err.print(f"demo built in {result['seconds']} s")
