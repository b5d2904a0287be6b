"""Fixtures for the web tests: a demo database, an in-process client, and a real uvicorn server.

``client`` runs on the demo database of ``demo_db``: a SQLite copy (``demo_copy``), and in modules marked
``both_databases`` a PostgreSQL copy too when a server is given (tests/databases.py).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from strideguard import api
from strideguard.store import Database, open_database
from strideguard.web import WebSettings, create_app
from tests.databases import PgServer

LOCAL = "http://127.0.0.1:8765"


@pytest.fixture(scope="session")
def demo_db_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo runner built once per session; tests that write copy it first."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    db = open_database(str(path))
    api.demo(db)
    db.close()  # checkpoints the WAL, so the file alone holds everything
    return path


def copy_db(source: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        if Path(str(source) + suffix).exists():
            shutil.copyfile(str(source) + suffix, str(target) + suffix)
    return target


@pytest.fixture()
def demo_copy(demo_db_file: Path, tmp_path: Path) -> Path:
    """A private copy of the demo database (the data folder is ``tmp_path``)."""
    return copy_db(demo_db_file, tmp_path / "data" / "strideguard.db")


def _build_demo(url: str) -> None:
    db = open_database(url)
    api.demo(db)
    db.close()


@pytest.fixture()
def demo_db(backend: str, request: pytest.FixtureRequest) -> Iterator[str]:
    """A private demo database as ``--db`` takes it: the SQLite copy's path, or a PostgreSQL copy's URL."""
    if backend == "sqlite":
        yield str(request.getfixturevalue("demo_copy"))
        return
    server: PgServer = request.getfixturevalue("pg_server")
    url = server.create(template=server.template("demo", _build_demo))
    yield url
    server.drop(url)


def make_client(db: Path | str, data_dir: Path | None = None, **settings: object) -> TestClient:
    """An in-process client over ``db`` (a SQLite path or a URL); uploads go to ``data_dir`` (default: its folder)."""
    folder = data_dir if data_dir is not None else Path(db).parent
    app = create_app(open_database(str(db)), WebSettings(data_dir=folder, **settings))  # type: ignore[arg-type]
    return TestClient(app, base_url=LOCAL)


@pytest.fixture()
def client(demo_db: str, tmp_path: Path) -> Iterator[TestClient]:
    data_dir = None if "://" not in demo_db else tmp_path / "data"
    with make_client(demo_db, data_dir) as c:
        yield c


def csrf_of(client: TestClient) -> str:
    """The CSRF token the server gave this client (via its cookie)."""
    return str(client.get("/api/csrf").json()["csrf_token"])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    url: str
    db: Path | str
    process: subprocess.Popen[bytes]


def start_server(db: Path | str, *extra: str) -> Server:
    """``strideguard --db DB serve --port P`` as a real process; waits until it answers."""
    port = free_port()
    command = [
        sys.executable,
        "-c",
        "from strideguard.cli import main; main()",
        "--db",
        str(db),
        "serve",
        "--port",
        str(port),
        *extra,
    ]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "PYTHONUNBUFFERED": "1"}
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            out, err = process.communicate()
            raise RuntimeError(f"strideguard serve exited with {process.returncode}: {out.decode()} {err.decode()}")
        try:
            httpx.get(url + "/static/app.css", timeout=1.0)
            return Server(url, db, process)
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("strideguard serve did not answer within 30 s")


@pytest.fixture(scope="session")
def live_server(demo_db_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A real uvicorn server over a private demo database, for the whole browser session."""
    folder = tmp_path_factory.mktemp("live")
    db = copy_db(demo_db_file, folder / "strideguard.db")
    server = start_server(db)
    yield server
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()


__all__ = ["Database", "LOCAL", "Server", "csrf_of", "make_client", "start_server"]
