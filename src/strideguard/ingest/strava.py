"""Strava bulk export extras: ``activities.csv`` (names, perceived exertion, gear) and ``shoes.csv``.

Public: :func:`read_activities`, :func:`read_shoes`, :class:`Unreadable`, :class:`Row`, :class:`Shoe`.

``activities.csv`` has one row per activity with, among some 80 columns: ``Activity ID``,
``Activity Date`` (the start in UTC, written ``Jun 11, 2017, 2:34:09 PM`` by an English
account; other formats below), ``Activity Name``, ``Activity Type``, ``Elapsed Time`` (s),
``Distance``, ``Activity Gear`` (the gear's name), ``Filename`` (``activities/123.fit.gz``,
empty for activities without a file) and ``Perceived Exertion`` (1-10, see ``effort``).
Some names appear twice: the first ``Distance`` is in kilometres (miles for an account
set to miles: not stated in the file), the second in metres; the first ``Elapsed Time`` is
whole seconds, the second has decimals. strideguard reads the second ``Distance`` (metres,
the same whatever the account's units) when the file has it, else the first as km.

``shoes.csv`` lists the runner's shoes: ``Shoe Name``, ``Shoe Brand``, ``Shoe Model``
(and ``Shoe Default Sport Types``). ``Activity Gear`` in activities.csv names a pair by its
``Shoe Name``, or by brand and model when the pair has no name.

A table strideguard cannot read whole (not UTF-8, no header it knows, a date in a format
it does not read) raises :class:`Unreadable` with the reason and the row: nothing of it
is used, so a second import after the file is fixed fills everything in once.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from datetime import UTC, datetime

from ..errors import TextError
from . import effort

DATE_COLUMN = "Activity Date"
FILE_COLUMN = "Filename"
GEAR_COLUMNS = ("Activity Gear", "Gear")
# Date formats of activities.csv by account language (the instant is UTC in all of them).
DATE_FORMATS = (
    "%b %d, %Y, %I:%M:%S %p",  # en-US: Jun 11, 2017, 2:34:09 PM
    "%b %d, %Y, %H:%M:%S",  # en-US, 24-hour clock
    "%d %b %Y, %H:%M:%S",  # en-GB: 11 Jun 2017, 14:34:09
    "%Y-%m-%d %H:%M:%S",  # ISO, as some tools rewrite it
    "%Y-%m-%dT%H:%M:%SZ",
)
EXAMPLE_DATE = "Jun 11, 2017, 2:34:09 PM"
MAX_NAME = 200


class Unreadable(TextError):
    """A Strava CSV that cannot be read whole (the reason is the message)."""


@dataclass(frozen=True)
class Row:
    """What one activities.csv row says about one activity."""

    line: int
    activity_id: str | None
    start: datetime | None  # UTC
    name: str | None
    sport: str | None  # Strava's type, e.g. "Run"
    distance_m: float | None
    file: str | None  # e.g. "activities/123.fit.gz"
    gear: str | None
    export_rpe: float | None


@dataclass(frozen=True)
class Shoe:
    name: str
    brand: str | None
    model: str | None


def clean_name(text: str | None) -> str | None:
    """A title as strideguard stores it: control characters dropped, spaces folded, at most 200 characters."""
    if not text:
        return None
    kept = "".join(ch if ch.isprintable() else " " for ch in text)
    folded = " ".join(kept.split())
    return folded[:MAX_NAME] or None


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Unreadable("errors.file.not_utf8", offset=exc.start) from None


def _date(text: str) -> datetime | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None


def _float(text: str | None) -> float | None:
    if text is None or not text.strip():
        return None
    try:
        value = float(text)
    except ValueError:
        try:
            value = float(text.replace(",", "."))  # a decimal comma
        except ValueError:
            return None
    return value if math.isfinite(value) else None


def read_activities(data: bytes) -> list[Row]:
    """The rows of a Strava ``activities.csv``; :class:`Unreadable` with the reason when it cannot be read whole."""
    try:
        reader = csv.reader(io.StringIO(_text(data)))
        header = next(reader, [])
        has_file, has_date = FILE_COLUMN in header, DATE_COLUMN in header
        if not has_file and not has_date:
            raise Unreadable("errors.strava.no_columns", file=repr(FILE_COLUMN), gear=repr(GEAR_COLUMNS[0]))
        gear_col = next((header.index(c) for c in GEAR_COLUMNS if c in header), None)

        def first(name: str) -> int | None:
            return header.index(name) if name in header else None

        distances = [i for i, h in enumerate(header) if h == "Distance"]
        cols = {
            "id": first("Activity ID"),
            "date": first(DATE_COLUMN),
            "name": first("Activity Name"),
            "type": first("Activity Type"),
            "file": first(FILE_COLUMN),
            "rpe": first("Perceived Exertion"),
        }
        rows = []
        for line, raw in enumerate(reader, start=2):
            if not any(cell.strip() for cell in raw):
                continue

            def cell(i: int | None, raw: list[str] = raw) -> str | None:
                if i is None or i >= len(raw):
                    return None
                return raw[i].strip() or None

            start = None
            date_text = cell(cols["date"])
            if date_text is not None:
                start = _date(date_text)
                if start is None:
                    raise Unreadable(
                        "errors.strava.bad_date",
                        column=DATE_COLUMN,
                        value=repr(date_text),
                        row=line,
                        example=repr(EXAMPLE_DATE),
                    )
            distance = None
            if len(distances) >= 2:
                distance = _float(cell(distances[1]))
            if distance is None and distances:
                km = _float(cell(distances[0]))
                distance = None if km is None else km * 1000.0
            rpe_text = cell(cols["rpe"])
            rows.append(
                Row(
                    line=line,
                    activity_id=cell(cols["id"]),
                    start=start,
                    name=clean_name(cell(cols["name"])),
                    sport=cell(cols["type"]),
                    distance_m=distance,
                    file=(cell(cols["file"]) or "").lstrip("/") or None,
                    gear=cell(gear_col),
                    export_rpe=effort.strava(_float(rpe_text)) if rpe_text else None,
                )
            )
        return rows
    except csv.Error as exc:
        raise Unreadable("errors.file.bad_csv", detail=str(exc)) from None


def read_shoes(data: bytes) -> list[Shoe]:
    """The pairs of a Strava ``shoes.csv``; :class:`Unreadable` when it cannot be read whole."""
    try:
        reader = csv.DictReader(io.StringIO(_text(data)))
        if reader.fieldnames is None or "Shoe Name" not in reader.fieldnames:
            raise Unreadable("errors.strava.no_shoe_column")
        out = []
        for row in reader:
            name = clean_name(row.get("Shoe Name"))
            brand = clean_name(row.get("Shoe Brand"))
            model = clean_name(row.get("Shoe Model"))
            label = name or clean_name(" ".join(p for p in (brand, model) if p))
            if label:
                out.append(Shoe(label[:100], brand[:100] if brand else None, model))
        return out
    except csv.Error as exc:
        raise Unreadable("errors.file.bad_csv", detail=str(exc)) from None


def gear_by_file(rows: list[Row]) -> dict[str, str]:
    """``{"activities/123.fit.gz": "Pegasus 40"}``: the gear of each row that names a file."""
    return {r.file: r.gear for r in rows if r.file and r.gear}
