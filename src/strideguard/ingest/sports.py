"""Map each format's sport labels to the contract's sport names (``domain.SPORTS``).

A label we do not know, or a file that says nothing ("generic", no ``<type>``),
is *unknown*: :func:`infer_sport` then decides from the median moving speed,
because a runner's untyped GPX runs must still count as running load. Speeds
are physiological bands, not rules of the coach: below 1.7 m/s (6 km/h) is a
walk, above 6.5 m/s (a 2:34 min/km pace, faster than any sustained run) is a
ride; without any speed the sport is ``other``.
"""

from __future__ import annotations

# FIT profile: (sport, sub_sport) -> contract sport. sub_sport wins where listed.
_FIT_SUB_SPORT: dict[str, str] = {
    "trail": "trail_running",
    "treadmill": "treadmill_running",
    "track": "track_running",
    "indoor_running": "treadmill_running",
    "virtual_activity": "",  # keeps the sport's own mapping (virtual ride/run)
    "indoor_rowing": "rowing",
    "strength_training": "strength",
}
_FIT_SPORT: dict[str, str] = {
    "running": "running",
    "walking": "walking",
    "hiking": "hiking",
    "cycling": "cycling",
    "e_biking": "cycling",
    "swimming": "swimming",
    "rowing": "rowing",
    "training": "strength",
    "multisport": "multisport",
    "mountaineering": "hiking",
    "cross_country_skiing": "other",
    "fitness_equipment": "other",
}

# TCX Activity/@Sport is one of Running, Biking, Other.
_TCX_SPORT: dict[str, str] = {"running": "running", "biking": "cycling"}

# GPX <trk><type>: free text (Garmin Connect: "running"; Strava: activity type number).
_GPX_TYPE: dict[str, str] = {
    "running": "running",
    "run": "running",
    "trail_running": "trail_running",
    "treadmill_running": "treadmill_running",
    "walking": "walking",
    "walk": "walking",
    "hiking": "hiking",
    "hike": "hiking",
    "cycling": "cycling",
    "biking": "cycling",
    "ride": "cycling",
    "swimming": "swimming",
    "swim": "swimming",
    "rowing": "rowing",
    # Strava GPX exports write the activity type as a number.
    "1": "cycling",
    "4": "hiking",
    "9": "running",
    "10": "walking",
    "16": "swimming",
}

# Polar Flow export ``exercises[].sport`` (upper-case identifiers of Polar's sport list).
_POLAR_SPORT: dict[str, str] = {
    "running": "running",
    "road_running": "running",
    "trail_running": "trail_running",
    "treadmill_running": "treadmill_running",
    "track_and_field_running": "track_running",
    "walking": "walking",
    "nordic_walking": "walking",
    "hiking": "hiking",
    "cycling": "cycling",
    "road_biking": "cycling",
    "mountain_biking": "cycling",
    "indoor_cycling": "cycling",
    "swimming": "swimming",
    "pool_swimming": "swimming",
    "open_water_swimming": "swimming",
    "rowing": "rowing",
    "indoor_rowing": "rowing",
    "strength_training": "strength",
    "multisport": "multisport",
    "triathlon": "multisport",
}

# Samsung Health ``exercise_type`` codes (Samsung Health SDK, HealthConstants.Exercise "Predefined
# exercise types": 1001 walking, 1002 running, 11007 cycling, 13001 hiking, 14001 swimming).
_SAMSUNG_SPORT: dict[str, str] = {
    "1001": "walking",
    "1002": "running",
    "11007": "cycling",
    "13001": "hiking",
    "14001": "swimming",
}

WALK_BELOW_MPS = 1.7
RIDE_ABOVE_MPS = 6.5


def fit_sport(sport: object, sub_sport: object) -> str | None:
    """Contract sport for FIT ``sport``/``sub_sport`` values; None when the file does not say (generic, unknown)."""
    sub = str(sub_sport) if sub_sport is not None else ""
    mapped = _FIT_SUB_SPORT.get(sub, "")
    if mapped:
        if mapped.endswith("_running") and sport not in ("running", None):
            return _FIT_SPORT.get(str(sport))
        return mapped
    if sport is None:
        return None
    return _FIT_SPORT.get(str(sport))


def tcx_sport(label: str | None) -> str | None:
    return _TCX_SPORT.get((label or "").strip().lower())


def gpx_sport(label: str | None) -> str | None:
    return _GPX_TYPE.get((label or "").strip().lower().replace(" ", "_"))


def polar_sport(label: str | None) -> str | None:
    return _POLAR_SPORT.get((label or "").strip().lower())


def samsung_sport(code: str | None) -> str | None:
    return _SAMSUNG_SPORT.get((code or "").strip())


def infer_sport(median_speed_mps: float | None) -> str:
    """Sport of an activity whose file does not name one, from its median moving speed."""
    if median_speed_mps is None:
        return "other"
    if median_speed_mps < WALK_BELOW_MPS:
        return "walking"
    if median_speed_mps > RIDE_ABOVE_MPS:
        return "cycling"
    return "running"


FOOT_SPORTS: frozenset[str] = frozenset(
    {"running", "trail_running", "treadmill_running", "track_running", "walking", "hiking"}
)
