"""Pages of "how it felt" and "enter and manage": rate a run, the morning check-in, add a run by hand,
edit or delete a run or a symptom report, and undo a deletion.

Each handler calls one ``strideguard.api`` function. Forms post as ordinary HTML forms (they work
without JavaScript) and answer with a redirect (303) when they succeed, or the same page with the
typed values kept and the refused field marked (400). Deleting always goes through a confirmation
page; a deletion can be undone from the page it leads to (``/deleted``).

``install(app)`` adds the routes (before the other pages, so that ``/runs/new`` is never read as a
run's number) and the ``feel_today`` template function that ``_today_feel.html`` (included by Today) uses.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any
from urllib.parse import parse_qs, quote

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from .. import api, knowledge
from ..domain import SPORTS
from ..errors import InputError, NotFoundError, StrideguardError
from ..store import Database
from .context import database
from .forms import symptom_form

router = APIRouter(include_in_schema=False)
KEEP_DAYS = 30  # store.trash.KEEP_DAYS, shown on the pages


def _db(request: Request) -> Database:
    return database(request)


def _render(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    context.setdefault("csrf", request.scope.get("state", {}).get("csrf", ""))
    context.setdefault("path", request.url.path)
    context.setdefault("keep_days", KEEP_DAYS)
    return request.app.state.templates.TemplateResponse(request, name, context, status_code=status_code)


async def _form(request: Request) -> dict[str, list[str]]:
    body = (await request.body()).decode("utf-8", "replace")
    return parse_qs(body, keep_blank_values=True)


def _one(form: Mapping[str, list[str]], name: str) -> str:
    values = form.get(name) or []
    return values[-1].strip() if values else ""


def _back(form: Mapping[str, list[str]], default: str) -> str:
    """Where a form goes back to: a path of this site only (never another site)."""
    target = _one(form, "next")
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else default


def _see(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


def _htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def _number(text: str) -> float | str:
    try:
        return float(text)
    except ValueError:
        return text


def _whole(text: str) -> int | str | None:
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        return text


def _activity(request: Request, activity_id: int) -> dict[str, Any]:
    """One stored activity (404 page when there is none)."""
    return api.activity(_db(request), activity_id)


def _error(exc: StrideguardError) -> tuple[str | None, str]:
    """The field a refusal is about (for marking it) and its message."""
    return getattr(exc, "field", None), str(exc)


# --- rating a run ------------------------------------------------------------------


def rpe_choices() -> list[tuple[int, str]]:
    return [(n, f"{n} · {knowledge.text(f'feel.rpe.{n}')}") for n in range(11)]


@router.get("/runs/{activity_id}/rate", response_class=HTMLResponse)
def rate_form(request: Request, activity_id: int) -> HTMLResponse:
    """The rating form alone (History loads it into a row with htmx; without JavaScript: the edit page)."""
    run = _activity(request, activity_id)
    return _render(request, "_rate_form.html", {"run": run, "next": "/history", "compact": True})


@router.post("/runs/{activity_id}/rate", response_class=HTMLResponse)
async def rate(request: Request, activity_id: int) -> Response:
    form = await _form(request)
    back = _back(form, f"/runs/{activity_id}/edit")
    try:
        run = api.run_rate(_db(request), activity_id, _whole(_one(form, "rpe")), _one(form, "note") or None)
    except NotFoundError:
        raise
    except StrideguardError as exc:
        field, message = _error(exc)
        run = _activity(request, activity_id)
        context = {"run": run, "next": back, "rate_error": message, "typed": form, "compact": _htmx(request)}
        if _htmx(request):
            return _render(request, "_rate_form.html", context, status_code=400)
        return _render(request, "run_edit.html", {**context, **_edit_context(request, run)}, status_code=400)
    if _htmx(request):
        return _render(request, "_run_feel_cell.html", {"r": run, "saved": True})
    return _see(back)


# --- adding, editing and deleting runs --------------------------------------------


def _shoe_names(request: Request) -> list[str]:
    return [s["name"] for s in api.shoes_list(_db(request)) if not s["retired_on"]]


@router.get("/runs/new", response_class=HTMLResponse)
def run_new(request: Request) -> HTMLResponse:
    return _render(request, "run_new.html", _new_context(request, {}, None, None))


def _new_context(request: Request, typed: Mapping[str, Any], field: str | None, error: str | None) -> dict[str, Any]:
    return {
        "title": knowledge.text("feel.run.new.title"),
        "typed": typed,
        "field": field,
        "error": error,
        "sports": SPORTS,
        "shoes": _shoe_names(request),
        "today": date.today().isoformat(),
    }


@router.post("/runs/new", response_class=HTMLResponse)
async def run_new_post(request: Request) -> Response:
    form = await _form(request)
    typed = {k: _one(form, k) for k in ("date", "time", "distance_km", "duration_min", "sport", "shoe", "notes")}
    try:
        result = api.run_add(
            _db(request),
            date=typed["date"],
            time=typed["time"] or None,
            distance_km=_number(typed["distance_km"]),  # type: ignore[arg-type]  # a bad number is refused naming it
            duration_min=_number(typed["duration_min"]),  # type: ignore[arg-type]  # (same)
            sport=typed["sport"] or "running",
            shoe=typed["shoe"] or None,
            notes=typed["notes"] or None,
        )
    except StrideguardError as exc:
        field, message = _error(exc)
        if isinstance(exc, NotFoundError) and "shoe" in message:
            field = "shoe"
        return _render(request, "run_new.html", _new_context(request, typed, field, message), status_code=400)
    state = "added" if result["status"] == "imported" else "duplicate"
    return _see(f"/runs/{result['activity_id']}/edit?{state}=1")


def _edit_context(request: Request, run: dict[str, Any]) -> dict[str, Any]:
    shoes = {s["id"]: s["name"] for s in api.shoes_list(_db(request))}
    return {
        "title": knowledge.text("feel.run.edit.title"),
        "run": run,
        "sports": SPORTS,
        "shoes": _shoe_names(request),
        "shoe_name": shoes.get(run["shoe_id"]),
    }


@router.get("/runs/{activity_id}/edit", response_class=HTMLResponse)
def run_edit(request: Request, activity_id: int) -> HTMLResponse:
    run = _activity(request, activity_id)
    query = request.query_params
    context = _edit_context(request, run)
    context.update(
        added="added" in query, duplicate="duplicate" in query, saved="saved" in query, restored="restored" in query
    )
    return _render(request, "run_edit.html", context)


@router.post("/runs/{activity_id}/edit", response_class=HTMLResponse)
async def run_edit_post(request: Request, activity_id: int) -> Response:
    form = await _form(request)
    shoe = _one(form, "shoe")
    try:
        api.run_edit(
            _db(request),
            activity_id,
            sport=_one(form, "sport"),
            shoe=shoe or None,
            notes=_one(form, "notes") or None,
            name=_one(form, "name") or None,
        )
    except NotFoundError as exc:
        if "shoe" not in str(exc):
            raise
        return _edit_refused(request, activity_id, form, "shoe", str(exc))
    except StrideguardError as exc:
        return _edit_refused(request, activity_id, form, *_error(exc))
    return _see(f"/runs/{activity_id}/edit?saved=1")


def _edit_refused(
    request: Request, activity_id: int, form: Mapping[str, list[str]], field: str | None, message: str
) -> HTMLResponse:
    run = _activity(request, activity_id)
    typed = {k: _one(form, k) for k in ("sport", "shoe", "notes", "name")}
    context = {**_edit_context(request, run), "typed": typed, "field": field, "error": message}
    return _render(request, "run_edit.html", context, status_code=400)


@router.get("/runs/{activity_id}/delete", response_class=HTMLResponse)
def run_delete_confirm(request: Request, activity_id: int) -> HTMLResponse:
    run = _activity(request, activity_id)
    return _render(request, "run_delete.html", {"title": knowledge.text("feel.run.delete.title"), "run": run})


@router.post("/runs/{activity_id}/delete", response_class=HTMLResponse)
async def run_delete(request: Request, activity_id: int) -> Response:
    result = api.run_delete(_db(request), activity_id)
    return _see(f"/deleted?just={result['deleted']['id']}")


# --- deleted items and undo --------------------------------------------------------


@router.get("/deleted", response_class=HTMLResponse)
def deleted(request: Request, just: str = "", restored: str = "") -> HTMLResponse:
    items = api.deleted(_db(request))
    context = {
        "title": knowledge.text("feel.deleted.title"),
        "items": items,
        "just": next((i for i in items if str(i["id"]) == just), None),
        "restored": restored if restored.replace("-", "").replace("_", "").isalnum() else "",
    }
    return _render(request, "deleted.html", context)


@router.post("/deleted/{deleted_id}/restore", response_class=HTMLResponse)
async def deleted_restore(request: Request, deleted_id: int) -> Response:
    try:
        result = api.deleted_restore(_db(request), deleted_id)
    except NotFoundError:
        raise
    except StrideguardError as exc:
        items = api.deleted(_db(request))
        context = {"title": knowledge.text("feel.deleted.title"), "items": items, "error": str(exc)}
        return _render(request, "deleted.html", context, status_code=409)
    restored = result["restored"]
    if restored["kind"] == "run":
        return _see(f"/runs/{restored['id']}/edit?restored=1")
    return _see(f"/symptoms?restored={restored['id']}#report-{restored['id']}")


# --- the morning check-in --------------------------------------------------------------


def _checkin_context(request: Request, day: str | None, **more: Any) -> dict[str, Any]:
    form = api.checkin_form(_db(request), day or None)
    context: dict[str, Any] = {
        "title": knowledge.text("feel.checkin.title"),
        "form": form,
        "typed": None,
        "today": date.today().isoformat(),
    }
    context.update(more)
    return context


@router.get("/checkin", response_class=HTMLResponse)
def checkin_page(request: Request, date: str = "") -> HTMLResponse:
    try:
        context = _checkin_context(request, date or None, saved="saved" in request.query_params)
    except InputError as exc:
        context = _checkin_context(request, None, error=str(exc), field="date")
        return _render(request, "checkin.html", context, status_code=400)
    return _render(request, "checkin.html", context)


@router.post("/checkin", response_class=HTMLResponse)
async def checkin_post(request: Request) -> Response:
    form = await _form(request)
    day = _one(form, "date") or None
    pains = {key.removeprefix("pain-"): _whole(_one(form, key)) for key in form if key.startswith("pain-")}
    given = {k: v for k, v in pains.items() if v is not None}
    back = _back(form, "/checkin")
    try:
        api.checkin(_db(request), day, given, _whole(_one(form, "stiffness")))
    except StrideguardError as exc:
        field, message = _error(exc)
        try:
            context = _checkin_context(request, day, error=message, field=field, typed=form)
        except InputError:  # the day itself was refused: show today's form with the error
            context = _checkin_context(request, None, error=message, field="date", typed=form)
        return _render(request, "checkin.html", context, status_code=400)
    separator = "&" if "?" in back else "?"
    return _see(f"{back}{separator}saved=1" if back.startswith("/checkin") else back)


# --- symptom reports: edit and delete ------------------------------------------------------


def report_to_form(report: Mapping[str, Any]) -> dict[str, list[str]]:
    """A stored report as the symptom form sends it (yes/no for booleans, one value per choice)."""
    sent: dict[str, list[str]] = {}
    for name, value in report.items():
        if isinstance(value, bool):
            sent[name] = ["yes" if value else "no"]
        elif isinstance(value, list | tuple):
            sent[name] = [str(v) for v in value] or ["none"]
        elif value is not None:
            sent[name] = [str(value)]
    return sent


def _report(request: Request, report_id: int) -> dict[str, Any]:
    return api.symptom_show(_db(request), report_id)


def _symptom_edit_context(
    request: Request, report: dict[str, Any], sent: Mapping[str, list[str]], **more: Any
) -> dict[str, Any]:
    form = symptom_form(sent, api.profile_show(_db(request)), date.today(), show_errors=bool(more.get("error")))
    context = {
        "title": knowledge.text("feel.report.edit.title"),
        "report": report,
        "form": form,
        "today": date.today().isoformat(),
        "result": None,
        "error": None,
    }
    context.update(more)
    return context


@router.get("/symptoms/{report_id}/edit", response_class=HTMLResponse)
def symptom_edit(request: Request, report_id: int) -> HTMLResponse:
    report = _report(request, report_id)
    return _render(
        request, "symptom_edit.html", _symptom_edit_context(request, report, report_to_form(report["report"]))
    )


@router.post("/symptoms/{report_id}/edit", response_class=HTMLResponse)
async def symptom_edit_post(request: Request, report_id: int) -> HTMLResponse:
    report = _report(request, report_id)
    sent = await _form(request)
    form = symptom_form(sent, api.profile_show(_db(request)), date.today())
    if form.errors:
        context = _symptom_edit_context(request, report, sent, error=knowledge.text("intake.web.refused"))
        return _render(request, "symptom_edit.html", context, status_code=400)
    # questions the form did not show keep their stored answers: an edit never drops an answer it did not ask
    shown = {f.name for g in form.groups for f in g.fields}
    merged = {k: v for k, v in report["report"].items() if k not in shown} | form.report
    try:
        result = api.symptom_edit(_db(request), report_id, merged)
    except StrideguardError as exc:
        context = _symptom_edit_context(request, report, sent, error=str(exc), field=getattr(exc, "field", None))
        return _render(request, "symptom_edit.html", context, status_code=400)
    context = _symptom_edit_context(request, _report(request, report_id), sent, result=result["triage"], stored=True)
    return _render(request, "symptom_edit.html", context)


@router.get("/symptoms/{report_id}/delete", response_class=HTMLResponse)
def symptom_delete_confirm(request: Request, report_id: int) -> HTMLResponse:
    report = _report(request, report_id)
    return _render(
        request, "symptom_delete.html", {"title": knowledge.text("feel.report.delete.title"), "report": report}
    )


@router.post("/symptoms/{report_id}/delete", response_class=HTMLResponse)
async def symptom_delete(request: Request, report_id: int) -> Response:
    try:
        result = api.symptom_delete(_db(request), report_id)
    except NotFoundError:
        raise
    except StrideguardError as exc:
        report = _report(request, report_id)
        context = {"title": knowledge.text("feel.report.delete.title"), "report": report, "error": str(exc)}
        return _render(request, "symptom_delete.html", context, status_code=409)
    return _see(f"/deleted?just={result['deleted']['id']}")


# --- installing ---------------------------------------------------------------------------------


def install(app: FastAPI) -> None:
    """Add these pages, the JSON routes of ``feel_api`` and the ``feel_today(request)`` template function."""
    from . import feel_api  # noqa: PLC0415

    app.include_router(router)
    app.include_router(feel_api.router)

    def feel_today(request: Request) -> dict[str, Any]:
        return api.today_feel(_db(request))

    env = app.state.templates.env
    env.globals.update(feel_today=feel_today, rpe_choices=rpe_choices, quote=quote)
