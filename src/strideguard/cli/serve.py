"""`serve`: the local web app."""

from __future__ import annotations

from pathlib import Path

import typer

from .. import knowledge
from ..errors import InputError
from .app import app, get_db, state


@app.command("serve")
def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on; anything but loopback needs a token."),
    port: int = typer.Option(8765, "--port", help="TCP port to listen on."),
    token: str | None = typer.Option(
        None,
        "--token",
        envvar="STRIDEGUARD_WEB_TOKEN",
        show_envvar=True,
        help="Access token every request must carry (at least 16 characters); required with a non-loopback --host.",
    ),
    make_token: bool = typer.Option(
        False, "--new-token", help="Make a fresh random access token and print it at start."
    ),
    max_upload_mb: int = typer.Option(256, "--max-upload-mb", min=1, max=4096, help="Largest upload accepted, in MB."),
    multi_user: bool = typer.Option(
        False,
        "--multi-user",
        help="A server for many runners (a club, a clinic): accounts, consent, the roster; --db names its database.",
    ),
    tls_cert: Path | None = typer.Option(None, "--tls-cert", help="--multi-user: HTTPS certificate (PEM)."),
    tls_key: Path | None = typer.Option(None, "--tls-key", help="--multi-user: HTTPS private key (PEM)."),
) -> None:
    """Run the local web app (pages, charts and the JSON API under /api/) until Ctrl+C."""
    from ..web import serve as run_server  # the web stack only for this command
    from ..web.security import new_token

    if multi_user:
        from ..config import resolve_db
        from ..web.server import serve_multi_user

        if token is not None or make_token:
            raise InputError("--token", "(hidden)", knowledge.text("clubs.error.multi_user_token"))
        serve_multi_user(
            resolve_db(state(ctx).db_arg),
            host=host,
            port=port,
            max_upload_mb=max_upload_mb,
            tls=(tls_cert, tls_key),
            announce=lambda line: typer.echo(line),
        )
        return

    chosen = new_token() if make_token else token
    run_server(
        get_db(ctx),
        host=host,
        port=port,
        token=chosen,
        max_upload_mb=max_upload_mb,
        announce=lambda line: typer.echo(line),
    )
