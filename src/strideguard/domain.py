"""Plain domain types passed between ingest, store and the maths."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np

# Sample stream columns, all float64 arrays of one length, NaN where unknown.
SAMPLE_COLUMNS: tuple[str, ...] = (
    "time_s",  # seconds since the activity start (required)
    "distance_m",  # cumulative distance
    "lat",  # degrees
    "lon",  # degrees
    "altitude_m",
    "heart_rate",  # beats per minute
    "cadence_spm",  # steps per minute, both feet
    "speed_mps",
    "vertical_oscillation_mm",
    "ground_contact_ms",
)

# Triage dispositions, most urgent first (CONTRACT.md "Triage result").
DISPOSITIONS: tuple[str, ...] = ("emergency", "see_doctor", "stop_and_rest", "modify_training", "continue")


def urgency(disposition: str) -> int:
    """0 for the most urgent disposition; larger is less urgent (unknown values rank last)."""
    return DISPOSITIONS.index(disposition) if disposition in DISPOSITIONS else len(DISPOSITIONS)


# Sports counted as running load (see DESIGN.md section 4).
RUNNING_SPORTS: frozenset[str] = frozenset({"running", "trail_running", "treadmill_running", "track_running"})

SPORTS: tuple[str, ...] = (
    "running",
    "trail_running",
    "treadmill_running",
    "track_running",
    "walking",
    "hiking",
    "cycling",
    "swimming",
    "rowing",
    "strength",
    "multisport",
    "other",
)


@dataclass
class ParsedActivity:
    """One activity as read from a file (or typed in): summary plus sample streams.

    ``start_time`` is timezone-aware. ``tz_known`` says whether its UTC offset came
    from the file itself (FIT local timestamp) rather than being assumed (UTC).
    Unknown summary values are ``None``, never 0.
    """

    start_time: datetime
    sport: str
    source_format: str  # "fit", "gpx", "tcx", "manual", "demo"
    distance_m: float | None = None
    elapsed_s: float | None = None
    moving_s: float | None = None
    ascent_m: float | None = None
    descent_m: float | None = None
    avg_hr: float | None = None
    max_hr: float | None = None
    avg_cadence_spm: float | None = None
    device: str | None = None
    tz_known: bool = False
    samples: dict[str, np.ndarray] = field(default_factory=dict)
    # Glitches dropped from the samples on import, per kind (``ingest.plausible.KINDS``).
    cleaned: dict[str, int] = field(default_factory=dict)
    # What an export says beside the samples (None when it does not say).
    name: str | None = None  # the title the watch app gave it
    export_rpe: float | None = None  # the effort the export recorded, on the 0-10 scale (see ingest.effort)
    energy_kcal: float | None = None  # energy the device estimated (active energy where it says so)

    @property
    def sample_count(self) -> int:
        t = self.samples.get("time_s")
        return 0 if t is None else int(len(t))

    @property
    def richness(self) -> int:
        """How much this activity tells us: used to keep the richer of two duplicates."""
        streams = sum(1 for name, values in self.samples.items() if name != "time_s" and has_values(values))
        return richness(self.sample_count, streams)


def has_values(values: np.ndarray) -> bool:
    """A sample stream with at least one known value (an all-NaN or empty one is not stored)."""
    return len(values) > 0 and not np.isnan(np.fmin.reduce(values))  # fmin skips NaN: NaN only when all are


def richness(sample_count: int, streams: int) -> int:
    """How much an activity tells: its samples, and far more for each stream beside the time (heart rate, GPS...)."""
    return sample_count + 10_000 * streams


# Daily wellness values an export may carry (``wellness_days`` table). Unknown is None.
WELLNESS_FIELDS: tuple[str, ...] = (
    "sleep_h",  # hours asleep in the night that ended on this day (asleep stages only, not time in bed)
    "resting_hr",  # resting heart rate, beats per minute
    "hrv_sdnn_ms",  # heart rate variability as SDNN (Apple Health), milliseconds
    "hrv_rmssd_ms",  # heart rate variability as RMSSD (Garmin HRV status: last night's average), milliseconds
)


@dataclass(frozen=True)
class WellnessDay:
    """One day's wellness values from one source (``"apple_health"``, ``"garmin"``...)."""

    day: date
    source: str
    sleep_h: float | None = None
    resting_hr: float | None = None
    hrv_sdnn_ms: float | None = None
    hrv_rmssd_ms: float | None = None

    def values(self) -> dict[str, float | None]:
        return {name: getattr(self, name) for name in WELLNESS_FIELDS}
