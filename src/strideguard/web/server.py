"""Starting the web app with uvicorn: loopback by default, a token for anything else."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import uvicorn

from .. import knowledge
from ..config import data_dir_for
from ..errors import InputError, Text
from ..store import Database
from .app import create_app
from .security import MIN_TOKEN_LENGTH, WebSettings, is_loopback


class ServeRefused(InputError):
    """The server will not start as asked (a non-loopback host without a token)."""


def check_bind(host: str, port: int, token: str | None) -> None:
    """Refuse a bind that would expose the runner's health data without an access token."""
    if not 1 <= port <= 65535:
        raise InputError("--port", port, "errors.clubs.port")
    if token is not None and len(token) < MIN_TOKEN_LENGTH:
        raise InputError("--token", Text("errors.value.hidden"), "errors.serve.token_short", most=MIN_TOKEN_LENGTH)
    if not is_loopback(host) and token is None:
        raise ServeRefused("--host", host, "errors.serve.host_needs_token")


def settings_for(db: Database, host: str, token: str | None, max_upload_mb: int) -> WebSettings:
    return WebSettings(
        data_dir=data_dir_for(db.url),
        token=token,
        loopback_only=is_loopback(host),
        max_upload_bytes=max_upload_mb * 1024 * 1024,
    )


def serve(
    db: Database,
    host: str = "127.0.0.1",
    port: int = 8765,
    token: str | None = None,
    max_upload_mb: int = 256,
    announce: Callable[[str], None] = print,
) -> None:
    """Run the web app until interrupted. ``announce`` prints the address (with the token when one is set)."""
    check_bind(host, port, token)
    settings = settings_for(db, host, token, max_upload_mb)
    Path(settings.data_dir).mkdir(parents=True, exist_ok=True)
    app = create_app(db, settings)
    shown = f"[{host}]" if ":" in host else host
    address = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else shown}:{port}/"
    if token is not None:
        announce(knowledge.text("cli.serve.with_token", address=address, token=token))
        announce(knowledge.text("cli.serve.token", token=token, host=host))
    else:
        announce(knowledge.text("cli.serve.local", address=address))
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, server_header=False)


def check_multi_user_bind(host: str, port: int, tls: tuple[Path | None, Path | None]) -> None:
    """A multi-user server beyond this machine only over HTTPS: passwords and session cookies never travel in clear."""
    if not 1 <= port <= 65535:
        raise InputError("--port", port, "errors.clubs.port")
    cert, key = tls
    if (cert is None) != (key is None):
        raise InputError("--tls-cert" if cert is None else "--tls-key", "", "errors.clubs.tls_pair")
    for option, path in (("--tls-cert", cert), ("--tls-key", key)):
        if path is not None and not path.is_file():
            raise InputError(option, str(path), "errors.clubs.pem_file")
    if not is_loopback(host) and cert is None:
        raise ServeRefused("--host", host, "errors.clubs.multi_user_host")


def serve_multi_user(
    url: str,
    host: str = "127.0.0.1",
    port: int = 8765,
    max_upload_mb: int = 256,
    tls: tuple[Path | None, Path | None] = (None, None),
    announce: Callable[[str], None] = print,
) -> None:
    """Run the multi-user server over the server database ``url`` until interrupted."""
    from ..club import Club  # noqa: PLC0415

    check_multi_user_bind(host, port, tls)
    club = Club.open(url)
    try:
        settings = WebSettings(
            data_dir=data_dir_for(url),
            token=None,
            loopback_only=is_loopback(host),
            max_upload_bytes=max_upload_mb * 1024 * 1024,
        )
        Path(settings.data_dir).mkdir(parents=True, exist_ok=True)
        app = create_app(None, settings, club=club)
        if not any(u["role"] == "admin" for u in club.accounts.every()):
            announce(knowledge.text("cli.serve.no_admin", db=club.db.shown()))
        club.roster.start()  # roster summaries: missing or of a past day first, then after each write
        scheme = "https" if tls[0] is not None else "http"
        shown = f"[{host}]" if ":" in host else host
        address = f"{scheme}://{'127.0.0.1' if host in ('0.0.0.0', '::') else shown}:{port}/"
        announce(knowledge.text("cli.serve.multi_user", address=address))
        cert, key = tls
        uvicorn.run(
            app,
            host=host,
            port=port,
            log_level="warning",
            access_log=False,
            server_header=False,
            ssl_certfile=None if cert is None else str(cert),
            ssl_keyfile=None if key is None else str(key),
        )
    finally:
        club.close()
