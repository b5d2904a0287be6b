"""Walking folders and zip archives: Garmin nested zips, Strava exports with activities.csv gear."""

from __future__ import annotations

from pathlib import Path

import pytest

from strideguard.errors import ImportFailed
from strideguard.ingest import archive, detect

from .conftest import gz, zip_bytes

STRAVA_CSV = (
    "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance,"
    "Activity Gear,Filename,Elapsed Time,Distance\n"
    '111,"Jun 11, 2017, 2:34:09 PM",Morning Run,Run,56,0.15,Pegasus 40,activities/111.fit.gz,56,157.5\n'
    '222,"May 27, 2017, 8:13:01 AM",Run,Run,1423,4.81,"Trail, Speedgoat",activities/222.gpx.gz,1423,4812\n'
    '333,"Nov 25, 2018, 7:20:49 AM",Run,Run,823,2.15,,activities/333.tcx,823,2153\n'
)


@pytest.fixture
def strava_members(test_files: Path, fenix_run_bytes: bytes) -> dict[str, bytes]:
    return {
        "activities.csv": STRAVA_CSV.encode(),
        "activities/111.fit.gz": gz(fenix_run_bytes),
        "activities/222.gpx.gz": gz((test_files / "runpandas/gpx/run.gpx").read_bytes()),
        "activities/333.tcx": (test_files / "runpandas/tcx/run_garmin.tcx").read_bytes(),
        "media/photo.jpg": b"\xff\xd8\xff\xe0 not an activity",
        "profile.csv": b"a,b\n1,2\n",
    }


def test_strava_gear_column(strava_members: dict[str, bytes]) -> None:
    gear = archive.strava_gear(strava_members["activities.csv"])
    assert gear == {"activities/111.fit.gz": "Pegasus 40", "activities/222.gpx.gz": "Trail, Speedgoat"}


def test_strava_zip_export(tmp_path: Path, strava_members: dict[str, bytes], spill: Path) -> None:
    path = tmp_path / "export_123.zip"
    path.write_bytes(zip_bytes(strava_members))
    found = list(archive.walk([path], spill))
    # activities.csv is an export document too (names, effort, gear for the extras pass)
    assert [(s.name.split("!", 1)[1], s.kind) for s in found if s.kind] == [("activities.csv", "strava_activities")]
    sources = [s for s in found if s.kind is None]
    assert [s.name.split("!", 1)[1] for s in sources] == [
        "activities/111.fit.gz",
        "activities/222.gpx.gz",
        "activities/333.tcx",
    ]
    assert all(s.name.startswith(f"{path}!") for s in sources)
    assert [s.gear for s in sources] == ["Pegasus 40", "Trail, Speedgoat", None]
    formats = [detect.read(s.read(), s.name).source_format for s in sources]
    assert formats == ["fit", "gpx", "tcx"]


def test_unpacked_strava_folder(tmp_path: Path, strava_members: dict[str, bytes], spill: Path) -> None:
    for name, data in strava_members.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    sources = [s for s in archive.walk([tmp_path], spill) if s.kind is None]
    assert [Path(s.name).name for s in sources] == ["111.fit.gz", "222.gpx.gz", "333.tcx"]
    assert [s.gear for s in sources] == ["Pegasus 40", "Trail, Speedgoat", None]


def test_garmin_export_with_nested_zips(tmp_path: Path, test_files: Path, fenix_run_bytes: bytes, spill: Path) -> None:
    walk_fit = (test_files / "python-fitparse/garmin-fenix-5-walk.fit").read_bytes()
    inner = zip_bytes({"user@example.com_1.fit": fenix_run_bytes, "user@example.com_2.fit": walk_fit})
    outer = zip_bytes(
        {
            "DI_CONNECT/DI-Connect-Fitness/summary.json": b"{}",
            "DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip": inner,
        }
    )
    path = tmp_path / "garmin.zip"
    path.write_bytes(outer)
    sources = list(archive.walk([path], spill))
    prefix = f"{path}!DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip!"
    assert [s.name for s in sources] == [prefix + "user@example.com_1.fit", prefix + "user@example.com_2.fit"]
    sports = [detect.read(s.read(), s.name).sport for s in sources]
    assert sports == ["running", "walking"]
    # the inner zip was copied once to the spill folder and is read from there, not held in memory
    copies = list(spill.iterdir())
    assert len(copies) == 1 and copies[0].read_bytes() == inner
    assert {s.path for s in sources} == {str(copies[0])}


def test_broken_zip_and_missing_path_become_failing_sources(tmp_path: Path, spill: Path) -> None:
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"PK\x03\x04" + b"\x00" * 64)
    missing = tmp_path / "nope.fit"
    sources = list(archive.walk([bad, missing], spill))
    assert [s.name for s in sources] == [str(bad), str(missing)]
    with pytest.raises(ImportFailed, match="not a valid zip archive"):
        sources[0].read()
    with pytest.raises(ImportFailed, match="no such file or folder"):
        sources[1].read()


def test_folder_walk_is_recursive_and_skips_other_files(tmp_path: Path, fenix_run_bytes: bytes, spill: Path) -> None:
    (tmp_path / "a/b").mkdir(parents=True)
    (tmp_path / "a/b/deep.FIT").write_bytes(fenix_run_bytes)
    (tmp_path / "a/notes.txt").write_text("hello")
    (tmp_path / "top.fit.gz").write_bytes(gz(fenix_run_bytes))
    names = [Path(s.name).relative_to(tmp_path).as_posix() for s in archive.walk([tmp_path], spill)]
    assert names == ["a/b/deep.FIT", "top.fit.gz"]


def test_sources_are_plain_picklable_locators(tmp_path: Path, strava_members: dict[str, bytes], spill: Path) -> None:
    import pickle

    path = tmp_path / "s.zip"
    path.write_bytes(zip_bytes(strava_members))
    first = next(s for s in archive.walk([path], spill) if s.kind is None)
    again = pickle.loads(pickle.dumps(first))
    assert again == first and again.read() == strava_members["activities/111.fit.gz"]


def test_import_of_nested_zips_leaves_no_copies_behind(
    tmp_path: Path, fenix_run_bytes: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    from strideguard import api

    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    inner = zip_bytes({"user@example.com_1.fit": fenix_run_bytes})
    path = tmp_path / "garmin.zip"
    path.write_bytes(zip_bytes({"DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip": inner}))
    result = api.import_files(str(tmp_path / "g.db"), [path])
    assert (result["imported"], result["errors"]) == (1, 0)
    assert result["files"][0]["path"].endswith("UploadedFiles_0-_Part1.zip!user@example.com_1.fit")
    assert list(scratch.iterdir()) == []  # the spill folder went away with the import
