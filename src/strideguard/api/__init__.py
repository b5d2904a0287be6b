"""strideguard's Python API: every use case as one function.

The CLI, the web app and the reports call these and nothing else. Each function
takes ``db`` first: an open ``Database``, a path or SQLAlchemy URL, or ``None``
for the configured default (``$STRIDEGUARD_DB`` or the user data folder).
"""

from ..store import Database, open_database
from .backup import export, restore
from .demo import demo
from .ingest import import_files
from .profile import profile_set, profile_show
from .runs import activities, run_add
from .status import status
from .triage import symptom_list, symptom_log, triage

__all__ = [
    "Database",
    "activities",
    "demo",
    "export",
    "import_files",
    "open_database",
    "profile_set",
    "profile_show",
    "restore",
    "run_add",
    "status",
]
