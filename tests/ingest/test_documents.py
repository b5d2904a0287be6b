"""Which files of an export are documents, and reading a file beside one (never outside its folder)."""

from __future__ import annotations

from pathlib import Path

import pytest

from strideguard.ingest import archive, documents

from .conftest import zip_bytes


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("export_123/activities.csv", "strava_activities"),
        ("SHOES.CSV", "strava_shoes"),
        ("samsunghealth_x/com.samsung.shealth.exercise.20240120120000.csv", "samsung_exercise"),
        ("samsunghealth_x/com.samsung.shealth.exercise.recovery_heart_rate.20240120120000.csv", None),
        ("DI_CONNECT/DI-Connect-Fitness/a@b.c_0_summarizedActivities.json", "garmin_activities"),
        ("DI_CONNECT/DI-Connect-Fitness/a@b.c_gear.json", "garmin_gear"),
        ("DI_CONNECT/DI-Connect-Wellness/2024_1_sleepData.json", "garmin_sleep"),
        ("DI_CONNECT/DI-Connect-Aggregator/UDSFile_2024-01-01_2024-04-10.json", "garmin_daily"),
        ("DI_CONNECT/DI-Connect-Wellness/1_healthStatusData.json", "garmin_health_status"),
        ("DI_CONNECT/DI-Connect-User/user_profile.json", None),
        ("photo.jpg", None),
    ],
)
def test_kinds_by_name(name: str, kind: str | None) -> None:
    assert documents.kind_of(name) == kind


def test_an_xml_file_is_apple_health_only_when_it_says_so() -> None:
    assert (
        documents.kind_of("a/export.xml", lambda: b'<?xml version="1.0"?>\n<HealthData locale="en">') == "apple_health"
    )
    assert documents.kind_of("a/Exportar.xml", lambda: b"<!DOCTYPE HealthData [") == "apple_health"  # localised name
    assert documents.kind_of("a/export_cda.xml", lambda: b"<HealthData") is None  # the clinical document
    assert documents.kind_of("a/notes.xml", lambda: b"<notes/>") is None
    assert documents.is_apple_route("apple_health_export/workout-routes/route_2024-01-15_7.00am.gpx")
    assert not documents.is_apple_route("activities/route.gpx")


def test_a_sibling_is_read_from_the_same_archive_and_never_from_outside(tmp_path: Path, spill: Path) -> None:
    export = tmp_path / "export.zip"
    export.write_bytes(
        zip_bytes(
            {
                "apple_health_export/export.xml": b"<HealthData/>",
                "apple_health_export/workout-routes/r.gpx": b"<gpx/>",
                "secret.txt": b"not yours",
            }
        )
    )
    source = next(s for s in archive.walk([export], spill) if s.kind == "apple_health")
    assert source.sibling("/workout-routes/r.gpx") == (f"{export}!apple_health_export/workout-routes/r.gpx", b"<gpx/>")
    assert source.sibling("workout-routes/missing.gpx") is None
    assert source.sibling("../secret.txt") is None
    folder = tmp_path / "unpacked" / "apple_health_export"
    (folder / "workout-routes").mkdir(parents=True)
    (folder / "export.xml").write_bytes(b"<HealthData/>")
    (folder / "workout-routes/r.gpx").write_bytes(b"<gpx/>")
    (tmp_path / "unpacked/secret.txt").write_bytes(b"not yours")
    loose = next(s for s in archive.walk([folder], spill) if s.kind == "apple_health")
    assert loose.sibling("/workout-routes/r.gpx") == (str(folder / "workout-routes/r.gpx"), b"<gpx/>")
    assert loose.sibling("../secret.txt") is None
