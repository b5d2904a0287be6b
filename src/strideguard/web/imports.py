"""Imports started from the web page: run in a worker thread, polled for progress, files removed after.

The uploaded copies live only in the data folder's ``uploads/`` while the import
runs; the activities (with their samples) are then in the database.
"""

from __future__ import annotations

import contextvars
import logging
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import api, knowledge
from ..errors import StrideguardError
from ..store import Database
from .uploads import ReceivedUpload

log = logging.getLogger(__name__)


@dataclass
class ImportJob:
    id: str
    names: list[str]
    started: float = field(default_factory=time.monotonic)
    files_done: int = 0
    files_total: int = 0
    bytes_done: int = 0
    bytes_total: int = 0
    current: str = ""
    result: dict[str, Any] | None = None
    error: str | None = None

    @property
    def finished(self) -> bool:
        return self.result is not None or self.error is not None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "files_done": self.files_done,
            "files_total": self.files_total,
            "bytes_done": self.bytes_done,
            "bytes_total": self.bytes_total,
            "current": self.current,
            "finished": self.finished,
            "result": self.result,
            "error": self.error,
        }


class ImportJobs:
    """The imports of this server process (kept for the page to poll; the last 50)."""

    def __init__(self, on_done: Callable[[], None] | None = None) -> None:
        """``on_done``: called after each import ends (the multi-user server refreshes the roster summary)."""
        self._jobs: dict[str, ImportJob] = {}
        self._lock = threading.Lock()
        self._on_done = on_done

    def get(self, job_id: str) -> ImportJob | None:
        with self._lock:
            return self._jobs.get(job_id)

    def start(self, db: Database, upload: ReceivedUpload, wait: bool = False) -> ImportJob:
        job = ImportJob(id=secrets.token_hex(8), names=[upload.original_names[p] for p in upload.files])
        with self._lock:
            self._jobs[job.id] = job
            for old in list(self._jobs)[:-50]:
                del self._jobs[old]
        renames = {str(p): upload.original_names[p] for p in upload.files}

        def progress(state: Any) -> None:
            job.files_done, job.files_total = state.files_done, state.files_total
            job.bytes_done, job.bytes_total = state.bytes_done, state.bytes_total
            job.current = _shown(state.current, upload.folder, renames)

        def run() -> None:
            try:
                result = api.import_files(db, [str(p) for p in upload.files], progress=progress)
                for entry in result.get("files", []):
                    entry["path"] = _shown(str(entry.get("path", "")), upload.folder, renames)
                    if "error" in entry:
                        entry["error"] = _shown_text(str(entry["error"]), upload.folder, renames)
                for warning in result.get("warnings", []):
                    warning["path"] = _shown(warning["path"], upload.folder, renames)
                    warning["warning"] = _shown_text(warning["warning"], upload.folder, renames)
                    log.warning("import %s: %s", job.id, warning["warning"])
                job.result = result
                if result.get("errors"):
                    log.info("import %s: %s of %s files not imported", job.id, result["errors"], len(result["files"]))
            except StrideguardError as exc:
                job.error = _shown_text(str(exc), upload.folder, renames)
                log.warning("import %s refused: %s", job.id, job.error)
            except Exception as exc:  # keep the server up; the page shows what happened, the log has the traceback
                job.error = knowledge.text(
                    "web.import.crashed", error=f"{type(exc).__name__}: {_shown_text(str(exc), upload.folder, renames)}"
                )
                log.exception("import %s of %s stopped", job.id, ", ".join(job.names))
            finally:
                upload.discard()
                if self._on_done is not None:
                    self._on_done()

        if wait:
            run()
        else:  # the worker speaks the language of the request that started it
            context = contextvars.copy_context()
            threading.Thread(target=context.run, args=(run,), name=f"import-{job.id}", daemon=True).start()
        return job


def _shown(name: str, folder: Path, renames: dict[str, str]) -> str:
    """A path as the runner named the file (never the server's upload folder)."""
    for stored, original in renames.items():
        if name == stored or name.startswith(stored + "!"):
            return original + name[len(stored) :]
        base = Path(stored).name
        if name == base or name.startswith(base + "!"):
            return original + name[len(base) :]
    return name.replace(str(folder) + "/", "")


def _shown_text(text: str, folder: Path, renames: dict[str, str]) -> str:
    for stored, original in renames.items():
        text = text.replace(stored, original)
    return text.replace(str(folder) + "/", "")
