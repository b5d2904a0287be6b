"""Access token, CSRF token, host check and security headers, as one ASGI middleware.

- Host: when bound to loopback, only requests addressed to a loopback name are
  served (a page on another site that rebinds its DNS name to 127.0.0.1 gets 421).
- Access token (required for a non-loopback bind): ``Authorization: Bearer T``,
  the ``sg_token`` cookie, or ``?token=T`` once (answered with a redirect that
  stores the cookie and drops the token from the address).
- CSRF: every response carries an ``sg_csrf`` cookie signed with this server's
  secret (``nonce.hmac``); every POST, PUT, PATCH or DELETE must repeat it in the
  ``X-CSRF-Token`` header or, for an HTML form, in the ``csrf_token`` field (403
  otherwise). A cookie the server did not sign (one planted by another service on
  localhost) is replaced, never accepted. Multipart uploads go only to the upload
  routes, which check the field before writing anything.
- Size: a form or JSON body over 1 MB is refused with 413 before it is read (uploads and a restored
  backup: up to the upload limit).
- Headers: every answer, refusals included, carries the security headers; every
  page and API answer says ``Cache-Control: no-store`` (health data stays out of
  caches), except the static assets.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode

from .. import knowledge

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CSRF_COOKIE = "sg_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
TOKEN_COOKIE = "sg_token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})
MAX_FORM_BYTES = 1 << 20  # an HTML form without files
MIN_TOKEN_LENGTH = 16
LARGE_BODY_PATHS = frozenset({"/api/restore"})  # a backup document: up to the upload limit
TOO_LARGE = "too large"  # _check_csrf's refusal for a form body past MAX_FORM_BYTES (answered 413)

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and localhost."""
    name = host.strip("[]")
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def new_token() -> str:
    return secrets.token_urlsafe(24)


@dataclass(frozen=True)
class WebSettings:
    """How the web app runs: its data folder, access token and limits."""

    data_dir: Path
    token: str | None = None
    loopback_only: bool = True
    max_upload_bytes: int = 256 * 1024 * 1024
    upload_paths: frozenset[str] = field(default_factory=lambda: frozenset({"/import", "/api/import"}))
    # signs the CSRF cookie; new for each server start (a page from before a restart asks for a reload)
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32), repr=False)

    @property
    def upload_dir(self) -> Path:
        return self.data_dir / "uploads"


def _cookies(scope: Scope) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # a malformed cookie header is ignored, not fatal
                continue
    return {key: morsel.value for key, morsel in jar.items()}


def _header(scope: Scope, wanted: bytes) -> str | None:
    for name, value in scope.get("headers", []):
        if name == wanted:
            return value.decode("latin-1")
    return None


def _host_name(header: str) -> str:
    """The name part of a Host header: ``[::1]:8765`` gives ``[::1]``, ``localhost:8765`` gives ``localhost``."""
    if header.startswith("["):
        return header.split("]", 1)[0] + "]"
    return header.rsplit(":", 1)[0]


def _same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(str(a).encode(), str(b).encode())


SECURITY_HEADERS: list[tuple[bytes, bytes]] = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]
NO_STORE = (b"cache-control", b"no-store")
STATIC_PREFIXES = ("/static/", "/vendor/", "/favicon.ico")


def _signed(secret: bytes, nonce: str) -> str:
    return f"{nonce}.{hmac.new(secret, nonce.encode(), hashlib.sha256).hexdigest()}"


def valid_csrf(secret: bytes, token: str | None) -> bool:
    """Whether ``token`` is a CSRF cookie this server signed."""
    if not token or "." not in token:
        return False
    nonce = token.rsplit(".", 1)[0]
    return len(nonce) >= 20 and _same(_signed(secret, nonce), token)


def _say(scope: Scope, tid: str) -> str:
    """A refusal's text in the language of the request as far as it is known before it is let in."""
    from .language import early_language  # noqa: PLC0415  (the language module reads the api)

    return knowledge.text(tid, lang=early_language(scope))


async def _plain(send: Send, status: int, text: str, extra: list[tuple[bytes, bytes]] | None = None) -> None:
    body = text.encode()
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    headers += [*SECURITY_HEADERS, NO_STORE]
    await send({"type": "http.response.start", "status": status, "headers": headers + (extra or [])})
    await send({"type": "http.response.body", "body": body})


class SecurityMiddleware:
    """See the module docstring. ``scope["state"]["csrf"]`` holds the token templates embed."""

    def __init__(self, app: ASGIApp, settings: WebSettings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = _host_name(_header(scope, b"host") or "")
        if self.settings.loopback_only and host and host not in LOOPBACK_NAMES and not is_loopback(host):
            await _plain(send, 421, _say(scope, "web.refused.host"))
            return
        cookies = _cookies(scope)
        set_cookies: list[tuple[bytes, bytes]] = []
        if self.settings.token is not None:
            query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
            given = query.get("token", [None])[0]
            if _same(given, self.settings.token):
                rest = {k: v for k, v in query.items() if k != "token"}
                location = scope.get("path", "/") + ("?" + urlencode(rest, doseq=True) if rest else "")
                cookie = f"{TOKEN_COOKIE}={self.settings.token}; Path=/; HttpOnly; SameSite=Strict"
                await send(
                    {
                        "type": "http.response.start",
                        "status": 303,
                        "headers": [
                            (b"location", location.encode()),
                            (b"set-cookie", cookie.encode()),
                            (b"content-length", b"0"),
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": b""})
                return
            bearer = (_header(scope, b"authorization") or "").removeprefix("Bearer ").strip()
            if not (_same(bearer, self.settings.token) or _same(cookies.get(TOKEN_COOKIE), self.settings.token)):
                await _plain(send, 401, _say(scope, "web.refused.token"))
                return
        sent_csrf = cookies.get(CSRF_COOKIE)
        csrf = sent_csrf if sent_csrf is not None and valid_csrf(self.settings.secret, sent_csrf) else ""
        if not csrf:
            csrf = _signed(self.settings.secret, secrets.token_urlsafe(32))
            set_cookies.append((b"set-cookie", f"{CSRF_COOKIE}={csrf}; Path=/; HttpOnly; SameSite=Strict".encode()))
            cookies = {k: v for k, v in cookies.items() if k != CSRF_COOKIE}  # an unsigned cookie counts for nothing
        scope.setdefault("state", {})["csrf"] = csrf

        if scope["method"] in UNSAFE_METHODS:
            if self._too_large(scope):
                await _plain(send, 413, _say(scope, "web.refused.too_large"), set_cookies)
                return
            receive, refusal = await self._check_csrf(scope, receive, csrf, cookies)
            if refusal == TOO_LARGE:
                await _plain(send, 413, _say(scope, "web.refused.too_large"), set_cookies)
                return
            if refusal:
                await _plain(send, 403, refusal, set_cookies)
                return
        static = str(scope.get("path", "")).startswith(STATIC_PREFIXES)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", []) if static or h[0].lower() != b"cache-control"]
                headers += set_cookies
                headers += SECURITY_HEADERS
                if not static:
                    headers.append(NO_STORE)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _too_large(self, scope: Scope) -> bool:
        """A body announced larger than a form may be (1 MB); uploads and a restored backup may be as large as
        an upload (the upload routes check their own streamed size as well)."""
        if scope.get("path") in self.settings.upload_paths:
            return False
        limit = self.settings.max_upload_bytes if scope.get("path") in LARGE_BODY_PATHS else MAX_FORM_BYTES
        try:
            return int(_header(scope, b"content-length") or 0) > limit
        except ValueError:
            return False

    async def _check_csrf(
        self, scope: Scope, receive: Receive, csrf: str, cookies: dict[str, str]
    ) -> tuple[Receive, str | None]:
        """The (possibly replayed) receive channel and a refusal message, or None when allowed."""
        refusal = _say(scope, "web.refused.csrf")
        cookie = cookies.get(CSRF_COOKIE)
        if self.settings.token is not None:
            bearer = (_header(scope, b"authorization") or "").removeprefix("Bearer ").strip()
            if _same(bearer, self.settings.token):
                return receive, None  # a script with the token: browsers cannot add this header cross-site
        if _same(_header(scope, b"x-csrf-token"), cookie):
            return receive, None
        content_type = (_header(scope, b"content-type") or "").split(";")[0].strip().lower()
        if content_type == "multipart/form-data":
            if scope.get("path") in self.settings.upload_paths:
                scope["state"]["csrf_check_in_body"] = cookie  # the upload route checks the field first
                return receive, None if cookie else refusal
            return receive, refusal
        if content_type != "application/x-www-form-urlencoded":
            return receive, refusal
        body, more = b"", True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > MAX_FORM_BYTES:
                return receive, TOO_LARGE
        field_value = parse_qs(body.decode("utf-8", "replace")).get(CSRF_FIELD, [None])[0]
        if not _same(field_value, cookie):
            return receive, refusal
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        return replay, None
