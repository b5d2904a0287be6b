"""Pages of the multi-user server: sign in, the roster, sharing (and invitations), the audit log, the account.

Plain HTML forms (they work without JavaScript) that call the same ``Club`` use cases as the JSON
API; a form that succeeds answers with a redirect (303), one refused shows the page again with why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from ... import knowledge
from ...club.consent import INVITATION_DAYS
from ...club.roster import body_part
from ...errors import AccessRefused, InputError, StrideguardError
from ...store.server.tables import SCOPES
from .kept import Kept
from .middleware import client_of
from .routes import club_of, roster_view, user_of, with_session, without_session

if TYPE_CHECKING:
    from ...club import User

router = APIRouter(include_in_schema=False)


def home(user: User | None) -> str:
    """Where an account starts: a runner on Today, a coach or physio on the roster, an admin on the account page."""
    if user is None:
        return "/login"
    if user.is_runner:
        return "/"
    return "/roster" if user.role in ("coach", "physio") else "/account"


def _render(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    context = {**context}
    context.setdefault("csrf", request.scope.get("state", {}).get("csrf", ""))
    context.setdefault("path", request.url.path)
    context.setdefault("scopes", SCOPES)
    return request.app.state.templates.TemplateResponse(request, name, context, status_code=status_code)


async def _form(request: Request) -> dict[str, str]:
    sent = parse_qs((await request.body()).decode("utf-8", "replace"), keep_blank_values=True)
    return {k: v[-1] for k, v in sent.items()}


def _local(target: str | None, default: str) -> str:
    """A path of this site to go back to (never another site)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default


def status_of(exc: StrideguardError) -> int:
    """The HTTP status of a refusal: a sign-in or consent refusal's own, else as the rest of the app answers."""
    if isinstance(exc, AccessRefused):
        return exc.status
    from ..app import status_of as app_status  # noqa: PLC0415  (the app imports this package)

    return app_status(exc)


def _see(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


# --- signing in and out -----------------------------------------------------------------------------


@router.get("/login", response_class=HTMLResponse)
def login(request: Request, next: str = "") -> Response:
    user = request.scope.get("state", {}).get("user")
    if user is not None:
        return _see(_local(next, home(user)))
    return _render(request, "club/login.html", {"title": knowledge.text("clubs.login.title"), "next": next})


@router.post("/login", response_class=HTMLResponse)
async def login_post(request: Request) -> Response:
    form = await _form(request)
    try:
        user, token = club_of(request).accounts.sign_in(
            form.get("username", ""), form.get("password", ""), client_of(request.scope)
        )
    except AccessRefused as exc:
        context = {
            "title": knowledge.text("clubs.login.title"),
            "next": form.get("next", ""),
            "error": exc.message,
            "username": form.get("username", ""),
        }
        response = _render(request, "club/login.html", context, status_code=exc.status)
        if exc.retry_after is not None:
            response.headers["retry-after"] = str(exc.retry_after)
        return response
    return with_session(_see(_local(form.get("next"), home(user))), request, token)


@router.post("/logout")
def logout(request: Request) -> Response:
    club_of(request).accounts.sign_out(request.scope.get("state", {}).get("session_token"))
    return without_session(_see("/login"), request)


# --- the roster ----------------------------------------------------------------------------------------


@router.get("/roster", response_class=HTMLResponse)
def roster(request: Request) -> Response:
    user = user_of(request)
    if user.role == "admin":
        return _see("/account")
    csrf = request.scope.get("state", {}).get("csrf", "")  # the page embeds it: part of what is kept

    def page(rows: list[dict[str, Any]]) -> bytes:
        # each row is rendered once per summary, scope and language: after one runner's write, one row renders
        rows_kept: Kept = request.app.state.kept_roster_rows
        row = request.app.state.templates.get_template("club/_roster_row.html")
        language = knowledge.language()

        def fragment(r: dict[str, Any]) -> Markup:
            key = (r["runner_id"], r["scope"], r["computed_at"], r["risk"], language)
            return rows_kept.get(key, lambda: Markup(row.render(r=r, t=knowledge.text, body_part=body_part)))

        fragments = [fragment(r) for r in rows]
        context = {"title": knowledge.text("clubs.roster.title"), "rows": rows, "fragments": fragments}
        return bytes(_render(request, "club/roster.html", context).body)

    return HTMLResponse(roster_view(request, "/roster", page, csrf))


# --- sharing and invitations ---------------------------------------------------------------------------


def _sharing(request: Request, **more: Any) -> dict[str, Any]:
    user = user_of(request)
    consent = club_of(request).consent
    context: dict[str, Any] = {
        "title": knowledge.text("clubs.sharing.title"),
        "shares": consent.shares(user),
        "invitations": consent.invitations(user),
        "invitation_days": INVITATION_DAYS,
        "new_invitation": None,
        "error": None,
        "done": request.query_params.get("done"),
    }
    context.update(more)
    return context


@router.get("/sharing", response_class=HTMLResponse)
def sharing(request: Request) -> Response:
    user = user_of(request)
    if not user.is_runner:
        return _see(home(user))
    return _render(request, "club/sharing.html", _sharing(request))


@router.post("/sharing", response_class=HTMLResponse)
async def sharing_post(request: Request) -> Response:
    user = user_of(request)
    form = await _form(request)
    consent = club_of(request).consent
    action = form.get("action", "")
    try:
        if action == "share":
            consent.share(user, form.get("with", ""), form.get("scope", ""))
        elif action == "revoke":
            consent.revoke(user, form.get("with", ""))
        elif action == "invite":
            made = consent.invite(user, form.get("scope", ""))
            link = f"{request.url.scheme}://{request.url.netloc}{made['path']}"
            return _render(request, "club/sharing.html", _sharing(request, new_invitation={**made, "link": link}))
        elif action == "cancel":
            number = form.get("id", "")
            if not number.isdigit():
                raise InputError("id", number, "errors.clubs.invitation_id")
            consent.cancel_invitation(user, int(number))
        else:
            raise InputError("action", action, "errors.clubs.action")
    except StrideguardError as exc:
        context = _sharing(request, error=str(exc))
        return _render(request, "club/sharing.html", context, status_code=status_of(exc))
    return _see(f"/sharing?done={action}")


@router.get("/invite/{code}", response_class=HTMLResponse)
def invitation(request: Request, code: str) -> Response:
    found = club_of(request).consent.invitation(code)
    context = {"title": knowledge.text("clubs.invite.title"), "code": code, "invitation": found, "error": None}
    return _render(request, "club/invite.html", context, status_code=200 if found else 404)


@router.post("/invite/{code}", response_class=HTMLResponse)
def invitation_accept(request: Request, code: str) -> Response:
    try:
        club_of(request).consent.accept(user_of(request), code)
    except StrideguardError as exc:
        context = {
            "title": knowledge.text("clubs.invite.title"),
            "code": code,
            "invitation": club_of(request).consent.invitation(code),
            "error": str(exc),
        }
        return _render(request, "club/invite.html", context, status_code=status_of(exc))
    return _see("/roster")


# --- the audit log -----------------------------------------------------------------------------------


@router.get("/audit", response_class=HTMLResponse)
def audit(request: Request) -> Response:
    user = user_of(request)
    if not user.is_runner:
        return _see(home(user))
    entries = club_of(request).consent.audit(user)
    return _render(request, "club/audit.html", {"title": knowledge.text("clubs.audit.title"), "entries": entries})


# --- the account ---------------------------------------------------------------------------------------


def _account(request: Request, **more: Any) -> dict[str, Any]:
    user = user_of(request)
    context: dict[str, Any] = {
        "title": knowledge.text("clubs.account.title"),
        "account": user,
        "users": club_of(request).accounts.every() if user.role == "admin" else None,
        "error": None,
        "saved": request.query_params.get("saved") is not None,
    }
    context.update(more)
    return context


@router.get("/account", response_class=HTMLResponse)
def account(request: Request) -> Response:
    return _render(request, "club/account.html", _account(request))


@router.post("/account", response_class=HTMLResponse)
async def account_post(request: Request) -> Response:
    user = user_of(request)
    form = await _form(request)
    try:
        if form.get("new_password", "") != form.get("repeat_password", ""):
            raise AccessRefused(400, "errors.clubs.password_mismatch", "repeat_password")
        token = club_of(request).accounts.change_password(
            user, form.get("current_password", ""), form.get("new_password", ""), client_of(request.scope)
        )
    except StrideguardError as exc:
        return _render(request, "club/account.html", _account(request, error=str(exc)), status_code=status_of(exc))
    return with_session(_see("/account?saved=1"), request, token)
