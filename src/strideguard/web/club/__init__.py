"""The multi-user server's web layer: sign-in and consent middleware, its JSON API and pages.

``install(app, club)`` adds them to the app ``create_app`` builds; the single-runner server never does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from ...errors import AccessRefused
from .kept import Kept
from .middleware import ClubMiddleware, page_words

if TYPE_CHECKING:
    from ...club import Club


def install(app: FastAPI, club: Club) -> None:
    """Routes, pages and the middleware (added before the security middleware, so it runs inside it)."""
    from . import pages, routes  # noqa: PLC0415

    app.state.club = club
    app.state.kept_rosters = Kept()
    app.state.kept_roster_rows = Kept(max_entries=4096)
    app.include_router(routes.router)
    app.include_router(pages.router)

    @app.exception_handler(AccessRefused)
    async def refused(request: Request, exc: AccessRefused) -> Response:
        headers = {"retry-after": str(exc.retry_after)} if exc.retry_after is not None else None
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": exc.message, "field": exc.field}, status_code=exc.status, headers=headers)
        from ..app import refusal  # noqa: PLC0415

        response = refusal(request, exc.status, page_words(exc.message, exc.field), exc.field)
        if headers:
            response.headers.update(headers)
        return response

    app.add_middleware(ClubMiddleware, club=club)
