"""Managing what is stored: edit or delete a run, edit or delete a symptom report, and undo a deletion.

A deleted run or report is kept whole for ``store.trash.KEEP_DAYS`` days (every row it took
with it: a run's samples, a report's triage results, an episode left without reports and that
episode's check-in pains) and can be restored until then (``deleted_restore``).

Symptom reports and their episodes (DESIGN.md 6b): editing or deleting a report re-derives
ITS episode only (``api/episodes.rederive``): the episode opens on its first report's day; a
runner's resolve stands, unless the edit made the report more urgent (a red flag added: the
episode is judged again as if never resolved); otherwise it is closed on the day its own latest
report (or a morning check-in after it) settles it, and open when they do not. An episode left without reports is
deleted (kept with the deletion, so undo brings it back). Nothing is ever silently cleared: a
report's body part cannot be changed by an edit (delete it and log it again), another body
part's episode is never touched, and a change that would reopen an episode that a later
episode of the same body part follows is refused (nothing changes).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.engine import Connection

from .. import knowledge
from ..domain import urgency
from ..errors import MISSING, ConflictError, InputError, NotFoundError
from ..schemas import RunEdit, validate
from ..store import Database, open_database, trash
from ..store import activities as activity_store
from ..store import checkins as checkin_store
from ..store import shoes as shoe_store
from ..store import symptoms as symptom_store
from ..triage import episodes as episode_rules
from .episodes import load, rederive
from .feel import _row as activity_row
from .runs import stored_activity
from .triage import _run as triage_report
from .triage import parse_report

RUN = "run"
REPORT = "symptom_report"


class _Unset:
    def __repr__(self) -> str:
        return "unchanged"


UNSET: Any = _Unset()


def _summary(kind: str, payload: dict[str, Any]) -> str:
    """What a deleted item was, in the runner's words (from the rows it keeps)."""
    if kind == RUN:
        run = payload["activity"]
        km = "?" if run.get("distance_m") is None else f"{run['distance_m'] / 1000:.1f}"
        name = knowledge.text("feel.summary.name", name=run["name"]) if run.get("name") else ""
        sport = str(run["sport"]).replace("_", " ")
        return knowledge.text("feel.summary.run", date=run["local_date"], sport=sport, km=km, name=name)
    report = payload["report"]
    triage = payload.get("triage") or []
    advice = triage[-1]["disposition"] if triage else "none"
    return knowledge.text(
        "feel.summary.report",
        date=report["date"],
        label=episode_rules.label(episode_rules.key_of(report["report"])),
        advice=knowledge.text(f"feel.advice.{advice}"),
    )


def _deleted_view(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": int(item["id"]),
        "kind": item["kind"],
        "item_id": int(item["item_id"]),
        "summary": _summary(item["kind"], item["payload"]),
        "deleted_at": item["deleted_at"].isoformat(timespec="seconds"),
        "restore_until": trash.expires(item["deleted_at"]).isoformat(timespec="seconds"),
    }


# --- runs --------------------------------------------------------------------


def run_edit(
    db: Database | str | None,
    activity_id: Any,
    sport: Any = UNSET,
    shoe: Any = UNSET,
    notes: Any = UNSET,
    name: Any = UNSET,
) -> dict[str, Any]:
    """Change a run's sport, shoes (a pair's name, or None for none), notes or name; only what is given.

    The recorded figures (date, distance, time, heart rate) are not editable: delete the run instead.
    """
    given = {k: v for k, v in {"sport": sport, "shoe": shoe, "notes": notes, "name": name}.items() if v is not UNSET}
    if not given:
        raise InputError("sport", MISSING, "errors.run_edit.nothing")
    edit = validate(RunEdit, given)
    database = open_database(db)
    with database.begin() as conn:
        row = activity_row(conn, activity_id)
        values: dict[str, Any] = {}
        if "sport" in given:
            values["sport"] = edit.sport
        if "shoe" in given:
            values["shoe_id"] = None if edit.shoe is None else shoe_store.id_by_name(conn, edit.shoe.strip())
        if "notes" in given:
            values["notes"] = edit.notes if edit.notes and edit.notes.strip() else None
        if "name" in given:
            values["name"] = edit.name.strip() if edit.name and edit.name.strip() else None
        activity_store.update(conn, int(row.id), values)
        return stored_activity(conn, int(row.id))


def run_delete(db: Database | str | None, activity_id: Any) -> dict[str, Any]:
    """Delete a run (its samples and cached metrics with it); it can be restored for a while."""
    database = open_database(db)
    with database.begin() as conn:
        row = activity_row(conn, activity_id)
        aid = int(row.id)
        samples = activity_store.samples_row(conn, aid)
        payload: dict[str, Any] = {"activity": trash.encode_row("activities", row)}
        if samples is not None:
            payload["samples"] = {"columns": list(samples.columns), "n": int(samples.n)}
        data = None if samples is None else samples.data
        deleted_id = trash.put(conn, RUN, aid, _summary(RUN, payload), payload, data)
        activity_store.delete(conn, aid)
        item = trash.get(conn, deleted_id)
        assert item is not None  # just stored in this transaction
        return {"deleted": _deleted_view(item)}


def _restore_run(conn: Connection, item: dict[str, Any]) -> dict[str, Any]:
    values = trash.decode_row("activities", item["payload"]["activity"])
    other = activity_store.find_by_sha256(conn, values["sha256"])
    if other is not None:
        raise ConflictError("deleted", item["id"], "errors.restore.run_again", other=other)
    if values["shoe_id"] is not None and not shoe_store.exists(conn, values["shoe_id"]):
        values["shoe_id"] = None
    new_id = trash.put_row(conn, "activities", values)  # a new number only if a newer run has taken its own
    kept = item["payload"].get("samples")
    if kept is not None and item["data"] is not None:
        activity_store.put_samples_back(conn, new_id, kept["columns"], kept["n"], item["data"])
    return stored_activity(conn, new_id)


def run_restore(db: Database | str | None, activity_id: Any) -> dict[str, Any]:
    """Undo the deletion of run ``activity_id`` (its latest deletion still kept)."""
    number = _number("activity_id", activity_id)
    database = open_database(db)
    with database.begin() as conn:
        item = trash.latest_of(conn, RUN, number)
        if item is None:
            raise NotFoundError("errors.restore.no_run", number=number, days=trash.KEEP_DAYS)
        restored = _restore_run(conn, item)
        trash.remove(conn, int(item["id"]))
        return {"restored": {"kind": RUN, "id": restored["id"]}, "activity": restored}


# --- symptom reports ---------------------------------------------------------


def _number(field: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).strip().isdigit():
        raise InputError(field, value, "errors.number")
    return int(str(value).strip())


def _report(conn: Connection, report_id: Any) -> dict[str, Any]:
    number = _number("report_id", report_id)
    found = symptom_store.get_report(conn, number) if 0 < number < 2**62 else None
    if found is None:
        raise NotFoundError("errors.report.not_found", number=number)
    return found


def symptom_show(db: Database | str | None, report_id: Any) -> dict[str, Any]:
    """One stored report as ``symptom_list`` gives it (NotFoundError when there is none)."""
    database = open_database(db)
    with database.connect() as conn:
        return _report(conn, report_id)


def _episode_state(conn: Connection, episode_id: int | None, day: date) -> dict[str, Any] | None:
    if episode_id is None:
        return None
    found = load(conn, None, only=episode_id)
    if not found:
        return None
    episode = found[0]
    last = max([r.date for r in episode.reports] + [day])
    return episode.state(last)


def symptom_edit(db: Database | str | None, report_id: Any, report: Any) -> dict[str, Any]:
    """Replace a stored report's answers with ``report`` (a whole report, as `symptom log` takes it).

    It is triaged again (its earlier reports and check-ins as history, itself left out) and the new
    triage governs. Its body part (region, side and site) cannot change: delete it and log it again.
    """
    new = parse_report(report)
    database = open_database(db)
    with database.connect() as conn:
        old = _report(conn, report_id)
    stored = new.reported()
    before, after = episode_rules.key_of(old["report"]), episode_rules.key_of(stored)
    for field in ("region", "side", "site"):
        if getattr(before, field) != getattr(after, field):
            shown = "location" if field == "site" else field
            raise InputError(shown, stored.get(shown), "errors.report.body_part", label=episode_rules.label(before))
    result = triage_report(database, new, exclude=int(old["id"]))
    with database.begin() as conn:
        episode_id = int(old["episode_id"])
        earlier = symptom_store.triage_rows(conn, int(old["id"]))
        was = earlier[-1].disposition if earlier else "continue"
        symptom_store.update_report(conn, int(old["id"]), stored, episode_id)
        triage_id = symptom_store.insert_triage(conn, int(old["id"]), new.date, result, result["rules_version"])
        # Safety: an edit that makes the report more urgent (a red flag added) lifts the runner's resolve.
        rederive(conn, episode_id, lift_resolve=urgency(result["disposition"]) < urgency(was))
        episode = _episode_state(conn, episode_id, new.date)
    return {"report": {"id": int(old["id"]), **stored}, "triage": result, "triage_id": triage_id, "episode": episode}


def symptom_delete(db: Database | str | None, report_id: Any) -> dict[str, Any]:
    """Delete a symptom report (its triage results with it) and re-derive its episode; it can be restored."""
    database = open_database(db)
    with database.begin() as conn:
        found = _report(conn, report_id)
        rid, episode_id = int(found["id"]), int(found["episode_id"])
        payload: dict[str, Any] = {
            "report": trash.encode_row("symptom_reports", symptom_store.report_row(conn, rid)),
            "triage": [trash.encode_row("triage_results", r) for r in symptom_store.triage_rows(conn, rid)],
            "episode": trash.encode_row("symptom_episodes", symptom_store.episode_row(conn, episode_id)),
            "checkin_pains": checkin_store.pains_of_episode(conn, episode_id),
        }
        symptom_store.delete_report(conn, rid)
        kept = rederive(conn, episode_id)
        payload["episode_deleted"] = kept is None
        deleted_id = trash.put(conn, REPORT, rid, _summary(REPORT, payload), payload)
        item = trash.get(conn, deleted_id)
        assert item is not None  # just stored in this transaction
        return {
            "deleted": _deleted_view(item),
            "episode": _episode_state(conn, episode_id, date.fromisoformat(found["date"])),
        }


def _restore_report(conn: Connection, item: dict[str, Any]) -> dict[str, Any]:
    payload = item["payload"]
    episode = trash.decode_row("symptom_episodes", payload["episode"])
    episode_id = int(episode["id"])
    if symptom_store.get_episode(conn, episode_id) is None:
        if not payload.get("episode_deleted"):
            raise ConflictError("deleted", item["id"], "errors.restore.episode_gone")
        if episode["closed_on"] is None and symptom_store.open_episode_id(
            conn, episode["region"], episode["side"], episode["site"]
        ):
            label = episode_rules.label(episode_rules.EpisodeKey(episode["region"], episode["side"], episode["site"]))
            raise ConflictError("deleted", item["id"], "errors.restore.episode_new", label=label)
        episode_id = trash.put_row(conn, "symptom_episodes", episode)
        for pain in payload.get("checkin_pains", []):
            checkin_store.put_pain(conn, date.fromisoformat(pain["date"]), episode_id, int(pain["pain"]))
    report = trash.decode_row("symptom_reports", payload["report"])
    report["episode_id"] = episode_id
    rid = trash.put_row(conn, "symptom_reports", report)
    for row in payload["triage"]:
        values = trash.decode_row("triage_results", row)
        values["symptom_id"] = rid
        trash.put_row(conn, "triage_results", values)
    rederive(conn, episode_id)
    found = symptom_store.get_report(conn, rid)
    assert found is not None  # just inserted
    return {"report": found, "episode": _episode_state(conn, episode_id, report["date"])}


def symptom_restore(db: Database | str | None, report_id: Any) -> dict[str, Any]:
    """Undo the deletion of symptom report ``report_id`` (its latest deletion still kept)."""
    number = _number("report_id", report_id)
    database = open_database(db)
    with database.begin() as conn:
        item = trash.latest_of(conn, REPORT, number)
        if item is None:
            raise NotFoundError("errors.restore.no_report", number=number, days=trash.KEEP_DAYS)
        restored = _restore_report(conn, item)
        trash.remove(conn, int(item["id"]))
        return {"restored": {"kind": REPORT, "id": restored["report"]["id"]}, **restored}


# --- every deleted item ---------------------------------------------------------


def deleted(db: Database | str | None) -> list[dict[str, Any]]:
    """The deleted runs and reports that can still be restored, newest first."""
    database = open_database(db)
    with database.connect() as conn:
        return [_deleted_view(item) for item in trash.list_recent(conn)]


def deleted_restore(db: Database | str | None, deleted_id: Any) -> dict[str, Any]:
    """Undo one deletion by its number in ``deleted`` (a run or a report comes back whole)."""
    number = _number("deleted_id", deleted_id)
    database = open_database(db)
    with database.begin() as conn:
        item = trash.get(conn, number) if 0 < number < 2**62 else None
        if item is None:
            raise NotFoundError("errors.restore.no_item", number=number, days=trash.KEEP_DAYS)
        if item["kind"] == RUN:
            activity = _restore_run(conn, item)
            result: dict[str, Any] = {"restored": {"kind": RUN, "id": activity["id"]}, "activity": activity}
        else:
            restored = _restore_report(conn, item)
            result = {"restored": {"kind": REPORT, "id": restored["report"]["id"]}, **restored}
        trash.remove(conn, number)
        return result
