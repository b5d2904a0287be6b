"""Uploads: size limit, CSRF before any byte is written, safe names, nothing outside the data folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from strideguard.web.uploads import UploadRefused, inside, safe_name

from .conftest import csrf_of, make_client


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("run.fit", "run.fit"),
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\win.ini", "win.ini"),
        ("..", "upload"),
        (".hidden.gpx", "hidden.gpx"),
        ("my run (1).gpx.gz", "my_run_1_.gpx.gz"),
        ("/abs/path/x.tcx", "x.tcx"),
        ("", "upload"),
    ],
)
def test_safe_name(given: str, expected: str) -> None:
    assert safe_name(given) == expected


def test_inside_refuses_escapes(tmp_path: Path) -> None:
    assert inside(tmp_path, "a.fit") == (tmp_path / "a.fit").resolve()
    for bad in ("../a.fit", "/etc/passwd", ".", ""):
        with pytest.raises(UploadRefused):
            inside(tmp_path, bad)


def _files_under(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def test_upload_over_the_limit_is_refused_and_leaves_nothing(demo_copy: Path) -> None:
    with make_client(demo_copy, max_upload_bytes=10_000) as c:
        token = csrf_of(c)
        response = c.post(
            "/api/import",
            data={"csrf_token": token},
            files={"files": ("big.gpx", b"x" * 20_000, "application/gpx+xml")},
        )
        assert response.status_code == 413
        assert "limit" in response.json()["error"]
    assert _files_under(demo_copy.parent / "uploads") == []


def test_upload_without_csrf_field_writes_nothing(client: TestClient, demo_copy: Path) -> None:
    csrf_of(client)
    response = client.post("/import", files={"files": ("a.gpx", b"<gpx></gpx>")})
    assert response.status_code == 403
    uploads = demo_copy.parent / "uploads"
    assert not uploads.exists() or _files_under(uploads) == []


def test_uploaded_file_is_imported_then_removed(client: TestClient, demo_copy: Path, test_files: Path) -> None:
    gpx = test_files / "runpandas" / "gpx" / "0da79b1d-dc15-4589-afff-aba4497ea626.gpx"
    token = csrf_of(client)
    response = client.post(
        "/api/import",
        data={"csrf_token": token},
        files={"files": ("../../escape.gpx", gpx.read_bytes(), "application/gpx+xml")},
    )
    assert response.status_code == 200, response.text
    result = response.json()
    assert (result["imported"], result["duplicates"], result["errors"]) == (1, 0, 0)
    assert result["files"][0]["path"] == "../../escape.gpx"  # shown as the runner named it
    assert not (demo_copy.parent.parent / "escape.gpx").exists()
    assert _files_under(demo_copy.parent / "uploads") == []  # the copy is gone once imported
    again = client.post("/api/import", data={"csrf_token": token}, files={"files": ("again.gpx", gpx.read_bytes())})
    assert again.json()["duplicates"] == 1


def test_bad_file_reports_its_error(client: TestClient) -> None:
    token = csrf_of(client)
    response = client.post(
        "/api/import", data={"csrf_token": token}, files={"files": ("broken.fit", b"\x0e\x10garbage")}
    )
    assert response.status_code == 200
    entry = response.json()["files"][0]
    assert entry["status"] == "error" and entry["path"] == "broken.fit" and "broken.fit" in entry["error"]
