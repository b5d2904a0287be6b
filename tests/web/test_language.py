"""Which language the web app answers in: the switch's cookie > the profile's language > Accept-Language > English.

The JSON API follows the same choice (and ``?lang=``, above all of it) and keeps its field names and ids
in every language; the view cache keeps each language's texts apart; refusals made before a request is
let in speak the cookie's or the browser's language.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from strideguard import api, knowledge
from strideguard.web.language import COOKIE, accepted, choose

from .conftest import csrf_of

KO = {"accept-language": "ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7"}  # what a Korean phone's browser sends


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, None),
        ("", None),
        ("ko", "ko"),
        ("ko-KR", "ko"),  # a region counts as its language
        ("KO-kr", "ko"),  # tags are case-insensitive (RFC 5646)
        ("en-US,en;q=0.9", "en"),
        ("ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7", "ko"),
        ("en;q=0.5, ko;q=0.8", "ko"),  # the higher q wins, whatever the order
        ("en;q=0.8, ko;q=0.8", "en"),  # a tie: the earlier one
        ("fr-FR, fr;q=0.9, ko;q=0.3", "ko"),  # French first, but strideguard speaks Korean, not French
        ("fr, de", None),  # nothing strideguard speaks
        ("ko;q=0, en;q=0.1", "en"),  # q=0: "not Korean"
        ("ko;q=0", None),
        ("ko;q=abc, en;q=0.2", "en"),  # a malformed q: that entry is ignored
        ("ko;q=1.5, en;q=0.2", "en"),  # q above 1 is malformed too
        ("*", "en"),  # any language: the first strideguard speaks
        ("en;q=0, *", "ko"),  # any but English
        ("*;q=0.5, ko", "ko"),
    ],
)
def test_accept_language_with_q_values(header: str | None, expected: str | None) -> None:
    assert accepted(header) == expected


def test_precedence_cookie_then_profile_then_browser_then_english() -> None:
    assert choose("en", "ko", "ko") == "en"  # the switch beats everything
    assert choose("ko", "en", "en") == "ko"
    assert choose(None, "ko", "en-US") == "ko"  # then the profile
    assert choose(None, "en", "ko") == "en"
    assert choose(None, None, "ko-KR") == "ko"  # then the browser
    assert choose(None, None, "fr") == "en"  # then English
    assert choose(None, None, None) == "en"
    assert choose("xx", "ko", None) == "ko"  # a cookie strideguard does not know is passed over
    assert choose("xx", None, "ko") == "ko"


def _lang(page: str) -> str:
    start = page.index('<html lang="') + len('<html lang="')
    return page[start : page.index('"', start)]


def test_the_pages_follow_the_precedence(client: TestClient) -> None:
    assert _lang(client.get("/").text) == "en"  # nothing chosen anywhere
    page = client.get("/", headers=KO).text
    assert _lang(page) == "ko" and "<h1>Demo Runner 님의 오늘</h1>" in page  # the browser asks for Korean
    db = client.app.state.db  # type: ignore[attr-defined]
    api.profile_set(db, language="en")
    assert _lang(client.get("/", headers=KO).text) == "en"  # the profile beats the browser
    client.cookies.set(COOKIE, "ko")
    assert _lang(client.get("/", headers={"accept-language": "en"}).text) == "ko"  # the switch beats the profile
    client.cookies.clear()
    api.profile_set(db, language="ko")
    page = client.get("/history", headers={"accept-language": "en"}).text
    assert _lang(page) == "ko" and f"<h1>{knowledge.text('web.history.title', lang='ko')}</h1>" in page


def test_the_switch_sets_the_cookie_and_goes_back(client: TestClient) -> None:
    token = csrf_of(client)
    answer = client.post(
        "/language", data={"csrf_token": token, "lang": "ko", "next": "/plan?days=14"}, follow_redirects=False
    )
    assert answer.status_code == 303 and answer.headers["location"] == "/plan?days=14"
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=ko;") and "Path=/" in cookie and "SameSite=lax" in cookie
    assert _lang(client.get("/plan?days=14").text) == "ko"
    # back to English, and an address elsewhere is never followed
    answer = client.post(
        "/language", data={"csrf_token": token, "lang": "en", "next": "//evil.example/"}, follow_redirects=False
    )
    assert answer.headers["location"] == "/" and _lang(client.get("/").text) == "en"
    refused = client.post("/language", data={"csrf_token": token, "lang": "fr"})
    assert refused.status_code == 400 and _lang(refused.text) == "en"
    assert knowledge.text("web.language.refused", languages="en, ko") in refused.text
    assert client.post("/language", data={"lang": "ko"}).status_code == 403  # a form without its CSRF token


def _shape(value: Any) -> Any:
    """The field names, lengths and numbers of a JSON answer, every string left out: what must not change with the
    language (the ids among the strings are compared one by one)."""
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shape(v) for v in value]
    return "" if isinstance(value, str) else value


def test_the_json_api_keeps_field_names_and_ids_and_translates_texts(client: TestClient) -> None:
    english = client.get("/api/status").json()
    korean = client.get("/api/status", headers=KO).json()
    assert _shape(korean) == _shape(english)  # the same fields, ids, levels and numbers
    assert [s["id"] for s in korean["signals"]] == [s["id"] for s in english["signals"]]
    details = [(e["detail"], k["detail"]) for e, k in zip(english["signals"], korean["signals"], strict=True)]
    assert all(e != k for e, k in details if e)  # every text is another language's
    assert client.get("/api/status?lang=ko").json() == korean  # ?lang= says the same
    assert client.get("/api/status?lang=en", headers=KO).json() == english  # and beats Accept-Language
    client.cookies.set(COOKIE, "ko")
    assert client.get("/api/status").json() == korean  # the switch's cookie counts for the API too
    client.cookies.clear()
    refused = client.get("/api/status?lang=fr")
    assert refused.status_code == 400 and refused.json()["field"] == "lang"
    assert [(s["level"], s["source"]) for s in korean["signals"]] == [
        (s["level"], s["source"]) for s in english["signals"]
    ]
    assert korean["recommendation"]["disposition"] == english["recommendation"]["disposition"]
    plan_en, plan_ko = client.get("/api/plan").json(), client.get("/api/plan?lang=ko").json()
    assert _shape(plan_ko) == _shape(plan_en) and plan_ko["disposition"] == plan_en["disposition"]
    ids = [(d["date"], d["session"]["kind"], d["session"]["intensity"]) for d in plan_en["days"]]
    assert [(d["date"], d["session"]["kind"], d["session"]["intensity"]) for d in plan_ko["days"]] == ids
    assert [c["id"] for c in plan_ko["cards"]] == [c["id"] for c in plan_en["cards"]]


def test_the_view_cache_keeps_each_language_apart(client: TestClient) -> None:
    """Views are kept per data version *and* language: English after Korean is English again, and back."""
    first = client.get("/api/status").json()
    korean = client.get("/api/status", headers=KO).json()
    assert client.get("/api/status").json() == first
    assert client.get("/api/status", headers=KO).json() == korean != first
    history_ko = client.get("/history", headers=KO).text
    history_en = client.get("/history").text
    title_ko = knowledge.text("charts.load_title", lang="ko")
    assert title_ko in history_ko and title_ko not in history_en
    assert knowledge.text("charts.load_title", lang="en") in history_en


def test_the_report_of_the_api_speaks_the_chosen_language(client: TestClient) -> None:
    page = client.get("/api/report?weeks=4", headers=KO)
    assert page.status_code == 200 and _lang(page.text) == "ko"
    assert knowledge.text("report.runner", lang="ko") in page.text
    assert _lang(client.get("/api/report?weeks=4&lang=en", headers=KO).text) == "en"


def test_refusals_before_the_app_speak_the_browsers_language(client: TestClient) -> None:
    """A form without its CSRF token is refused before the database is read: the cookie or the browser decide."""
    refused = client.post("/profile", data={"name": "x"}, headers=KO)
    assert refused.status_code == 403 and refused.text == knowledge.text("web.refused.csrf", lang="ko")
    client.cookies.set(COOKIE, "en")
    assert client.post("/profile", data={"name": "x"}, headers=KO).text == knowledge.text("web.refused.csrf", lang="en")


def test_a_refused_page_value_is_named_in_the_pages_language(client: TestClient) -> None:
    page = client.get("/history?weeks=many", headers=KO)
    assert page.status_code == 400
    label, hint = knowledge.text("web.field.weeks", lang="ko"), knowledge.text("web.hint.weeks", lang="ko")
    assert knowledge.text("web.error.field", lang="ko", label=label, allowed=hint) in page.text
