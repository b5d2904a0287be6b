"""`serve`: the local web app."""

from __future__ import annotations

from pathlib import Path

import typer

from ..errors import InputError, Text
from .app import app, get_db, state


@app.command("serve", help="help.serve")
def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", help="help.serve.host"),
    port: int = typer.Option(8765, "--port", help="help.serve.port"),
    token: str | None = typer.Option(
        None,
        "--token",
        envvar="STRIDEGUARD_WEB_TOKEN",
        show_envvar=True,
        help="help.serve.token",
    ),
    make_token: bool = typer.Option(False, "--new-token", help="help.serve.new_token"),
    max_upload_mb: int = typer.Option(256, "--max-upload-mb", min=1, max=4096, help="help.serve.max_upload_mb"),
    multi_user: bool = typer.Option(False, "--multi-user", help="help.serve.multi_user"),
    tls_cert: Path | None = typer.Option(None, "--tls-cert", help="help.serve.tls_cert"),
    tls_key: Path | None = typer.Option(None, "--tls-key", help="help.serve.tls_key"),
) -> None:
    """Run the local web app (pages, charts and the JSON API under /api/) until Ctrl+C."""
    from ..web import serve as run_server  # the web stack only for this command
    from ..web.security import new_token

    if multi_user:
        from ..config import resolve_db
        from ..web.server import serve_multi_user

        if token is not None or make_token:
            raise InputError("--token", Text("errors.value.hidden"), "errors.clubs.multi_user_token")
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
