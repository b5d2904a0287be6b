"""The FastAPI application: HTML pages, the JSON API under ``/api/`` and static files."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import plotly
from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from .. import DISCLAIMER, __version__, knowledge
from ..errors import InputError, NotFoundError, StrideguardError
from ..store import Database
from ..textfmt import number
from .citations import cited
from .imports import ImportJobs
from .security import SecurityMiddleware, WebSettings

HERE = Path(__file__).resolve().parent
PLOTLY_JS = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"

NAV: tuple[tuple[str, str], ...] = (
    ("/", "Today"),
    ("/history", "History"),
    ("/symptoms", "Symptoms"),
    ("/plan", "Plan"),
    ("/shoes", "Shoes"),
    ("/import", "Import"),
    ("/profile", "Profile"),
)


def templates() -> Jinja2Templates:
    env = Jinja2Templates(directory=str(HERE / "templates"))
    env.env.globals.update(nav=NAV, disclaimer=DISCLAIMER, version=__version__, t=knowledge.text)
    env.env.filters["cited"] = cited
    env.env.filters["weekday"] = lambda value: date.fromisoformat(str(value)).strftime("%a %Y-%m-%d")
    env.env.filters["label"] = lambda value: "" if value is None else str(value).replace("_", " ")
    env.env.filters["num"] = number
    env.env.filters["pct"] = lambda value: "–" if value is None else f"{value * 100:.0f} %"
    return env


def create_app(db: Database, settings: WebSettings) -> FastAPI:
    """The web app over an open database (one per process; every request uses it)."""
    app = FastAPI(
        title="strideguard",
        version=__version__,
        description="The strideguard JSON API: the same use cases as the command line. " + DISCLAIMER,
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.db = db
    app.state.settings = settings
    app.state.templates = templates()
    app.state.jobs = ImportJobs()

    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    @app.get("/vendor/plotly.min.js", include_in_schema=False)
    def plotly_js() -> FileResponse:
        """plotly.js as shipped inside the installed ``plotly`` Python package."""
        return FileResponse(PLOTLY_JS, media_type="text/javascript", headers={"cache-control": "max-age=86400"})

    @app.get("/api/docs", include_in_schema=False)
    def api_docs(request: Request) -> HTMLResponse:
        csrf = request.scope.get("state", {}).get("csrf", "")
        return request.app.state.templates.TemplateResponse(request, "api_docs.html", {"csrf": csrf})

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return FileResponse(HERE / "static" / "favicon.svg", media_type="image/svg+xml")

    from . import jsonapi, pages  # noqa: PLC0415  (routes register on import of the routers)

    app.include_router(jsonapi.router)
    app.include_router(pages.router)

    @app.exception_handler(StrideguardError)
    async def strideguard_error(request: Request, exc: StrideguardError) -> Response:
        status = 404 if isinstance(exc, NotFoundError) else 400
        body: dict[str, Any] = {"error": str(exc)}
        if isinstance(exc, InputError):
            body["field"] = exc.field
        if request.url.path.startswith("/api/"):
            return JSONResponse(body, status_code=status)
        return request.app.state.templates.TemplateResponse(
            request, "error.html", {"message": str(exc)}, status_code=status
        )

    app.add_middleware(SecurityMiddleware, settings=settings)
    return app
