"""Issue 15 part A in Debian's Chromium: every page at phone and desktop width, the run page, a forged post.

If Chromium is missing these tests FAIL (never skip), as in test_browser.py.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from .conftest import Server
from .test_browser import browser  # noqa: F401  (the module's browser fixture, shared)

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _pages(server: Server) -> list[str]:
    runs = httpx.get(server.url + "/api/activities").json()
    latest = runs[-1]
    return [
        "/",
        f"/runs/{latest['id']}",
        f"/runs/{runs[0]['id']}",
        "/calendar",
        "/calendar?view=week",
        f"/calendar?date={runs[0]['local_date']}",
        "/history",
        "/history?weeks=1000",
        "/symptoms",
        "/plan",
        "/plan?days=28",
        "/shoes",
        "/import",
        "/profile",
        "/sources",
        "/api/docs",
    ]


@pytest.fixture(params=[PHONE, DESKTOP], ids=["phone", "desktop"])
def tab(request, browser, live_server: Server) -> Iterator[object]:  # type: ignore[no-untyped-def]  # noqa: F811
    context = browser.new_context(base_url=live_server.url, viewport=request.param)
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.problems = problems  # type: ignore[attr-defined]
    yield page
    context.close()


def test_every_page_fits_the_width_without_console_errors(tab, live_server: Server) -> None:  # type: ignore[no-untyped-def]
    for path in _pages(live_server):
        response = tab.goto(path)
        assert response is not None and response.status == 200, path
        tab.wait_for_load_state("networkidle")
        if tab.locator("script[data-chart]").count():
            tab.wait_for_selector(".chart .main-svg")  # plotly's basic bundle drew the charts
        overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, (path, overflow)
    assert tab.problems == []  # type: ignore[attr-defined]


def test_error_pages_are_in_the_layout(tab) -> None:  # type: ignore[no-untyped-def]
    for path, status in (("/runs/999999", 404), ("/nowhere", 404), ("/history?weeks=x", 400)):
        response = tab.goto(path)
        assert response is not None and response.status == status, path
        assert tab.locator("header.top nav a").count() == 8, path
        assert tab.locator("main .error").count() == 1, path


def test_a_run_page_shows_its_route_and_elevation_chart(tab, live_server: Server) -> None:  # type: ignore[no-untyped-def]
    runs = httpx.get(live_server.url + "/api/activities").json()
    tab.goto("/")
    tab.locator("#recent .run-card a").first.click()  # Today links each run to its page
    tab.wait_for_url(f"**/runs/{runs[-1]['id']}")
    route = tab.locator("svg.route path")
    assert route.count() == 1 and len(route.get_attribute("d") or "") > 100
    box = tab.locator("svg.route").bounding_box()
    assert box is not None and box["width"] > 200 and box["height"] > 100
    tab.wait_for_selector("#chart-elevation .main-svg")
    assert tab.locator("#chart-elevation .scatterlayer .trace").count() == 1
    assert tab.locator("#splits tbody tr").count() >= 1
    nothing_external = tab.evaluate(
        "performance.getEntriesByType('resource').every(e => e.name.startsWith(location.origin))"
    )
    assert nothing_external  # no map tiles, nothing from the internet
    assert tab.problems == []  # type: ignore[attr-defined]


def test_the_plan_folds_its_days_and_a_calendar_link_opens_one(tab, live_server: Server) -> None:  # type: ignore[no-untyped-def]
    tab.goto("/plan?days=28")
    assert tab.locator("details.day").count() == 28
    assert tab.locator("details.day[open]").count() == 1
    height = tab.evaluate("document.documentElement.scrollHeight")
    assert height < 6000, height  # was 11,000 px tall at phone width with every day unfolded
    days = httpx.get(live_server.url + "/api/plan?days=28").json()["days"]
    tab.goto(f"/plan?days=28#day-{days[5]['date']}")
    assert tab.locator(f"#day-{days[5]['date']}").get_attribute("open") is not None


def test_a_post_with_a_forged_cookie_is_refused_in_the_browser(tab, live_server: Server) -> None:  # type: ignore[no-untyped-def]
    tab.goto("/profile")
    forged = "f" * 43 + "." + "0" * 64  # the signed form, with a signature this server never made
    tab.context.add_cookies([{"name": "sg_csrf", "value": forged, "url": live_server.url}])
    status = tab.evaluate(
        """async (token) => (await fetch('/profile', {method: 'POST', headers: {'X-CSRF-Token': token},
            body: new URLSearchParams({name: 'Mallory', csrf_token: token})})).status""",
        forged,
    )
    assert status == 403
    assert httpx.get(live_server.url + "/api/profile").json()["name"] != "Mallory"
