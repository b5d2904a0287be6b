"""Apple Health export.xml: strideguard's streaming reader against what a user would otherwise use.

Writes an export.xml of the size asked for (default 2048 MB), following the Health app's own
layout: its DTD header, ``ExportDate``, ``Me``, ten years of ``Record`` elements grouped by type
(heart rate through the day and every 5 s during workouts, each with its motion-context
``MetadataEntry``; steps, active energy, walking/running distance, daily resting heart rate,
HRV SDNN with its beat list, sleep stages), then the running and walking ``Workout`` elements
(``WorkoutStatistics`` children and a ``WorkoutRoute`` reference) and ``ActivitySummary``
elements. Then, each in its own process (peak RSS from the kernel, a memory limit so a reader
that builds the whole tree cannot take the machine down), in one run:

- strideguard: ``ingest.apple.read_export`` (both passes: everything, then the heart rate in workouts);
- a plain ``xml.etree.ElementTree.parse`` of the file (then the workouts counted);
- ``apple-health-parser`` (PyPI), when it is installed in the interpreter given with
  ``--ahp-python`` (default: ``/tmp/ahp-venv/bin/python``): its ``Parser`` on an ``export.zip``
  of the file, as its documentation shows.

Run: ``python bench/apple_health_bench.py [--size-mb 2048] [--small-mb 256] [--limit-gb 8] [--dir DIR]``.
The small size runs first: the same readers on an eighth of the data show whose memory grows with
the file (strideguard's peak should be the same at both sizes).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

DTD = """<!DOCTYPE HealthData [
<!-- HealthKit Export Version: 14 -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary|ClinicalRecord|Audiogram)*)>
<!ATTLIST HealthData
  locale CDATA #REQUIRED
>
<!ELEMENT ExportDate EMPTY>
<!ATTLIST ExportDate
  value CDATA #REQUIRED
>
<!ELEMENT Me EMPTY>
<!ELEMENT Record ((MetadataEntry|HeartRateVariabilityMetadataList)*)>
<!ATTLIST Record
  type          CDATA #REQUIRED
  unit          CDATA #IMPLIED
  value         CDATA #IMPLIED
  sourceName    CDATA #REQUIRED
  sourceVersion CDATA #IMPLIED
  device        CDATA #IMPLIED
  creationDate  CDATA #IMPLIED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
<!ELEMENT MetadataEntry EMPTY>
<!ELEMENT HeartRateVariabilityMetadataList (InstantaneousBeatsPerMinute*)>
<!ELEMENT InstantaneousBeatsPerMinute EMPTY>
<!ELEMENT Workout ((MetadataEntry|WorkoutEvent|WorkoutRoute|WorkoutStatistics)*)>
<!ELEMENT WorkoutStatistics EMPTY>
<!ELEMENT WorkoutEvent EMPTY>
<!ELEMENT WorkoutRoute ((MetadataEntry|FileReference)*)>
<!ELEMENT FileReference EMPTY>
<!ELEMENT ActivitySummary EMPTY>
]>
"""
ZONE = timezone(timedelta(hours=1))
WATCH = (
    'sourceName="Runner’s Apple Watch" sourceVersion="10.2" device="&lt;&lt;HKDevice: 0x2833f8ff0&gt;, '
    'name:Apple Watch, manufacturer:Apple Inc., model:Watch, hardware:Watch6,1, software:10.2&gt;"'
)
PHONE = 'sourceName="Runner’s iPhone" sourceVersion="17.2.1"'


def _t(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S +0100")


def _record(kind: str, start: datetime, end: datetime, value: str, unit: str, source: str = WATCH) -> str:
    unit_attr = f' unit="{unit}"' if unit else ""
    return (
        f' <Record type="{kind}" {source}{unit_attr} creationDate="{_t(end)}" startDate="{_t(start)}" '
        f'endDate="{_t(end)}" value="{value}"'
    )


def _day(day: datetime, n: int, run: bool) -> tuple[list[str], str | None]:
    """One day's records (heart rate every ``n`` minutes, more in a run) and the run's Workout element."""
    out: list[str] = []
    hr = "HKQuantityTypeIdentifierHeartRate"
    motion = '>\n  <MetadataEntry key="HKMetadataKeyHeartRateMotionContext" value="0"/>\n </Record>\n'
    minute = 0
    while minute < 24 * 60:
        t = day + timedelta(minutes=minute)
        out.append(_record(hr, t, t, str(55 + (minute * 7) % 40), "count/min") + motion)
        minute += n
    workout = None
    if run:
        start = day + timedelta(hours=7)
        for s in range(0, 45 * 60, 5):  # every 5 s during a 45-minute run
            t = start + timedelta(seconds=s)
            out.append(_record(hr, t, t, str(135 + s % 30), "count/min") + motion)
        end = start + timedelta(minutes=45)
        span = f'startDate="{_t(start)}" endDate="{_t(end)}"'
        workout = (
            f' <Workout workoutActivityType="HKWorkoutActivityTypeRunning" duration="45" durationUnit="min" '
            f'{WATCH} creationDate="{_t(end)}" {span}>\n'
            '  <MetadataEntry key="HKIndoorWorkout" value="0"/>\n'
            '  <MetadataEntry key="HKTimeZone" value="Europe/Berlin"/>\n'
            f'  <WorkoutEvent type="HKWorkoutEventTypeSegment" date="{_t(start)}" duration="45" durationUnit="min"/>\n'
            f'  <WorkoutStatistics type="HKQuantityTypeIdentifierDistanceWalkingRunning" {span} sum="8.1" unit="km"/>\n'
            f'  <WorkoutStatistics type="HKQuantityTypeIdentifierActiveEnergyBurned" {span} sum="612" unit="Cal"/>\n'
            f'  <WorkoutStatistics type="HKQuantityTypeIdentifierHeartRate" {span} average="148" minimum="101" '
            'maximum="171" unit="count/min"/>\n'
            f"  <WorkoutRoute {WATCH} {span}>\n"
            '   <MetadataEntry key="HKMetadataKeySyncVersion" value="2"/>\n'
            f'   <FileReference path="/workout-routes/route_{start:%Y-%m-%d_%-I.%M%p}.gpx"/>\n'
            "  </WorkoutRoute>\n </Workout>\n"
        )
    for h in range(8, 22):  # steps, energy and distance every hour from the phone and the watch
        t = day + timedelta(hours=h)
        e = t + timedelta(minutes=10)
        out.append(_record("HKQuantityTypeIdentifierStepCount", t, e, "812", "count", PHONE) + "/>\n")
        out.append(_record("HKQuantityTypeIdentifierActiveEnergyBurned", t, e, "31.7", "Cal") + "/>\n")
        out.append(_record("HKQuantityTypeIdentifierDistanceWalkingRunning", t, e, "0.61", "km", PHONE) + "/>\n")
    morning = day + timedelta(hours=6)
    out.append(_record("HKQuantityTypeIdentifierRestingHeartRate", morning, morning, "52", "count/min") + "/>\n")
    beats = "".join(
        f'   <InstantaneousBeatsPerMinute bpm="{60 + i % 9}" time="6:0{i // 10}:{i % 10}0.{i:02d} AM"/>\n'
        for i in range(60)
    )
    out.append(
        _record("HKQuantityTypeIdentifierHeartRateVariabilitySDNN", morning, morning, "47.2", "ms")
        + f">\n  <HeartRateVariabilityMetadataList>\n{beats}  </HeartRateVariabilityMetadataList>\n </Record>\n"
    )
    night = day - timedelta(hours=1)
    for k, (stage, length) in enumerate((("Core", 180), ("Deep", 60), ("REM", 90), ("Core", 100))):
        s = night + timedelta(minutes=sum((180, 60, 90, 100)[:k]))
        out.append(
            _record(
                "HKCategoryTypeIdentifierSleepAnalysis",
                s,
                s + timedelta(minutes=length),
                f"HKCategoryValueSleepAnalysisAsleep{stage}",
                "",
            )
            + "/>\n"
        )
    return out, workout


def write_export(path: Path, size_mb: int) -> tuple[int, int]:
    """An export.xml of about ``size_mb`` MB; its size in bytes and the number of runs in it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    target = size_mb * 1024 * 1024
    start = datetime(2015, 1, 1, tzinfo=ZONE)
    sample, _ = _day(start, 5, True)
    per_day = sum(len(s.encode()) for s in sample) * 0.75  # every other day a run
    days = max(30, int(1.5 * target / per_day))  # more than enough: the loop stops at the size asked for
    minutes = 5
    workouts: list[str] = []
    written = 0
    with open(path, "w", encoding="utf-8", buffering=1 << 22) as fh:
        fh.write('<?xml version="1.0" encoding="UTF-8"?>\n' + DTD + '<HealthData locale="en_GB">\n')
        fh.write(f' <ExportDate value="{_t(start + timedelta(days=days + 1))}"/>\n')
        fh.write(
            ' <Me HKCharacteristicTypeIdentifierDateOfBirth="1990-05-20" '
            'HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexFemale" '
            'HKCharacteristicTypeIdentifierBloodType="HKBloodTypeNotSet" '
            'HKCharacteristicTypeIdentifierFitzpatrickSkinType="HKFitzpatrickSkinTypeNotSet" '
            'HKCharacteristicTypeIdentifierCardioFitnessMedicationsUse="None"/>\n'
        )
        written_days = 0
        for d in range(days):
            records, workout = _day(start + timedelta(days=d), minutes, d % 2 == 0)
            fh.write("".join(records))
            written_days += 1
            if workout:
                workouts.append(workout)
            written = fh.tell()
            if written >= target:
                break
        fh.write("".join(workouts))
        for d in range(written_days):
            fh.write(
                f' <ActivitySummary dateComponents="{start + timedelta(days=d):%Y-%m-%d}" activeEnergyBurned="612" '
                'activeEnergyBurnedGoal="500" activeEnergyBurnedUnit="Cal" appleExerciseTime="45" '
                'appleExerciseTimeGoal="30" appleStandHours="12" appleStandHoursGoal="12"/>\n'
            )
        fh.write("</HealthData>\n")
    return path.stat().st_size, len(workouts)


# ---------------------------------------------------------------- the readers, each in a child process


def run_strideguard(path: Path) -> str:
    from strideguard.ingest import apple

    export = apple.read_export(lambda: open(path, "rb"), str(path))
    samples = sum(len(w.hr_t) for w in export.workouts)
    return f"{len(export.workouts)} runs ({samples:,} heart-rate samples in them), {len(export.wellness)} days"


def run_elementtree(path: Path) -> str:
    import xml.etree.ElementTree as ET

    root = ET.parse(path).getroot()
    runs = sum(1 for w in root.iter("Workout") if w.get("workoutActivityType") == "HKWorkoutActivityTypeRunning")
    return f"{runs} runs (tree of {sum(1 for _ in root):,} top-level elements)"


def run_ahp(zip_path: Path) -> str:
    from apple_health_parser.utils.parser import Parser  # type: ignore[import-not-found]  # another venv's package

    with tempfile.TemporaryDirectory(dir=zip_path.parent) as out:
        parser = Parser(export_file=zip_path, output_dir=out, overwrite=True)
        return f"{len(parser.flags)} record types, {sum(len(v) for v in parser.records.values()):,} records"


RUNNERS = {"strideguard": run_strideguard, "elementtree": run_elementtree, "apple-health-parser": run_ahp}


def _child(name: str, path: Path, limit_bytes: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, limit_bytes))
    t0 = time.perf_counter()
    try:
        detail = RUNNERS[name](path)
        status = "ok"
    except MemoryError:
        detail, status = "MemoryError", "memory limit"
    seconds = time.perf_counter() - t0
    print(json.dumps({"status": status, "detail": detail, "seconds": seconds}))


def measure(name: str, path: Path, size: int, limit_gb: float, python: str = sys.executable) -> dict[str, object]:
    """Run one reader in a child process; its time, peak RSS (kernel's max RSS of the child) and result."""
    limit = int(limit_gb * 1024**3)
    script = str(Path(__file__).resolve())
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1] / "src"))
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [python, script, "--child", name, "--file", str(path), "--limit-bytes", str(limit)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    out = proc.stdout.read() if proc.stdout else ""
    err = proc.stderr.read() if proc.stderr else ""
    peak_mb = usage.ru_maxrss / 1024  # Linux: kB
    try:
        result = json.loads(out.strip().splitlines()[-1])
    except (ValueError, IndexError):
        last = (err.strip().splitlines() or ["no output"])[-1]
        result = {"status": "failed", "detail": last[:100], "seconds": wall}
    if status != 0 and result.get("status") == "ok":
        result["status"] = f"exit {status}"
    if result["status"] != "ok" and peak_mb * 1024**2 >= 0.9 * limit:  # libxml2 says "unknown error" when out of memory
        result["status"] = "memory limit"
    seconds = float(result["seconds"])  # type: ignore[arg-type]
    return {
        "reader": name,
        "mb": size / 1024**2,
        "seconds": seconds,
        "mb_s": size / 1024**2 / seconds if result["status"] == "ok" and seconds else None,
        "peak_rss_mb": peak_mb,
        "status": result["status"],
        "detail": result["detail"],
    }


def _print(rows: list[dict[str, object]]) -> None:
    print(f"{'reader':<22}{'file MB':>9}{'seconds':>9}{'MB/s':>8}{'peak RSS MB':>13}  result")
    for r in rows:
        mb_s = f"{r['mb_s']:.1f}" if r["mb_s"] else "–"
        print(
            f"{r['reader']:<22}{r['mb']:>9.0f}{r['seconds']:>9.1f}{mb_s:>8}{r['peak_rss_mb']:>13.0f}  "
            f"{r['status']}: {r['detail']}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=2048)
    parser.add_argument("--small-mb", type=int, default=256)
    parser.add_argument("--limit-gb", type=float, default=8.0, help="memory limit of each reader's process")
    parser.add_argument("--dir", type=Path, default=None, help="where to write the exports (default: a temp folder)")
    parser.add_argument("--ahp-python", default="/tmp/ahp-venv/bin/python", help="a Python with apple-health-parser")
    parser.add_argument("--child")
    parser.add_argument("--file", type=Path)
    parser.add_argument("--limit-bytes", type=int)
    args = parser.parse_args()
    if args.child:
        _child(args.child, args.file, args.limit_bytes)
        return
    base = args.dir or Path(tempfile.mkdtemp(prefix="apple-bench-"))
    ahp = args.ahp_python if Path(args.ahp_python).exists() else None
    rows: list[dict[str, object]] = []
    try:
        for size_mb in (args.small_mb, args.size_mb):
            folder = base / f"{size_mb}mb" / "apple_health_export"
            xml = folder / "export.xml"
            t0 = time.perf_counter()
            size, runs = write_export(xml, size_mb)
            print(f"wrote {xml} ({size / 1024**2:.0f} MB, {runs} runs) in {time.perf_counter() - t0:.0f} s", flush=True)
            rows.append(measure("strideguard", xml, size, args.limit_gb))
            rows.append(measure("elementtree", xml, size, args.limit_gb))
            if ahp:
                zipped = base / f"{size_mb}mb" / "export.zip"
                with zipfile.ZipFile(zipped, "w", zipfile.ZIP_STORED) as zf:
                    zf.write(xml, "apple_health_export/export.xml")
                rows.append(measure("apple-health-parser", zipped, size, args.limit_gb, ahp))
                zipped.unlink()
            else:
                print("apple-health-parser: not installed (give --ahp-python); skipped")
            _print(rows[-3:] if ahp else rows[-2:])
            print(flush=True)
    finally:
        if args.dir is None:
            shutil.rmtree(base, ignore_errors=True)
    print(
        f"machine: {os.cpu_count()} cores; Python {sys.version.split()[0]}; each reader limited to {args.limit_gb:g} GB"
    )
    print(f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    _print(rows)


if __name__ == "__main__":
    main()
