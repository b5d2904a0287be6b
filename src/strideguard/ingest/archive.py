"""Walk what the user named (files, folders, zip archives) into importable sources.

Public: :class:`Source`, :func:`walk`, :func:`strava_gear`, :class:`GearUnreadable`.

- A file named explicitly is always a source (an unsupported one then fails
  with its reason). Inside folders (recursive) and zip archives only activity
  files (``.fit``, ``.gpx``, ``.tcx``, each also ``.gz``) and nested ``.zip``
  archives are taken; everything else (Garmin's JSON, images) is skipped.
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
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
import zipfile
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..errors import ImportFailed
from .detect import ACTIVITY_SUFFIXES, MAX_FILE_BYTES

_GEAR_COLUMNS = ("Activity Gear", "Gear")
_FILE_COLUMN = "Filename"
_CSV_NAME = "activities.csv"


@dataclass(frozen=True)
class Source:
    """One file to import: a path on disk, or a member (chain) inside zip archives."""

    name: str  # what the user sees: "run.fit", "export.zip!activities/1.fit.gz"
    path: str  # the file on disk (for a member of an inner zip: its copy in the spill folder)
    member: str | None = None  # the member inside the zip at ``path``
    size: int = 0  # bytes (uncompressed member size inside a zip)
    gear: str | None = None  # Strava activities.csv gear name
    problem: str | None = None  # set when the source is known to be unreadable

    def read(self) -> bytes:
        """The file's raw bytes; ImportFailed naming this source when they cannot be read."""
        if self.problem:
            raise ImportFailed(self.name, self.problem)
        if self.member is None:
            try:
                with open(self.path, "rb") as fh:
                    return fh.read(MAX_FILE_BYTES + 1)
            except OSError as exc:
                raise ImportFailed(self.name, f"cannot read the file ({exc.strerror or exc})") from None
        return _member_bytes(_open_cached(self.path, self.name), self.member, self.name)


def _is_activity(name: str) -> bool:
    return name.lower().endswith(ACTIVITY_SUFFIXES)


def _is_zip_name(name: str) -> bool:
    return name.lower().endswith(".zip")


# ---------------------------------------------------------------- archive cache

_CACHE: OrderedDict[str, zipfile.ZipFile] = OrderedDict()
_CACHE_SIZE = 4


def _member_bytes(archive: zipfile.ZipFile, member: str, name: str) -> bytes:
    try:
        info = archive.getinfo(member)
        if info.file_size > MAX_FILE_BYTES:
            raise ImportFailed(name, f"larger than {MAX_FILE_BYTES // 2**20} MB once decompressed")
        return archive.read(info)
    except ImportFailed:
        raise
    except KeyError:
        raise ImportFailed(name, "no such member in the archive") from None
    except RuntimeError as exc:  # encrypted member
        raise ImportFailed(name, f"cannot read the archive member ({exc})") from None
    except Exception as exc:  # zipfile raises many kinds on damaged archives
        raise ImportFailed(name, f"corrupt archive member ({type(exc).__name__}: {exc})") from None


def _open_zip(fileobj: str | io.BytesIO, name: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(fileobj)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ImportFailed(name, f"not a valid zip archive ({exc})") from None


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


def _spill(archive: zipfile.ZipFile, member: str, spill: Path, name: str) -> Path:
    """Stream an inner zip to a file of its own in ``spill`` (never whole in memory)."""
    try:
        with (
            archive.open(member) as src,
            tempfile.NamedTemporaryFile("wb", dir=spill, suffix=".zip", delete=False) as dst,
        ):
            shutil.copyfileobj(src, dst, 1 << 20)
    except Exception as exc:  # zipfile raises many kinds on damaged archives
        raise ImportFailed(name, f"cannot read the inner archive ({type(exc).__name__}: {exc})") from None
    return Path(dst.name)


# ---------------------------------------------------------------- Strava gear


class GearUnreadable(ValueError):
    """A Strava ``activities.csv`` whose gear could not be read (the reason is the message)."""


def strava_gear(csv_bytes: bytes) -> dict[str, str]:
    """``{"activities/123.fit.gz": "Pegasus 40", ...}`` from a Strava export's activities.csv.

    Rows without a file or without gear are left out. A file that cannot be read
    as such a table raises ``GearUnreadable`` with the reason: gear is a
    convenience, so the caller reports it as a warning and imports the activities.
    """
    try:
        text = csv_bytes.decode("utf-8-sig")
        rows = csv.reader(io.StringIO(text))
        header = next(rows, [])
        gear_col = next((header.index(c) for c in _GEAR_COLUMNS if c in header), None)
        file_col = header.index(_FILE_COLUMN) if _FILE_COLUMN in header else None
        if gear_col is None or file_col is None:
            raise GearUnreadable(f"no {_FILE_COLUMN!r} and {_GEAR_COLUMNS[0]!r} columns in the first row")
        out: dict[str, str] = {}
        for row in rows:
            if len(row) > max(gear_col, file_col) and row[file_col].strip() and row[gear_col].strip():
                out[row[file_col].strip().lstrip("/")] = row[gear_col].strip()
        return out
    except UnicodeDecodeError as exc:
        raise GearUnreadable(f"not UTF-8 text (byte {exc.start})") from None
    except csv.Error as exc:
        raise GearUnreadable(f"not a readable CSV table ({exc})") from None


def _gear_warning(name: str, reason: str) -> dict[str, str]:
    return {"path": name, "warning": f"{name}: shoes not assigned from it: {reason}; the activities are imported"}


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


def _walk_zip(path: str, display: str, spill: Path, warnings: list[dict[str, str]]) -> Iterator[Source]:
    try:
        archive = _open_cached(path, display)
        infos = [i for i in archive.infolist() if not i.is_dir()]
    except ImportFailed as exc:
        yield Source(display, path, problem=exc.reason)
        return
    gear_maps: dict[PurePosixPath, dict[str, str]] = {}
    for info in infos:
        if PurePosixPath(info.filename).name.lower() == _CSV_NAME:
            shown = f"{display}!{info.filename}"
            try:
                gear_maps[PurePosixPath(info.filename).parent] = strava_gear(archive.read(info))
            except GearUnreadable as exc:
                warnings.append(_gear_warning(shown, str(exc)))
            except Exception as exc:  # zipfile raises many kinds on a damaged member; only the gear is lost
                warnings.append(_gear_warning(shown, f"the archive member cannot be read ({type(exc).__name__})"))
    for info in infos:
        member = info.filename
        shown = f"{display}!{member}"
        if _is_zip_name(member):
            try:
                inner = _spill(archive, member, spill, shown)
            except ImportFailed as exc:
                yield Source(shown, path, member, problem=exc.reason)
                continue
            yield from _walk_zip(str(inner), shown, spill, warnings)
        elif _is_activity(member):
            yield Source(shown, path, member, size=info.file_size, gear=_gear_for(gear_maps, member))


def _is_zip_file(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(4) in (b"PK\x03\x04", b"PK\x05\x06")
    except OSError:
        return False


def _walk_dir(root: Path, spill: Path, warnings: list[dict[str, str]]) -> Iterator[Source]:
    files = sorted(p for p in root.rglob("*") if p.is_file())
    gear: dict[Path, str] = {}
    for csv_path in (p for p in files if p.name.lower() == _CSV_NAME):
        try:
            mapping = strava_gear(csv_path.read_bytes())
        except GearUnreadable as exc:
            warnings.append(_gear_warning(str(csv_path), str(exc)))
            continue
        except OSError as exc:
            warnings.append(_gear_warning(str(csv_path), f"cannot read the file ({exc.strerror or exc})"))
            continue
        for rel, shoe in mapping.items():
            gear[(csv_path.parent / rel).resolve()] = shoe
    for p in files:
        if _is_zip_name(p.name) or _is_activity(p.name):
            yield from _file_sources(p, spill, warnings, gear.get(p.resolve()))


def _file_sources(p: Path, spill: Path, warnings: list[dict[str, str]], gear: str | None = None) -> Iterator[Source]:
    shown = str(p)
    if _is_zip_file(p):
        yield from _walk_zip(str(p), shown, spill, warnings)
    else:
        try:
            size = p.stat().st_size
        except OSError:
            size = 0
        yield Source(shown, str(p), size=size, gear=gear)


def walk(
    paths: Iterable[str | os.PathLike[str]],
    spill: str | os.PathLike[str],
    warnings: list[dict[str, str]] | None = None,
) -> Iterator[Source]:
    """Every importable source under the given paths, in a stable order.

    ``spill`` is a folder, kept until the sources have been read, that receives
    the copies of inner zip archives (see the module docstring). ``warnings``
    receives ``{"path", "warning"}`` for each Strava ``activities.csv`` whose gear
    could not be read (its activities are still sources, without gear).
    """
    found: list[dict[str, str]] = [] if warnings is None else warnings
    spill_dir = Path(spill)
    spill_dir.mkdir(parents=True, exist_ok=True)
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            yield from _walk_dir(p, spill_dir, found)
        elif p.is_file():
            yield from _file_sources(p, spill_dir, found)
        else:
            yield Source(str(raw), str(raw), problem="no such file or folder")
