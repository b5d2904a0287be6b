"""Names with Rich markup or escape sequences are shown literally by every human-readable command (issue 13)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from tests.cli.conftest import Invoke, json_of

pytestmark = pytest.mark.both_databases

HOSTILE = "[/]Pegasus [bold red]x\x1b[31m"

GPX = """<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1"><trk><name>t</name><trkseg>
{points}
</trkseg></trk></gpx>"""


def _gpx(path: Path) -> None:
    # 11 points 0.001 degrees of latitude apart (about 111 m each), 30 s apart: 1.1 km in 5 minutes
    points = "\n".join(
        f'<trkpt lat="{52.0 + i * 0.001:.3f}" lon="13.0">'
        f"<time>2026-11-20T07:{i // 2:02d}:{(i % 2) * 30:02d}Z</time></trkpt>"
        for i in range(11)
    )
    path.write_text(GPX.format(points=points), encoding="utf-8")


def test_markup_and_escape_sequences_in_names_never_break_a_command(cli: Invoke, tmp_path: Path) -> None:
    import zipfile

    folder = tmp_path / "[bold]runs"
    folder.mkdir()
    track = folder / "[red]evil\x1b[2J.gpx"
    _gpx(track)
    # a file name cannot hold "/", but an archive member's path can: "[/]" reaches the output that way
    with zipfile.ZipFile(folder / "export.zip", "w") as archive:
        archive.writestr("[/]member.gpx", track.read_text().replace("07:", "08:"))
    imported = cli("import", str(folder))
    assert imported.exit_code == 0, imported.output
    assert "\x1b" not in imported.output
    json_of(cli("profile", "set", "--name", "[/]Ann\x1b]0;owned\x07", "--timezone", "UTC", "--json"))
    json_of(cli("shoes", "add", HOSTILE, "--default", "--json"))
    activity = json_of(cli("activities", "--json"))[0]["id"]
    json_of(cli("shoes", "assign", HOSTILE, "--activity", str(activity), "--json"))
    note = {"date": "2026-11-20", "region": "foot", "notes": "[/]sore [link=x]toe\x1b[0m"}
    report = tmp_path / "r.json"
    report.write_text(json.dumps(note), encoding="utf-8")
    assert cli("symptom", "log", str(report)).exit_code == 0
    for args in (
        ("activities",),
        ("status", "--date", "2026-11-20"),
        ("shoes", "list"),
        ("profile", "show"),
        ("symptom", "list"),
        ("symptom", "episodes"),
        ("plan", "--date", "2026-11-20", "--days", "3"),
        ("triage", str(report)),
    ):
        result = cli(*args)
        assert result.exit_code == 0, (args, result.output)
        assert "Traceback" not in result.output and "\x1b" not in result.output, args
    assert "Pegasus" in cli("shoes", "list").output
    assert "\\x1b" in cli("profile", "show").output  # the escape character is shown, not sent
    assert "Ann" in cli("profile", "show").output


def test_an_error_naming_a_hostile_file_shows_it_inertly(cli: Invoke, tmp_path: Path) -> None:
    bad = tmp_path / "[link=x]bad\x1b[2J.gpx.gz"
    bad.write_bytes(gzip.compress(b"not xml at all"))
    result = cli("import", str(bad))
    assert result.exit_code in (0, 1)
    assert "\x1b" not in result.output and "Traceback" not in result.output
