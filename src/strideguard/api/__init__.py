"""strideguard's Python API: every use case as one function.

The CLI, the web app and the reports call these and nothing else. Each function
takes ``db`` first: an open ``Database``, a path or SQLAlchemy URL, or ``None``
for the configured default (``$STRIDEGUARD_DB`` or the user data folder).

The functions are imported on first use (``api.status`` loads ``api/status.py``
and what it needs, nothing else), so that a command pays only for its own use case.
"""

from __future__ import annotations

import sys
import types
from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..store import Database, open_database
    from .backup import export, restore
    from .calendar import calendar
    from .demo import demo
    from .episodes import episodes, symptom_resolve
    from .feel import checkin, checkin_delete, checkin_form, checkins, run_rate, today_feel
    from .ingest import import_files
    from .language import profile_language
    from .manage import (
        deleted,
        deleted_restore,
        run_delete,
        run_edit,
        run_restore,
        symptom_delete,
        symptom_edit,
        symptom_restore,
        symptom_show,
    )
    from .plan import plan, plan_ics
    from .profile import profile_set, profile_show
    from .report import report
    from .run_detail import run_detail
    from .runs import activities, activity, run_add
    from .shoes import shoes_add, shoes_assign, shoes_default, shoes_list, shoes_retire
    from .status import status
    from .triage import symptom_list, symptom_log, triage
    from .wellness import wellness

# public name -> module that defines it (relative to this package)
_WHERE = {
    "Database": "..store",
    "open_database": "..store",
    "cohort_export": ".cohort",
    "cohort_signals": ".cohort",
    "export": ".backup",
    "run_detail": ".run_detail",
    "calendar": ".calendar",
    "restore": ".backup",
    "demo": ".demo",
    "import_files": ".ingest",
    "plan": ".plan",
    "plan_ics": ".plan",
    "profile_language": ".language",
    "profile_set": ".profile",
    "profile_show": ".profile",
    "report": ".report",
    "activities": ".runs",
    "run_add": ".runs",
    "shoes_add": ".shoes",
    "shoes_assign": ".shoes",
    "shoes_default": ".shoes",
    "shoes_list": ".shoes",
    "shoes_retire": ".shoes",
    "status": ".status",
    "episodes": ".episodes",
    "symptom_resolve": ".episodes",
    "symptom_list": ".triage",
    "symptom_log": ".triage",
    "triage": ".triage",
    "checkin": ".feel",
    "checkin_delete": ".feel",
    "checkin_form": ".feel",
    "checkins": ".feel",
    "run_rate": ".feel",
    "today_feel": ".feel",
    "deleted": ".manage",
    "deleted_restore": ".manage",
    "run_delete": ".manage",
    "run_edit": ".manage",
    "run_restore": ".manage",
    "symptom_delete": ".manage",
    "symptom_edit": ".manage",
    "symptom_restore": ".manage",
    "symptom_show": ".manage",
    "activity": ".runs",
    "wellness": ".wellness",
}

__all__ = [
    "Database",
    "activities",
    "activity",
    "checkin",
    "checkin_delete",
    "checkin_form",
    "checkins",
    "deleted",
    "deleted_restore",
    "calendar",
    "cohort_export",
    "cohort_signals",
    "demo",
    "episodes",
    "export",
    "import_files",
    "open_database",
    "plan",
    "plan_ics",
    "profile_language",
    "profile_set",
    "profile_show",
    "report",
    "restore",
    "run_add",
    "run_delete",
    "run_edit",
    "run_rate",
    "run_restore",
    "run_detail",
    "shoes_add",
    "shoes_assign",
    "shoes_default",
    "shoes_list",
    "shoes_retire",
    "status",
    "symptom_delete",
    "symptom_edit",
    "symptom_list",
    "symptom_log",
    "symptom_resolve",
    "symptom_restore",
    "symptom_show",
    "today_feel",
    "triage",
    "wellness",
]


def __getattr__(name: str) -> Any:
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(where, __name__), name)
    globals()[name] = value  # the next look-up is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))


class _Api(types.ModuleType):
    """Keeps ``api.plan``, ``api.status``... the functions when their module of the same name is imported.

    Importing ``strideguard.api.plan`` sets the package attribute ``plan`` to the module; the eager
    ``from .plan import plan`` used to put the function back right after. This does the same.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and _WHERE.get(name) == "." + name:
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Api
