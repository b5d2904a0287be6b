"""Seeded fuzzing of the readers and of the real import (issue 13), bounded in time.

Base files are built here (FIT, GPX, TCX, each also gzipped, and zip archives
of them). Mutations: random byte flips, truncation, inserted and duplicated
chunks, and hand-written hostile XML (entity expansion, external entities,
deep nesting, huge attributes, impossible numbers and dates, bad encodings).

1. Every mutation through ``detect.decode``: either an ``ImportFailed`` or an
   activity that meets the import's invariants; never another exception.
2. A folder of mutated files and archives through ``api.import_files`` (in
   worker processes): one result entry per file (archives: at least one per
   archive), no traceback, and the database holds exactly the imported
   activities, each with its samples.

The seed is fixed, so a failure reproduces; each part stays well under the
60 s budget the test asserts.
"""

from __future__ import annotations

import gzip
import math
import random
import re
import sqlite3
import struct
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from strideguard import api
from strideguard.errors import ImportFailed
from strideguard.ingest import detect
from strideguard.ingest.fastfit.crc import crc16

from . import build as B
from .conftest import zip_bytes

SEED = 20261201
BUDGET_S = 60.0
N_DECODE = 700  # mutations decoded in this process
N_IMPORT = 120  # mutated files imported through the real import


def _bases() -> dict[str, bytes]:
    pts = B.line(120, dt_s=2.0)
    out = {"run.fit": B.fit(pts), "run.gpx": B.gpx([pts[:60], pts[60:]]), "run.tcx": B.tcx(pts, lap_distance_m=1300.0)}
    out.update({f"{name}.gz": gzip.compress(data, mtime=0) for name, data in list(out.items())})
    return out


def _flip(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 24)):
        at = rng.randrange(len(out))
        out[at] = rng.randrange(256) if rng.random() < 0.5 else out[at] ^ (1 << rng.randrange(8))
    return bytes(out)


def _truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data))]


def _insert(rng: random.Random, data: bytes) -> bytes:
    at = rng.randrange(len(data))
    return data[:at] + rng.randbytes(rng.randint(1, 64)) + data[at:]


def _duplicate(rng: random.Random, data: bytes) -> bytes:
    a = rng.randrange(len(data))
    b = min(len(data), a + rng.randint(1, 2048))
    return data[:b] + data[a:b] + data[b:]


_TOKENS = [
    "",
    "-1",
    "0",
    "1e308",
    "-1e308",
    "nan",
    "inf",
    "99999",
    "3.5",
    "-91",
    "181",
    "4294967295",
    "2100-01-01T00:00:00Z",
    "1901-01-01T00:00:00Z",
    "9999-12-31T23:59:59-12:00",
    "2024-05-01T07:00:00Z",
]
_XML_VALUE = re.compile(rb'(?<=>)[^<>]{1,40}(?=<)|(?<==")[^"]{1,40}(?=")')


def _values(rng: random.Random, data: bytes) -> bytes:
    """XML stays well formed; some text and attribute values become hostile numbers and dates."""
    if data[:2] == b"\x1f\x8b":
        return gzip.compress(_values(rng, gzip.decompress(data)), mtime=0)
    if data[8:12] == b".FIT":
        return _fit_flip(rng, data)
    spots = [m.span() for m in _XML_VALUE.finditer(data)]
    out = data
    for a, b in sorted(rng.sample(spots, min(len(spots), rng.randint(1, 12))), reverse=True):
        out = out[:a] + rng.choice(_TOKENS).encode() + out[b:]
    return out


def _fit_flip(rng: random.Random, data: bytes) -> bytes:
    """FIT body bytes flipped, then both checksums made valid again, so the decoder meets the values."""
    body = bytearray(data[14:-2])
    for _ in range(rng.randint(1, 8)):
        body[rng.randrange(len(body))] = rng.randrange(256)
    head = data[:12] + struct.pack("<H", crc16(data[:12]))
    return head + bytes(body) + struct.pack("<H", crc16(head + bytes(body)))


MUTATIONS: list[Callable[[random.Random, bytes], bytes]] = [_flip, _truncate, _insert, _duplicate, _values, _values]

_GPX_HEAD = '<?xml version="1.0"?>'
_GPX_OPEN = '<gpx version="1.1" creator="x" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>'
_GPX_CLOSE = "</trkseg></trk></gpx>"


def _gpx_points(body: str) -> bytes:
    return (_GPX_HEAD + _GPX_OPEN + body + _GPX_CLOSE).encode()


def _pt(lat: str = "47.37", lon: str = "8.54", when: str = "2024-05-01T07:00:00Z", extra: str = "") -> str:
    return f'<trkpt lat="{lat}" lon="{lon}"><time>{when}</time>{extra}</trkpt>'


def _timed(n: int, **kw: str) -> str:
    t0 = datetime(2024, 5, 1, 7, tzinfo=UTC)
    return "".join(
        _pt(lat=f"{47.37 + i * 0.0001:.5f}", when=(t0 + timedelta(seconds=5 * i)).isoformat(), **kw) for i in range(n)
    )


def hostile_xml() -> dict[str, bytes]:
    laughs = '<!DOCTYPE gpx [<!ENTITY a "lol">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)
    )
    return {
        "laughs.gpx": (_GPX_HEAD + laughs + "]>" + _GPX_OPEN + _pt(extra="<name>&j;</name>") + _GPX_CLOSE).encode(),
        "xxe.gpx": (
            _GPX_HEAD
            + '<!DOCTYPE gpx [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            + _GPX_OPEN
            + _pt(extra="<name>&x;</name>")
            + _pt(when="2024-05-01T07:00:05Z")
            + _GPX_CLOSE
        ).encode(),
        "xxe.tcx": (
            b'<?xml version="1.0"?><!DOCTYPE t [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">'
            b'<Activities><Activity Sport="Running"><Id>&x;</Id></Activity></Activities></TrainingCenterDatabase>'
        ),
        "deep.gpx": (_GPX_HEAD + _GPX_OPEN + "<a>" * 20000 + "</a>" * 20000 + _GPX_CLOSE).encode(),
        "huge-attribute.gpx": _gpx_points(_pt(lat="4" * 2_000_000)),
        "inf-numbers.gpx": _gpx_points(_timed(30, extra="<ele>1e400</ele>") + _pt(lat="nan", lon="inf")),
        "huge-hr.gpx": _gpx_points(
            _timed(30, extra="<extensions><hr>1e308</hr><cad>-5</cad><speed>1e9</speed></extensions>")
        ),
        "year-9999.gpx": _gpx_points(_pt(when="9999-12-31T23:59:59Z") + _pt(when="9999-12-31T23:59:59-12:00")),
        "year-0.gpx": _gpx_points(_pt(when="0000-01-01T00:00:00Z") + _pt(when="0001-01-01T00:00:00-05:00")),
        "bad-date.gpx": _gpx_points(_pt(when="2024-13-45T99:99:99Z") + _pt(when="yesterday")),
        "off-earth.gpx": _gpx_points(_timed(10, extra="").replace('lat="47', 'lat="147')),
        "utf16.gpx": (_GPX_HEAD + _GPX_OPEN + _timed(5) + _GPX_CLOSE).encode("utf-16"),
        "latin1.gpx": _gpx_points(_timed(5, extra="<name>caf\u00e9</name>")).replace(b"caf\xc3\xa9", b"caf\xe9"),
        "route-only.gpx": (
            _GPX_HEAD + '<gpx version="1.1" creator="x"><rte><rtept lat="1" lon="1"/></rte></gpx>'
        ).encode(),
        "empty.gpx": b"",
        "negative-lap.tcx": B.tcx(B.line(20)).replace(b"<TotalTimeSeconds>95.0", b"<TotalTimeSeconds>-1e9"),
        "nan-lap.tcx": B.tcx(B.line(20), lap_distance_m=float("nan")),
        "not-xml.tcx": b"\x00\x01\x02 definitely not xml",
        "fit-header-only.fit": B.fit(B.line(5))[:14],
    }


def _check_activity(a: object, name: str) -> None:
    from strideguard.domain import ParsedActivity

    assert isinstance(a, ParsedActivity), name
    assert datetime(1980, 1, 1, tzinfo=UTC) <= a.start_time <= datetime.now(UTC) + timedelta(days=1), name
    assert a.elapsed_s is None or 0 < a.elapsed_s <= 7 * 86400, name
    for value in (a.distance_m, a.moving_s, a.ascent_m, a.descent_m, a.avg_hr, a.max_hr, a.avg_cadence_spm):
        assert value is None or (math.isfinite(value) and value >= 0), name
    for hr in (a.avg_hr, a.max_hr):
        assert hr is None or 25 <= hr <= 250, name
    n = a.sample_count
    assert all(len(v) == n for v in a.samples.values()), name
    assert np.all(np.diff(a.samples["time_s"]) > 0), name


@pytest.mark.filterwarnings("error::RuntimeWarning")  # no overflow or invalid value in the maths either
def test_mutated_files_decode_or_fail_cleanly() -> None:
    rng = random.Random(SEED)
    bases = _bases()
    started = time.monotonic()
    outcomes = {"ok": 0, "failed": 0}
    cases = list(hostile_xml().items())
    for i in range(N_DECODE):
        name = rng.choice(sorted(bases))
        cases.append((f"{i}-{name}", rng.choice(MUTATIONS)(rng, bases[name])))
    for name, data in cases:
        try:
            decoded = detect.decode(data, name)
        except ImportFailed as exc:
            assert str(exc).startswith(f"{name}: "), str(exc)
            assert "Traceback" not in str(exc)
            outcomes["failed"] += 1
            continue
        _check_activity(decoded.activity, name)
        outcomes["ok"] += 1
    assert outcomes["ok"] > 50 and outcomes["failed"] > 50  # the mutations reach both outcomes
    assert time.monotonic() - started < BUDGET_S


def test_hostile_xml_is_neutralised() -> None:
    files = hostile_xml()
    with pytest.raises(ImportFailed):
        detect.decode(files["laughs.gpx"], "laughs.gpx")  # not expanded into a billion "lol"s
    for name in ("xxe.gpx", "xxe.tcx"):
        try:
            a = detect.decode(files[name], name).activity
        except ImportFailed as exc:
            assert "root:" not in str(exc)  # /etc/passwd never read into a message
        else:
            assert "root:" not in repr(a.device)
    inf = detect.decode(files["inf-numbers.gpx"], "inf-numbers.gpx").activity
    assert inf.ascent_m is None and inf.sample_count == 30  # 1e400 is no altitude; the NaN point has no time left
    big = detect.decode(files["huge-hr.gpx"], "huge-hr.gpx").activity
    assert big.avg_hr is None and big.cleaned["heart_rate"] == 30 and big.cleaned["speed"] == 30


def _import_folder(rng: random.Random, folder: Path) -> tuple[list[str], list[str]]:
    """Write mutated files and archives; the plain files' names and the archives' names."""
    bases = _bases()
    plain: list[str] = []
    archives: list[str] = []
    for name, data in hostile_xml().items():
        (folder / name).write_bytes(data)
        plain.append(name)
    for i in range(N_IMPORT):
        base = rng.choice(sorted(bases))
        start_shift = B.line(120, dt_s=2.0, start=B.T0 + timedelta(days=i))  # distinct runs survive as imports
        fresh = {"run.fit": B.fit, "run.gpx": lambda p: B.gpx([p]), "run.tcx": B.tcx}
        raw_name = base.removesuffix(".gz")
        data = fresh[raw_name](start_shift)
        if base.endswith(".gz"):
            data = gzip.compress(data, mtime=0)
        if rng.random() < 0.7:
            data = rng.choice(MUTATIONS)(rng, data)
        name = f"m{i:03d}-{base}"
        (folder / name).write_bytes(data)
        plain.append(name)
    for j in range(8):
        members = {f"a/{k}.gpx": B.gpx([B.line(30, start=B.T0 + timedelta(days=400 + 10 * j + k))]) for k in range(3)}
        members["inner.zip"] = zip_bytes({"x.tcx": B.tcx(B.line(30, start=B.T0 + timedelta(days=600 + j)))})
        data = zip_bytes(members)
        if j % 4 != 0:
            data = rng.choice(MUTATIONS)(rng, data)
        name = f"z{j}.zip"
        (folder / name).write_bytes(data)
        archives.append(name)
    return plain, archives


def test_mutated_folder_through_the_real_import(tmp_path: Path) -> None:
    rng = random.Random(SEED + 1)
    folder = tmp_path / "in"
    folder.mkdir()
    plain, archives = _import_folder(rng, folder)
    db = tmp_path / "sg.db"
    started = time.monotonic()
    result = api.import_files(str(db), [str(folder)], workers=2)  # > 32 files: decoded in worker processes
    elapsed = time.monotonic() - started
    files = result["files"]
    paths = [Path(f["path"].split("!", 1)[0]).name for f in files]
    for name in plain:
        assert paths.count(name) == 1, name  # every file accounted for, once
    for name in archives:
        assert paths.count(name) >= 1, name
    assert {f["status"] for f in files} <= {"imported", "duplicate", "error"}
    for f in files:
        if f["status"] == "error":
            assert f["error"].startswith(f["path"]) and "Traceback" not in f["error"]
    counts = {s: sum(f["status"] == s for f in files) for s in ("imported", "duplicate", "error")}
    assert (result["imported"], result["duplicates"], result["errors"]) == (
        counts["imported"],
        counts["duplicate"],
        counts["error"],
    )
    assert counts["imported"] > 30 and counts["error"] > 20
    with sqlite3.connect(db) as conn:
        stored = conn.execute("SELECT count(*) FROM activities").fetchone()[0]
        assert stored == counts["imported"]  # nothing half stored, nothing extra (replacements keep their id)
        missing = conn.execute(
            "SELECT count(*) FROM activities a LEFT JOIN activity_samples s ON s.activity_id = a.id "
            "WHERE a.sample_count > 0 AND (s.activity_id IS NULL OR s.n != a.sample_count)"
        ).fetchone()[0]
        assert missing == 0  # every activity with samples has them, whole
    assert elapsed < BUDGET_S
