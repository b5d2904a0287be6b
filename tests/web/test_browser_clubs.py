"""The multi-user server in a real browser (Debian's Chromium, phone width): a physio signs in through the form,
reads the roster, opens a runner's pages read-only and signs out; the runner shares and reads who viewed."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from strideguard import api
from strideguard.club import Club
from strideguard.store import open_database
from strideguard.store.runners import Access

from .conftest import Server, start_server
from .test_browser import CHROMIUM_ARGS, chromium_path

pytestmark = pytest.mark.browser

PASSWORDS = {"ben": "ben runs on the trail", "pia": "pia treats the knees", "boss": "boss keeps the accounts"}
ROLES = {"ben": "runner", "pia": "physio", "boss": "admin"}


@pytest.fixture(scope="module")
def club_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("club-browser")
    target = str(folder / "club.db")
    with Club.open(f"sqlite:///{target}") as club:
        for name, role in ROLES.items():
            club.accounts.add(name, role, PASSWORDS[name])
        ben = club.accounts.by_name("ben")
        assert ben is not None and ben.data_key is not None
        with open_database("sqlite://") as demo:
            api.demo(demo)
            api.restore(club.runners.open(ben.data_key, Access.OWNER), api.export(demo))
        club.consent.share(ben, "pia", "training_and_symptoms")
    server = start_server(target, "--multi-user")
    with httpx.Client(base_url=server.url) as pia:  # pia has viewed ben's runs once
        csrf = {"x-csrf-token": pia.get("/api/csrf").json()["csrf_token"]}
        pia.post("/api/session", json={"username": "pia", "password": PASSWORDS["pia"]}, headers=csrf)
        assert pia.get("/api/activities", params={"runner": "ben"}).status_code == 200
    yield server
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()


@pytest.fixture()
def page(club_server: Server) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=club_server.url, viewport={"width": 390, "height": 844})
        tab = context.new_page()
        tab.set_default_timeout(15_000)
        problems: list[str] = []
        tab.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        tab.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        tab.problems = problems  # type: ignore[attr-defined]
        yield tab
        browser.close()


def sign_in(page, name: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/roster")
    assert "/login" in page.url  # not signed in: the sign-in page, keeping where to go
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", PASSWORDS[name])
    page.click("main button[type=submit]")  # (the header holds the language switch's buttons)


def fits(page) -> bool:  # type: ignore[no-untyped-def]
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1


def test_a_physio_reads_the_roster_and_a_runner_read_only(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, "pia")
    page.wait_for_url("**/roster")
    row = page.locator("#runner-ben")
    assert "Demo Runner" in row.inner_text() and fits(page)
    page.screenshot(path=str(tmp_path / "roster.png"), full_page=True)
    row.locator("a.roster-head").click()
    page.wait_for_url("**/?runner=ben")
    assert "You are viewing ben" in page.locator(".club-viewing").inner_text()
    forms = page.locator("main form[method=post]")  # ben's own forms (check-in, rating) are not for pia
    assert all(not forms.nth(i).is_visible() for i in range(forms.count()))
    assert not page.locator("main details:has(form[method=post])").first.is_visible()  # "Mark as resolved"
    page.click("form.lang-switch button[value=ko]")  # the switch is pia's own: it stays, and on ben's page
    page.wait_for_url("**/?runner=ben")
    assert "ben 님의 데이터를 보고 있어요." in page.locator(".club-viewing").inner_text() and fits(page)
    page.click("form.lang-switch button[value=en]")
    page.wait_for_url("**/?runner=ben")
    history = page.locator("header nav a[href^='/history']").get_attribute("href")
    assert history == "/history?runner=ben"  # the menu stays on ben's data
    page.goto(history)
    page.wait_for_selector("#chart-load .main-svg")  # the charts of ben's history drew
    assert fits(page)
    page.click(".club-bar button")  # sign out
    page.wait_for_url("**/login")
    page.goto("/history?runner=ben")
    assert "/login" in page.url
    assert page.problems == []  # type: ignore[attr-defined]


def test_a_runner_shares_and_sees_who_viewed(page) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, "ben")
    page.wait_for_url("**/roster")  # a runner's roster: their own row
    page.goto("/sharing")
    assert "pia" in page.locator(".club-list").first.inner_text()
    page.click("button[value=invite]")
    link = page.locator(".club-code").inner_text()
    assert "/invite/" in link and fits(page)
    page.goto("/audit")
    assert "pia" in page.locator("table.audit").inner_text() and fits(page)
    assert page.problems == []  # type: ignore[attr-defined]
