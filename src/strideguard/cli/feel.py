"""`run rate`, `checkin` (the next-morning check-in) and `checkins`."""

from __future__ import annotations

from typing import Any

import typer

from .. import api, knowledge
from ..errors import InputError, StrideguardError
from .app import JSON_OPTION, app, emit, err, escape, get_db, new_table, out, say
from .runs import run_app


def _rated(activity: dict[str, Any]) -> None:
    values = {
        "id": activity["id"],
        "date": activity["local_date"],
        "rpe": activity["rpe"],
        "label": knowledge.text(f"feel.rpe.{activity['rpe']}"),
        "load": activity["session_rpe_load"],
    }
    key = "feel.rated" if activity["session_rpe_load"] is not None else "feel.rated_no_load"
    out.print(escape(knowledge.text(key, **values)))


@run_app.command("rate", help="help.run.rate")
def run_rate(
    ctx: typer.Context,
    activity_id: str = typer.Argument(..., help="help.arg.run_id"),
    rpe: str = typer.Option(..., "--rpe", help="help.run.rate.rpe"),
    note: str | None = typer.Option(None, "--note", help="help.run.rate.note"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Rate how a run felt: effort 0-10 (session RPE, Foster 2001) and a short note; a later rating replaces it."""
    emit(api.run_rate(get_db(ctx), activity_id, _whole("--rpe", rpe), note), as_json, _rated)


def _whole(field: str, text: str) -> int | str:
    """A whole number from the command line; anything else goes on as text, refused by the api naming ``field``."""
    try:
        return int(text.strip())
    except ValueError:
        raise InputError(field, text, "errors.score") from None


def _pain_flags(values: list[str]) -> dict[str, int | str]:
    """``--pain EPISODE=N`` (repeatable) as ``{episode: pain}``; a malformed one is refused naming it."""
    pains: dict[str, int | str] = {}
    for value in values:
        episode, sep, pain = value.partition("=")
        if not sep or not episode.strip():
            raise InputError("--pain", value, "errors.checkin.pain_flag")
        pains[episode.strip()] = _whole(f"--pain {episode.strip()}", pain)
    return pains


def _ask(prompt: str) -> int | None:
    """A 0-10 answer, or None when left empty; asks again until it is one."""
    from rich.prompt import Prompt

    while True:
        try:
            raw = Prompt.ask(escape(prompt), console=err.console, default="", show_default=False).strip()
        except EOFError:
            raise StrideguardError("feel.checkin.prompt.cut_off") from None
        if not raw:
            return None
        if raw.isdigit() and 0 <= int(raw) <= 10:
            return int(raw)
        err.print(f"[yellow]{escape(knowledge.text('feel.checkin.prompt.again', value=repr(raw)))}[/yellow]")


def _interactive(db: Any, date: str | None) -> tuple[str, dict[str, int], int | None]:
    form = api.checkin_form(db, date)
    err.print(f"[bold]{escape(knowledge.text('feel.checkin.title'))} {form['date']}[/bold]")
    if not form["spots"]:
        err.print(escape(knowledge.text("feel.checkin.no_spots", date=form["date"])))
    pains: dict[str, int] = {}
    for spot in form["spots"]:
        pain = _ask(knowledge.text("feel.checkin.prompt.pain", label=spot["label"]))
        if pain is not None:
            pains[str(spot["episode_id"])] = pain
    stiffness = _ask(knowledge.text("feel.checkin.prompt.stiffness"))
    return form["date"], pains, stiffness


def _advice(episode: dict[str, Any]) -> str:
    said = [knowledge.text(f"feel.check.{m['id']}") for m in (episode.get("latest_checkin") or {}).get("matched", [])]
    words = knowledge.text(f"disposition.{episode['disposition']}")
    return "; ".join([*said, words]) if said else words


def render_checkin(result: dict[str, Any]) -> None:
    out.print(escape(knowledge.text("feel.checkin.saved", date=result["date"])))
    if result["stiffness"] is not None:
        out.print(escape(knowledge.text("feel.checkin.stiffness_saved", stiffness=result["stiffness"])))
    episodes = {e["id"]: e for e in result["episodes"]}
    for pain in result["pains"]:
        episode = episodes[pain["episode_id"]]
        key = "feel.checkin.spot" if episode["open"] else "feel.checkin.closed"
        out.print(escape(knowledge.text(key, label=pain["label"], pain=pain["pain"], advice=_advice(episode))))


@app.command("checkin", help="help.checkin")
def checkin(
    ctx: typer.Context,
    date: str | None = typer.Option(None, "--date", help="help.checkin.date"),
    pain: list[str] = typer.Option([], "--pain", help="help.checkin.pain"),
    stiffness: str | None = typer.Option(None, "--stiffness", help="help.checkin.stiffness"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Next-morning check-in: pain at each sore spot and stiffness (asked one by one when no flags are given)."""
    db = get_db(ctx)
    if not pain and stiffness is None:
        day, pains, stiff = _interactive(db, date)
        result = api.checkin(db, day, pains, stiff)
    else:
        stiff_value = None if stiffness is None else _whole("--stiffness", stiffness)
        try:
            result = api.checkin(db, date, _pain_flags(pain), stiff_value)
        except InputError as exc:  # name the flag the runner typed
            if exc.field.startswith("pains."):
                raise InputError(f"--pain {exc.field.removeprefix('pains.')}", exc.value, exc.allowed_text) from None
            if exc.field == "stiffness":
                raise InputError("--stiffness", exc.value, exc.allowed_text) from None
            raise
    emit(result, as_json, render_checkin)


def render_checkins(rows: list[dict[str, Any]]) -> None:
    if not rows:
        out.print(knowledge.text("feel.checkin.none"))
        return
    table = new_table(title=knowledge.text("feel.checkin.title"))
    for key in ("date", "stiffness", "pain"):
        table.add_column(say(f"cli.checkins.col.{key}"))
    for row in rows:
        pains = knowledge.text("cli.list.sep").join(
            knowledge.text("cli.checkins.pain", label=p["label"], pain=p["pain"], id=p["episode_id"])
            for p in row["pains"]
        )
        table.add_row(row["date"], "–" if row["stiffness"] is None else f"{row['stiffness']}/10", escape(pains))
    out.print(table)


@app.command("checkins", help="help.checkins")
def checkins(
    ctx: typer.Context,
    since: str | None = typer.Option(None, "--since", help="help.checkins.since"),
    until: str | None = typer.Option(None, "--until", help="help.checkins.until"),
    as_json: bool = JSON_OPTION,
) -> None:
    """List the stored morning check-ins, oldest first."""
    emit(api.checkins(get_db(ctx), since=since, until=until), as_json, render_checkins)
