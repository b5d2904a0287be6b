"""Coaching scenarios through the CLI (issue 14): the week's total, the number of runs, the long run and the kinds.

Each runner's history is 12 weeks of one weekly pattern entered with `run add` (a pace of 6 min/km unless
said), then `plan --days 7 --json` on 2026-11-25. The ranges come from the plan rules (knowledge/plan/rules.yaml
``baseline``) applied by hand, widened only by what the caps of DESIGN.md section 4 may cut:
the usual week is the median of the last 6 weeks with running; a steady week is held and built 5 %;
no run above the 30-day longest x 1.10; no 7 days above the 7 before x 1.30 (never a `high` weekly change,
measured as the status measures it: D-6..D against D-13..D-7), x 1.10 while building beyond the usual week;
monotony under 2.0.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from strideguard.cli import app

TODAY = date(2026, 11, 25)
STEADY = (6, 0, 7, 0, 7, 10, 0)  # 30 km a week in 4 runs, long run 10 km


def runner_with(
    db: Path,
    pattern: tuple[float, ...],
    *,
    weeks: int = 12,
    gap: int = 0,
    last_week: tuple[float, ...] | None = None,
    pace: float = 6.0,
    profile: tuple[str, ...] = ("--experience", "intermediate", "--birth-year", "1990"),
) -> Any:
    runner = CliRunner()

    def cli(*args: str) -> Any:
        result = runner.invoke(app, ["--db", str(db), *args])
        assert result.exit_code == 0, result.output
        return result

    cli("profile", "set", "--timezone", "UTC", *profile)
    start = TODAY - timedelta(days=7 * weeks + gap - 1)
    for w in range(weeks):
        week = last_week if last_week is not None and w == weeks - 1 else pattern
        for dow, km in enumerate(week):
            if km:
                day = (start + timedelta(days=7 * w + dow)).isoformat()
                cli("run", "add", "--date", day, "--distance-km", str(km), "--duration-min", str(round(km * pace, 1)))
    return cli


def week_of(cli: Any) -> tuple[dict[str, Any], float, int, float, list[str]]:
    plan = json.loads(cli("plan", "--date", TODAY.isoformat(), "--days", "7", "--json").stdout)
    runs = [d["session"] for d in plan["days"] if d["session"]["distance_km"] > 0]
    total = round(sum(s["distance_km"] for s in runs), 1)
    longest = max((s["distance_km"] for s in runs), default=0.0)
    return plan, total, len(runs), longest, [s["kind"] for s in runs]


def test_steady_runner_holds_the_usual_week(tmp_path: Path) -> None:
    plan, total, n, longest, kinds = week_of(runner_with(tmp_path / "r.db", STEADY))
    assert plan["baseline"]["week_km"] == 30.0 and plan["baseline"]["runs_per_week"] == 4
    # held and built 5 %: 31.5 km, never more than the 10 % weekly cap (33 km); the old seed dose gave 18 km
    assert 27.0 <= total <= 33.0, total
    assert n == 4
    assert kinds.count("long_run") == 1 and 8.0 <= longest <= 11.0  # 10 km usual, cap 10 x 1.10
    assert set(kinds) <= {"easy_run", "long_run"}


def test_beginner_without_history_starts_with_walk_run(tmp_path: Path) -> None:
    cli = runner_with(tmp_path / "r.db", STEADY, weeks=0, profile=("--experience", "beginner", "--birth-year", "1995"))
    plan, total, n, longest, kinds = week_of(cli)
    assert plan["baseline"] is None
    assert kinds and set(kinds) == {"walk_run"}
    assert 2 <= n <= 3  # 3 sessions a week for beginners (ACSM), the first-week allowance may leave 2
    # the seed's 5.5 km x 0.6 for walk-run (dose.yaml beginner) = 3.3, rounded to the 0.5 km step: 3.5 km
    assert longest <= 3.5


def test_after_a_spike_week_the_plan_steps_back_to_the_usual_week(tmp_path: Path) -> None:
    spike = (8, 0, 10, 0, 10, 14, 0)  # 42 km: 40 % above the usual 30
    plan, total, n, longest, kinds = week_of(runner_with(tmp_path / "r.db", STEADY, last_week=spike))
    assert plan["baseline"]["week_km"] == 30.0
    assert any("step back" in w for d in plan["days"] for w in d["session"]["why"])
    assert 20.0 <= total <= 30.0, total  # back to the usual 30 km at most, never up from 42
    assert 3 <= n <= 4 and longest <= 14 * 1.10


def test_a_mild_niggle_reduces_volume_keeps_running_and_drops_the_long_run(tmp_path: Path) -> None:
    cli = runner_with(tmp_path / "r.db", STEADY)
    report = tmp_path / "knee.json"
    report.write_text(
        json.dumps(
            {
                "date": TODAY.isoformat(),
                "region": "knee",
                "side": "left",
                "location": "around_kneecap",
                "when": ["downhill", "stairs"],
                "pain_during": 3,
                "pain_after": 2,
                "pain_next_morning": 1,
            }
        )
    )
    cli("symptom", "log", str(report))
    plan, total, n, longest, kinds = week_of(cli)
    assert plan["disposition"] == "modify_training"
    # 31.5 km x 0.8 (rules.yaml modify_training) = 25.2 km, in the usual 4 runs, no long run, no walk-run
    assert 22.0 <= total <= 26.0, total
    assert n == 4 and set(kinds) == {"easy_run"}
    assert any("no downhill running, no stairs" in note for note in plan["notes"])  # the aggravating terrain goes


def test_a_stop_and_rest_episode_plans_no_running(tmp_path: Path) -> None:
    cli = runner_with(tmp_path / "r.db", STEADY)
    report = tmp_path / "shin.json"
    report.write_text(json.dumps({"date": TODAY.isoformat(), "region": "shin", "side": "left", "pain_during": 7}))
    cli("symptom", "log", str(report))
    plan, total, n, _, _ = week_of(cli)
    assert plan["mode"] == "no_running" and total == 0 and n == 0
    assert plan["episodes"][0]["region"] == "shin"


def test_a_break_of_one_week_restarts_below_the_usual_week(tmp_path: Path) -> None:
    plan, total, n, _, kinds = week_of(runner_with(tmp_path / "r.db", STEADY, gap=8))
    assert plan["baseline"]["break_days"] >= 8
    # 7-13 days off: restart at 0.8 x 30 = 24 km at most; the 10 % rolling weekly cap rebuilds from the first run
    assert 5.0 <= total <= 24.0, total
    assert n >= 2 and set(kinds) <= {"easy_run", "long_run"}  # an established runner runs, no walk-run


def test_a_break_of_four_weeks_restarts_lower_still(tmp_path: Path) -> None:
    plan, total, n, _, kinds = week_of(runner_with(tmp_path / "r.db", STEADY, gap=29))
    assert plan["mode"] == "restart"
    assert 4.0 <= total <= 15.0, total  # 28+ days off: 0.5 x 30 km (Mujika & Padilla 2000)
    assert n >= 1 and set(kinds) == {"easy_run"}


def test_a_runner_at_60_km_a_week_is_planned_near_60(tmp_path: Path) -> None:
    cli = runner_with(
        tmp_path / "r.db",
        (10, 8, 10, 0, 8, 6, 18),
        pace=5.0,
        profile=("--experience", "advanced", "--birth-year", "1985"),
    )
    plan, total, n, longest, kinds = week_of(cli)
    assert plan["baseline"]["week_km"] == 60.0 and plan["baseline"]["runs_per_week"] == 6
    # the monotony cap (under 2.0, Foster 1998) keeps a rest day or two: 5-6 runs, 45-66 km
    assert 45.0 <= total <= 66.0, total
    assert 5 <= n <= 6
    assert kinds.count("long_run") == 1 and 16.0 <= longest <= 18 * 1.10


def test_a_runner_who_runs_twice_a_week_keeps_two_runs(tmp_path: Path) -> None:
    plan, total, n, longest, kinds = week_of(runner_with(tmp_path / "r.db", (0, 0, 6, 0, 0, 0, 9)))
    assert plan["baseline"]["runs_per_week"] == 2
    assert 14.0 <= total <= 16.6, total  # 15 km held and built 5 % = 15.75, at most +10 %
    assert n == 2 and kinds == ["easy_run", "long_run"] and 8.5 <= longest <= 9.9


def weeks_of(cli: Any, weeks: int) -> list[dict[str, Any]]:
    plan = json.loads(cli("plan", "--date", TODAY.isoformat(), "--days", str(7 * weeks), "--json").stdout)
    return list(plan["weeks"])


def test_a_beginner_keeps_three_walk_runs_a_week_past_the_first_week(tmp_path: Path) -> None:
    cli = runner_with(tmp_path / "r.db", STEADY, weeks=0, profile=("--experience", "beginner", "--birth-year", "1995"))
    # 3 walk-run sessions a week (ACSM) in every one of six weeks, the walk-run stage moving up.
    # The distance follows the weekly change as the status measures it (CONTRACT.md: D-6..D against
    # D-13..D-7): the first session, 3.5 km (the seed's 5.5 km x 0.6 for walk-run, to the 0.5 km step), is
    # all the 7 days the next 7 are compared with, so the 7 days after it hold at most 3.5 x 1.10 = 3.85 km
    # while building (above 3.5 x 1.30 = 4.55 km the status would say `high`): three sessions of about
    # 1.3 km, not 3 x 3.5 = 10.5 km (+200 %, high), which an earlier version of this test expected.
    summaries = weeks_of(cli, 6)
    weeks = _runs_by_week(cli, 6)
    assert [w["runs"] for w in summaries] == [3] * 6
    assert all(d["session"]["kind"] == "walk_run" for week in weeks for d in week)
    runs = [d for week in weeks for d in week]
    assert runs[0]["session"]["distance_km"] == 3.5
    first_day = date.fromisoformat(runs[0]["date"])
    after = [d for d in runs if 1 <= (date.fromisoformat(d["date"]) - first_day).days <= 7]
    assert len(after) == 3 and sum(d["session"]["distance_km"] for d in after) <= 3.85 + 1e-9
    # it builds: the sixth week holds more than the second (10 % a week, a lighter fourth week)
    assert summaries[5]["km"] > summaries[1]["km"]
    stages = [
        int(why.split()[2]) for week in weeks for why in week[0]["session"]["why"][:1] if why.startswith("Walk-run")
    ]
    assert len(stages) == 6 and stages[0] == 1 and stages[-1] > stages[1]


def _runs_by_week(cli: Any, weeks: int) -> list[list[dict[str, Any]]]:
    plan = json.loads(cli("plan", "--date", TODAY.isoformat(), "--days", str(7 * weeks), "--json").stdout)
    days = plan["days"]
    return [[d for d in days[7 * k : 7 * k + 7] if d["session"]["distance_km"] > 0] for k in range(weeks)]


def test_a_steady_runner_keeps_four_runs_and_the_long_run_day_for_six_weeks(tmp_path: Path) -> None:
    # The history's week starts on Thursday 2026-09-03: 6 km Thursday, 7 Saturday, 7 Monday, 10 Tuesday.
    cli = runner_with(tmp_path / "r.db", STEADY)
    plan = json.loads(cli("plan", "--date", TODAY.isoformat(), "--days", "7", "--json").stdout)
    assert plan["baseline"]["run_weekdays"] == ["monday", "tuesday", "thursday", "saturday"]
    assert plan["baseline"]["long_run_weekday"] == "tuesday"
    weeks = _runs_by_week(cli, 6)
    totals = [round(sum(d["session"]["distance_km"] for d in w), 1) for w in weeks]
    for week in weeks:
        assert len(week) == 4  # the usual four runs every week (they held 3 in weeks 2-6, down to 18.8 km)
        assert {date.fromisoformat(d["date"]).weekday() for d in week} == {0, 1, 3, 5}
        (long_run,) = [d for d in week if d["session"]["kind"] == "long_run"]
        assert date.fromisoformat(long_run["date"]).weekday() == 1  # on the usual Tuesday
        assert all(long_run["session"]["distance_km"] > d["session"]["distance_km"] for d in week if d != long_run)
    # building weeks: 30 x 1.05^k (rules.yaml baseline.progression), each within +10 % of the week before
    # (the weekly cap); the fifth a lighter week (x 0.8 of the fourth's target, Pfitzinger); the sixth back up
    # by at most the weekly cap
    assert 30.0 <= totals[0] <= 33.0
    assert all(totals[k - 1] < totals[k] <= totals[k - 1] * 1.10 + 0.05 for k in (1, 2, 3)), totals
    assert totals[4] <= 0.85 * totals[3] and totals[4] < totals[5] <= totals[4] * 1.10 + 0.05, totals


def test_a_returning_runner_rebuilds_in_the_usual_four_runs(tmp_path: Path) -> None:
    # 9 days off: restart below the usual 30 km (0.8 x 30 = 24 km at most, Mujika & Padilla 2000) and
    # rebuild, every week in the usual 4 runs (they fell to 1 run of about 5 km a week from the second week).
    weeks = _runs_by_week(runner_with(tmp_path / "r.db", STEADY, gap=8), 6)
    totals = [round(sum(d["session"]["distance_km"] for d in w), 1) for w in weeks]
    assert [len(w) for w in weeks] == [4] * 6
    # The weekly change as the status measures it (D-6..D against D-13..D-7) compares the 7 days after the
    # first run back with that run alone: they may hold at most 1.30 x it. The first run back is the week's
    # long run at the restart's scale, 0.8 x 10 = 8 km, so the 7 days after it hold at most 10.4 km, the 7
    # after those 13.5 km. Week 1 = 8 + its 3 other runs, which share those 10.4 km with the first run of
    # week 2 (at least 2.0 km, 0.3 x the usual easy run of 6.7 km): at most 16.4 km; weeks 1 and 2 together
    # at most 8 + 10.4 + 13.5 - 2.0 = 29.9 km. (This test once asked for 20-24 km in week 1 and 20 km every
    # week: weeks 1 and 2 reach 40 km only with a first run back of 11 km, above the 10 km usual long run.)
    assert weeks[0][0]["session"]["distance_km"] == 8.0
    assert 14.0 <= totals[0] <= 16.4 and totals[0] + totals[1] <= 29.9, totals
    assert all(t <= 30.0 for t in totals), totals
    assert totals[1] < totals[2] < totals[3] and totals[3] > totals[0], totals  # and it rebuilds


def test_after_a_spike_week_the_long_run_stays_the_longest_run_of_each_week(tmp_path: Path) -> None:
    spike = (8, 0, 10, 0, 10, 14, 0)
    weeks = _runs_by_week(runner_with(tmp_path / "r.db", STEADY, last_week=spike), 6)
    for week in weeks[1:]:  # the first week steps back under the caps of the spike week
        longs = [d["session"]["distance_km"] for d in week if d["session"]["kind"] == "long_run"]
        easy = [d["session"]["distance_km"] for d in week if d["session"]["kind"] == "easy_run"]
        # before, the easy runs took the weekly cap's room first and left "long runs" of 5.6 km beside 8.6 km
        assert len(longs) == 1 and longs[0] >= 9.0 and all(longs[0] > e for e in easy), week


def test_a_day_is_planned_the_same_whatever_the_number_of_days_asked(tmp_path: Path) -> None:
    # status plans one day, Today and `plan` seven, the calendar more: the same day gets the same session
    # (the long run a few days ahead is sized from its own week's target even when that week is not shown)
    cli = runner_with(tmp_path / "r.db", STEADY, last_week=(8, 0, 10, 0, 10, 14, 0))
    plans = {
        n: json.loads(cli("plan", "--date", TODAY.isoformat(), "--days", str(n), "--json").stdout) for n in (1, 7, 14)
    }
    assert plans[7]["days"] == plans[14]["days"][:7] and plans[1]["days"] == plans[7]["days"][:1]
    status = json.loads(cli("status", "--date", TODAY.isoformat(), "--json").stdout)["recommendation"]["session"]
    first = plans[7]["days"][0]
    assert (status["date"], status["kind"], status["distance_km"]) == (
        first["date"],
        first["session"]["kind"],
        first["session"]["distance_km"],
    )
