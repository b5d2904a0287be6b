"""`triage FILE.json`, `symptom log [FILE.json]` (prompts when no file is given) and `symptom list`."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from .. import api
from ..errors import InputError
from .app import JSON_OPTION, LazyConsole, app, emit, err, escape, fmt, get_db, new_table, out

if TYPE_CHECKING:
    from rich.console import Console

symptom_app = typer.Typer(
    help="Symptom reports: log one (from a file or by answering questions) and list them.", no_args_is_help=True
)
app.add_typer(symptom_app, name="symptom")

STYLE = {
    "emergency": "bold white on red",
    "see_doctor": "bold red",
    "stop_and_rest": "bold yellow",
    "modify_training": "bold cyan",
    "continue": "bold green",
}
LABEL = {
    "emergency": "EMERGENCY",
    "see_doctor": "SEE A DOCTOR",
    "stop_and_rest": "STOP AND REST",
    "modify_training": "MODIFY TRAINING",
    "continue": "CONTINUE",
}


def read_report_file(path: Path) -> Any:
    """The JSON document in ``path``; a missing, unreadable or broken file is an InputError naming it."""
    if not path.is_file():
        raise InputError("FILE", str(path), "give the path of an existing JSON file holding one symptom report")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            "FILE", str(path), f"the file cannot be read as UTF-8 text ({exc.__class__.__name__})"
        ) from None
    from ..schemas import parse_json_text  # pydantic only for the commands that read a report

    return parse_json_text(text, str(path))


def render_triage(result: dict[str, Any], console: Console | LazyConsole = out) -> None:
    from .. import knowledge

    d = result["disposition"]
    headline = escape(knowledge.text(f"disposition.{d}"))
    from rich.panel import Panel

    console.print(Panel.fit(headline, title=f"[{STYLE[d]}] {LABEL[d]} [/]", border_style=STYLE[d].split()[-1]))
    for flag in result["red_flags"]:
        console.print(f"[bold red]Red flag:[/] {escape(flag['text'])}")
    if result["suspected"]:
        console.print("[bold]Possible causes[/] (not a diagnosis):")
        for s in result["suspected"]:
            why = f" [dim]— {escape(', '.join(s['why']))}[/dim]" if s["why"] else ""
            console.print(f"  • {escape(s['name'])}{why}")
    console.print("[bold]What to do[/]:")
    for i, a in enumerate(result["actions"], 1):
        console.print(f"  {i}. {escape(a['text'])} [dim]{escape('[' + a['source'] + ']')}[/dim]")
    if result["questions"]:
        console.print("[bold]Please also answer[/] (it could change the advice):")
        for q in result["questions"]:
            console.print(f"  ? {escape(q['text'])} [dim]({q['field']})[/dim]")
    console.print(f"[bold]Why[/]: {escape(result['explanation'])}")
    for sid, citation in result["sources"].items():
        console.print(f"[dim]{escape('[' + sid + ']')} {escape(citation)}[/dim]")
    console.print(f"[dim]rules {result['rules_version']}. {escape(result['disclaimer'])}[/dim]")


@app.command("triage")
def triage(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="JSON file with one symptom report (fields as in CONTRACT.md)."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Triage one symptom report with your stored profile and history; stores nothing."""
    result = api.triage(get_db(ctx), read_report_file(file))
    emit(result, as_json, render_triage)


# ---------------------------------------------------------------- interactive report

_YES, _NO, _SKIP = ("y", "yes"), ("n", "no"), ("", "?")


def _ask(field: str, choices: tuple[str, ...] | None = None, default: str = "") -> str:
    from .. import knowledge

    key = f"prompt.{field}" if f"prompt.{field}" in knowledge.texts() else f"question.{field}"
    hint = f" [{'/'.join(choices)}, Enter to skip]" if choices else " (Enter to skip)"
    try:
        from rich.prompt import Prompt

        answer = Prompt.ask(
            knowledge.text(key) + hint, console=err.console, default=default, show_default=bool(default)
        )
    except EOFError:
        raise InputError(
            field, "no answer", "the questions were cut off; answer them all or give a FILE.json"
        ) from None
    return answer.strip()


def _choice(data: dict[str, Any], field: str, choices: tuple[str, ...]) -> None:
    answer = _ask(field, choices)
    if answer not in _SKIP:
        data[field] = answer


def _number(data: dict[str, Any], field: str) -> None:
    answer = _ask(field)
    if answer not in _SKIP:
        data[field] = int(answer) if answer.lstrip("-").isdigit() else answer


def _yes_no(data: dict[str, Any], field: str) -> None:
    answer = _ask(field, ("y", "n")).lower()
    if answer in _YES:
        data[field] = True
    elif answer in _NO:
        data[field] = False
    elif answer not in _SKIP:
        data[field] = answer  # validation names the field and says what is allowed


def _many(data: dict[str, Any], field: str) -> None:
    answer = _ask(field)
    if answer not in _SKIP:
        data[field] = [part.strip() for part in answer.split(",") if part.strip()]


def prompt_report(today: date) -> dict[str, Any]:
    """Ask for a report field by field (red-flag questions included); blank answers stay "not reported"."""
    from ..schemas import LOCATIONS, OTHER_LOCATIONS

    data: dict[str, Any] = {"date": _ask("date", default=today.isoformat()) or today.isoformat()}
    data["region"] = _ask("region", ("knee", "ankle", "foot", "calf", "shin", "thigh", "hip", "other"))
    _choice(data, "location", LOCATIONS.get(data["region"], OTHER_LOCATIONS))
    _choice(data, "side", ("left", "right", "both"))
    _choice(data, "mechanism", ("none", "twist", "fall", "impact", "pop"))
    _choice(data, "onset", ("gradual", "sudden"))
    _many(data, "when")
    for pain in ("pain_during", "pain_after", "pain_rest", "pain_next_morning", "duration_days"):
        _number(data, pain)
    for flag in (
        "deformity",
        "unable_to_bear_weight",
        "swelling",
        "redness_warmth",
        "fever",
        "calf_swelling_one_side",
        "numbness_tingling",
        "weakness",
        "instability",
        "cramp",
    ):
        _yes_no(data, flag)
    if data.get("numbness_tingling") is True:
        _yes_no(data, "numbness_spreading")
    if data["region"] == "knee":
        for flag in ("creaking", "heaviness", "locking", "knee_flex_under_90"):
            _yes_no(data, flag)
    if data["region"] == "ankle":
        _number(data, "previous_sprains_12m")
    _many(data, "bone_tenderness")
    _number(data, "age")
    return data


def _render_logged(result: dict[str, Any]) -> None:
    err.print(
        f"Stored symptom report {result['report']['id']} ({result['report']['region']}, {result['report']['date']})."
    )
    render_triage(result["triage"])


@symptom_app.command("log")
def symptom_log(
    ctx: typer.Context,
    file: Path | None = typer.Argument(
        None, help="JSON file with one symptom report; without it you are asked question by question."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Store a symptom report and its triage (from FILE.json, or by answering questions)."""
    data = read_report_file(file) if file is not None else prompt_report(date.today())
    emit(api.symptom_log(get_db(ctx), data), as_json, _render_logged)


def render_symptoms(rows: list[dict[str, Any]]) -> None:
    table = new_table(title=f"{len(rows)} symptom reports")
    for col in ("id", "date", "region", "where", "pain during/after/morning", "advice"):
        table.add_column(col)
    for r in rows:
        rep = r["report"]
        pains = "/".join(fmt(rep.get(p)) for p in ("pain_during", "pain_after", "pain_next_morning"))
        where = " ".join(str(rep[k]) for k in ("side", "location") if rep.get(k))
        advice = r["disposition"] or "–"
        table.add_row(
            str(r["id"]),
            r["date"],
            r["region"],
            where or "–",
            pains,
            f"[{STYLE.get(advice, '')}]{advice}[/]" if advice in STYLE else advice,
        )
    out.print(table)


@symptom_app.command("list")
def symptom_list(
    ctx: typer.Context,
    since: str | None = typer.Option(None, "--since", help="First day, YYYY-MM-DD."),
    until: str | None = typer.Option(None, "--until", help="Last day, YYYY-MM-DD."),
    as_json: bool = JSON_OPTION,
) -> None:
    """List the stored symptom reports, oldest first, with the advice given for each."""
    emit(api.symptom_list(get_db(ctx), since=since, until=until), as_json, render_symptoms)
