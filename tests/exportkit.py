"""Generators of export files, each following the vendor's documented layout (for formats with no licensed sample).

Written from the layouts as the vendors and the public tools that read them describe them
(see tests/files/SOURCES.md, "Generators"), independent of strideguard's readers:

- :func:`apple_export_xml`, :func:`apple_route_gpx`: Apple Health ``export.xml`` (its DTD
  header, ``ExportDate``, ``Me``, ``Record``, ``Workout`` in both the attribute form and the
  iOS 16+ ``WorkoutStatistics`` form, ``WorkoutRoute/FileReference``) and the
  ``workout-routes/*.gpx`` it points to.
- :func:`polar_session`: a Polar Flow ``training-session-*.json`` (``NaN`` where asked).
- :func:`samsung_export`: a Samsung Health exercise CSV (metadata line, prefixed header,
  trailing commas) and its ``jsons/`` sample streams.
- :func:`garmin_files`: Garmin ``DI_CONNECT`` summarised activities, gear and wellness files.
- :func:`strava_activities_csv`, :func:`strava_shoes_csv`: Strava's ``activities.csv`` (the
  English header with its repeated columns) and ``shoes.csv``.
"""

from __future__ import annotations

import csv
import io
import json
import math
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from xml.sax.saxutils import quoteattr

from tests import fitkit

# ---------------------------------------------------------------- Apple Health

APPLE_DTD = """<!DOCTYPE HealthData [
<!-- HealthKit Export Version: 14 -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary|ClinicalRecord)*)>
<!ATTLIST HealthData
  locale CDATA #REQUIRED
>
<!ELEMENT ExportDate EMPTY>
<!ATTLIST ExportDate
  value CDATA #REQUIRED
>
<!ELEMENT Record ((MetadataEntry|HeartRateVariabilityMetadataList)*)>
<!ELEMENT Workout ((MetadataEntry|WorkoutEvent|WorkoutRoute|WorkoutStatistics)*)>
<!ELEMENT WorkoutRoute ((MetadataEntry|FileReference)*)>
<!ELEMENT FileReference EMPTY>
<!ATTLIST FileReference
  path CDATA #REQUIRED
>
]>
"""
WATCH = (
    "&lt;&lt;HKDevice: 0x282c38e10&gt;, name:Apple Watch, manufacturer:Apple Inc., model:Watch, hardware:Watch6,1&gt;"
)


def apple_time(moment: datetime) -> str:
    """Apple's ``2024-01-15 07:03:12 +0100``."""
    return moment.strftime("%Y-%m-%d %H:%M:%S %z")


def _attrs(values: dict[str, str | None]) -> str:
    return " ".join(f"{k}={quoteattr(v)}" for k, v in values.items() if v is not None)


@dataclass
class AppleWorkout:
    start: datetime
    minutes: float
    kind: str = "HKWorkoutActivityTypeRunning"
    km: float | None = None
    kcal: float | None = None
    new_form: bool = True  # WorkoutStatistics children (iOS 16+) rather than total* attributes
    avg_hr: float | None = None
    max_hr: float | None = None
    steps: float | None = None
    route: str | None = None  # file name under workout-routes/
    indoor: bool = False
    zone: str | None = None
    ascent_cm: float | None = None
    elapsed_minutes: float | None = None  # end - start, when pauses make it longer than ``minutes``

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.elapsed_minutes or self.minutes)


def apple_record(kind: str, start: datetime, end: datetime | None, value: str, unit: str | None = None) -> str:
    end = end or start
    return (
        f"  <Record {_attrs({'type': kind, 'sourceName': 'Runner’s Apple Watch', 'sourceVersion': '10.2'})} "
        f'device="{WATCH}" '
        f"{_attrs({'unit': unit, 'creationDate': apple_time(end), 'startDate': apple_time(start)})} "
        f"{_attrs({'endDate': apple_time(end), 'value': value})}/>\n"
    )


def apple_workout(w: AppleWorkout) -> str:
    head = {
        "workoutActivityType": w.kind,
        "duration": f"{w.minutes:.4f}",
        "durationUnit": "min",
    }
    if not w.new_form and w.km is not None:
        head.update(totalDistance=f"{w.km:.5f}", totalDistanceUnit="km")
    if not w.new_form and w.kcal is not None:
        head.update(totalEnergyBurned=f"{w.kcal:.3f}", totalEnergyBurnedUnit="kcal")
    head.update(
        sourceName="Runner’s Apple Watch",
        sourceVersion="10.2",
        creationDate=apple_time(w.end),
        startDate=apple_time(w.start),
        endDate=apple_time(w.end),
    )
    lines = [f'  <Workout {_attrs(head)} device="{WATCH}">\n']
    if w.indoor:
        lines.append('   <MetadataEntry key="HKIndoorWorkout" value="1"/>\n')
    else:
        lines.append('   <MetadataEntry key="HKIndoorWorkout" value="0"/>\n')
    if w.zone:
        lines.append(f'   <MetadataEntry key="HKTimeZone" value={quoteattr(w.zone)}/>\n')
    if w.ascent_cm is not None:
        lines.append(f'   <MetadataEntry key="HKElevationAscended" value="{w.ascent_cm:.0f} cm"/>\n')
    lines.append(
        f'   <WorkoutEvent type="HKWorkoutEventTypeSegment" date="{apple_time(w.start)}" '
        f'duration="{w.minutes:.4f}" durationUnit="min"/>\n'
    )
    span = _attrs({"startDate": apple_time(w.start), "endDate": apple_time(w.end)})
    if w.new_form:
        if w.km is not None:
            lines.append(
                f'   <WorkoutStatistics type="HKQuantityTypeIdentifierDistanceWalkingRunning" {span} '
                f'sum="{w.km:.5f}" unit="km"/>\n'
            )
        if w.kcal is not None:
            lines.append(
                f'   <WorkoutStatistics type="HKQuantityTypeIdentifierActiveEnergyBurned" {span} '
                f'sum="{w.kcal:.3f}" unit="Cal"/>\n'
            )
        if w.avg_hr is not None:
            lines.append(
                f'   <WorkoutStatistics type="HKQuantityTypeIdentifierHeartRate" {span} average="{w.avg_hr}" '
                f'minimum="{(w.avg_hr or 0) - 30}" maximum="{w.max_hr}" unit="count/min"/>\n'
            )
        if w.steps is not None:
            lines.append(
                f'   <WorkoutStatistics type="HKQuantityTypeIdentifierStepCount" {span} sum="{w.steps:.0f}" '
                'unit="count"/>\n'
            )
    if w.route:
        lines.append(
            f'   <WorkoutRoute sourceName="Runner’s Apple Watch" sourceVersion="10.2" {span}>\n'
            '    <MetadataEntry key="HKMetadataKeySyncVersion" value="2"/>\n'
            f'    <FileReference path="/workout-routes/{w.route}"/>\n'
            "   </WorkoutRoute>\n"
        )
    lines.append("  </Workout>\n")
    return "".join(lines)


def apple_export_xml(records: Iterable[str], workouts: Sequence[AppleWorkout], exported: datetime) -> bytes:
    """A whole export.xml: the DTD, ExportDate, Me, the records, the workouts, one ActivitySummary."""
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n', APPLE_DTD, '<HealthData locale="en_GB">\n']
    parts.append(f' <ExportDate value="{apple_time(exported)}"/>\n')
    parts.append(
        ' <Me HKCharacteristicTypeIdentifierDateOfBirth="1990-05-20" '
        'HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexFemale" '
        'HKCharacteristicTypeIdentifierBloodType="HKBloodTypeNotSet" '
        'HKCharacteristicTypeIdentifierFitzpatrickSkinType="HKFitzpatrickSkinTypeNotSet" '
        'HKCharacteristicTypeIdentifierCardioFitnessMedicationsUse="None"/>\n'
    )
    parts.extend(records)
    parts.extend(apple_workout(w) for w in workouts)
    parts.append(
        ' <ActivitySummary dateComponents="2024-01-15" activeEnergyBurned="612" activeEnergyBurnedGoal="500" '
        'activeEnergyBurnedUnit="Cal" appleMoveTime="0" appleMoveTimeGoal="0" appleExerciseTime="45" '
        'appleExerciseTimeGoal="30" appleStandHours="12" appleStandHoursGoal="12"/>\n'
    )
    parts.append("</HealthData>\n")
    return "".join(parts).encode("utf-8")


def track(start: datetime, n: int, *, step_s: float = 5.0, lat0: float = 52.5, lon0: float = 13.4, speed: float = 3.0):
    """``n`` points due north at ``speed`` m/s, one every ``step_s`` seconds: (time, lat, lon, ele, speed)."""
    metres_per_degree = 111_132.0
    return [
        (
            start + timedelta(seconds=i * step_s),
            lat0 + i * step_s * speed / metres_per_degree,
            lon0,
            40.0 + 5.0 * math.sin(i / 20.0),
            speed,
        )
        for i in range(n)
    ]


def apple_route_gpx(points: Sequence[tuple[datetime, float, float, float, float]], exported: datetime) -> bytes:
    """A workout-routes GPX as the Health app writes it (creator "Apple Health Export", speed/course/accuracy)."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        '<gpx version="1.1" creator="Apple Health Export" xmlns="http://www.topografix.com/GPX/1/1" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://www.topografix.com/GPX/1/1 http://www.topografix.com/GPX/1/1/gpx.xsd">\n',
        f" <metadata>\n  <time>{exported.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}</time>\n </metadata>\n",
        " <trk>\n  <name>Route</name>\n  <trkseg>\n",
    ]
    for when, lat, lon, ele, speed in points:
        out.append(
            f'<trkpt lon="{lon:.6f}" lat="{lat:.6f}"><ele>{ele:.6f}</ele>'
            f"<time>{when.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}</time>"
            f"<extensions><speed>{speed:.6f}</speed><course>0.5</course><hAcc>2.5</hAcc><vAcc>1.8</vAcc>"
            "</extensions></trkpt>\n"
        )
    out.append("  </trkseg>\n </trk>\n</gpx>\n")
    return "".join(out).encode("utf-8")


# ---------------------------------------------------------------- Polar


def polar_session(
    start_local: datetime,
    minutes: float,
    *,
    offset_min: int = 120,
    sport: str = "RUNNING",
    distance_m: float | None = 8000.0,
    hr: Sequence[float | None] = (),
    route: Sequence[tuple[float, float]] = (),
    nan_duration: bool = False,
    nan_ascent: bool = True,
    step_s: int = 1,
    stop_time: bool = True,
) -> bytes:
    """A Polar Flow training-session JSON; ``None`` samples and ``nan_*`` become Polar's literal NaN."""
    iso = "%Y-%m-%dT%H:%M:%S.000"
    stop = start_local + timedelta(minutes=minutes)
    duration = "NaN" if nan_duration else json.dumps(f"PT{minutes * 60:.3f}S")

    def sample(i: int, value: float | None) -> str:
        shown = "NaN" if value is None else json.dumps(value)
        return f'{{"dateTime": "{(start_local + timedelta(seconds=i * step_s)).strftime(iso)}", "value": {shown}}}'

    hr_samples = ", ".join(sample(i, v) for i, v in enumerate(hr))
    route_samples = ", ".join(
        f'{{"dateTime": "{(start_local + timedelta(seconds=i * step_s)).strftime(iso)}", '
        f'"longitude": {lon}, "latitude": {lat}, "altitude": 12.0}}'
        for i, (lat, lon) in enumerate(route)
    )
    distance = "NaN" if distance_m is None else json.dumps(distance_m)
    known = [v for v in hr if v is not None]
    avg = round(sum(known) / len(known)) if known else 140
    text = f"""{{
  "exportVersion": "1.6",
  "name": "Running",
  "startTime": "{start_local.strftime(iso)}",
  "stopTime": {json.dumps(stop.strftime(iso)) if stop_time else "NaN"},
  "timeZoneOffset": {offset_min},
  "distance": {distance},
  "duration": {duration},
  "maximumHeartRate": {max(known) if known else 170},
  "averageHeartRate": {avg},
  "kiloCalories": 610,
  "physicalInformationSnapshot": {{"dateTime": "{start_local.strftime(iso)}", "sex": "FEMALE",
    "birthday": "1990-05-20", "height, cm": 168.0, "weight, kg": 60.0, "vo2Max": 49,
    "maximumHeartRate": 190, "restingHeartRate": 52, "aerobicThreshold": 150, "anaerobicThreshold": 172}},
  "exercises": [{{
    "startTime": "{start_local.strftime(iso)}",
    "stopTime": {json.dumps(stop.strftime(iso)) if stop_time else "NaN"},
    "timezoneOffset": {offset_min},
    "duration": {duration},
    "distance": {distance},
    "sport": "{sport}",
    "latitude": 60.17, "longitude": 24.94,
    "ascent": {"NaN" if nan_ascent else "42.0"}, "descent": {"NaN" if nan_ascent else "40.0"},
    "kiloCalories": 610,
    "heartRate": {{"min": 95, "avg": {avg}, "max": {max(known) if known else 170}}},
    "speed": {{"avg": 10.7, "max": 15.3}},
    "cadence": {{"avg": 84, "max": 93}},
    "zones": {{"heart_rate": [{{"lowerLimit": 95, "higherLimit": 114, "inZone": "PT120S", "zoneIndex": 1}}]}},
    "samples": {{
      "heartRate": [{hr_samples}],
      "recordedRoute": [{route_samples}]
    }}
  }}]
}}
"""
    return text.encode("utf-8")


# ---------------------------------------------------------------- Samsung Health

SAMSUNG_COLUMNS = (
    "total_calorie",
    "com.samsung.health.exercise.start_time",
    "com.samsung.health.exercise.end_time",
    "com.samsung.health.exercise.time_offset",
    "com.samsung.health.exercise.exercise_type",
    "com.samsung.health.exercise.duration",
    "com.samsung.health.exercise.distance",
    "com.samsung.health.exercise.calorie",
    "com.samsung.health.exercise.mean_heart_rate",
    "com.samsung.health.exercise.max_heart_rate",
    "com.samsung.health.exercise.altitude_gain",
    "com.samsung.health.exercise.live_data",
    "com.samsung.health.exercise.location_data",
    "com.samsung.health.exercise.deviceuuid",
    "com.samsung.health.exercise.datauuid",
)


@dataclass
class SamsungSession:
    uuid: str
    start_utc: datetime
    minutes: float
    type_code: int = 1002
    offset: str = "UTC+0900"
    distance_m: float | None = 5000.0
    live: list[dict[str, float]] = field(default_factory=list)
    location: list[dict[str, float]] = field(default_factory=list)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.000")


SAMSUNG_FOLDER = "samsunghealth_runner_20240120120000"


def samsung_export(sessions: Sequence[SamsungSession], folder: str = SAMSUNG_FOLDER) -> dict[str, bytes]:
    """The exercise table and its blobs, as ``{relative path: bytes}`` under ``folder``."""
    buf = io.StringIO()
    buf.write(f"com.samsung.shealth.exercise,6320001,{len(SAMSUNG_COLUMNS)}\n")
    buf.write(",".join(SAMSUNG_COLUMNS) + ",\n")
    files: dict[str, bytes] = {}
    for s in sessions:
        live_name = f"{s.uuid}.com.samsung.health.exercise.live_data.json" if s.live else ""
        location_name = f"{s.uuid}.com.samsung.health.exercise.location_data.json" if s.location else ""
        end = s.start_utc + timedelta(minutes=s.minutes)
        row = [
            "410.5",
            _stamp(s.start_utc),
            _stamp(end),
            s.offset,
            str(s.type_code),
            str(int(s.minutes * 60_000)),
            "" if s.distance_m is None else f"{s.distance_m:.1f}",
            "380.2",
            "148.0",
            "171.0",
            "35.0",
            live_name,
            location_name,
            "dev-1",
            s.uuid,
        ]
        buf.write(",".join(row) + ",\n")
        blob_dir = f"{folder}/jsons/com.samsung.shealth.exercise/{s.uuid[0]}"
        if s.live:
            files[f"{blob_dir}/{live_name}"] = json.dumps(s.live).encode()
        if s.location:
            files[f"{blob_dir}/{location_name}"] = json.dumps(s.location).encode()
    files[f"{folder}/com.samsung.shealth.exercise.20240120120000.csv"] = buf.getvalue().encode("utf-8")
    files[f"{folder}/com.samsung.health.weight.20240120120000.csv"] = (
        b"com.samsung.health.weight,6320001,3\nstart_time,weight,datauuid,\n2024-01-02 07:00:00.000,61.2,w1,\n"
    )
    return files


# ---------------------------------------------------------------- Garmin


def garmin_files(
    activities: Sequence[dict[str, object]],
    *,
    gear: Sequence[dict[str, object]] = (),
    gear_links: dict[str, list[object]] | None = None,
    sleep: Sequence[dict[str, object]] = (),
    daily: Sequence[dict[str, object]] = (),
    health: Sequence[dict[str, object]] = (),
    user: str = "runner@example.com",
) -> dict[str, bytes]:
    """Garmin's DI_CONNECT extras as ``{archive path: bytes}``."""
    fitness = "DI_CONNECT/DI-Connect-Fitness"
    out = {
        f"{fitness}/{user}_0_summarizedActivities.json": json.dumps(
            [{"summarizedActivitiesExport": list(activities)}]
        ).encode()
    }
    if gear:
        links = {str(k): [{"activityId": a, "gearPk": int(k)} for a in v] for k, v in (gear_links or {}).items()}
        out[f"{fitness}/{user}_gear.json"] = json.dumps(
            [{"gearDTOS": list(gear), "gearActivityDTOs": links, "gearActivityTypeDTOS": []}]
        ).encode()
    if sleep:
        out["DI_CONNECT/DI-Connect-Wellness/2024-01-01_2024-04-10_123_sleepData.json"] = json.dumps(
            list(sleep)
        ).encode()
    if daily:
        out["DI_CONNECT/DI-Connect-Aggregator/UDSFile_2024-01-01_2024-04-10.json"] = json.dumps(list(daily)).encode()
    if health:
        out["DI_CONNECT/DI-Connect-Wellness/123_healthStatusData.json"] = json.dumps(list(health)).encode()
    return out


def garmin_activity(activity_id: int, start_utc: datetime, km: float, **extra: object) -> dict[str, object]:
    ms = int(start_utc.timestamp() * 1000)
    return {
        "activityId": activity_id,
        "uuidMsb": 1,
        "name": extra.pop("name", "Morning Run"),
        "activityType": "running",
        "userProfileId": 42,
        "timeZoneId": 124,
        "beginTimestamp": ms,
        "eventTypeId": 9,
        "distance": km * 100_000.0,  # centimetres
        "duration": 1800000.0,
        "startTimeLocal": ms + 3600 * 1000,
        "startTimeGmt": ms,
        **extra,
    }


# ---------------------------------------------------------------- Strava

STRAVA_HEADER = (
    "Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,Elapsed Time,Distance,Max Heart Rate,"
    "Relative Effort,Commute,Activity Private Note,Activity Gear,Filename,Athlete Weight,Bike Weight,Elapsed Time,"
    "Moving Time,Distance,Max Speed,Average Speed,Elevation Gain,Elevation Loss,Elevation Low,Elevation High,"
    "Max Grade,Average Grade,Average Positive Grade,Average Negative Grade,Max Cadence,Average Cadence,"
    "Max Heart Rate,Average Heart Rate,Max Watts,Average Watts,Calories,Max Temperature,Average Temperature,"
    "Relative Effort,Total Work,Number of Runs,Uphill Time,Downhill Time,Other Time,Perceived Exertion,Type,"
    "Start Time,Weighted Average Power,Power Count,Prefer Perceived Exertion,Perceived Relative Effort,Commute,"
    "Total Weight Lifted,From Upload,Grade Adjusted Distance"
).split(",")


def strava_date(moment: datetime) -> str:
    """``Jun 11, 2017, 2:34:09 PM`` (English account, UTC)."""
    utc = moment.astimezone(UTC)
    return f"{utc.strftime('%b')} {utc.day}, {utc.year}, {int(utc.strftime('%I'))}:{utc.strftime('%M:%S %p')}"


def strava_activities_csv(rows: Sequence[dict[str, object]]) -> bytes:
    """Rows given by column name; ``Distance`` (first, km) and ``Distance_m`` (the second, metres)."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(STRAVA_HEADER)
    for row in rows:
        cells = ["" for _ in STRAVA_HEADER]
        for key, value in row.items():
            if key == "Distance_m":
                cells[17] = str(value)
            elif key == "Elapsed Time":
                cells[5] = str(value)
                cells[15] = f"{float(str(value)):.1f}"
            else:
                cells[STRAVA_HEADER.index(key)] = str(value)
        writer.writerow(cells)
    return buf.getvalue().encode("utf-8")


def strava_shoes_csv(rows: Sequence[tuple[str, str, str]]) -> bytes:
    lines = ["Shoe Name,Shoe Brand,Shoe Model,Shoe Default Sport Types"]
    lines += [f"{n},{b},{m}," for n, b, m in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def zone(hours: float) -> timezone:
    return timezone(timedelta(hours=hours))


# ---------------------------------------------------------------- FIT of other makers

FIT_MANUFACTURERS = {"suunto": 23, "coros": 294, "polar": 123}  # FIT profile, type "manufacturer"


def vendor_fit(
    manufacturer: str,
    start: datetime,
    n: int,
    *,
    step_s: int = 1,
    speed: float = 3.0,
    utc_offset_s: int = 7200,
    product: int = 1,
) -> bytes:
    """A running FIT activity as any maker writes it (file_id, records, lap, session, activity), ``n`` seconds long.

    The protocol's message layout with the maker's id in file_id; records carry time, position due north at
    ``speed``, heart rate, distance and enhanced speed; the activity's local_timestamp states the UTC offset.
    """
    u8, u16, s32, u32, enum = fitkit.UINT8, fitkit.UINT16, fitkit.SINT32, fitkit.UINT32, fitkit.ENUM
    epoch = datetime(1989, 12, 31, tzinfo=UTC)
    t0 = int((start - epoch).total_seconds())
    semi = 2**31 / 180.0
    out = [fitkit.file_id("activity", manufacturer=FIT_MANUFACTURERS[manufacturer], product=product)]
    out.append(
        fitkit.definition(1, 20, [(253, 4, u32), (0, 4, s32), (1, 4, s32), (3, 1, u8), (5, 4, u32), (73, 4, u32)])
    )
    for i in range(n):
        lat = 46.0 + i * step_s * speed / 111_132.0
        dist = i * step_s * speed
        out.append(
            bytes([1])
            + struct.pack(
                "<IiiBII", t0 + i * step_s, round(lat * semi), round(7.0 * semi), 140 + i % 20, round(dist * 100),
                round(speed * 1000),
            )
        )  # fmt: skip
    elapsed = (n - 1) * step_s
    total = elapsed * speed
    fields = [(253, 4, u32), (2, 4, u32), (7, 4, u32), (8, 4, u32), (9, 4, u32), (5, 1, enum), (6, 1, enum)]
    for local, num in ((2, 19), (3, 18)):  # lap, then session
        out.append(fitkit.definition(local, num, fields))
        out.append(
            bytes([local])
            + struct.pack("<IIIIIBB", t0 + elapsed, t0, elapsed * 1000, elapsed * 1000, round(total * 100), 1, 0)
        )
    out.append(fitkit.definition(4, 34, [(253, 4, u32), (5, 4, u32), (1, 2, u16)]))
    out.append(bytes([4]) + struct.pack("<IIH", t0 + elapsed, t0 + elapsed + utc_offset_s, 1))
    return fitkit.build_fit(out)
