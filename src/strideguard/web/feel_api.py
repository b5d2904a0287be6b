"""JSON routes of "how it felt" and "enter and manage" (under ``/api/``, described in the OpenAPI).

Each calls one ``strideguard.api`` function with the same checks as the command line; a refusal
is 400 ``{"error", "field"}``, an unknown run, report, date or deleted item 404, a conflict with
what is stored 409 (``jsonapi.describe`` adds the 400 and 403 answers to every route).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Depends, Path, Request

from .. import api
from ..schemas import DAY_PATTERN, CheckinInput, RunEdit, RunRate, SymptomReport
from .jsonapi import SYMPTOM_EXAMPLE, _call, _db, body_schema, date_query, error_responses
from .language import api_language

router = APIRouter(prefix="/api", tags=["strideguard"], dependencies=[Depends(api_language)])


@router.post(
    "/runs/{activity_id}/rate",
    summary="run rate: how a run felt, effort 0-10 (Borg CR-10, session RPE) and a short note",
    openapi_extra=body_schema(RunRate),
    responses=error_responses(404),
)
def run_rate(
    request: Request,
    activity_id: int,
    body: dict[str, Any] = Body(..., examples=[{"rpe": 4, "note": "easy, legs a little heavy"}]),
) -> dict[str, Any]:
    return _call(api.run_rate, request, {**body, "activity_id": activity_id})


@router.patch(
    "/runs/{activity_id}",
    summary="run edit: sport, shoe (a pair's name, or null for none), notes, name; only the fields given change",
    openapi_extra=body_schema(RunEdit),
    responses=error_responses(404),
)
def run_edit(
    request: Request,
    activity_id: int,
    body: dict[str, Any] = Body(..., examples=[{"sport": "treadmill_running", "shoe": None, "name": "Gym"}]),
) -> dict[str, Any]:
    return _call(api.run_edit, request, {**body, "activity_id": activity_id})


@router.delete(
    "/runs/{activity_id}",
    summary="run delete: the run and its samples; kept 30 days for POST /api/deleted/{id}/restore",
    responses=error_responses(404),
)
def run_delete(request: Request, activity_id: int) -> dict[str, Any]:
    return api.run_delete(_db(request), activity_id)


@router.post(
    "/checkins",
    summary="checkin: the morning's pain 0-10 at each open episode's sore spot ({episode: pain}) and stiffness "
    "0-10; replaces that morning's check-in (date not in the future; each episode open that morning)",
    openapi_extra=body_schema(CheckinInput),
    responses=error_responses(404),
)
def checkin(
    request: Request,
    body: dict[str, Any] = Body(..., examples=[{"date": "2026-11-21", "pains": {"1": 2}, "stiffness": 1}]),
) -> dict[str, Any]:
    return _call(api.checkin, request, body)


@router.get("/checkins", summary="checkins: the stored morning check-ins (since must not be after until)")
def checkins(
    request: Request,
    since: str | None = date_query("first morning, YYYY-MM-DD"),
    until: str | None = date_query("last morning, YYYY-MM-DD"),
) -> list[dict[str, Any]]:
    return api.checkins(_db(request), since=since, until=until)


@router.delete(
    "/checkins/{date}",
    summary="checkin delete: the check-in of that morning; its episodes are worked out again",
    responses=error_responses(404),
)
def checkin_delete(
    request: Request, date: str = Path(..., json_schema_extra={"format": "date", "pattern": DAY_PATTERN})
) -> dict[str, Any]:
    return api.checkin_delete(_db(request), date)


@router.put(
    "/symptoms/{report_id}",
    summary="symptom edit: replace a report's answers (same body part); it is triaged again, its episode follows",
    openapi_extra=body_schema(SymptomReport),
    responses=error_responses(404, 409),
)
def symptom_edit(
    request: Request, report_id: int, report: dict[str, Any] = Body(..., examples=[SYMPTOM_EXAMPLE])
) -> dict[str, Any]:
    return api.symptom_edit(_db(request), report_id, report)


@router.delete(
    "/symptoms/{report_id}",
    summary="symptom delete: a report and its triage; its episode is worked out again; kept 30 days for undo",
    responses=error_responses(404, 409),
)
def symptom_delete(request: Request, report_id: int) -> dict[str, Any]:
    return api.symptom_delete(_db(request), report_id)


@router.get("/deleted", summary="deleted: the runs and symptom reports that can still be restored (30 days)")
def deleted(request: Request) -> list[dict[str, Any]]:
    return api.deleted(_db(request))


@router.post(
    "/deleted/{deleted_id}/restore",
    summary="undo a deletion: the run or report comes back whole (409 if it cannot, e.g. imported again since)",
    responses=error_responses(404, 409),
)
def deleted_restore(request: Request, deleted_id: int) -> dict[str, Any]:
    return api.deleted_restore(_db(request), deleted_id)
