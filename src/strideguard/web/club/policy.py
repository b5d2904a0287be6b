"""Which route shows what, for whom: the multi-user server's one table of access, and the links of a viewed page.

Every path is one of:

- public (the sign-in page and route, the language switch, the CSRF token, static files, the sources, the
  API's description);
- a club route (:data:`CLUB_ROUTES`: sessions, sharing, the roster, the audit log, accounts): signed in,
  about the signed-in account itself;
- otherwise a runner's route: it reads or writes one runner's data, chosen by ``?runner=NAME`` (default:
  the signed-in runner's own). Someone else may only read, and only the routes listed here for the
  scope the runner granted (:func:`needed`); every route not listed is the runner's alone. A route
  added to the app later is therefore the runner's alone until it is listed here.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from ...store.runners import Access

# /language: the layout's language switch only sets its own cookie (no account or runner data)
PUBLIC_PATHS = frozenset(
    {"/login", "/language", "/api/session", "/api/csrf", "/api/openapi.json", "/api/docs", "/sources"}
)
PUBLIC_PREFIXES = ("/static/", "/vendor/", "/favicon.ico")

CLUB_ROUTES = re.compile(
    r"^/(?:logout|account|roster|sharing|audit|invite/[^/]+"
    r"|api/(?:runners|shares|shares/[^/]+|audit|invitations|invitations/[^/]+|password|users|users/[^/]+))$"
)

# What someone else may read (GET or HEAD) of a runner's data, by the scope the runner granted.
TRAINING_ROUTES = re.compile(
    r"^/(?:history|calendar|runs/\d+|shoes"
    r"|api/(?:activities|history|calendar|runs/\d+|shoes|status))$"
)
SYMPTOM_ROUTES = re.compile(
    r"^/(?:|plan|plan\.ics|symptoms"
    r"|api/(?:symptoms|episodes|plan|checkins|wellness|export|report|profile))$"
)
# /api/status under a training-only share: only these fields (the recommendation and dose there would be
# computed without the runner's symptoms, so they would not be the runner's own advice)
TRAINING_STATUS_FIELDS = ("date", "signals", "baseline")


def is_public(path: str) -> bool:
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


def is_club(path: str) -> bool:
    return CLUB_ROUTES.match(path) is not None


def needed(path: str) -> Access | None:
    """The least access that may read ``path`` of someone else's data; None: only the runner themself."""
    if TRAINING_ROUTES.match(path):
        return Access.TRAINING
    if SYMPTOM_ROUTES.match(path):
        return Access.SYMPTOMS
    return None


def allows(granted: Access, path: str) -> bool:
    """Whether a share of ``granted`` scope may read ``path`` (the owner may do anything)."""
    if granted is Access.OWNER:
        return True
    need = needed(path)
    return need is not None and (need is Access.TRAINING or granted is Access.SYMPTOMS)


# --- the links of a page someone else views ---------------------------------------------------

_LINK = re.compile(r'(\s(?:href|action|hx-get|hx-post|hx-put|hx-patch|hx-delete)=")(/[^"]*)"')
_FORM = re.compile(r"<form\b[^>]*>", re.IGNORECASE)
_METHOD = re.compile(r'\bmethod="([a-z]+)"', re.IGNORECASE)
_BODY = re.compile(r"<body\b", re.IGNORECASE)


def with_runner(url: str, runner: str) -> str:
    """``url`` (as written in HTML, ``&amp;`` between parameters) naming ``runner``, unless it is another kind of
    page (public, the club's own) or names a runner already."""
    if url.startswith("//"):
        return url
    path, hash_mark, fragment = url.partition("#")
    path, question, query = path.partition("?")
    if is_public(path) or is_club(path):
        return url
    params = query.replace("&amp;", "&").split("&") if query else []
    if any(p.split("=", 1)[0] == "runner" for p in params):
        return url
    added = f"runner={quote(runner, safe='')}"
    query = f"{query}&amp;{added}" if query else added
    return f"{path}?{query}{hash_mark}{fragment}"


def rewrite_page(html: str, runner: str, granted: Access) -> str:
    """A page of ``runner``'s data as someone else sees it: every link and form of the site stays on this runner
    (a GET form gets a hidden field: browsers drop a GET form's query), a link to what the share does not
    cover is marked ``data-not-shared`` (clubs.css hides it), and the body is marked read-only."""

    def link(match: re.Match[str]) -> str:
        url = match.group(2)
        path = url.split("#", 1)[0].split("?", 1)[0]
        shared = is_public(path) or is_club(path) or allows(granted, path)
        marked = "" if shared or match.group(1).strip().startswith("action") else " data-not-shared"
        return f'{match.group(1)}{with_runner(url, runner)}"{marked}'

    def form(match: re.Match[str]) -> str:
        tag = match.group(0)
        method = _METHOD.search(tag)
        if method is None or method.group(1).lower() == "get":
            return f'{tag}<input type="hidden" name="runner" value="{quote(runner, safe="")}">'
        return tag

    html = _LINK.sub(link, html)
    html = _FORM.sub(form, html)
    return _BODY.sub('<body data-viewing="read-only"', html, count=1)
