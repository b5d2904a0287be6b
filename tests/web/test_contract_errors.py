"""Every refusal of the JSON API is {error, field} with the API's own field names; the pages refuse, never clamp."""

from __future__ import annotations

import io
import logging
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from strideguard.errors import ConflictError, InputError, StrideguardError, UploadRefused
from strideguard.plan.core import MAX_DAYS
from strideguard.store import open_database
from strideguard.web.imports import ImportJobs
from strideguard.web.uploads import ReceivedUpload

from ..ingest.test_gear_warnings import gpx_run
from .conftest import csrf_of

pytestmark = pytest.mark.both_databases


def test_one_day_limit_for_cli_and_api(client: TestClient) -> None:
    assert MAX_DAYS == 366  # plan --days says 1-366; the API and the Plan page use the same constant
    assert len(client.get("/api/plan", params={"days": 100}).json()["days"]) == 100
    too_many = client.get("/api/plan", params={"days": MAX_DAYS + 1})
    assert too_many.status_code == 400
    assert too_many.json() == {
        "error": "days: 367 is not allowed; give a whole number of days from 1 to 366",
        "field": "days",
    }
    not_a_number = client.get("/api/plan", params={"days": "seven"})
    assert not_a_number.status_code == 400 and not_a_number.json()["field"] == "days"


def test_api_names_its_own_fields_not_cli_flags(client: TestClient) -> None:
    bad_date = client.get("/api/report", params={"date": "tomorrow"})
    assert bad_date.status_code == 400 and bad_date.json()["field"] == "date"
    bad_weeks = client.get("/api/report", params={"weeks": 0})
    assert bad_weeks.status_code == 400 and bad_weeks.json()["field"] == "weeks"
    order = client.get("/api/activities", params={"since": "2026-02-01", "until": "2026-01-01"})
    assert order.status_code == 400 and "--" not in order.json()["error"]
    old = client.get("/api/status", params={"date": "0001-01-01"})
    assert old.status_code == 400 and old.json() == {
        "error": "date: '0001-01-01' is not allowed; use a date from 1900-01-01 to 2099-12-31 as YYYY-MM-DD",
        "field": "date",
    }


def test_bodies_are_checked_by_the_pydantic_models(client: TestClient) -> None:
    token = {"x-csrf-token": csrf_of(client)}
    extra = client.post("/api/shoes", json={"name": "Trail", "colour": "red"}, headers=token)
    assert extra.status_code == 400 and extra.json()["field"] == "colour"
    number_date = client.post("/api/triage", json={"date": 20261120, "region": "knee"}, headers=token)
    assert number_date.status_code == 400 and number_date.json()["field"] == "date"
    missing = client.post("/api/shoes/retire", json={}, headers=token)
    assert missing.status_code == 400 and missing.json()["field"] == "name"
    not_json = client.post("/api/profile", content=b"\xff{", headers={**token, "content-type": "application/json"})
    assert not_json.status_code == 400 and set(not_json.json()) == {"error", "field"}


def test_conflicts_are_409_and_unknown_names_404(client: TestClient) -> None:
    token = {"x-csrf-token": csrf_of(client)}
    assert client.post("/api/shoes", json={"name": "Spare"}, headers=token).status_code == 200
    again = client.post("/api/shoes", json={"name": "Spare"}, headers=token)
    assert again.status_code == 409 and again.json()["field"] == "name"
    unknown = client.post("/api/shoes/default", json={"name": "Nope"}, headers=token)
    assert unknown.status_code == 404 and "Nope" in unknown.json()["error"]
    assert issubclass(ConflictError, InputError)


def test_405_lists_every_method_of_the_path(client: TestClient) -> None:
    response = client.put("/api/profile", json={}, headers={"x-csrf-token": csrf_of(client)})
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"  # both routes of /api/profile, not only the first
    assert response.json()["field"] is None


def test_openapi_documents_400_not_422_with_dates_and_ranges(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            assert "422" not in operation["responses"], (method, path)
            assert operation["responses"]["400"]["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/ErrorBody"
            }
    days = spec["paths"]["/api/plan"]["get"]["parameters"][0]["schema"]
    assert (days["type"], days["minimum"], days["maximum"]) == ("integer", 1, MAX_DAYS)
    since = spec["paths"]["/api/activities"]["get"]["parameters"][0]["schema"]
    assert since["type"] == "string" and since["format"] == "date"
    runs = spec["paths"]["/api/runs"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert runs["additionalProperties"] is False and runs["properties"]["date"]["format"] == "date"
    assert "409" in spec["paths"]["/api/shoes"]["post"]["responses"]


def test_upload_refused_is_a_strideguard_error() -> None:
    refusal = UploadRefused(413, "too big")
    assert isinstance(refusal, StrideguardError) and refusal.status == 413 and refusal.field == "files"


def test_plan_page_refuses_days_out_of_range_with_a_message(client: TestClient) -> None:
    page = client.get("/plan", params={"days": 400})
    assert page.status_code == 400
    assert "days: 400 is not allowed; give a whole number of days from 1 to 366" in page.text
    long = client.get("/plan", params={"days": 60})
    assert long.status_code == 200 and long.text.count('class="card day ') == 60  # not cut to 42 any more
    assert '<option value="60" selected>' in long.text
    assert client.get("/plan.ics", params={"days": 0}).status_code == 400
    assert client.get("/history", params={"weeks": 5000}).status_code == 400


def _upload(folder: Path, name: str, data: bytes) -> ReceivedUpload:
    folder.mkdir(parents=True)
    path = folder / name
    path.write_bytes(data)
    return ReceivedUpload(folder=folder, files=[path], original_names={path: name})


def test_import_worker_logs_and_shows_a_failure(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    upload = _upload(tmp_path / "up", "run.gpx", gpx_run())
    unreachable = "postgresql+psycopg://runner@127.0.0.1:1/strideguard"  # nothing listens on port 1
    with caplog.at_level(logging.INFO, logger="strideguard.web.imports"):
        job = ImportJobs().start(unreachable, upload, wait=True)  # type: ignore[arg-type]  # api takes a URL too
    assert job.error is not None and "cannot open database" in job.error
    assert job.to_dict()["error"] == job.error  # what the page polls and shows
    logged = [r for r in caplog.records if job.id in r.getMessage()]
    assert [r.levelno for r in logged] == [logging.WARNING] and job.error in logged[0].getMessage()
    assert not upload.folder.exists()


def test_import_worker_logs_the_gear_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("activities.csv", b"\xff\xfe")
        archive.writestr("activities/1.gpx", gpx_run())
    upload = _upload(tmp_path / "up", "strava.zip", buffer.getvalue())
    with caplog.at_level(logging.WARNING, logger="strideguard.web.imports"):
        job = ImportJobs().start(open_database(str(tmp_path / "g.db")), upload, wait=True)
    assert job.result is not None and job.result["imported"] == 1
    assert job.result["warnings"][0]["path"] == "strava.zip!activities.csv"  # as the runner named it
    assert [r.getMessage() for r in caplog.records] == [f"import {job.id}: {job.result['warnings'][0]['warning']}"]


def test_unknown_profile_field_is_refused_even_when_null(client: TestClient) -> None:
    token = {"x-csrf-token": csrf_of(client)}
    before = client.get("/api/profile").json()
    response = client.post("/api/profile", json={"nmae": None}, headers=token)
    assert response.status_code == 400 and response.json()["field"] == "nmae"
    assert client.get("/api/profile").json() == before


def test_symptom_location_must_fit_the_region_in_schema_and_api(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    body = spec["paths"]["/api/triage"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    knee = next(rule for rule in body["allOf"] if rule["if"]["properties"]["region"].get("const") == "knee")
    assert "below_kneecap" in knee["then"]["properties"]["location"]["enum"]
    token = {"x-csrf-token": csrf_of(client)}
    refused = client.post(
        "/api/triage", json={"date": "2026-11-20", "region": "calf", "location": "below_kneecap"}, headers=token
    )
    assert refused.status_code == 400 and refused.json()["field"] == "location"


def test_integer_fields_take_json_integers_written_with_a_point(client: TestClient) -> None:
    token = {"x-csrf-token": csrf_of(client)}
    assert client.post("/api/profile", json={"birth_year": 1979.0}, headers=token).json()["birth_year"] == 1979
    half = client.post("/api/profile", json={"birth_year": 1979.5}, headers=token)
    assert half.status_code == 400 and half.json()["field"] == "birth_year"
