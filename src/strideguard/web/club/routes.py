"""The multi-user server's JSON API: sessions, the runners a user may see, shares, invitations, the audit log,
the password and (admins) accounts. Writes need the ``X-CSRF-Token`` header like every other write.

- ``POST /api/session`` ``{"username", "password"}``: signs in (the ``sg_session`` cookie); 401 for a wrong
  name or password, 429 with ``Retry-After`` after too many failures for that name or address.
- ``DELETE /api/session``: signs out (the session ends on the server, not only in the browser).
- ``GET /api/runners``: the runners this account may see, most at risk first, each with its summary.
- ``POST /api/shares`` ``{"with", "scope"}``, ``GET /api/shares``, ``DELETE /api/shares/USERNAME``.
- ``GET /api/audit``: who viewed this runner's data, newest first.
- ``POST /api/invitations`` ``{"scope"}``, ``GET /api/invitations``, ``DELETE /api/invitations/ID``,
  ``POST /api/invitations/accept`` ``{"code"}``.
- ``POST /api/password`` ``{"current_password", "new_password"}``: every session ends; a new one begins here.
- ``GET|POST /api/users``, ``DELETE /api/users/USERNAME``: accounts, for admins only.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any, TypeVar

from fastapi import APIRouter, Body, Request
from fastapi.responses import JSONResponse, Response

from ... import knowledge
from ...club.accounts import LIFETIME
from ...club.roster import grant_of
from ...errors import AccessRefused, InputError
from .middleware import SESSION_COOKIE, client_of

if TYPE_CHECKING:
    from ...club import Club, Grant, User

router = APIRouter(prefix="/api", tags=["multi-user server"])
T = TypeVar("T")


def club_of(request: Request) -> Club:
    return request.app.state.club


def user_of(request: Request) -> User:
    user = request.scope.get("state", {}).get("user")
    if user is None:
        raise AccessRefused(401, "errors.clubs.signed_out")
    return user


def fields(body: Any, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> dict[str, Any]:
    """A JSON object's fields; an unknown or missing field is refused naming it."""
    if not isinstance(body, dict):
        raise InputError("body", type(body).__name__, "web.request.hint.dict_type")
    allowed = required + optional
    for name in body:
        if name not in allowed:
            raise InputError(name, body[name], "errors.api.not_a_field", fields=", ".join(allowed))
    for name in required:
        if name not in body:
            raise InputError(name, "", "errors.schema.missing")
    return body


def secure_cookies(request: Request) -> bool:
    """Session cookies are Secure when the page came over HTTPS or the server listens beyond this machine."""
    return request.url.scheme == "https" or not request.app.state.settings.loopback_only


def with_session(response: Response, request: Request, token: str) -> Response:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(LIFETIME.total_seconds()),
        path="/",
        httponly=True,
        samesite="lax",
        secure=secure_cookies(request),
    )
    return response


def without_session(response: Response, request: Request) -> Response:
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=secure_cookies(request))
    return response


def account(user: User) -> dict[str, Any]:
    return {"username": user.username, "role": user.role}


# --- sessions ---------------------------------------------------------------------------------------


@router.post("/session", summary="sign in: a session cookie (401 wrong name or password, 429 too many attempts)")
def sign_in(
    request: Request,
    body: dict[str, Any] = Body(..., examples=[{"username": "ana", "password": "a long pass phrase"}]),
) -> Response:
    given = fields(body, ("username", "password"))
    user, token = club_of(request).accounts.sign_in(given["username"], given["password"], client_of(request.scope))
    return with_session(JSONResponse(account(user)), request, token)


@router.get("/session", summary="the signed-in account")
def session(request: Request) -> dict[str, Any]:
    return account(user_of(request))


@router.delete("/session", summary="sign out: this session ends on the server")
def sign_out(request: Request) -> Response:
    club_of(request).accounts.sign_out(request.scope.get("state", {}).get("session_token"))
    return without_session(JSONResponse({"signed_out": True}), request)


@router.post("/password", summary="change the password: every session ends, a new one begins here")
def change_password(
    request: Request, body: dict[str, Any] = Body(..., examples=[{"current_password": "…", "new_password": "…"}])
) -> Response:
    given = fields(body, ("current_password", "new_password"))
    user = user_of(request)
    token = club_of(request).accounts.change_password(
        user, given["current_password"], given["new_password"], client_of(request.scope)
    )
    return with_session(JSONResponse({**account(user), "password_changed": True}), request, token)


# --- runners, shares, invitations, audit ------------------------------------------------------------


def roster_view(request: Request, path: str, answer: Callable[[list[dict[str, Any]]], T], *key: Hashable) -> T:
    """``answer(rows)`` for the rows this account may see (a runner: their own row), kept until the roster changes
    (``kept.py``); each view of someone else's summary is written to that runner's audit log first."""
    club = club_of(request)
    user = user_of(request)
    if user.is_runner:
        return answer(club.roster.own(user))
    if user.role not in ("coach", "physio"):
        return answer([])
    version = club.roster.version(user.id)  # before the rows: what is kept is never older than its key

    def make() -> tuple[list[Grant], T]:
        rows = club.roster.rows(user.id)
        return [grant_of(r) for r in rows], answer(rows)

    grants, result = request.app.state.kept_rosters.get((user.id, version, path, knowledge.language(), *key), make)
    club.consent.record(user, grants, request.method, path, client_of(request.scope))
    return result


def public_row(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row[k] for k in ("runner", "scope", "as_of", "risk", "summary")}


@router.get(
    "/runners",
    summary="the runners this account may see, most at risk first, with their summaries",
    response_class=JSONResponse,
)
def runners(request: Request) -> Response:
    # JSON as stored (no response model: 200 summaries would be validated field by field on every request)
    body = roster_view(request, "/api/runners", lambda rows: JSONResponse([public_row(r) for r in rows]).body)
    return Response(body, media_type="application/json")


@router.get("/shares", summary="who this runner shares with, and what")
def shares(request: Request) -> list[dict[str, Any]]:
    return club_of(request).consent.shares(user_of(request))


@router.post("/shares", summary="share with a coach or physio: training, or training_and_symptoms")
def share(
    request: Request, body: dict[str, Any] = Body(..., examples=[{"with": "coach.kim", "scope": "training"}])
) -> dict[str, Any]:
    given = fields(body, ("with", "scope"))
    return club_of(request).consent.share(user_of(request), given["with"], given["scope"])


@router.delete("/shares/{username}", summary="stop sharing with someone, at once")
def revoke(request: Request, username: str) -> dict[str, Any]:
    return club_of(request).consent.revoke(user_of(request), username)


@router.get("/audit", summary="who viewed this runner's data, newest first")
def audit(request: Request) -> list[dict[str, Any]]:
    return club_of(request).consent.audit(user_of(request))


@router.post("/invitations", summary="an invitation code (one use, 7 days) for a coach or physio")
def invite(request: Request, body: dict[str, Any] = Body(..., examples=[{"scope": "training"}])) -> dict[str, Any]:
    given = fields(body, ("scope",))
    return club_of(request).consent.invite(user_of(request), given["scope"])


@router.get("/invitations", summary="this runner's invitations not used yet")
def invitations(request: Request) -> list[dict[str, Any]]:
    return club_of(request).consent.invitations(user_of(request))


@router.post("/invitations/accept", summary="a coach or physio redeems an invitation code")
def accept(request: Request, body: dict[str, Any] = Body(..., examples=[{"code": "…"}])) -> dict[str, Any]:
    given = fields(body, ("code",))
    return club_of(request).consent.accept(user_of(request), given["code"])


@router.delete("/invitations/{number}", summary="cancel an invitation not used yet")
def cancel(request: Request, number: int) -> dict[str, Any]:
    return club_of(request).consent.cancel_invitation(user_of(request), number)


# --- accounts (admins) --------------------------------------------------------------------------------


def admin_of(request: Request) -> User:
    user = user_of(request)
    if user.role != "admin":
        raise AccessRefused(403, "errors.clubs.admins_only")
    return user


@router.get("/users", summary="every account (admins only; no health data)")
def users(request: Request) -> list[dict[str, Any]]:
    admin_of(request)
    return club_of(request).accounts.every()


@router.post("/users", summary="add an account (admins only)")
def user_add(
    request: Request,
    body: dict[str, Any] = Body(..., examples=[{"username": "ben", "role": "runner", "password": "…"}]),
) -> dict[str, Any]:
    admin_of(request)
    given = fields(body, ("username", "role", "password"))
    return club_of(request).accounts.add(given["username"], given["role"], given["password"])


@router.delete("/users/{username}", summary="remove an account (admins only): its sessions end at once")
def user_remove(request: Request, username: str) -> dict[str, Any]:
    admin_of(request)
    return club_of(request).accounts.remove(username)
