"""Roster summaries and their order, from runs and reports with hand-computed signals.

The day is Wednesday 2026-11-25 (UTC). Runs (km): 12th 5, 14th 5, 16th 10 | 19th 6, 21st 6, 23rd 15.
- weekly change on the 25th: days 19-25 (27 km) against 12-18 (20 km): 27/20 - 1 = 0.35, above 30 %: high.
- session spike: the latest run (23rd, 15 km) against the longest of the 30 days before it (16th, 10 km):
  15/10 - 1 = 0.5, between 10 % and 100 %: caution.
- last week (Monday 16th to Sunday 22nd): 10 + 6 + 6 = 22 km in 3 runs done.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from strideguard import api
from strideguard.club import Club
from strideguard.club.roster import risk_key, risk_level, summarize
from strideguard.store import Database
from strideguard.store.runners import Access

pytestmark = pytest.mark.both_databases

TODAY = "2026-11-25"
PASSWORD = "a long pass phrase"
RUNS = [
    ("2026-11-12", 5),
    ("2026-11-14", 5),
    ("2026-11-16", 10),
    ("2026-11-19", 6),
    ("2026-11-21", 6),
    ("2026-11-23", 15),
]
SPRAIN = {  # a twisted, swollen ankle: the triage sends it to a doctor
    "region": "ankle",
    "side": "right",
    "location": "outer",
    "onset": "sudden",
    "mechanism": "twist",
    "when": ["during_run", "every_step"],
    "pain_during": 6,
    "pain_after": 5,
    "swelling": True,
    "unable_to_bear_weight": False,
    "bone_tenderness": [],
}


def knee(day: str, pain: int) -> dict[str, Any]:
    return {"date": day, "region": "knee", "side": "left", "location": "below_kneecap", "pain_during": pain}


@pytest.fixture()
def club(new_db: Callable[..., str]) -> Iterator[Club]:
    target = new_db("server", migrated=False)
    with Club.open(target if "://" in target else f"sqlite:///{target}") as made:
        yield made


def runner(club: Club, name: str, runs: list[tuple[str, float]]) -> Database:
    club.accounts.add(name, "runner", PASSWORD)
    user = club.accounts.by_name(name)
    assert user is not None and user.data_key is not None
    db = club.runners.open(user.data_key, Access.OWNER)
    api.profile_set(db, timezone="UTC")
    for day, km in runs:
        api.run_add(db, date=day, distance_km=km, duration_min=km * 6)
    return db


def test_a_summary_has_the_hand_computed_signals_and_last_week(club: Club) -> None:
    db = runner(club, "ana", RUNS)
    api.symptom_log(db, knee("2026-11-20", 3))
    api.symptom_log(db, knee("2026-11-24", 6))
    summary = summarize(db, TODAY)
    assert summary["as_of"] == TODAY and summary["timezone"] == "UTC"
    assert summary["weekly_change"] == {"value": pytest.approx(0.35, abs=1e-4), "level": "high"}
    assert summary["session_spike"] == {"value": pytest.approx(0.5, abs=1e-4), "level": "caution"}
    assert summary["latest_run"] == "2026-11-23"
    week = summary["last_week"]
    assert (week["start"], week["end"], week["done_km"], week["done_runs"]) == ("2026-11-16", "2026-11-22", 22.0, 3)
    planned = api.plan(db, days=7, today="2026-11-15")["days"]  # the plan as it stood the evening before
    assert [d["date"] for d in planned] == [f"2026-11-{n}" for n in range(16, 23)]
    assert week["planned_km"] == round(sum(d["session"]["distance_km"] for d in planned), 1)
    report = summary["last_report"]
    assert (report["date"], report["pain"], report["previous_pain"], report["trend"]) == ("2026-11-24", 6, 3, "worse")
    open_knee = api.episodes(db, TODAY)
    assert [e["disposition"] for e in summary["episodes"]] == [e["disposition"] for e in open_knee]
    assert summary["disposition"] == open_knee[0]["disposition"]


def test_a_training_only_summary_knows_no_symptom(club: Club) -> None:
    db = runner(club, "ana", RUNS)
    api.symptom_log(db, {"date": "2026-11-24", **SPRAIN})
    user = club.accounts.by_name("ana")
    assert user is not None and user.data_key is not None
    training = summarize(club.runners.open(user.data_key, Access.TRAINING), TODAY)
    full = summarize(db, TODAY)
    assert full["disposition"] == "see_doctor" and full["last_report"]["region"] == "ankle"
    assert training["episodes"] == [] and training["disposition"] is None and training["last_report"] is None
    for key in ("session_spike", "weekly_change", "latest_run"):
        assert training[key] == full[key]


def test_the_roster_is_sorted_by_what_each_viewer_may_see(club: Club) -> None:
    # steady: the same 5 km every other day, and a sprained ankle; rising: the load of RUNS, no symptom
    steady = runner(club, "steady", [(f"2026-11-{n:02d}", 5) for n in range(1, 25, 2)])
    api.symptom_log(steady, {"date": "2026-11-24", **SPRAIN})
    runner(club, "rising", RUNS)
    club.accounts.add("kim", "coach", PASSWORD)
    club.accounts.add("pia", "physio", PASSWORD)
    for name in ("steady", "rising"):
        owner = club.accounts.by_name(name)
        assert owner is not None
        club.consent.share(owner, "kim", "training")
        club.consent.share(owner, "pia", "training_and_symptoms")
        club.roster.refresh(owner.id, owner.data_key or "", today=TODAY)
    kim, pia = club.accounts.by_name("kim"), club.accounts.by_name("pia")
    assert kim is not None and pia is not None
    by_pia = club.roster.rows(pia.id)
    by_kim = club.roster.rows(kim.id)
    # the physio: the ankle to see a doctor about first, then the rising load (weekly change high)
    assert [(r["runner"], r["risk"]) for r in by_pia] == [("steady", "urgent"), ("rising", "high")]
    assert by_pia[0]["summary"]["disposition"] == "see_doctor"
    # the coach sees training only: steady's weeks are even (15 km and 15 km, no spike), so rising comes first
    assert [(r["runner"], r["risk"]) for r in by_kim] == [("rising", "high"), ("steady", "ok")]
    for row in by_kim:  # the coach sees training only: no row knows the ankle
        assert row["summary"]["episodes"] == [] and row["summary"]["last_report"] is None
        assert row["summary"]["disposition"] is None and row["risk"] != "urgent"


def test_risk_order_and_level() -> None:
    def summary(disposition: str | None, spike: str, weekly: str, shoes: int = 0) -> dict[str, Any]:
        return {
            "disposition": disposition,
            "session_spike": {"level": spike},
            "weekly_change": {"level": weekly},
            "shoes_past_retirement": [{}] * shoes,
        }

    rows = {
        "a": summary(None, "ok", "ok"),
        "b": summary("modify_training", "ok", "ok"),
        "c": summary(None, "high", "ok"),
        "d": summary("emergency", "ok", "ok"),
        "e": summary(None, "ok", "caution", shoes=1),
        "f": summary(None, "ok", "caution"),
        "g": None,
    }
    ordered = sorted(rows, key=lambda name: risk_key(rows[name], name))
    assert ordered == ["d", "b", "c", "e", "f", "a", "g"]
    assert [risk_level(rows[n]) for n in ordered] == [
        "urgent",
        "caution",
        "high",
        "caution",
        "caution",
        "ok",
        "unknown",
    ]
