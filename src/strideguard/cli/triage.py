"""`triage FILE.json`, `symptom log [FILE.json]` (prompts when no file is given) and `symptom list`."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from .. import api, knowledge
from ..errors import InputError, StrideguardError
from .app import JSON_OPTION, LazyConsole, app, emit, err, escape, fmt, get_db, new_table, out, say
from .lang import long_date

if TYPE_CHECKING:
    from rich.console import Console

    from ..api import intake

symptom_app = typer.Typer(help="help.symptom", no_args_is_help=True)
app.add_typer(symptom_app, name="symptom")

STYLE = {
    "emergency": "bold white on red",
    "see_doctor": "bold red",
    "stop_and_rest": "bold yellow",
    "modify_training": "bold cyan",
    "continue": "bold green",
}


def label(disposition: str) -> str:
    """The disposition's short label in capitals (``MODIFY TRAINING``), escaped for Rich."""
    return say(f"cli.label.{disposition}")


def read_report_file(path: Path) -> Any:
    """The JSON document in ``path``; a missing, unreadable or broken file is an InputError naming it."""
    from ..userfiles import read_text

    text = read_text(path, "FILE", "errors.userfile.expect.symptom_report")
    from ..schemas import parse_json_text  # pydantic only for the commands that read a report

    return parse_json_text(text, str(path))


def render_triage(result: dict[str, Any], console: Console | LazyConsole = out) -> None:
    from rich.panel import Panel

    d = result["disposition"]
    headline = say(f"disposition.{d}")
    if result.get("summary"):  # the one plain sentence first; reasons and sources follow
        console.print(f"[{STYLE[d]}]{escape(result['summary'])}[/]")
    console.print(Panel.fit(headline, title=f"[{STYLE[d]}] {label(d)} [/]", border_style=STYLE[d].split()[-1]))
    for flag in result["red_flags"]:
        console.print(f"[bold red]{say('cli.triage.red_flag')}[/] {escape(flag['text'])}")
    if result["suspected"]:
        console.print(f"[bold]{say('cli.triage.causes')}[/] {say('cli.triage.causes_note')}")
        for s in result["suspected"]:
            why = f" [dim]— {escape(knowledge.text('cli.list.sep').join(s['why']))}[/dim]" if s["why"] else ""
            console.print(f"  • {escape(s['name'])}{why}")
    console.print(f"[bold]{say('cli.triage.what_to_do')}[/]")
    for i, a in enumerate(result["actions"], 1):
        console.print(f"  {i}. {escape(a['text'])} [dim]{escape('[' + a['source'] + ']')}[/dim]")
    if result["questions"]:
        console.print(f"[bold]{say('cli.triage.also_answer')}[/] {say('cli.triage.also_answer_note')}")
        for q in result["questions"]:
            console.print(f"  ? {escape(q['text'])} [dim]({q['field']})[/dim]")
    console.print(f"[bold]{say('cli.triage.why')}[/] {escape(result['explanation'])}")
    for sid, citation in result["sources"].items():
        console.print(f"[dim]{escape('[' + sid + ']')} {escape(citation)}[/dim]")
    console.print(f"[dim]{say('cli.triage.rules', version=result['rules_version'])} {say('cli.disclaimer')}[/dim]")


@app.command("triage", help="help.triage")
def triage(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="help.triage.file"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Triage one symptom report with your stored profile and history; stores nothing."""
    result = api.triage(get_db(ctx), read_report_file(file))
    emit(result, as_json, render_triage)


# ---------------------------------------------------------------- interactive report


def _intake() -> Any:
    """The intake's question flow (loaded when a report is asked for, not at every start)."""
    from ..api import intake

    return intake


def _hint(question: intake.Question, today: date) -> str:
    """What to type, shown after the question (locale texts)."""
    if question.kind == "choice":
        return knowledge.text("intake.cli.hint.choice_required" if question.required else "intake.cli.hint.choice")
    if question.kind == "multi":
        return knowledge.text("intake.cli.hint.multi_none" if question.none else "intake.cli.hint.multi")
    if question.kind == "integer":
        return knowledge.text("intake.cli.hint.integer", low=question.minimum, high=question.maximum)
    if question.kind == "date":
        return knowledge.text("intake.cli.hint.date", today=today.isoformat())
    return knowledge.text(f"intake.cli.hint.{question.kind}")


def _show(question: intake.Question, answers: dict[str, Any], today: date) -> str:
    """Print the question's numbered options (if any); return the prompt line to read the answer with."""
    options = question.options(answers)
    hint = escape("[" + _hint(question, today) + "]")
    if not options:
        return f"[bold]{escape(question.text())}[/bold] [dim]{hint}[/dim]"
    err.print(f"[bold]{escape(question.text())}[/bold]")
    for number, value in enumerate(options, 1):
        label = _intake().choice_label(question.field, value)
        shown = value.replace("_", " ")
        # the id can be typed too: worth showing where it differs from the words, in English (Korean shows words only)
        named = "" if label == shown or knowledge.language() != "en" else f" [dim]({value})[/dim]"
        err.print(f"  {number:>2}  {escape(label)}{named}")
    return f"[dim]{hint}[/dim]"


def _read(prompt: str) -> str:
    try:
        from rich.prompt import Prompt

        return Prompt.ask(prompt, console=err.console, default="", show_default=False)
    except EOFError:
        raise StrideguardError(knowledge.text("intake.cli.cut_off")) from None


def ask_question(question: intake.Question, answers: dict[str, Any], today: date) -> Any:
    """Ask until the answer is one the report takes; ``None`` when skipped."""
    prompt = _show(question, answers, today)
    while True:
        raw = _read(prompt)
        if question.kind == "date" and not raw.strip():
            raw = today.isoformat()
        try:
            return _intake().parse_answer(question, raw, answers, today=today)
        except InputError as exc:
            again = knowledge.text("intake.cli.again", value=exc.shown_value, allowed=exc.allowed)
            err.print(f"[yellow]{escape(again)}[/yellow]")


def prompt_report(today: date, profile: dict[str, Any] | None = None) -> tuple[dict[str, Any], set[str]]:
    """Ask the intake's questions that apply, red flags first; return the report and the fields asked.

    Each answer is checked at once (asked again when it is not one the report takes), so
    nothing answered is lost; Enter skips a question ("not reported", never "no").
    """
    err.print(knowledge.text("intake.cli.intro"))
    answers: dict[str, Any] = {}
    asked: set[str] = set()
    while pending := _intake().next_questions(answers, profile, asked):
        question = pending[0]
        asked.add(question.field)
        value = ask_question(question, answers, today)
        if value is not None:
            answers[question.field] = value
    return _intake().collect(answers, profile), asked


def follow_up(report: dict[str, Any], asked: set[str], wanted: list[str], today: date) -> dict[str, Any]:
    """Ask the questions the triage says could change its advice, not asked yet and fitting this body part.

    The intake knows which questions fit the region (no clot questions for the front of a knee); the
    triage result still lists every unanswered question under "Please also answer".
    """
    fits = {q.field for q in _intake().applicable(report)}
    todo = [f for f in wanted if f not in asked and f not in report and f in fits]
    if not todo:
        return report
    err.print(f"[bold]{escape(knowledge.text('intake.cli.follow_up'))}[/bold]")
    answers: dict[str, Any] = dict(report)
    for name in todo:
        asked.add(name)
        question = _intake().intake().question(name)
        if question.kind in ("choice", "multi") and not question.options(answers):
            continue  # nothing to offer for this region (no bone sites of the calf, say)
        value = ask_question(question, answers, today)
        if value is not None:
            answers[name] = list(value) if isinstance(value, tuple) else value
    return answers


def interactive_report(db: Any, today: date) -> dict[str, Any]:
    """The whole interactive intake: the questions, then the triage's own follow-up questions."""
    profile = api.profile_show(db)
    report, asked = prompt_report(today, profile)
    wanted = [q["field"] for q in api.triage(db, report)["questions"]]
    return follow_up(report, asked, wanted, today)


def _render_logged(result: dict[str, Any]) -> None:
    report = result["report"]
    region = knowledge.text(f"cli.region.{report['region']}")
    err.print(say("cli.symptom.stored", id=report["id"], region=region, date=long_date(report["date"])))
    render_triage(result["triage"])


@symptom_app.command("log", help="help.symptom.log")
def symptom_log(
    ctx: typer.Context,
    file: Path | None = typer.Argument(None, help="help.symptom.log.file"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Store a symptom report and its triage (from FILE.json, or by answering questions)."""
    db = get_db(ctx)
    data = read_report_file(file) if file is not None else interactive_report(db, date.today())
    emit(api.symptom_log(db, data), as_json, _render_logged)


def where(report: dict[str, Any]) -> str:
    """Side and place of a report in a few words (``left below kneecap``), or a dash."""
    words = [knowledge.text(f"cli.{key}.{report[key]}") for key in ("side", "location") if report.get(key)]
    return " ".join(words) or "–"


def render_symptoms(rows: list[dict[str, Any]]) -> None:
    table = new_table(title=say("cli.symptom.title", count=len(rows)))
    for key in ("id", "date", "region", "where", "pains", "advice"):
        table.add_column(say(f"cli.symptom.col.{key}"))
    for r in rows:
        rep = r["report"]
        pains = "/".join(fmt(rep.get(p)) for p in ("pain_during", "pain_after", "pain_next_morning"))
        advice = r["disposition"]
        shown = say(f"cli.disposition.{advice}") if advice in STYLE else "–"
        table.add_row(
            str(r["id"]),
            r["date"],
            say(f"cli.region.{r['region']}"),
            escape(where(rep)),
            pains,
            f"[{STYLE[advice]}]{shown}[/]" if advice in STYLE else shown,
        )
    out.print(table)


@symptom_app.command("list", help="help.symptom.list")
def symptom_list(
    ctx: typer.Context,
    since: str | None = typer.Option(None, "--since", help="help.symptom.list.since"),
    until: str | None = typer.Option(None, "--until", help="help.symptom.list.until"),
    as_json: bool = JSON_OPTION,
) -> None:
    """List the stored symptom reports, oldest first, with the advice given for each."""
    emit(api.symptom_list(get_db(ctx), since=since, until=until), as_json, render_symptoms)
