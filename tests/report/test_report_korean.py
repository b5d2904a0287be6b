"""`report --lang ko`: the physio report in Korean, as HTML and as PDF, Hangul set in Debian's Noto CJK font.

The PDF is read back with pypdf (its text) and poppler's pdffonts (its fonts, as a person would check
them); scripts/test.sh installs poppler-utils and fonts-noto-cjk.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from strideguard import api, knowledge, textfmt
from strideguard.cli import app
from strideguard.report import keep_korean_words, static_charts
from tests import korean

TODAY = date(2026, 12, 5)  # a Saturday; the demo's history ends on it
SECTIONS = (
    "report.runner",
    "report.weekly.title",
    "report.episodes.title",
    "report.symptoms.title",
    "report.sources.title",
)


@pytest.fixture(scope="module")
def korean_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(korean.build(tmp_path_factory.mktemp("korean") / "ko.db", today=TODAY))


def _ko(tid: str, **values: object) -> str:
    return knowledge.text(tid, lang="ko", **values)


def test_the_korean_pdf_sets_hangul_in_a_cjk_font_and_has_the_korean_sections(korean_db: str, tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    made = api.report(korean_db, out, today=TODAY, lang="ko")
    assert made["lang"] == "ko" and made["format"] == "pdf" and made["pages"] >= 3
    assert shutil.which("pdffonts"), "install Debian's poppler-utils (bash scripts/test.sh does)"
    fonts = subprocess.run(["pdffonts", str(out)], check=True, capture_output=True, text=True).stdout
    assert "Noto-Sans-CJK-KR" in fonts, fonts  # Debian's fonts-noto-cjk, embedded
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    assert "\u2060" not in text  # the word joiners that keep Korean words whole never reach the text
    for tid in (*SECTIONS, "report.appendix.title"):
        assert _ko(tid) in text, tid
    assert _ko("report.title_named", name=korean.NAME) in text
    # dates as Koreans write them: 2026년 12월 5일, the period of the last 12 weeks (12 x 7 - 1 days before it)
    assert _ko("report.period.range", start="2026년 9월 13일", end="2026년 12월 5일") in text
    assert "Training load" not in text and "Symptom episodes" not in text


def test_the_korean_html_report(korean_db: str, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = CliRunner().invoke(app, ["--db", korean_db, "report", "--out", str(out), "--lang", "ko"])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert '<html lang="ko">' in html and "Noto Sans CJK KR" in html and "keep-all" in html
    for tid in SECTIONS:
        assert _ko(tid) in html, tid
    with knowledge.use_language("ko"):
        assert textfmt.weekday("2026-10-16") == "2026년 10월 16일 (금)"  # the ankle report's day (a Friday)
        assert textfmt.weekday("2026-10-16") in html
    assert "Week by week" not in html and "Training load" not in html


def test_a_language_strideguard_does_not_speak_is_refused(korean_db: str, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = CliRunner().invoke(app, ["--db", korean_db, "report", "--out", str(out), "--lang", "fr"])
    # the runner's profile speaks Korean, so the refusal does too, naming the languages there are
    assert result.exit_code == 1 and result.output.startswith("오류: lang: 'fr' 값은 쓸 수 없어요"), result.output
    assert "en, ko" in result.output
    assert not out.exists()
    english = api.report(korean_db, None, today=TODAY, lang="en")  # and English on request, whatever the profile
    assert '<html lang="en">' in english["html"] and "Week by week" in english["html"]


def test_korean_words_are_kept_whole_for_the_pdf_engine() -> None:
    """WeasyPrint has no word-break: keep-all; a WORD JOINER (U+2060) between the characters of a Korean word
    does it, outside tags, styles and scripts; English and spaces are untouched."""
    joined = keep_korean_words('<p class="x">달리기 7일(km), run 가</p><style>p{content:"가나"}</style>')
    assert joined == '<p class="x">달\u2060리\u2060기 7\u2060일\u2060(km), run 가</p><style>p{content:"가나"}</style>'


def test_the_static_charts_write_korean_dates() -> None:
    history = {
        "days": [f"2026-{m:02d}-{d:02d}" for m in (9, 10, 11) for d in (1, 11, 21)],
        "distance_km": [5.0] * 9,
        "acute_km": [4.0] * 9,
        "chronic_km": [3.0] * 9,
        "runs": [],
        "symptoms": [],
    }
    with knowledge.use_language("ko"):
        svg = static_charts.load_svg(history, "제목")
    assert "10월" in svg and "2026년" in svg  # month ticks and the year under them
    assert not any(month in svg for month in ("Sep", "Oct", "Nov"))
    assert "09월" not in svg  # months written as Koreans do, without a leading zero
    with knowledge.use_language("en"):
        assert "Oct" in static_charts.load_svg(history, "title")  # English keeps matplotlib's own
