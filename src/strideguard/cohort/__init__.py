"""strideguard.cohort: many runners' daily load and signals as Parquet, and the signals as SQL over it.

``cohort export`` writes, for every runner of the databases given (today: one runner per database):

- ``runs.parquet``: one row per running activity (``runner``, ``day``, ``day_number``, ``seq``, ``sport``,
  ``distance_km``, ``duration_min``);
- ``daily.parquet``: one row per runner and calendar day from their first run to their last
  (``distance_km``, ``duration_min``, ``runs``, the four signals with their levels, ``strain``,
  ``acute_km``, ``chronic_km``), as strideguard computes them (:mod:`strideguard.load.daily`);
- ``signals.sql``: the same four signals as one SQL query over those two files, for DuckDB here or
  Spark SQL on a cluster; ``cohort.json``: what the files hold.

Runners are pseudonyms: HMAC-SHA256 of the runner's identity (today their profile name; a runner id
once there are accounts) under a secret key, never the name. With a key file the pseudonyms stay the
same from one export to the next; without one the key is random and forgotten (pseudonyms that link
nothing across exports). No database path, name or free text (notes) is written.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from importlib import resources
from typing import Any

from ..load.thresholds import param

PSEUDONYM_HEX = 32  # 128 bits of the HMAC: no collision in any cohort
EWMA_HORIZON_DAYS = 600  # (1 - 2/29)^600 < 1e-18: older days do not change a double


def pseudonym(key: bytes, identity: str) -> str:
    """The runner's pseudonym: a keyed hash (HMAC-SHA256) of their identity, as hex."""
    return hmac.new(key, identity.encode("utf-8"), hashlib.sha256).hexdigest()[:PSEUDONYM_HEX]


@dataclass(frozen=True)
class SqlParams:
    acute_k: float
    chronic_k: float
    spike_window: int
    week: int
    mono_window: int
    min_history_days: int

    @staticmethod
    def from_knowledge() -> SqlParams:
        """The parameters of knowledge/signals.yaml, the ones strideguard.load uses."""
        return SqlParams(
            acute_k=2.0 / (param("acute_chronic_ratio", "acute_days") + 1.0),
            chronic_k=2.0 / (param("acute_chronic_ratio", "chronic_days") + 1.0),
            spike_window=int(param("session_spike", "window_days")),
            week=int(param("weekly_change", "week_days")),
            mono_window=int(param("monotony", "window_days")),
            min_history_days=int(param("acute_chronic_ratio", "min_history_days")),
        )


def signals_sql(params: SqlParams | None = None) -> str:
    """The SQL of ``signals.sql`` with strideguard's parameters written in."""
    p = params or SqlParams.from_knowledge()
    template = resources.files(__package__).joinpath("signals.sql").read_text(encoding="utf-8")
    values: dict[str, Any] = {
        "acute_k": repr(p.acute_k),
        "chronic_k": repr(p.chronic_k),
        "spike_window": p.spike_window,
        "horizon": EWMA_HORIZON_DAYS,
        "week_last": p.week - 1,
        "week_prev_first": 2 * p.week - 1,
        "week_prev_last": p.week,
        "mono_last": p.mono_window - 1,
        "min_history_days": p.min_history_days,
    }
    values["params"] = ", ".join(f"{k} = {v}" for k, v in values.items())
    return template.format(**values)
