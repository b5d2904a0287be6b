"""Every page renders from the demo database; forms store through the api; user text is escaped."""

from __future__ import annotations

import re
from datetime import date

import pytest
from fastapi.testclient import TestClient

from strideguard import DISCLAIMER, knowledge

from .conftest import csrf_of

PAGES = [
    "/",
    "/history",
    "/history?weeks=1000",
    "/symptoms",
    "/plan",
    "/plan?days=14",
    "/shoes",
    "/import",
    "/profile",
    "/api/docs",
]


@pytest.mark.parametrize("path", PAGES)
def test_page_renders(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    assert "Traceback" not in response.text
    # nothing is fetched from another site: every script and stylesheet is served here
    for url in re.findall(r'(?:src|href)="([^"]+)"', response.text):
        assert not url.startswith(("http:", "https:", "//")), url


def test_today_shows_status_signals_and_next_session(client: TestClient) -> None:
    status = client.get("/api/status").json()
    page = client.get("/").text
    assert "Demo Runner" in page
    assert "Session spike" in page and "Acute:chronic ratio" in page  # in their groups' details
    disposition = status["recommendation"]["disposition"]
    assert f'class="disposition disp-{disposition}"' in page
    assert DISCLAIMER in page


def test_history_draws_charts_from_inline_json(client: TestClient) -> None:
    page = client.get("/history").text
    assert '<script src="/vendor/plotly.min.js"' in page
    for chart in ("chart-load", "chart-ratio", "chart-terrain"):
        assert f'data-chart="{chart}"' in page
    assert "Rolled the ankle on a root" in page  # the demo's ankle report is on the timeline


def test_plotly_js_is_the_vendored_basic_bundle_and_compressed(client: TestClient) -> None:
    from strideguard.report.charts import PLOTLY_JS

    response = client.get("/vendor/plotly.min.js", headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["content-encoding"] == "gzip"  # httpx decodes it: the bytes below are the file
    assert response.content == PLOTLY_JS.read_bytes()
    assert b"plotly.js (basic - minified)" in response.content[:200]
    assert (PLOTLY_JS.parent / "plotly.LICENSE.txt").read_text().startswith("MIT License")


def test_symptom_form_logs_and_shows_disposition(client: TestClient) -> None:
    token = csrf_of(client)
    before = len(client.get("/api/symptoms").json())
    form = {
        "csrf_token": token,
        "date": "2026-11-20",
        "region": "ankle",
        "side": "right",
        "mechanism": "twist",
        "onset": "sudden",
        "unable_to_bear_weight": "yes",
        "swelling": "yes",
        "fever": "unknown",
        "bone_tenderness": ["lateral_malleolus"],
        "pain_during": "8",
        "action": "log",
    }
    response = client.post("/symptoms", data=form)
    assert response.status_code == 200, response.text
    listing = client.get("/api/symptoms").json()
    assert len(listing) == before + 1
    stored = max(listing, key=lambda r: r["id"])  # listed by date; the new one has the highest id
    assert (
        stored["report"]["unable_to_bear_weight"] is True and "fever" not in stored["report"]
    )  # "not sure" is not reported
    assert stored["report"]["bone_tenderness"] == ["lateral_malleolus"]
    assert f"disp-{stored['disposition']}" in response.text
    assert "Advice:" in response.text


def test_triage_only_stores_nothing(client: TestClient) -> None:
    token = csrf_of(client)
    before = client.get("/api/symptoms").json()
    response = client.post(
        "/symptoms",
        data={"csrf_token": token, "date": "2026-11-20", "region": "knee", "action": "triage"},
        headers={"hx-request": "true"},
    )
    assert response.status_code == 200
    assert "Not stored." in response.text and "<html" not in response.text  # the htmx fragment only
    assert client.get("/api/symptoms").json() == before


def test_bad_symptom_input_names_the_field(client: TestClient) -> None:
    token = csrf_of(client)
    response = client.post(
        "/symptoms", data={"csrf_token": token, "date": "2026-11-20", "region": "knee", "location": "heel"}
    )
    assert response.status_code == 400
    assert "location" in response.text and "Not accepted" in response.text


def test_note_with_script_is_shown_as_text(client: TestClient) -> None:
    token = csrf_of(client)
    note = '<script>alert("x")</script> & <b>bold</b>'
    client.post(
        "/symptoms", data={"csrf_token": token, "date": "2026-11-20", "region": "knee", "notes": note, "action": "log"}
    )
    for path in ("/symptoms", "/history"):
        page = client.get(path).text
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in page, path
        assert '<script>alert("x")' not in page


def test_profile_form_updates_and_refuses_bad_values(client: TestClient) -> None:
    token = csrf_of(client)
    ok = client.post(
        "/profile",
        data={
            "csrf_token": token,
            "weight_kg": "70.5",
            "joint_problems__asked": "1",
            "joint_problems": ["ankle", "foot"],
        },
    )
    assert ok.status_code == 200 and "Saved." in ok.text
    profile = client.get("/api/profile").json()
    assert profile["weight_kg"] == 70.5 and profile["joint_problems"] == ["ankle", "foot"]
    bad = client.post("/profile", data={"csrf_token": token, "height_cm": "20"})
    assert bad.status_code == 400 and "height_cm" in bad.text
    assert client.get("/api/profile").json()["height_cm"] == profile["height_cm"]


def test_shoes_form_adds_and_retires(client: TestClient) -> None:
    token = csrf_of(client)
    added = client.post(
        "/shoes", data={"csrf_token": token, "action": "add", "name": "Trail <pair>", "initial_km": "12"}
    )
    assert added.status_code == 200, added.text
    assert "Trail &lt;pair&gt;" in added.text
    shoes = {s["name"]: s for s in client.get("/api/shoes").json()}
    assert shoes["Trail <pair>"]["km"] == 12.0
    retired = client.post("/shoes", data={"csrf_token": token, "action": "retire", "name": "Trail <pair>"})
    assert retired.status_code == 200
    assert {s["name"]: s for s in client.get("/api/shoes").json()}["Trail <pair>"]["retired_on"] is not None


def test_import_page_runs_a_job_and_reports_it(client: TestClient, test_files) -> None:  # type: ignore[no-untyped-def]
    gpx = test_files / "runpandas" / "gpx" / "26004849-dc57-4e48-bc16-11196ca043ad.gpx"
    token = csrf_of(client)
    response = client.post(
        "/import",
        data={"csrf_token": token},
        files={"files": (gpx.name, gpx.read_bytes())},
        headers={"hx-request": "true"},
    )
    assert response.status_code == 200, response.text
    page = response.text
    # a small file may finish before the first answer: then that answer is already the finished job
    job_id = re.search(r'hx-get="/import/jobs/([0-9a-f]+)"', page)
    assert job_id is not None or "Import finished" in page, page
    for _ in range(200):
        if "Import finished" in page or job_id is None:
            break
        __import__("time").sleep(0.05)
        page = client.get(f"/import/jobs/{job_id.group(1)}", headers={"hx-request": "true"}).text
    assert "1 imported" in page and gpx.name in page


def test_plan_page_lists_every_planned_day(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from strideguard import api

    from .conftest import make_client

    db = tmp_path / "plan.db"
    api.profile_set(str(db), birth_year=1990, experience="intermediate", timezone="UTC")
    for day in ("2026-11-10", "2026-11-13", "2026-11-17", "2026-11-20"):
        api.run_add(str(db), date=day, distance_km=5, duration_min=30)
    with make_client(db) as c:
        page = c.get("/plan?days=7").text
        plan = c.get("/api/plan", params={"days": 7}).json()
        assert len(plan["days"]) == 7
        for day in plan["days"]:
            kind = knowledge.text(f"web.kind.{day['session']['kind']}")
            weekday = knowledge.text(f"web.weekday.{date.fromisoformat(day['date']).weekday()}")
            assert f'id="day-{day["date"]}"' in page  # each day folds, and a link can open it
            assert f"<strong>{weekday} {day['date']}</strong> · {kind}" in page
            if day["session"]["duration_min"]:
                assert f"{day['session']['duration_min']:.0f} min" in page
        calendar = c.get("/plan.ics?days=7")
        assert calendar.headers["content-type"].startswith("text/calendar")
        assert calendar.text.startswith("BEGIN:VCALENDAR") and calendar.text.count("BEGIN:VEVENT") >= 1


@pytest.mark.parametrize("path", [p for p in PAGES if p != "/api/docs"])
def test_pages_render_on_an_empty_database(tmp_path, path: str) -> None:  # type: ignore[no-untyped-def]
    from .conftest import make_client

    with make_client(tmp_path / "empty.db") as c:
        response = c.get(path)
        assert response.status_code == 200, response.text[:800]
        assert "Traceback" not in response.text


def test_today_status_and_plan_give_the_same_next_session(client: TestClient) -> None:
    """One planner: the JSON status, the JSON plan, the CLI's api and the Today page name one next session."""
    from strideguard import api

    status = client.get("/api/status").json()["recommendation"]["session"]
    plan = client.get("/api/plan", params={"days": 7}).json()
    first = plan["days"][0]["session"]
    assert {k: status[k] for k in ("kind", "distance_km", "duration_min")} == {
        k: first[k] for k in ("kind", "distance_km", "duration_min")
    }
    assert status["date"] == plan["days"][0]["date"]
    db = client.app.state.db  # type: ignore[attr-defined]
    assert api.status(db)["recommendation"]["session"]["distance_km"] == first["distance_km"]
    page = client.get("/").text
    assert first["kind"].replace("_", " ") in page.lower()
    if first["distance_km"]:
        assert f"{first['distance_km']:.1f} km" in page


def test_plan_reasons_link_to_a_sources_page_that_holds_each_source(client: TestClient) -> None:
    from strideguard import knowledge

    page = client.get("/plan").text
    linked = set(re.findall(r'href="/sources#([a-z0-9-]+)"', page))
    assert linked, "the plan's reasons link their sources"
    sources = client.get("/sources")
    assert sources.status_code == 200
    for sid in linked:
        assert f'id="{sid}"' in sources.text
        assert (
            str(knowledge.sources()[sid]["citation"])[:40].replace("&", "&amp;").replace("'", "&#39;") in sources.text
        )


def test_an_unknown_page_is_a_page_in_words_not_json(client: TestClient) -> None:
    page = client.get("/no-such-page")
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "There is no page at this address" in page.text and 'href="/"' in page.text
    api_answer = client.get("/api/no-such-route")
    assert api_answer.status_code == 404 and api_answer.json()["field"] is None  # the API stays JSON
