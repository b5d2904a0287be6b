"""`report --out FILE.html`: one self-contained file with the profile, load, spikes, symptoms, advice and disclaimer."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from strideguard import DISCLAIMER, api
from strideguard.cli import app
from strideguard.report import PLOTLY_JS


@pytest.fixture()
def runner_db(tmp_path: Path) -> str:
    """Five weeks of runs with one spike, then a knee report whose pain began four days before it was logged."""
    db = str(tmp_path / "r.db")
    api.profile_set(db, name="Jo <Runner>", birth_year=1990, sex="female", timezone="UTC", joint_problems=["knee"])
    days = [
        "2026-10-01",
        "2026-10-04",
        "2026-10-08",
        "2026-10-11",
        "2026-10-15",
        "2026-10-18",
        "2026-10-22",
        "2026-10-25",
    ]
    for day in days:
        api.run_add(db, date=day, distance_km=5, duration_min=30)
    api.run_add(db, date="2026-10-29", distance_km=12, duration_min=75)  # 12 / 5 - 1 = +140 %: a high spike
    api.symptom_log(
        db,
        {
            "date": "2026-11-02",
            "region": "knee",
            "side": "left",
            "location": "below_kneecap",
            "when": ["during_run", "bending_knee"],
            "pain_during": 6,
            "duration_days": 4,
            "notes": "<script>alert(1)</script> sore",
        },
    )
    return db


def test_report_is_self_contained_and_complete(runner_db: str, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    summary = api.report(runner_db, out, today="2026-11-03", weeks=12)
    html = out.read_text(encoding="utf-8")
    assert summary["bytes"] == len(html.encode("utf-8")) and summary["symptom_reports"] == 1 and summary["spikes"] == 1
    # self-contained: plotly.js inline, no external script, stylesheet or image
    assert PLOTLY_JS.read_text(encoding="utf-8")[:200] in html
    assert not re.search(r"<(?:script|link|img)[^>]+(?:src|href)=", html)
    # profile (escaped), disclaimer, the spike, the symptom with its onset
    assert "Jo &lt;Runner&gt;" in html and "Jo <Runner>" not in html
    assert html.count(DISCLAIMER) == 2
    assert "+140 % (high)" in html
    assert "Began 2026-10-29 (4 days before the report)" in html
    # load before onset (2026-10-29): the 28 days before are 2026-10-01..2026-10-28 -> 8 runs x 5 km
    assert "40.0 km in 8 runs" in html and "10.0 km in the last 7 days" in html
    # what was advised and why: the stored triage
    advice = api.symptom_list(runner_db)[0]["disposition"]
    assert f'disp-{advice}">{advice.replace("_", " ")}' in html
    assert "<strong>Why:</strong>" in html
    # the runner's note is text, never markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt; sore" in html and "<script>alert(1)" not in html
    # print styles
    assert "@media print" in html


def test_report_charts_hold_the_history(runner_db: str) -> None:
    data = api.report(runner_db, None, today="2026-11-03", weeks=12)
    blocks = re.findall(r'<script type="application/json" data-chart="([^"]+)">(.*?)</script>', data["html"], re.S)
    figures = {name: json.loads(text) for name, text in blocks}
    assert set(figures) == {"chart-load", "chart-terrain"}
    bars = figures["chart-load"]["data"][0]
    assert sum(bars["y"]) == 52.0  # 8 x 5 km + 12 km
    spikes = [t for t in figures["chart-load"]["data"] if t.get("name", "").startswith("session spike")][0]
    assert spikes["x"] == ["2026-10-29"] and spikes["y"] == [12.0]
    assert figures["chart-load"]["layout"]["width"] == 760  # fixed: the page prints as it shows


def test_report_command_writes_the_file(runner_db: str, tmp_path: Path) -> None:
    out = tmp_path / "physio.html"
    result = CliRunner().invoke(app, ["--db", runner_db, "report", "--out", str(out), "--date", "2026-11-03", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["out"] == str(out)
    assert out.stat().st_size > 1_000_000  # plotly.js is inside


def test_report_refuses_a_missing_folder_and_bad_weeks(runner_db: str, tmp_path: Path) -> None:
    missing = CliRunner().invoke(app, ["--db", runner_db, "report", "--out", str(tmp_path / "nope" / "r.html")])
    assert missing.exit_code == 1 and "--out" in missing.output
    weeks = CliRunner().invoke(app, ["--db", runner_db, "report", "--out", str(tmp_path / "r.html"), "--weeks", "0"])
    assert weeks.exit_code == 1 and "weeks: 0 is not allowed" in weeks.output


def test_report_on_an_empty_database(tmp_path: Path) -> None:
    summary = api.report(str(tmp_path / "empty.db"), tmp_path / "e.html", today="2026-11-03")
    html = (tmp_path / "e.html").read_text(encoding="utf-8")
    assert summary["runs"] == 0 and "No symptom reports." in html and DISCLAIMER in html


def test_report_lists_the_episodes_and_every_source_its_advice_cites(runner_db: str) -> None:
    from strideguard.api.report import report_data

    data = report_data(runner_db)
    html = api.report(runner_db)["html"]
    cited = {sid for entry in data["symptoms"] for a in entry["advice"] for sid in a["result"]["sources"]}
    assert cited and set(data["sources"]) == cited
    for sid in cited:
        assert f'<dt id="{sid}">' in html
    assert "Symptom episodes" in html
    for episode in data["episodes"]:
        assert episode["label"] in html
