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
from datetime import date
from functools import cache
from typing import Any

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


class EpisodeRules(BaseModel):
    """``knowledge/triage/episodes.yaml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    sites: dict[str, dict[str, tuple[str, ...]]]
    settle: _Settle
    resolve: _Resolve


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


def label(key: EpisodeKey, lang: str = "en") -> str:
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
class Episode:
    """One body part's run of reports, from the first until it settles or is resolved."""

    key: EpisodeKey
    opened_on: date
    reports: tuple[Report, ...] = ()  # oldest first
    id: int | None = None
    closed_on: date | None = None
    closed_reason: str | None = None  # "settled" when a report closed it, else the runner's reason

    def is_open(self, day: date) -> bool:
        return self.opened_on <= day and (self.closed_on is None or self.closed_on > day)

    def latest(self, day: date) -> Report | None:
        """The report that governs the episode on ``day``: its latest triaged report on or before it."""
        seen = sorted((r for r in self.reports if r.date <= day and r.disposition in DISPOSITIONS), key=_order)
        return seen[-1] if seen else None  # on a tie, the report filed last

    def disposition(self, day: date) -> str:
        latest = self.latest(day)
        return latest.disposition if latest is not None and latest.disposition else "continue"

    def cleared_on(self, day: date, blocking: Iterable[str]) -> date | None:
        """When running was allowed again after the episode's last blocking report (None if never blocked).

        A later report of the episode that does not block clears it on its date; so does closing the
        episode. An episode still blocked on ``day`` gives None.
        """
        blocked = set(blocking)
        triaged = sorted((r for r in self.reports if r.date <= day and r.disposition in DISPOSITIONS), key=_order)
        last = max((i for i, r in enumerate(triaged) if r.disposition in blocked), default=None)
        if last is None:
            return None
        if last + 1 < len(triaged):
            return triaged[last + 1].date
        if self.closed_on is not None and self.closed_on <= day:
            return self.closed_on
        return None

    def state(self, day: date) -> dict[str, Any]:
        """The episode on ``day`` for status, plan, web and report (JSON-ready)."""
        latest = self.latest(day)
        upto = [r for r in self.reports if r.date <= day]
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
