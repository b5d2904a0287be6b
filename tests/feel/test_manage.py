"""Editing, deleting and restoring runs and symptom reports through the Python API.

A deletion keeps every row it took (a run's samples, a report's triage, an episode left without
reports and its check-in pains) so that the restore brings it back whole; a report's episode is
re-derived on its own and another body part's episode never changes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from strideguard import api
from strideguard.errors import ConflictError, InputError, NotFoundError
from strideguard.store import Database
from strideguard.store.tables import activity_samples
from tests.conftest import PROJECT_ROOT

from .conftest import ago, calf_clot, episode_of, knee

FIT = PROJECT_ROOT / "tests" / "files" / "python-fitparse" / "activity-small-fenix2-run.fit"


def _samples(db: Database, activity_id: int) -> tuple[object, ...] | None:
    with db.connect() as conn:
        row = conn.execute(sa.select(activity_samples).where(activity_samples.c.activity_id == activity_id)).first()
    return None if row is None else (list(row.columns), row.n, bytes(row.data))


def test_a_deleted_run_comes_back_whole(db: Database) -> None:
    imported = api.import_files(db, [str(FIT)])
    aid = imported["files"][0]["activity_id"]
    api.run_rate(db, aid, 5, "windy")
    api.run_edit(db, aid, name="Lunch run", notes="hilly")
    before, samples = api.activity(db, aid), _samples(db, aid)
    assert samples is not None and samples[1] > 100
    deleted = api.run_delete(db, aid)["deleted"]
    assert deleted["kind"] == "run" and deleted["item_id"] == aid
    assert api.activities(db) == [] and _samples(db, aid) is None
    assert [d["id"] for d in api.deleted(db)] == [deleted["id"]]
    restored = api.run_restore(db, aid)
    assert restored["activity"] == before  # every field, its id, rating, name and notes
    assert _samples(db, aid) == samples  # the sample blob byte for byte
    assert api.deleted(db) == []
    with pytest.raises(NotFoundError):
        api.run_restore(db, aid)


def test_a_run_entered_again_since_cannot_be_restored_over_it(db: Database) -> None:
    aid = api.run_add(db, date=ago(2), distance_km=5, duration_min=30)["activity_id"]
    item = api.run_delete(db, aid)["deleted"]
    again = api.run_add(db, date=ago(2), distance_km=5, duration_min=30)["activity_id"]
    with pytest.raises(ConflictError, match=f"activity {again}"):
        api.deleted_restore(db, item["id"])
    assert len(api.activities(db)) == 1 and len(api.deleted(db)) == 1


def test_a_restored_run_whose_number_was_taken_gets_a_new_one(db: Database) -> None:
    first = api.run_add(db, date=ago(3), distance_km=5, duration_min=30)["activity_id"]
    item = api.run_delete(db, first)["deleted"]
    other = api.run_add(db, date=ago(1), distance_km=8, duration_min=50)["activity_id"]
    restored = api.deleted_restore(db, item["id"])["activity"]
    assert restored["id"] not in (other,) and restored["distance_m"] == 5000.0
    assert sorted(a["id"] for a in api.activities(db)) == sorted([other, restored["id"]])


def test_run_edit_changes_only_the_runners_fields(db: Database) -> None:
    api.shoes_add(db, "Road pair")
    aid = api.run_add(db, date=ago(2), distance_km=5, duration_min=30, notes="x")["activity_id"]
    before = api.activity(db, aid)
    after = api.run_edit(db, aid, sport="treadmill_running", shoe="Road pair", name="Gym", notes=None)
    assert (after["sport"], after["name"], after["notes"]) == ("treadmill_running", "Gym", None)
    assert after["shoe_id"] == api.shoes_list(db)[0]["id"]
    assert api.shoes_list(db)[0]["km"] == 5.0  # the pair's mileage counts it
    for field in ("start_time", "distance_m", "elapsed_s", "moving_s", "sha256"):
        assert after[field] == before[field]
    assert api.run_edit(db, aid, shoe=None)["shoe_id"] is None
    with pytest.raises(NotFoundError, match="Nope"):
        api.run_edit(db, aid, shoe="Nope")
    with pytest.raises(InputError) as refused:
        api.run_edit(db, aid, sport="skydiving")
    assert refused.value.field == "sport"
    with pytest.raises(InputError):
        api.run_edit(db, aid)
    with pytest.raises(NotFoundError):
        api.run_edit(db, 999, name="x")


def test_run_rate_stores_effort_and_note_and_refuses_bad_values(db: Database) -> None:
    aid = api.run_add(db, date=ago(1), distance_km=5, duration_min=30)["activity_id"]
    rated = api.run_rate(db, aid, 6, "  heavy legs  ")
    assert (rated["rpe"], rated["rpe_note"], rated["session_rpe_load"]) == (6, "heavy legs", 180.0)
    for bad, field in ((11, "rpe"), (-1, "rpe"), (5.5, "rpe"), ("hard", "rpe"), (True, "rpe")):
        with pytest.raises(InputError) as refused:
            api.run_rate(db, aid, bad)
        assert refused.value.field == field
    with pytest.raises(InputError) as refused:
        api.run_rate(db, aid, 3, "x" * 501)
    assert refused.value.field == "note"
    assert api.activity(db, aid)["rpe"] == 6  # unchanged by the refusals
    assert api.run_rate(db, aid, 2)["rpe_note"] is None  # a new rating replaces the note too


def test_deleting_an_episodes_only_report_takes_the_episode_and_undo_brings_both_back(db: Database) -> None:
    logged = api.symptom_log(db, knee(3))
    rid, eid = logged["report"]["id"], logged["episode"]["id"]
    api.checkin(db, ago(2), {eid: 3})
    before_episode, before_checkins = episode_of(db, eid), api.checkins(db)
    result = api.symptom_delete(db, rid)
    assert result["episode"] is None
    assert api.episodes(db, closed=True) == [] and api.symptom_list(db) == []
    assert api.checkins(db)[0]["pains"] == []  # its check-in pains went with it
    restored = api.symptom_restore(db, rid)
    assert restored["report"]["id"] == rid and restored["report"]["disposition"] == "continue"
    assert episode_of(db, eid) == before_episode
    assert api.checkins(db) == before_checkins


def test_deleting_a_report_re_derives_only_its_own_episode(db: Database) -> None:
    first = api.symptom_log(db, knee(6))
    api.symptom_log(db, knee(4, pain_during=6))  # modify training
    clot = api.symptom_log(db, calf_clot(2))["episode"]
    eid = first["episode"]["id"]
    assert episode_of(db, eid)["disposition"] == "modify_training"
    clot_before = episode_of(db, clot["id"])
    # delete the first knee report: the episode now opens on the second, which still governs
    api.symptom_delete(db, first["report"]["id"])
    after = episode_of(db, eid)
    assert (after["since"], after["reports"], after["disposition"]) == (ago(4), 1, "modify_training")
    assert episode_of(db, clot["id"]) == clot_before


def test_deleting_the_settling_report_reopens_its_episode(db: Database) -> None:
    api.symptom_log(db, knee(6))
    settling = api.symptom_log(db, knee(4, pain_next_morning=0))
    eid = settling["episode"]["id"]
    assert not episode_of(db, eid)["open"]
    api.symptom_delete(db, settling["report"]["id"])
    assert episode_of(db, eid)["open"]
    api.symptom_restore(db, settling["report"]["id"])
    assert episode_of(db, eid)["closed_on"] == ago(4)


def test_a_deletion_that_would_reopen_an_episode_a_later_one_follows_is_refused(db: Database) -> None:
    api.symptom_log(db, knee(8))
    settling = api.symptom_log(db, knee(6, pain_next_morning=0))
    later = api.symptom_log(db, knee(2))["episode"]["id"]
    assert later != settling["episode"]["id"]
    with pytest.raises(ConflictError, match="later"):
        api.symptom_delete(db, settling["report"]["id"])
    assert len(api.symptom_list(db)) == 3 and api.deleted(db) == []


def test_editing_a_report_triages_it_again_and_its_episode_follows(db: Database) -> None:
    logged = api.symptom_log(db, knee(3))
    rid, eid = logged["report"]["id"], logged["episode"]["id"]
    edited = api.symptom_edit(db, rid, knee(3, pain_during=7))
    assert "pain_monitoring_above_5_during" in edited["triage"]["matched_rules"]
    assert edited["triage"]["disposition"] != "continue"
    assert api.symptom_show(db, rid)["report"]["pain_during"] == 7
    assert api.symptom_show(db, rid)["disposition"] == edited["triage"]["disposition"]
    assert episode_of(db, eid)["disposition"] == edited["triage"]["disposition"]
    # now it settles (2/10 during, 0 the next morning): the episode closes on its day
    api.symptom_edit(db, rid, knee(3, pain_next_morning=0))
    assert episode_of(db, eid)["closed_on"] == ago(3)
    # and back: open again
    api.symptom_edit(db, rid, knee(3, pain_next_morning=4))
    assert episode_of(db, eid)["open"]


def test_an_edit_that_adds_a_red_flag_lifts_the_runners_resolve(db: Database) -> None:
    # A right-calf ache the runner resolved; then they correct the report: the calf was swollen on one side
    # (a possible clot, emergency). The resolve was about the facts as first reported, so it no longer stands.
    ache = {"date": ago(3), "region": "calf", "side": "right", "onset": "gradual", "calf_swelling_one_side": False}
    logged = api.symptom_log(db, ache)
    rid, eid = logged["report"]["id"], logged["episode"]["id"]
    api.symptom_resolve(db, eid, reason="felt better", date=ago(2))
    assert not episode_of(db, eid)["open"]
    edited = api.symptom_edit(db, rid, calf_clot(3))
    assert edited["triage"]["disposition"] == "emergency"
    reopened = episode_of(db, eid, closed=False)
    assert reopened["open"] and reopened["disposition"] == "emergency"
    # an edit that does not raise the urgency leaves the resolve alone
    other = api.symptom_log(db, knee(5, side="right"))
    api.symptom_resolve(db, other["episode"]["id"], reason="seen by a doctor: cleared to run", date=ago(4))
    api.symptom_edit(db, other["report"]["id"], knee(5, side="right", notes="after the hill session"))
    assert not episode_of(db, other["episode"]["id"])["open"]


def test_an_edit_cannot_move_a_report_to_another_body_part(db: Database) -> None:
    rid = api.symptom_log(db, knee(3))["report"]["id"]
    for change, field in ((dict(side="right"), "side"), (dict(region="ankle", location="outer"), "region")):
        with pytest.raises(InputError) as refused:
            api.symptom_edit(db, rid, knee(3, **change))
        assert refused.value.field == field
    assert api.symptom_show(db, rid)["report"]["side"] == "left"


def test_unknown_numbers_are_not_found(db: Database) -> None:
    for call in (
        lambda: api.symptom_delete(db, 5),
        lambda: api.symptom_edit(db, 5, knee(1)),
        lambda: api.run_delete(db, 5),
        lambda: api.deleted_restore(db, 5),
        lambda: api.symptom_restore(db, 5),
    ):
        with pytest.raises(NotFoundError):
            call()


def test_a_backup_holds_checkins_and_deleted_items(db: Database, tmp_path: Path) -> None:
    eid = api.symptom_log(db, knee(3))["episode"]["id"]
    api.checkin(db, ago(2), {eid: 3}, 1)
    aid = api.run_add(db, date=ago(1), distance_km=5, duration_min=30)["activity_id"]
    api.run_delete(db, aid)
    document = api.export(db)
    assert len(document["tables"]["checkins"]) == 1 and len(document["tables"]["deleted_items"]) == 1
    other = str(tmp_path / "other.db")
    api.restore(other, document)
    assert api.checkins(other) == api.checkins(db)
    assert api.deleted(other) == api.deleted(db)
    assert api.run_restore(other, aid)["activity"]["distance_m"] == 5000.0
    # a backup written before migration 0005 has none of these tables: they start empty
    old = {**document, "schema_revision": "0003", "tables": dict(document["tables"])}
    for table in ("checkins", "checkin_pains", "deleted_items"):
        del old["tables"][table]
    api.restore(str(tmp_path / "old.db"), old)
    assert api.checkins(str(tmp_path / "old.db")) == []
