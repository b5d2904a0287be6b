"""End to end through the real browser and the Symptoms FORM (issue 11, "Done when").

An emergency report (one swollen calf: a possible clot, NICE NG158) is typed into the form, then a
minor report on another body part (a toe blister, 1/10, settled next morning). Today and Plan
still show the emergency first and plan no running; the status (JSON API and `strideguard status`)
still says emergency. Debian's Chromium is driven by Playwright against a real uvicorn server; if
Chromium is missing the test FAILS (never skips), as tests/web/test_browser.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from strideguard import api
from tests.web.conftest import Server, start_server
from tests.web.test_browser import CHROMIUM_ARGS, chromium_path

pytestmark = pytest.mark.browser


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[Server]:
    """A real server over a new database: a profile and three runs, no symptom reports yet."""
    db = tmp_path / "data" / "strideguard.db"
    db.parent.mkdir()
    api.profile_set(str(db), birth_year=1990, timezone="UTC")
    for day in ("2026-11-20", "2026-11-23", "2026-11-26"):
        api.run_add(str(db), date=day, distance_km=6, duration_min=36)
    running = start_server(db)
    yield running
    running.process.terminate()
    running.process.wait(timeout=10)


def _log(page: Any, fill: Any) -> str:
    """Open the Symptoms form, answer it with ``fill``, send it and return the disposition shown."""
    page.goto("/symptoms")
    fill(page)
    page.click("button[value=log]")
    card = page.locator("#triage-card")
    card.wait_for()
    # the result leads with its one plain sentence (issue 11, "Say it plainly")
    assert card.locator(".triage-summary").inner_text().strip().endswith((".", "?"))
    return str(card.locator(".disposition").inner_text())


def _calf(page: Any) -> None:
    page.select_option("select[name=region]", "calf")
    page.select_option("select[name=side]", "left")
    page.check("input[name=calf_swelling_one_side][value=yes]")  # the clot questions come first (red flags)
    page.select_option("select[name=pain_rest]", "4")


def _blister(page: Any) -> None:
    page.select_option("select[name=region]", "foot")
    page.select_option("select[name=side]", "right")
    page.select_option("select[name=location]", "toes")
    page.select_option("select[name=pain_during]", "1")
    page.select_option("select[name=pain_next_morning]", "0")
    page.fill("textarea[name=notes]", "blister on the little toe")


def test_an_emergency_typed_into_the_form_outlives_a_minor_report_elsewhere(server: Server) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=server.url, viewport={"width": 390, "height": 844})
        page = context.new_page()
        page.set_default_timeout(15_000)
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))

        assert _log(page, _calf) == "emergency"
        assert page.locator("#triage-card .triage-summary").inner_text().startswith("Go to A&E now")
        assert _log(page, _blister) in {"continue", "modify training"}

        for path in ("/", "/plan"):
            page.goto(path)
            banner = page.locator(".episode-banner.banner-emergency")
            assert banner.count() == 1, path
            assert "left calf" in banner.inner_text(), path
            first = page.locator("main .episode-banner").first
            assert "banner-emergency" in (first.get_attribute("class") or ""), path  # the emergency comes first
        plan = page.evaluate("async () => (await (await fetch('/api/plan?days=7')).json())")
        assert plan["disposition"] == "emergency"
        assert all(day["session"]["distance_km"] == 0 for day in plan["days"])
        status = page.evaluate("async () => (await (await fetch('/api/status')).json())")
        assert status["recommendation"]["disposition"] == "emergency"
        assert status["episodes"][0]["region"] == "calf" and status["episodes"][0]["disposition"] == "emergency"
        assert {e["region"] for e in status["episodes"]} >= {"calf"}
        assert errors == []
        context.close()
        browser.close()

    # the command line over the same database agrees
    today = date.today().isoformat()
    out = subprocess.run(
        [sys.executable, "-c", "from strideguard.cli import main; main()", "--db", str(server.db), "status",
         "--date", today, "--json"],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    cli = json.loads(out.stdout)
    assert cli["recommendation"]["disposition"] == "emergency"
    assert cli["recommendation"]["session"]["distance_km"] == 0
    assert cli["episodes"][0]["label"] == "left calf"
