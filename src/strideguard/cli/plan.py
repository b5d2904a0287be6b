"""`plan`: the next N days, as text, JSON or a calendar file."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import typer

from .. import api
from ..userfiles import write_bytes
from .app import JSON_OPTION, app, emit, err, escape, get_db, new_table, out
from .episodes import render_banners

_STYLE = {"rest": "dim", "strength": "cyan", "walk_run": "green", "easy_run": "green", "long_run": "yellow"}


def _dose(session: dict[str, Any]) -> str:
    if session["distance_km"]:
        return f"{session['distance_km']:.1f} km · {session['duration_min']} min"
    return f"{session['duration_min']} min" if session["duration_min"] else "–"


def render_plan(plan: dict[str, Any]) -> None:
    """The plan for a person, with the disclaimer."""
    render_plan_body(plan)
    out.print(f"[dim]{escape(plan['disclaimer'])}[/dim]")


def render_plan_body(plan: dict[str, Any]) -> None:
    """One table row per day, then the programme of each active day, notes, readiness and cards.

    Texts are escaped: the [source] ids are not markup.
    """
    from .. import knowledge

    render_banners(plan.get("episodes", []))
    out.print(
        f"[bold]Plan from {plan['start']}[/bold] · disposition: [bold]{plan['disposition']}[/bold]"
        f" · mode: {plan['mode']} · risks: {', '.join(plan['risks']) or 'none'}"
    )
    for week in plan.get("weeks", []):
        usual = (
            f" (your usual week: {week['usual_km']:.1f} km, {week['usual_minutes']} min)"
            if week.get("usual_km") is not None
            else ""
        )
        out.print(
            f"[bold]Week from {week['start']}[/bold]: {week['km']:.1f} km, {week['minutes']} min "
            f"in {week['runs']} runs, long run {week['long_run_km']:.1f} km{usual}"
        )
        for reason in week.get("why", []):
            out.print(f"  {escape(reason)}")
    table = new_table(show_lines=False)
    for col in ("day", "session", "dose", "why"):
        table.add_column(col, overflow="fold")
    previous: list[str] | None = None
    for day in plan["days"]:
        s = day["session"]
        why = "(as above)" if s["why"] == previous and s["why"] else escape("\n".join(s["why"]))
        previous = s["why"]
        weekday = date.fromisoformat(day["date"]).strftime("%a %d %b")
        style = _STYLE.get(s["kind"], "")
        table.add_row(
            weekday, f"[{style}]{knowledge.text('kind.' + s['kind'])}[/{style}]" if style else s["kind"], _dose(s), why
        )
    out.print(table)
    shown: set[tuple[str, ...]] = set()
    for day in plan["days"]:
        parts = [("Warm-up", day["warmup"]), ("Strength", day["strength"]), ("Recovery", day["recovery"])]
        key = tuple(x for _, items in parts for x in items)
        if not (day["warmup"] or day["strength"]) or key in shown:
            continue
        shown.add(key)
        out.print(
            f"[bold]{knowledge.text('kind.' + day['session']['kind'])} day programme[/bold] (first on {day['date']})"
        )
        for title, items in parts:
            for item in items:
                out.print(f"  {title}: {escape(item)}")
        for cue in day.get("cues", []):
            out.print(f"  Posture: {escape(cue)}")
    if plan["notes"]:
        out.print("[bold]Notes[/bold]")
        for note in plan["notes"]:
            out.print(f"  • {escape(note)}")
    items = [i for i in plan["readiness"]["items"] if i["status"] != "ok"]
    if items:
        out.print("[bold]Readiness[/bold]" + (" (starting or restarting)" if plan["readiness"]["applies"] else ""))
        for item in items:
            out.print(f"  • {escape(item['text'])}")
    out.print("[bold]Cards[/bold] (see --json for every step): " + ", ".join(c["title"] for c in plan["cards"]))
    cramp = next((c for c in plan["cards"] if c["id"] == "cramp"), None)
    if cramp:
        out.print(f"  {cramp['title']}:")
        for n, step in enumerate(cramp["steps"], 1):
            out.print(f"    {n}. {escape(step)}")


@app.command("plan")
def plan(
    ctx: typer.Context,
    days: int = typer.Option(7, "--days", help="How many days to plan, from tomorrow (1-366)."),
    on: str | None = typer.Option(None, "--date", help="Plan as if today were this day (YYYY-MM-DD); default today."),
    ics: Path | None = typer.Option(
        None, "--ics", help="Also write the plan to this .ics calendar file (import it on a phone)."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """The next sessions with dose, warm-up, strength and recovery, capped by your load and your latest symptoms."""
    db = get_db(ctx)
    result = api.plan(db, days=days, today=on)
    if ics is not None:
        text = api.plan_ics(db, days=days, today=on)
        write_bytes(ics, text.encode("utf-8"), "--ics")
        err.print(f"calendar written to {ics}")
    emit(result, as_json, render_plan)
