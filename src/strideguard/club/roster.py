"""The roster: one row per runner a coach or physio may see, sorted by risk, from summaries kept per runner.

A summary is computed by the same ``strideguard.api`` functions the runner's own pages call, twice:
from all the runner's data (``full``, shown to a training-and-symptoms share) and from the
training-only projection (``training``; symptoms cannot reach it, see ``store/runners.py``). It is
kept in the server's database and made again after each of the runner's writes through the server
and when the runner's day changes (:class:`Refresher`), so a roster of 200 runners is one query,
never 200 status computations. A row is sorted by what its viewer may see: a training-only row is
never ranked by a symptom.
"""

from __future__ import annotations

import logging
import threading
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .. import api
from ..domain import RUNNING_SPORTS, urgency
from ..store import Database
from ..store.runners import Access, RunnerStore
from ..store.server import ServerDatabase
from ..store.server import consent as store
from ..triage.episodes import EpisodeKey, key_of
from ..triage.episodes import label as episode_label
from .accounts import User, utcnow
from .consent import Grant

log = logging.getLogger(__name__)

LEVELS = ("high", "caution", "ok", "unknown")  # worst first
SWEEP_SECONDS = 300  # how often the refresher looks for summaries of a day gone by
NO_EPISODE = 10  # ranks after every disposition
PAINS = ("pain_during", "pain_after", "pain_rest", "pain_next_morning")


def _signal(signals: list[dict[str, Any]], sid: str) -> dict[str, Any]:
    found = next((s for s in signals if s["id"] == sid), None)
    if found is None:
        return {"value": None, "level": "unknown"}
    return {"value": found.get("value"), "level": found.get("level", "unknown")}


def body_part(part: dict[str, Any]) -> str:
    """The body part of a summary's episode or last report in the current language ("left knee", "왼쪽 무릎").

    A summary is kept for every viewer and made in whichever language was current then, so its ``label``
    is that language's; a page shows the part from its key instead (a summary kept before ``site`` was
    stored shows the part without its site).
    """
    return episode_label(EpisodeKey(str(part["region"]), part.get("side"), part.get("site")))


def _pain(report: dict[str, Any]) -> int | None:
    values = [v for k in PAINS if isinstance(v := report.get(k), int)]
    return max(values) if values else None


def _last_report(db: Database, labels: dict[int, str]) -> dict[str, Any] | None:
    """The latest symptom report, its worst pain and disposition against the report before it on the same part."""
    reports = api.symptom_list(db)
    if not reports:
        return None
    latest = max(reports, key=lambda r: (r["date"], r["id"]))
    earlier = [
        r
        for r in reports
        if r["episode_id"] == latest["episode_id"] and (r["date"], r["id"]) < (latest["date"], latest["id"])
    ]
    before = max(earlier, key=lambda r: (r["date"], r["id"])) if earlier else None
    key = key_of(latest["report"])
    pain, previous = _pain(latest["report"]), None if before is None else _pain(before["report"])
    if before is None:
        trend = "first"
    elif urgency(latest["disposition"]) < urgency(before["disposition"]) or (
        pain is not None and previous is not None and pain > previous
    ):
        trend = "worse"
    elif urgency(latest["disposition"]) > urgency(before["disposition"]) or (
        pain is not None and previous is not None and pain < previous
    ):
        trend = "better"
    else:
        trend = "same"
    return {
        "date": latest["date"],
        "region": latest["region"],
        "side": key.side,
        "site": key.site,
        "label": labels.get(latest["episode_id"]),
        "disposition": latest["disposition"],
        "pain": pain,
        "previous_pain": previous,
        "trend": trend,
    }


def summarize(db: Database, today: date | str | None = None) -> dict[str, Any]:
    """One runner's roster summary on ``today`` (default: the runner's today), JSON-ready.

    Everything comes from ``strideguard.api``; from a training-only projection the symptom parts are
    empty because the symptom tables are.
    """
    status = api.status(db, today)
    day = date.fromisoformat(status["date"])
    monday = day - timedelta(days=day.weekday() + 7)  # last week: Monday to Sunday before this week
    sunday = monday + timedelta(days=6)
    planned = api.plan(db, days=7, today=monday - timedelta(days=1))
    week = api.activities(db, since=monday.isoformat(), until=sunday.isoformat())
    done = [a for a in week if a["sport"] in RUNNING_SPORTS]
    episodes = [e for e in status.get("episodes", []) if e.get("open", True)]
    shoes = [
        {"name": s["name"], "km": round(float(s["km"]), 1)}
        for s in api.shoes_list(db)
        if s.get("retired_on") is None and s.get("level") == "high"
    ]
    profile = api.profile_show(db)
    latest = api.activities(db, since=(day - timedelta(days=365)).isoformat(), until=day.isoformat())
    return {
        "as_of": day.isoformat(),
        "timezone": profile.get("timezone"),
        "name": profile.get("name"),
        "session_spike": _signal(status["signals"], "session_spike"),
        "weekly_change": _signal(status["signals"], "weekly_change"),
        "acute_chronic_ratio": _signal(status["signals"], "acute_chronic_ratio"),
        "latest_run": max((a["local_date"] for a in latest if a["sport"] in RUNNING_SPORTS), default=None),
        "shoes_past_retirement": shoes,
        "last_week": {
            "start": monday.isoformat(),
            "end": sunday.isoformat(),
            "planned_km": round(sum(float(d["session"].get("distance_km") or 0) for d in planned["days"]), 1),
            "planned_runs": sum(1 for d in planned["days"] if (d["session"].get("distance_km") or 0) > 0),
            "done_km": round(sum(float(a["distance_m"] or 0) for a in done) / 1000.0, 1),
            "done_runs": len(done),
        },
        "episodes": [
            {
                "label": e["label"],
                "region": e["region"],
                "side": e["side"],
                "site": e.get("site"),
                "disposition": e["disposition"],
                "since": e["since"],
            }
            for e in episodes
        ],
        "disposition": episodes[0]["disposition"] if episodes else None,
        "last_report": _last_report(db, {int(e["id"]): e["label"] for e in status.get("episodes", [])}),
    }


def risk_key(summary: dict[str, Any] | None, name: str) -> tuple[Any, ...]:
    """Most at risk first: the most urgent open episode, then the worse of spike and weekly change, then shoes."""
    if summary is None:
        return (NO_EPISODE + 1, len(LEVELS), 0, name)
    disposition = summary.get("disposition")
    rank = urgency(disposition) if disposition else NO_EPISODE
    levels = [summary[k]["level"] for k in ("session_spike", "weekly_change")]
    worst = min(LEVELS.index(level) if level in LEVELS else len(LEVELS) for level in levels)
    return (rank, worst, -len(summary.get("shoes_past_retirement", [])), name)


def risk_level(summary: dict[str, Any] | None) -> str:
    """A row's colour: ``urgent`` (an episode that stops running), ``high``, ``caution``, ``ok`` or ``unknown``."""
    if summary is None:
        return "unknown"
    if summary.get("disposition") in ("emergency", "see_doctor", "stop_and_rest"):
        return "urgent"
    levels = [summary[k]["level"] for k in ("session_spike", "weekly_change")]
    for level in ("high", "caution", "ok"):
        if level in levels or (level == "caution" and summary.get("disposition") == "modify_training"):
            return level
    return "unknown"


def runner_today(timezone: str | None, now: datetime | None = None) -> date:
    moment = now or datetime.now(UTC)
    try:
        zone = ZoneInfo(timezone) if timezone else UTC
    except (ZoneInfoNotFoundError, ValueError):
        zone = UTC
    return moment.astimezone(zone).date()


class Roster:
    """Summaries per runner, kept fresh by a background thread, and the roster rows of a viewer."""

    def __init__(self, db: ServerDatabase, runners: RunnerStore) -> None:
        self.db = db
        self.runners = runners
        self._pending: dict[int, str] = {}
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # --- computing ---------------------------------------------------------------------------------

    def refresh(self, runner_id: int, data_key: str, today: date | str | None = None) -> None:
        """Compute and store one runner's summaries now (of ``today``, default the runner's today)."""
        full = summarize(self.runners.open(data_key, Access.OWNER), today)
        training = summarize(self.runners.open(data_key, Access.TRAINING), full["as_of"])
        with self.db.begin() as conn:
            store.summary_put(
                conn, runner_id, date.fromisoformat(full["as_of"]), full["timezone"], full, training, utcnow()
            )

    def stale(self, now: datetime | None = None) -> list[tuple[int, str]]:
        """Runners without a summary, or whose summary is of a day before their today."""
        with self.db.connect() as conn:
            states = store.summary_states(conn)
        return [
            (s["id"], s["data_key"])
            for s in states
            if s["as_of"] is None or s["as_of"] < runner_today(s["timezone"], now)
        ]

    def _refresh_logged(self, runner_id: int, key: str) -> None:
        try:
            self.refresh(runner_id, key)
        except Exception:  # one runner's broken data must not stop the others' summaries
            log.exception("roster summary of runner %s failed", runner_id)

    # --- the background refresher ------------------------------------------------------------------

    def mark(self, runner_id: int, data_key: str) -> None:
        """This runner's data changed: make the summary again soon (in the background)."""
        with self._lock:
            self._pending[runner_id] = data_key
        self._wake.set()

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="roster-refresher", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=30)

    def _run(self) -> None:
        for runner_id, key in self.stale():  # at start: every summary missing or of an earlier day
            self.mark(runner_id, key)
        while not self._stop.is_set():
            woke = self._wake.wait(timeout=SWEEP_SECONDS)
            if self._stop.is_set():
                return
            self._wake.clear()
            if not woke:
                for runner_id, key in self.stale():
                    self.mark(runner_id, key)
            while True:
                with self._lock:
                    if not self._pending:
                        break
                    runner_id, key = self._pending.popitem()
                self._refresh_logged(runner_id, key)
                if self._stop.is_set():
                    return

    # --- the rows ----------------------------------------------------------------------------------

    def version(self, viewer_id: int) -> tuple[Any, ...]:
        """Changes whenever :meth:`rows` of this viewer may give something else (see ``store.server.consent``)."""
        with self.db.connect() as conn:
            return store.roster_version(conn, viewer_id)

    def rows(self, viewer_id: int) -> list[dict[str, Any]]:
        """The viewer's roster, most at risk first: each row's summary is the one its share's scope allows."""
        with self.db.connect() as conn:
            found = store.roster(conn, viewer_id)
        missing = [(r["id"], r["data_key"]) for r in found if r["summary"] is None]
        if missing:  # a runner new to the server: once, then kept fresh by the refresher
            for runner_id, key in missing:
                self._refresh_logged(runner_id, key)
            with self.db.connect() as conn:
                found = store.roster(conn, viewer_id)
        rows = []
        for r in found:
            summary = r["summary"]
            if summary is not None and r["scope"] != "training_and_symptoms":
                summary = {**summary, "episodes": [], "disposition": None, "last_report": None}  # never shown
            rows.append(
                {
                    "runner": r["username"],
                    "runner_id": r["id"],
                    "data_key": r["data_key"],
                    "scope": r["scope"],
                    "computed_at": r["computed_at"],
                    "as_of": None if r["as_of"] is None else r["as_of"].isoformat(),
                    "summary": summary,
                    "risk": risk_level(summary),
                }
            )
        rows.sort(key=lambda row: risk_key(row["summary"], row["runner"]))
        return rows

    def own(self, runner: User) -> list[dict[str, Any]]:
        """A runner's own row (their full summary), made now when there is none yet."""
        if runner.data_key is None:
            return []
        with self.db.connect() as conn:
            kept = store.summary_of(conn, runner.id)
        if kept is None:
            self._refresh_logged(runner.id, runner.data_key)
            with self.db.connect() as conn:
                kept = store.summary_of(conn, runner.id)
        summary = None if kept is None else kept["full"]
        return [
            {
                "runner": runner.username,
                "runner_id": runner.id,
                "data_key": runner.data_key,
                "scope": Access.OWNER.value,
                "computed_at": None if kept is None else kept["computed_at"],
                "as_of": None if kept is None else kept["as_of"].isoformat(),
                "summary": summary,
                "risk": risk_level(summary),
            }
        ]


def grant_of(row: dict[str, Any]) -> Grant:
    """The grant a roster row was shown under (for its audit row)."""
    return Grant(row["runner"], int(row["runner_id"]), row["data_key"], Access(row["scope"]))
