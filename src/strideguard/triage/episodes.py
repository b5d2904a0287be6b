"""Symptom episodes: reports grouped by body part, each governed by its own latest report.

Pure data and functions (no I/O). A report's episode key is its region, side and
site (``knowledge/triage/episodes.yaml``); a report with another key never
changes an episode. An episode is open from its first report until a report for
it settles (``settles``) or the runner marks it resolved with a reason; while it
is open, its latest report's disposition stands, and the most urgent open
episode caps the plan (DESIGN.md section 6b).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .. import knowledge
from ..domain import DISPOSITIONS, urgency

EPISODES_FILE = "triage/episodes.yaml"
_PAINS = ("pain_during", "pain_after", "pain_rest", "pain_next_morning")


class _Cited(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    value: int = Field(ge=0, le=10)
    source: str


class _Settle(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    disposition: str
    pain_max: _Cited
    next_morning_max: _Cited
    source: str


class _Resolve(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    reason_max_length: int = Field(gt=0)
    examples: tuple[str, ...] = ()


MorningFact = Literal["pain_next_morning", "morning_pain_change", "morning_above_during", "unsettled_mornings"]


class _MorningCheck(BaseModel):
    """One pain-monitoring check of a morning check-in: ``fact >= min`` gives ``disposition``."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    fact: MorningFact
    min: int
    disposition: Literal["emergency", "see_doctor", "stop_and_rest", "modify_training"]
    rule: str  # the triage rule (knowledge/triage/rules.yaml) with the same threshold
    source: str


class _Mornings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    compare_window_days: int = Field(gt=0)
    trend_window_days: int = Field(gt=0)
    unsettled_min_pain: int = Field(ge=0, le=10)
    checks: tuple[_MorningCheck, ...]


class EpisodeRules(BaseModel):
    """``knowledge/triage/episodes.yaml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    sites: dict[str, dict[str, tuple[str, ...]]]
    settle: _Settle
    resolve: _Resolve
    mornings: _Mornings


@cache
def rules() -> EpisodeRules:
    return knowledge.validated(EpisodeRules, EPISODES_FILE)


@dataclass(frozen=True, order=True)
class EpisodeKey:
    """The body part an episode is about; ``None`` where the report did not say."""

    region: str
    side: str | None = None
    site: str | None = None

    def to_dict(self) -> dict[str, str | None]:
        return {"region": self.region, "side": self.side, "site": self.site}


def label(key: EpisodeKey, lang: str | None = None) -> str:
    """The body part in words, e.g. "left knee" or "right foot (heel, sole or arch)"."""
    return knowledge.text(
        "episode.label",
        lang,
        side=knowledge.text(f"episode.side.{key.side or 'none'}", lang),
        region=knowledge.text(f"episode.region.{key.region}", lang),
        site=knowledge.text(f"episode.site.{key.site or 'none'}", lang),
    )


def site_of(region: str, location: str | None) -> str | None:
    """The site of ``location`` within ``region``; None when the whole region is one site or it is unknown."""
    groups = rules().sites.get(region)
    if not groups or location is None:
        return None
    return next((site for site, members in groups.items() if location in members), None)


def key_of(report: Mapping[str, Any]) -> EpisodeKey:
    """The episode key of a report (reported fields, as stored)."""
    region = str(report["region"])
    side = report.get("side")
    return EpisodeKey(region, None if side is None else str(side), site_of(region, report.get("location")))


def settles(report: Mapping[str, Any], disposition: str | None) -> bool:
    """Whether a report closes its episode: triage says continue, pain within limits, settled by next morning."""
    rule = rules().settle
    if disposition != rule.disposition:
        return False
    pains = [report.get(p) for p in _PAINS]
    if any(p is not None and p > rule.pain_max.value for p in pains):
        return False
    morning = report.get("pain_next_morning")
    return morning is not None and morning <= rule.next_morning_max.value


@dataclass(frozen=True)
class Report:
    """A stored symptom report and the disposition of the triage given for it (None if not triaged)."""

    date: date
    region: str
    disposition: str | None
    pain_during: int | None = None
    pain_next_morning: int | None = None
    cramp: bool = False
    side: str | None = None
    location: str | None = None
    id: int | None = None
    episode_id: int | None = None
    fields: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @staticmethod
    def from_stored(entry: Mapping[str, Any]) -> Report:
        """From ``store.symptoms.list_reports`` rows: ``{id, date, region, report, disposition, episode_id}``."""
        report = entry.get("report") or {}
        day = entry["date"]
        return Report(
            date=day if isinstance(day, date) else date.fromisoformat(str(day)),
            region=str(entry.get("region") or report.get("region") or "other"),
            disposition=entry.get("disposition"),
            pain_during=report.get("pain_during"),
            pain_next_morning=report.get("pain_next_morning"),
            cramp=bool(report.get("cramp")),
            side=report.get("side"),
            location=report.get("location"),
            id=entry.get("id"),
            episode_id=entry.get("episode_id"),
            fields=dict(report),
        )

    @property
    def key(self) -> EpisodeKey:
        return key_of({"region": self.region, "side": self.side, "location": self.location})

    @property
    def settles(self) -> bool:
        known = {"pain_during": self.pain_during, "pain_next_morning": self.pain_next_morning}
        return settles({**known, **self.fields}, self.disposition)


def _order(report: Report) -> tuple[date, int]:
    return (report.date, report.id if report.id is not None else 0)


@dataclass(frozen=True)
class Morning:
    """The pain at an episode's sore spot on a morning, from a check-in (``strideguard checkin``)."""

    date: date
    pain: int


@dataclass(frozen=True)
class Verdict:
    """What a morning check-in says under the pain-monitoring model (``mornings`` in episodes.yaml)."""

    morning: Morning
    disposition: str  # "continue" when no check matched
    matched: tuple[str, ...]  # the check ids that matched, most urgent first
    facts: Mapping[str, int | None]

    def to_dict(self) -> dict[str, Any]:
        checks = {c.id: c for c in rules().mornings.checks}
        return {
            "date": self.morning.date.isoformat(),
            "pain": self.morning.pain,
            "disposition": self.disposition,
            "matched": [{"id": m, "rule": checks[m].rule, "source": checks[m].source} for m in self.matched],
        }


def _more_urgent(a: str, b: str) -> str:
    return a if urgency(a) <= urgency(b) else b


@dataclass(frozen=True)
class Episode:
    """One body part's run of reports, from the first until it settles or is resolved."""

    key: EpisodeKey
    opened_on: date
    reports: tuple[Report, ...] = ()  # oldest first
    id: int | None = None
    closed_on: date | None = None
    closed_reason: str | None = None  # "settled" when a report or a morning closed it, else the runner's reason
    mornings: tuple[Morning, ...] = ()  # check-ins at this sore spot, oldest first

    def is_open(self, day: date) -> bool:
        return self.opened_on <= day and (self.closed_on is None or self.closed_on > day)

    def latest(self, day: date) -> Report | None:
        """The report that governs the episode on ``day``: its latest triaged report on or before it."""
        seen = sorted((r for r in self.reports if r.date <= day and r.disposition in DISPOSITIONS), key=_order)
        return seen[-1] if seen else None  # on a tie, the report filed last

    def morning_series(self, day: date) -> list[tuple[date, int]]:
        """Every morning pain known on ``day``, oldest first: a report's next-morning pain (from reports dated
        on or before ``day``) counts for the morning after its date, a check-in for its own morning; two for
        the same morning: the higher."""
        by_day: dict[date, int] = {}
        for r in self.reports:
            if r.pain_next_morning is not None and r.date <= day:
                when = r.date + timedelta(days=1)
                by_day[when] = max(by_day.get(when, 0), r.pain_next_morning)
        for m in self.mornings:
            if m.date <= day:
                by_day[m.date] = max(by_day.get(m.date, 0), m.pain)
        return sorted(by_day.items())

    def verdict(self, day: date) -> Verdict | None:
        """The latest check-in on or before ``day`` judged by the pain-monitoring checks.

        Only a check-in after the governing report's day counts: a later report was triaged with
        the mornings before it in its history (``api/episodes.triage_history``), so it governs.
        """
        latest = self.latest(day)
        after = [m for m in self.mornings if m.date <= day and (latest is None or m.date > latest.date)]
        if not after:
            return None
        morning = max(after, key=lambda m: m.date)
        settings = rules().mornings
        series = self.morning_series(morning.date)
        pain = dict(series)[morning.date]
        earlier = [(d, p) for d, p in series if d < morning.date]
        window = timedelta(days=settings.compare_window_days)
        change = pain - earlier[-1][1] if earlier and morning.date - earlier[-1][0] <= window else None
        session = [r for r in self.reports if r.date == morning.date - timedelta(days=1) and r.pain_during is not None]
        above = pain - max(r.pain_during for r in session if r.pain_during is not None) if session else None
        trend = [p for d, p in series if morning.date - d <= timedelta(days=settings.trend_window_days)]
        unsettled = 0
        for value in reversed(trend):
            if value < settings.unsettled_min_pain:
                break
            unsettled += 1
        facts: dict[str, int | None] = {
            "pain_next_morning": pain,
            "morning_pain_change": change,
            "morning_above_during": above,
            "unsettled_mornings": unsettled,
        }
        matched = [c for c in settings.checks if (v := facts[c.fact]) is not None and v >= c.min]
        matched.sort(key=lambda c: urgency(c.disposition))
        disposition = matched[0].disposition if matched else "continue"
        return Verdict(morning, disposition, tuple(c.id for c in matched), facts)

    def disposition(self, day: date) -> str:
        """The latest report's disposition, raised (never lowered) by a later morning check-in."""
        latest = self.latest(day)
        said = latest.disposition if latest is not None and latest.disposition else "continue"
        verdict = self.verdict(day)
        return said if verdict is None else _more_urgent(said, verdict.disposition)

    def morning_settles(self, day: date) -> bool:
        """Whether the check-in of ``day`` settles the episode: the governing report (before that morning)
        says continue with every pain within the limits, the morning is in the safe zone, and no
        pain-monitoring check matched. A morning never settles a report that raised anything."""
        verdict = self.verdict(day)
        if verdict is None or verdict.morning.date != day or verdict.disposition != "continue":
            return False
        latest = self.latest(day)
        if latest is None:
            return False
        answered = {**latest.fields, "pain_during": latest.pain_during}
        return settles({**answered, "pain_next_morning": verdict.facts["pain_next_morning"]}, latest.disposition)

    def settled_on(self) -> date | None:
        """The day the episode settled by its own reports and check-ins, None while they do not settle it.

        The governing (latest) report settles it on its day; else the first check-in after that report
        whose morning settles it (``morning_settles``). A resolve by the runner is not derived here.
        """
        latest = self.latest(date.max)
        if latest is None:
            return None
        if latest.settles:
            return latest.date
        for m in sorted(self.mornings, key=lambda m: m.date):
            if m.date > latest.date and self.morning_settles(m.date):
                return m.date
        return None

    def cleared_on(self, day: date, blocking: Iterable[str]) -> date | None:
        """When running was allowed again after the episode's last blocking report (None if never blocked).

        A later report of the episode that does not block clears it on its date; so does closing the
        episode. An episode still blocked on ``day`` gives None.
        """
        blocked = set(blocking)
        triaged = sorted((r for r in self.reports if r.date <= day and r.disposition in DISPOSITIONS), key=_order)
        events = [(r.date, 1, str(r.disposition)) for r in triaged]
        # a morning check-in can block too (it raises the disposition); mornings come before that day's reports
        events += [(m.date, 0, self.disposition(m.date)) for m in self.mornings if m.date <= day]
        events.sort(key=lambda e: (e[0], e[1]))
        last = max((i for i, e in enumerate(events) if e[2] in blocked), default=None)
        if last is None:
            return None
        if last + 1 < len(events):  # the first event after the last block (none after it blocks)
            return events[last + 1][0]
        if self.closed_on is not None and self.closed_on <= day:
            return self.closed_on
        return None

    def state(self, day: date) -> dict[str, Any]:
        """The episode on ``day`` for status, plan, web and report (JSON-ready)."""
        latest = self.latest(day)
        upto = [r for r in self.reports if r.date <= day]
        verdict = self.verdict(day)
        return {
            "id": self.id,
            **self.key.to_dict(),
            "label": label(self.key),
            "disposition": self.disposition(day),
            "since": self.opened_on.isoformat(),
            "open": self.is_open(day),
            "closed_on": None if self.closed_on is None else self.closed_on.isoformat(),
            "closed_reason": self.closed_reason,
            "reports": len(upto),
            "latest_report": None
            if latest is None
            else {"id": latest.id, "date": latest.date.isoformat(), "disposition": latest.disposition},
            "latest_checkin": None if verdict is None else verdict.to_dict(),
        }


def by_urgency(episodes: Iterable[Episode], day: date) -> list[Episode]:
    """Most urgent first; among equals the most recently reported first."""

    def rank(e: Episode) -> tuple[int, int]:
        latest = e.latest(day)
        recency = -(latest.date.toordinal() if latest else e.opened_on.toordinal())
        return (urgency(e.disposition(day)), recency)

    return sorted(episodes, key=rank)


def open_on(episodes: Iterable[Episode], day: date) -> list[Episode]:
    """The episodes open on ``day``, most urgent first."""
    return by_urgency((e for e in episodes if e.is_open(day)), day)


def group(reports: Sequence[Report]) -> list[Episode]:
    """Episodes from reports alone, oldest first: the same assignment the store makes when a report is logged.

    Each report joins the open episode with its key, else opens one; a report that settles closes it.
    """
    episodes: list[Episode] = []
    current: dict[EpisodeKey, int] = {}
    for report in sorted(reports, key=_order):
        key = report.key
        index = current.get(key)
        if index is None:
            episodes.append(Episode(key=key, opened_on=report.date, reports=(report,)))
            index = len(episodes) - 1
            current[key] = index
        else:
            episodes[index] = replace(episodes[index], reports=(*episodes[index].reports, report))
        if report.settles:
            episodes[index] = replace(episodes[index], closed_on=report.date, closed_reason="settled")
            del current[key]
    return episodes
