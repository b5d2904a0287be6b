"""How it felt and enter-and-manage in the web app (in-process client over a copy of the demo database):
JSON routes with their {error, field} refusals, and the HTML forms (redirect on success, the typed
values kept and the field marked on refusal, a confirmation before every deletion, undo after it)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi.testclient import TestClient

from .conftest import csrf_of

TODAY = date.today()


def ago(days: int) -> str:
    return (TODAY - timedelta(days=days)).isoformat()


def _h(client: TestClient) -> dict[str, str]:
    return {"x-csrf-token": csrf_of(client)}


def _latest_run(client: TestClient) -> dict[str, Any]:
    return client.get("/api/activities").json()[-1]


def _open_episode(client: TestClient) -> dict[str, Any]:
    return client.get("/api/episodes").json()[0]


def test_rate_a_run_through_the_json_api(client: TestClient) -> None:
    run = _latest_run(client)
    h = _h(client)
    rated = client.post(f"/api/runs/{run['id']}/rate", json={"rpe": 4, "note": "easy"}, headers=h)
    assert rated.status_code == 200, rated.text
    back = _latest_run(client)
    seconds = run["moving_s"] or run["elapsed_s"]
    assert (back["rpe"], back["rpe_note"]) == (4, "easy")
    assert back["session_rpe_load"] == round(4 * seconds / 60, 1)
    bad = client.post(f"/api/runs/{run['id']}/rate", json={"rpe": 12}, headers=h)
    assert bad.status_code == 400 and bad.json()["field"] == "rpe"
    extra = client.post(f"/api/runs/{run['id']}/rate", json={"rpe": 3, "mood": "ok"}, headers=h)
    assert extra.status_code == 400 and extra.json()["field"] == "mood"
    missing = client.post("/api/runs/999999/rate", json={"rpe": 3}, headers=h)
    assert missing.status_code == 404 and missing.json()["field"] is None
    no_token = client.post(f"/api/runs/{run['id']}/rate", json={"rpe": 3})
    assert no_token.status_code == 403
    assert _latest_run(client)["rpe"] == 4


def test_checkin_through_the_json_api(client: TestClient) -> None:
    episode = _open_episode(client)
    h = _h(client)
    sent = {"date": ago(0), "pains": {str(episode["id"]): 3}, "stiffness": 2}
    stored = client.post("/api/checkins", json=sent, headers=h)
    assert stored.status_code == 200, stored.text
    listed = client.get("/api/checkins", params={"since": ago(0)}).json()
    assert listed == [
        {"date": ago(0), "stiffness": 2, "pains": [{"episode_id": episode["id"], "label": episode["label"], "pain": 3}]}
    ]
    for body, field in (
        ({"pains": {str(episode["id"]): 11}}, f"pains.{episode['id']}"),
        ({"pains": {"999": 1}}, "pains.999"),
        ({"stiffness": "stiff"}, "stiffness"),
        ({"date": "2099-01-01", "stiffness": 1}, "date"),
        ({}, "pains"),
    ):
        refused = client.post("/api/checkins", json=body, headers=h)
        assert refused.status_code == 400, body
        assert refused.json()["field"] == field, refused.json()
    deleted = client.delete(f"/api/checkins/{ago(0)}", headers=h)
    assert deleted.status_code == 200 and client.get("/api/checkins", params={"since": ago(0)}).json() == []
    assert client.delete(f"/api/checkins/{ago(0)}", headers=h).status_code == 404


def test_edit_delete_and_restore_a_run_through_the_json_api(client: TestClient) -> None:
    run = _latest_run(client)
    h = _h(client)
    edited = client.patch(f"/api/runs/{run['id']}", json={"sport": "trail_running", "name": "Hills"}, headers=h)
    assert edited.status_code == 200 and (edited.json()["sport"], edited.json()["name"]) == ("trail_running", "Hills")
    assert client.patch(f"/api/runs/{run['id']}", json={"sport": "skiing"}, headers=h).json()["field"] == "sport"
    assert client.patch(f"/api/runs/{run['id']}", json={"shoe": "Nope"}, headers=h).status_code == 404
    deleted = client.delete(f"/api/runs/{run['id']}", headers=h)
    assert deleted.status_code == 200
    item = deleted.json()["deleted"]
    assert run["id"] not in [a["id"] for a in client.get("/api/activities").json()]
    assert client.get("/api/deleted").json()[0]["id"] == item["id"]
    restored = client.post(f"/api/deleted/{item['id']}/restore", headers=h)
    assert restored.status_code == 200 and restored.json()["activity"]["name"] == "Hills"
    assert _latest_run(client)["id"] == run["id"]
    assert client.post(f"/api/deleted/{item['id']}/restore", headers=h).status_code == 404


def test_edit_and_delete_a_symptom_report_through_the_json_api(client: TestClient) -> None:
    h = _h(client)
    report = client.get("/api/symptoms").json()[-1]
    changed = {**report["report"], "notes": "edited in the test"}
    edited = client.put(f"/api/symptoms/{report['id']}", json=changed, headers=h)
    assert edited.status_code == 200, edited.text
    assert client.get("/api/symptoms").json()[-1]["report"]["notes"] == "edited in the test"
    moved = client.put(f"/api/symptoms/{report['id']}", json={**changed, "side": "right"}, headers=h)
    assert moved.status_code == 400 and moved.json()["field"] == "side"
    deleted = client.delete(f"/api/symptoms/{report['id']}", headers=h)
    assert deleted.status_code == 200
    assert report["id"] not in [r["id"] for r in client.get("/api/symptoms").json()]
    item = deleted.json()["deleted"]
    assert client.post(f"/api/deleted/{item['id']}/restore", headers=h).status_code == 200
    assert client.get("/api/symptoms").json()[-1]["report"]["notes"] == "edited in the test"
    assert client.delete("/api/symptoms/999999", headers=h).status_code == 404


def test_add_a_run_by_hand_in_the_form(client: TestClient) -> None:
    token = csrf_of(client)
    page = client.get("/runs/new")
    assert page.status_code == 200 and 'name="distance_km"' in page.text
    refused = client.post(
        "/runs/new",
        data={"csrf_token": token, "date": ago(1), "distance_km": "5", "duration_min": "5", "notes": "typed note"},
    )
    assert refused.status_code == 400
    assert "world record" in refused.text and 'value="5"' in refused.text and "typed note" in refused.text
    assert 'name="distance_km" id="run-distance" required' in refused.text and 'aria-invalid="true"' in refused.text
    added = client.post(
        "/runs/new",
        data={"csrf_token": token, "date": ago(1), "time": "07:15", "distance_km": "5.5", "duration_min": "33"},
        follow_redirects=False,
    )
    assert added.status_code == 303
    new_id = int(added.headers["location"].split("/")[2])
    run = next(a for a in client.get("/api/activities").json() if a["id"] == new_id)
    assert (run["distance_m"], run["elapsed_s"], run["source_format"]) == (5500.0, 1980.0, "manual")
    assert "Added" in client.get(added.headers["location"]).text


def test_edit_rate_delete_and_undo_a_run_in_the_forms(client: TestClient) -> None:
    token = csrf_of(client)
    run = _latest_run(client)
    edit = client.get(f"/runs/{run['id']}/edit")
    assert edit.status_code == 200 and 'id="rate"' in edit.text
    saved = client.post(
        f"/runs/{run['id']}/edit",
        data={"csrf_token": token, "sport": "running", "shoe": "", "name": "Sunday long", "notes": "windy"},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    after = _latest_run(client)
    assert (after["name"], after["notes"], after["shoe_id"]) == ("Sunday long", "windy", None)
    rated = client.post(
        f"/runs/{run['id']}/rate",
        data={"csrf_token": token, "rpe": "7", "note": "tough", "next": "/"},
        follow_redirects=False,
    )
    assert rated.status_code == 303 and rated.headers["location"] == "/"
    assert (_latest_run(client)["rpe"], _latest_run(client)["rpe_note"]) == (7, "tough")
    # another site as "next" is never followed
    elsewhere = client.post(
        f"/runs/{run['id']}/rate",
        data={"csrf_token": token, "rpe": "7", "next": "//evil.example/"},
        follow_redirects=False,
    )
    assert elsewhere.headers["location"] == f"/runs/{run['id']}/edit"
    refused = client.post(f"/runs/{run['id']}/rate", data={"csrf_token": token, "rpe": "12"})
    assert refused.status_code == 400 and "from 0 to 10" in refused.text
    # deleting asks first, then deletes, then offers the undo
    confirm = client.get(f"/runs/{run['id']}/delete")
    assert confirm.status_code == 200 and "can be restored" in confirm.text
    assert _latest_run(client)["id"] == run["id"]  # asking deletes nothing
    gone = client.post(f"/runs/{run['id']}/delete", data={"csrf_token": token}, follow_redirects=False)
    assert gone.status_code == 303 and gone.headers["location"].startswith("/deleted?just=")
    undo_page = client.get(gone.headers["location"])
    assert 'id="undo"' in undo_page.text
    deleted_id = gone.headers["location"].split("=")[1]
    back = client.post(f"/deleted/{deleted_id}/restore", data={"csrf_token": token}, follow_redirects=False)
    assert back.status_code == 303 and back.headers["location"] == f"/runs/{run['id']}/edit?restored=1"
    assert _latest_run(client)["name"] == "Sunday long"


def test_history_rows_load_the_rating_form_and_save_it_with_htmx(client: TestClient) -> None:
    token = csrf_of(client)
    run = _latest_run(client)
    history = client.get("/history")
    assert f'hx-get="/runs/{run["id"]}/rate"' in history.text
    fragment = client.get(f"/runs/{run['id']}/rate")
    assert fragment.status_code == 200 and "<html" not in fragment.text and 'name="rpe"' in fragment.text
    saved = client.post(
        f"/runs/{run['id']}/rate", data={"csrf_token": token, "rpe": "5"}, headers={"hx-request": "true"}
    )
    assert saved.status_code == 200 and "5/10" in saved.text and "<html" not in saved.text
    assert _latest_run(client)["rpe"] == 5


def test_today_offers_the_rating_and_the_morning_checkin(client: TestClient) -> None:
    token = csrf_of(client)
    episode = _open_episode(client)
    today = client.get("/")
    assert 'id="today-feel"' in today.text
    assert f'name="pain-{episode["id"]}"' in today.text and 'name="stiffness"' in today.text
    posted = client.post(
        "/checkin",
        data={"csrf_token": token, "date": ago(0), f"pain-{episode['id']}": "2", "stiffness": "", "next": "/"},
        follow_redirects=False,
    )
    assert posted.status_code == 303 and posted.headers["location"] == "/"
    checkin = client.get("/api/checkins").json()[-1]
    assert checkin == {
        "date": ago(0),
        "stiffness": None,
        "pains": [{"episode_id": episode["id"], "label": episode["label"], "pain": 2}],
    }
    # the form shows what is stored
    assert '<option value="2" selected>' in client.get("/checkin").text
    refused = client.post("/checkin", data={"csrf_token": token, "date": ago(0), "stiffness": "x"})
    assert refused.status_code == 400 and 'aria-invalid="true"' in refused.text


def test_symptom_report_edit_and_delete_pages(client: TestClient) -> None:
    token = csrf_of(client)
    report = client.get("/api/symptoms").json()[-1]
    listing = client.get("/symptoms")
    assert f'href="/symptoms/{report["id"]}/edit"' in listing.text
    page = client.get(f"/symptoms/{report['id']}/edit")
    assert page.status_code == 200 and 'name="region"' in page.text
    # the stored answers are in the form
    assert f'value="{report["report"]["date"]}"' in page.text
    # what the browser sends back: the stored answers as the form shows them, the notes changed
    form: dict[str, Any] = {"csrf_token": token}
    for key, value in report["report"].items():
        form[key] = (
            ("yes" if value else "no") if isinstance(value, bool) else value if isinstance(value, list) else str(value)
        )
    form["notes"] = "changed on the page"
    saved = client.post(f"/symptoms/{report['id']}/edit", data=form)
    assert saved.status_code == 200, saved.text
    after = next(r for r in client.get("/api/symptoms").json() if r["id"] == report["id"])
    assert after["report"]["notes"] == "changed on the page"
    # answers the form did not show are kept
    for key, value in report["report"].items():
        if key != "notes":
            assert after["report"].get(key) == value, key
    confirm = client.get(f"/symptoms/{report['id']}/delete")
    assert confirm.status_code == 200 and "worked out again" in confirm.text
    gone = client.post(f"/symptoms/{report['id']}/delete", data={"csrf_token": token}, follow_redirects=False)
    assert gone.status_code == 303
    assert report["id"] not in [r["id"] for r in client.get("/api/symptoms").json()]


def test_unknown_runs_and_reports_are_html_404_pages(client: TestClient) -> None:
    for path in ("/runs/999999/edit", "/runs/999999/delete", "/symptoms/999999/edit"):
        response = client.get(path)
        assert response.status_code == 404 and "<html" in response.text, path
