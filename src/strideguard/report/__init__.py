"""strideguard.report: the physio report as one self-contained HTML file, or as a PDF.

:func:`render` turns :func:`strideguard.api.report.report_data` into HTML with
plotly.js (its basic bundle, vendored in ``report/vendor``) and the chart data inlined,
so the file opens offline, can be mailed, and prints (print styles included).
:func:`write_pdf` (``pdf.py``) renders the same template for print: the charts as
static SVG, no script, the raw data attached as CSV files.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from .. import knowledge
from .. import textfmt as show
from . import charts
from .charts import PLOTLY_JS


def written_in(text: str) -> str:
    """``ko`` for a text with Hangul, else ``en``: the ``lang`` of a citation, which stays as published."""
    return "ko" if any("\uac00" <= char <= "\ud7a3" for char in text) else "en"


TEMPLATES = Path(__file__).resolve().parent / "templates"
PRINT_WIDTH = 760  # px: fits an A4 or Letter page in portrait


@lru_cache(maxsize=1)
def _plotly_js() -> str:
    return PLOTLY_JS.read_text(encoding="utf-8").replace("</script", "<\\/script")


@lru_cache(maxsize=1)
def _environment() -> Environment:
    """The report's templates: every word through ``t()`` and the formats of :mod:`strideguard.textfmt`, in the
    current language (:func:`strideguard.knowledge.use_language` around a render chooses it)."""
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"]))
    env.globals.update(t=knowledge.text, lang=knowledge.language, named=show.named, written_in=written_in)
    env.filters["num"] = lambda value, digits=1: (
        "–" if value is None else (f"{value:.{digits}f}" if isinstance(value, float) else str(value))
    )
    env.filters["pct"] = lambda value: show.percent(value, signed=True)
    env.filters["pct_plain"] = show.percent
    env.filters.update(day=show.day, day_short=show.day_short, weekday=show.weekday, sport=show.sport)
    env.filters["weekday_short"] = show.weekday_short
    return env


def _fixed(figure: dict[str, Any]) -> dict[str, Any]:
    """A figure with a fixed width so that the screen and the printed page look the same."""
    layout = {**figure["layout"], "width": PRINT_WIDTH, "autosize": False, "hovermode": "closest"}
    return {"data": figure["data"], "layout": layout}


def _json(value: Any) -> Markup:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def figures(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        "load": _fixed(
            charts.load_figure(data["history"], knowledge.text("report.chart.load_title_weeks", weeks=data["weeks"]))
        ),
        "terrain": _fixed(charts.terrain_figure(data["history"])),
    }


def render(data: dict[str, Any]) -> str:
    """The report's HTML (one file, nothing fetched when it is opened)."""
    template = _environment().get_template("report.html")
    figs = figures(data)
    return template.render(d=data, figures={k: _json(v) for k, v in figs.items()}, plotly_js=Markup(_plotly_js()))


def render_print(data: dict[str, Any], static: dict[str, str], appendix: list[dict[str, str]]) -> str:
    """The same report for the PDF engine: ``static`` charts (SVG images), page rules, the appendix; no script."""
    template = _environment().get_template("report.html")
    return keep_korean_words(template.render(d=data, static=static, appendix=appendix, for_print=True))


_TAG = re.compile(r"(<[^>]*>)")
_HANGUL = "\uac00-\ud7a3"
# a joint inside a Korean word: a Hangul syllable beside anything but a space (이번 달리기는, 7일, 거리(km))
_INSIDE_WORD = re.compile(rf"(?<=[{_HANGUL}])(?=[^\s\u2060<])|(?<=[^\s\u2060>])(?=[{_HANGUL}])")
WORD_JOINER = "\u2060"


def keep_korean_words(html: str) -> str:
    """Korean lines broken between words only, never inside one: what ``word-break: keep-all`` asks of a
    browser, for the PDF engine, which does not implement it (Pango breaks between any two Hangul
    syllables). A WORD JOINER (U+2060, no width, no glyph) goes between the characters of each word with
    Hangul, in the text between tags (never in a tag, a style or a script)."""
    parts = _TAG.split(html)
    raw = False
    for index, part in enumerate(parts):
        if part.startswith("<"):
            name = part[1:8].lower()
            if name.startswith(("style", "script")):
                raw = True
            elif name.startswith(("/style", "/script")):
                raw = False
            continue
        if not raw:
            parts[index] = _INSIDE_WORD.sub(WORD_JOINER, part)
    return "".join(parts)


def write_pdf(data: dict[str, Any], target: Path) -> Any:
    """Write the PDF report to ``target``; see :func:`strideguard.report.pdf.write`."""
    from .pdf import write  # noqa: PLC0415  (WeasyPrint and matplotlib only for a PDF)

    return write(data, target)
