"""What an import accepts: every limit in one place, read from ``knowledge/ingest.yaml``.

Public: :func:`limits` (the validated numbers, loaded once per process) and
:func:`max_speed_mps` (by sport). The file says why each number was chosen.
"""

from __future__ import annotations

from datetime import date
from functools import cache

from pydantic import BaseModel, ConfigDict, ValidationError

from .. import knowledge
from ..errors import KnowledgeError
from .sports import FOOT_SPORTS


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Value(_Strict):
    value: float
    source: str


class _DateValue(_Strict):
    value: date
    source: str


class _Range(_Strict):
    min: float
    max: float
    source: str


class _Dates(_Strict):
    earliest: _DateValue
    future_days: _Value


class _Activity(_Strict):
    max_elapsed_s: _Value
    stray_gap_s: _Value


class _Samples(_Strict):
    heart_rate: _Range
    cadence_spm: _Range
    altitude_m: _Range
    null_island_deg: _Value
    gps_slack_m: _Value


class _Speeds(_Strict):
    source: str
    foot: float
    cycling: float
    other: float


class _Archive(_Strict):
    max_total_bytes: _Value
    max_spill_bytes: _Value
    max_members: _Value
    max_depth: _Value
    stale_spill_s: _Value


class _Files(_Strict):
    max_file_bytes: _Value
    max_gpx_bytes: _Value


class Limits(_Strict):
    dates: _Dates
    activity: _Activity
    samples: _Samples
    max_speed_mps: _Speeds
    archive: _Archive
    files: _Files


@cache
def limits() -> Limits:
    """The limits of ``knowledge/ingest.yaml`` (a ``KnowledgeError`` naming the field when the file is wrong)."""
    try:
        return Limits.model_validate(knowledge.load("ingest.yaml"))
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise KnowledgeError(f"knowledge/ingest.yaml: {where}: {err['msg']}") from None


def max_speed_mps(sport: str | None) -> float:
    """Fastest plausible speed for a sport (foot sports, cycling, anything else)."""
    speeds = limits().max_speed_mps
    if sport in FOOT_SPORTS:
        return speeds.foot
    if sport == "cycling":
        return speeds.cycling
    return speeds.other


def mib(n: float) -> str:
    """Bytes as whole MB (MiB) for messages: ``"256 MB"``."""
    return f"{int(n) // 2**20} MB"
