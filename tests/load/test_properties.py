"""Property tests: monotone spikes, and unknown (never ok) with too little history."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from strideguard.load import compute_signals
from strideguard.load.training import session_spike
from strideguard.plan.dose import prescribed_dose

from .helpers import d, runs

LEVEL_RANK = {"ok": 0, "caution": 1, "high": 2}
km = st.floats(min_value=0.5, max_value=60.0, allow_nan=False)
history = st.lists(st.tuples(st.integers(min_value=0, max_value=29), km), min_size=1, max_size=20)


@settings(max_examples=60, deadline=None)
@given(history=history, latest=km, extra=st.floats(min_value=0.01, max_value=30.0))
def test_a_longer_latest_run_never_lowers_the_spike(history, latest, extra) -> None:
    base = session_spike(runs([*history, (30, latest)]), d(30))
    longer = session_spike(runs([*history, (30, latest + extra)]), d(30))
    assert longer.value >= base.value
    assert LEVEL_RANK[longer.level] >= LEVEL_RANK[base.level]


@settings(max_examples=60, deadline=None)
@given(history=history, latest=km, extra=st.floats(min_value=0.01, max_value=30.0))
def test_adding_a_longer_run_later_the_same_day_never_lowers_the_spike(history, latest, extra) -> None:
    before = [*[{"day": k, "km": x, "start_time": f"2026-01-{k + 1:02d}T07:00:00Z"} for k, x in history]]
    first = {"day": 30, "km": latest, "start_time": "2026-01-31T07:00:00Z"}
    second = {"day": 30, "km": latest + extra, "start_time": "2026-01-31T18:00:00Z"}
    base = session_spike(runs([*before, first]), d(30))
    more = session_spike(runs([*before, first, second]), d(30))
    assert more.value >= base.value


# Days of history each signal needs before it may be anything but unknown.
NEEDS = {"acute_chronic_ratio": 28, "monotony": 7, "fitness": 42, "fatigue": 7, "form": 42}


@settings(max_examples=60, deadline=None)
@given(
    span=st.integers(min_value=1, max_value=60),
    loads=st.lists(km, min_size=1, max_size=30),
)
def test_too_little_history_says_unknown(span, loads) -> None:
    # Runs spread over days 0..span-1; D is the last day, so the history is `span` days long.
    items = [(round(i * (span - 1) / max(1, len(loads) - 1)), x) for i, x in enumerate(loads)]
    items.append((span - 1, loads[-1]))
    signals = {s.id: s for s in compute_signals(runs(items), d(span - 1), prescribed_dose(None, date(2026, 6, 1)))}
    for sid, needed in NEEDS.items():
        if span < needed:
            assert signals[sid].level == "unknown", sid
            assert signals[sid].value is None
    # Without shoes, terrain samples or cadence these are unknown too, never ok.
    for sid in ("shoe_mileage", "downhill_share", "slope_share", "roughness", "cadence"):
        assert signals[sid].level == "unknown", sid
    if span <= 7:  # nothing can lie in D-13..D-7
        assert signals["weekly_change"].level == "unknown"
