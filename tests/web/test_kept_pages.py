"""Rendered pages kept until the data changes (web/pages.py ``kept_page``): each visitor still gets their own
CSRF token, their language and the data as it is now."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from strideguard import knowledge
from strideguard.api.memo import memoized
from strideguard.web.pages import CSRF_SLOT

from .conftest import csrf_of, make_client

PAGES = ("/", "/history", "/calendar", "/plan", "/symptoms", "/shoes", "/sources")


def test_two_visitors_get_the_same_page_each_with_their_own_token(demo_copy: Path) -> None:
    with_forms = 0
    with make_client(demo_copy) as first, make_client(demo_copy) as second:
        for path in PAGES:
            a, b = first.get(path), second.get(path)
            token_a, token_b = csrf_of(first), csrf_of(second)
            assert a.status_code == b.status_code == 200, path
            assert token_a != token_b
            assert CSRF_SLOT not in a.text and CSRF_SLOT not in b.text
            if token_a in a.text:  # the page has a form: each visitor's token and never the other's
                assert token_b in b.text and token_a not in b.text and token_b not in a.text, path
                with_forms += 1
            assert a.text.replace(token_a, "T") == b.text.replace(token_b, "T"), path
    assert with_forms >= 3  # Today (how it felt), Symptoms, Shoes at least carry a form


def test_a_kept_page_follows_a_change_of_the_data_and_the_language(client: TestClient) -> None:
    before = client.get("/shoes").text
    assert "Kept Pair Nine" not in before
    token = csrf_of(client)
    added = client.post("/api/shoes", json={"name": "Kept Pair Nine"}, headers={"x-csrf-token": token})
    assert added.status_code in (200, 201), added.text
    assert "Kept Pair Nine" in client.get("/shoes").text  # the data changed: drawn again
    korean = client.get("/shoes", headers={"accept-language": "ko"}).text
    assert knowledge.text("web.nav.shoes", lang="ko") in korean and '<html lang="ko"' in korean
    assert '<html lang="en"' in client.get("/shoes").text  # the English page is still English


def test_the_memo_keeps_a_page_once_per_key(demo_copy: Path) -> None:
    # What the pages rely on: the same key and unchanged data give the kept answer without drawing again.
    with make_client(demo_copy) as c:
        db = c.app.state.db  # type: ignore[attr-defined]
        drawn: list[int] = []
        for _ in range(3):
            memoized(db, ("page-test",), lambda: len(drawn.append(1) or drawn))
        assert drawn == [1]
