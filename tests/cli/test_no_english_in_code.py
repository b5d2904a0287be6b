"""No runner-facing English in the code (issue 17): what the command line prints, its help, the calendar
file and the messages of every error a runner can meet are text ids of the locale files, never words.

An AST scan: the string literals passed to printing calls (print, echo, emit, Rich tables, panels, rules,
prompts), to Typer's ``help=`` and to the error constructors must be text ids (``cli.plan.notes``) or
hold no word at all (Rich markup, punctuation, format fields). Field names (an ``InputError``'s first
argument, ``field=``) and file names are ids and stay as they are. Not scanned: log messages for
developers and the knowledge loader's ``KnowledgeError`` (a broken package is a developer's problem). The
web app's errors are scanned too (its templates: tests/web/test_template_texts.py and the Korean browser walk).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import strideguard
from strideguard.errors import TEXT_ID

SRC = Path(strideguard.__file__).parent
# What the command line prints: every call below is checked in these.
PRINTING = [*sorted((SRC / "cli").glob("*.py")), *sorted((SRC / "api").glob("*.py")), SRC / "plan" / "ics.py"]
# Where errors a runner can meet are raised: every module but the knowledge loader's.
RAISING = [p for p in sorted(SRC.rglob("*.py")) if "knowledge" not in p.relative_to(SRC).parts]

PRINTS = {
    "print",
    "echo",
    "secho",
    "emit",
    "rule",
    "add_column",
    "add_row",
    "new_table",
    "Table",
    "Panel",
    "fit",
    "ask",
    "confirm",
    "prompt",
    "TextColumn",
    "say",
}
ERRORS = {
    "InputError",
    "ConflictError",
    "NotFoundError",
    "ImportFailed",
    "StoreError",
    "ValueRefused",
    "StrideguardError",
    "UploadRefused",
    "TextError",
    "Unreadable",
    "Refused",
    "BadParameter",
}
NAMED_FIRST = {"InputError", "ConflictError", "ImportFailed"}  # the first argument is a field or a file name
TYPER = {"Option", "Argument", "Typer", "command", "callback", "add_typer"}

_ID_PREFIX = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*\.$")  # f"cli.signal.{sid}"
_MARKUP = re.compile(r"\[/?[a-z][a-z #0-9_]*\]|\[/\]")
_FIELD = re.compile(r"\{[^{}]*\}")
_WORD = re.compile(r"[A-Za-z]{2,}")
# Words that are the same in every language: units, brand and package names.
ALLOWED_WORDS = {"km", "HRV", "SDNN", "RMSSD", "bpm", "ms", "KB", "RPE", "pyarrow", "duckdb"}
TEXT_KEYWORDS = {"title", "caption", "help", "prompt"}  # the keyword arguments of a printing call that are read


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def _shown_strings(node: ast.expr) -> Iterator[ast.Constant]:
    """The string literals that end up in the text an expression makes (not those inside other calls,
    subscripts or comparisons: those are keys, or checked where they are printed)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node
    elif isinstance(node, ast.JoinedStr):
        for part in node.values:
            if isinstance(part, ast.FormattedValue):
                yield from _shown_strings(part.value)
            else:
                yield from _shown_strings(part)
    elif isinstance(node, ast.BinOp):
        yield from _shown_strings(node.left)
        yield from _shown_strings(node.right)
    elif isinstance(node, ast.IfExp):
        yield from _shown_strings(node.body)
        yield from _shown_strings(node.orelse)
    elif isinstance(node, ast.BoolOp):
        for value in node.values:
            yield from _shown_strings(value)
    elif isinstance(node, ast.Tuple | ast.List):
        for element in node.elts:
            yield from _shown_strings(element)


def words(text: str) -> list[str]:
    """The words a reader would read in a literal (markup and format fields left out)."""
    if TEXT_ID.match(text) or _ID_PREFIX.match(text):
        return []
    plain = _FIELD.sub(" ", _MARKUP.sub(" ", text))
    return [w for w in _WORD.findall(plain) if w not in ALLOWED_WORDS]


def _checked_args(call: ast.Call, name: str) -> Iterator[ast.expr]:
    if name in TYPER:
        yield from (k.value for k in call.keywords if k.arg == "help")
        return
    args = call.args[1:] if name in NAMED_FIRST else call.args
    yield from args
    if name in ERRORS:
        yield from (k.value for k in call.keywords if k.arg not in ("field", "param_hint"))
    else:
        yield from (k.value for k in call.keywords if k.arg in TEXT_KEYWORDS)


def violations(path: Path, names: set[str]) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        if name not in names:
            continue
        for arg in _checked_args(node, name):
            for literal in _shown_strings(arg):
                if words(literal.value):
                    found.append(f"{path.relative_to(SRC)}:{literal.lineno}: {name}(... {literal.value!r} ...)")
    return found


def test_the_scan_finds_english_and_lets_ids_markup_and_fields_through() -> None:
    assert words("Plan from {start}") == ["Plan", "from"]
    assert words("[bold]Notes[/bold]") == ["Notes"]
    assert words("cli.plan.notes") == [] and words("[dim]{x}[/dim]") == [] and words("  • {text}") == []
    assert words("{km:.1f} km") == []
    sample = ast.parse('out.print(f"[bold]Week[/bold] {x}")\nraise InputError("--days", v, "use a number")')
    calls = [n for n in ast.walk(sample) if isinstance(n, ast.Call)]
    assert [c.value for call in calls for a in _checked_args(call, _name(call.func)) for c in _shown_strings(a)] == [
        "[bold]Week[/bold] ",
        "use a number",
    ]


def test_the_command_line_prints_no_english_literal() -> None:
    found = [v for path in PRINTING for v in violations(path, PRINTS | TYPER)]
    assert found == []


def test_errors_a_runner_can_meet_carry_text_ids_not_english() -> None:
    found = [v for path in RAISING for v in violations(path, ERRORS)]
    assert found == []
