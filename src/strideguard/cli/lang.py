"""The language the command line speaks, and its help in that language.

Which language (decided for issue 17): ``--lang en|ko``, else ``STRIDEGUARD_LANG``, else the stored
profile's ``language`` (read when the command opens its database), else English. The flag and the
variable are known before anything is parsed (:func:`chosen`), so ``--help`` speaks the language
without opening the database.

Help texts are text ids (``help.*``) in the Typer declarations. :func:`localise` swaps them for the
texts of ``knowledge/locale/<lang>/help.yaml`` in the command tree Typer builds for each run, and
gives every command a help formatter (:class:`HelpFormatter`) that speaks the language too (Click's
own words: Usage, Options, [default: ...]) and wraps Korean by its width on the terminal (a Hangul
syllable takes two columns). Only that one small file is read, without pydantic: ``--help`` stays fast.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from typer import _click as click

from ..config import LANG_SETTING
from ..errors import TEXT_ID

LANG_ENV = LANG_SETTING.env
HELP_FILE = "help.yaml"
_FLAG = "--lang"


def chosen(args: Sequence[str], environ: Mapping[str, str] = os.environ) -> str | None:
    """The language the command line or the environment names (``--lang`` first), if it is one strideguard speaks.

    A bad value is left to the option itself (a usage error naming the choices).
    """
    from ..knowledge import LANGUAGES  # noqa: PLC0415

    value: str | None = None
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == _FLAG and i + 1 < len(args):
            value = args[i + 1]
            break
        if arg.startswith(_FLAG + "="):
            value = arg.split("=", 1)[1]
            break
    if value is None:
        value = environ.get(LANG_ENV) or None
    return value if value in LANGUAGES else None


_ENTRY = re.compile(r'^([a-z][a-z0-9_.]*): ("(?:[^"\\]|\\.)*")\s*$')


@cache
def help_texts(lang: str) -> dict[str, str]:
    """``knowledge/locale/<lang>/help.yaml``, read without YAML or importlib when it is plain ``id: "text"``
    lines (it is: its double-quoted strings are JSON strings); else by the YAML reader. tests/cli checks
    that both read the same."""
    import json  # noqa: PLC0415

    from .. import knowledge  # noqa: PLC0415

    folder = Path(knowledge.__file__).parent / "locale" / lang
    out: dict[str, str] = {}
    for line in (folder / HELP_FILE).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        found = _ENTRY.match(line)
        if found is None:  # anything fancier than one quoted string a line: the real reader
            data, _ = knowledge.read_yaml(folder, HELP_FILE, label=f"knowledge/locale/{lang}")
            return {str(k): str(v) for k, v in (data or {}).items()}
        out[found.group(1)] = json.loads(found.group(2))
    return out


def help_text(tid: str, lang: str, **values: Any) -> str:
    template = help_texts(lang)[tid]
    return template.format(**values) if values else template


def _said(value: Any, lang: str) -> Any:
    if isinstance(value, str) and TEXT_ID.match(value) and value.startswith("help."):
        return help_text(value, lang)
    return value


def localise(command: click.Command, lang: str) -> None:
    """Swap every help id in ``command`` and below it for its text in ``lang``; give each a speaking formatter."""
    command.help = _said(command.help, lang)
    command.short_help = _said(command.short_help, lang)
    command.context_class = _context_class(lang)
    for param in command.params:
        help_ = getattr(param, "help", None)
        if help_ is not None:
            param.help = _said(help_, lang)  # type: ignore[attr-defined]  # Typer's options and arguments have help
    for sub in getattr(command, "commands", {}).values():
        localise(sub, lang)


# ---------------------------------------------------------------- Click's own words, and width


def cells(text: str) -> int:
    """Columns ``text`` takes on a terminal: wide (East Asian) characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _wide(text: str) -> bool:
    return any(unicodedata.east_asian_width(c) in "WF" for c in text)


def wrap(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """Greedy wrapping by terminal columns at spaces (Korean is spaced by words, as English is)."""
    lines: list[str] = []
    line, used = first, cells(first)
    fresh = True
    for word in text.split():
        size = cells(word)
        if not fresh and used + 1 + size > width:
            lines.append(line)
            line, used, fresh = rest, cells(rest), True
        if fresh:
            line, used, fresh = line + word, used + size, False
        else:
            line, used = f"{line} {word}", used + 1 + size
    if not fresh:
        lines.append(line)
    return lines


_BRACKETS = re.compile(r"\s*\[([^\[\]]*)\]$")


class HelpFormatter(click.HelpFormatter):
    """Click's help formatter speaking the current language, and wrapping wide characters by their width."""

    lang = "en"

    def _t(self, tid: str, **values: Any) -> str:
        return help_text(tid, self.lang, **values)

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix=self._t("help.chrome.usage") + " " if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        key = {"Options": "options", "Arguments": "arguments", "Commands": "commands"}.get(heading)
        super().write_heading(self._t(f"help.chrome.{key}") if key else heading)

    def _extras(self, text: str) -> str:
        """The ``[default: 7; required]`` Click appends to an option's help, in the language."""
        if text == "Show this message and exit.":
            return self._t("help.chrome.help_option")
        found = _BRACKETS.search(text)
        if not found:
            return text
        parts = []
        for part in found.group(1).split("; "):
            if part.startswith("default: "):
                parts.append(self._t("help.chrome.default", value=part.removeprefix("default: ")))
            elif part.startswith("env var: "):
                parts.append(self._t("help.chrome.env", name=part.removeprefix("env var: ")))
            elif part == "required":
                parts.append(self._t("help.chrome.required"))
            else:
                parts.append(part)
        said = "[" + "; ".join(parts) + "]"
        return f"{text[: found.start()]}  {said}" if found.start() else said

    def write_text(self, text: str) -> None:
        if not _wide(text):
            super().write_text(text)
            return
        indent = " " * self.current_indent
        for paragraph in re.split(r"\n\s*\n", text):
            for line in wrap(paragraph, max(self.width, 11), indent, indent):
                self.write(line + "\n")

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        rows = [(first, self._extras(second)) for first, second in rows]
        if not any(_wide(second) for _, second in rows):
            super().write_dl(rows, col_max, col_spacing)
            return
        first_col = min(max(cells(first) for first, _ in rows), col_max) + col_spacing
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if cells(first) <= first_col - col_spacing:
                self.write(" " * (first_col - cells(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            hang = " " * (first_col + self.current_indent)
            lines = wrap(second, max(self.width - first_col - self.current_indent, 10))
            self.write(lines[0] + "\n" + "".join(f"{hang}{line}\n" for line in lines[1:]))


@cache
def _context_class(lang: str) -> type[click.Context]:
    formatter = type(f"HelpFormatter_{lang}", (HelpFormatter,), {"lang": lang})
    return type(f"Context_{lang}", (click.Context,), {"formatter_class": formatter})


# ---------------------------------------------------------------- dates in sentences


def long_date(value: Any) -> str:
    """A day in a heading or a sentence: ``2026-11-25`` in English, ``2026년 11월 25일 (수)`` in Korean
    (``cli.date``); tables keep the short ISO form. Anything that is not a day is shown as it is."""
    from datetime import date  # noqa: PLC0415

    from .. import knowledge  # noqa: PLC0415

    try:
        day = date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    weekday = knowledge.text(f"cli.weekday.{day.weekday()}")
    return knowledge.text("cli.date", iso=day.isoformat(), year=day.year, month=day.month, day=day.day, weekday=weekday)


# ---------------------------------------------------------------- the language of one command's run


@contextmanager
def speaking(args: Iterable[str]) -> Iterator[str | None]:
    """The language the arguments or the environment choose, current for the block (then the one before).

    Yields the language chosen, or ``None`` when the profile's language is to decide (English until then).
    """
    from .. import knowledge  # noqa: PLC0415

    lang = chosen(list(args))
    with knowledge.use_language(lang or knowledge.DEFAULT_LANGUAGE):
        yield lang
