"""Issue 15 part A in-process: Today, the run page, the calendar, first run, refusals, size limits, compression."""

from __future__ import annotations

import html
import re
from pathlib import Path

from fastapi.testclient import TestClient

from strideguard import api, knowledge

from .conftest import csrf_of, make_client


def test_today_says_one_instruction_first_then_groups_the_signals(client: TestClient) -> None:
    page = client.get("/").text
    status = client.get("/api/status").json()
    instruction = page.index('id="instruction"')
    assert instruction < page.index('id="signals"') and instruction < page.index('id="recent"')
    assert page.count('<details class="signal-group') == 4  # load, terrain, form, shoes
    for group in ("load", "terrain", "form", "shoes"):
        assert f'data-group="{group}"' in page
    for signal in status["signals"]:  # every signal is still there, behind its group's details
        assert f'data-signal="{signal["id"]}"' in page
    kind = knowledge.text(f"web.kind.{status['recommendation']['session']['kind']}")
    assert kind in page[instruction : page.index("</section>", instruction)]


def test_every_run_links_to_its_page_with_pace_and_weekday(client: TestClient) -> None:
    runs = client.get("/api/activities").json()
    latest = runs[-1]
    for path in ("/", "/history", f"/calendar?date={latest['local_date']}"):
        assert f'href="/runs/{latest["id"]}"' in client.get(path).text, path
    page = client.get(f"/runs/{latest['id']}").text
    assert '<svg class="route"' in page and re.search(r'<path d="M[0-9. L]+"', page)
    assert 'id="chart-elevation"' in page and 'id="chart-pace"' in page and 'id="chart-heart_rate"' in page
    detail = client.get(f"/api/runs/{latest['id']}").json()
    assert detail["course"]["splits"] and detail["course"]["splits_basis"] == "per_km_from_samples"
    minutes = detail["pace_min_per_km"]
    total = round(minutes * 60)
    assert f"{total // 60}:{total % 60:02d} /km" in page  # the pace, as runners write it
    assert knowledge.text("web.weekday.0") in client.get("/calendar").text


def test_unknown_and_bad_runs_are_error_pages_in_the_layout_and_json_under_api(client: TestClient) -> None:
    missing = client.get("/runs/999999")
    # the page says it in the runner's words (the JSON answer below names the id and the command)
    assert missing.status_code == 404 and "<nav" in missing.text
    assert html.escape(knowledge.text("web.error.not_found"), quote=False) in missing.text
    bad = client.get("/runs/abc")
    assert bad.status_code == 400 and "<nav" in bad.text
    assert client.get("/calendar?view=year").status_code == 400
    answer = client.get("/api/runs/999999")
    assert answer.status_code == 404 and answer.json()["error"].startswith("activity 999999")
    assert client.get("/api/calendar", params={"view": "year"}).json()["field"] == "view"


def test_calendar_week_view_and_planned_sessions(client: TestClient) -> None:
    data = client.get("/api/calendar", params={"view": "week"}).json()
    assert len(data["weeks"]) == 1 and data["weeks"][0][0]["weekday"] == 0
    page = client.get("/calendar?view=week").text
    planned = [d for d in data["weeks"][0] if d["planned"] and d["planned"]["kind"] != "rest"]
    for day in planned:
        assert f'href="/plan?days=28#day-{day["date"]}"' in page


def test_an_empty_database_leads_through_profile_runs_and_shoes(tmp_path: Path) -> None:
    with make_client(tmp_path / "data" / "new.db") as fresh:
        page = fresh.get("/").text
        assert 'id="first-run"' in page
        for step, href in (("profile", "/profile"), ("runs", "/import"), ("shoes", "/shoes")):
            assert f'data-step="{step}"' in page and f'href="{href}"' in page
        assert 'href="/runs/new"' in page  # the way to enter a run by hand
        assert 'id="signals"' not in page and "unknown" not in page.lower().split('id="first-run"')[1]
        token = csrf_of(fresh)
        fresh.post("/profile", data={"csrf_token": token, "birth_year": "1990", "joint_problems__asked": "1"})
        assert 'data-step="profile"' in (page := fresh.get("/").text) and "step done" in page


def test_a_refused_profile_keeps_what_was_typed_and_names_the_field_in_words(client: TestClient) -> None:
    token = csrf_of(client)
    sent = {"csrf_token": token, "name": "Typed Name", "birth_year": "1800", "height_cm": "171", "timezone": "UTC"}
    refused = client.post("/profile", data=sent)
    assert refused.status_code == 400
    page = refused.text
    assert 'value="Typed Name"' in page and 'value="1800"' in page and 'value="171"' in page
    assert "birth year: use a year from 1900" in page
    assert "birth_year:" not in page and "null" not in page
    assert re.search(r'class="field q has-error"><span>Birth year</span><input[^>]+aria-invalid="true"', page)
    assert client.get("/api/profile").json()["name"] == "Demo Runner"  # nothing stored


def test_a_refused_shoe_keeps_what_was_typed(client: TestClient) -> None:
    token = csrf_of(client)
    sent = {"csrf_token": token, "action": "add", "name": "Trail pair", "brand": "Any", "initial_km": "-5"}
    refused = client.post("/shoes", data=sent)
    assert refused.status_code == 400
    assert 'value="Trail pair"' in refused.text and 'value="-5"' in refused.text
    assert "km already run in them: use a number from 0" in refused.text and "initial_km:" not in refused.text


def test_an_oversized_form_is_413_with_the_security_headers(client: TestClient) -> None:
    token = csrf_of(client)
    big = {"csrf_token": token, "name": "x" * (1 << 20)}
    answer = client.post("/profile", data=big)
    assert answer.status_code == 413
    assert answer.headers["x-frame-options"] == "DENY" and answer.headers["cache-control"] == "no-store"
    streamed = client.post(
        "/api/profile",
        content=b'{"name": "' + b"x" * (1 << 20) + b'"}',
        headers={"content-type": "application/json", "x-csrf-token": token},
    )
    assert streamed.status_code == 413
    assert client.get("/api/profile").json()["name"] == "Demo Runner"


def test_pages_are_compressed_and_carry_the_security_headers(client: TestClient) -> None:
    for path in ("/", "/history", "/calendar", "/api/status", "/static/app.css", "/nope"):
        answer = client.get(path, headers={"accept-encoding": "gzip"})
        assert answer.headers.get("content-encoding") == "gzip", path
        assert answer.headers["content-security-policy"].startswith("default-src 'self'"), path
    assert "content-encoding" not in client.get("/", headers={"accept-encoding": "identity"}).headers


def test_a_write_shows_at_once_on_the_cached_pages(client: TestClient) -> None:
    before = client.get("/api/status").json()
    token = csrf_of(client)
    report = {"date": before["date"], "region": "calf", "side": "left", "calf_swelling_one_side": True}
    logged = client.post("/api/symptoms", json=report, headers={"x-csrf-token": token}).json()
    assert logged["triage"]["disposition"] == "emergency"
    after = client.get("/api/status").json()
    assert after["episodes"][0]["disposition"] == "emergency"
    page = client.get("/").text
    assert 'class="card instruction level-emergency"' in page
    assert knowledge.text("disposition.emergency") in page.split('id="instruction"')[1].split("</section>")[0]


def test_the_run_page_data_matches_the_api(client: TestClient) -> None:
    first = client.get("/api/activities").json()[0]
    assert client.get(f"/api/runs/{first['id']}").json() == api.run_detail(client.app.state.db, first["id"])  # type: ignore[attr-defined]
