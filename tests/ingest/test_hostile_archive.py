"""Zip bombs, deep nesting, forged entry counts, temp-space limits and oversized files (issue 13).

Hostile archives are made here by writing a small real zip and then editing
its headers (sizes, counts), so that nothing large is ever written: the
limits must act on what the archive *declares* and on what a stream
*delivers*, never after decompressing everything.
"""

from __future__ import annotations

import gzip
import os
import struct
import subprocess
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from strideguard.errors import ImportFailed
from strideguard.ingest import archive, detect

from . import build as B
from .conftest import zip_bytes

FOUR_GIB = 0xFFFFFFF0  # just under the zip64 marker: a 32-bit size field's largest plain value


def _forge_size(data: bytes, member: str, size: int) -> bytes:
    """Set a member's uncompressed size in its local header and central directory entry."""
    out = bytearray(data)
    name = member.encode()
    for sig, size_at, name_len_at, name_at in ((b"PK\x03\x04", 22, 26, 30), (b"PK\x01\x02", 24, 28, 46)):
        at = out.find(sig)
        while at >= 0:
            n = struct.unpack_from("<H", out, at + name_len_at)[0]
            if bytes(out[at + name_at : at + name_at + n]) == name:
                struct.pack_into("<I", out, at + size_at, size)
            at = out.find(sig, at + 4)
    return bytes(out)


def test_a_member_that_declares_100_bytes_and_holds_10_mb_is_refused_while_streaming(
    tmp_path: Path, spill: Path
) -> None:
    bomb = zip_bytes({"bomb.gpx": b"<" + b" " * (10 * 2**20)})
    path = tmp_path / "bomb.zip"
    path.write_bytes(_forge_size(bomb, "bomb.gpx", 100))
    (source,) = archive.walk([path], spill)
    assert source.size == 100
    tracemalloc.start()
    try:
        # zipfile stops at the declared size (then the checksum fails); our stream stops there too
        with pytest.raises(ImportFailed, match="beyond the 100 bytes its archive entry declares|Bad CRC-32"):
            source.read()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 * 2**20  # one decompressed chunk of ~1 MB at most, never the 10 MB


def test_a_member_larger_than_the_file_limit_is_refused_by_its_declared_size(tmp_path: Path, spill: Path) -> None:
    path = tmp_path / "big.zip"
    path.write_bytes(_forge_size(zip_bytes({"big.fit": b"x" * 100}), "big.fit", 300 * 2**20))
    (source,) = archive.walk([path], spill)
    with pytest.raises(ImportFailed, match=r"too large once decompressed \(limit 256 MB\)"):
        source.read()


def _nested(depth: int, leaf: bytes) -> bytes:
    data = zip_bytes({"run.gpx": leaf})
    for level in range(depth - 1, 0, -1):
        data = zip_bytes({f"level{level}.zip": data})
    return data


def test_nesting_up_to_three_zips_is_read_and_deeper_is_refused(tmp_path: Path, spill: Path) -> None:
    run = B.gpx([B.line(20)])
    (tmp_path / "three.zip").write_bytes(_nested(3, run))
    (tmp_path / "four.zip").write_bytes(_nested(4, run))
    (ok,) = archive.walk([tmp_path / "three.zip"], spill)
    assert ok.name.endswith("three.zip!level1.zip!level2.zip!run.gpx") and ok.problem is None
    assert detect.read(ok.read(), ok.name).sample_count == 20
    (deep,) = archive.walk([tmp_path / "four.zip"], spill)
    assert deep.name.endswith("four.zip!level1.zip!level2.zip!level3.zip")
    assert str(deep.problem) == "zip archives nested too deep (limit 3)"


def test_an_archive_declaring_200000_entries_is_refused_before_its_directory_is_read(
    tmp_path: Path, spill: Path
) -> None:
    # a local header's signature, a zip64 end record, its locator and the end record: 200,000 entries
    head = b"PK\x03\x04" + bytes(26)
    eocd64 = b"PK\x06\x06" + struct.pack("<QHHIIQQQQ", 44, 45, 45, 0, 0, 200_000, 200_000, 0, 0)
    locator = b"PK\x06\x07" + struct.pack("<IQI", 0, len(head), 1)
    eocd = b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    path = tmp_path / "many.zip"
    path.write_bytes(head + eocd64 + locator + eocd)
    assert archive.declared_entries(str(path)) == 200_000
    (source,) = archive.walk([path], spill)
    assert str(source.problem) == "archive with 200000 entries (limit 100000)"


def test_declared_entries_of_a_real_archive(tmp_path: Path) -> None:
    path = tmp_path / "three.zip"
    path.write_bytes(zip_bytes({"a.gpx": b"1", "b.gpx": b"2", "c/": b""}))
    assert archive.declared_entries(str(path)) == 3


def test_members_beyond_the_total_expansion_limit_are_refused(tmp_path: Path, spill: Path) -> None:
    data = zip_bytes({f"m{i}.fit": b"x" for i in range(5)})
    for i in range(5):
        data = _forge_size(data, f"m{i}.fit", FOUR_GIB)  # 5 x 4 GiB declared = 20 GiB > 16 GiB
    path = tmp_path / "huge.zip"
    path.write_bytes(data)
    sources = list(archive.walk([path], spill))
    assert [s.problem is None for s in sources] == [True, True, True, True, False]
    assert str(sources[4].problem) == "not read: the archives expand to more than 16384 MB (limit 16384 MB)"


def test_inner_archives_beyond_the_temp_space_limit_are_not_spilled(tmp_path: Path, spill: Path) -> None:
    inner = zip_bytes({"run.gpx": B.gpx([B.line(10)])})
    data = zip_bytes({f"UploadedFiles_{i}.zip": inner for i in range(3)})
    for i in range(3):
        data = _forge_size(data, f"UploadedFiles_{i}.zip", FOUR_GIB)  # 3 x 4 GiB declared > 8 GiB
    path = tmp_path / "export.zip"
    path.write_bytes(data)
    sources = list(archive.walk([path], spill))
    assert [s.name.rsplit("!", 1)[-1] for s in sources] == ["run.gpx", "run.gpx", "UploadedFiles_2.zip"]
    assert str(sources[2].problem) == "not read: inner archives would take more than 8192 MB of temporary space (limit)"
    assert len(list(spill.iterdir())) == 2  # the copies hold only what the inner zips really contain
    assert sum(p.stat().st_size for p in spill.iterdir()) == 2 * len(inner)


def test_a_file_over_the_limit_is_too_large_not_broken(tmp_path: Path) -> None:
    path = tmp_path / "huge.gpx"
    with open(path, "wb") as fh:  # sparse: 300 MB declared, nothing written
        fh.truncate(300 * 2**20)
    (source,) = archive.walk([path], tmp_path / "spill")
    with pytest.raises(ImportFailed, match=r"huge\.gpx: too large \(limit 256 MB\)$"):
        source.read()


def test_a_gzipped_gpx_over_the_gpx_limit_is_too_large() -> None:
    run = B.gpx([B.line(10)])
    padded = run.replace(b"<trk>", b"<!--" + b" " * (65 * 2**20) + b"--><trk>")  # 65 MB of comment
    with pytest.raises(ImportFailed, match=r"too large for a GPX file \(limit 64 MB\)"):
        detect.decode(gzip.compress(padded, compresslevel=1), "big.gpx.gz")


def test_a_gzip_bomb_is_too_large_once_decompressed() -> None:
    bomb = gzip.compress(b"\0" * (257 * 2**20), compresslevel=1)
    with pytest.raises(ImportFailed, match=r"too large once decompressed \(limit 256 MB\)"):
        detect.decode(bomb, "bomb.fit.gz")


# ---------------------------------------------------------------- temp folders


def _dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def test_stale_temp_folders_are_removed_and_live_ones_kept(tmp_path: Path) -> None:
    prefix = archive.SPILL_PREFIX
    dead = tmp_path / f"{prefix}{_dead_pid()}-abc"
    alive = tmp_path / f"{prefix}{os.getppid()}-def"  # our parent is alive
    alive_old = tmp_path / f"{prefix}{os.getppid()}-ghi"
    other = tmp_path / "someone-elses-folder"
    for folder in (dead, alive, alive_old, other):
        folder.mkdir()
        (folder / "inner.zip").write_bytes(b"x" * 1000)
    two_days_ago = time.time() - 2 * 86400
    os.utime(alive_old, (two_days_ago, two_days_ago))  # a pid alive again after 2 days: reused, not the owner
    removed = archive.clean_stale_spills(tmp_path)
    assert sorted(removed) == sorted([dead, alive_old])
    assert not dead.exists() and not alive_old.exists()
    assert alive.exists() and other.exists()


def test_spill_folder_is_named_by_pid_and_removed_afterwards(tmp_path: Path) -> None:
    with archive.spill_folder(tmp_path) as folder:
        assert folder.parent == tmp_path
        assert folder.name.startswith(f"{archive.SPILL_PREFIX}{os.getpid()}-")
        (folder / "x.zip").write_bytes(b"x")
    assert list(tmp_path.iterdir()) == []


def test_zip_bytes_helper_is_a_real_zip(tmp_path: Path) -> None:
    path = tmp_path / "x.zip"
    path.write_bytes(_forge_size(zip_bytes({"a.fit": b"abc"}), "a.fit", 3))
    with zipfile.ZipFile(path) as zf:
        assert zf.read("a.fit") == b"abc"  # an unchanged size edits nothing
