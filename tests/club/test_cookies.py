"""The session cookie's attributes: HttpOnly and SameSite=Lax always, Secure over HTTPS or off loopback."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from strideguard.club import Club
from strideguard.web import WebSettings, create_app

PASSWORD = "a long pass phrase"


def test_the_session_cookie_is_secure_over_https_and_off_loopback(tmp_path: Path) -> None:
    club = Club.open(f"sqlite:///{tmp_path / 'club.db'}")
    club.accounts.add("ana", "runner", PASSWORD)
    for base, loopback_only, secure in (
        ("http://127.0.0.1:8765", True, False),
        ("https://127.0.0.1:8765", True, True),
        ("http://club.example.org", False, True),
    ):
        app = create_app(None, WebSettings(data_dir=tmp_path, loopback_only=loopback_only), club=club)
        with TestClient(app, base_url=base) as client:
            csrf = client.get("/api/csrf").json()["csrf_token"]
            answer = client.post(
                "/api/session", json={"username": "ana", "password": PASSWORD}, headers={"x-csrf-token": csrf}
            )
            cookie = answer.headers["set-cookie"]
            assert answer.status_code == 200 and "HttpOnly" in cookie and "samesite=lax" in cookie.lower()
            assert ("Secure" in cookie) == secure, (base, cookie)
    club.close()
