"""What a request works on: the database (and its import jobs) of the runner it is about.

The single-runner server has one database for every request (``app.state.db``). The multi-user
server (``web/club``) resolves each request to one runner's database only after its consent check
and puts it in the request's scope; a request it did not resolve gets no database at all.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request

from ..store import Database
from .imports import ImportJobs


def _state(request: Request, name: str) -> Any:
    found = request.scope.get("state", {}).get(name)
    return found if found is not None else getattr(request.app.state, name, None)


def database(request: Request) -> Database:
    """The runner database of this request."""
    db = _state(request, "db")
    if db is None:  # the multi-user server always sets one before a runner's route runs
        raise RuntimeError(f"no runner database was chosen for {request.url.path}")
    return db


def import_jobs(request: Request) -> ImportJobs:
    """The import jobs of this request's runner (another runner's job ids are unknown here)."""
    jobs = _state(request, "jobs")
    if jobs is None:
        raise RuntimeError(f"no import jobs were chosen for {request.url.path}")
    return jobs
