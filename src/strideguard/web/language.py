"""The language each web request is answered in, and the switch that chooses it.

Precedence (issue 17): the switch the runner chose (the ``sg_lang`` cookie) > the profile's
``language`` > the browser's ``Accept-Language`` (q-values honoured) > English. The JSON API follows
the same choice and also takes ``?lang=en|ko`` on any route, above all of them (a script's explicit
wish). Field names and ids never change; only texts do.

:class:`LanguageMiddleware` makes the chosen language the current one
(:func:`strideguard.knowledge.use_language`) for the whole request, so every text (pages, triage
results, plan reasons, signal details computed by the api, error pages) comes out in it.
``POST /language`` is the switch in the layout: it sets the cookie and goes back to the page.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from http.cookies import CookieError, SimpleCookie
from typing import Any, Literal
from urllib.parse import parse_qs

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup, escape

from .. import api, knowledge
from ..api.memo import memoized
from ..errors import InputError

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

COOKIE = "sg_lang"
COOKIE_MAX_AGE = 400 * 24 * 3600  # the longest a browser keeps a cookie (RFC 6265bis): the choice stays
ApiLanguage = Literal["en", "ko"]  # knowledge.LANGUAGES, for the OpenAPI description of ?lang=


def accepted(header: str | None) -> str | None:
    """The language of ``LANGUAGES`` an ``Accept-Language`` header prefers, or None when it names none.

    Each entry is a tag with an optional ``q`` (0 to 1, default 1): the highest q wins, the earlier
    entry on a tie; ``ko-KR`` counts as ``ko``; ``q=0`` means "not this one"; ``*`` stands for any
    language not named otherwise. An entry with a malformed q is ignored, as RFC 9110 lets a server do.
    """
    if not header:
        return None
    best: tuple[float, int, str] | None = None
    refused: set[str] = set()
    star: tuple[float, int] | None = None
    for position, entry in enumerate(header.split(",")):
        tag, _, params = entry.strip().partition(";")
        tag = tag.strip().lower()
        if not tag:
            continue
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value.strip())
                except ValueError:
                    q = -1.0
        if not 0.0 <= q <= 1.0:
            continue
        if tag == "*":
            star = (q, position) if q > 0 else None
            continue
        primary = tag.split("-")[0]
        if primary not in knowledge.LANGUAGES:
            continue
        if q == 0:
            refused.add(primary)
            continue
        if best is None or q > best[0]:
            best = (q, position, primary)
    if best is not None and (star is None or best[0] >= star[0]):
        return best[2]
    if star is not None:
        left = [lang for lang in knowledge.LANGUAGES if lang not in refused]
        return left[0] if left else None
    return None


def choose(cookie: str | None, profile: str | None, accept_language: str | None) -> str:
    """The language of a page: the switch's cookie > the profile's language > Accept-Language > English.

    A cookie or profile value strideguard does not speak is passed over, never an error (a cookie
    from an older or newer version must not lock anyone out of the pages).
    """
    for wanted in (cookie, profile):
        if wanted in knowledge.LANGUAGES:
            return str(wanted)
    return accepted(accept_language) or knowledge.DEFAULT_LANGUAGE


def _cookies(scope: Scope) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            try:
                jar.load(value.decode("latin-1"))
            except CookieError:
                continue
    return {key: morsel.value for key, morsel in jar.items()}


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return None


def profile_database(scope: Scope) -> Any:
    """The database whose profile names a request's language.

    The single-runner server has one (``app.state.db``). On the multi-user server (``web/club``) it is
    the signed-in account's own runner database, which the sign-in middleware puts in the request's state
    (``profile_db``) before this one runs: a runner's pages, their sharing and audit pages alike; a coach
    or physio viewing a runner keeps their own language (the viewed runner's profile does not choose it);
    an account without running data, or nobody signed in, has none (then Accept-Language decides).
    """
    state = scope.get("state") or {}
    if state.get("multi_user"):
        return state.get("profile_db")
    app = scope.get("app")
    return None if app is None else getattr(app.state, "db", None)


def profile_language(scope: Scope) -> str | None:
    """The language of the request's runner's profile (kept until the data changes: one read per change,
    not per request); None without a profile database (see :func:`profile_database`)."""
    db = profile_database(scope)
    if db is None:
        return None
    found = memoized(db, ("profile_language",), lambda: api.profile_show(db).get("language"))
    return None if found is None else str(found)


def early_language(scope: Scope) -> str:
    """The language of a refusal sent before the database is read (no access token, a bad CSRF token):
    the cookie, then Accept-Language; the profile is not consulted for a request not yet let in."""
    return choose(_cookies(scope).get(COOKIE), None, _header(scope, b"accept-language"))


def request_language(scope: Scope) -> str:
    """The language a request is answered in (see the module docstring)."""
    return choose(_cookies(scope).get(COOKIE), profile_language(scope), _header(scope, b"accept-language"))


class LanguageMiddleware:
    """Answers every HTTP request in :func:`request_language` (``scope["state"]["lang"]`` names it)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        lang = request_language(scope)
        scope.setdefault("state", {})["lang"] = lang
        with knowledge.use_language(lang):
            await self.app(scope, receive, send)


async def api_language(
    lang: ApiLanguage | None = Query(
        None, description="the language of the texts (en or ko); field names and ids never change"
    ),
) -> None:
    """``?lang=`` of the JSON API: above the cookie, the profile and Accept-Language for this request."""
    if lang is not None:
        knowledge.set_language(lang)  # this request's context only (the middleware restores it after)


def written_in(text: str) -> str:
    """The language a text from outside the locale files is written in, for its ``lang`` attribute: ``ko``
    when it has Hangul, else ``en`` (the published citations of knowledge/sources stay as published)."""
    return "ko" if any("\uac00" <= char <= "\ud7a3" or "\u1100" <= char <= "\u11ff" for char in text) else "en"


def text_markup(tid: str, **values: Any) -> Markup:
    """A text whose values are markup (``<code>``, a link): the text escaped, the values put in as given
    (a ``Markup`` value as it is, any other escaped)."""
    template = escape(knowledge.texts()[tid])
    return Markup(template).format(**{k: v if isinstance(v, Markup) else escape(v) for k, v in values.items()})


def code(value: str) -> Markup:
    """``value`` as ``<code>`` (an address, a header name) for :func:`text_markup`."""
    return Markup("<code>{}</code>").format(value)


def link(href: str, words: str) -> Markup:
    """A link on this site (``href`` starts with ``/``) for :func:`text_markup`."""
    return Markup('<a href="{}">{}</a>').format(href, words)


router = APIRouter(include_in_schema=False)


def _back(form: Mapping[str, list[str]]) -> str:
    target = (form.get("next") or ["/"])[-1]
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


@router.post("/language")
async def switch(request: Request) -> Response:
    """The switch in the layout: keep the choice in a cookie and go back to the page it was made on."""
    form = parse_qs((await request.body()).decode("utf-8", "replace"), keep_blank_values=True)
    chosen = (form.get("lang") or [""])[-1]
    if chosen not in knowledge.LANGUAGES:
        raise InputError(
            "lang", chosen, knowledge.text("web.language.refused", languages=", ".join(knowledge.LANGUAGES))
        )
    response = RedirectResponse(_back(form), status_code=303)
    response.set_cookie(COOKIE, chosen, max_age=COOKIE_MAX_AGE, path="/", samesite="lax", httponly=True)
    return response
