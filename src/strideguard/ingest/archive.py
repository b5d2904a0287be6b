"""Walk what the user named (files, folders, zip archives) into importable sources.

Public: :class:`Source`, :func:`walk`, :func:`strava_gear`, :class:`GearUnreadable`.

- A file named explicitly is always a source (an unsupported one then fails
  with its reason). Inside folders (recursive) and zip archives the activity
  files (``.fit``, ``.gpx``, ``.tcx``, each also ``.gz``, Polar's
  ``training-session-*.json``), nested ``.zip`` archives and the export
  documents strideguard reads (``documents.kind_of``: Apple Health's
  export.xml, Samsung Health's exercise CSV, Garmin's activity summaries, gear
  and wellness files, Strava's activities.csv and shoes.csv) are taken;
  everything else (images, other JSON) is skipped and counted.
- A document source (``Source.kind`` set) is read by ``ingest.documents`` in the
  importing process; :meth:`Source.sibling` reads a file next to it (an Apple
  route GPX, a Samsung sample stream) from the same archive or folder.
- Zip members are named ``archive.zip!member`` (nested: ``a.zip!b.zip!c.fit``).
  That covers the Garmin Connect export (FIT files in nested zips) and the
  Strava bulk export (``activities/*.fit.gz`` ...).
- Strava's ``activities.csv`` (in a zip or an unpacked folder) maps each file
  to its gear (shoes): :attr:`Source.gear`.
- A source is a *locator* (a path, and a member when the path is a zip), not
  open file state, so that it can be sent to another process (bulk import).
  :meth:`Source.read` opens what it needs; the last opened archives are cached
  so that reading the members of one archive in order does not reopen it each
  time.
- A zip inside a zip (Garmin's export keeps its FIT files in inner zips of
  hundreds of MB) is copied once, streamed, into the ``spill`` folder the
  caller gives :func:`walk`, and read from there: memory stays flat whatever
  the size of the inner archives, in every process.
- Limits (``knowledge/ingest.yaml``, named in every refusal): entries per
  archive (read from the end record before the central directory is
  loaded), nesting depth, bytes spilled to the temp folder, total expanded
  bytes of one walk, and per member: a member is decompressed as a stream and
  refused as soon as it passes its declared size or the file limit, so a
  member that declares 100 bytes and holds 1 GB costs 101 bytes of memory.
- :func:`spill_folder` makes the temp folder (named with the owner's process
  id) and first removes the folders of imports whose process is gone, so a
  killed import leaves nothing behind for long.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import struct
import tempfile
import time
import zipfile
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePosixPath
from typing import IO

from ..errors import ImportFailed, Message, Text
from . import documents, strava
from .detect import is_activity_name
from .limits import limits, mib

SPILL_PREFIX = "strideguard-import-"
_CHUNK = 1 << 20

_CSV_NAME = "activities.csv"


@dataclass(frozen=True)
class Source:
    """One file to import: a path on disk, or a member (chain) inside zip archives."""

    name: str  # what the user sees: "run.fit", "export.zip!activities/1.fit.gz"
    path: str  # the file on disk (for a member of an inner zip: its copy in the spill folder)
    member: str | None = None  # the member inside the zip at ``path``
    size: int = 0  # bytes (uncompressed member size inside a zip)
    gear: str | None = None  # Strava activities.csv gear name
    problem: Message | None = None  # set when the source is known to be unreadable (why, as a text)
    kind: str | None = None  # an export document (``documents.KINDS``); None for an activity file

    def read(self) -> bytes:
        """The file's raw bytes; ImportFailed naming this source when they cannot be read."""
        if self.problem:
            raise ImportFailed(self.name, self.problem)
        cap = int(limits().files.max_file_bytes.value)
        if self.member is None:
            try:
                with open(self.path, "rb") as fh:
                    if os.fstat(fh.fileno()).st_size > cap:
                        raise ImportFailed(self.name, "errors.file.too_large", limit=mib(cap))
                    data = fh.read(cap + 1)
            except OSError as exc:
                raise ImportFailed(self.name, "errors.file.unreadable", detail=str(exc.strerror or exc)) from None
            if len(data) > cap:  # grew while we read it (a pipe, a file being written)
                raise ImportFailed(self.name, "errors.file.too_large", limit=mib(cap))
            return data
        return _member_bytes(_open_cached(self.path, self.name), self.member, self.name)

    def open(self) -> IO[bytes]:
        """The file as a stream (never whole in memory): for documents of gigabytes (Apple's export.xml)."""
        if self.problem:
            raise ImportFailed(self.name, self.problem)
        try:
            if self.member is None:
                return open(self.path, "rb")
            return _open_cached(self.path, self.name).open(self.member)
        except ImportFailed:
            raise
        except Exception as exc:  # OSError, zipfile's many kinds on damaged archives
            raise ImportFailed(self.name, "errors.file.unreadable", detail=f"{type(exc).__name__}: {exc}") from None

    def sibling(self, relative: str) -> tuple[str, bytes] | None:
        """A file next to this one (``relative`` to its folder, ``..`` refused): its display name and bytes.

        None when there is no such file. ImportFailed (naming it) when it exists and cannot be read.
        """
        rel = PurePosixPath(relative.replace("\\", "/").lstrip("/"))
        if ".." in rel.parts or not rel.parts:
            return None
        if self.member is None:
            target = Path(self.path).parent.joinpath(*rel.parts)
            if not target.is_file():
                return None
            shown = str(target)
            return shown, Source(shown, str(target)).read()
        member = str(PurePosixPath(self.member).parent / rel) if PurePosixPath(self.member).parent.parts else str(rel)
        archive = _open_cached(self.path, self.name)
        try:
            archive.getinfo(member)
        except KeyError:
            return None
        shown = f"{self.name.rsplit('!', 1)[0]}!{member}"
        return shown, _member_bytes(archive, member, shown)


def _is_activity(name: str) -> bool:
    return is_activity_name(name)


def _is_zip_name(name: str) -> bool:
    return name.lower().endswith(".zip")


# ---------------------------------------------------------------- archive cache

_CACHE: OrderedDict[str, zipfile.ZipFile] = OrderedDict()
_CACHE_SIZE = 4


def _stream(src: IO[bytes], declared: int, cap: int, name: str, sink: IO[bytes] | None = None) -> bytes:
    """Decompress a member chunk by chunk, refusing it once it passes its declared size or ``cap``.

    With ``sink`` the bytes go there (a spill file) and nothing is kept.
    """
    limit = min(declared, cap)
    got = 0
    parts: list[bytes] = []
    while True:
        chunk = src.read(min(_CHUNK, limit + 1 - got))
        if not chunk:
            break
        got += len(chunk)
        if got > declared:
            raise ImportFailed(name, "errors.zip.beyond_declared", declared=declared)
        if got > cap:
            raise ImportFailed(name, "errors.file.too_large_unpacked", limit=mib(cap))
        if sink is None:
            parts.append(chunk)
        else:
            sink.write(chunk)
    return b"".join(parts)


def _member_bytes(archive: zipfile.ZipFile, member: str, name: str) -> bytes:
    cap = int(limits().files.max_file_bytes.value)
    try:
        info = archive.getinfo(member)
        if info.file_size > cap:
            raise ImportFailed(name, "errors.file.too_large_unpacked", limit=mib(cap))
        with archive.open(info) as src:
            return _stream(src, info.file_size, cap, name)
    except ImportFailed:
        raise
    except KeyError:
        raise ImportFailed(name, "errors.zip.no_member") from None
    except RuntimeError as exc:  # encrypted member
        raise ImportFailed(name, "errors.zip.member_unreadable", detail=str(exc)) from None
    except Exception as exc:  # zipfile raises many kinds on damaged archives
        raise ImportFailed(name, "errors.zip.member_corrupt", detail=f"{type(exc).__name__}: {exc}") from None


def declared_entries(path: str) -> int | None:
    """Entries an archive declares in its end record (zip64 too), read without loading its directory."""
    try:
        with open(path, "rb") as fh:
            size = fh.seek(0, os.SEEK_END)
            tail_at = max(0, size - (65535 + 22))
            fh.seek(tail_at)
            tail = fh.read()
            at = tail.rfind(b"PK\x05\x06")
            if at < 0 or len(tail) < at + 22:
                return None
            entries = struct.unpack("<H", tail[at + 10 : at + 12])[0]
            loc = tail.rfind(b"PK\x06\x07", 0, at)
            if entries == 0xFFFF and loc >= 0 and len(tail) >= loc + 20:
                eocd64 = struct.unpack("<Q", tail[loc + 8 : loc + 16])[0]
                fh.seek(eocd64)
                rec = fh.read(56)
                if rec[:4] == b"PK\x06\x06" and len(rec) == 56:
                    return int(struct.unpack("<Q", rec[32:40])[0])
            return int(entries)
    except OSError:
        return None


def _open_zip(fileobj: str | io.BytesIO, name: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(fileobj)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ImportFailed(name, "errors.zip.invalid", detail=str(exc)) from None


def _open_cached(path: str, name: str) -> zipfile.ZipFile:
    cached = _CACHE.get(path)
    if cached is not None:
        _CACHE.move_to_end(path)
        return cached
    archive = _open_zip(path, name)
    _CACHE[path] = archive
    while len(_CACHE) > _CACHE_SIZE:
        _, old = _CACHE.popitem(last=False)
        old.close()
    return archive


class _Budget:
    """What one walk may still expand: total bytes and temp-folder bytes (``knowledge/ingest.yaml``)."""

    def __init__(self) -> None:
        lim = limits().archive
        self.total_left = int(lim.max_total_bytes.value)
        self.spill_left = int(lim.max_spill_bytes.value)

    def take(self, n: int, name: str) -> None:
        if n > self.total_left:
            most = int(limits().archive.max_total_bytes.value)
            raise ImportFailed(name, "errors.zip.total", limit=mib(most))
        self.total_left -= n


def _spill(archive: zipfile.ZipFile, member: str, spill: Path, name: str, budget: _Budget) -> Path:
    """Stream an inner zip to a file of its own in ``spill`` (never whole in memory), within the budget."""
    info = archive.getinfo(member)
    most = int(limits().archive.max_spill_bytes.value)
    if info.file_size > budget.spill_left:
        raise ImportFailed(name, "errors.zip.spill", limit=mib(most))
    budget.take(info.file_size, name)
    dst_path: Path | None = None
    try:
        with (
            archive.open(info) as src,
            tempfile.NamedTemporaryFile("wb", dir=spill, suffix=".zip", delete=False) as dst,
        ):
            dst_path = Path(dst.name)
            _stream(src, info.file_size, budget.spill_left, name, sink=dst)
    except Exception as exc:  # zipfile raises many kinds on damaged archives
        if dst_path is not None:
            dst_path.unlink(missing_ok=True)
        if isinstance(exc, ImportFailed):
            raise
        raise ImportFailed(name, "errors.zip.inner_unreadable", detail=f"{type(exc).__name__}: {exc}") from None
    budget.spill_left -= info.file_size
    return dst_path


def _owner_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # another user's process (or not ours to judge)
    return True


def clean_stale_spills(root: str | os.PathLike[str] | None = None, *, now: float | None = None) -> list[Path]:
    """Remove the temp folders of imports that are gone (owner process dead, or older than the stale limit)."""
    base = Path(root or tempfile.gettempdir())
    stale_s = limits().archive.stale_spill_s.value
    moment = time.time() if now is None else now
    removed: list[Path] = []
    try:
        entries = list(base.glob(SPILL_PREFIX + "*"))
    except OSError:
        return removed
    for folder in entries:
        try:
            if not folder.is_dir() or folder.is_symlink():
                continue
            age = moment - folder.stat().st_mtime
            pid_text = folder.name.removeprefix(SPILL_PREFIX).split("-", 1)[0]
            pid = int(pid_text) if pid_text.isdigit() else None
            if pid == os.getpid() and age <= stale_s:
                continue
            dead = pid is not None and not _owner_alive(pid)
            if dead or age > stale_s or (pid is None and age > 600):
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder)
        except OSError:
            continue
    return removed


@contextlib.contextmanager
def spill_folder(root: str | os.PathLike[str] | None = None) -> Iterator[Path]:
    """A temp folder for one import's inner archives, removed afterwards; stale ones of earlier imports go first."""
    clean_stale_spills(root)
    folder = Path(tempfile.mkdtemp(prefix=f"{SPILL_PREFIX}{os.getpid()}-", dir=root))
    try:
        yield folder
    finally:
        _close_cached_under(folder)
        shutil.rmtree(folder, ignore_errors=True)


def _close_cached_under(folder: Path) -> None:
    for path in [p for p in _CACHE if Path(p).parent == folder]:
        _CACHE.pop(path).close()


# ---------------------------------------------------------------- Strava gear


GearUnreadable = strava.Unreadable  # a Strava CSV that cannot be read whole (the reason is the message)


def strava_gear(csv_bytes: bytes) -> dict[str, str]:
    """``{"activities/123.fit.gz": "Pegasus 40", ...}`` from a Strava export's activities.csv.

    Rows without a file or without gear are left out. A file that cannot be read whole
    (``strava.read_activities``: not UTF-8, no known header, a date it does not read) raises
    ``GearUnreadable`` with the reason: its extras are a convenience, so the caller reports
    it as a warning and imports the activities.
    """
    return strava.gear_by_file(strava.read_activities(csv_bytes))


def _gear_warning(name: str, reason: Message) -> dict[str, str]:
    """The warning for a Strava activities.csv that cannot be read (in words: it goes into the import's result)."""
    return {"path": name, "warning": str(Text("errors.import.gear_not_read", path=name, reason=reason))}


def _gear_for(gear_maps: dict[PurePosixPath, dict[str, str]], member: str) -> str | None:
    p = PurePosixPath(member)
    for folder, mapping in gear_maps.items():
        try:
            rel = p.relative_to(folder)
        except ValueError:
            continue
        hit = mapping.get(str(rel))
        if hit:
            return hit
    return None


# ---------------------------------------------------------------- walking


@dataclass
class _Walk:
    """What one walk shares: its temp folder, budget, warnings and the count of files it skipped."""

    spill: Path
    budget: _Budget
    warnings: list[dict[str, str]]
    skipped: int = 0


def _member_head(archive: zipfile.ZipFile, member: str) -> bytes:
    try:
        with archive.open(member) as fh:
            return fh.read(4096)
    except Exception:  # zipfile raises many kinds on damaged members; the reader says what is wrong later
        return b""


def _strava_csv(data: bytes, shown: str, w: _Walk) -> dict[str, str] | None:
    """The gear map of a Strava activities.csv, or None (and a warning) when it cannot be read whole."""
    try:
        return strava_gear(data)
    except GearUnreadable as exc:
        w.warnings.append(_gear_warning(shown, exc.reason))
        return None


def _walk_zip(path: str, display: str, w: _Walk, depth: int = 1) -> Iterator[Source]:
    lim = limits().archive
    max_members = int(lim.max_members.value)
    entries = declared_entries(path)
    if entries is not None and entries > max_members:
        yield Source(display, path, problem=Text("errors.zip.entries", count=entries, limit=max_members))
        return
    try:
        archive = _open_cached(path, display)
        listed = archive.infolist()
        infos = [i for i in listed if not i.is_dir()]
    except ImportFailed as exc:
        yield Source(display, path, problem=exc.reason_text)
        return
    if len(listed) > max_members:
        yield Source(display, path, problem=Text("errors.zip.entries", count=len(listed), limit=max_members))
        return
    gear_maps: dict[PurePosixPath, dict[str, str]] = {}
    unread_csv: set[str] = set()
    for info in infos:
        if PurePosixPath(info.filename).name.lower() == _CSV_NAME:
            shown = f"{display}!{info.filename}"
            try:
                data = _member_bytes(archive, info.filename, shown)
            except Exception as exc:  # zipfile raises many kinds on a damaged member; only the extras are lost
                w.warnings.append(_gear_warning(shown, Text("errors.zip.csv_unreadable", kind=type(exc).__name__)))
                unread_csv.add(info.filename)
                continue
            mapping = _strava_csv(data, shown, w)
            if mapping is None:
                unread_csv.add(info.filename)
            else:
                gear_maps[PurePosixPath(info.filename).parent] = mapping
    for info in infos:
        member = info.filename
        shown = f"{display}!{member}"
        if _is_zip_name(member):
            if depth >= lim.max_depth.value:
                yield Source(shown, path, member, problem=Text("errors.zip.too_deep", limit=int(lim.max_depth.value)))
                continue
            try:
                inner = _spill(archive, member, w.spill, shown, w.budget)
            except ImportFailed as exc:
                yield Source(shown, path, member, problem=exc.reason_text)
                continue
            yield from _walk_zip(str(inner), shown, w, depth + 1)
            continue
        if documents.is_apple_route(member):
            continue  # read with its workout (documents: apple_health)
        kind = None
        if not _is_activity(member):
            kind = documents.kind_of(member, partial(_member_head, archive, member))
            if kind is None or member in unread_csv:
                w.skipped += kind is None
                continue
        try:
            w.budget.take(info.file_size, shown)
        except ImportFailed as exc:
            yield Source(shown, path, member, problem=exc.reason_text)
            continue
        yield Source(shown, path, member, size=info.file_size, gear=_gear_for(gear_maps, member), kind=kind)


def _is_zip_file(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(4) in (b"PK\x03\x04", b"PK\x05\x06")
    except OSError:
        return False


def _file_head(path: Path) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(4096)
    except OSError:
        return b""


def _walk_dir(root: Path, w: _Walk) -> Iterator[Source]:
    files = sorted(p for p in root.rglob("*") if p.is_file())
    gear: dict[Path, str] = {}
    unread_csv: set[Path] = set()
    for csv_path in (p for p in files if p.name.lower() == _CSV_NAME):
        try:
            data = csv_path.read_bytes()
        except OSError as exc:
            w.warnings.append(
                _gear_warning(str(csv_path), Text("errors.file.unreadable", detail=str(exc.strerror or exc)))
            )
            unread_csv.add(csv_path)
            continue
        mapping = _strava_csv(data, str(csv_path), w)
        if mapping is None:
            unread_csv.add(csv_path)
            continue
        for rel, shoe in mapping.items():
            gear[(csv_path.parent / rel).resolve()] = shoe
    for p in files:
        if documents.is_apple_route(str(p.relative_to(root))):
            continue  # read with its workout (documents: apple_health)
        if _is_zip_name(p.name) or _is_activity(p.name):
            yield from _file_sources(p, w, gear.get(p.resolve()))
            continue
        kind = documents.kind_of(str(p), partial(_file_head, p))
        if kind is None or p in unread_csv:
            w.skipped += kind is None
            continue
        yield from _file_sources(p, w, kind=kind)


def _file_sources(p: Path, w: _Walk, gear: str | None = None, kind: str | None = None) -> Iterator[Source]:
    shown = str(p)
    if _is_zip_file(p):
        yield from _walk_zip(str(p), shown, w)
        return
    try:
        size = p.stat().st_size
    except OSError:
        size = 0
    if kind is None and not _is_activity(p.name):
        kind = documents.kind_of(str(p), lambda: _file_head(p))
    yield Source(shown, str(p), size=size, gear=gear, kind=kind)


def walk(
    paths: Iterable[str | os.PathLike[str]],
    spill: str | os.PathLike[str],
    warnings: list[dict[str, str]] | None = None,
    counts: dict[str, int] | None = None,
) -> Iterator[Source]:
    """Every importable source under the given paths, in a stable order.

    ``spill`` is a folder, kept until the sources have been read, that receives
    the copies of inner zip archives (see the module docstring). ``warnings``
    receives ``{"path", "warning"}`` for each Strava ``activities.csv`` that
    cannot be read whole (its activities are still sources, without its extras).
    ``counts["skipped"]`` receives the number of files inside folders and
    archives that are neither activities nor documents strideguard reads.
    """
    found: list[dict[str, str]] = [] if warnings is None else warnings
    spill_dir = Path(spill)
    spill_dir.mkdir(parents=True, exist_ok=True)
    w = _Walk(spill_dir, _Budget(), found)
    try:
        for raw in paths:
            p = Path(raw)
            if not str(raw).strip():  # Path("") is the current folder: an empty argument is not a request for it
                yield Source(str(raw), str(raw), problem="an empty path; give a file or folder")
                continue
            try:
                is_dir, is_file = p.is_dir(), p.is_file()
            except OSError as exc:  # a name too long for the file system, for one
                yield Source(str(raw), str(raw), problem=f"cannot read it ({exc.strerror or exc.__class__.__name__})")
                continue
            if is_dir:
                yield from _walk_dir(p, w)
            elif is_file:
                yield from _file_sources(p, w)
            else:
                yield Source(str(raw), str(raw), problem=Text("errors.file.no_such"))
    finally:
        if counts is not None:
            counts["skipped"] = counts.get("skipped", 0) + w.skipped
