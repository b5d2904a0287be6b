"""The Symptoms form follows the intake: the questions that apply, red flags first; refused answers are kept."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from .conftest import csrf_of


def names(html: str) -> set[str]:
    return set(re.findall(r'name="([a-z_0-9]+)"', html))


def values(html: str, name: str) -> set[str]:
    return set(re.findall(rf'name="{name}" value="([a-z_0-9]+)"', html))


def test_the_first_step_asks_only_the_day_and_the_region(client: TestClient) -> None:
    page = client.get("/symptoms").text
    form = page[page.index('<div id="symptom-questions"') : page.index('<div class="buttons">')]
    assert names(form) == {"date", "region"}  # the demo profile has a birth year: no age question
    assert "Choose where it hurts: the questions that follow depend on it." in form


def test_a_knee_form_does_not_show_ankle_bone_sites(client: TestClient) -> None:
    html = client.get("/symptoms/questions", params={"region": "knee", "mechanism": "twist"}).text
    assert values(html, "bone_tenderness") == {"patella", "fibular_head", "none"}
    assert "malleolus" not in html and "navicular" not in html
    assert {"creaking", "locking", "knee_flex_under_90"} <= names(html)
    assert "calf_swelling_one_side" not in names(html) and "previous_sprains_12m" not in names(html)
    assert "<html" not in html  # the fragment only
    ankle = client.get("/symptoms/questions", params={"region": "ankle", "mechanism": "twist"}).text
    assert {"lateral_malleolus", "medial_malleolus"} <= values(ankle, "bone_tenderness")
    assert "patella" not in values(ankle, "bone_tenderness")


def test_a_calf_form_shows_the_clot_questions_before_the_pain_scores(client: TestClient) -> None:
    html = client.get("/symptoms/questions", params={"region": "calf", "mechanism": "none"}).text
    for name in ("calf_swelling_one_side", "calf_tenderness_one_side", "recent_long_travel", "previous_clot"):
        assert f'name="{name}"' in html, name
    assert "Have you travelled for 4 hours or more" in html
    assert html.index("Warning signs") < html.index('name="chest_pain"') < html.index('name="pain_during"')


def test_deciding_fields_ask_the_server_for_the_questions_again(client: TestClient) -> None:
    html = client.get("/symptoms/questions", params={"region": "knee"}).text
    region = re.search(r"<select[^>]*name=\"region\"[^>]*>", html)
    assert region is not None and 'hx-get="/symptoms/questions"' in region.group(0)
    notes = re.search(r"<textarea[^>]*>", html)
    assert notes is not None and "hx-get" not in notes.group(0)  # typing notes changes nothing


def test_a_refused_value_keeps_the_other_answers_and_says_what_to_type(client: TestClient) -> None:
    token = csrf_of(client)
    before = client.get("/api/symptoms").json()
    form = {
        "csrf_token": token,
        "date": "2026-11-20",
        "region": "knee",
        "location": "below_kneecap",
        "pain_during": "6",
        "creaking": "yes",
        "when": ["during_run", "stairs"],
        "duration_days": "99999",
        "notes": "kept note",
        "action": "log",
    }
    response = client.post("/symptoms", data=form)
    assert response.status_code == 400
    page = response.text
    block = page[page.index('id="q-duration_days"') :]
    block = block[: block.index("</div>")]
    assert 'value="99999"' in block and "Give a whole number from 0 to 3650." in block
    assert "Not accepted:</strong> please correct the answers marked in red above." in page
    assert '<option value="below_kneecap" selected>' in page and '<option value="6" selected>' in page
    assert 'name="creaking" value="yes" checked' in page and ">kept note</textarea>" in page
    assert 'value="stairs" checked' in page and 'value="during_run" checked' in page
    for internal in ("duration_days:", "null", "birth_year"):
        assert internal not in page[page.index("<main") :].split('id="symptom-list"')[0].replace('name="', ""), internal
    assert client.get("/api/symptoms").json() == before  # nothing stored


def test_a_refused_htmx_post_redraws_the_questions_with_the_error(client: TestClient) -> None:
    token = csrf_of(client)
    response = client.post(
        "/symptoms",
        data={"csrf_token": token, "date": "2026-11-20", "region": "knee", "location": "heel", "action": "log"},
        headers={"hx-request": "true"},
    )
    assert response.status_code == 400
    assert '<div id="symptom-questions" hx-swap-oob="true">' in response.text
    assert 'id="err-location"' in response.text and "Type a number from 1 to 7" in response.text


def test_without_javascript_the_update_button_shows_the_region_questions_and_stores_nothing(
    client: TestClient,
) -> None:
    token = csrf_of(client)
    before = client.get("/api/symptoms").json()
    page = client.get("/symptoms").text
    assert "<noscript><button" in page and 'value="questions"' in page
    response = client.post(
        "/symptoms", data={"csrf_token": token, "date": "2026-11-20", "region": "foot", "action": "questions"}
    )
    assert response.status_code == 200
    assert {"navicular", "fifth_metatarsal", "calcaneus"} <= values(response.text, "bone_tenderness")
    assert "field-error" not in response.text and 'id="triage-card"' not in response.text
    assert client.get("/api/symptoms").json() == before
