"""A reproducible demo runner: profile, shoes, 18 weeks of runs with samples, three symptom reports.

Pure: ``build(today, seed, lang)`` returns the same data for the same arguments; its words (names,
notes) are in ``lang`` (default: the current language), its numbers the same in every language.
The history has 3-5 runs a week on three routes (a flat river loop, a hilly
park loop and a rough forest trail), GPS tracks with real hills, heart rate and
cadence streams, traffic-light pauses, one week that ramps up too fast, a
recent long run that spikes past the 30-day longest, a slight cadence drop in
the last fortnight, one shoe pair, an ankle sprain report on a trail run (see a
doctor), a settled report on the same ankle three weeks later that closes its
episode, and a recent, milder knee report (an open episode of its own).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np

from . import knowledge
from .domain import ParsedActivity

DEMO_NAME_ID = "cli.demo.runner"  # the demo runner's name, in each language: how a demo database is recognised
ZONE = "Europe/Berlin"
WEEKS = 18
STEP_S = 2.0
EARTH_M_PER_DEG = 111_320.0


@dataclass(frozen=True)
class Route:
    name: str
    sport: str
    loop_m: float
    lat0: float
    lon0: float
    hills: tuple[tuple[float, float], ...]  # (amplitude m, waves per loop)
    roughness_m: float  # small-scale ground unevenness
    wiggle_deg: float  # heading noise of a winding path


ROUTES = (
    Route("river loop", "running", 5200.0, 52.5120, 13.3900, ((3.0, 1.0),), 0.2, 0.0),
    Route("park hills", "running", 3100.0, 52.4870, 13.4420, ((10.0, 2.0), (3.0, 5.0)), 0.3, 0.0),
    Route("forest trail", "trail_running", 7400.0, 52.4470, 13.2300, ((15.0, 2.0), (5.0, 6.0)), 1.5, 25.0),
)


@dataclass
class DemoData:
    profile: dict[str, Any]
    shoe: dict[str, Any]
    activities: list[tuple[ParsedActivity, str]]  # (activity, sha256)
    reports: list[dict[str, Any]]


def _route_point(route: Route, s: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Position, smooth terrain height and small-scale ground unevenness at distance ``s`` along a looped route."""
    phase = 2 * np.pi * (s % route.loop_m) / route.loop_m
    radius_m = route.loop_m / (2 * np.pi)
    wiggle = np.deg2rad(route.wiggle_deg) * np.sin(phase * 23.0)
    lat = route.lat0 + radius_m * np.sin(phase + wiggle) / EARTH_M_PER_DEG
    lon = route.lon0 + radius_m * np.cos(phase + wiggle) / (EARTH_M_PER_DEG * np.cos(np.deg2rad(route.lat0)))
    hills = np.zeros_like(phase)
    for a, k in route.hills:
        hills = hills + a * np.sin(k * phase)
    elev = 40.0 + hills
    bumps = route.roughness_m * np.sin(phase * 157.0)
    return lat, lon, elev, bumps


def _run(
    start: datetime,
    route: Route,
    distance_m: float,
    speed_mps: float,
    cadence_shift: float,
    rng: np.random.Generator,
    device: str,
) -> ParsedActivity:
    """Simulate one run at 2-second samples: slower uphill, heart rate drifting up, cadence tied to speed."""
    grid = np.arange(0.0, route.loop_m + 10.0, 10.0)
    grades = np.diff(_route_point(route, grid)[2], append=np.nan)[:-1] / 10.0
    grid = grid[:-1]
    times: list[float] = []
    dist: list[float] = []
    speeds: list[float] = []
    t = s = 0.0
    stops = set(rng.choice(np.arange(60, 900), size=rng.integers(0, 3), replace=False).tolist())
    pause_left = 0
    step = 0
    while s < distance_m:
        grade = float(np.interp(s % route.loop_m, grid, grades))
        if step in stops:
            pause_left = int(rng.integers(10, 25))  # traffic light: 20-50 s standing
        if pause_left > 0:
            v = 0.0
            pause_left -= 1
        else:
            v = max(1.2, speed_mps * (1.0 - 2.5 * grade) + rng.normal(0, 0.08))
        s = min(distance_m, s + v * STEP_S)
        t += STEP_S
        times.append(t)
        dist.append(s)
        speeds.append(v)
        step += 1
    time_s = np.array(times)
    distance = np.array(dist)
    speed = np.array(speeds)
    lat, lon, elev_true, bumps = _route_point(route, distance)
    gps_noise = rng.normal(0, 2.5e-6, size=(2, len(time_s)))
    altitude = elev_true + bumps + rng.normal(0, 0.6, size=len(time_s))
    moving = speed > 0.5
    grade_now = np.interp(distance % route.loop_m, grid, grades)
    hr = 58 + 30 * speed + 0.1 * time_s / 60 + 250 * np.clip(grade_now, -0.02, 0.08)
    hr = np.where(moving, hr, hr - 12) + rng.normal(0, 1.5, size=len(time_s))
    cadence = np.where(moving, 148.0 + 9.0 * speed + cadence_shift + rng.normal(0, 1.5, size=len(time_s)), np.nan)
    rise = np.diff(elev_true)
    parsed = ParsedActivity(
        start_time=start,
        sport=route.sport,
        source_format="demo",
        distance_m=float(distance[-1]),
        elapsed_s=float(time_s[-1]),
        moving_s=float(moving.sum() * STEP_S),
        ascent_m=float(rise[rise > 0].sum()),
        descent_m=float(-rise[rise < 0].sum()),
        avg_hr=float(np.round(hr[moving].mean())),
        max_hr=float(np.round(hr.max())),
        avg_cadence_spm=float(np.round(np.nanmean(cadence))),
        device=device,
        tz_known=True,
        samples={
            "time_s": time_s,
            "distance_m": distance,
            "lat": lat + gps_noise[0],
            "lon": lon + gps_noise[1],
            "altitude_m": altitude,
            "heart_rate": np.round(hr),
            "cadence_spm": np.round(cadence),
            "speed_mps": speed,
        },
    )
    return parsed


def _week_plan(week: int, rng: np.random.Generator) -> list[tuple[int, str, float]]:
    """(weekday, kind, km) for one week. Week WEEKS-7 ramps up far too fast."""
    base = 18.0 * (1.03**week)
    runs = int(rng.choice([3, 4, 4, 5]))
    days = sorted(rng.choice([0, 1, 2, 3, 4, 5, 6], size=runs, replace=False).tolist())
    share = np.full(runs, 1.0)
    share[-1] = 1.7  # the weekend long run
    km = base * share / share.sum()
    if week == WEEKS - 7:
        km = km * 1.8
    return [(d, "long" if i == runs - 1 else "easy", float(k)) for i, (d, k) in enumerate(zip(days, km, strict=True))]


def demo_names() -> set[str]:
    """The demo runner's name in every language (a database holding another runner is not rebuilt)."""
    return {knowledge.text(DEMO_NAME_ID, lang) for lang in knowledge.LANGUAGES}


def build(today: date, seed: int = 2026, lang: str | None = None) -> DemoData:
    """The demo runner, with a history that ends on ``today``, in ``lang`` (default: the current language)."""
    lang = lang or knowledge.language()

    def say(tid: str) -> str:
        return knowledge.text(tid, lang)

    rng = np.random.default_rng(seed)
    zone = ZoneInfo(ZONE)
    first_monday = today - timedelta(days=today.weekday()) - timedelta(weeks=WEEKS - 1)
    acts: list[tuple[ParsedActivity, str]] = []
    trail_days: list[date] = []
    for week in range(WEEKS):
        for weekday, kind, km in _week_plan(week, rng):
            day = first_monday + timedelta(weeks=week, days=weekday)
            if day >= today:
                continue
            route = ROUTES[2] if kind == "long" and week % 3 == 1 else ROUTES[1] if weekday in (1, 3) else ROUTES[0]
            speed = 2.75 if kind == "long" else 2.95
            shift = -7.0 if (today - day).days <= 14 else 0.0
            start = datetime.combine(day, time(7, 0), tzinfo=zone) + timedelta(minutes=int(rng.integers(0, 120)))
            acts.append((_run(start, route, km * 1000.0, speed, shift, rng, say("cli.demo.device")), ""))
            if route.sport == "trail_running":
                trail_days.append(day)
    # The latest run: a long one, about 35 % past the 30-day longest (a session spike).
    last_day = today - timedelta(days=1)
    acts = [(a, s) for a, s in acts if a.start_time.date() < last_day]
    recent = [a.distance_m or 0.0 for a, _ in acts if (last_day - a.start_time.date()).days <= 30]
    spike_km = round(max(recent) * 1.35 / 1000.0, 1)
    start = datetime.combine(last_day, time(8, 15), tzinfo=zone)
    acts.append((_run(start, ROUTES[1], spike_km * 1000.0, 2.8, -7.0, rng, say("cli.demo.device")), ""))
    acts = [(a, _sha(a)) for a, _ in acts]
    sprain_day = next(d for d in reversed(trail_days) if (today - d).days >= 35)
    reports = [
        {
            "date": sprain_day.isoformat(),
            "region": "ankle",
            "side": "right",
            "location": "outer",
            "onset": "sudden",
            "mechanism": "twist",
            "when": ["during_run", "every_step"],
            "pain_during": 6,
            "pain_after": 5,
            "pain_rest": 2,
            "pain_next_morning": 4,
            "duration_days": 0,
            "swelling": True,
            "creaking": False,
            "heaviness": False,
            "instability": False,
            "locking": False,
            "unable_to_bear_weight": False,
            "bone_tenderness": [],
            "numbness_tingling": False,
            "fever": False,
            "redness_warmth": False,
            "deformity": False,
            "calf_swelling_one_side": False,
            "cramp": False,
            "previous_sprains_12m": 1,
            "notes": say("cli.demo.note.sprain"),
        },
        {
            # the same ankle three weeks later: settled, so its episode closes
            "date": (sprain_day + timedelta(days=21)).isoformat(),
            "region": "ankle",
            "side": "right",
            "location": "outer",
            "mechanism": "none",
            "pain_during": 1,
            "pain_after": 1,
            "pain_rest": 0,
            "pain_next_morning": 0,
            "swelling": False,
            "instability": False,
            "unable_to_bear_weight": False,
            "deformity": False,
            "bone_tenderness": [],
            "notes": say("cli.demo.note.settled"),
        },
        {
            "date": today.isoformat(),
            "region": "knee",
            "side": "left",
            "location": "around_kneecap",
            "onset": "gradual",
            "mechanism": "none",
            "when": ["downhill", "stairs"],
            "pain_during": 3,
            "pain_after": 2,
            "pain_rest": 0,
            "pain_next_morning": 1,
            "duration_days": 5,
            "swelling": False,
            "creaking": False,
            "heaviness": False,
            "instability": False,
            "locking": False,
            "unable_to_bear_weight": False,
            "bone_tenderness": [],
            "knee_flex_under_90": False,
            "numbness_tingling": False,
            "numbness_spreading": False,
            "weakness": False,
            "fever": False,
            "redness_warmth": False,
            "deformity": False,
            "calf_swelling_one_side": False,
            "cramp": False,
            "previous_sprains_12m": 0,
            "notes": say("cli.demo.note.knee"),
        },
    ]
    profile = {
        "name": say(DEMO_NAME_ID),
        "birth_year": today.year - 34,
        "sex": "female",
        "height_cm": 168.0,
        "weight_kg": 66.0,
        "experience": "intermediate",
        "joint_problems": ["knee"],
        "timezone": ZONE,
        # a demo built in another language than the default keeps it (its texts are in it); an English one
        # chooses none, so that the web app still follows the browser's Accept-Language
        "language": None if lang == knowledge.DEFAULT_LANGUAGE else lang,
    }
    shoe = {
        "name": say("cli.demo.shoe"),
        "brand": say("cli.demo.brand"),
        "started_on": today - timedelta(weeks=40),
        "initial_km": 250.0,
    }
    return DemoData(profile=profile, shoe=shoe, activities=acts, reports=reports)


def _sha(activity: ParsedActivity) -> str:
    key = f"demo|{activity.start_time.isoformat()}|{activity.distance_m:.1f}|{activity.sample_count}"
    return hashlib.sha256(key.encode()).hexdigest()
