"""Session RPE load (Foster et al. 2001): the runner's effort rating times the session's minutes.

Effort is rated on the Borg CR-10 scale as Foster modified it (0 rest ... 10 maximal).
The rating is the runner's own (``rpe``, ``run rate``); where the runner has not rated a
run, the effort an export carried (``export_rpe``) stands in. Duration is the one the rest
of ``load/`` uses: moving time, else elapsed time, in minutes. Unknown stays unknown (NaN).

Pure functions over arrays; the rule for using it when heart rate is missing is in
:func:`strideguard.load.trimp.run_loads`.
"""

from __future__ import annotations

import numpy as np


def effective_rpe(rpe: np.ndarray, export_rpe: np.ndarray) -> np.ndarray:
    """The runner's rating where given, else the export's; NaN where neither is known."""
    own = np.asarray(rpe, dtype=float)
    other = np.asarray(export_rpe, dtype=float)
    return np.where(np.isfinite(own), own, other)


def session_rpe_load(rpe: np.ndarray, duration_min: np.ndarray) -> np.ndarray:
    """Foster's session load in arbitrary units: RPE (0-10) x minutes; NaN where either is unknown."""
    effort = np.asarray(rpe, dtype=float)
    minutes = np.asarray(duration_min, dtype=float)
    return np.where(np.isfinite(effort) & np.isfinite(minutes), effort * minutes, np.nan)


def one_session(rpe: float | None, export_rpe: float | None, duration_min: float | None) -> float | None:
    """The session RPE load of one activity (``activities --json``), or None when unknown."""
    effort = rpe if rpe is not None else export_rpe
    if effort is None or duration_min is None:
        return None
    value = float(session_rpe_load(np.array([effort]), np.array([duration_min]))[0])
    return value if np.isfinite(value) else None
