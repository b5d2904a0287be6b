"""The knowledge files: the packaged ones load, and every kind of mistake is a KnowledgeError with file and rule."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml

from strideguard import knowledge
from strideguard.errors import KnowledgeError
from strideguard.triage import read_ruleset, ruleset

PACKAGED = Path(str(resources.files("strideguard.knowledge").joinpath("triage")))

REQUIRED_SOURCES = ("seed-article", "ottawa-ankle-1992", "ottawa-knee-1995", "silbernagel-2007")
REQUIRED_CONDITIONS = (
    "patellofemoral_pain",
    "patellar_tendinopathy",
    "itb_syndrome",
    "meniscus_injury",
    "knee_ligament_injury",
    "ankle_sprain",
    "chronic_ankle_instability",
    "achilles_tendinopathy",
    "achilles_rupture",
    "plantar_fasciitis",
    "shin_splints",
    "stress_fracture",
    "exercise_associated_cramp",
    "deep_vein_thrombosis",
    "joint_infection",
    "nerve_symptoms",
)


def test_packaged_rules_load_and_cite_real_sources() -> None:
    rs = ruleset()
    assert len(rs.rules) >= 40
    cited = {s for r in rs.rules for s in r.sources} | {a.source for a in rs.actions.values()}
    for sid in REQUIRED_SOURCES:
        assert sid in cited
    for sid in cited:
        citation = knowledge.source(sid)["citation"]
        assert len(citation) > 40  # a full citation, not a placeholder
    for cid in REQUIRED_CONDITIONS:
        assert cid in rs.conditions


def test_the_version_names_the_rules_it_came_from() -> None:
    version = ruleset().version
    key, digest = version.split("+")
    assert key == yaml.safe_load((PACKAGED / "rules.yaml").read_text())["version"]
    assert len(digest) == 12 and int(digest, 16) >= 0


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "triage"
    shutil.copytree(PACKAGED, folder)
    return folder


def _edit_rules(folder: Path, change: Callable[[dict[str, Any]], None]) -> None:
    path = folder / "rules.yaml"
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def _rule(data: dict[str, Any], rid: str) -> dict[str, Any]:
    return next(r for r in data["rules"] if r["id"] == rid)


def test_a_changed_rule_changes_the_version(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit_rules(folder, lambda d: _rule(d, "pain_monitoring_above_5_during")["when"].update(value=7))
    assert read_ruleset(folder).version != ruleset().version
    assert read_ruleset(_copy(tmp_path / "again")).version == ruleset().version


BAD_RULES: list[tuple[str, str, Callable[[dict[str, Any]], None], str]] = [
    (
        "unknown field",
        "ottawa_knee",
        lambda d: _rule(d, "ottawa_knee")["when"]["all"][0].update(field="regoin"),
        "unknown field 'regoin'",
    ),
    (
        "unknown operator",
        "pain_monitoring_above_5_during",
        lambda d: _rule(d, "pain_monitoring_above_5_during")["when"].update(operator="greater"),
        "unknown operator 'greater'",
    ),
    (
        "operator of another kind",
        "red_flag_deformity",
        lambda d: _rule(d, "red_flag_deformity")["when"].update(operator="gte", value=1),
        "unknown operator 'gte'",
    ),
    (
        "text where a number belongs",
        "pain_monitoring_above_5_during",
        lambda d: _rule(d, "pain_monitoring_above_5_during")["when"].update(value="5"),
        "use a whole number",
    ),
    (
        "value not in the enum",
        "ottawa_ankle",
        lambda d: _rule(d, "ottawa_ankle")["when"]["all"][0].update(value="ankel"),
        "'ankel'",
    ),
    (
        "unknown disposition",
        "knee_locking",
        lambda d: _rule(d, "knee_locking").update(disposition="urgent"),
        "unknown disposition 'urgent'",
    ),
    (
        "unknown action",
        "knee_locking",
        lambda d: _rule(d, "knee_locking").update(actions=["call_mum"]),
        "unknown action 'call_mum'",
    ),
    (
        "unknown source",
        "knee_locking",
        lambda d: _rule(d, "knee_locking").update(sources=["wikipedia"]),
        "unknown source 'wikipedia'",
    ),
    ("no source", "knee_locking", lambda d: _rule(d, "knee_locking").update(sources=[]), "cites at least one source"),
    (
        "unknown condition",
        "knee_locking",
        lambda d: _rule(d, "knee_locking").update(suspects=["gout"]),
        "unknown condition 'gout'",
    ),
    (
        "unknown rule key",
        "knee_locking",
        lambda d: _rule(d, "knee_locking").update(priority=1),
        "unknown key(s) ['priority']",
    ),
    ("empty group", "ottawa_foot", lambda d: _rule(d, "ottawa_foot").update(when={"all": []}), "non-empty list"),
    (
        "two group keys",
        "ottawa_foot",
        lambda d: _rule(d, "ottawa_foot").update(when={"all": [{"field": "fever", "operator": "is_true"}], "any": []}),
        "exactly one key",
    ),
    (
        "value on a no-value operator",
        "red_flag_deformity",
        lambda d: _rule(d, "red_flag_deformity")["when"].update(value=True),
        "takes no value",
    ),
    (
        "missing text",
        "knee_locking",
        lambda d: _rule(d, "knee_locking").update(id="knee_locking_2"),
        "no text 'rule.knee_locking_2'",
    ),
    ("duplicate id", "knee_locking", lambda d: d["rules"].append(dict(_rule(d, "knee_locking"))), "defined twice"),
    (
        "ask flag that is not true or false",
        "red_flag_collapse_or_confusion",
        lambda d: _rule(d, "red_flag_collapse_or_confusion")["when"].update(ask="no"),
        "ask must be true or false",
    ),
    (
        "safety_net that is not true or false",
        "unanswered_calf_swelling",
        lambda d: _rule(d, "unanswered_calf_swelling").update(safety_net="yes"),
        "safety_net",
    ),
]


@pytest.mark.parametrize("what,rid,change,message", BAD_RULES, ids=[b[0] for b in BAD_RULES])
def test_a_bad_rule_file_names_file_rule_and_problem(
    tmp_path: Path, what: str, rid: str, change: Callable[[dict[str, Any]], None], message: str
) -> None:
    folder = _copy(tmp_path)
    _edit_rules(folder, change)
    with pytest.raises(KnowledgeError) as err:
        read_ruleset(folder, label="kb")
    text = str(err.value)
    assert "kb/rules.yaml" in text
    assert repr(rid) in text or repr(rid + "_2") in text
    assert "line " in text
    assert message in text


def test_a_bad_action_file_names_file_and_action(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    path = folder / "actions.yaml"
    path.write_text(path.read_text() + "\nmystery_action: {source: seed-article}\n")
    with pytest.raises(
        KnowledgeError, match=r"kb/actions.yaml: action 'mystery_action': no text 'action.mystery_action'"
    ):
        read_ruleset(folder, label="kb")


def test_a_bad_condition_file_names_file_and_condition(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    path = folder / "conditions.yaml"
    path.write_text(path.read_text() + "\nshin_splints_2:\n  regions: [shinn]\n  sources: [moen-2009]\n")
    with pytest.raises(
        KnowledgeError, match=r"kb/conditions.yaml: condition 'shin_splints_2': regions: unknown region"
    ):
        read_ruleset(folder, label="kb")


def test_broken_yaml_names_the_line(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    (folder / "rules.yaml").write_text("version: 1\nrules: [\n  {id: x\n")
    with pytest.raises(KnowledgeError, match=r"kb/rules.yaml line \d+: invalid YAML"):
        read_ruleset(folder, label="kb")


def test_history_settings_are_checked(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit_rules(folder, lambda d: d["history"].update(trend_window_days="four weeks"))
    with pytest.raises(
        KnowledgeError, match=r"kb/rules.yaml: history.trend_window_days: Input should be a valid integer"
    ):
        read_ruleset(folder, label="kb")


def test_a_rule_without_its_summary_sentence_is_refused(tmp_path: Path) -> None:
    folder = _copy(tmp_path)  # texts come from the packaged locale: a renamed rule has no rule or summary text

    def rename(d: dict[str, Any]) -> None:
        _rule(d, "knee_locking")["id"] = "summary_probe"

    _edit_rules(folder, rename)
    with pytest.raises(KnowledgeError, match=r"kb/rules.yaml: rule 'summary_probe' \(line \d+\): no text"):
        read_ruleset(folder, label="kb")


@pytest.mark.parametrize(
    "notes,message",
    [
        ("breathles: [breathless]\n", "unknown note key 'breathles'"),
        ("breathless: []\n", "breathless: give a non-empty list"),
        ("breathless: [ok, '  ']\n", "breathless: give a non-empty list"),
        ("breathless: short of breath\n", "breathless"),
        ("breathless: [breathless]\nextra: 3\n", "extra: Input should be a valid tuple"),
    ],
)
def test_bad_note_words_name_the_file_and_key(tmp_path: Path, notes: str, message: str) -> None:
    folder = _copy(tmp_path)
    (folder / "notes.yaml").write_text(notes)
    with pytest.raises(KnowledgeError) as err:
        read_ruleset(folder, label="kb")
    assert "kb/notes.yaml" in str(err.value) and message in str(err.value)


def test_note_words_match_whole_words_in_any_case() -> None:
    patterns = ruleset().notes
    assert patterns["pop"].search("heard a pop") and patterns["pop"].search("it POPPED")
    assert not patterns["pop"].search("a popular route")
    assert patterns["numbness_tingling"].search("numb toes") and not patterns["numbness_tingling"].search("numbers")
    assert patterns["unable_to_bear_weight"].search("i can't put weight on it")


def test_every_rule_has_a_one_sentence_summary() -> None:
    for rule in ruleset().rules:
        summary = knowledge.text(f"summary.{rule.id}")
        assert summary.endswith((".", "?")) and summary.count(". ") == 0, rule.id
    for rule in ruleset().rules:  # safety nets: label and text agree (no running until answered)
        if rule.safety_net:
            assert rule.disposition == "stop_and_rest", rule.id
            assert "do not run until you have answered" in knowledge.text(f"summary.{rule.id}").lower(), rule.id
            assert "do not run until you have answered" in knowledge.text(f"rule.{rule.id}").lower(), rule.id


# How a summary sentence may open for each disposition: the plain words must agree with the label.
OPENINGS: dict[str, tuple[str, ...]] = {
    "emergency": ("go to a&e", "call an ambulance"),
    "see_doctor": ("see a doctor", "get an urgent doctor", "have the ankle examined", "keep weight off it and see"),
    "stop_and_rest": ("stop running", "do not run"),
}
URGENT = ("go to a&e", "call an ambulance", "see a doctor", "stop running", "do not run", "get an urgent")


def test_every_summary_opens_with_what_its_disposition_says() -> None:
    """One plain sentence whose first words agree with the label: no "see a doctor" under modify_training."""
    for rule in ruleset().rules:
        summary = knowledge.text(f"summary.{rule.id}").lower()
        if rule.disposition in OPENINGS:
            assert summary.startswith(OPENINGS[rule.disposition]), (rule.id, summary)
        else:  # modify_training and continue: keep training, changed or not; never an urgent opening
            assert not summary.startswith(URGENT), (rule.id, summary)
    for rule in ruleset().rules:
        if rule.disposition == "see_doctor":
            head = knowledge.text(f"summary.{rule.id}").split(":")[0].lower()
            assert "doctor" in head or "examined" in head, rule.id
