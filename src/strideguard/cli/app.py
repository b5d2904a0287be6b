"""The Typer application, its global ``--db`` option and the output helpers every command uses.

A command body parses its arguments, calls one ``strideguard.api`` function and
prints the result: JSON on stdout with ``--json``, a Rich table otherwise.
Every ``StrideguardError`` becomes one line on stderr and exit code 1.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperGroup

from .. import knowledge
from ..config import DB_SETTING, LANG_SETTING
from ..errors import StrideguardError
from ..textfmt import number as fmt  # re-exported for the command modules
from .lang import localise, speaking

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from typer._click import Context as ClickContext  # what TyperGroup.invoke takes (Typer ships its own Click)

    from ..store import Database


class GuardedGroup(TyperGroup):
    """Speaks the chosen language (cli/lang.py) and turns every StrideguardError raised by a command
    into one line on stderr and exit 1."""

    def main(self, args: Sequence[str] | None = None, *rest: Any, **options: Any) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        with speaking(argv):
            localise(self, knowledge.language())
            return super().main(argv, *rest, **options)

    def invoke(self, ctx: ClickContext) -> Any:
        try:
            return super().invoke(ctx)
        except StrideguardError as exc:
            typer.echo(knowledge.text("cli.error", message=visible(str(exc))), err=True)
            raise typer.Exit(code=1) from None


app = typer.Typer(
    cls=GuardedGroup,
    name="strideguard",
    help="help.app",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,  # plain help: Rich's help formatter and Markdown parser cost more than the rest of --help
)


@dataclass
class State:
    db_arg: str | None = None
    lang: str | None = None  # --lang or STRIDEGUARD_LANG; None: the stored profile's language decides
    _db: Database | None = field(default=None, repr=False)

    def db(self) -> Database:
        if self._db is None:
            from ..store import open_database  # SQLAlchemy only for the commands that use the store

            self._db = open_database(self.db_arg)
            if self.lang is None:  # neither --lang nor STRIDEGUARD_LANG: the runner's own choice, else English
                from ..api import profile_language  # noqa: PLC0415

                knowledge.set_language(profile_language(self._db) or knowledge.DEFAULT_LANGUAGE)
        return self._db


@app.callback()
def _main(
    ctx: typer.Context,
    db: str | None = typer.Option(None, "--db", envvar=DB_SETTING.env, help=DB_SETTING.help, show_envvar=True),
    lang: str | None = typer.Option(
        None, "--lang", envvar=LANG_SETTING.env, help=LANG_SETTING.help, show_envvar=True, metavar="en|ko"
    ),
) -> None:
    if lang is not None and lang not in knowledge.LANGUAGES:
        source = ctx.get_parameter_source("lang")
        hint = f"'--lang' ({LANG_SETTING.env})" if source is not None and source.name == "ENVIRONMENT" else "'--lang'"
        raise typer.BadParameter(
            knowledge.text("cli.lang.bad", choices=", ".join(knowledge.LANGUAGES)), param_hint=hint
        )
    if lang is not None:
        knowledge.set_language(lang)
    ctx.obj = State(db_arg=db, lang=lang)
    ctx.call_on_close(lambda: ctx.obj._db.close() if ctx.obj._db is not None else None)


def state(ctx: typer.Context) -> State:
    root = ctx.find_root()
    if not isinstance(root.obj, State):  # invoked without the root callback (should not happen)
        root.obj = State()
    return root.obj


def get_db(ctx: typer.Context) -> Database:
    return state(ctx).db()


JSON_OPTION = typer.Option(False, "--json", help="help.opt.json")


class LazyConsole:
    """A Rich console made on first use: Rich is imported only by the commands that print with it."""

    def __init__(self, stderr: bool) -> None:
        self._stderr = stderr
        self._console: Console | None = None

    @property
    def console(self) -> Console:
        """The real Rich console (for Rich objects that take one: progress bars, prompts)."""
        if self._console is None:
            from rich.console import Console

            self._console = Console(stderr=self._stderr, highlight=False)
        return self._console

    def print(self, *objects: Any, **options: Any) -> None:
        self.console.print(*objects, **options)

    def rule(self, title: str = "", **options: Any) -> None:
        self.console.rule(title, **options)


out = LazyConsole(stderr=False)
err = LazyConsole(stderr=True)


def new_table(**options: Any) -> Table:
    """A Rich table (Rich imported on first use)."""
    from rich.table import Table

    return Table(**options)


def escape(text: str) -> str:
    """``text`` with Rich markup escaped."""
    from rich.markup import escape as rich_escape

    return rich_escape(text)


def say(tid: str, **values: Any) -> str:
    """The text ``tid`` of the locale files in the current language, with its values, escaped for Rich."""
    return escape(knowledge.text(tid, **values))


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_TAG_START = re.compile(r"\[(?=[A-Za-z#/@])")
_WORD_JOINER = "\u2060"  # invisible: after "[" it stops Rich reading the text as markup


def visible(text: str) -> str:
    """Control characters (escape sequences included) shown as ``\\x1b``, never sent to the terminal."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def shown(data: Any) -> Any:
    """Data for a human rendering: every text made inert for Rich and the terminal.

    File names, shoe and runner names, notes: anything a user or a file supplied can hold
    ``[/]`` (Rich markup) or escape sequences. Every value a command renders passes through
    here (``emit`` does it), so no render function can forget; the JSON output is unchanged.
    Idempotent, so a render that also escapes does no harm.
    """
    if isinstance(data, str):
        return _TAG_START.sub("[" + _WORD_JOINER, visible(data)).replace("[" + _WORD_JOINER * 2, "[" + _WORD_JOINER)
    if isinstance(data, dict):
        return {key: shown(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return type(data)(shown(value) for value in data)
    return data


def emit(data: Any, as_json: bool, render: Callable[[Any], None]) -> None:
    """JSON on stdout, or the human rendering (of the data made inert for the terminal)."""
    if as_json:
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))
    else:
        render(shown(data))


__all__ = [
    "JSON_OPTION",
    "GuardedGroup",
    "LazyConsole",
    "State",
    "app",
    "emit",
    "err",
    "escape",
    "fmt",
    "get_db",
    "new_table",
    "out",
    "say",
    "shown",
    "state",
    "visible",
]
