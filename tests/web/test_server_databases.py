"""The web server as a user starts it (`strideguard --db DB serve`), over real HTTP, on SQLite and PostgreSQL.

Pages and the JSON API read the same runner, writes go through the CSRF check, an upload is imported
into the database the server was started on, and the export over HTTP is the Python API's export.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from strideguard import api

from .conftest import Server, start_server

pytestmark = pytest.mark.both_databases


@pytest.fixture()
def server(demo_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    # a URL's data folder (uploads) is the user data folder: kept inside tmp_path for the test
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    running = start_server(demo_db)
    yield running
    running.process.terminate()
    try:
        running.process.wait(timeout=10)
    except Exception:
        running.process.kill()


def test_pages_api_writes_and_uploads_over_http(server: Server, demo_db: str, test_files: Path) -> None:
    with httpx.Client(base_url=server.url, timeout=30) as http:
        today = http.get("/")
        assert today.status_code == 200 and "Demo Runner" in today.text
        status = http.get("/api/status", params={"date": "2026-11-25"}).json()
        assert status == api.status(demo_db, "2026-11-25")
        before = len(http.get("/api/activities").json())

        token = http.get("/api/csrf").json()["csrf_token"]
        refused = http.post("/api/runs", json={"date": "2026-11-26", "distance_km": 5, "duration_min": 30})
        assert refused.status_code == 403  # no CSRF header: nothing stored
        added = http.post(
            "/api/runs",
            json={"date": "2026-11-26", "distance_km": 5, "duration_min": 30, "notes": "easy ✓"},
            headers={"x-csrf-token": token},
        )
        assert added.status_code == 200 and added.json()["status"] == "imported"

        gpx = test_files / "runpandas" / "gpx" / "0da79b1d-dc15-4589-afff-aba4497ea626.gpx"
        upload = http.post("/api/import", data={"csrf_token": token}, files={"files": ("walk.gpx", gpx.read_bytes())})
        assert upload.status_code == 200 and upload.json()["imported"] == 1, upload.text

        after = http.get("/api/activities").json()
        assert len(after) == before + 2
        assert [a["notes"] for a in after if a["id"] == added.json()["activity_id"]] == ["easy ✓"]
        assert http.get("/api/export").json()["tables"] == api.export(demo_db)["tables"]
    assert not list((Path(os.environ["XDG_DATA_HOME"]) / "strideguard" / "uploads").glob("**/*.gpx"))
