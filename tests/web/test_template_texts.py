"""No runner-facing text in a template outside ``t()``: every word a runner reads comes from the locale files.

Each Jinja template of the web app and of the report is read with Jinja's own lexer: the literal parts
(what is outside ``{{ }}``, ``{% %}`` and ``{# #}``) are put together, HTML tags are dropped with Python's
HTML parser, and what remains as text, plus the attributes a runner reads (``title``, ``alt``,
``placeholder``, ``aria-label``), must hold no word but units, symbols and names (ALLOWED). String
literals inside expressions that print words (``{{ x or "not given" }}``) are caught too: a literal with
two or more words, or one that an ``or``/``else`` prints, must not be English.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from jinja2 import Environment

import strideguard

PACKAGE = Path(strideguard.__file__).resolve().parent
TEMPLATE_DIRS = (PACKAGE / "web" / "templates", PACKAGE / "report" / "templates")
TEMPLATES = sorted(p for folder in TEMPLATE_DIRS for p in folder.glob("*.html"))

# Words a template may print as they are: units, symbols and names that read the same in every language.
ALLOWED = frozenset(
    {
        "km",  # kilometres (Korean writes km too: 5 km)
        "m",
        "mm",
        "cm",
        "kg",
        "h",
        "ms",
        "bpm",  # heart beats per minute
        "spm",  # steps per minute
        "strideguard",  # the name of the program
        "EN",  # the language switch names English by its code
        "GET",  # an HTTP method and a header name, in the API page's note
        "X-CSRF-Token",
    }
)
READ_ATTRIBUTES = ("title", "alt", "placeholder", "aria-label")
MARK = " \ue000 "  # where an expression or block was: inside a tag it reads as an attribute name, never a word
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
PATH = re.compile(r"(?<![\w/])/(?:[a-z0-9_.-]+/?)+")  # an address on this site (/api/activities) is not a word
BOOLEAN_ATTRIBUTES = ("open", "checked", "selected", "required", "autofocus", "disabled", "hidden")
# a piece of literal text that is only attributes, which a macro or an {% if %} puts into a tag
# (' aria-invalid="true" aria-describedby="err-', '" autofocus'): not text a runner reads
_ATTRIBUTES_ONLY = re.compile(r"""^"?(\s*[A-Za-z][\w:.-]*(=("[^"]*"?|'[^']*'?|[^\s"'>]*))?)*\s*$""")
# functions whose first arguments make a text id (t("web.x"), named("web.sport", value)): never printed text
ID_FUNCTIONS = {"t": 1, "named": 2, "code": 1}  # code("strideguard run add ..."): a command, the same in every language


def _attributes_only(piece: str) -> bool:
    if not piece.strip() or not _ATTRIBUTES_ONLY.match(piece):
        return False
    return "=" in piece or piece.strip().strip('"').strip() in BOOLEAN_ATTRIBUTES or "data-" in piece


class _Text(HTMLParser):
    """The text nodes (outside script and style) and the read attributes of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        self.found.extend(value for name, value in attrs if name in READ_ATTRIBUTES and value)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.extend(value for name, value in attrs if name in READ_ATTRIBUTES and value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.found.append(data)


def _lex(path: Path) -> list[tuple[int, str, str]]:
    env = Environment()
    return [(line, kind, value) for line, kind, value in env.lex(path.read_text(encoding="utf-8"))]


def _words(text: str) -> list[str]:
    text = PATH.sub(" ", text.replace(MARK.strip(), " "))
    return [w for w in WORD.findall(text) if w not in ALLOWED]


def literal_words(path: Path) -> list[str]:
    """Words of the template's literal HTML text and read attributes that are not allowed."""
    pieces: list[str] = []
    depth = 0
    for _, kind, value in _lex(path):
        if kind in ("variable_begin", "block_begin"):
            depth += 1
            pieces.append(MARK)
        elif kind in ("variable_end", "block_end"):
            depth -= 1
        elif kind == "data" and depth == 0 and not _attributes_only(value):
            pieces.append(value)
    parser = _Text()
    parser.feed("".join(pieces))
    parser.close()
    return [w for text in parser.found for w in _words(text)]


def _attribute_at(html: str) -> str | None:
    """The attribute whose quoted value ``html`` ends inside (``class`` in ``<td class="lvl-``), or None
    when it ends in text; "" when inside a tag but not in a quoted value."""
    tag_start, tag_end = html.rfind("<"), html.rfind(">")
    if tag_start <= tag_end:
        return None
    found = re.search(r"([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*([\"'])[^\"']*$", html[tag_start:])
    return found.group(1).lower() if found else ""


def printed_literals(path: Path) -> list[str]:
    """String literals inside ``{{ }}`` that would be printed as English words.

    A literal is suspect when it holds two or more words (``"not given"``), or when ``or``/``else``
    chooses it as the printed value (``x or "none"``), unless the expression stands inside an attribute a
    runner does not read (a CSS class, an address) or the literal is (part of) the id a ``t()`` call is
    given; a value given to ``t()`` by name (``t("x", label="...")``) is printed and checked.
    """
    suspects: list[str] = []
    html: list[str] = []
    depth = 0
    inside, read, previous = False, True, ""
    calls: list[list[Any]] = []  # [function name, argument index, open parentheses] of each call entered
    for _, kind, value in _lex(path):
        if kind in ("variable_begin", "block_begin"):
            depth += 1
            if kind == "variable_begin":
                attribute = _attribute_at("".join(html))
                inside, read, previous, calls = True, attribute is None or attribute in READ_ATTRIBUTES, "", []
            html.append(MARK)
            continue
        if kind in ("variable_end", "block_end"):
            depth -= 1
            inside = False
            continue
        if kind == "data" and depth == 0:
            html.append(value)
            continue
        if not inside or not read:
            continue
        if kind == "operator":
            kind = {"(": "lparen", ")": "rparen", ",": "comma"}.get(value, "operator")
        if kind == "lparen":
            if previous in ID_FUNCTIONS:
                calls.append([previous, 0, 1])
            elif calls:
                calls[-1][2] += 1
        elif kind == "rparen" and calls:
            calls[-1][2] -= 1
            if calls[-1][2] == 0:
                calls.pop()
        elif kind == "comma" and calls and calls[-1][2] == 1:
            calls[-1][1] += 1
        elif kind == "string":
            value = value[1:-1]
            in_id = bool(calls) and calls[-1][1] < ID_FUNCTIONS[calls[-1][0]]
            words = _words(value)
            is_id = ("." in value or "_" in value) and " " not in value  # a text id or a field name
            if not in_id and not is_id and (len(words) >= 2 or (words and previous in ("or", "else"))):
                suspects.append(value)
        if kind != "whitespace":
            previous = value if kind in ("name", "operator") else kind
    return suspects


def test_the_checker_finds_inline_english(tmp_path: Path) -> None:
    """The checker itself: English in text, in a read attribute and in a printed literal is found;
    t() calls, ids, units and markup are not."""
    sample = tmp_path / "sample.html"
    sample.write_text(
        '<h1>{{ t("web.x") }}</h1><p title="Your runs">{{ n }} km · Not stored.</p>'
        '<td class="lvl-{{ x or \'none\' }}">{{ y or "not given" }}</td>'
        "<script>var a = 'ignored';</script><!-- a comment -->{# a Jinja comment #}",
        encoding="utf-8",
    )
    assert literal_words(sample) == ["Your", "runs", "Not", "stored"]
    assert printed_literals(sample) == ["not given"]


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_no_runner_facing_text_outside_t(path: Path) -> None:
    words = literal_words(path)
    assert words == [], f"{path.name}: words outside t(): {words}; move them into knowledge/locale/*/"
    literals = printed_literals(path)
    assert literals == [], f"{path.name}: English printed from an expression: {literals}"


def test_every_template_is_checked() -> None:
    names = {p.name for p in TEMPLATES}
    assert {"base.html", "_symptom_result.html", "error.html", "api_docs.html", "report.html"} <= names
