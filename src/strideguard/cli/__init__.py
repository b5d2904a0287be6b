"""Command line: ``strideguard [--db PATH_OR_URL] COMMAND [ARGS] [--json]``.

Each capability registers its commands on ``app`` in its own module.
"""

from __future__ import annotations

from . import (  # noqa: F401  (register commands)
    backup,
    cohort,
    demo,
    episodes,
    feel,
    ingest,
    manage,
    plan,
    profile,
    report,
    runs,
    serve,
    shoes,
    status,
    triage,
    users,
    wellness,
)
from .app import app


def main() -> None:
    app()


__all__ = ["app", "main"]
