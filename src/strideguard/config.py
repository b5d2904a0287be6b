"""Settings declared once: (name, default, help)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

APP_NAME = "strideguard"


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    help: str  # a text id of knowledge/locale/<lang>/help.yaml


DB_SETTING = Setting(
    "db",
    "STRIDEGUARD_DB",
    "help.opt.db",  # a text id: knowledge/locale/<lang>/help.yaml
)
LANG_SETTING = Setting("lang", "STRIDEGUARD_LANG", "help.opt.lang")


def user_data_dir() -> Path:
    """The user's data folder for strideguard (platformdirs, imported only when a command needs it)."""
    import platformdirs  # noqa: PLC0415  (not for `--help`)

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    return user_data_dir() / "strideguard.db"


def resolve_db(value: str | None) -> str:
    """Return a SQLAlchemy URL from --db, $STRIDEGUARD_DB or the default file."""
    if value is not None and not value.strip():
        raise InputError("--db", value, "errors.db.empty")
    raw = value or os.environ.get(DB_SETTING.env) or str(default_db_path())
    if "://" in raw:
        return raw
    path = Path(raw).expanduser()
    return f"sqlite:///{path}"


def data_dir_for(url: str) -> Path:
    """Folder that belongs to this database (uploads, temporary imports)."""
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        return Path(url.removeprefix("sqlite:///")).parent
    return user_data_dir()


def default_demo_path() -> Path:
    """Where `strideguard demo` writes when no --db is given: never the runner's own database."""
    return user_data_dir() / "demo.db"
