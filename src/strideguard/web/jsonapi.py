"""The JSON API under ``/api/``: the command line's use cases, one endpoint each (OpenAPI at /api/docs).

Every endpoint calls one ``strideguard.api`` function, which validates its
input with the same pydantic models as the command line (``schemas.py``); the
OpenAPI description shows those models, so what it allows is what the API takes.
Bad input answers 400 with ``{"error": ..., "field": ...}`` (``field`` is the
API's own name of the field), an unknown name 404, a conflict with what is
stored (a pair name in use, a database that is not empty) 409, each with the
same body. Writes need the ``X-CSRF-Token`` header (from ``GET /api/csrf``)
or, on a server started with a token, ``Authorization: Bearer TOKEN``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Body, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel

from .. import api, knowledge
from ..api import web as web_views
from ..api.report import MAX_WEEKS as REPORT_MAX_WEEKS
from ..api.web import MAX_WEEKS as HISTORY_MAX_WEEKS
from ..api.wellness import MAX_DAYS as WELLNESS_MAX_DAYS
from ..errors import MISSING, InputError, UploadRefused
from ..plan.core import MAX_DAYS
from ..schemas import (
    DAY_PATTERN,
    EpisodeResolve,
    ProfileUpdate,
    RunInput,
    ShoeAssign,
    ShoeDefault,
    ShoeNew,
    ShoeRetire,
    SymptomReport,
)
from ..store import Database
from ..store.dump import FORMAT, FORMAT_VERSION
from .cached import view
from .context import database, import_jobs
from .language import api_language
from .security import CSRF_FIELD
from .uploads import receive_upload

# ?lang=en|ko on every route: the texts' language for this request (above cookie, profile and Accept-Language)
router = APIRouter(prefix="/api", tags=["strideguard"], dependencies=[Depends(api_language)])

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


class ErrorBody(BaseModel):
    """Every refusal of the JSON API: what is wrong and what to do, and the field it is about."""

    error: str
    field: str | None


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for refusals with the ``ErrorBody`` (400 is added to every route by ``describe``)."""
    meaning = {
        400: "The input was refused: `error` says why and what to do, `field` names the field.",
        404: "Something named does not exist (a shoe, an activity).",
        409: "The input conflicts with what is stored (a name in use, a database that is not empty).",
        413: "The upload is larger than the server's limit.",
    }
    return {status: {"model": ErrorBody, "description": meaning[status]} for status in statuses}


def body_schema(model: type[BaseModel]) -> dict[str, Any]:
    """``openapi_extra`` that documents a JSON body as the pydantic model the api function validates it with."""
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": model_schema(model)}}}}


def model_schema(model: type[BaseModel]) -> dict[str, Any]:
    schema = model.model_json_schema(mode="validation")
    if "$defs" in schema:  # no nested models today; inline documents keep the description self-contained
        raise TypeError(f"{model.__name__}: nested models need components in the OpenAPI description")
    return schema


def date_query(description: str) -> Any:
    """An optional ``YYYY-MM-DD`` query parameter; the api function parses it and names the field when it is bad."""
    return Query(None, description=description, json_schema_extra={"format": "date", "pattern": DAY_PATTERN})


def whole_query(default: int, lowest: int, highest: int, description: str) -> Any:
    """An integer query parameter whose range the api function checks (400 naming it, never FastAPI's 422)."""
    return Query(default, description=description, json_schema_extra={"minimum": lowest, "maximum": highest})


def _db(request: Request) -> Database:
    return database(request)


def _call(function: Callable[..., Any], request: Request, body: dict[str, Any]) -> Any:
    """``function(db, **body)``; fields the function does not take are refused naming them."""
    name = function.__name__
    if not isinstance(body, dict):
        raise InputError("body", type(body).__name__, "web.request.hint.dict_type")
    params = inspect.signature(function).parameters
    allowed = [n for n, p in params.items() if n != "db" and p.kind is not inspect.Parameter.VAR_KEYWORD]
    open_ended = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())
    unknown = [] if open_ended else sorted(set(body) - set(allowed))
    if unknown:
        field = unknown[0]
        raise InputError(field, body[field], "errors.api.not_a_field_of", name=name, fields=", ".join(allowed))
    missing = [
        n
        for n, p in params.items()
        if n != "db" and p.default is inspect.Parameter.empty and p.kind is not inspect.Parameter.VAR_KEYWORD
    ]
    absent = [n for n in missing if n not in body]
    if absent:
        raise InputError(absent[0], MISSING, "errors.schema.missing")
    return function(_db(request), **body)


@router.get("/csrf", summary="The CSRF token to send as X-CSRF-Token with every write")
def csrf(request: Request) -> dict[str, str]:
    return {"csrf_token": request.scope["state"]["csrf"], "header": "X-CSRF-Token"}


@router.get("/profile", summary="profile show")
def profile_show(request: Request) -> dict[str, Any]:
    return api.profile_show(_db(request))


@router.post(
    "/profile",
    summary="profile set: every field optional, later calls update",
    openapi_extra=body_schema(ProfileUpdate),
)
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


@router.get("/activities", summary="activities: the stored runs (since must not be after until)")
def activities(
    request: Request,
    since: str | None = date_query("first day, YYYY-MM-DD"),
    until: str | None = date_query("last day, YYYY-MM-DD"),
) -> list[dict[str, Any]]:
    return api.activities(_db(request), since=since, until=until)


@router.post(
    "/runs",
    summary="run add: a run entered by hand (date not in the future; pace not faster than 2.5 min/km)",
    openapi_extra=body_schema(RunInput),
    responses=error_responses(404),
)
def run_add(
    request: Request,
    run: dict[str, Any] = Body(
        ..., examples=[{"date": "2026-11-20", "distance_km": 5, "duration_min": 31, "notes": "treadmill"}]
    ),
) -> dict[str, Any]:
    return _call(api.run_add, request, run)


IMPORT_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "files": {"type": "array", "items": {"type": "string", "format": "binary"}, "minItems": 1},
                    },
                    "required": ["files"],
                    "additionalProperties": False,
                }
            }
        },
    }
}


@router.post(
    "/import",
    summary="import: upload .fit/.gpx/.tcx (also .gz) files or .zip exports (multipart, field 'files')",
    description="The import result of CONTRACT.md: a file that cannot be imported is an `error` entry, not a refusal.",
    openapi_extra=IMPORT_BODY,
    responses=error_responses(413),
)
async def import_upload(request: Request) -> JSONResponse:
    settings = request.app.state.settings
    upload = await receive_upload(
        request, settings.upload_dir, settings.max_upload_bytes, request.scope["state"].get("csrf_check_in_body")
    )
    unknown = sorted(set(upload.fields) - {CSRF_FIELD})
    if unknown:
        upload.discard()
        raise UploadRefused(400, knowledge.text("web.upload.unknown_field", field=unknown[0]), unknown[0])
    if not upload.files:
        upload.discard()
        raise UploadRefused(400, knowledge.text("web.upload.no_files"))
    job = import_jobs(request).start(_db(request), upload, wait=True)
    if job.error:
        return JSONResponse({"error": job.error, "field": "files"}, status_code=400)
    return JSONResponse(job.result)


@router.get("/status", summary="status: risk signals on a day and the next session")
def status(request: Request, date: str | None = date_query("the day, YYYY-MM-DD (default today)")) -> dict[str, Any]:
    return view(request, api.status, date)


@router.get("/wellness", summary="wellness: sleep, resting heart rate and HRV per day; what they say before a spike")
def wellness(
    request: Request,
    date: str | None = date_query("the last day, YYYY-MM-DD (default today)"),
    days: int = whole_query(14, 1, WELLNESS_MAX_DAYS, "how many days to list"),
) -> dict[str, Any]:
    return api.wellness(_db(request), date, days=days)


@router.get("/plan", summary="plan: the next N days")
def plan(request: Request, days: int = whole_query(7, 1, MAX_DAYS, "how many days to plan")) -> dict[str, Any]:
    return view(request, api.plan, days=days)


@router.post("/triage", summary="triage one symptom report (stores nothing)", openapi_extra=body_schema(SymptomReport))
def triage(request: Request, report: dict[str, Any] = Body(..., examples=[SYMPTOM_EXAMPLE])) -> dict[str, Any]:
    return api.triage(_db(request), report)


@router.post(
    "/symptoms",
    summary="symptom log: store a report and get its triage",
    openapi_extra=body_schema(SymptomReport),
)
def symptom_log(request: Request, report: dict[str, Any] = Body(..., examples=[SYMPTOM_EXAMPLE])) -> dict[str, Any]:
    return api.symptom_log(_db(request), report)


@router.get("/symptoms", summary="symptom list")
def symptom_list(request: Request) -> list[dict[str, Any]]:
    return view(request, api.symptom_list)


@router.get("/episodes", summary="symptom episodes: the open ones (most urgent first); all=true adds closed ones")
def episodes(
    request: Request, date: str | None = date_query("the day, YYYY-MM-DD (default today)"), all: bool = False
) -> list[dict[str, Any]]:
    return api.episodes(_db(request), date, closed=all)


@router.post(
    "/episodes/{episode}/resolve",
    summary="symptom resolve: close an open episode with a reason",
    openapi_extra=body_schema(EpisodeResolve),
    responses=error_responses(404, 409),
)
def symptom_resolve(
    request: Request,
    episode: int,
    body: dict[str, Any] = Body(..., examples=[{"reason": "seen by a doctor: cleared to run"}]),
) -> dict[str, Any]:
    return _call(api.symptom_resolve, request, {**body, "episode": episode})


@router.get("/shoes", summary="shoes list: mileage and retirement advice")
def shoes_list(request: Request) -> Any:
    return api.shoes_list(_db(request))


@router.post("/shoes", summary="shoes add", openapi_extra=body_schema(ShoeNew), responses=error_responses(409))
def shoes_add(
    request: Request,
    shoe: dict[str, Any] = Body(
        ...,
        examples=[{"name": "Road pair", "brand": "Any", "started_on": "2026-09-01", "initial_km": 0, "default": True}],
    ),
) -> Any:
    return _call(api.shoes_add, request, shoe)


@router.post(
    "/shoes/retire",
    summary="shoes retire: a pair no longer used (from a day)",
    openapi_extra=body_schema(ShoeRetire),
    responses=error_responses(404, 409),
)
def shoes_retire(
    request: Request, body: dict[str, Any] = Body(..., examples=[{"name": "Road pair", "on": "2026-11-20"}])
) -> Any:
    return _call(api.shoes_retire, request, body)


@router.post(
    "/shoes/default",
    summary="shoes default: the pair new runs get",
    openapi_extra=body_schema(ShoeDefault),
    responses=error_responses(404, 409),
)
def shoes_default(request: Request, body: dict[str, Any] = Body(..., examples=[{"name": "Road pair"}])) -> Any:
    return _call(api.shoes_default, request, body)


@router.post(
    "/shoes/assign",
    summary="shoes assign: give runs to a pair",
    openapi_extra=body_schema(ShoeAssign),
    responses=error_responses(404),
)
def shoes_assign(
    request: Request, body: dict[str, Any] = Body(..., examples=[{"name": "Road pair", "activity_ids": [1, 2]}])
) -> Any:
    return _call(api.shoes_assign, request, body)


@router.get(
    "/history", summary="daily distance, acute and chronic load, runs with spikes, terrain and cadence, symptoms"
)
def history(
    request: Request,
    weeks: int = whole_query(26, 1, HISTORY_MAX_WEEKS, "how many weeks up to `until`"),
    until: str | None = date_query("last day, YYYY-MM-DD (default: the latest activity)"),
) -> dict[str, Any]:
    return view(request, web_views.history, weeks=weeks, until=until)


@router.get(
    "/runs/{activity_id}",
    summary="run show: one activity with pace, shoes, terrain and form, route, profiles and per-km splits",
    description=(
        "The activity's contract fields plus `pace_min_per_km`, `shoe` (name), `metrics` (terrain and form) "
        "and `course`: `route` ([lat, lon] pairs, at most 600), `series` against distance (`distance_km`, "
        "`altitude_m`, `pace_min_per_km`, `heart_rate`, `cadence_spm`; at most 500 points, null where unknown), "
        "`splits` (per kilometre) and `splits_basis` (`per_km_from_samples`: the importers keep no device laps)."
    ),
    responses=error_responses(404),
)
def run_show(request: Request, activity_id: int = Path(..., ge=1, le=2**63 - 1)) -> dict[str, Any]:
    return view(request, api.run_detail, activity_id)


@router.get(
    "/calendar",
    summary="calendar: runs, planned sessions and symptom reports by day, weeks starting on Monday",
    description=(
        "`weeks`: lists of seven days (Monday first), each with `date`, `weekday` (0 = Monday), `in_period`, "
        "`today`, `runs` (id, sport, start_time, distance_km, duration_min, pace_min_per_km), `planned` "
        "(the planner's session, or null) and `symptoms` (id, region, side, disposition); `previous` and "
        "`next` are dates in the neighbouring periods."
    ),
)
def calendar(
    request: Request,
    view_name: str = Query(
        "month", alias="view", description="month or week", json_schema_extra={"enum": ["month", "week"]}
    ),
    date: str | None = date_query("a day inside the period, YYYY-MM-DD (default today)"),
) -> dict[str, Any]:
    return view(request, api.calendar, view=view_name, date=date)


@router.get("/export", summary="export: every stored fact")
def export(request: Request) -> dict[str, Any]:
    return api.export(_db(request))


RESTORE_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "description": "a document written by export",
                    "properties": {
                        "format": {"const": FORMAT},
                        "version": {"const": FORMAT_VERSION},
                        "tables": {
                            "type": "object",
                            "additionalProperties": {"type": "array", "items": {"type": "object"}},
                        },
                    },
                    "required": ["format", "version", "tables"],
                }
            }
        },
    }
}


@router.post(
    "/restore",
    summary="restore: load an export into this (empty) database",
    openapi_extra=RESTORE_BODY,
    responses=error_responses(409),
)
def restore(
    request: Request, document: dict[str, Any] = Body(..., description="a document written by export")
) -> dict[str, int]:
    return api.restore(_db(request), document)


@router.get(
    "/report",
    summary="report: the physio report as one self-contained HTML file (downloaded)",
    response_class=HTMLResponse,
)
def report(
    request: Request,
    weeks: int = whole_query(12, 1, REPORT_MAX_WEEKS, "weeks of training load to show"),
    date: str | None = date_query("the day the report ends on, YYYY-MM-DD (default today)"),
) -> HTMLResponse:
    result = api.report(_db(request), None, today=date, weeks=weeks, lang=knowledge.language())
    name = f"strideguard-report-{result['to']}.html"
    return HTMLResponse(result["html"], headers={"content-disposition": f'attachment; filename="{name}"'})


def describe(schema: dict[str, Any]) -> dict[str, Any]:
    """Make FastAPI's generated description match what the API answers.

    - every refusal is 400 with ``ErrorBody`` (FastAPI's own 422 never reaches a client: the
      app turns request validation errors into that 400), so 422 goes and 400 comes in;
    - writes without the CSRF header answer 403 in plain text, bodies over 1 MB 413;
    - a query string cannot carry ``null``: an optional query parameter is a plain string
      (or integer), left out when not wanted.
    """
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        components.pop(name, None)
    components["ErrorBody"] = ErrorBody.model_json_schema()
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
    for path, operations in schema.get("paths", {}).items():
        if not path.startswith("/api/"):
            continue
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            responses.pop("422", None)
            responses.setdefault("400", {"description": error_responses(400)[400]["description"], "content": error})
            if method in ("post", "put", "patch", "delete"):
                responses["403"] = {
                    "description": "No valid X-CSRF-Token header (see GET /api/csrf) or access token.",
                    "content": {"text/plain": {"schema": {"type": "string"}}},
                }
                if path not in ("/api/import", "/api/restore"):
                    responses.setdefault(
                        "413",
                        {
                            "description": "The body is larger than 1 MB.",
                            "content": {"text/plain": {"schema": {"type": "string"}}},
                        },
                    )
            for parameter in operation.get("parameters", []):
                param_schema = parameter.get("schema", {})
                branches = param_schema.get("anyOf")
                if branches and parameter.get("in") == "query":
                    kept = [b for b in branches if b.get("type") != "null"]
                    if len(kept) == 1:
                        param_schema.pop("anyOf")
                        param_schema.update(kept[0])
    return schema
