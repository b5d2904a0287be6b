"""The command line in Korean (issue 17): every command, its help, its errors, and how the language is chosen.

Korean means: Hangul in what the command prints, and no sentence of the English locale files that has a
Korean translation (a text the same in both languages, such as a unit or a brand name, may appear: it
is the same words in either). Ids, field names, file names and citations stay as they are.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner, Result

from strideguard import api, knowledge
from strideguard.cli import app
from strideguard.cli.lang import help_texts
from strideguard.domain import WellnessDay
from strideguard.store import open_database
from strideguard.store import wellness as wellness_store

DAY = date(2026, 11, 25)  # the demo's history ends here
WIDE = {"COLUMNS": "200"}  # few wrapped lines: an English sentence is found whole
HANGUL = re.compile(r"[\uac00-\ud7a3]")
_FIELD = re.compile(r"\{[^{}]*\}")
_WORDS = re.compile(r"[A-Za-z]{2,}\W+[A-Za-z]{2,}\W+[A-Za-z]{2,}")  # three words: a sentence, not a term
KNEE = {"date": "2026-11-24", "region": "knee", "side": "left", "location": "below_kneecap", "pain_during": 4}


@cache
def english_sentences() -> frozenset[str]:
    """The English pieces (three words or more between the values) of every text translated into Korean."""
    en, ko = knowledge.texts("en"), knowledge.texts("ko")
    pieces = set()
    for tid, text in en.items():
        if ko[tid] == text:  # the same in both languages (a unit, a brand, a text not translated on this branch)
            continue
        for piece in _FIELD.split(text):
            piece = piece.strip(" .,;:()")
            if _WORDS.search(piece):
                pieces.add(piece)
    return frozenset(pieces)


@cache
def untranslated() -> tuple[str, ...]:
    """The pieces of the texts still the same in both languages, and the citations (quoted as published),
    longest first: words from these are not the command line's English. (On a branch where another
    helper's Korean has not landed yet, their texts are English in both; once it has, only units and
    names are left here.)"""
    en, ko = knowledge.texts("en"), knowledge.texts("ko")
    pieces = {p.strip() for tid, text in en.items() if ko[tid] == text for p in _FIELD.split(text)}
    pieces |= {s["citation"] for s in knowledge.sources().values()}
    return tuple(sorted((flat(p) for p in pieces if len(p.strip()) >= 4), key=len, reverse=True))


def flat(text: str) -> str:
    """Output with the invisible word joiner gone and every run of white space one space."""
    return " ".join(text.replace("\u2060", "").split())


def translated(prefix: str) -> bool:
    """Whether the texts under ``prefix`` have their Korean (another helper's file may not have landed yet)."""
    en, ko = knowledge.texts("en"), knowledge.texts("ko")
    return any(ko[tid] != text for tid, text in en.items() if tid.startswith(prefix))


def assert_korean(text: str, what: str = "", words_of: tuple[str, ...] = ()) -> None:
    """Hangul in ``text`` and no English sentence; ``words_of``: the text id prefixes of another helper's
    locale file that all of this output comes from (Hangul is expected once they are translated)."""
    shown = flat(text)
    if all(translated(prefix) for prefix in words_of):
        assert HANGUL.search(shown), f"no Hangul in {what}: {shown[:300]}"
    for piece in untranslated():
        shown = shown.replace(piece, " ")
    english = sorted(p for p in english_sentences() if p in shown)
    assert english == [], f"English in {what}: {english}"


def invoke(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(app, list(args), input=input, env={**WIDE, **(env or {})})


@pytest.fixture(scope="module")
def ko_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo runner built in Korean (its profile reads Korean)."""
    path = tmp_path_factory.mktemp("ko") / "demo.db"
    result = invoke("--lang", "ko", "--db", str(path), "demo", "--today", DAY.isoformat(), "--json")
    assert result.exit_code == 0, result.output
    return path


class Korean:
    """``strideguard --lang ko --db <a new file> ...``, and that file."""

    def __init__(self, db: Path) -> None:
        self.db = db

    def __call__(self, *args: str, input: str | None = None) -> Result:
        return invoke("--lang", "ko", "--db", str(self.db), *args, input=input)


@pytest.fixture()
def ko(tmp_path: Path) -> Korean:
    return Korean(tmp_path / "ko.db")


def test_the_check_finds_english_and_lets_units_and_ids_through() -> None:
    assert "is not allowed" in english_sentences()  # errors.input
    with pytest.raises(AssertionError, match="English"):
        assert_korean("오류: days: 0 is not allowed; 1부터 366까지")
    with pytest.raises(AssertionError, match="no Hangul"):
        assert_korean("status")
    assert_korean("다음 훈련: 가벼운 달리기, 30분, 5.0 km  (session_spike, frandsen-2025)")


# ---------------------------------------------------------------- every command, as a runner uses it


def test_demo_status_plan_and_the_calendar_in_korean(tmp_path: Path) -> None:
    db = str(tmp_path / "demo.db")
    demo = invoke("--lang", "ko", "--db", db, "demo", "--today", DAY.isoformat())
    assert demo.exit_code == 0, demo.output
    assert_korean(demo.output, "demo")
    for words in ("데모 러너를 만들었어요", "오늘의 상태", "최근 증상 보고의 판단", "앞으로 7일", "다음 훈련:"):
        assert words in demo.stdout
    status = invoke("--lang", "ko", "--db", db, "status", "--date", DAY.isoformat())
    assert status.exit_code == 0 and "한 번의 급격한 거리 증가" in status.stdout
    assert_korean(status.output, "status")
    ics = tmp_path / "plan.ics"
    plan = invoke("--lang", "ko", "--db", db, "plan", "--date", DAY.isoformat(), "--ics", str(ics))
    assert plan.exit_code == 0, plan.output
    assert_korean(plan.output, "plan")
    assert "캘린더 파일을 썼어요" in plan.stderr
    assert re.search(r"\d+월 \d+일 \([월화수목금토일]\)", plan.stdout)  # the day column: 11월 26일 (목)
    calendar = ics.read_text(encoding="utf-8")
    assert "X-WR-CALNAME:strideguard 훈련 계획" in calendar
    unfolded = calendar.replace("\r\n ", "")
    assert "준비운동:" in unfolded or "근력 운동:" in unfolded or "회복:" in unfolded
    assert "Warm-up:" not in unfolded and "Recovery:" not in unfolded


def test_the_korean_demo_gives_the_same_numbers_and_ids_as_the_english_one(tmp_path: Path, ko_db: Path) -> None:
    english = invoke("--db", str(tmp_path / "en.db"), "demo", "--today", DAY.isoformat(), "--json")
    korean = invoke("--lang", "ko", "--db", str(tmp_path / "ko.db"), "demo", "--today", DAY.isoformat(), "--json")
    en, ko = json.loads(english.stdout), json.loads(korean.stdout)

    def facts(d: dict) -> dict:
        rec = d["status"]["recommendation"]
        return {
            "signals": [(s["id"], s["level"], s["value"], s["source"]) for s in d["status"]["signals"]],
            "next": (rec["disposition"], rec["session"]["kind"], rec["session"]["distance_km"]),
            "triage": (d["triage"]["disposition"], [s["id"] for s in d["triage"]["suspected"]]),
            "actions": [(a["id"], a["source"]) for a in d["triage"]["actions"]],
            "plan": [(x["date"], x["session"]["kind"], x["session"]["distance_km"]) for x in d["plan"]["days"]],
            "keys": sorted(d),
        }

    assert facts(en) == facts(ko)
    assert (en["profile"]["name"], ko["profile"]["name"]) == ("Demo Runner", "데모 러너")
    # the Korean demo keeps its language; the English one chooses none (the web app then follows the browser)
    assert (en["profile"]["language"], ko["profile"]["language"]) == (None, "ko")
    # the Korean demo database is a demo database too: building it again is allowed
    again = invoke("--db", str(tmp_path / "ko.db"), "demo", "--today", DAY.isoformat(), "--json")
    assert again.exit_code == 0, again.output


def test_symptoms_triage_episodes_and_the_interactive_report(ko: Korean, tmp_path: Path) -> None:
    report = tmp_path / "knee.json"
    report.write_text(json.dumps(KNEE), encoding="utf-8")
    triage = ko("triage", str(report))
    assert triage.exit_code == 0, triage.output
    assert_korean(triage.output, "triage")
    assert "이렇게 하세요:" in triage.stdout and "판단 규칙" in triage.stdout
    logged = ko("symptom", "log", str(report))
    assert logged.exit_code == 0 and "증상 보고 1번을 저장했어요 (무릎, 2026년 11월 24일 (화))." in logged.stderr
    listed = ko("symptom", "list")
    assert listed.exit_code == 0 and "왼쪽 무릎뼈 아래" in listed.stdout
    assert_korean(listed.output, "symptom list")
    episodes = ko("symptom", "episodes", "--date", "2026-11-24")
    assert episodes.exit_code == 0, episodes.output
    assert_korean(episodes.output, "symptom episodes")
    resolved = ko("symptom", "resolve", "1", "--reason", "병원 진료: 달려도 된다고 함", "--date", "2026-11-24")
    assert resolved.exit_code == 0 and "병원 진료: 달려도 된다고 함" in resolved.stdout
    # the intake, answered on the keyboard: the region by its number, then Enter for every question left
    answers = "\n".join(["2026-11-24", "1", *[""] * 80]) + "\n"
    asked = ko("symptom", "log", input=answers)
    assert asked.exit_code == 0, asked.output
    assert "증상 보고 2번을 저장했어요 (무릎, 2026년 11월 24일 (화))." in asked.stderr
    assert_korean(asked.stdout, "symptom log (asked)")


def test_runs_shoes_checkins_and_deleted_items(ko: Korean) -> None:
    added = ko("run", "add", "--date", "2026-11-20", "--distance-km", "5", "--duration-min", "31")
    assert added.exit_code == 0 and "저장했어요: 활동 1번" in added.stderr
    again = ko("run", "add", "--date", "2026-11-20", "--distance-km", "5", "--duration-min", "31")
    assert "이미 있는 기록이에요: 활동 1번" in again.stderr
    rated = ko("run", "rate", "1", "--rpe", "4", "--note", "다리가 무거웠어요")
    assert rated.exit_code == 0, rated.output
    activities = ko("activities")
    assert activities.exit_code == 0 and "활동 1개" in activities.stdout and "달리기" in activities.stdout
    assert_korean(activities.output, "activities")
    for args in (
        ("shoes", "add", "로드화", "--default", "--initial-km", "520"),
        ("shoes", "assign", "로드화", "--activity", "1"),
        ("shoes", "default", "로드화"),
        ("shoes", "list"),
        ("shoes", "retire", "로드화", "--on", "2026-11-24"),
    ):
        result = ko(*args)
        assert result.exit_code == 0, (args, result.output)
        assert_korean(result.output, " ".join(args))
        if args[1] == "list":  # 520 + 5 km: past 500 km, a caution
            assert "로드화 (기본)" in result.stdout and "주의" in result.stdout and "러닝화 1켤레" in result.stdout
    report = {"date": "2026-11-21", "region": "ankle", "side": "right", "pain_during": 3}
    assert api.symptom_log(str(ko.db), report)["report"]["id"] == 1
    checkin = ko("checkin", "--date", "2026-11-22", "--pain", "1=2", "--stiffness", "1")
    assert checkin.exit_code == 0, checkin.output
    assert_korean(checkin.output, "checkin", words_of=("feel.checkin.",))
    checkins = ko("checkins")
    assert checkins.exit_code == 0 and "뻣뻣함" in checkins.stdout
    edited = ko("run", "edit", "1", "--name", "강변 달리기")
    assert edited.exit_code == 0, edited.output
    deleted = ko("run", "delete", "1", "--yes")
    assert deleted.exit_code == 0, deleted.output
    assert_korean(ko("deleted").output, "deleted")
    assert ko("run", "restore", "1").exit_code == 0


def test_profile_wellness_report_import_export_and_restore(ko: Korean, tmp_path: Path, test_files: Path) -> None:
    profile = ko("profile", "set", "--name", "민아", "--sex", "female", "--experience", "beginner", "--language", "ko")
    assert profile.exit_code == 0 and "여성" in profile.stdout and "초보" in profile.stdout
    assert_korean(profile.output, "profile set")
    db = open_database(str(ko.db))
    spike = date(2026, 3, 31)
    for back in range(30, 0, -3):
        api.run_add(db, date=spike - timedelta(days=back), distance_km=5.0, duration_min=30.0)
    api.run_add(db, date=spike, distance_km=12.0, duration_min=75.0)
    with db.begin() as conn:
        wellness_store.upsert(conn, [WellnessDay(spike - timedelta(days=b), "garmin", 7.0, 50.0) for b in range(10)])
    db.close()
    wellness = ko("wellness", "--date", spike.isoformat(), "--days", "7")
    assert wellness.exit_code == 0 and "안정 시 심박수 (bpm)" in wellness.stdout
    assert_korean(wellness.output, "wellness")
    html = ko("report", "--out", str(tmp_path / "report.html"), "--date", spike.isoformat())
    assert html.exit_code == 0 and "에 썼어요" in html.stderr
    assert_korean(html.output, "report")
    good, bad = test_files / "python-fitparse" / "garmin-fenix-5-run.fit", test_files / "invalid" / "strideguard"
    broken = sorted(bad.glob("*bad-crc*"))[0]
    imported = ko("import", str(good), str(broken))
    assert imported.exit_code == 1
    assert "가져오지 못한 파일 1개" in imported.stdout and "CRC가 맞지 않아요" in imported.stdout
    assert_korean(imported.output, "import")
    export = ko("export", "--out", str(tmp_path / "backup.json"))
    assert export.exit_code == 0 and "에 썼어요" in export.stderr
    refused = ko("restore", str(tmp_path / "backup.json"))  # into the same, full database
    assert refused.exit_code == 1 and "새 빈 데이터베이스로 되살리세요" in refused.stderr
    assert_korean(refused.output, "restore refused")
    fresh = invoke("--lang", "ko", "--db", str(tmp_path / "fresh.db"), "restore", str(tmp_path / "backup.json"))
    assert fresh.exit_code == 0 and "되살렸어요" in fresh.stderr


# ---------------------------------------------------------------- refused input: exit 1, Korean, the field named


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("plan", "--days", "0"), "days"),
        (("status", "--date", "2026-13-40"), "date"),
        (("run", "add", "--date", "2026-11-20", "--distance-km", "5", "--duration-min", "1"), "distance_km"),
        (("run", "add", "--date", "2026-11-20", "--time", "7h", "--distance-km", "5", "--duration-min", "30"), "time"),
        (("run", "rate", "1", "--rpe", "eleven"), "--rpe"),
        (("checkin", "--pain", "3"), "--pain"),
        (("triage", "nope.json"), "FILE"),
        (("report", "--out", "r.html", "--weeks", "2", "--from", "2026-01-01"), "weeks"),
        (("symptom", "resolve", "x", "--reason", "진료"), "episode"),
        (("profile", "set", "--timezone", "Mars/Olympus"), "timezone"),
        (("profile", "set", "--sex", "x"), "sex"),
        (("shoes", "assign", "없는 러닝화", "--activity", "1"), "없는 러닝화"),
    ],
)
def test_refused_input_says_in_korean_which_field_and_what_to_fix(
    ko: Korean, args: tuple[str, ...], field: str
) -> None:
    result = ko(*args)
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("오류: ") and field in result.stderr and "Traceback" not in result.output
    assert_korean(result.stderr, " ".join(args))


def test_a_broken_symptom_file_is_refused_in_korean(ko: Korean, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"date": "2026-11-20", "region": ', encoding="utf-8")
    result = ko("triage", str(broken))
    assert result.exit_code == 1 and "올바른 JSON 파일이 아니에요" in result.stderr and "1행" in result.stderr
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps({"date": "2026-11-20", "region": "knee", "pain_during": 11}), encoding="utf-8")
    result = ko("triage", str(wrong))
    assert result.exit_code == 1 and "pain_during" in result.stderr and "정수를 쓰세요" in result.stderr


# ---------------------------------------------------------------- choosing the language


def test_lang_then_the_variable_then_the_profile_then_english(tmp_path: Path) -> None:
    db = str(tmp_path / "runner.db")
    english = invoke("--db", db, "shoes", "list")
    assert "0 pairs" in english.stdout and not HANGUL.search(english.stdout)
    assert invoke("--db", db, "profile", "set", "--language", "ko").exit_code == 0
    assert "러닝화 0켤레" in invoke("--db", db, "shoes", "list").stdout  # the profile's language
    assert "0 pairs" in invoke("--db", db, "shoes", "list", env={"STRIDEGUARD_LANG": "en"}).stdout
    assert "0 pairs" in invoke("--lang", "en", "--db", db, "shoes", "list", env={"STRIDEGUARD_LANG": "ko"}).stdout
    assert "러닝화 0켤레" in invoke("--db", db, "shoes", "list", env={"STRIDEGUARD_LANG": "ko"}).stdout
    other = str(tmp_path / "other.db")
    assert "러닝화 0켤레" in invoke("--lang", "ko", "--db", other, "shoes", "list").stdout
    assert "0 pairs" in invoke("--db", other, "shoes", "list").stdout  # nothing chosen: English
    # a refused input of a Korean runner is Korean too, from the profile alone
    refused = invoke("--db", db, "plan", "--days", "0")
    assert refused.exit_code == 1 and refused.stderr.startswith("오류: days: 0 값은 쓸 수 없어요.")


def test_a_language_strideguard_does_not_speak_is_a_usage_error_naming_the_choices(tmp_path: Path) -> None:
    flag = invoke("--lang", "fr", "--db", str(tmp_path / "x.db"), "status")
    assert flag.exit_code == 2 and "'--lang'" in flag.output and "en, ko" in flag.output
    variable = invoke("--db", str(tmp_path / "x.db"), "status", env={"STRIDEGUARD_LANG": "fr"})
    assert variable.exit_code == 2 and "STRIDEGUARD_LANG" in variable.output and "en, ko" in variable.output


def test_one_command_does_not_leave_its_language_to_the_next(tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    assert "러닝화 0켤레" in invoke("--lang", "ko", "--db", db, "shoes", "list").stdout
    assert "0 pairs" in invoke("--db", db, "shoes", "list").stdout
    assert knowledge.language() == "en"


def test_json_keeps_ids_and_field_names_in_every_language(ko_db: Path, tmp_path: Path) -> None:
    korean = invoke("--lang", "ko", "--db", str(ko_db), "status", "--date", DAY.isoformat(), "--json")
    english = invoke("--lang", "en", "--db", str(ko_db), "status", "--date", DAY.isoformat(), "--json")
    ko, en = json.loads(korean.stdout), json.loads(english.stdout)
    assert sorted(ko) == sorted(en) and [sorted(s) for s in ko["signals"]] == [sorted(s) for s in en["signals"]]
    assert [(s["id"], s["level"]) for s in ko["signals"]] == [(s["id"], s["level"]) for s in en["signals"]]
    assert ko["recommendation"]["disposition"] == en["recommendation"]["disposition"] == "modify_training"
    shoes = json.loads(invoke("--lang", "ko", "--db", str(ko_db), "shoes", "list", "--json").stdout)
    assert shoes[0]["level"] in ("ok", "caution", "high") and shoes[0]["name"] == "데모 러닝화"


# ---------------------------------------------------------------- help


def _command_paths() -> Iterator[list[str]]:
    group = typer.main.get_command(app)
    ctx = typer.Context(group)
    for name in group.list_commands(ctx):  # type: ignore[attr-defined]
        command = group.get_command(ctx, name)  # type: ignore[attr-defined]
        yield [name]
        if hasattr(command, "list_commands"):
            for sub in command.list_commands(typer.Context(command)):
                yield [name, sub]


def test_every_help_text_is_a_text_of_help_yaml_in_both_languages() -> None:
    en, ko = help_texts("en"), help_texts("ko")
    assert sorted(en) == sorted(ko)
    group = typer.main.get_command(app)
    used = set()

    def walk(command: object) -> None:
        for text in (getattr(command, "help", None), *(getattr(p, "help", None) for p in command.params)):  # type: ignore[attr-defined]
            if text:
                assert text in en, f"{getattr(command, 'name', '')}: help {text!r} is not a help.yaml id"
                used.add(text)
        for sub in getattr(command, "commands", {}).values():
            walk(sub)

    walk(group)
    chrome = {tid for tid in en if tid.startswith("help.chrome.")}
    assert sorted(set(en) - used - chrome) == []  # no help text left over


@pytest.mark.parametrize("how", ["flag", "variable"])
def test_help_of_every_command_in_korean(how: str) -> None:
    korean = help_texts("ko")
    english = {flat(text) for tid, text in help_texts("en").items() if korean[tid] != text}
    for path in [[], *_command_paths()]:
        args, env = (
            (["--lang", "ko", *path, "--help"], {})
            if how == "flag"
            else ([*path, "--help"], {"STRIDEGUARD_LANG": "ko"})
        )
        result = invoke(*args, env=env)
        assert result.exit_code == 0, (path, result.output)
        shown = flat(result.stdout)
        assert shown.startswith("사용법: strideguard") and "옵션:" in shown, path
        assert HANGUL.search(shown.split("옵션:")[0] + shown), path
        leftovers = [t for t in english if len(t) > 12 and t in shown]
        assert leftovers == [], (path, leftovers)
        assert "Show this message" not in shown and "[default:" not in shown and "Usage:" not in shown


def test_english_help_stays_as_it_was() -> None:
    result = invoke("--help")
    assert result.stdout.startswith("Usage: strideguard [OPTIONS] COMMAND [ARGS]...")
    assert (
        "Options:" in result.stdout and "Commands:" in result.stdout and "Show this message and exit." in result.stdout
    )
    assert "Local-first running coach" in result.stdout and "--lang en|ko" in result.stdout
    plan = invoke("plan", "--help").stdout
    assert "How many days to plan, from tomorrow (1-366). [default: 7]" in flat(plan)


def test_korean_help_lines_fit_the_terminal() -> None:
    from strideguard.cli.lang import cells

    for path in (["plan"], ["report"], []):
        result = invoke("--lang", "ko", *path, "--help", env={"COLUMNS": "80"})
        widest = max(cells(line) for line in result.stdout.splitlines())
        assert widest <= 80, (path, widest)
