"""`report --out FILE.pdf [--from DATE] [--to DATE]`: the report as a PDF, for a date range, with its raw data.

Read back with pypdf (text, pages, attachments) and, where Debian's poppler-utils is installed
(scripts/test.sh installs it), rasterised with pdftoppm as a person would look at it.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from strideguard import DISCLAIMER, api
from strideguard.cli import app

pytestmark = pytest.mark.both_databases

RUN_DAYS = ["2026-10-01", "2026-10-04", "2026-10-08", "2026-10-11", "2026-10-15", "2026-10-18", "2026-10-22"]


def _history(db: str, name: str = "Jo <Runner>") -> str:
    """Seven 5 km runs, a 12 km run on 29 October (+140 %: 12 / 5 - 1), a knee report on 2 November
    whose pain began four days earlier, and a calf report on 2 October (before the range the tests ask for)."""
    api.profile_set(db, name=name, birth_year=1990, sex="female", timezone="UTC", joint_problems=["knee"])
    for day in RUN_DAYS:
        api.run_add(db, date=day, distance_km=5, duration_min=30)
    api.run_add(db, date="2026-10-29", distance_km=12, duration_min=75, notes="long, hilly")
    api.symptom_log(db, {"date": "2026-10-02", "region": "calf", "pain_during": 2, "notes": "before the range"})
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
            "notes": "sore <b>",
        },
    )
    return db


@pytest.fixture()
def runner_db(db_url: str) -> str:
    return _history(db_url)


def _invoke(db: str, *args: str) -> object:
    return CliRunner().invoke(app, ["--db", db, "report", *args])


def _csv(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark, for spreadsheets
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_the_pdf_holds_the_report_for_the_range_and_its_raw_data(runner_db: str, tmp_path: Path) -> None:
    out = tmp_path / "physio.pdf"
    result = _invoke(runner_db, "--out", str(out), "--from", "2026-10-08", "--to", "2026-11-03", "--json")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    summary = json.loads(result.stdout)  # type: ignore[attr-defined]
    assert summary["format"] == "pdf" and summary["out"] == str(out) and summary["bytes"] == out.stat().st_size
    assert (summary["from"], summary["to"]) == ("2026-10-08", "2026-11-03")
    assert summary["runs"] == 6  # 8, 11, 15, 18 and 22 October and the 12 km of the 29th
    assert summary["attachments"] == ["runs.csv", "daily.csv", "symptoms.csv"]

    reader = PdfReader(out)
    assert len(reader.pages) == summary["pages"] >= 3
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())
    for expected in (
        "strideguard report for Jo <Runner>",  # text in a PDF, no HTML escaping left in it
        "Training load, 2026-10-08 to 2026-11-03",
        "+140 % (high)",
        "Began 2026-10-29 (4 days before the report)",
        "sore <b>",
        " ".join(DISCLAIMER.split()),
        "Sources",
        "Appendix: the raw data",
        "runs.csv",
        f"page 1 of {len(reader.pages)}",
    ):
        assert expected in flat, expected
    assert "2026-10-04" not in flat and "before the range" not in flat  # before --from: neither the run nor the report
    raw = reader.attachments
    assert sorted(raw) == ["daily.csv", "runs.csv", "symptoms.csv"]
    runs = _csv(raw["runs.csv"][0])
    assert [r["date"] for r in runs] == [
        "2026-10-08",
        "2026-10-11",
        "2026-10-15",
        "2026-10-18",
        "2026-10-22",
        "2026-10-29",
    ]
    assert [float(r["distance_km"]) for r in runs] == [5.0] * 5 + [12.0]
    assert runs[-1]["spike"] == "1.4" and runs[-1]["spike_level"] == "high" and runs[-1]["notes"] == "long, hilly"
    daily = _csv(raw["daily.csv"][0])
    assert (daily[0]["date"], daily[-1]["date"], len(daily)) == ("2026-10-08", "2026-11-03", 27)
    assert sum(float(d["distance_km"]) for d in daily) == 37.0  # 5 x 5 km + 12 km
    symptoms = _csv(raw["symptoms.csv"][0])
    assert [(s["date"], s["region"], s["pain_during"], s["onset"]) for s in symptoms] == [
        ("2026-11-02", "knee", "6", "2026-10-29")
    ]
    # a printed document: no script anywhere in the file
    assert b"/JavaScript" not in out.read_bytes() and b"/JS " not in out.read_bytes()


def test_korean_text_is_set_in_a_cjk_font(db_url: str, tmp_path: Path) -> None:
    _history(db_url, name="김민지")
    out = tmp_path / "ko.pdf"
    api.report(db_url, out, start="2026-10-08", end="2026-11-03")
    reader = PdfReader(out)
    assert "김민지" in reader.pages[0].extract_text()
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()  # type: ignore[index, union-attr]
    }
    assert any("Noto-Sans-CJK" in f for f in fonts), fonts  # Debian's fonts-noto-cjk, embedded


def test_the_html_report_takes_the_same_range(runner_db: str, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = _invoke(runner_db, "--out", str(out), "--from", "2026-10-08", "--to", "2026-11-03", "--json")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert json.loads(result.stdout)["format"] == "html"  # type: ignore[attr-defined]
    html = out.read_text(encoding="utf-8")
    assert "Training load, 2026-10-08 to 2026-11-03" in html and "load from 2026-10-08 to 2026-11-03" in html
    assert "Began 2026-10-29" in html and "before the range" not in html  # the report of 2 October is outside it
    figure = json.loads(html.split('data-chart="chart-load">')[1].split("</script>")[0])
    assert figure["data"][0]["x"][0] == "2026-10-08" and sum(figure["data"][0]["y"]) == 37.0


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--from", "2026-13-01"], "from"),
        (["--from", "yesterday"], "from"),
        (["--to", "2026-02-30"], "to"),
        (["--from", "2026-11-04", "--to", "2026-11-03"], "from"),
        (["--from", "2006-01-01", "--to", "2026-11-03"], "from"),  # more than 520 weeks
        (["--from", "2026-10-01", "--weeks", "4"], "weeks"),
        (["--to", "2026-11-03", "--date", "2026-11-04"], "to"),
    ],
    ids=["month 13", "a word", "30 February", "from after to", "over ten years", "weeks and from", "to and date"],
)
def test_bad_dates_and_ranges_are_refused_with_exit_1(
    runner_db: str, tmp_path: Path, args: list[str], field: str
) -> None:
    out = tmp_path / "refused.pdf"
    result = _invoke(runner_db, "--out", str(out), *args)
    assert result.exit_code == 1, result.output  # type: ignore[attr-defined]
    message = result.output  # type: ignore[attr-defined]
    assert message.startswith(f"Error: {field}: ") and "Traceback" not in message and message.count("\n") == 1
    assert not out.exists() and not list(tmp_path.glob(".strideguard-report-*"))


def test_every_page_rasterises_with_poppler_and_shows_something(runner_db: str, tmp_path: Path) -> None:
    assert shutil.which("pdftoppm"), "install Debian's poppler-utils (bash scripts/test.sh does)"
    out = tmp_path / "look.pdf"
    pages = api.report(runner_db, out, start="2026-10-08", end="2026-11-03")["pages"]
    subprocess.run(["pdftoppm", "-r", "40", "-gray", str(out), str(tmp_path / "page")], check=True)
    images = sorted(tmp_path.glob("page-*.pgm"))
    assert len(images) == pages
    inked = []
    for image in images:  # binary PGM: a header of three lines, then one byte per pixel
        pixels = image.read_bytes().split(b"\n", 3)[3]
        inked.append(sum(1 for value in pixels if value < 160) / len(pixels))
    assert all(share > 0.005 for share in inked), inked  # no blank page (the lightest, a few lines of sources: ~1 %)
    assert inked[0] > 0.03, inked  # the first page carries the load chart's bars and lines
