"""Schemathesis against the served app: the OpenAPI description tells the truth about the JSON API.

The app is served by uvicorn on 127.0.0.1 in a thread over a private copy of
the demo database, and Schemathesis runs every phase (examples, coverage,
fuzzing) with every check against ``/api/openapi.json``, seeded and bounded,
the way ``schemathesis run --checks all`` does. Like a real client, the test
first asks ``GET /api/csrf`` for its token and then sends it with the cookie
on every request.

What JSON Schema cannot say, and where Schemathesis may therefore send a
"valid" request that is refused with a 400 naming the field, is listed here
(each refusal is documented in the operation's summary and answered 400):

- a date in the future for a run or a symptom report (the schema has no "today");
- a run faster than 2.5 min/km (a ratio of two fields);
- ``since`` after ``until`` for the activities (an order of two parameters);
- a resolve date in the future for a symptom episode (again no "today");
- a check-in for a morning in the future, for an episode not open that morning, or with
  neither a pain nor the stiffness (the open episodes are stored data, not schema);
- a run, report, check-in or deleted item that does not exist (404), a report edit that
  changes the body part (400), a restore or report deletion that conflicts with what is
  stored since (409): ids and stored state are not schema either.

For those operations, and only for the positive-data check, 400 is
accepted; every other check and operation runs unchanged.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import schemathesis
import uvicorn
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status, from_schema
from schemathesis.engine.events import EngineFinished, FatalError, NonFatalError, ScenarioFinished

from strideguard.store import open_database
from strideguard.web import WebSettings, create_app

from .conftest import copy_db, free_port

SEED = 20261201
MAX_EXAMPLES = 8  # per operation and phase: the whole run stays well under a minute on one core

# the operations whose valid-looking requests may be refused for a reason the schema cannot state (above)
REFUSING = (
    "^/api/(runs|symptoms|triage|activities|episodes/[^/]+/resolve"
    "|runs/[^/]+(/rate)?|checkins(/[^/]+)?|symptoms/[^/]+|deleted/[^/]+/restore)$"
)

CONFIG = f"""
seed = {SEED}
workers = 1

[generation]
max-examples = {MAX_EXAMPLES}
database = "none"

[checks]
enabled = true

[[operations]]
include-path-regex = "{REFUSING}"
checks.positive_data_acceptance.expected-statuses = ["2xx", "400", "404", "409"]
"""


@pytest.fixture()
def served(demo_db_file: Path, tmp_path: Path) -> Iterator[str]:
    """uvicorn on 127.0.0.1 (a free port) in a thread, over a private demo database."""
    db_path = copy_db(demo_db_file, tmp_path / "data" / "strideguard.db")
    db = open_database(str(db_path))
    app = create_app(db, WebSettings(data_dir=db_path.parent))
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start within 20 s")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        db.close()


def _csrf(base: str) -> str:
    """What a real client does first: GET /api/csrf; the token is also set as the sg_csrf cookie."""
    response = httpx.get(base + "/api/csrf")
    token = response.json()["csrf_token"]
    assert response.cookies.get("sg_csrf") == token
    return str(token)


def test_schemathesis_finds_no_failure_with_every_check(served: str) -> None:
    token = _csrf(served)
    config = SchemathesisConfig.from_str(
        CONFIG + f'\n[headers]\n"X-CSRF-Token" = "{token}"\n"Cookie" = "sg_csrf={token}"\n'
    )
    schema = schemathesis.openapi.from_url(served + "/api/openapi.json", config=config)
    started = time.monotonic()
    failures: list[str] = []
    errors: list[str] = []
    cases = 0
    finished = None
    for event in from_schema(schema).execute():
        if isinstance(event, ScenarioFinished):
            cases += len(event.recorder.cases)
            for case_id, checks in event.recorder.checks.items():
                for check in checks:
                    if check.status == Status.FAILURE and check.failure_info is not None:
                        case = event.recorder.cases[case_id].value
                        failure = check.failure_info.failure
                        failures.append(f"{case.method} {case.path} [{check.name}] {failure.title}: {failure.message}")
        elif isinstance(event, (NonFatalError, FatalError)):
            errors.append(str(getattr(event, "info", None) or getattr(event, "exception", event)))
        elif isinstance(event, EngineFinished):
            finished = event
    elapsed = time.monotonic() - started
    print(f"schemathesis: {cases} cases in {elapsed:.1f} s, {len(set(failures))} distinct failures")
    assert finished is not None
    assert not errors, errors
    assert sorted(set(failures)) == [], "\n".join(sorted(set(failures)))
    assert cases > 200  # every operation was really exercised (20 operations, several phases)
