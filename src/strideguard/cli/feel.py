"""`run rate`, `checkin` (the next-morning check-in) and `checkins`."""

from __future__ import annotations

from typing import Any

import typer

from .. import api, knowledge
from ..errors import InputError, StrideguardError
from .app import JSON_OPTION, app, emit, err, escape, get_db, new_table, out
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


@run_app.command("rate")
def run_rate(
    ctx: typer.Context,
    activity_id: str = typer.Argument(..., help="The run's number (see `strideguard activities`)."),
    rpe: str = typer.Option(..., "--rpe", help="Effort of the whole run, 0 (rest) to 10 (maximal): Borg CR-10."),
    note: str | None = typer.Option(None, "--note", help="A short note on how it felt (up to 500 characters)."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Rate how a run felt: effort 0-10 (session RPE, Foster 2001) and a short note; a later rating replaces it."""
    emit(api.run_rate(get_db(ctx), activity_id, _whole("--rpe", rpe), note), as_json, _rated)


def _whole(field: str, text: str) -> int | str:
    """A whole number from the command line; anything else goes on as text, refused by the api naming ``field``."""
    try:
        return int(text.strip())
    except ValueError:
        raise InputError(field, text, "use a whole number from 0 to 10") from None


def _pain_flags(values: list[str]) -> dict[str, int | str]:
    """``--pain EPISODE=N`` (repeatable) as ``{episode: pain}``; a malformed one is refused naming it."""
    pains: dict[str, int | str] = {}
    for value in values:
        episode, sep, pain = value.partition("=")
        if not sep or not episode.strip():
            raise InputError(
                "--pain", value, "use EPISODE=PAIN, e.g. --pain 3=2 (episode numbers: `strideguard symptom episodes`)"
            )
        pains[episode.strip()] = _whole(f"--pain {episode.strip()}", pain)
    return pains


def _ask(prompt: str) -> int | None:
    """A 0-10 answer, or None when left empty; asks again until it is one."""
    from rich.prompt import Prompt

    while True:
        try:
            raw = Prompt.ask(escape(prompt), console=err.console, default="", show_default=False).strip()
        except EOFError:
            raise StrideguardError(knowledge.text("feel.checkin.prompt.cut_off")) from None
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


@app.command("checkin")
def checkin(
    ctx: typer.Context,
    date: str | None = typer.Option(None, "--date", help="The morning, YYYY-MM-DD (default: today)."),
    pain: list[str] = typer.Option(
        [], "--pain", help="Pain 0-10 at a sore spot: EPISODE=N (repeat for each; see `strideguard symptom episodes`)."
    ),
    stiffness: str | None = typer.Option(None, "--stiffness", help="Stiffness this morning, 0-10."),
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
                raise InputError(f"--pain {exc.field.removeprefix('pains.')}", exc.value, exc.allowed) from None
            if exc.field == "stiffness":
                raise InputError("--stiffness", exc.value, exc.allowed) from None
            raise
    emit(result, as_json, render_checkin)


def render_checkins(rows: list[dict[str, Any]]) -> None:
    if not rows:
        out.print(knowledge.text("feel.checkin.none"))
        return
    table = new_table(title=knowledge.text("feel.checkin.title"))
    for col in ("date", "stiffness", "pain"):
        table.add_column(col)
    for row in rows:
        pains = ", ".join(f"{p['label']} {p['pain']}/10 (#{p['episode_id']})" for p in row["pains"])
        table.add_row(row["date"], "–" if row["stiffness"] is None else f"{row['stiffness']}/10", escape(pains))
    out.print(table)


@app.command("checkins")
def checkins(
    ctx: typer.Context,
    since: str | None = typer.Option(None, "--since", help="First morning, YYYY-MM-DD."),
    until: str | None = typer.Option(None, "--until", help="Last morning, YYYY-MM-DD."),
    as_json: bool = JSON_OPTION,
) -> None:
    """List the stored morning check-ins, oldest first."""
    emit(api.checkins(get_db(ctx), since=since, until=until), as_json, render_checkins)
