"""The JSON API under ``/api/``: the command line's use cases, one endpoint each (OpenAPI at /api/docs).

Every endpoint calls one ``strideguard.api`` function. Bad input answers 400
with ``{"error": ..., "field": ...}``.
Writes need the ``X-CSRF-Token`` header (from ``GET /api/csrf``) or, on a
server started with a token, ``Authorization: Bearer TOKEN``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Body, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse

from .. import api
from ..api import web as web_views
from ..errors import InputError
from ..store import Database
from .uploads import UploadRefused, receive_upload

router = APIRouter(prefix="/api", tags=["strideguard"])

SYMPTOM_EXAMPLE: dict[str, Any] = {
    "date": "2026-11-20",
    "region": "knee",
    "side": "left",
    "location": "below_kneecap",
    "onset": "gradual",
    "when": ["during_run", "bending_knee"],
    "pain_during": 6,
    "pain_after": 5,
    "creaking": True,
    "notes": "",
}


def _db(request: Request) -> Database:
    return request.app.state.db


def _call(function: Callable[..., Any], request: Request, body: dict[str, Any]) -> Any:
    """``function(db, **body)``; fields the function does not take are refused naming them."""
    name = function.__name__
    if not isinstance(body, dict):
        raise InputError("body", type(body).__name__, "send a JSON object")
    params = inspect.signature(function).parameters
    allowed = [n for n, p in params.items() if n != "db" and p.kind is not inspect.Parameter.VAR_KEYWORD]
    open_ended = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())
    unknown = [] if open_ended else sorted(set(body) - set(allowed))
    if unknown:
        raise InputError(unknown[0], body[unknown[0]], f"not a field of {name}; use {', '.join(allowed)}")
    try:
        inspect.signature(function).bind(_db(request), **body)
    except TypeError as exc:
        raise InputError("body", sorted(body), f"{exc}; use {', '.join(allowed)}") from None
    return function(_db(request), **body)


@router.get("/csrf", summary="The CSRF token to send as X-CSRF-Token with every write")
def csrf(request: Request) -> dict[str, str]:
    return {"csrf_token": request.scope["state"]["csrf"], "header": "X-CSRF-Token"}


@router.get("/profile", summary="profile show")
def profile_show(request: Request) -> dict[str, Any]:
    return api.profile_show(_db(request))


@router.post("/profile", summary="profile set: every field optional, later calls update")
def profile_set(
    request: Request,
    changes: dict[str, Any] = Body(
        ...,
        examples=[
            {
                "birth_year": 1990,
                "sex": "female",
                "experience": "beginner",
                "joint_problems": ["knee"],
                "timezone": "Europe/Berlin",
            }
        ],
    ),
) -> dict[str, Any]:
    return _call(api.profile_set, request, changes)


@router.get("/activities", summary="activities: the stored runs")
def activities(request: Request, since: str | None = None, until: str | None = None) -> list[dict[str, Any]]:
    return api.activities(_db(request), since=since, until=until)


@router.post("/runs", summary="run add: a run entered by hand")
def run_add(
    request: Request,
    run: dict[str, Any] = Body(
        ..., examples=[{"date": "2026-11-20", "distance_km": 5, "duration_min": 31, "notes": "treadmill"}]
    ),
) -> dict[str, Any]:
    return _call(api.run_add, request, run)


@router.post(
    "/import", summary="import: upload .fit/.gpx/.tcx (also .gz) files or .zip exports (multipart, field 'files')"
)
async def import_upload(request: Request) -> JSONResponse:
    settings = request.app.state.settings
    try:
        upload = await receive_upload(
            request, settings.upload_dir, settings.max_upload_bytes, request.scope["state"].get("csrf_check_in_body")
        )
    except UploadRefused as exc:
        return JSONResponse({"error": exc.message}, status_code=exc.status)
    if not upload.files:
        upload.discard()
        return JSONResponse({"error": "files: send at least one file"}, status_code=400)
    job = request.app.state.jobs.start(_db(request), upload, wait=True)
    if job.error:
        return JSONResponse({"error": job.error}, status_code=400)
    return JSONResponse(job.result)


@router.get("/status", summary="status: risk signals on a day and the next session")
def status(request: Request, date: str | None = None) -> dict[str, Any]:
    return api.status(_db(request), date)


@router.get("/plan", summary="plan: the next N days")
def plan(request: Request, days: int = Query(7, ge=1, le=42)) -> dict[str, Any]:
    return api.plan(_db(request), days=days)


@router.post("/triage", summary="triage one symptom report (stores nothing)")
def triage(request: Request, report: dict[str, Any] = Body(..., examples=[SYMPTOM_EXAMPLE])) -> dict[str, Any]:
    return api.triage(_db(request), report)


@router.post("/symptoms", summary="symptom log: store a report and get its triage")
def symptom_log(request: Request, report: dict[str, Any] = Body(..., examples=[SYMPTOM_EXAMPLE])) -> dict[str, Any]:
    return api.symptom_log(_db(request), report)


@router.get("/symptoms", summary="symptom list")
def symptom_list(request: Request) -> list[dict[str, Any]]:
    return api.symptom_list(_db(request))


@router.get("/episodes", summary="symptom episodes: the open ones (most urgent first); all=true adds closed ones")
def episodes(request: Request, date: str | None = None, all: bool = False) -> list[dict[str, Any]]:
    return api.episodes(_db(request), date, closed=all)


@router.post("/episodes/{episode}/resolve", summary="symptom resolve: close an open episode with a reason")
def symptom_resolve(
    request: Request,
    episode: int,
    body: dict[str, Any] = Body(..., examples=[{"reason": "seen by a doctor: cleared to run"}]),
) -> dict[str, Any]:
    return _call(api.symptom_resolve, request, {"episode": episode, **body})


@router.get("/shoes", summary="shoes list: mileage and retirement advice")
def shoes_list(request: Request) -> Any:
    return api.shoes_list(_db(request))


@router.post("/shoes", summary="shoes add")
def shoes_add(
    request: Request,
    shoe: dict[str, Any] = Body(
        ...,
        examples=[{"name": "Road pair", "brand": "Any", "started_on": "2026-09-01", "initial_km": 0, "default": True}],
    ),
) -> Any:
    return _call(api.shoes_add, request, shoe)


@router.post("/shoes/retire", summary="shoes retire: a pair no longer used (from a day)")
def shoes_retire(
    request: Request, body: dict[str, Any] = Body(..., examples=[{"name": "Road pair", "on": "2026-11-20"}])
) -> Any:
    return _call(api.shoes_retire, request, body)


@router.post("/shoes/default", summary="shoes default: the pair new runs get")
def shoes_default(request: Request, body: dict[str, Any] = Body(..., examples=[{"name": "Road pair"}])) -> Any:
    return _call(api.shoes_default, request, body)


@router.post("/shoes/assign", summary="shoes assign: give runs to a pair")
def shoes_assign(
    request: Request, body: dict[str, Any] = Body(..., examples=[{"name": "Road pair", "activity_ids": [1, 2]}])
) -> Any:
    return _call(api.shoes_assign, request, body)


@router.get(
    "/history", summary="daily distance, acute and chronic load, runs with spikes, terrain and cadence, symptoms"
)
def history(request: Request, weeks: int | None = Query(26, ge=1, le=1000), until: str | None = None) -> dict[str, Any]:
    return web_views.history(_db(request), weeks=weeks, until=until)


@router.get("/export", summary="export: every stored fact")
def export(request: Request) -> dict[str, Any]:
    return api.export(_db(request))


@router.post("/restore", summary="restore: load an export into this (empty) database")
def restore(
    request: Request, document: dict[str, Any] = Body(..., description="a document written by export")
) -> dict[str, int]:
    return api.restore(_db(request), document)


@router.get(
    "/report",
    summary="report: the physio report as one self-contained HTML file (downloaded)",
    response_class=HTMLResponse,
)
def report(request: Request, weeks: int = Query(12, ge=1, le=520), date: str | None = None) -> HTMLResponse:
    result = api.report(_db(request), None, today=date, weeks=weeks)
    name = f"strideguard-report-{result['to']}.html"
    return HTMLResponse(result["html"], headers={"content-disposition": f'attachment; filename="{name}"'})
