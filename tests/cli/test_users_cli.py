"""`strideguard user add|list|remove` as a user types them, on a server database (SQLite; the store tests cover
PostgreSQL): passwords from standard input or asked twice, JSON lists, and refusals as one line with exit 1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from strideguard.club import Club

PASSWORDS = {"ana": "ana runs in the park", "boss": "boss keeps the accounts"}
ROLES = {"ana": "runner", "boss": "admin"}


def cli(db: str, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from strideguard.cli import main; main()", "--db", db, *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def test_user_commands(tmp_path: Path) -> None:
    server_db = str(tmp_path / "club.db")
    with Club.open(f"sqlite:///{server_db}") as club:
        for name, role in ROLES.items():
            club.accounts.add(name, role, PASSWORDS[name])
    added = cli(
        server_db, "user", "add", "Coach.Lee", "--role", "coach", "--password-stdin", stdin="lee coaches hills\n"
    )
    assert added.returncode == 0, added.stderr
    assert "added coach coach.lee" in added.stderr
    asked = cli(server_db, "user", "add", "ria", "--role", "runner", stdin="ria runs far away\nria runs far away\n")
    assert asked.returncode == 0, asked.stderr
    listed = json.loads(cli(server_db, "user", "list", "--json").stdout)
    assert [(u["username"], u["role"]) for u in listed] == sorted(
        [(n, r) for n, r in ROLES.items()] + [("coach.lee", "coach"), ("ria", "runner")]
    )
    for args, stdin, says in (
        (("user", "add", "x y", "--role", "runner", "--password-stdin"), "long enough pass\n", "username"),
        (("user", "add", "zed", "--role", "doctor", "--password-stdin"), "long enough pass\n", "role"),
        (("user", "add", "zed", "--role", "runner", "--password-stdin"), "short\n", "at least 10 characters"),
        (("user", "add", "zed", "--role", "runner"), "one long phrase\nanother phrase\n", "differ"),
        (("user", "add", "ana", "--role", "runner", "--password-stdin"), "long enough pass\n", "taken"),
        (("user", "remove", "nobody"), None, "no account"),
        (("user", "remove", "boss"), None, "last admin"),
    ):
        refused = cli(server_db, *args, stdin=stdin)
        assert refused.returncode == 1 and says in refused.stderr, (args, refused.stderr)
        assert refused.stderr.strip().splitlines()[-1].startswith("Error: ") and "Traceback" not in refused.stderr
    gone = cli(server_db, "user", "remove", "ria", "--json")
    assert gone.returncode == 0 and json.loads(gone.stdout)["data_deleted"] is False


def test_a_multi_user_server_beyond_this_machine_needs_https(tmp_path: Path) -> None:
    server_db = str(tmp_path / "club.db")
    for args, says in (
        (("--host", "0.0.0.0"), "needs HTTPS"),
        (("--host", "0.0.0.0", "--tls-cert", str(tmp_path / "cert.pem")), "--tls-key"),
        (("--token", "a-token-of-twenty-chars"), "--token is for the single-runner server"),
        (("--port", "70000"), "--port"),
    ):
        refused = cli(server_db, "serve", "--multi-user", *args)
        assert refused.returncode == 1 and says in refused.stderr, (args, refused.stderr)
        assert "Traceback" not in refused.stderr
