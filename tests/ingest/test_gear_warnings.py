"""A Strava activities.csv that cannot be read is reported as a warning; the activities are still imported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from strideguard import api
from strideguard.cli import app
from strideguard.ingest import archive
from strideguard.store import open_database

from .conftest import zip_bytes


def gpx_run(start_minute: int = 0) -> bytes:
    """A 10-point run due north, one point every 10 s (0.0009 degrees of latitude is about 100 m)."""
    points = "".join(
        f'<trkpt lat="{52.0 + 0.0009 * i:.4f}" lon="13.0000"><time>2026-06-01T07:{start_minute + i // 6:02d}:'
        f"{(i % 6) * 10:02d}Z</time></trkpt>"
        for i in range(10)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">'
        f"<trk><type>running</type><trkseg>{points}</trkseg></trk></gpx>"
    ).encode()


@pytest.mark.parametrize(
    ("csv", "reason"),
    [
        (b"\xff\xfeA\x00c\x00t\x00", "not UTF-8 text"),
        (b"Activity ID,Name\n1,Run\n", "no 'Filename' and 'Activity Gear' columns"),
        # one field beyond the csv module's limit of 131072 characters
        (b"Activity Gear,Filename\n" + b"x" * 200_000 + b",a.gpx\n", "not a readable CSV table"),
    ],
)
def test_unreadable_gear_csv_raises_with_the_reason(csv: bytes, reason: str) -> None:
    with pytest.raises(archive.GearUnreadable, match=reason):
        archive.strava_gear(csv)


def test_zip_with_a_broken_csv_warns_naming_the_member_and_imports_the_run(tmp_path: Path) -> None:
    export = tmp_path / "export.zip"
    export.write_bytes(zip_bytes({"activities.csv": b"\xff\xfe\x00broken", "activities/1.gpx": gpx_run()}))
    result = api.import_files(open_database(str(tmp_path / "s.db")), [export], workers=1)
    assert result["imported"] == 1 and result["errors"] == 0
    assert result["warnings"] == [
        {
            "path": f"{export}!activities.csv",
            "warning": f"{export}!activities.csv: names, effort and shoes not taken from it: not UTF-8 text (byte 0); "
            "the activities are imported",
        }
    ]
    assert "shoe" not in result["files"][0]


def test_unpacked_folder_with_a_broken_csv_warns_too(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    (folder / "activities").mkdir(parents=True)
    (folder / "activities.csv").write_bytes(b"Activity ID,Name\n1,Run\n")
    (folder / "activities" / "1.gpx").write_bytes(gpx_run())
    warnings: list[dict[str, str]] = []
    sources = list(archive.walk([folder], tmp_path / "spill", warnings))
    assert [Path(s.name).name for s in sources] == ["1.gpx"]
    assert [w["path"] for w in warnings] == [str(folder / "activities.csv")]


def test_a_good_csv_gives_no_warnings_key(tmp_path: Path) -> None:
    export = tmp_path / "export.zip"
    members = {"activities.csv": b"Activity Gear,Filename\nPegasus,activities/1.gpx\n", "activities/1.gpx": gpx_run()}
    export.write_bytes(zip_bytes(members))
    result = api.import_files(open_database(str(tmp_path / "s.db")), [export], workers=1)
    assert result["imported"] == 1 and "warnings" not in result
    assert result["files"][0]["shoe"] == "Pegasus"


def test_cli_prints_the_warning_on_stderr_and_exits_0(tmp_path: Path) -> None:
    export = tmp_path / "export.zip"
    export.write_bytes(zip_bytes({"activities.csv": b"no,gear\n", "activities/1.gpx": gpx_run()}))
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "s.db"), "import", str(export), "--json"])
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["imported"] == 1 and document["warnings"][0]["path"].endswith("export.zip!activities.csv")
    human = CliRunner().invoke(app, ["--db", str(tmp_path / "t.db"), "import", str(export)])
    assert human.exit_code == 0
    assert "Warning:" in human.stderr and "activities.csv: names, effort and shoes not taken from it" in human.stderr
