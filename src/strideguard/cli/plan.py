"""`plan`: the next N days, as text, JSON or a calendar file."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import typer

from .. import api, knowledge
from ..userfiles import write_bytes
from .app import JSON_OPTION, app, emit, err, escape, get_db, new_table, out, say
from .episodes import render_banners
from .lang import long_date

_STYLE = {"rest": "dim", "strength": "cyan", "walk_run": "green", "easy_run": "green", "long_run": "yellow"}


def _dose(session: dict[str, Any]) -> str:
    if session["distance_km"]:
        return knowledge.text("cli.plan.dose", km=session["distance_km"], minutes=session["duration_min"])
    return knowledge.text("cli.unit.minutes", minutes=session["duration_min"]) if session["duration_min"] else "–"


def day_name(iso: str) -> str:
    """``Thu 26 Nov`` / ``11월 26일 (목)``: the plan table's day."""
    day = date.fromisoformat(iso)
    return knowledge.text(
        "cli.plan.day",
        weekday=knowledge.text(f"cli.weekday.{day.weekday()}"),
        day=day.day,
        month=knowledge.text(f"cli.month.{day.month}"),
    )


def render_plan(plan: dict[str, Any]) -> None:
    """The plan for a person, with the disclaimer."""
    render_plan_body(plan)
    out.print(f"[dim]{say('cli.disclaimer')}[/dim]")


def _names(prefix: str, ids: list[str]) -> str:
    return knowledge.text("cli.list.sep").join(knowledge.text(f"{prefix}.{i}") for i in ids)


def render_plan_body(plan: dict[str, Any]) -> None:
    """One table row per day, then the programme of each active day, notes, readiness and cards.

    Texts are escaped: the [source] ids are not markup.
    """
    render_banners(plan.get("episodes", []))
    headline = say(
        "cli.plan.headline",
        disposition=knowledge.text(f"cli.disposition.{plan['disposition']}"),
        mode=knowledge.text(f"cli.plan.mode.{plan['mode']}"),
        risks=_names("cli.region", plan["risks"]) or knowledge.text("cli.plan.no_risks"),
    )
    out.print(f"[bold]{say('cli.plan.from', start=long_date(plan['start']))}[/bold] · {headline}")
    for week in plan.get("weeks", []):
        usual = (
            knowledge.text("cli.plan.usual_week", km=week["usual_km"], minutes=week["usual_minutes"])
            if week.get("usual_km") is not None
            else ""
        )
        summary = knowledge.text(
            "cli.plan.week",
            km=week["km"],
            minutes=week["minutes"],
            runs=week["runs"],
            long_km=week["long_run_km"],
            usual=usual,
        )
        out.print(f"[bold]{say('cli.plan.week_from', start=long_date(week['start']))}[/bold]{escape(summary)}")
        for reason in week.get("why", []):
            out.print(f"  {escape(reason)}")
    table = new_table(show_lines=False)
    for col in ("day", "session", "dose", "why"):
        table.add_column(say(f"cli.plan.col.{col}"), overflow="fold")
    previous: list[str] | None = None
    for day in plan["days"]:
        s = day["session"]
        why = say("cli.plan.as_above") if s["why"] == previous and s["why"] else escape("\n".join(s["why"]))
        previous = s["why"]
        style = _STYLE.get(s["kind"], "")
        kind = say("kind." + s["kind"])
        table.add_row(day_name(day["date"]), f"[{style}]{kind}[/{style}]" if style else kind, _dose(s), why)
    out.print(table)
    shown: set[tuple[str, ...]] = set()
    for day in plan["days"]:
        parts = [("warmup", day["warmup"]), ("strength", day["strength"]), ("recovery", day["recovery"])]
        key = tuple(x for _, items in parts for x in items)
        if not (day["warmup"] or day["strength"]) or key in shown:
            continue
        shown.add(key)
        title = say("cli.plan.programme", kind=knowledge.text("kind." + day["session"]["kind"]))
        out.print(f"[bold]{title}[/bold] {say('cli.plan.first_on', date=long_date(day['date']))}")
        for part, items in parts:
            label = knowledge.text(f"cli.plan.part.{part}")
            for item in items:
                out.print(f"  {say('cli.plan.item', label=label, text=item)}")
        for cue in day.get("cues", []):
            out.print(f"  {say('cli.plan.item', label=knowledge.text('cli.plan.part.posture'), text=cue)}")
    if plan["notes"]:
        out.print(f"[bold]{say('cli.plan.notes')}[/bold]")
        for note in plan["notes"]:
            out.print(f"  • {escape(note)}")
    items = [i for i in plan["readiness"]["items"] if i["status"] != "ok"]
    if items:
        applies = f" {say('cli.plan.readiness_applies')}" if plan["readiness"]["applies"] else ""
        out.print(f"[bold]{say('cli.plan.readiness')}[/bold]{applies}")
        for item in items:
            out.print(f"  • {escape(item['text'])}")
    titles = knowledge.text("cli.list.sep").join(c["title"] for c in plan["cards"])
    out.print(f"[bold]{say('cli.plan.cards')}[/bold] {say('cli.plan.cards_more', titles=titles)}")
    cramp = next((c for c in plan["cards"] if c["id"] == "cramp"), None)
    if cramp:
        out.print(f"  {escape(cramp['title'])}:")
        for n, step in enumerate(cramp["steps"], 1):
            out.print(f"    {n}. {escape(step)}")


@app.command("plan", help="help.plan")
def plan(
    ctx: typer.Context,
    days: int = typer.Option(7, "--days", help="help.plan.days"),
    on: str | None = typer.Option(None, "--date", help="help.plan.date"),
    ics: Path | None = typer.Option(None, "--ics", help="help.plan.ics"),
    as_json: bool = JSON_OPTION,
) -> None:
    """The next sessions with dose, warm-up, strength and recovery, capped by your load and your latest symptoms."""
    db = get_db(ctx)
    result = api.plan(db, days=days, today=on)
    if ics is not None:
        text = api.plan_ics(db, days=days, today=on)
        write_bytes(ics, text.encode("utf-8"), "--ics")
        err.print(say("cli.plan.ics_written", path=str(ics)))
    emit(result, as_json, render_plan)
