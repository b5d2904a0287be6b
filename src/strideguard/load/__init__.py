"""strideguard.load: daily running load and the risk signals (DESIGN.md section 4).

Pure functions over numpy/pandas arrays: no I/O, no database, no clock.
Thresholds and their sources live in ``knowledge/signals.yaml``.
"""

from .compute import TERRAIN_SIGNALS, Runner, compute_signals
from .equipment import SessionDose
from .series import METRIC_COLUMNS, DailySeries, Runs, from_day, runs_from_columns, runs_from_frame, to_day
from .signal import Signal

__all__ = [
    "METRIC_COLUMNS",
    "TERRAIN_SIGNALS",
    "DailySeries",
    "Runner",
    "Runs",
    "SessionDose",
    "Signal",
    "compute_signals",
    "from_day",
    "runs_from_columns",
    "runs_from_frame",
    "to_day",
]
