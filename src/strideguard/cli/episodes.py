"""`symptom episodes` and `symptom resolve EPISODE --reason TEXT`; the open-episode banners of status and plan."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from .. import api, knowledge
from .app import JSON_OPTION, LazyConsole, emit, escape, get_db, new_table, out, say
from .triage import STYLE, label, symptom_app

if TYPE_CHECKING:
    from rich.console import Console


def render_banners(episodes: list[dict[str, Any]], console: Console | LazyConsole = out) -> None:
    """One line per open episode, most urgent first, in its disposition's colour, with what to do."""
    for e in episodes:
        d = e["disposition"]
        latest = e["latest_report"]["date"] if e["latest_report"] else e["since"]
        line = knowledge.text(
            "episode.banner",
            label=e["label"],
            instruction=knowledge.text(f"disposition.{d}"),
            since=e["since"],
            latest=latest,
        )
        console.print(f"[{STYLE[d]}] {label(d)} [/] {escape(line)}")


def render_episodes(episodes: list[dict[str, Any]]) -> None:
    if not episodes:
        out.print(knowledge.text("episode.none"))
        return
    table = new_table(title=knowledge.text("episode.open_title") if all(e["open"] for e in episodes) else None)
    for key in ("id", "body_part", "advice", "since", "reports", "latest", "closed"):
        table.add_column(say(f"cli.episodes.col.{key}"))
    for e in episodes:
        d = e["disposition"]
        closed = (
            "" if e["open"] else knowledge.text("cli.episodes.closed", date=e["closed_on"], reason=e["closed_reason"])
        )
        latest = e["latest_report"]["date"] if e["latest_report"] else "–"
        table.add_row(
            str(e["id"]),
            escape(e["label"]),
            f"[{STYLE[d]}]{say('cli.disposition.' + d)}[/]",
            e["since"],
            str(e["reports"]),
            latest,
            escape(closed),
        )
    out.print(table)
    if any(e["open"] and e["disposition"] != "continue" for e in episodes):
        first = next(e for e in episodes if e["open"])
        out.print(f"[dim]{escape(knowledge.text('episode.resolve_hint', id=first['id']))}[/dim]")


@symptom_app.command("episodes", help="help.symptom.episodes")
def symptom_episodes(
    ctx: typer.Context,
    all_: bool = typer.Option(False, "--all", help="help.symptom.episodes.all"),
    date: str | None = typer.Option(None, "--date", help="help.symptom.episodes.date"),
    as_json: bool = JSON_OPTION,
) -> None:
    """List the symptom episodes (one per body part) that are open, most urgent first."""
    emit(api.episodes(get_db(ctx), date, closed=all_), as_json, render_episodes)


def _render_resolved(episode: dict[str, Any]) -> None:
    out.print(
        escape(
            knowledge.text(
                "episode.resolved", id=episode["id"], label=episode["label"], reason=episode["closed_reason"]
            )
        )
    )


@symptom_app.command("resolve", help="help.symptom.resolve")
def symptom_resolve(
    ctx: typer.Context,
    episode: str = typer.Argument(..., help="help.symptom.resolve.episode"),
    reason: str = typer.Option(..., "--reason", help="help.symptom.resolve.reason"),
    date: str | None = typer.Option(None, "--date", help="help.symptom.resolve.date"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Close an open symptom episode by hand, with the reason (the plan stops following it)."""
    emit(api.symptom_resolve(get_db(ctx), episode, reason, date), as_json, _render_resolved)
