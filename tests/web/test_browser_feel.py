"""Real browser (Debian's Chromium, Playwright) at phone width over a real server: the rating and
check-in forms store what they say (read back through the JSON API), a run is added, edited,
deleted and restored with the undo, and every page of this part has no console error and no
sideways scrolling at 390 px. Chromium missing is a failure, never a skip."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from .conftest import Server, copy_db, start_server

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"]
PHONE = {"width": 390, "height": 844}


def _chromium() -> str:
    found = str(CHROMIUM) if CHROMIUM.exists() else shutil.which("chromium")
    if not found:
        pytest.fail("Debian's Chromium is not installed (no /usr/bin/chromium): run `apt-get install -y chromium`.")
    return found


@pytest.fixture(scope="module")
def server(demo_db_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server of its own over a copy of the demo database (these tests change what is stored)."""
    db = copy_db(demo_db_file, tmp_path_factory.mktemp("feel") / "strideguard.db")
    running = start_server(db)
    yield running
    running.process.terminate()
    try:
        running.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        running.process.kill()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=_chromium(), args=ARGS)
        yield instance
        instance.close()


@pytest.fixture()
def page(browser: Any, server: Server) -> Iterator[Any]:
    context = browser.new_context(base_url=server.url, viewport=PHONE)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    problems: list[str] = []
    tab.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    tab.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    tab.on("dialog", lambda d: (problems.append(f"dialog opened: {d.message}"), d.dismiss()))
    tab.problems = problems
    yield tab
    context.close()


def _api(server: Server, path: str) -> Any:
    return httpx.get(server.url + path).json()


def _fits(page: Any) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, (page.url, overflow)


def test_the_rating_on_today_stores_what_it_says(page: Any, server: Server) -> None:
    page.goto("/")
    panel = page.locator("#today-feel")
    panel.wait_for()
    _fits(page)
    form = panel.locator("form.rate-form")
    run_id = int(form.get_attribute("action").split("/")[2])
    form.locator("select[name=rpe]").select_option("6")
    form.locator("input[name=note]").fill("browser: heavy legs on the hills")
    form.locator("button[type=submit]").click()
    page.wait_for_url(server.url + "/")
    run = next(a for a in _api(server, "/api/activities") if a["id"] == run_id)
    assert (run["rpe"], run["rpe_note"]) == (6, "browser: heavy legs on the hills")
    assert run["session_rpe_load"] == round(6 * (run["moving_s"] or run["elapsed_s"]) / 60, 1)
    assert page.problems == []


def test_the_morning_checkin_on_today_stores_what_it_says(page: Any, server: Server) -> None:
    page.goto("/")
    details = page.locator("#today-feel details.checkin")
    if details.get_attribute("open") is None:  # after noon the form is folded away: open it
        details.locator("summary").click()
    episode = _api(server, "/api/episodes")[0]
    details.locator(f"select[name=pain-{episode['id']}]").select_option("3")
    details.locator("select[name=stiffness]").select_option("2")
    details.locator("button[type=submit]").click()
    page.wait_for_url(server.url + "/")
    today = details.locator("input[name=date]").get_attribute("value")
    stored = next(c for c in _api(server, "/api/checkins") if c["date"] == today)
    assert stored["stiffness"] == 2
    assert stored["pains"] == [{"episode_id": episode["id"], "label": episode["label"], "pain": 3}]
    # the form now shows what was stored
    page.goto("/checkin")
    assert page.input_value(f"select[name=pain-{episode['id']}]") == "3"
    _fits(page)
    assert page.problems == []


def test_add_edit_delete_and_undo_a_run(page: Any, server: Server) -> None:
    shoe = _api(server, "/api/shoes")[0]["name"]
    page.goto("/runs/new")
    _fits(page)
    page.fill("#run-distance", "6.4")
    page.fill("#run-duration", "41")
    page.select_option("#run-sport", "treadmill_running")
    page.fill("#run-notes", "browser: gym treadmill")
    page.click("form.run-form button[type=submit]")
    page.wait_for_url("**/runs/*/edit?added=1")
    run_id = int(page.url.split("/runs/")[1].split("/")[0])
    added = next(a for a in _api(server, "/api/activities") if a["id"] == run_id)
    assert (added["distance_m"], added["elapsed_s"], added["sport"]) == (6400.0, 2460.0, "treadmill_running")
    # edit: a name and another pair of shoes
    page.fill("#edit-name", "Gym intervals")
    page.select_option("#edit-shoe", shoe)
    page.click("form.run-form button[type=submit]")
    page.wait_for_url("**/edit?saved=1")
    assert page.locator(".card.ok").count() == 1
    edited = next(a for a in _api(server, "/api/activities") if a["id"] == run_id)
    shoe_id = next(s["id"] for s in _api(server, "/api/shoes") if s["name"] == shoe)
    assert (edited["name"], edited["shoe_id"], edited["notes"]) == ("Gym intervals", shoe_id, "browser: gym treadmill")
    # delete: a confirmation first, then the undo
    page.click("a.danger")
    page.wait_for_url(f"**/runs/{run_id}/delete")
    _fits(page)
    assert run_id in [a["id"] for a in _api(server, "/api/activities")]  # asking deletes nothing
    page.click("#confirm-delete")
    page.wait_for_url("**/deleted?just=*")
    _fits(page)
    assert run_id not in [a["id"] for a in _api(server, "/api/activities")]
    page.click("#undo")
    page.wait_for_url(f"**/runs/{run_id}/edit?restored=1")
    back = next(a for a in _api(server, "/api/activities") if a["id"] == run_id)
    assert back == edited
    assert page.problems == []


def test_a_history_row_rates_its_run_in_place(page: Any, server: Server) -> None:
    page.goto("/history")
    page.wait_for_load_state("networkidle")
    link = page.locator("td.effort a[hx-get]").first
    run_id = int(link.get_attribute("hx-get").split("/")[2])
    link.click()
    form = page.locator("td.effort form.rate-form").first
    form.wait_for()
    form.locator("select[name=rpe]").select_option("5")
    form.locator("button[type=submit]").click()
    page.locator("td.effort .rpe", has_text="5/10").first.wait_for()
    run = next(a for a in _api(server, "/api/activities") if a["id"] == run_id)
    assert run["rpe"] == 5
    _fits(page)
    assert page.problems == []


def test_edit_and_delete_a_symptom_report_then_undo(page: Any, server: Server) -> None:
    report = _api(server, "/api/symptoms")[-1]
    page.goto(f"/symptoms/{report['id']}/edit")
    _fits(page)
    page.fill("textarea[name=notes]", "browser: corrected note")
    page.click("#symptom-form button[type=submit]")
    page.locator("#triage-card").wait_for()
    after = next(r for r in _api(server, "/api/symptoms") if r["id"] == report["id"])
    assert after["report"]["notes"] == "browser: corrected note"
    page.click("a.danger")
    page.wait_for_url(f"**/symptoms/{report['id']}/delete")
    _fits(page)
    page.click("#confirm-delete")
    page.wait_for_url("**/deleted?just=*")
    assert report["id"] not in [r["id"] for r in _api(server, "/api/symptoms")]
    page.click("#undo")
    page.wait_for_url("**/symptoms?restored=*")
    assert report["id"] in [r["id"] for r in _api(server, "/api/symptoms")]
    assert page.problems == []


def test_every_page_of_this_part_fits_a_phone_without_console_errors(page: Any, server: Server) -> None:
    run = _api(server, "/api/activities")[-1]["id"]
    report = _api(server, "/api/symptoms")[-1]["id"]
    for path in (
        "/",
        "/checkin",
        "/runs/new",
        f"/runs/{run}/edit",
        f"/runs/{run}/delete",
        "/deleted",
        f"/symptoms/{report}/edit",
        f"/symptoms/{report}/delete",
        "/symptoms",
        "/history",
    ):
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        page.wait_for_load_state("networkidle")
        _fits(page)
    assert page.problems == []
