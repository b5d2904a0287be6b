"""The multi-user server as a user starts it (`strideguard --db DB serve --multi-user --port P`), over real HTTP,
on SQLite and on PostgreSQL.

What the tests prove, each against the running server:
- a runner reads nothing of another runner (every page and JSON route of the app, exports, the report,
  the calendar file) until that runner shares; coaches, physios and admins neither;
- a training-only share shows training and no symptom (not in status, history, calendar, runs, pages),
  refuses the symptom routes, and nobody but the runner can write; a wider share shows symptoms; a
  revoked share stops the very next request; an invitation link gives a share once;
- every view by someone else is in the runner's audit log (and only those);
- sign-in is rate-limited (429 with Retry-After, even for the right password), writes need the CSRF
  header (sign-in included), and sessions end on sign-out, on a password change and when the account is
  removed from the command line.

Each test starts its own server over a copy of one server database built once (five accounts; the demo
runner's history in ben's account).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from strideguard import api
from strideguard.club import Club
from strideguard.store import open_database
from strideguard.store.runners import Access
from strideguard.web import WebSettings, create_app
from strideguard.web.club.policy import SYMPTOM_ROUTES, TRAINING_ROUTES
from tests.databases import PgServer

from .conftest import Server, start_server

pytestmark = pytest.mark.both_databases

PASSWORDS = {
    "ana": "ana runs in the park",
    "ben": "ben runs on the trail",
    "kim": "kim coaches the crew",
    "pia": "pia treats the knees",
    "boss": "boss keeps the accounts",
}
ROLES = {"ana": "runner", "ben": "runner", "kim": "coach", "pia": "physio", "boss": "admin"}
FILLED = {"activity_id": "1", "episode": "1", "report_id": "1", "deleted_id": "1", "date": "2026-11-20", "job_id": "x"}


def cli(db: str, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """``strideguard --db DB ARGS`` as a user types it."""
    return subprocess.run(
        [sys.executable, "-c", "from strideguard.cli import main; main()", "--db", db, *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def runner_routes(tmp: Path) -> list[tuple[str, str]]:
    """(method, path with its parameters filled) of every route of the single-runner app: all read or write one
    runner's data, except the public ones the multi-user server answers to anybody."""
    app = create_app(open_database(str(tmp / "routes.db")), WebSettings(data_dir=tmp))
    found: list[tuple[str, str]] = []

    def walk(routes: list[Any]) -> None:
        for route in routes:
            nested = getattr(getattr(route, "original_router", None), "routes", None)
            if nested is not None:
                walk(nested)
                continue
            path = getattr(route, "path", None)
            methods = getattr(route, "methods", None) or set()
            if path is None or path.startswith(("/static", "/vendor", "/favicon")):
                continue
            if path in ("/api/csrf", "/api/openapi.json", "/api/docs", "/sources", "/language"):  # /language: a cookie
                continue
            filled = re.sub(r"\{(\w+)\}", lambda m: FILLED[m.group(1)], path)
            found.extend((method, filled) for method in sorted(methods) if method != "HEAD")

    walk(app.routes)
    return found


class Client:
    """One browser or script: its own cookies, the CSRF token it was given."""

    def __init__(self, server: Server) -> None:
        self.http = httpx.Client(base_url=server.url, timeout=60)
        self.csrf = self.http.get("/api/csrf").json()["csrf_token"]

    def sign_in(self, name: str, password: str | None = None) -> httpx.Response:
        return self.post("/api/session", {"username": name, "password": password or PASSWORDS[name]})

    def get(self, path: str, **params: Any) -> httpx.Response:
        return self.http.get(path, params=params)

    def post(self, path: str, body: Any = None, **params: Any) -> httpx.Response:
        return self.http.post(path, json=body if body is not None else {}, params=params, headers=self._h())

    def send(self, method: str, path: str, **params: Any) -> httpx.Response:
        return self.http.request(method, path, params=params, json={}, headers=self._h())

    def delete(self, path: str) -> httpx.Response:
        return self.http.delete(path, headers=self._h())

    def _h(self) -> dict[str, str]:
        return {"x-csrf-token": self.csrf}


def _build(target: str) -> None:
    """The accounts of PASSWORDS (argon2 hashes), and the demo runner's history in ben's account (his restore)."""
    with Club.open(target if "://" in target else f"sqlite:///{target}") as club:
        for name, role in ROLES.items():
            club.accounts.add(name, role, PASSWORDS[name])
        ben = club.accounts.by_name("ben")
        assert ben is not None and ben.data_key is not None
        with open_database("sqlite://") as demo:
            api.demo(demo)
            api.restore(club.runners.open(ben.data_key, Access.OWNER), api.export(demo))


_SQLITE_TEMPLATE: list[Path] = []  # built once per test session, copied for each test


@pytest.fixture()
def server_db(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """A server database made for this test: a copy of one built once per session (see ``_build``)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))  # a URL's data folder (uploads)
    if backend == "sqlite":
        if not _SQLITE_TEMPLATE:
            folder = request.getfixturevalue("tmp_path_factory").mktemp("club-template")
            _build(str(folder / "server.db"))
            _SQLITE_TEMPLATE.append(folder)
        copy = tmp_path / "club"
        shutil.copytree(_SQLITE_TEMPLATE[0], copy)
        yield str(copy / "server.db")
        return
    pg: PgServer = request.getfixturevalue("pg_server")
    url = pg.create(template=pg.template("club", _build))
    yield url
    pg.drop(url)


@pytest.fixture()
def server(server_db: str) -> Iterator[Server]:
    """The running server; ana entered two runs through it."""
    running = start_server(server_db, "--multi-user")
    ana = Client(running)
    assert ana.sign_in("ana").status_code == 200
    for day in ("2026-11-20", "2026-11-22"):
        assert ana.post("/api/runs", {"date": day, "distance_km": 5, "duration_min": 30}).status_code == 200
    yield running
    running.process.terminate()
    try:
        running.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        running.process.kill()


def test_nobody_reads_a_runner_who_has_not_shared(server: Server, tmp_path: Path) -> None:
    routes = runner_routes(tmp_path)
    assert len(routes) > 50 and ("GET", "/api/export") in routes and ("GET", "/plan.ics") in routes
    ben = Client(server)
    ben.sign_in("ben")
    before = ben.get("/api/export").json()
    assert len(before["tables"]["activities"]) == 73
    for name in ("ana", "kim", "pia", "boss"):
        other = Client(server)
        assert other.sign_in(name).status_code == 200
        for method, path in routes:
            answer = other.send(method, path, runner="ben")
            assert answer.status_code == 403, (name, method, path, answer.status_code, answer.text[:200])
            assert "Demo Runner" not in answer.text and "ankle" not in answer.text
        for unknown in ("nobody", "BEN", "ben "):  # an unknown runner answers as one who does not share
            assert other.get("/api/activities", runner=unknown).status_code == 403
        assert [r["runner"] for r in other.get("/api/runners").json()] == (["ana"] if name == "ana" else [])
    ana = Client(server)
    ana.sign_in("ana")
    assert [a["local_date"] for a in ana.get("/api/activities").json()] == ["2026-11-20", "2026-11-22"]
    assert [r["runner"] for r in ana.get("/api/runners").json()] == ["ana"]
    assert ana.get("/api/audit").json() == []  # ana was never viewed
    kim = Client(server)
    kim.sign_in("kim")
    assert kim.get("/api/activities").status_code == 400  # a coach has no data of their own: name a runner
    assert kim.get("/", follow_redirects=False).headers["location"] == "/roster"
    assert ben.get("/api/export").json()["tables"] == before["tables"]  # nothing of ben changed
    assert ben.get("/api/audit").json() == []  # refusals are not views


def test_shares_scopes_revoking_invitations_and_the_audit_log(server: Server, tmp_path: Path) -> None:
    ben, kim, pia = Client(server), Client(server), Client(server)
    for client, name in ((ben, "ben"), (kim, "kim"), (pia, "pia")):
        assert client.sign_in(name).status_code == 200
    assert ben.post("/api/shares", {"with": "kim", "scope": "training"}).json() == {
        "with": "kim",
        "role": "coach",
        "scope": "training",
    }
    own = {path: ben.get(path).json() for path in ("/api/activities", "/api/shoes", "/api/symptoms")}
    views = 0
    # training only: the training routes answer, without a trace of a symptom
    for method, path in runner_routes(tmp_path):
        if method != "GET":
            continue
        answer = kim.get(path, runner="ben")
        if TRAINING_ROUTES.match(path):
            assert answer.status_code in (200, 404), (path, answer.text[:200])  # 404: no activity or report 1
            views += 1
            for word in ("Rolled the ankle", "kneecap", "see_doctor", "modify_training", '"episodes": [{'):
                assert word not in answer.text, (path, word)
        else:
            assert answer.status_code == 403, (path, answer.status_code)
            expected = "shares training only" if SYMPTOM_ROUTES.match(path) else "for ben alone"
            assert expected in answer.json()["error"] if path.startswith("/api/") else expected in answer.text
    assert kim.get("/api/activities", runner="ben").json() == [
        {**a, "notes": None, "rpe_note": None} for a in own["/api/activities"]
    ]
    assert kim.get("/api/shoes", runner="ben").json() == own["/api/shoes"]
    status = kim.get("/api/status", runner="ben").json()
    assert set(status) == {"date", "signals", "baseline", "scope"} and status["scope"] == "training"
    assert kim.get("/api/history", runner="ben").json()["symptoms"] == []
    calendar = kim.get("/api/calendar", runner="ben", date="2026-11-06").json()
    assert all(day["symptoms"] == [] for week in calendar["weeks"] for day in week)
    page = kim.get("/history", runner="ben").text
    assert "runner=ben" in page and 'data-viewing="read-only"' in page and "ben" in page
    rows = kim.get("/api/runners").json()
    assert [(r["runner"], r["scope"]) for r in rows] == [("ben", "training")] and rows[0]["summary"]["episodes"] == []
    views += 7
    # writes: never for someone else, whatever the scope
    before = len(own["/api/activities"])
    assert (
        kim.post("/api/runs", {"date": "2026-11-26", "distance_km": 5, "duration_min": 30}, runner="ben").status_code
        == 403
    )
    assert kim.send("DELETE", "/api/runs/1", runner="ben").status_code == 403
    assert len(ben.get("/api/activities").json()) == before

    # training and symptoms: everything reads, still nothing writes
    ben.post("/api/shares", {"with": "kim", "scope": "training_and_symptoms"})
    assert kim.get("/api/symptoms", runner="ben").json() == own["/api/symptoms"]
    assert kim.get("/api/export", runner="ben").json()["tables"] == ben.get("/api/export").json()["tables"]
    report = kim.get("/api/report", runner="ben")
    assert report.status_code == 200 and "Demo Runner" in report.text
    assert kim.get("/plan.ics", runner="ben").text.startswith("BEGIN:VCALENDAR")
    assert kim.get("/api/episodes", runner="ben").json() == ben.get("/api/episodes").json() != []
    assert kim.get("/api/status", runner="ben").json()["episodes"] == ben.get("/api/status").json()["episodes"]
    rows = kim.get("/api/runners").json()  # the kept roster changed with the share's scope
    assert rows[0]["scope"] == "training_and_symptoms" and rows[0]["summary"]["episodes"] != []
    views += 7
    assert kim.send("POST", "/api/symptoms", runner="ben").status_code == 403
    assert kim.get("/import", runner="ben").status_code == 403  # the runner's own pages stay the runner's

    # revoking works at once
    assert ben.delete("/api/shares/kim").json() == {"with": "kim", "revoked": True}
    assert kim.get("/api/activities", runner="ben").status_code == 403
    assert [r["runner"] for r in kim.get("/api/runners").json()] == []

    # an invitation link: one use, then a share of its scope
    made = ben.post("/api/invitations", {"scope": "training"}).json()
    assert pia.get("/api/activities", runner="ben").status_code == 403
    assert pia.post("/api/invitations/accept", {"code": made["code"]}).json() == {"runner": "ben", "scope": "training"}
    assert kim.post("/api/invitations/accept", {"code": made["code"]}).status_code == 404
    assert pia.get("/api/activities", runner="ben").status_code == 200
    assert pia.get("/api/symptoms", runner="ben").status_code == 403
    rows = pia.get("/api/runners").json()
    assert [(r["runner"], r["scope"]) for r in rows] == [("ben", "training")]
    assert rows[0]["summary"]["episodes"] == [] and rows[0]["summary"]["last_report"] is None
    views += 2  # a route and the roster

    # the audit log: each view by someone else, none of the refusals, none of ben's own
    log = ben.get("/api/audit").json()
    assert len(log) == views
    assert {(e["viewer"], e["role"]) for e in log} == {("kim", "coach"), ("pia", "physio")}
    assert [(e["viewer"], e["path"]) for e in log[:3]] == [
        ("pia", "/api/runners"),  # newest first
        ("pia", "/api/activities"),
        ("kim", "/api/runners"),
    ]
    assert all(e["method"] == "GET" and e["client"] == "127.0.0.1" for e in log)
    audit_page = ben.get("/audit").text
    assert "pia" in audit_page and "/api/runners" in audit_page


def test_sign_in_limits_csrf_and_the_end_of_sessions(server: Server, server_db: str) -> None:
    anonymous = httpx.Client(base_url=server.url, timeout=30)
    refused = anonymous.post("/api/session", json={"username": "ana", "password": PASSWORDS["ana"]})
    assert refused.status_code == 403 and "sg_session" not in refused.headers.get("set-cookie", "")  # no CSRF
    assert anonymous.get("/api/activities").status_code == 401
    assert anonymous.get("/history", follow_redirects=False).headers["location"] == "/login?next=%2Fhistory"
    anonymous.cookies.set("sg_session", "made-up-token")
    assert anonymous.get("/api/activities").status_code == 401

    ana = Client(server)
    for _ in range(5):
        assert ana.sign_in("ana", "a wrong guess here").status_code == 401
    limited = ana.sign_in("ana")  # the right password, but too many failures for this name
    assert limited.status_code == 429 and 800 < int(limited.headers["retry-after"]) <= 900
    assert "sg_session" not in limited.headers.get("set-cookie", "")

    phone, laptop, tablet = Client(server), Client(server), Client(server)
    signed = phone.sign_in("kim")
    cookie = signed.headers["set-cookie"]
    assert "HttpOnly" in cookie and "samesite=lax" in cookie.lower() and "Path=/" in cookie
    assert "secure" not in cookie.lower()  # plain HTTP on this machine; Secure over HTTPS or off loopback
    laptop.sign_in("kim")
    tablet.sign_in("kim")
    old = phone.http.cookies.get("sg_session")
    assert phone.delete("/api/session").json() == {"signed_out": True}
    replay = httpx.Client(base_url=server.url, cookies={"sg_session": old or ""})
    assert replay.get("/api/runners").status_code == 401  # ended on the server, not only in the browser

    changed = laptop.post("/api/password", {"current_password": PASSWORDS["kim"], "new_password": "a new kim phrase"})
    assert changed.status_code == 200
    assert laptop.get("/api/runners").status_code == 200  # the new session of the changer
    assert tablet.get("/api/runners").status_code == 401  # every other session ended
    assert Client(server).sign_in("kim").status_code == 401
    assert Client(server).sign_in("kim", "a new kim phrase").status_code == 200

    pia = Client(server)
    pia.sign_in("pia")
    assert pia.get("/api/runners").status_code == 200
    removed = cli(server_db, "user", "remove", "pia")
    assert removed.returncode == 0, removed.stderr
    assert pia.get("/api/runners").status_code == 401  # a removed account's session stops at once
    assert pia.get("/roster", follow_redirects=False).status_code == 303


def test_pages_sign_in_roster_and_viewing(server: Server) -> None:
    ben = Client(server)
    ben.sign_in("ben")
    ben.post("/api/shares", {"with": "pia", "scope": "training_and_symptoms"})
    pia = Client(server)
    form = pia.http.get("/login?next=/roster")
    assert form.status_code == 200 and 'name="password"' in form.text
    wrong = pia.http.post(
        "/login", data={"username": "pia", "password": "nope nope nope", "next": "/roster", "csrf_token": pia.csrf}
    )
    assert wrong.status_code == 401 and "wrong user name or password" in wrong.text
    signed = pia.http.post(
        "/login",
        data={"username": "pia", "password": PASSWORDS["pia"], "next": "/roster", "csrf_token": pia.csrf},
        follow_redirects=False,
    )
    assert signed.status_code == 303 and signed.headers["location"] == "/roster"
    roster = pia.http.get("/roster").text
    assert 'id="runner-ben"' in roster and "/?runner=ben" in roster and "Demo Runner" in roster
    today = pia.http.get("/?runner=ben").text
    assert "You are viewing ben" in today and 'href="/history?runner=ben"' in today
    assert 'name="runner" value="ben"' in pia.http.get("/plan?runner=ben").text  # a GET form keeps the runner
    sharing = ben.http.get("/sharing").text
    assert "pia" in sharing and "training and symptoms" in sharing
    revoked = ben.http.post(
        "/sharing", data={"action": "revoke", "with": "pia", "csrf_token": ben.csrf}, follow_redirects=True
    )
    assert revoked.status_code == 200 and "Stopped sharing" in revoked.text
    assert pia.http.get("/?runner=ben").status_code == 403


def test_uploads_go_to_the_signed_in_runner(server: Server, test_files: Path) -> None:
    ana, ben = Client(server), Client(server)
    ana.sign_in("ana")
    ben.sign_in("ben")
    bens = len(ben.get("/api/activities").json())
    gpx = test_files / "runpandas" / "gpx" / "0da79b1d-dc15-4589-afff-aba4497ea626.gpx"
    files = {"files": ("walk.gpx", gpx.read_bytes())}
    upload = ana.http.post("/api/import", data={"csrf_token": ana.csrf}, files=files)
    assert upload.status_code == 200 and upload.json()["imported"] == 1, upload.text
    assert len(ana.get("/api/activities").json()) == 3 and len(ben.get("/api/activities").json()) == bens
    refused = ana.http.post(  # an upload into someone else's account: refused before anything is stored
        "/api/import?runner=ben", data={"csrf_token": ana.csrf}, files={"files": ("walk.gpx", gpx.read_bytes())}
    )
    assert refused.status_code == 403 and len(ben.get("/api/activities").json()) == bens


def test_a_write_refreshes_the_roster_summary(server: Server) -> None:
    ana, kim = Client(server), Client(server)
    ana.sign_in("ana")
    kim.sign_in("kim")
    ana.post("/api/shares", {"with": "kim", "scope": "training"})
    first = kim.get("/api/runners").json()[0]["summary"]
    assert first["latest_run"] == "2026-11-22"
    ana.post("/api/runs", {"date": "2026-11-28", "distance_km": 12, "duration_min": 70})
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if kim.get("/api/runners").json()[0]["summary"]["latest_run"] == "2026-11-28":
            break
        time.sleep(0.2)
    assert kim.get("/api/runners").json()[0]["summary"]["latest_run"] == "2026-11-28"


def test_each_account_reads_in_its_own_language(server: Server) -> None:
    """The web app's language choice on the multi-user server: the switch's cookie > the signed-in runner's own
    profile > Accept-Language > English, on the runner's pages, the club's pages and the server's own refusals;
    someone viewing a runner keeps their own language (the viewed runner's profile does not choose it)."""
    ben = Client(server)
    ben.sign_in("ben")
    assert ben.post("/api/profile", {"language": "ko"}).status_code == 200
    assert ben.post("/api/shares", {"with": "pia", "scope": "training_and_symptoms"}).status_code == 200
    today = ben.http.get("/").text
    assert '<html lang="ko">' in today and ">오늘<" in today  # web.nav.today in ko/web.yaml
    assert "공유" in ben.http.get("/sharing").text  # clubs.sharing.title: a club page, his profile's language
    assert ben.get("/api/activities", runner="ana").json()["error"].startswith("runner: 이 러너의 데이터를")
    ana = Client(server)  # a runner whose profile names no language: the browser's choice
    ana.sign_in("ana")
    assert '<html lang="en">' in ana.http.get("/").text
    assert '<html lang="ko">' in ana.http.get("/", headers={"accept-language": "ko-KR,ko;q=0.9,en;q=0.5"}).text
    pia = Client(server)  # a physio (no running data of her own): Accept-Language, then the switch
    pia.sign_in("pia")
    viewed = pia.http.get("/?runner=ben").text
    assert '<html lang="en">' in viewed and "You are viewing ben" in viewed  # ben's Korean profile is his own
    roster = pia.http.get("/roster", headers={"accept-language": "ko"}).text
    assert '<html lang="ko">' in roster and "명단" in roster and 'id="runner-ben"' in roster
    switched = pia.http.post("/language", data={"lang": "ko", "next": "/?runner=ben", "csrf_token": pia.csrf})
    assert switched.status_code == 303 and switched.headers["location"] == "/?runner=ben"
    viewed = pia.http.get("/?runner=ben").text
    assert '<html lang="ko">' in viewed and "ben 님의 데이터를 보고 있어요." in viewed
    assert "명단" in pia.http.get("/roster").text
    refused = pia.get("/api/status", runner="ana").json()["error"]  # the sign-in middleware's own refusal
    assert refused.startswith("runner: 이 러너의 데이터를")
    page = pia.http.get("/history?runner=ana")  # the same refusal on a page: in words, without the field's name
    assert page.status_code == 403 and "<p" in page.text and "이 러너의 데이터를 볼 수 없어요" in page.text
    assert "runner: " not in page.text
    ben.http.cookies.set("sg_lang", "en")  # the switch's cookie above the profile
    assert '<html lang="en">' in ben.http.get("/").text
