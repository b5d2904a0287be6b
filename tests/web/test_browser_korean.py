"""The Korean edition in a real browser (Debian's Chromium, Playwright) at phone width (390 px).

A Korean runner (tests/korean.py: her name, shoes and notes in Korean, her profile in Korean) walks
every page with the language switch on 한국어: Today, Calendar (month and week), History, a run page,
Symptoms with a triage she submits, the symptom edit and delete pages, Plan, Shoes, Import with a file
she uploads, Profile, Sources, the check-in, the run edit, new-run and delete pages, Recently deleted,
and the error pages (404, 400). On each page:

- ``<html lang="ko">``;
- no English word of strideguard's own: the words of every English locale text (knowledge/locale/en)
  must not appear in the rendered text, its read attributes (title, placeholder, aria-label, alt) or
  its charts (SVG text), except ALLOWED (units, brand and file-format names, names of authors and
  scales cited in the texts, the EN button). Not checked: elements that declare another language
  (``lang="en"``: the EN button, published citations), ``<code>`` (commands, file names) and links to
  a source id (``[seed-article]``);
- no horizontal overflow and no console error.
"""

from __future__ import annotations

import re
import shutil
import threading
import time
from collections.abc import Iterator
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import uvicorn
import yaml

from strideguard import api
from strideguard.store import open_database
from strideguard.web import WebSettings, create_app
from tests import korean

from .conftest import free_port

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"]
PHONE = {"width": 390, "height": 844}

# Words a Korean page may show: units, names of brands, file formats and standards, authors and scales
# the Korean texts cite as Korean writing does ("Foster 2001"), and the switch's EN.
ALLOWED = frozenset(
    {
        # units and abbreviations Korean writes in Latin letters
        "km",
        "bpm",
        "spm",
        "ms",
        "mm",
        "cm",
        "kg",
        "mb",
        "rpe",
        "hrv",
        "trimp",
        "gps",
        "json",
        "api",
        "html",
        "csv",
        "pdf",
        "utf",
        "csrf",
        "http",
        "en",
        "cr",
        # brands and products
        "strideguard",
        "garmin",
        "strava",
        "apple",
        "health",
        "samsung",
        "polar",
        "nike",
        # authors, journals and scales the texts cite
        "foster",
        "silbernagel",
        "frandsen",
        "gabbett",
        "lolli",
        "impellizzeri",
        "nielsen",
        "buist",
        "banister",
        "borg",
        "bjsm",
        "stiell",
        "ottawa",
        # the language's own name in the profile's choice
        "english",
    }
)
WORD = re.compile(r"(?<![.\w])[A-Za-z][A-Za-z'’]*")  # a word (not a file extension such as .fit)
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

# What the page shows, without what is not strideguard's Korean (see the module docstring).
PAGE_TEXT = """() => {
  const skip = 'code, [lang]:not(html), a[href^="/sources#"], script, style, noscript';
  const clone = document.body.cloneNode(true);
  clone.querySelectorAll(skip).forEach((el) => { if (el.getAttribute('lang') !== 'ko') el.remove(); });
  const parts = [];
  const walk = document.createTreeWalker(clone, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) parts.push(walk.currentNode.nodeValue);
  clone.querySelectorAll('option').forEach((o) => parts.push(o.textContent));
  for (const el of clone.querySelectorAll('[title], [placeholder], [aria-label], [alt]')) {
    for (const name of ['title', 'placeholder', 'aria-label', 'alt']) {
      if (el.hasAttribute(name)) parts.push(el.getAttribute(name));
    }
  }
  return parts.join(' \\n ');
}"""


@cache
def english_words() -> frozenset[str]:
    """Every word of every English locale text (lower case), less ALLOWED."""
    folder = resources.files("strideguard.knowledge").joinpath("locale", "en")
    words: set[str] = set()
    for entry in folder.iterdir():
        if entry.name.endswith(".yaml"):
            for text in (yaml.safe_load(entry.read_text("utf-8")) or {}).values():
                plain = re.sub(r"\{[^}]*\}|%\{[^}]*\}", " ", str(text))  # placeholders are not words
                words.update(w.lower().strip("'’") for w in WORD.findall(plain))
    return frozenset(w for w in words if len(w) > 1) - ALLOWED


def english_in(text: str) -> list[str]:
    """The English locale words in ``text``."""
    return sorted({w.lower().strip("'’") for w in WORD.findall(text)} & english_words())


def _chromium() -> str:
    found = str(CHROMIUM) if CHROMIUM.exists() else shutil.which("chromium")
    if not found:
        pytest.fail("Debian's Chromium is not installed (no /usr/bin/chromium): run `apt-get install -y chromium`.")
    return found


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The Korean runner's database served by uvicorn in this process."""
    folder = tmp_path_factory.mktemp("korean")
    path = korean.build(folder / "strideguard.db")
    db = open_database(str(path))
    app = create_app(db, WebSettings(data_dir=folder))
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, name="uvicorn-korean", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start within 20 s")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", str(path)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        db.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=_chromium(), args=ARGS)
        yield instance
        instance.close()


@pytest.fixture()
def page(browser: Any, served: tuple[str, str]) -> Iterator[Any]:
    """A phone whose browser asks for English (Accept-Language: en-US)."""
    context = browser.new_context(base_url=served[0], viewport=PHONE, locale="en-US")
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    problems: list[str] = []
    tab.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    tab.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    tab.problems = problems
    yield tab
    context.close()


def check(page: Any, label: str) -> None:
    """The page speaks Korean, shows no English word of strideguard's own, fits the phone, logs no error."""
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.lang") == "ko", label
    found = english_in(page.evaluate(PAGE_TEXT))
    charts = " \n ".join(page.locator("svg text").all_text_contents())
    chart_words = english_in(charts)
    if found or chart_words:
        text = page.evaluate(PAGE_TEXT) + " " + charts
        where = [
            text[max(0, m.start() - 60) : m.end() + 30]
            for w in found + chart_words
            for m in [re.search(rf"\b{w}\b", text, re.I)]
            if m
        ]
        pytest.fail(f"{label}: English words {found} {chart_words} in: {where}")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, (label, overflow)
    assert page.problems == [], (label, page.problems)


def test_every_page_in_korean_at_phone_width(page: Any, served: tuple[str, str], test_files: Path) -> None:
    base, db = served
    runs = api.activities(db)
    run_id = max(runs, key=lambda r: r["start_time"])["id"]

    page.goto("/history?weeks=12")
    assert page.evaluate("document.documentElement.lang") == "ko"  # her profile's language beats the browser's
    page.click("form.lang-switch button[value=en]")  # the switch: English for this browser...
    page.wait_for_url(base + "/history?weeks=12")  # ...back on the same page
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.locator("h1").inner_text() == "History"
    page.goto("/")
    assert page.evaluate("document.documentElement.lang") == "en"  # kept (a cookie) on every page
    page.click("form.lang-switch button[value=ko]")  # and 한국어 again
    page.wait_for_url(base + "/")
    assert page.locator("form.lang-switch button[aria-pressed=true]").inner_text() == "한국어"
    check(page, "/")
    assert page.locator("h1").inner_text() == f"{korean.NAME} 님의 오늘"

    for path in (
        "/calendar",
        "/calendar?view=week",
        "/history",
        f"/runs/{run_id}",
        "/plan",
        "/shoes",
        "/profile",
        "/sources",
        "/checkin",
        f"/runs/{run_id}/edit",
        "/runs/new",
        f"/runs/{run_id}/delete",
        "/deleted",
        "/import",
    ):
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        check(page, path)
        if path == "/history":  # the charts' date ticks in Korean, never English month names
            ticks = " ".join(page.locator("#chart-load .xtick text").all_text_contents())
            assert "월" in ticks and not any(m in ticks.lower() for m in MONTHS), ticks

    # a triage submitted on the symptom form, its result card and the list it joins
    page.goto("/symptoms")
    page.select_option("select[name=region]", "knee")
    page.select_option("select[name=location]", "below_kneecap")
    page.check("input[name=when][value=during_run]")
    page.select_option("select[name=pain_during]", "4")
    page.fill("textarea[name=notes]", "계단을 내려갈 때 무릎 아래가 아파요.")
    page.click("button[value=log]")
    page.locator("#triage-card").wait_for()
    assert page.locator("#triage-card h2").inner_text().startswith("권고:")
    page.locator("#symptom-list tr", has_text="계단을 내려갈 때").wait_for()
    check(page, "/symptoms (triage)")
    report_id = str(page.locator("#symptom-list tbody tr").first.get_attribute("id")).removeprefix("report-")
    for path in (f"/symptoms/{report_id}/edit", f"/symptoms/{report_id}/delete"):
        page.goto(path)
        check(page, path)

    # a file imported: the result table
    page.goto("/import")
    gpx = test_files / "runpandas" / "gpx" / "0da79b1d-dc15-4589-afff-aba4497ea626.gpx"
    page.set_input_files("input[name=files]", str(gpx))
    page.click("#import-form button[type=submit]")
    page.locator(".import-files tr.status-imported").wait_for()
    check(page, "/import (result)")

    # error pages: no page at the address (404), a value refused (400)
    for path, status in (("/no-such-page", 404), ("/history?weeks=many", 400), ("/runs/999999", 404)):
        response = page.goto(path)
        assert response is not None and response.status == status, path
        page.wait_for_load_state("networkidle")
        # Chromium logs the page's own error status; anything else (a script, a missing asset) still fails
        expected = f"console error: Failed to load resource: the server responded with a status of {status}"
        page.problems[:] = [p for p in page.problems if not p.startswith(expected)]
        check(page, path)


def test_the_checker_finds_english() -> None:
    """The word check itself: strideguard's English is found, Korean, units and names are not."""
    assert english_in("오늘: 가벼운 달리기 30분 (약 5.0 km) · Garmin .fit") == []
    assert english_in("Today: easy run") == ["easy", "run", "today"]
