"""`serve`: the local web app."""

from __future__ import annotations

import typer

from .app import app, get_db


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
) -> None:
    """Run the local web app (pages, charts and the JSON API under /api/) until Ctrl+C."""
    from ..web import serve as run_server  # the web stack only for this command
    from ..web.security import new_token

    chosen = new_token() if make_token else token
    run_server(
        get_db(ctx),
        host=host,
        port=port,
        token=chosen,
        max_upload_mb=max_upload_mb,
        announce=lambda line: typer.echo(line),
    )
