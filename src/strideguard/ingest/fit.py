"""FIT activity files, decoded with :mod:`.fastfit` (fitdecode for anything it does not handle).

Public: :func:`read` (raw bytes + display name -> ParsedActivity). Decoding
(``_decode``: bytes -> records as float64 columns + the other messages as
dicts) is kept apart from building the activity (``_build``, vectorised over
the record columns). ``fastfit`` decodes well-formed files some 50x faster
than fitdecode and gives the same values; damaged or unusual files
(``fastfit.Unsupported``) go to fitdecode, which also words the errors
(``fastfit.Corrupt``: a damage fastfit words as fitdecode would).

How FIT's shapes become one activity:

- **One file, one activity.** *Chained* FIT files (several FIT headers back to
  back in one stream: pool swims, an activity followed by a settings file) are
  read as one stream: records of every part share one timeline (a record
  repeated at the same timestamp is kept once), a session repeated with the
  same start and length counts once, and parts that are not activities (the
  trailing settings file) are ignored. A stream with no activity part is
  refused as "not an activity file".
- **Multisport** (sessions of different sports, e.g. swim/transition/bike/run):
  one activity of sport ``multisport`` whose totals are the sums over its
  sessions and whose samples are all the records. Sessions that share one sport
  (a chained pool swim) keep that sport. Running load therefore never counts a
  triathlon's bike leg as running.
- **Totals** come from the sessions (else the laps); what they lack is computed
  from the records. Distance 0 in a session (pool swim, indoor trainer) means
  "not measured" and becomes ``None`` unless the records have distance. Moving
  time is the timer time (the timer stops on pauses), or ``total_moving_time``
  when the device writes it.
- **Cadence**: FIT running cadence counts one foot (``cadence`` +
  ``fractional_cadence``, strides/min); it is doubled to steps/min. For
  non-foot sports (cycling rpm, swim strokes) the step cadence is unknown.
- **Time zone**: the ``activity`` message's ``local_timestamp`` minus its
  ``timestamp`` is the UTC offset (rounded to 15 min, within +-14 h); then
  ``tz_known`` is True, otherwise the start is in UTC. A device whose clock was
  never set writes relative times (< 0x10000000 s): the start is then derived
  from ``local_timestamp`` as wall-clock time, stored as UTC, ``tz_known`` False.

Integrity: the CRC is checked; a bad CRC, a corrupt header or undecodable data
is refused. A file shorter than its header says is refused as truncated. One
real-world case is recovered: a file whose declared data is all present but
which runs past it without a final CRC (a recorder that never closed the file,
e.g. ``nick.fit``): its decoded messages are imported. Field sizes that do not
match their base type (COROS) are tolerated as fitdecode's IGNORE mode allows.
"""

from __future__ import annotations

import io
import re
import struct
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import fitdecode
import numpy as np

from ..domain import ParsedActivity
from ..errors import ImportFailed, Text
from . import fastfit
from .sports import fit_sport
from .summary import Totals, assemble

_SEMICIRCLE_DEG = 180.0 / 2**31
_MAX_OFFSET = timedelta(hours=14)

# The fields the app uses: one list for both decoders.
_RECORD_FIELDS = fastfit.RECORD_FIELDS
_MESSAGE_FIELDS = fastfit.MESSAGE_FIELDS
_FILE_KINDS = {
    "settings": "settings",
    "device": "device settings",
    "sport": "sport settings",
    "workout": "workout",
    "course": "course",
    "schedules": "schedule",
    "weight": "weight scale",
    "totals": "totals",
    "goals": "goals",
    "blood_pressure": "blood pressure",
    "monitoring_a": "monitoring",
    "monitoring_b": "monitoring",
    "monitoring_daily": "monitoring",
    "activity_summary": "activity summary",
    "segment": "segment",
    "segment_list": "segment list",
}


@dataclass
class _Decoded:
    """The messages the app uses: records as float64 columns (``fastfit.RECORD_FIELDS``), the rest as dicts."""

    file_types: list[Any] = field(default_factory=list)
    device: str | None = None
    sessions: list[dict[str, Any]] = field(default_factory=list)
    laps: list[dict[str, Any]] = field(default_factory=list)
    records: dict[str, np.ndarray] = field(default_factory=dict)
    activities: list[dict[str, Any]] = field(default_factory=list)
    sports: list[dict[str, Any]] = field(default_factory=list)
    time_created: Any = None

    @property
    def has_records(self) -> bool:
        return len(self.records.get("timestamp", ())) > 0


def _from_messages(records: dict[str, np.ndarray], messages: dict[str, list[dict[str, Any]]]) -> _Decoded:
    out = _Decoded(
        sessions=messages["session"],
        laps=messages["lap"],
        records=records,
        activities=messages["activity"],
        sports=messages["sport"],
    )
    for v in messages["file_id"]:
        out.file_types.append(v.get("type"))
        if out.device is None:
            maker = v.get("manufacturer")
            product = v.get("product_name") or v.get("garmin_product") or v.get("product")
            label = " ".join(str(x) for x in (maker, product) if x is not None)
            out.device = label or None
        if out.time_created is None:
            out.time_created = v.get("time_created")
    return out


def read(data: bytes, name: str) -> ParsedActivity:
    """Read one FIT activity; anything wrong raises ImportFailed naming the file and the reason."""
    return _read_with(_decode, data, name)


def _read_with(decode: Callable[[bytes, str], _Decoded], data: bytes, name: str) -> ParsedActivity:
    try:
        return _build(decode(data, name), name)
    except ImportFailed:
        raise
    except Exception as exc:  # fitdecode trips over inconsistent messages: never a traceback
        detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        raise ImportFailed(name, "errors.fit.inconsistent", detail=detail) from exc


# ---------------------------------------------------------------- decoding


def _chain(data: bytes, name: str) -> list[tuple[int, int, int]]:
    """(offset, header size, declared data size) of each chained FIT header that looks valid."""
    parts: list[tuple[int, int, int]] = []
    offset = 0
    while len(data) - offset >= 12:
        size = data[offset]
        if size < 12 or data[offset + 8 : offset + 12] != b".FIT":
            break
        (data_size,) = struct.unpack_from("<I", data, offset + 4)
        parts.append((offset, size, data_size))
        offset += size + data_size + 2
    if not parts:
        raise ImportFailed(name, "errors.fit.not_fit", 0)
    return parts


def _ordinal(i: int) -> Text:
    return Text(f"errors.fit.ordinal.{i}") if i <= 3 else Text("errors.fit.ordinal.n", n=i)


def _eof_failure(data: bytes, name: str, parts: list[tuple[int, int, int]], stopped_at: int) -> ImportFailed | None:
    """The truncation error to raise, or None when the file is recoverable.

    Recoverable: the declared data is complete and only the end CRC is missing.
    """
    for i, (offset, size, data_size) in enumerate(parts, start=1):
        if offset + size + data_size > len(data):
            which = (
                Text("errors.fit.header") if len(parts) == 1 else Text("errors.fit.chained_header", ordinal=_ordinal(i))
            )
            return ImportFailed(
                name, "errors.fit.truncated_header", len(data), offset=len(data), header=which, size=data_size
            )
    if stopped_at >= len(data):
        return None
    return ImportFailed(name, "errors.fit.unexpected_end", stopped_at, offset=stopped_at)


def _offset_in(message: str) -> int | None:
    m = re.search(r"(?:@|offset:)\s*(\d+)", message)
    return int(m.group(1)) if m else None


def _decode(data: bytes, name: str) -> _Decoded:
    """Decode with :mod:`fastfit`; anything it does not handle exactly goes to fitdecode."""
    if not data:
        raise ImportFailed(name, "errors.file.empty", 0)
    parts = _chain(data, name)
    try:
        fast = fastfit.decode(data)
    except fastfit.Unsupported:
        return _decode_fitdecode(data, name, parts)
    except fastfit.Corrupt as exc:
        raise _refusal(name, exc.kind, exc.offset, exc.reason) from None
    out = _from_messages(fast.records, fast.messages)
    if fast.eof:  # what fitdecode reports as FitEOFError: the stream always ends at the end of the data
        failure = _eof_failure(data, name, parts, len(data))
        if failure is not None or not (out.has_records or out.sessions or out.laps):
            raise failure or ImportFailed(name, "errors.fit.truncated", len(data), offset=len(data))
    return out


def _refusal(name: str, kind: str, offset: int | None, detail: str = "") -> ImportFailed:
    """What the reader says of a FIT error (``fastfit.Corrupt.kind``), whichever decoder met it."""
    if kind == "crc":
        return ImportFailed(name, "errors.fit.crc", offset)
    if kind == "header":
        what = "errors.fit.bad_header" if not offset else "errors.fit.bad_chained_header"
        return ImportFailed(name, what, offset or 0, offset=offset or 0)
    return ImportFailed(name, "errors.fit.corrupt_at", offset, offset=offset, detail=detail)


def _decode_reference(data: bytes, name: str) -> _Decoded:
    """fitdecode only (what ``_decode`` gives must equal this): for tests and benchmarks."""
    if not data:
        raise ImportFailed(name, "errors.file.empty", 0)
    return _decode_fitdecode(data, name, _chain(data, name))


def _decode_fitdecode(data: bytes, name: str, parts: list[tuple[int, int, int]]) -> _Decoded:
    """The reference decoder, for what fastfit does not handle (and the precise reason when a file is damaged)."""
    records: list[dict[str, Any]] = []
    messages: dict[str, list[dict[str, Any]]] = {kind: [] for kind in _MESSAGE_FIELDS}
    reader = fitdecode.FitReader(
        io.BytesIO(data),
        check_crc=fitdecode.CrcCheck.RAISE,
        error_handling=fitdecode.ErrorHandling.IGNORE,
    )
    try:
        for frame in reader:
            if isinstance(frame, fitdecode.FitDataMessage):
                _collect(frame, records, messages)
    except fitdecode.FitEOFError as exc:
        failure = _eof_failure(data, name, parts, exc.offset + exc.got)
        if failure is not None or not (records or messages["session"] or messages["lap"]):
            raise failure or ImportFailed(name, "errors.fit.truncated", len(data), offset=len(data)) from None
    except fitdecode.FitCRCError as exc:
        raise _refusal(name, "crc", _offset_in(str(exc))) from None
    except fitdecode.FitHeaderError as exc:
        raise _refusal(name, "header", _offset_in(str(exc))) from None
    except fitdecode.FitParseError as exc:
        detail = str(exc).split(": ", 1)[-1] if ": " in str(exc) else str(exc)
        raise _refusal(name, "parse", exc.offset, detail) from None
    except fitdecode.FitError as exc:
        raise ImportFailed(name, "errors.fit.corrupt", _offset_in(str(exc)), detail=str(exc)) from None
    finally:
        reader.close()
    return _from_messages(_columns(records), messages)


def _values(frame: fitdecode.FitDataMessage, names: tuple[str, ...]) -> dict[str, Any]:
    wanted = set(names)
    return {f.name: f.value for f in frame.fields if f.name in wanted}


def _collect(
    frame: fitdecode.FitDataMessage, records: list[dict[str, Any]], messages: dict[str, list[dict[str, Any]]]
) -> None:
    kind = frame.name
    if kind == "record":
        records.append(_values(frame, _RECORD_FIELDS))
    elif kind in messages:
        messages[kind].append(_values(frame, _MESSAGE_FIELDS[kind]))


def _fit_seconds(value: Any) -> float:
    """A record value as the columns hold it: times in FIT seconds, anything that is not a number NaN."""
    if isinstance(value, datetime):
        return value.timestamp() - fastfit.FIT_EPOCH_UNIX
    num = _num(value)
    return np.nan if num is None else num


def _columns(records: list[dict[str, Any]]) -> dict[str, np.ndarray]:
    return {name: np.array([_fit_seconds(r.get(name)) for r in records], dtype=np.float64) for name in _RECORD_FIELDS}


# ---------------------------------------------------------------- building


def _num(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _first_activity_type(d: _Decoded, name: str) -> None:
    if "activity" in d.file_types:
        return
    if d.file_types:
        kinds = [t for t in d.file_types if t is not None]
        label = _FILE_KINDS.get(str(kinds[0]), str(kinds[0])) if kinds else "unknown"
        raise ImportFailed(name, "errors.fit.not_activity_kind", kind=label)
    if not (d.has_records or d.sessions or d.laps):
        raise ImportFailed(name, "errors.fit.not_activity")


def _unique_sessions(sessions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: set[tuple[Any, ...]] = set()
    out = []
    for s in sessions:
        key = (s.get("start_time"), s.get("sport"), s.get("total_elapsed_time"), s.get("total_distance"))
        if key not in seen:
            seen.add(key)
            out.append(s)
    return out


def _sum(rows: list[dict[str, Any]], key: str) -> float | None:
    vals = [v for v in (_num(r.get(key)) for r in rows) if v is not None]
    return sum(vals) if vals else None


def _weighted(rows: list[dict[str, Any]], getter: Any) -> float | None:
    num = den = 0.0
    for r in rows:
        v = getter(r)
        w = _num(r.get("total_timer_time")) or _num(r.get("total_elapsed_time")) or 1.0
        if v is not None and v > 0:
            num += v * w
            den += w
    return num / den if den else None


def _cadence(row: dict[str, Any]) -> float | None:
    base = _num(row.get("avg_running_cadence"))
    if base is None:
        base = _num(row.get("avg_cadence"))
    if base is None:
        return None
    return base + (_num(row.get("avg_fractional_cadence")) or 0.0)


def _totals(rows: list[dict[str, Any]]) -> Totals:
    moving = [
        _num(r.get("total_moving_time"))
        if _num(r.get("total_moving_time")) is not None
        else _num(r.get("total_timer_time"))
        for r in rows
    ]
    known_moving = [m for m in moving if m is not None]
    max_hrs = [v for v in (_num(r.get("max_heart_rate")) for r in rows) if v is not None]
    return Totals(
        distance_m=_sum(rows, "total_distance"),
        elapsed_s=_sum(rows, "total_elapsed_time"),
        moving_s=sum(known_moving) if known_moving else None,
        ascent_m=_sum(rows, "total_ascent"),
        descent_m=_sum(rows, "total_descent"),
        avg_hr=_weighted(rows, lambda r: _num(r.get("avg_heart_rate"))),
        max_hr=max(max_hrs) if max_hrs else None,
        avg_cadence=_weighted(rows, _cadence),
    )


def _sport(sessions: list[dict[str, Any]], d: _Decoded) -> str | None:
    rows = sessions or d.sports or d.laps
    pairs = {(r.get("sport"), r.get("sub_sport")) for r in rows if r.get("sport") != "transition"}
    sports = {p[0] for p in pairs}
    if len(sports) > 1:
        return "multisport"
    if not pairs:
        return None
    mapped = {fit_sport(*p) for p in pairs}
    return mapped.pop() if len(mapped) == 1 else fit_sport(next(iter(sports)), None)


def _utc_offset(d: _Decoded) -> timedelta | None:
    for act in d.activities:
        ts, local = act.get("timestamp"), act.get("local_timestamp")
        if isinstance(ts, datetime) and isinstance(local, datetime):
            raw = local - ts
            quarter = round(raw.total_seconds() / 900) * 900
            offset = timedelta(seconds=quarter)
            if abs(offset) <= _MAX_OFFSET:
                return offset
    return None


def _relative_start(d: _Decoded, start_rel: float) -> datetime | None:
    """Wall-clock start for a device without a set clock (relative timestamps), from local_timestamp."""
    for act in d.activities:
        ts, local = _num(act.get("timestamp")), act.get("local_timestamp")
        if ts is not None and isinstance(local, datetime):
            return local - timedelta(seconds=ts - start_rel)
    return None


def _build(d: _Decoded, name: str) -> ParsedActivity:
    _first_activity_type(d, name)
    sessions = _unique_sessions(d.sessions)
    if not (d.has_records or sessions or d.laps):
        raise ImportFailed(name, "errors.fit.empty_activity")

    stamps = d.records["timestamp"]  # FIT seconds; absolute from DATETIME_MIN on
    absolute = stamps >= fastfit.DATETIME_MIN
    starts = [s["start_time"] for s in sessions if isinstance(s.get("start_time"), datetime)]
    tz_known = False
    if starts or absolute.any():
        if starts:
            start = min(starts)
        else:
            start = datetime.fromtimestamp(fastfit.FIT_EPOCH_UNIX + float(stamps[absolute].min()), UTC)
        base = start.timestamp()
        relative = False
        time_s = np.where(absolute, (stamps + fastfit.FIT_EPOCH_UNIX) - base, np.nan)
    else:
        rel = [v for v in (_num(s.get("start_time")) for s in sessions) if v is not None]
        known = stamps[np.isfinite(stamps)]
        if len(known):
            rel.append(float(known.min()))
        wall = _relative_start(d, min(rel)) if rel else None
        if wall is None:
            if isinstance(d.time_created, datetime):
                wall = d.time_created
                rel = rel or [0.0]
            else:
                raise ImportFailed(name, "errors.fit.no_time")
        start = wall
        base = min(rel)
        relative = True
        time_s = stamps - base

    offset = None if relative else _utc_offset(d)
    if offset is not None:
        start = start.astimezone(timezone(offset))
        tz_known = True
    elif start.tzinfo is None:
        start = start.replace(tzinfo=UTC)

    return assemble(
        name=name,
        source_format="fit",
        start_time=start,
        tz_known=tz_known,
        sport=_sport(sessions, d),
        columns=_sample_columns(d.records, time_s),
        columns_owned=True,  # fresh arrays, or the decoder's record columns, read by nothing else
        totals=_totals(sessions or [lap for lap in d.laps if _num(lap.get("total_elapsed_time")) is not None]),
        cadence_per_foot=True,
        device=d.device,
    )


def _first_known(preferred: np.ndarray, other: np.ndarray) -> np.ndarray:
    return np.where(np.isfinite(preferred), preferred, other)


def _sample_columns(r: dict[str, np.ndarray], time_s: np.ndarray) -> dict[str, np.ndarray]:
    """The app's sample columns from the record columns (rows without a usable time dropped)."""
    keep = np.isfinite(time_s)
    lat = r["position_lat"] * _SEMICIRCLE_DEG
    lon = r["position_long"] * _SEMICIRCLE_DEG
    off_earth = ~(np.isfinite(lat) & np.isfinite(lon)) | (np.abs(lat) > 90) | (np.abs(lon) > 180)
    lat[off_earth] = np.nan
    lon[off_earth] = np.nan
    fraction = r["fractional_cadence"]
    cols = {
        "time_s": time_s,
        "distance_m": r["distance"],
        "lat": lat,
        "lon": lon,
        "altitude_m": _first_known(r["enhanced_altitude"], r["altitude"]),
        "heart_rate": r["heart_rate"],
        "cadence_spm": r["cadence"] + np.where(np.isfinite(fraction), fraction, 0.0),
        "speed_mps": _first_known(r["enhanced_speed"], r["speed"]),
        "vertical_oscillation_mm": r["vertical_oscillation"],
        "ground_contact_ms": r["stance_time"],
    }
    if keep.all():
        return cols
    return {name: np.ascontiguousarray(values[keep], dtype=np.float64) for name, values in cols.items()}
