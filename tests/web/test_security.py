"""Access token, CSRF, host check and the refusal to serve a non-loopback host without a token."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from strideguard.cli import app as cli_app
from strideguard.errors import InputError
from strideguard.web import ServeRefused, check_bind
from strideguard.web.security import CONTENT_SECURITY_POLICY, CSRF_COOKIE, is_loopback

from .conftest import csrf_of, make_client


def _all_routes(routes: list[object], prefix: str = "") -> list[tuple[str, APIRoute]]:
    found: list[tuple[str, APIRoute]] = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append((prefix, route))
        inner = getattr(route, "original_router", None) or getattr(route, "router", None)
        if inner is not None and hasattr(inner, "routes") and inner is not route:
            found.extend(_all_routes(inner.routes, prefix))
    return found


def _unsafe_routes(client: TestClient) -> list[tuple[str, str]]:
    routes = set()
    for prefix, route in _all_routes(client.app.routes):  # type: ignore[attr-defined]
        for method in route.methods & {"POST", "PUT", "PATCH", "DELETE"}:
            routes.add((method, prefix + route.path))
    return sorted(routes)


def test_every_write_route_refuses_a_request_without_csrf_token(client: TestClient) -> None:
    routes = _unsafe_routes(client)
    assert ("POST", "/symptoms") in routes and ("POST", "/api/symptoms") in routes and ("POST", "/import") in routes
    client.get("/")  # the browser has its CSRF cookie, but the request does not repeat the token
    for method, path in routes:
        for kwargs in ({"data": {"name": "x"}}, {"json": {"name": "x"}}, {"files": {"files": ("a.gpx", b"<gpx/>")}}):
            response = client.request(method, path.replace("{job_id}", "x"), **kwargs)  # type: ignore[arg-type]
            assert response.status_code == 403, (method, path, kwargs, response.text)


def test_form_with_wrong_csrf_token_is_refused_and_stores_nothing(client: TestClient) -> None:
    csrf_of(client)
    before = client.get("/api/profile").json()
    response = client.post("/profile", data={"csrf_token": "not-the-token-at-all-xxxxxxxx", "name": "Mallory"})
    assert response.status_code == 403
    assert client.get("/api/profile").json() == before


def test_form_with_csrf_token_is_accepted(client: TestClient) -> None:
    token = csrf_of(client)
    response = client.post("/profile", data={"csrf_token": token, "name": "Alice"})
    assert response.status_code == 200
    assert client.get("/api/profile").json()["name"] == "Alice"


def test_csrf_cookie_is_http_only_and_same_site_strict(client: TestClient) -> None:
    cookie = client.get("/").headers["set-cookie"]
    assert cookie.startswith(CSRF_COOKIE + "=") and "HttpOnly" in cookie and "SameSite=Strict" in cookie


def test_security_headers(client: TestClient) -> None:
    headers = client.get("/history").headers
    assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "script-src 'self';" in CONTENT_SECURITY_POLICY  # no inline script can run
    assert headers["x-frame-options"] == "DENY"


def test_loopback_server_refuses_other_host_names(client: TestClient) -> None:
    """DNS rebinding: a page on evil.example resolving to 127.0.0.1 must not read the runner's data."""
    assert client.get("/api/profile", headers={"host": "evil.example:8765"}).status_code == 421
    assert client.get("/api/profile", headers={"host": "localhost:8765"}).status_code == 200
    assert client.get("/api/profile", headers={"host": "[::1]:8765"}).status_code == 200


def test_token_is_required_when_set(demo_copy: Path) -> None:
    token = "t" * 24
    with make_client(demo_copy, token=token, loopback_only=False) as c:
        assert c.get("/").status_code == 401
        assert c.get("/api/profile", headers={"authorization": "Bearer wrong-token-wrong-token"}).status_code == 401
        assert c.get("/api/profile", headers={"authorization": f"Bearer {token}"}).status_code == 200
        # the address printed at start: sets the cookie, then drops the token from the address
        first = c.get(f"/history?weeks=4&token={token}", follow_redirects=False)
        assert first.status_code == 303 and first.headers["location"] == "/history?weeks=4"
        assert c.get("/history?weeks=4").status_code == 200  # the cookie now carries it
        # a script with the token may write without a CSRF cookie (browsers cannot add this header cross-site)
        fresh = make_client(demo_copy, token=token, loopback_only=False)
        assert (
            fresh.post("/api/profile", json={"name": "Bob"}, headers={"authorization": f"Bearer {token}"}).status_code
            == 200
        )


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_loopback_hosts_need_no_token(host: str) -> None:
    assert is_loopback(host)
    check_bind(host, 8765, None)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::", "example.org"])
def test_non_loopback_host_without_token_is_refused(host: str) -> None:
    assert not is_loopback(host)
    with pytest.raises(ServeRefused, match="--new-token"):
        check_bind(host, 8765, None)
    check_bind(host, 8765, "x" * 16)


def test_short_token_and_bad_port_are_refused() -> None:
    with pytest.raises(InputError, match="at least 16"):
        check_bind("0.0.0.0", 8765, "short")
    with pytest.raises(InputError, match="--port"):
        check_bind("127.0.0.1", 70000, None)


def test_serve_on_all_interfaces_without_token_refuses_to_start(tmp_path: Path) -> None:
    """The real command: exit 1, a message saying what to do, and nothing listening."""
    result = CliRunner().invoke(
        cli_app,
        ["--db", str(tmp_path / "t.db"), "serve", "--host", "0.0.0.0", "--port", "1"],
        env={"STRIDEGUARD_WEB_TOKEN": ""},
    )
    assert result.exit_code == 1
    assert "--host" in result.output and "token" in result.output
    process = subprocess.run(
        [
            sys.executable,
            "-c",
            "from strideguard.cli import main; main()",
            "--db",
            str(tmp_path / "t.db"),
            "serve",
            "--host",
            "0.0.0.0",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "", "STRIDEGUARD_WEB_TOKEN": ""},
    )
    assert process.returncode == 1
    assert process.stderr.startswith("Error: --host: '0.0.0.0' is not allowed")
    assert "Traceback" not in process.stderr


def test_serve_on_all_interfaces_with_new_token_prints_it_and_requires_it(demo_copy: Path) -> None:
    import httpx

    from .conftest import start_server

    server = start_server(demo_copy, "--host", "0.0.0.0", "--new-token")
    try:
        line = server.process.stdout.readline().decode()  # type: ignore[union-attr]
        match = re.search(r"\?token=(\S+)", line)
        assert match is not None, line
        token = match.group(1)
        assert len(token) >= 16
        assert httpx.get(server.url + "/api/profile").status_code == 401
        assert httpx.get(server.url + "/api/profile", headers={"authorization": f"Bearer {token}"}).status_code == 200
        # a non-loopback bind answers to its other names too (the token protects it, not the Host header)
        assert (
            httpx.get(
                server.url + "/api/profile", headers={"authorization": f"Bearer {token}", "host": "runner-laptop:1"}
            ).status_code
            == 200
        )
    finally:
        server.process.terminate()
        server.process.wait(timeout=10)


def test_a_csrf_cookie_planted_by_another_service_is_not_accepted(client) -> None:  # type: ignore[no-untyped-def]
    """Another program on localhost can set a cookie for 127.0.0.1; the token must be one this server signed."""
    planted = "a" * 43
    client.cookies.set("sg_csrf", planted)
    forged = client.post("/profile", data={"csrf_token": planted, "name": "Mallory"})
    assert forged.status_code == 403
    assert client.get("/api/profile").json()["name"] != "Mallory"
    # the answer replaced the planted cookie with a signed one, which works
    signed = forged.cookies.get("sg_csrf") or client.cookies.get("sg_csrf")
    assert signed and signed != planted and "." in signed
    client.cookies.set("sg_csrf", signed)
    assert client.post("/profile", data={"csrf_token": signed, "name": "Ann"}).status_code in (200, 303)


def test_refusals_carry_the_security_headers_and_health_pages_are_not_cached(client) -> None:  # type: ignore[no-untyped-def]
    refused = client.post("/profile", data={"name": "x"})
    assert refused.status_code == 403
    for response in (refused, client.get("/"), client.get("/api/status"), client.get("/symptoms")):
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        assert response.headers["cache-control"] == "no-store"
    wrong_host = client.get("/", headers={"host": "evil.example:8765"})
    assert wrong_host.status_code == 421 and wrong_host.headers["x-frame-options"] == "DENY"
    assert client.get("/static/app.css").headers.get("cache-control") != "no-store"
