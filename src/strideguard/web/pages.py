"""Server-rendered pages. Each handler calls ``strideguard.api`` and renders one template.

Forms post as ordinary HTML forms (they work without JavaScript); with htmx the
same handlers answer with just the part of the page that changed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2.utils import htmlsafe_json_dumps

from .. import api, knowledge
from .. import textfmt as show
from ..api import web as web_views
from ..api.memo import memoized
from ..api.run_detail import pace_min_per_km
from ..errors import InputError, StrideguardError
from ..plan.core import MAX_DAYS
from ..report import charts
from ..store import Database
from . import today as today_view
from .cached import view
from .context import database, import_jobs
from .forms import SymptomForm, profile_choices, profile_from_form, profile_typed, refused_field, symptom_form
from .route import route_svg
from .uploads import UploadRefused, receive_upload

router = APIRouter(include_in_schema=False)
RECENT_DAYS = 60  # the Today page lists the latest activities of this many days
TABLE_ROWS = 60  # History lists at most this many activities as rows or cards (the charts and calendar show them all)


def _db(request: Request) -> Database:
    return database(request)


def _render(
    request: Request, name: str, context: dict[str, Any], status_code: int = 200, keep: bool = False
) -> HTMLResponse:
    """The page ``name`` with ``context``. ``keep``: a page drawn from the database alone (and the URL, the
    language and the day) is kept until the data changes, as its views are (:func:`kept_page`)."""
    context = {**context}  # a kept view's dict is shared between requests: never change it
    csrf = request.scope.get("state", {}).get("csrf", "")
    context.setdefault("path", request.url.path)
    if not keep or request.method != "GET":
        context.setdefault("csrf", csrf)
        return request.app.state.templates.TemplateResponse(request, name, context, status_code=status_code)
    return kept_page(request, name, context, status_code, csrf)


CSRF_SLOT = "sg-csrf-slot-0c5e2a"  # where a kept page takes each request's own CSRF token


def kept_page(request: Request, name: str, context: dict[str, Any], status_code: int, csrf: str) -> HTMLResponse:
    """Rendering a page costs more than computing its (kept) views: the rendered page is kept too, per URL,
    htmx or not, viewer (multi-user) and, through the memo, language, data version and day. Each request's
    CSRF token goes into the kept page's slots; nothing else of a request reaches the templates."""
    state = request.scope.get("state", {})
    viewer = (repr(state.get("grant")), repr(state.get("user")))
    key = ("page", name, str(request.url), _htmx(request), status_code, viewer)

    def draw() -> bytes:
        drawn = request.app.state.templates.TemplateResponse(
            request, name, {**context, "csrf": CSRF_SLOT}, status_code=status_code
        )
        return bytes(drawn.body)

    body = memoized(_db(request), key, draw)
    return HTMLResponse(body.replace(CSRF_SLOT.encode(), csrf.encode()), status_code=status_code)


def _htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


async def _form(request: Request) -> dict[str, list[str]]:
    body = (await request.body()).decode("utf-8", "replace")
    return parse_qs(body, keep_blank_values=True)


# --- Today -----------------------------------------------------------------


def _run_view(activity: dict[str, Any]) -> dict[str, Any]:
    """An activity of ``api.activities`` as the run cards show it (km, minutes, pace)."""
    seconds = activity.get("moving_s") or activity.get("elapsed_s")
    distance = activity.get("distance_m")
    return {
        "id": activity["id"],
        "date": activity["local_date"],
        "start_time": activity["start_time"],
        "sport": activity["sport"],
        "distance_km": None if distance is None else distance / 1000.0,
        "duration_min": None if not seconds else seconds / 60.0,
        "pace_min_per_km": pace_min_per_km(distance, seconds),
        "avg_hr": activity.get("avg_hr"),
    }


@router.get("/", response_class=HTMLResponse)
def today(request: Request) -> HTMLResponse:
    profile = view(request, api.profile_show)
    current = view(request, api.status)
    upcoming = view(request, api.plan, days=3)
    since = (date.today() - timedelta(days=RECENT_DAYS)).isoformat()
    recent = [_run_view(a) for a in view(request, api.activities, since=since)[-5:][::-1]]
    has_runs = bool(recent) or bool(view(request, api.activities))  # the whole list only when none is recent
    guide = None if has_runs else today_view.first_run(profile, False, view(request, api.shoes_list))
    return _render(
        request,
        "today.html",
        {
            "title": knowledge.text("web.today.title"),
            "profile": profile,
            "status": current,
            "instruction": today_view.instruction(current, date.fromisoformat(current["date"])),
            "groups": today_view.groups(current["signals"]),
            "guide": guide,
            "plan": upcoming,
            "recent": recent,
            "wellness": view(request, api.wellness, current["date"], days=7),
        },
        keep=True,
    )


@router.get("/runs/{activity_id}", response_class=HTMLResponse)
def run_page(request: Request, activity_id: str) -> HTMLResponse:
    """One run: route (inline SVG from its GPS points), elevation, pace, heart rate, cadence, splits, terrain, form."""
    run_page = view(request, _run_page, _whole("activity_id", activity_id, knowledge.text("web.hint.activity_id")))
    return _render(request, "run.html", run_page, keep=True)


def _run_page(db: Database, activity_id: int) -> dict[str, Any]:
    run = memoized(db, ("run", activity_id), lambda: api.run_detail(db, activity_id))
    return {
        "title": knowledge.text("web.run.title", sport=show.sport(run["sport"]), date=show.weekday(run["local_date"])),
        "run": run,
        "route": route_svg(run["course"]["route"]),
        "figures": as_json(charts.run_figures(run["course"])),
    }


@router.get("/calendar", response_class=HTMLResponse)
def calendar_page(
    request: Request, view_name: str = Query("month", alias="view"), day: str | None = Query(None, alias="date")
) -> HTMLResponse:
    """Month or week of runs, planned sessions and symptom reports, weeks starting on Monday."""
    data = view(request, api.calendar, view=view_name, date=day)
    return _render(request, "calendar.html", {"title": knowledge.text("web.calendar.title"), "cal": data}, keep=True)


def _whole(field: str, text: str, hint: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise InputError(field, text, hint) from None


@router.post("/episodes/{episode}/resolve", response_class=HTMLResponse)
async def episode_resolve(request: Request, episode: int) -> Response:
    """Close an open episode from its banner; back to the page it was on, or the banner with the error."""
    form = await _form(request)
    reason = (form.get("reason") or [""])[-1]
    back = (form.get("next") or ["/"])[-1]
    try:
        api.symptom_resolve(_db(request), episode, reason)
    except StrideguardError as exc:
        context = {
            "title": knowledge.text("web.episodes.title"),
            "episodes": api.episodes(_db(request)),
            "resolve_error": (episode, str(exc)),
        }
        return _render(request, "episodes_page.html", context, status_code=400)
    return RedirectResponse(back if back.startswith("/") and not back.startswith("//") else "/", status_code=303)


@router.get("/sources", response_class=HTMLResponse)
def sources(request: Request) -> HTMLResponse:
    """Every source the advice cites, each with an anchor the [source-id] links point to."""
    return _render(
        request,
        "sources.html",
        {"title": knowledge.text("web.sources.title"), "sources": sorted(knowledge.sources().items())},
        keep=True,
    )


# --- History ---------------------------------------------------------------


@router.get("/history", response_class=HTMLResponse)
def history(request: Request, weeks: str = "26") -> HTMLResponse:
    """A ``weeks`` outside what ``api.web.history`` takes is the error page (400), never silently changed."""
    try:
        count = int(weeks)
    except ValueError:
        raise InputError("weeks", weeks, knowledge.text("web.hint.weeks")) from None
    return _render(
        request,
        "history.html",
        {"title": knowledge.text("web.history.title"), "weeks": count, **view(request, _history_page, count)},
        keep=True,
    )


def _history_page(db: Database, weeks: int) -> dict[str, Any]:
    """History's data and its charts as JSON, once per change of the data (kept by the memo, see ``view``)."""
    data = memoized(db, ("history", weeks), lambda: web_views.history(db, weeks=weeks))
    upcoming = memoized(db, ("plan", 7), lambda: api.plan(db, days=7))
    shown = charts.thinned(data)
    figures = {
        "weekly": charts.weekly_figure(data, (upcoming.get("weeks") or [None])[0]),
        "banister": charts.banister_figure(shown),
        "load": charts.load_figure(shown),
        "ratio": charts.ratio_figure(shown),
        "terrain": charts.trend_figure(data),
    }
    return {"history": data, "table_rows": data["runs"][:TABLE_ROWS], "figures": as_json(figures)}


def as_json(figures: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Each figure's title and its JSON, serialised once (safe inside a script element)."""
    return {
        key: {"title": figure["layout"]["title"]["text"], "json": htmlsafe_json_dumps(figure, separators=(",", ":"))}
        for key, figure in figures.items()
    }


# --- Symptoms --------------------------------------------------------------


def _symptom_context(request: Request, form: SymptomForm, **more: Any) -> dict[str, Any]:
    context: dict[str, Any] = {
        "title": knowledge.text("web.symptoms.title"),
        "form": form,
        "today": date.today().isoformat(),
        "reports": list(reversed(api.symptom_list(_db(request)))),
        "result": None,
        "error": None,
    }
    context.update(more)
    return context


def _read_symptom_form(request: Request, sent: dict[str, list[str]], show_errors: bool = True) -> SymptomForm:
    return symptom_form(sent, api.profile_show(_db(request)), date.today(), show_errors=show_errors)


@router.get("/symptoms", response_class=HTMLResponse)
def symptoms(request: Request) -> HTMLResponse:
    sent = parse_qs(request.url.query, keep_blank_values=True)
    return _render(
        request, "symptoms.html", _symptom_context(request, _read_symptom_form(request, sent, False)), keep=True
    )


@router.get("/symptoms/questions", response_class=HTMLResponse)
def symptom_questions(request: Request) -> HTMLResponse:
    """The form's questions for the answers so far (htmx asks for it when a deciding answer changes)."""
    sent = parse_qs(request.url.query, keep_blank_values=True)
    form = _read_symptom_form(request, sent, show_errors=False)
    return _render(request, "_symptom_questions.html", {"form": form, "today": date.today().isoformat()})


def _refused(form: SymptomForm, exc: StrideguardError) -> tuple[SymptomForm, str]:
    """Put an error the API found next to its question when there is one; else a general message."""
    field = getattr(exc, "field", None)
    if isinstance(exc, InputError) and any(f.name == field for g in form.groups for f in g.fields):
        errors = {**form.errors, str(field): exc.allowed}
        groups = tuple(
            replace(g, fields=tuple(replace(f, error=errors.get(f.name)) for f in g.fields)) for g in form.groups
        )
        return replace(form, groups=groups, errors=errors), knowledge.text("intake.web.refused")
    return form, str(exc)


@router.post("/symptoms", response_class=HTMLResponse)
async def symptoms_post(request: Request) -> HTMLResponse:
    sent = await _form(request)
    action = (sent.get("action") or ["log"])[-1]
    store = action != "triage"
    form = _read_symptom_form(request, sent, show_errors=action != "questions")
    result: dict[str, Any] | None = None
    error: str | None = None
    if action == "questions":  # the no-JavaScript way to see the questions for the answers so far
        return _render(request, "symptoms.html", _symptom_context(request, form))
    if form.errors:
        error = knowledge.text("intake.web.refused")
    else:
        try:
            if store:
                logged = api.symptom_log(_db(request), form.report)
                result = logged.get("triage", logged)
            else:
                result = api.triage(_db(request), form.report)
        except StrideguardError as exc:
            form, error = _refused(form, exc)
    context = _symptom_context(request, form, result=result, error=error, stored=store)
    if _htmx(request):
        context["oob"] = store and error is None  # refresh the list of reports too
        context["questions_oob"] = True  # and the questions: errors marked, or cleared
        return _render(request, "_symptom_result.html", context, status_code=200 if error is None else 400)
    return _render(request, "symptoms.html", context, status_code=200 if error is None else 400)


# --- Plan ------------------------------------------------------------------


def _plan_days(text: str) -> int:
    """The ``days`` of the Plan page: a whole number, range-checked by ``api.plan`` (one limit, MAX_DAYS)."""
    try:
        return int(text)
    except ValueError:
        raise InputError("days", text, knowledge.text("web.hint.days", most=MAX_DAYS)) from None


@router.get("/plan", response_class=HTMLResponse)
def plan(request: Request, days: str = "7") -> HTMLResponse:
    """The plan; a ``days`` outside 1..MAX_DAYS is refused on the page (400), never silently changed."""
    error, result, wanted = None, None, 7
    try:
        wanted = _plan_days(days)
        result = view(request, api.plan, days=wanted)
    except InputError as exc:
        error = str(exc)
    return _render(
        request,
        "plan.html",
        {"title": knowledge.text("web.plan.title"), "plan": result, "days": wanted, "error": error},
        status_code=200 if error is None else 400,
        keep=True,
    )


@router.get("/plan.ics")
def plan_ics(request: Request, days: str = "7") -> Response:
    """The plan as a calendar file for a phone (a bad ``days`` is the error page, 400)."""
    text = api.plan_ics(_db(request), days=_plan_days(days))
    return Response(
        text,
        media_type="text/calendar; charset=utf-8",
        headers={"content-disposition": 'attachment; filename="strideguard-plan.ics"'},
    )


# --- Shoes -----------------------------------------------------------------

SHOE_ACTIONS: dict[str, Callable[..., Any]] = {
    "add": api.shoes_add,
    "retire": api.shoes_retire,
    "default": api.shoes_default,
}


@router.get("/shoes", response_class=HTMLResponse)
def shoes(request: Request) -> HTMLResponse:
    return _render(request, "shoes.html", _shoe_context(request), keep=True)


def _shoe_context(request: Request, **more: Any) -> dict[str, Any]:
    context: dict[str, Any] = {
        "title": knowledge.text("web.shoes.title"),
        "shoes": api.shoes_list(_db(request)),
        "error": None,
        "bad_field": None,
        "typed": {},
        "today": date.today().isoformat(),
    }
    context.update(more)
    return context


@router.post("/shoes", response_class=HTMLResponse)
async def shoes_post(request: Request) -> Response:
    form = {k: v[-1].strip() for k, v in (await _form(request)).items()}
    action = form.get("action", "add")
    error = None
    try:
        function = SHOE_ACTIONS.get(action, api.shoes_add)
        if action == "retire":
            function(_db(request), form.get("name", ""), on=form.get("on") or None)
        elif action == "default":
            function(_db(request), form.get("name", ""))
        else:
            km = form.get("initial_km") or "0"
            function(
                _db(request),
                form.get("name", ""),
                brand=form.get("brand") or None,
                started_on=form.get("started_on") or None,
                initial_km=_float(km),
                default=form.get("make_default") == "on",
            )
    except StrideguardError as exc:
        bad_field, error = refused_field(exc)
    else:
        bad_field = None
    typed = form if error is not None and action == "add" else {}
    context = _shoe_context(request, error=error, bad_field=bad_field, typed=typed)
    return _render(request, "shoes.html", context, status_code=200 if error is None else 400)


def _float(text: str) -> float | str:
    try:
        return float(text)
    except ValueError:
        return text


# --- Import ----------------------------------------------------------------


@router.get("/import", response_class=HTMLResponse)
def import_page(request: Request) -> HTMLResponse:
    settings = request.app.state.settings
    return _render(
        request,
        "import.html",
        {
            "title": knowledge.text("web.import.title"),
            "max_mb": settings.max_upload_bytes // (1024 * 1024),
            "job": None,
            "error": None,
        },
    )


@router.post("/import", response_class=HTMLResponse)
async def import_post(request: Request) -> HTMLResponse:
    settings = request.app.state.settings
    context: dict[str, Any] = {
        "title": knowledge.text("web.import.title"),
        "max_mb": settings.max_upload_bytes // (1024 * 1024),
        "job": None,
        "error": None,
    }
    status_code = 200
    try:
        upload = await receive_upload(
            request, settings.upload_dir, settings.max_upload_bytes, request.scope["state"].get("csrf_check_in_body")
        )
        if not upload.files:
            upload.discard()
            raise UploadRefused(400, knowledge.text("web.import.choose_files"))
        context["job"] = import_jobs(request).start(_db(request), upload)
    except UploadRefused as exc:
        context["error"], status_code = exc.message, exc.status
    template = "_import_job.html" if _htmx(request) else "import.html"
    return _render(request, template, context, status_code=status_code)


@router.get("/import/jobs/{job_id}", response_class=HTMLResponse)
def import_job(request: Request, job_id: str) -> HTMLResponse:
    job = import_jobs(request).get(job_id)
    if job is None:
        return _render(
            request,
            "_import_job.html",
            {"job": None, "error": knowledge.text("web.import.unknown_job")},
            404,
        )
    return _render(
        request,
        "_import_job.html" if _htmx(request) else "import.html",
        {
            "title": knowledge.text("web.import.title"),
            "job": job,
            "error": None,
            "max_mb": request.app.state.settings.max_upload_bytes // 1048576,
        },
    )


# --- Profile ---------------------------------------------------------------


@router.get("/profile", response_class=HTMLResponse)
def profile(request: Request) -> HTMLResponse:
    return _render(
        request,
        "profile.html",
        {
            "title": knowledge.text("web.profile.title"),
            "profile": api.profile_show(_db(request)),
            "choices": profile_choices(),
            "error": None,
            "bad_field": None,
            "saved": False,
        },
    )


@router.post("/profile", response_class=HTMLResponse)
async def profile_post(request: Request) -> HTMLResponse:
    form = await _form(request)
    error, saved, bad_field = None, False, None
    shown = api.profile_show(_db(request))
    try:
        api.profile_set(_db(request), **profile_from_form(form))
        saved = True
        shown = api.profile_show(_db(request))
    except StrideguardError as exc:
        bad_field, error = refused_field(exc)
        shown = {**shown, **profile_typed(form)}  # what was typed stays in the form, to correct
    return _render(
        request,
        "profile.html",
        {
            "title": knowledge.text("web.profile.title"),
            "profile": shown,
            "choices": profile_choices(),
            "error": error,
            "bad_field": bad_field,
            "saved": saved,
        },
        status_code=200 if error is None else 400,
    )
