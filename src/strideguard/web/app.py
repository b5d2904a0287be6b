"""The FastAPI application: HTML pages, the JSON API under ``/api/`` and static files."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.routing import Match

from .. import DISCLAIMER, __version__, knowledge
from .. import textfmt as show
from ..errors import ConflictError, NotFoundError, StrideguardError, UploadRefused
from ..report.charts import PLOTLY_JS
from ..store import Database
from ..textfmt import number
from .citations import cited
from .forms import refused_field
from .imports import ImportJobs
from .language import LanguageMiddleware, code, link, text_markup, written_in
from .security import SecurityMiddleware, WebSettings

if TYPE_CHECKING:
    from ..club import Club

HERE = Path(__file__).resolve().parent

NAV: tuple[tuple[str, str], ...] = (  # (address, text id of its name)
    ("/", "web.nav.today"),
    ("/calendar", "web.nav.calendar"),
    ("/history", "web.nav.history"),
    ("/symptoms", "web.nav.symptoms"),
    ("/plan", "web.nav.plan"),
    ("/shoes", "web.nav.shoes"),
    ("/import", "web.nav.import"),
    ("/profile", "web.nav.profile"),
)


def templates() -> Jinja2Templates:
    env = Jinja2Templates(directory=str(HERE / "templates"))
    env.env.globals.update(
        nav=NAV, version=__version__, t=knowledge.text, tm=text_markup, code=code, link=link, written_in=written_in
    )
    env.env.globals.update(lang=knowledge.language, languages=knowledge.LANGUAGES)
    env.env.filters["cited"] = cited
    env.env.filters["weekday"] = show.weekday
    env.env.filters["weekday_short"] = show.weekday_short
    env.env.filters["day"] = show.day
    env.env.filters["day_short"] = show.day_short
    env.env.filters["num"] = number
    env.env.globals.update(month_name=show.month_name, weekday_name=show.weekday_name, named=show.named)
    env.env.filters["sport"] = show.sport
    env.env.filters["kind"] = show.kind
    env.env.filters["signal"] = show.signal
    env.env.filters["pace"] = show.pace
    env.env.filters["duration"] = show.duration
    env.env.filters["clock"] = show.clock
    env.env.filters["pct"] = show.percent
    return env


def status_of(exc: StrideguardError) -> int:
    """The HTTP status of a refusal: 404 unknown name, 409 conflict with what is stored, 400 other bad input."""
    if isinstance(exc, UploadRefused):
        return exc.status
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, ConflictError):
        return 409
    return 400


def refusal(request: Request, status: int, message: str, field: str | None) -> Response:
    """``{"error", "field"}`` under /api/, the error page elsewhere."""
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": message, "field": field}, status_code=status)
    return request.app.state.templates.TemplateResponse(
        request,
        "error.html",
        {"message": message, "csrf": request.scope.get("state", {}).get("csrf", ""), "path": request.url.path},
        status_code=status,
    )


def page_message(request: Request, exc: StrideguardError) -> str:
    """What a refusal says: the error's own message under /api/; on a page, in the runner's words: a refused
    value by its field's label and what to do (``web.error.field``), a missing record as the page's own 404."""
    if request.url.path.startswith("/api/"):
        return str(exc)
    if isinstance(exc, NotFoundError):
        return knowledge.text("web.error.not_found")
    return refused_field(exc)[1]


def explain_request_error(exc: RequestValidationError) -> tuple[str, str]:
    """The field (its API name) and a one-line message for FastAPI's own request validation error."""
    first = exc.errors()[0]
    loc = [str(part) for part in first.get("loc", ())]
    field = ".".join(loc[1:]) if len(loc) > 1 else (loc[0] if loc else "request")
    if first.get("type") == "missing":
        return field, knowledge.text("web.request.missing", field=field)
    shown = repr(first.get("input"))
    if len(shown) > 80:
        shown = shown[:77] + "..."
    kind = str(first.get("type"))
    if kind == "literal_error":
        hint = knowledge.text("web.request.hint.one_of", allowed=str((first.get("ctx") or {}).get("expected", "")))
    elif kind in ("int_parsing", "int_type", "dict_type", "json_invalid"):
        hint = knowledge.text(f"web.request.hint.{kind}")
    else:
        hint = str(first.get("msg", ""))
    return field, knowledge.text("web.request.refused", field=field, value=shown, hint=hint)


METHODS: tuple[str, ...] = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def allowed_methods(app: FastAPI, scope: Mapping[str, Any]) -> list[str]:
    """Every method some route fully matches at this request's path (the ``Allow`` header of a 405)."""
    methods = {
        method
        for route in app.router.routes
        for method in METHODS
        if route.matches({**scope, "method": method})[0] is Match.FULL
    }
    return [m for m in METHODS if m in methods]


def create_app(db: Database | None, settings: WebSettings, club: Club | None = None) -> FastAPI:
    """The web app over an open database (one per process; every request uses it).

    With ``club`` (``serve --multi-user``; ``db`` is then None): accounts, consent and one database per
    runner, chosen for each request after its consent check (``web/club``)."""
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
    app.state.jobs = ImportJobs() if club is None else None  # multi-user: each runner's own (web/club)

    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    @app.get("/vendor/plotly.min.js", include_in_schema=False)
    def plotly_js() -> FileResponse:
        """plotly.js's basic bundle (scatter and bar traces), vendored with the report that inlines it."""
        return FileResponse(PLOTLY_JS, media_type="text/javascript", headers={"cache-control": "max-age=86400"})

    @app.get("/api/docs", include_in_schema=False)
    def api_docs(request: Request) -> HTMLResponse:
        csrf = request.scope.get("state", {}).get("csrf", "")
        return request.app.state.templates.TemplateResponse(request, "api_docs.html", {"csrf": csrf})

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return FileResponse(HERE / "static" / "favicon.svg", media_type="image/svg+xml")

    from . import feel, jsonapi, language, pages  # noqa: PLC0415  (routes register on import of the routers)

    app.include_router(language.router)
    feel.install(app)  # how it felt, enter and manage: before the pages, so /runs/new is not read as a run id
    app.include_router(jsonapi.router)
    app.include_router(pages.router)

    @app.exception_handler(StrideguardError)
    async def strideguard_error(request: Request, exc: StrideguardError) -> Response:
        return refusal(request, status_of(exc), page_message(request, exc), getattr(exc, "field", None))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        field, message = explain_request_error(exc)
        return refusal(request, 400, message, field)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if not request.url.path.startswith("/api/"):
            if exc.status_code in (404, 405):  # a page, not JSON: say so in words and lead back
                message = knowledge.text(f"web.error.{exc.status_code}")
                return refusal(request, exc.status_code, message, None)
            return await http_exception_handler(request, exc)
        headers = {k: v for k, v in (exc.headers or {}).items() if k.lower() != "allow"}
        if exc.status_code == 405:
            headers["allow"] = ", ".join(allowed_methods(request.app, request.scope))
        field = "body" if exc.status_code == 400 else None
        return JSONResponse({"error": str(exc.detail), "field": field}, status_code=exc.status_code, headers=headers)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = jsonapi.describe(FastAPI.openapi(app))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented way to post-process the schema

    # inside the security checks and, on the multi-user server, inside sign-in and consent: the profile
    # read is that of the signed-in runner (web/club chooses the database before the language is chosen)
    app.add_middleware(LanguageMiddleware)
    if club is not None:
        from .club import install  # noqa: PLC0415  (sign-in and consent: inside the security middleware)

        install(app, club)
    app.add_middleware(SecurityMiddleware, settings=settings)
    # outermost: every answer of 500 bytes or more, refusals included, compressed for browsers that accept gzip
    app.add_middleware(GZipMiddleware, minimum_size=500, compresslevel=6)
    return app
