"""Sign-in and consent for every request of the multi-user server, as one ASGI middleware.

It runs inside the security middleware (host check, CSRF, size limits, headers), so a write that
reaches it already carried a valid CSRF token. For each request it:

1. finds the signed-in account from the session cookie (``sg_session``: a random token; the
   server's database keeps only its hash) — public paths aside, no account means 401 (the JSON
   API) or the sign-in page (other pages);
2. lets club routes (sharing, roster, audit, accounts) through: they act on the account itself;
3. otherwise resolves the runner the request is about (``?runner=NAME``, default the account's
   own) to a grant, refusing without consent (403, the same answer for a runner who does not
   exist), a write to someone else's data (403) and a route the grant's scope does not cover
   (``policy.allows``); writes the view to the runner's audit log before anything is read;
4. only then opens that runner's database for exactly that grant (``store/runners.py``) and hands it
   to the existing routes in the request's scope. No request without a grant gets a database.

Pages of someone else's data keep naming that runner in every link (``policy.rewrite_page``); a
training-only ``/api/status`` keeps only its training fields.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from ... import knowledge
from ...store.runners import Access
from ..imports import ImportJobs
from ..language import request_language
from . import policy

if TYPE_CHECKING:
    from ...club import Club, Grant, User

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

SESSION_COOKIE = "sg_session"
SAFE_METHODS = frozenset({"GET", "HEAD"})
log = logging.getLogger(__name__)


def session_token(scope: Scope) -> str | None:
    jar: SimpleCookie = SimpleCookie()
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # a malformed cookie header counts as no cookie
                continue
    morsel = jar.get(SESSION_COOKIE)
    return None if morsel is None else morsel.value


def client_of(scope: Scope) -> str | None:
    client = scope.get("client")
    return str(client[0]) if client else None


def page_words(message: str, field: str | None) -> str:
    """A refusal as a page shows it: without the ``field: `` the JSON API's message starts with."""
    prefix = f"{field}: "
    return message[len(prefix) :] if field and message.startswith(prefix) else message


class ImportJobsByRunner:
    """Each runner's own import jobs (a job id of one runner is unknown to every other)."""

    def __init__(self, club: Club) -> None:
        self.club = club
        self._jobs: dict[int, ImportJobs] = {}

    def of(self, grant: Grant) -> ImportJobs:
        found = self._jobs.get(grant.runner_id)
        if found is None:
            runner_id, key = grant.runner_id, grant.data_key
            found = self._jobs[runner_id] = ImportJobs(on_done=lambda: self.club.roster.mark(runner_id, key))
        return found


class ClubMiddleware:
    def __init__(self, app: ASGIApp, club: Club) -> None:
        self.app = app
        self.club = club
        self.jobs = ImportJobsByRunner(club)
        self.no_jobs = ImportJobs()  # viewers: never any (import routes are the runner's alone)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))
        state = scope.setdefault("state", {})
        if path.startswith(policy.PUBLIC_PREFIXES):  # static files: nobody's data, no session to look up
            await self.app(scope, receive, send)
            return
        state["multi_user"] = True
        token = session_token(scope)
        user = await run_in_threadpool(self.club.accounts.user_for, token) if token else None
        state["user"] = user
        state["session_token"] = token if user is not None else None
        # the profile that chooses the language (web/language.py): the signed-in runner's own, whatever page
        state["profile_db"] = (
            await run_in_threadpool(self.club.runners.open, user.data_key, Access.OWNER)
            if user is not None and user.data_key is not None
            else None
        )
        with knowledge.use_language(request_language(scope)):  # this middleware's own refusals too
            await self._signed_in(scope, receive, send, user, path)

    async def _signed_in(self, scope: Scope, receive: Receive, send: Send, user: User | None, path: str) -> None:
        if policy.is_public(path):
            await self.app(scope, receive, send)
            return
        if user is None:
            await self._refuse(scope, receive, send, 401, knowledge.text("errors.clubs.signed_out"), None)
            return
        if policy.is_club(path):
            await self.app(scope, receive, send)
            return
        await self._runner_route(scope, receive, send, user, path)

    async def _runner_route(self, scope: Scope, receive: Receive, send: Send, user: User, path: str) -> None:
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        named = (query.get("runner") or [None])[0]
        grant = await run_in_threadpool(self.club.consent.grant, user, named)
        method = str(scope.get("method", "GET"))
        if grant is None:
            if named is None or named.strip().lower() == user.username:
                await self._not_a_runner(scope, receive, send, user)
            else:
                await self._refuse(scope, receive, send, 403, knowledge.text("errors.clubs.no_consent"), "runner")
            return
        state = scope["state"]
        if not grant.owner:
            refusal = None
            if method not in SAFE_METHODS:
                refusal = knowledge.text("errors.clubs.read_only", runner=grant.runner)
            elif not policy.allows(grant.access, path):
                key = "errors.clubs.symptoms_not_shared" if policy.needed(path) else "errors.clubs.owner_only"
                refusal = knowledge.text(key, runner=grant.runner)
            if refusal is not None:
                await self._refuse(scope, receive, send, 403, refusal, "runner")
                return
            try:
                await run_in_threadpool(self.club.consent.record, user, [grant], method, path, client_of(scope))
            except Exception:  # no view without its audit row
                log.exception("audit write failed")
                await self._refuse(scope, receive, send, 503, knowledge.text("errors.clubs.audit_failed"), None)
                return
        state["db"] = await run_in_threadpool(self.club.runners.open, grant.data_key, grant.access)
        state["jobs"] = self.jobs.of(grant) if grant.owner else self.no_jobs
        state["grant"] = grant
        if grant.owner:
            await self._as_owner(scope, receive, send, grant, method)
        else:
            await self._as_viewer(scope, receive, send, grant, path)

    async def _as_owner(self, scope: Scope, receive: Receive, send: Send, grant: Grant, method: str) -> None:
        """The runner's own request; after a write that succeeded, the roster summary is made again."""
        status = 0

        async def watch(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        await self.app(scope, receive, watch)
        if method not in SAFE_METHODS and 200 <= status < 400:
            self.club.roster.mark(grant.runner_id, grant.data_key)

    async def _as_viewer(self, scope: Scope, receive: Receive, send: Send, grant: Grant, path: str) -> None:
        """Someone else's view: pages keep the runner in their links; a training-only status keeps its training."""
        start: Message | None = None
        chunks: list[bytes] = []

        async def hold(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    await send_changed()

        async def send_changed() -> None:
            if start is None:  # ASGI: the start message always comes first
                return
            body = b"".join(chunks)
            headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
            kind = dict(headers).get(b"content-type", b"").decode("latin-1")
            download = b"attachment" in dict(headers).get(b"content-disposition", b"")
            if kind.startswith("text/html") and not download:  # a downloaded report stays as the runner's own
                body = policy.rewrite_page(body.decode("utf-8"), grant.runner, grant.access).encode("utf-8")
            elif path == "/api/status" and grant.access is Access.TRAINING and kind.startswith("application/json"):
                if int(start["status"]) == 200:
                    data = json.loads(body)
                    kept = {k: data[k] for k in policy.TRAINING_STATUS_FIELDS if k in data}
                    body = json.dumps({**kept, "scope": grant.access.value}).encode()
            location = dict(headers).get(b"location")
            if location is not None and location.startswith(b"/"):
                moved = policy.with_runner(location.decode("latin-1"), grant.runner).replace("&amp;", "&")
                headers = [(k, moved.encode() if k.lower() == b"location" else v) for k, v in headers]
            headers.append((b"content-length", str(len(body)).encode()))
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, hold)

    async def _not_a_runner(self, scope: Scope, receive: Receive, send: Send, user: User) -> None:
        """An account without running data of its own asked for its own data: pages lead to its start page."""
        if str(scope.get("path", "")).startswith("/api/"):
            if user.role in ("coach", "physio"):
                await self._refuse(scope, receive, send, 400, knowledge.text("errors.clubs.choose_runner"), "runner")
            else:
                await self._refuse(scope, receive, send, 403, knowledge.text("errors.clubs.no_own_data"), None)
            return
        if scope.get("method") in SAFE_METHODS:
            home = "/roster" if user.role in ("coach", "physio") else "/account"
            await RedirectResponse(home, status_code=303)(scope, receive, send)
            return
        await self._refuse(scope, receive, send, 403, knowledge.text("errors.clubs.no_own_data"), None)

    async def _refuse(
        self, scope: Scope, receive: Receive, send: Send, status: int, message: str, field: str | None
    ) -> None:
        path = str(scope.get("path", ""))
        response: Response
        if path.startswith("/api/"):
            response = JSONResponse({"error": message, "field": field}, status_code=status)
        elif status == 401 and scope.get("method") in SAFE_METHODS:
            wanted = path + ("?" + scope["query_string"].decode("latin-1") if scope.get("query_string") else "")
            response = RedirectResponse(f"/login?next={quote(wanted, safe='')}", status_code=303)
        else:
            from ..app import refusal  # noqa: PLC0415  (app imports this package)

            response = refusal(Request(scope, receive), status, page_words(message, field), field)
        await response(scope, receive, send)
