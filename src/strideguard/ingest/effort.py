"""Each export's effort rating on strideguard's 0-10 scale (``activities.export_rpe``), and the source of each scale.

strideguard's scale is the runner's rating of perceived exertion 0-10 (the Borg CR-10
scale that session RPE uses, Foster 2001). Where an export uses another scale, the value
is converted here and only here:

- **Garmin** (``summarizedActivities`` ``workoutRpe``, the FIT session field 193
  ``workout_rpe``): "Common Borg CR10 / 0-10 RPE scale, multiplied 10x" (Garmin FIT SDK,
  Profile.xlsx, message ``session``): divided by 10. ``workoutFeel`` (field 192, "a 0-100
  scale representing how a user felt while performing a workout", in steps of 25 in
  Garmin Connect: very weak, weak, normal, strong, very strong) is how the runner felt,
  not effort: it becomes 1-5 (``activities.export_feel``), never an RPE.
- **Strava** (``activities.csv`` ``Perceived Exertion``): Strava's Perceived Exertion
  slider is 1-10 (1-3 easy, 4-6 moderate, 7-9 hard, 10 max effort; Strava support,
  "Perceived Exertion"): already on the 0-10 scale, kept as it is.
- **Apple Health** (``HKQuantityTypeIdentifierWorkoutEffortScore``, iOS 18): the
  runner's own effort rating 1-10 (Apple, HKQuantityTypeIdentifier.workoutEffortScore:
  1-3 easy, 4-6 moderate, 7-8 hard, 9-10 all out): kept as it is. Apple's *estimated*
  effort (``EstimatedWorkoutEffortScore``) is the watch's guess, not the runner's, and is
  not read.
- **Polar** and **Samsung Health** exports carry no effort rating strideguard reads.

A value outside the scale is not an effort rating (None).
"""

from __future__ import annotations

import math

SOURCES = {
    "garmin": "garmin-fit-profile",
    "strava": "strava-perceived-exertion",
    "apple_health": "apple-workout-effort",
}


def _scaled(value: object, divisor: float, lo: float, hi: float) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    if not math.isfinite(number) or not lo <= number <= hi:
        return None
    return round(number / divisor, 2)


def garmin(value: object) -> float | None:
    """Garmin's ``workoutRpe`` (0-100: RPE x 10) on the 0-10 scale."""
    return _scaled(value, 10.0, 0.0, 100.0)


def garmin_feel(value: object) -> int | None:
    """Garmin's ``workoutFeel`` (0-100 in steps of 25) as 1 (very weak) to 5 (very strong)."""
    scaled = _scaled(value, 25.0, 0.0, 100.0)
    return None if scaled is None else int(round(scaled)) + 1


def strava(value: object) -> float | None:
    """Strava's Perceived Exertion (1-10) on the 0-10 scale."""
    return _scaled(value, 1.0, 1.0, 10.0)


def apple(value: object) -> float | None:
    """Apple's workout effort score (1-10) on the 0-10 scale."""
    return _scaled(value, 1.0, 1.0, 10.0)
