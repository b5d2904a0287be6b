"""`symptom log` without a file: the intake's questions through Typer's runner, answered like a runner would."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner, Result

from strideguard import api
from strideguard.cli import app

FOLLOW_UPS = "\n" * 40  # Enter for any question the triage itself asks afterwards


def log(db: Path, answers: list[str]) -> Result:
    return CliRunner().invoke(app, ["--db", str(db), "symptom", "log", "--json"], input="\n".join(answers) + FOLLOW_UPS)


def stored(db: Path) -> dict:  # type: ignore[type-arg]
    rows = api.symptom_list(str(db))
    assert len(rows) == 1
    return rows[0]["report"]  # type: ignore[no-any-return]


def test_knee_without_injury_asks_knee_questions_only_and_asks_again_after_a_mistyped_answer(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    api.profile_set(str(db), birth_year=1990, sex="male")  # no age question; no female-only questions
    answers = [
        "2026-11-20",  # date
        "1",  # region: 1 = knee
        "left",  # side
        "under the kneecap",  # where exactly: not a choice ...
        "2",  # ... asked again: 2 = below_kneecap
        "gradual",  # onset
        "1",  # mechanism: 1 = none
        "n",  # swelling
        "n",  # redness or warmth
        "n",  # numbness or tingling
        "6",  # pain during
        "5",  # pain after
        "0",  # pain at rest
        "3",  # pain the next morning
        "sometimes",  # when: not a choice ...
        "1, bending_knee",  # ... asked again: while running and when bending the knee
        "y",  # creaking
        "n",  # locking
        "maybe",  # heaviness: not yes or no ...
        "n",  # ... asked again
        "y",  # more running before it started
        "10",  # for how many days
        "n",  # improving
        "",  # notes
    ]
    result = log(db, answers)
    assert result.exit_code == 0, result.output
    prompts = result.stderr
    assert prompts.count("Not accepted") == 3
    assert "Not accepted: 'under the kneecap'. Type a number from 1 to 7" in prompts
    # no ankle or foot bone sites, no calf clot questions, no ankle sprain count for a knee
    for other in ("malleolus", "navicular", "metatarsal", "travelled", "sprained this ankle", "tiptoe"):
        assert other not in prompts, other
    report = stored(db)
    assert report["location"] == "below_kneecap"
    assert report["when"] == ["during_run", "bending_knee"]
    assert report["creaking"] is True and report["heaviness"] is False and report["improving"] is False
    assert (report["pain_during"], report["pain_after"], report["pain_rest"], report["pain_next_morning"]) == (
        6,
        5,
        0,
        3,
    )
    assert report["duration_days"] == 10 and report["recent_load_increase"] is True
    assert "bone_tenderness" not in report and "age" not in report  # not asked; age comes from the profile
    assert json.loads(result.stdout)["report"]["id"] == 1


def test_ankle_twist_asks_the_ottawa_questions_and_bone_sites_of_the_ankle(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    answers = [
        "2026-11-20",
        "ankle",
        "41",  # age: no profile
        "right",
        "1",  # where: 1 = outer
        "sudden",
        "twist",
        "n",  # unable to take four steps
        "n",  # deformed
        "y",  # swollen
        "n",  # red or warm
        "n",  # fever (asked because it is swollen)
        "n",  # numbness
        "6",  # pain during
        "",  # pain after: skipped
        "",
        "",
        "during_run",  # when
        "1",  # tender bones: 1 = lateral malleolus
        "n",  # gives way
        "3",  # sprains in 12 months
        "y",  # bruising
        "1",  # days
        "rolled it on a root",  # notes
    ]
    result = log(db, answers)
    assert result.exit_code == 0, result.output
    assert "outer ankle bone" in result.stderr and "kneecap (patella)" not in result.stderr
    report = stored(db)
    assert report["bone_tenderness"] == ["lateral_malleolus"] and report["mechanism"] == "twist"
    assert report["unable_to_bear_weight"] is False and report["swelling"] is True and report["fever"] is False
    assert report["age"] == 41 and report["previous_sprains_12m"] == 3 and report["notes"] == "rolled it on a root"
    assert "pain_after" not in report  # skipped = not reported, never 0
    # a tender lateral malleolus after a twist: the Ottawa ankle rule asks for an X-ray
    assert "ottawa_ankle" in json.loads(result.stdout)["triage"]["matched_rules"]


def test_calf_pain_asks_the_clot_questions(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    api.profile_set(str(db), birth_year=1992, sex="female")
    answers = [
        "2026-11-20",
        "calf",
        "left",
        "back",
        "gradual",
        "none",
        "n",  # swelling
        "n",  # red or warm
        "n",  # numbness
        "n",  # one calf swollen
        "y",  # one calf tender
        "y",  # long journey
        "n",  # bed rest or cast
        "n",  # operation
        "n",  # hormonal contraception (female profile)
        "n",  # pregnant or postpartum
        "n",  # clot before
        "n",  # short of breath
        "n",  # chest pain
        "0",  # pain during
        "",  # pain after
        "4",  # pain at rest
        "",  # pain next morning
        "at_rest",  # when
        "n",  # weight loss (pain at rest)
        "n",  # cramp
        "n",  # settles after stopping
        "n",  # more running before
        "3",  # days
        "",  # notes
    ]
    result = log(db, answers)
    assert result.exit_code == 0, result.output
    for question in ("travelled for 4 hours", "contraceptive pill", "blood clot", "short of breath"):
        assert question in result.stderr, question
    report = stored(db)
    assert report["calf_tenderness_one_side"] is True and report["recent_long_travel"] is True
    assert report["calf_swelling_one_side"] is False and report["breathless"] is False
    assert report["pain_rest"] == 4 and report["when"] == ["at_rest"]


def test_an_unfinished_intake_stores_nothing_and_says_so(tmp_path: Path) -> None:
    db = tmp_path / "u.db"
    result = CliRunner().invoke(app, ["--db", str(db), "symptom", "log"], input="2026-11-21\nknee\n")
    assert result.exit_code == 1
    assert "cut off" in result.stderr and "nothing was stored" in result.stderr and "Traceback" not in result.output
    assert api.symptom_list(str(db)) == []


def test_the_region_cannot_be_skipped(tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    result = CliRunner().invoke(app, ["--db", str(db), "symptom", "log"], input="2026-11-21\n\nelbow\n")
    assert "Choose where it hurts." in result.stderr  # Enter on the region
    assert "Not accepted: 'elbow'. Type a number from 1 to 10" in result.stderr
    assert result.exit_code == 1  # then the input ends: cut off
