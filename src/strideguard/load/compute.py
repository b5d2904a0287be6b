"""Every signal on one day, from the whole running history (pure: arrays in, signals out)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .banister import banister_signals
from .equipment import Dose, session_dose, shoe_mileage
from .exposure import cadence_signal, terrain_signal
from .series import Runs
from .signal import Signal
from .training import acute_chronic_ratio, monotony, session_spike, weekly_change
from .trimp import daily_series, resolve_heart_rate

TERRAIN_SIGNALS: tuple[str, ...] = ("downhill_share", "slope_share", "roughness")


@dataclass(frozen=True)
class Runner:
    """What the signals need to know about the runner besides the runs."""

    max_hr: float | None = None
    rest_hr: float | None = None
    sex: str | None = None
    age: float | None = None


def compute_signals(
    runs: Runs,
    day: int,
    dose: Dose,
    shoe_km: Mapping[str, float] | None = None,
    runner: Runner | None = None,
) -> list[Signal]:
    """All signals on ``day`` (days since 1970-01-01), counting runs on or before it.

    ``runs`` may hold runs after ``day``; they are ignored (CONTRACT.md day windows).
    """
    who = runner or Runner()
    hr = resolve_heart_rate(runs, who.max_hr, who.rest_hr, who.sex, who.age)
    series = daily_series(runs, day, hr)
    first = runs.first_day
    signals = [
        session_spike(runs, day),
        acute_chronic_ratio(series, day, first),
        weekly_change(series, day),
        monotony(series, day, first),
        shoe_mileage(shoe_km or {}),
        session_dose(runs, day, dose),
        *banister_signals(series, day, first),
        *(terrain_signal(runs, day, sid) for sid in TERRAIN_SIGNALS),
        cadence_signal(runs, day),
    ]
    return signals
