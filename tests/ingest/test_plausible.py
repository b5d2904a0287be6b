"""Impossible dates, glitches in the samples and GPX timing edge cases (issues 12 and 13).

Files are built here (``build``): a straight line north, one point every 5 s,
0.0001 deg (~11.1 m) apart. Its length is the project's geodesic over the same
points, so a glitch-free reading must give exactly that.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest

from strideguard import api
from strideguard.errors import ImportFailed
from strideguard.ingest import detect, plausible, samples

from . import build as B


def _length(points: list[B.Point]) -> float:
    lat = np.array([p[0] for p in points])
    lon = np.array([p[1] for p in points])
    return float(samples.step_distances_m(lat, lon).sum())


def _import(tmp_path: Path, files: dict[str, bytes]) -> dict:
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    return api.import_files(str(tmp_path / "sg.db"), [str(tmp_path / n) for n in files], workers=1)


LINE = B.line(60)


def test_the_clean_line_has_its_geometric_length() -> None:
    a = detect.read(B.gpx([LINE]), "a.gpx")
    assert a.distance_m == pytest.approx(_length(LINE), rel=1e-9)
    assert 59 * 11.0 < a.distance_m < 59 * 11.2  # 0.0001 deg of latitude is ~11.1 m
    assert a.elapsed_s == 295.0 and a.cleaned == {}


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("when", "reason"),
    [
        ("9999-12-31T23:00:00Z", "in the future"),
        ("2100-01-01T07:00:00Z", "in the future"),
        ("0001-01-01T00:00:00-05:00", "impossible times"),
        ("1901-06-01T07:00:00Z", "impossible times"),
    ],
)
def test_impossible_dates_are_refused_per_file_and_the_batch_goes_on(tmp_path: Path, when: str, reason: str) -> None:
    start = datetime.fromisoformat(when.replace("Z", "+00:00"))
    bad = B.gpx([[(lat, lon, start + timedelta(seconds=5 * i), hr) for i, (lat, lon, _, hr) in enumerate(LINE)]])
    api.profile_set(str(tmp_path / "sg.db"), timezone="America/Los_Angeles")  # a western zone
    result = _import(tmp_path, {"a-bad.gpx": bad, "b-good.gpx": B.gpx([LINE]), "c-good.tcx": B.tcx(B.line(50))})
    by_name = {Path(f["path"]).name: f for f in result["files"]}
    assert by_name["a-bad.gpx"]["status"] == "error"
    assert reason in by_name["a-bad.gpx"]["error"]
    assert by_name["b-good.gpx"]["status"] == "imported"
    assert by_name["c-good.tcx"]["status"] == "imported"
    assert result["imported"] == 2 and result["errors"] == 1


def test_start_checks_at_the_boundary() -> None:
    now = datetime(2026, 12, 1, 12, tzinfo=UTC)
    with pytest.raises(ImportFailed, match="before 1980-01-01"):
        plausible.check_start("a.fit", datetime(1979, 12, 31, 23, tzinfo=UTC), now)
    with pytest.raises(ImportFailed, match="in the future"):
        plausible.check_start("a.fit", now + timedelta(days=1, seconds=1), now)
    with pytest.raises(ImportFailed, match="beyond"):
        plausible.check_start("a.fit", datetime(2020, 1, 1, tzinfo=timezone(timedelta(hours=15))), now)
    plausible.check_start("a.fit", datetime(1980, 1, 1, tzinfo=UTC), now)  # the edges are accepted
    plausible.check_start("a.fit", now + timedelta(days=1), now)
    # year 1 in a western zone: no OverflowError, just "impossible"
    assert plausible.to_utc(datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=-5))), now) is None
    assert plausible.to_utc(datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=5))), now) is None


def test_fit_dated_2100_is_refused() -> None:
    start = datetime(2100, 1, 1, tzinfo=UTC)
    future = [(lat, lon, start + timedelta(seconds=5 * i), hr) for i, (lat, lon, _, hr) in enumerate(LINE)]
    with pytest.raises(ImportFailed, match="in the future"):
        detect.read(B.fit(future), "future.fit")


def test_a_stray_timestamp_21_years_away_is_dropped() -> None:
    pts = list(LINE)
    lat, lon, when, hr = pts[-1]
    pts[-1] = (lat, lon, when + timedelta(days=21 * 365), hr)  # one record with a wrong clock
    a = detect.read(B.gpx([pts]), "stray.gpx")
    assert a.elapsed_s == 290.0  # 59 points, 5 s apart; not 21 years
    assert a.cleaned == {"stray_times": 1}
    assert a.distance_m == pytest.approx(_length(pts[:-1]), rel=1e-9)
    # and a stray *first* point moves the start to the real one
    first = [(pts[0][0], pts[0][1], B.T0 - timedelta(days=3000), 140.0), *LINE[1:]]
    b = detect.read(B.gpx([first]), "stray0.gpx")
    assert b.start_time == B.T0 + timedelta(seconds=5) and b.elapsed_s == 290.0
    assert b.cleaned == {"stray_times": 1}


def test_an_activity_longer_than_a_week_is_refused() -> None:
    # points 20 h apart (no gap long enough to be a stray), 10 of them: 180 h = 7.5 days
    pts = [(B.LAT0 + i * 0.01, B.LON0, B.T0 + timedelta(hours=20 * i), 120.0) for i in range(10)]
    with pytest.raises(ImportFailed, match=r"elapsed time 7\.5 days .*limit 7\.0 days"):
        detect.read(B.gpx([pts], kind="hiking"), "long.gpx")


def test_zero_second_activity_is_refused() -> None:
    with pytest.raises(ImportFailed, match="zero-second activity"):
        detect.read(B.fit(LINE[:1]), "one.fit")


def test_stated_distance_faster_than_running_is_refused() -> None:
    # 1,000 km in 295 s is 3,390 m/s
    with pytest.raises(ImportFailed, match="faster than 12 m/s"):
        detect.read(B.tcx(LINE, lap_distance_m=1_000_000.0), "fast.tcx")


# ---------------------------------------------------------------- glitches


def test_a_point_at_null_island_is_dropped() -> None:
    pts = list(LINE)
    pts[30] = (0.0, 0.0, pts[30][2], 140.0)  # 0,0: a receiver without a fix
    a = detect.read(B.gpx([pts]), "island.gpx")
    # collinear, evenly spaced: without point 30 the track is still the whole line
    assert a.distance_m == pytest.approx(_length(LINE), rel=1e-9)
    assert a.cleaned == {"null_island": 1}
    assert np.isnan(a.samples["lat"][30]) and a.sample_count == 60  # the row (time, HR) stays


def test_a_gps_jump_above_running_speed_is_dropped() -> None:
    pts = list(LINE)
    lat, lon, when, hr = pts[20]
    pts[20] = (lat, lon + 0.01, when, hr)  # 750 m east and back within 10 s: 75 m/s
    a = detect.read(B.gpx([pts]), "jump.gpx")
    assert a.distance_m == pytest.approx(_length(LINE), rel=1e-9)
    assert a.cleaned == {"gps_jumps": 1}
    # a jump of 3 points is dropped too
    for k in (40, 41, 42):
        lat, lon, when, hr = pts[k]
        pts[k] = (lat, lon - 0.01, when, hr)
    b = detect.read(B.gpx([pts]), "jumps.gpx")
    assert b.cleaned == {"gps_jumps": 4}
    assert b.distance_m == pytest.approx(_length(LINE), rel=1e-9)


def test_a_first_point_far_away_is_dropped_and_the_rest_kept() -> None:
    pts = [(B.LAT0 + 1.0, B.LON0, LINE[0][2], 140.0), *LINE[1:]]  # first fix 111 km off
    a = detect.read(B.gpx([pts]), "first.gpx")
    assert a.cleaned == {"gps_jumps": 1}
    assert a.distance_m == pytest.approx(_length(LINE[1:]), rel=1e-9)


def test_heart_rate_cadence_and_altitude_glitches_are_dropped() -> None:
    pts = list(LINE)
    pts[10] = (*pts[10][:3], 99999.0)
    a = detect.read(B.gpx([pts]), "hr.gpx")
    assert a.avg_hr == 140.0 and a.max_hr == 140.0
    assert a.cleaned == {"heart_rate": 1}
    gpx = B.gpx([LINE]).replace(b"<ele>400</ele>", b"<ele>20000</ele>", 1)
    gpx = gpx.replace(b"<tp:hr>140</tp:hr>", b"<tp:hr>140</tp:hr><tp:cad>200</tp:cad>", 1)  # 400 spm doubled
    b = detect.read(gpx, "ele.gpx")
    assert b.cleaned == {"altitude": 1, "cadence": 1}
    assert np.nanmax(b.samples["altitude_m"]) == 400.0
    assert b.avg_cadence_spm is None


def test_cleaned_counts_reach_the_import_result(tmp_path: Path) -> None:
    pts = list(LINE)
    pts[30] = (0.0, 0.0, pts[30][2], 99999.0)
    result = _import(tmp_path, {"glitch.gpx": B.gpx([pts])})
    (entry,) = result["files"]
    assert entry["status"] == "imported"
    assert entry["cleaned"] == {"null_island": 1, "heart_rate": 1}
    (row,) = api.activities(str(tmp_path / "sg.db"))
    assert row["distance_m"] == pytest.approx(_length(LINE), rel=1e-9)  # not 5,300 km via the Gulf of Guinea


# ---------------------------------------------------------------- issue 12: GPX timing


def test_gpx_whose_points_share_one_time_is_refused_with_a_reason() -> None:
    same = [(lat, lon, B.T0, hr) for lat, lon, _, hr in LINE]
    with pytest.raises(ImportFailed, match="all 60 timed track points carry the same time"):
        detect.read(B.gpx([same]), "same.gpx")


def test_gpx_whose_points_all_but_one_share_a_time_is_refused_not_shrunk() -> None:
    # The first point a minute earlier, the 59 others at one time: keeping one point per time
    # would store a one-step (11 m) run from a 656 m track (59 steps of 11.1 m).
    almost = [(lat, lon, B.T0 if i else B.T0 - timedelta(minutes=1), hr) for i, (lat, lon, _, hr) in enumerate(LINE)]
    with pytest.raises(
        ImportFailed,
        match=r"58 of 60 timed track points share their time with another point: the "
        r"times describe 0\.01 km of the 0\.66 km track",
    ):
        detect.read(B.gpx([almost]), "almost.gpx")


def test_gpx_with_two_points_per_whole_second_keeps_its_length() -> None:
    # A 2 Hz recording written with whole seconds: every second holds two points 5.5 m apart.
    # One point per second is kept (the first); on a straight line that is the whole length
    # but the last half step.
    points = [(B.LAT0 + i * 0.00005, B.LON0, B.T0 + timedelta(seconds=i // 2), None) for i in range(120)]
    a = detect.read(B.gpx([points]), "two-hertz.gpx")
    kept = points[::2]
    assert a.distance_m == pytest.approx(_length(kept), rel=1e-9)
    assert a.distance_m > 0.99 * _length(points)


def test_gpx_with_untimed_segment_keeps_the_whole_length() -> None:
    timed = LINE
    untimed = [(B.LAT0 + (70 + i) * 0.0001, B.LON0, None, None) for i in range(30)]  # 10 steps north of the end
    a = detect.read(B.gpx([timed, untimed]), "mixed.gpx")
    # the timed segment (59 steps) plus the untimed one (29 steps); the gap between segments is not counted
    assert a.distance_m == pytest.approx(_length(timed) + _length(untimed), rel=1e-9)
    assert a.elapsed_s == 295.0
