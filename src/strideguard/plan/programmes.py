"""Pick exercises from the programme library by the runner's risks (knee, ankle, foot).

Risk-specific exercises come first, then the ones for everyone, each list cut
to the session limit of ``knowledge/plan/programmes.yaml``.
"""

from __future__ import annotations

from collections.abc import Iterable

from . import library
from .library import Exercise


def pick(section: str, risks: Iterable[str], limit: int | None = None) -> tuple[Exercise, ...]:
    """Exercises of ``section`` for these risks, risk-specific first, in library order."""
    wanted = set(risks)
    items = library.programmes()[section]
    specific = [e for e in items if wanted.intersection(e.tags)]
    general = [e for e in items if "all" in e.tags and e not in specific]
    chosen = specific + general
    return tuple(chosen[: library.programme_limit(section) if limit is None else limit])


def lines(section: str, risks: Iterable[str], limit: int | None = None) -> tuple[str, ...]:
    return tuple(e.line() for e in pick(section, risks, limit))


def library_dict() -> dict[str, list[dict[str, object]]]:
    """The whole library, for the web app or a printed programme."""
    return {section: [e.to_dict() for e in items] for section, items in library.programmes().items()}
