"""How it felt: `run_rate` (effort and a note after a run) and the next-morning check-in (`checkin`).

A check-in gives the pain 0-10 at each sore spot (an open symptom episode) and the morning's
stiffness 0-10. It feeds the pain-monitoring rules through the episodes (``api/episodes.load``):
a morning worse than before, or above the pain during the run before it, raises its episode's
disposition; a morning in the safe zone can settle an episode whose latest report says continue.
A check-in never lowers what an episode's own reports say, and never clears a red flag.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Connection

from ..domain import RUNNING_SPORTS
from ..errors import InputError, NotFoundError
from ..schemas import CheckinInput, RunRate, day_or_today, parse_day, validate
from ..store import Database, open_database
from ..store import activities as activity_store
from ..store import checkins as checkin_store
from ..store import profile as profile_store
from ..store import symptoms as symptom_store
from ..triage import episodes as episode_rules
from .episodes import SETTLED, load, rederive
from .runs import stored_activity, with_session_rpe

RATE_WITHIN_DAYS = 7  # Today asks how the latest unrated run of this many days felt
MORNING_UNTIL_HOUR = 12  # Today opens the check-in form before noon (runner's time); later it is folded away


def activity_id(value: Any) -> int:
    """An activity id from a number or its text; InputError naming ``activity_id`` otherwise."""
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).strip().isdigit():
        raise InputError("activity_id", value, "errors.run.number")
    number = int(str(value).strip())
    return number


def _row(conn: Connection, value: Any) -> Any:
    number = activity_id(value)
    row = activity_store.get_row(conn, number) if 0 < number < 2**63 else None
    if row is None:
        raise NotFoundError("errors.run.not_found", id=number)
    return row


def run_rate(db: Database | str | None, activity_id: Any, rpe: Any, note: Any = None) -> dict[str, Any]:
    """Rate how a run felt: effort ``rpe`` 0-10 (Borg CR-10, Foster 2001) and an optional short ``note``.

    A later rating replaces the earlier one. Returns the activity (``activities`` fields).
    """
    rating = validate(RunRate, {"rpe": rpe, "note": note})
    text = rating.note.strip() if rating.note is not None and rating.note.strip() else None
    database = open_database(db)
    with database.begin() as conn:
        row = _row(conn, activity_id)
        activity_store.update(conn, int(row.id), {"rpe": rating.rpe, "rpe_note": text})
        return stored_activity(conn, int(row.id))


def _pains(value: Any) -> dict[str, Any]:
    """``{episode: pain}`` with the episode numbers as text; a key that is no number is refused naming it."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InputError("pains", type(value).__name__, "errors.checkin.pains_object")
    out: dict[str, Any] = {}
    for key, pain in value.items():
        text = str(key).strip()
        if isinstance(key, bool) or not text.isdigit() or int(text) < 1:
            raise InputError("pains", key, "errors.checkin.episode_number")
        out[str(int(text))] = int(pain) if isinstance(pain, float) and pain.is_integer() else pain
    return out


def _askable(conn: Connection, day: date) -> dict[int, episode_rules.Episode]:
    """The episodes a check-in of ``day`` may give a pain for: those open that morning.

    An episode that a check-in of that very morning settled (closed on that day) counts as open,
    so that the check-in can be corrected.
    """
    found: dict[int, episode_rules.Episode] = {}
    for e in load(conn, day):
        if e.id is None:
            continue
        if e.is_open(day) or (e.closed_on == day and e.closed_reason == SETTLED and e.morning_settles(day)):
            found[e.id] = e
    return found


def checkin(
    db: Database | str | None,
    date: date | str | None = None,
    pains: Any = None,
    stiffness: Any = None,
) -> dict[str, Any]:
    """Store the morning check-in of ``date`` (default today): ``pains`` ``{episode: 0-10}`` and ``stiffness`` 0-10.

    Each episode must be open that morning. A second check-in for the same morning replaces the
    first whole. Returns the check-in and each sore spot's episode as it stands after it.
    """
    given = _pains(pains)
    database = open_database(db)
    with database.begin() as conn:
        zone = profile_store.get(conn).get("timezone")
        day = day_or_today("date", date, zone)
        request = validate(CheckinInput, {"date": day, "pains": given, "stiffness": stiffness})
        day = request.date or day
        pains_given = request.pains or {}
        if not pains_given and request.stiffness is None:
            raise InputError("pains", {}, "errors.checkin.nothing")
        askable = _askable(conn, day)
        for key in pains_given:
            if int(key) not in askable:
                open_now = ", ".join(f"{i} ({episode_rules.label(e.key)})" for i, e in sorted(askable.items()))
                raise InputError(
                    f"pains.{key}",
                    int(key),
                    "errors.checkin.not_open" if open_now else "errors.checkin.none_open",
                    episode=key,
                    date=day.isoformat(),
                    open=open_now,
                )
        before = checkin_store.get(conn, day)
        touched = {int(k) for k in pains_given} | {p["episode_id"] for p in (before or {}).get("pains", [])}
        checkin_store.put(conn, day, request.stiffness, {int(k): v for k, v in pains_given.items()})
        for episode_id in sorted(touched):
            rederive(conn, episode_id)
        return _checkin_result(conn, day)


def _checkin_result(conn: Connection, day: date) -> dict[str, Any]:
    stored = checkin_store.get(conn, day)
    episodes = {e.id: e for e in load(conn, None)}
    pains = []
    for p in (stored or {}).get("pains", []):
        episode = episodes[p["episode_id"]]
        pains.append({"episode_id": p["episode_id"], "label": episode_rules.label(episode.key), "pain": p["pain"]})
    touched = [episodes[p["episode_id"]].state(day) for p in (stored or {}).get("pains", [])]
    return {
        "date": day.isoformat(),
        "stiffness": None if stored is None else stored["stiffness"],
        "pains": pains,
        "episodes": touched,
    }


def checkin_delete(db: Database | str | None, date: date | str) -> dict[str, Any]:
    """Delete the check-in of ``date``; its episodes are re-derived (an episode it settled reopens)."""
    day = parse_day("date", date)
    if day is None:
        raise InputError("date", date, "errors.checkin.date")
    database = open_database(db)
    with database.begin() as conn:
        touched = checkin_store.delete(conn, day)
        if touched is None:
            raise NotFoundError("errors.checkin.not_found", date=day.isoformat())
        for episode_id in touched:
            rederive(conn, episode_id)
    return {"date": day.isoformat(), "deleted": True, "episodes": touched}


def checkins(
    db: Database | str | None, since: date | str | None = None, until: date | str | None = None
) -> list[dict[str, Any]]:
    """Stored check-ins, oldest first: ``{date, stiffness, pains: [{episode_id, label, pain}]}``."""
    lo, hi = parse_day("since", since), parse_day("until", until)
    if lo and hi and lo > hi:
        raise InputError("since", lo.isoformat(), "errors.since_after_until", until=hi.isoformat())
    database = open_database(db)
    with database.connect() as conn:
        labels = {int(r["id"]): r for r in symptom_store.list_episodes(conn)}
        out = []
        for c in checkin_store.list_between(conn, lo, hi):
            out.append(
                {
                    "date": c["date"].isoformat(),
                    "stiffness": c["stiffness"],
                    "pains": [
                        {
                            "episode_id": p["episode_id"],
                            "label": episode_rules.label(
                                episode_rules.EpisodeKey(
                                    labels[p["episode_id"]]["region"],
                                    labels[p["episode_id"]]["side"],
                                    labels[p["episode_id"]]["site"],
                                )
                            ),
                            "pain": p["pain"],
                        }
                        for p in c["pains"]
                    ],
                }
            )
        return out


def checkin_form(db: Database | str | None, date: date | str | None = None) -> dict[str, Any]:
    """What a check-in of ``date`` (default today) asks: the sore spots open that morning, and what is stored."""
    database = open_database(db)
    with database.connect() as conn:
        zone = profile_store.get(conn).get("timezone")
        day = day_or_today("date", date, zone)
        askable = _askable(conn, day)
        stored = checkin_store.get(conn, day)
    given = {p["episode_id"]: p["pain"] for p in (stored or {}).get("pains", [])}
    spots = [
        {
            "episode_id": e.id,
            "label": episode_rules.label(e.key),
            "disposition": e.disposition(day),
            "pain": given.get(e.id) if e.id is not None else None,
        }
        for e in episode_rules.by_urgency(askable.values(), day)
    ]
    return {
        "date": day.isoformat(),
        "spots": spots,
        "stored": stored is not None,
        "stiffness": None if stored is None else stored["stiffness"],
    }


def today_feel(db: Database | str | None, now: datetime | None = None) -> dict[str, Any]:
    """Today's "how it felt" panel: the latest unrated run of the last days, and the morning check-in."""
    database = open_database(db)
    with database.connect() as conn:
        zone = profile_store.get(conn).get("timezone")
        moment = (now or datetime.now(UTC)).astimezone(ZoneInfo(zone) if zone else None)
        day = moment.date()
        row = activity_store.latest_unrated(conn, day - timedelta(days=RATE_WITHIN_DAYS), tuple(RUNNING_SPORTS))
    unrated = None if row is None else with_session_rpe(activity_store.to_dict(row))
    return {
        "date": day.isoformat(),
        "morning": moment.hour < MORNING_UNTIL_HOUR,
        "unrated": unrated,
        "checkin": checkin_form(database, day),
    }


__all__ = [
    "checkin",
    "checkin_delete",
    "checkin_form",
    "checkins",
    "run_rate",
    "today_feel",
]
