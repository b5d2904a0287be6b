"""The JSON API mirrors the CLI: same functions, errors as 400 naming the field, OpenAPI served locally."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from .conftest import csrf_of

pytestmark = pytest.mark.both_databases


def test_openapi_lists_the_cli_use_cases(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    for path in (
        "/api/status",
        "/api/plan",
        "/api/triage",
        "/api/symptoms",
        "/api/activities",
        "/api/profile",
        "/api/runs",
        "/api/import",
        "/api/shoes",
        "/api/history",
        "/api/export",
    ):
        assert path in spec["paths"], path
    assert not any(p.startswith("/history") or p == "/" for p in spec["paths"])  # pages are not API


def test_docs_page_uses_local_swagger_assets(client: TestClient) -> None:
    page = client.get("/api/docs").text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in page
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200


def test_api_run_add_then_activities(client: TestClient) -> None:
    token = csrf_of(client)
    added = client.post(
        "/api/runs", json={"date": "2026-11-22", "distance_km": 5, "duration_min": 31}, headers={"x-csrf-token": token}
    )
    assert added.status_code == 200 and added.json()["status"] == "imported"
    runs = client.get("/api/activities", params={"since": "2026-11-22", "until": "2026-11-22"}).json()
    assert [r["distance_m"] for r in runs if r["id"] == added.json()["activity_id"]] == [5000.0]


def test_api_errors_are_400_with_the_field(client: TestClient) -> None:
    token = csrf_of(client)
    response = client.post(
        "/api/runs", json={"date": "2026-11-22", "distance_km": -1, "duration_min": 31}, headers={"x-csrf-token": token}
    )
    assert response.status_code == 400 and response.json()["field"] == "distance_km"
    unknown = client.post("/api/shoes", json={"name": "x", "colour": "red"}, headers={"x-csrf-token": token})
    assert unknown.status_code == 400 and unknown.json()["field"] == "colour"
    assert client.get("/api/activities", params={"since": "yesterday"}).json()["field"] == "since"


def test_api_triage_matches_the_python_api(client: TestClient, demo_db: str) -> None:
    from strideguard import api

    report = {"date": "2026-11-20", "region": "ankle", "mechanism": "twist", "unable_to_bear_weight": True}
    token = csrf_of(client)
    via_web = client.post("/api/triage", json=report, headers={"x-csrf-token": token}).json()
    assert via_web == api.triage(demo_db, report)


def test_api_history_series_line_up(client: TestClient) -> None:
    data = client.get("/api/history", params={"weeks": 4}).json()
    assert len(data["days"]) == 28
    assert len(data["distance_km"]) == len(data["acute_km"]) == len(data["chronic_km"]) == 28


def test_report_download_is_the_self_contained_report(client: TestClient, demo_db: str) -> None:
    from strideguard import api

    response = client.get("/api/report", params={"weeks": 12, "date": "2026-11-25"})
    assert response.status_code == 200
    assert response.headers["content-disposition"].startswith(
        'attachment; filename="strideguard-report-2026-11-25.html"'
    )
    assert response.text == api.report(demo_db, None, today="2026-11-25", weeks=12)["html"]


def test_restore_into_an_empty_database_round_trips(
    client: TestClient, new_db: Callable[..., str], tmp_path: Path
) -> None:
    from .conftest import make_client

    document = client.get("/api/export").json()
    with make_client(new_db("new"), tmp_path / "new") as fresh:
        token = csrf_of(fresh)
        counts = fresh.post("/api/restore", json=document, headers={"x-csrf-token": token}).json()
        assert counts["activities"] == len(client.get("/api/activities").json())
        again = fresh.post("/api/restore", json=document, headers={"x-csrf-token": token})
        assert again.status_code == 409 and again.json()["field"] == "db"  # never over existing data


def test_api_episodes_list_and_resolve(client: TestClient) -> None:
    token = csrf_of(client)
    headers = {"x-csrf-token": token}
    # the demo runner: the knee episode is open, the ankle sprain's was settled by its follow-up
    open_now = client.get("/api/episodes").json()
    assert [e["region"] for e in open_now] == ["knee"]
    everything = client.get("/api/episodes", params={"all": "true"}).json()
    assert {e["region"]: e["open"] for e in everything} == {"knee": True, "ankle": False}
    knee = open_now[0]["id"]
    refused = client.post(f"/api/episodes/{knee}/resolve", json={"reason": ""}, headers=headers)
    assert refused.status_code == 400 and refused.json()["field"] == "reason"
    unknown_field = client.post(f"/api/episodes/{knee}/resolve", json={"reason": "ok", "why": "x"}, headers=headers)
    assert unknown_field.status_code == 400 and unknown_field.json()["field"] == "why"
    done = client.post(f"/api/episodes/{knee}/resolve", json={"reason": "physio: cleared to run"}, headers=headers)
    assert done.status_code == 200 and done.json()["closed_reason"] == "physio: cleared to run"
    assert client.get("/api/episodes").json() == []
    assert client.get("/api/status").json()["episodes"] == []
