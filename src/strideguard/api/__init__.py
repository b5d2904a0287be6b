"""strideguard's Python API: every use case as one function.

The CLI, the web app and the reports call these and nothing else. Each function
takes ``db`` first: an open ``Database``, a path or SQLAlchemy URL, or ``None``
for the configured default (``$STRIDEGUARD_DB`` or the user data folder).
"""

from ..store import Database, open_database
from .backup import export, restore
from .demo import demo
from .ingest import import_files
from .plan import plan, plan_ics
from .profile import profile_set, profile_show
from .report import report
from .runs import activities, run_add
from .shoes import shoes_add, shoes_assign, shoes_default, shoes_list, shoes_retire
from .status import status
from .episodes import episodes, symptom_resolve
from .triage import symptom_list, symptom_log, triage

__all__ = [
    "Database",
    "activities",
    "demo",
    "episodes",
    "export",
    "import_files",
    "open_database",
    "plan",
    "plan_ics",
    "profile_set",
    "profile_show",
    "report",
    "restore",
    "run_add",
    "shoes_add",
    "shoes_assign",
    "shoes_default",
    "shoes_list",
    "shoes_retire",
    "status",
    "symptom_list",
    "symptom_log",
    "symptom_resolve",
    "triage",
]
