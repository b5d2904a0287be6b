"""The wellness notes: known values computed by hand from the thresholds in knowledge/wellness.yaml."""

from __future__ import annotations

import math
from datetime import date, timedelta
from pathlib import Path

import pytest

from strideguard.domain import WellnessDay
from strideguard.wellness import context

DAY = date(2026, 3, 31)


def _days(field: str, values: list[float | None], source: str = "garmin", end: date = DAY) -> list[WellnessDay]:
    """``values`` for the days ending on ``end`` (the last value is ``end``'s)."""
    first = end - timedelta(days=len(values) - 1)
    return [WellnessDay(first + timedelta(days=i), source, **{field: v}) for i, v in enumerate(values) if v is not None]


def test_the_thresholds_are_loaded_from_knowledge_with_their_sources() -> None:
    t = context.thresholds()
    assert (t.recent_days.value, t.baseline_days.value) == (3, 28)
    assert t.resting_hr_rise_bpm.value == 5 and t.resting_hr_rise_bpm.source == "dressendorfer-1985"
    assert t.short_sleep_h.value == 7 and t.short_sleep_h.source == "watson-2015"
    assert t.hrv_drop_sd.value == 0.5 and t.hrv_drop_sd.source == "plews-2013"


def test_resting_heart_rate_up_by_five_is_said_four_is_not() -> None:
    # 28 baseline days at 50 bpm, then 3 days at 55, 55, 55: mean rise 5.0 bpm (>= 5)
    s = context.series(_days("resting_hr", [50.0] * 28 + [55.0, 55.0, 55.0]))
    found = context.notes(s, DAY)
    assert [(n.id, n.recent, n.baseline) for n in found] == [("resting_hr_up", 55.0, 50.0)]
    # 54, 54, 55: mean 54.33, a rise of 4.33: nothing to say
    s = context.series(_days("resting_hr", [50.0] * 28 + [54.0, 54.0, 55.0]))
    assert context.reading(s, DAY) == ([], ["resting_hr"])


def test_a_trend_needs_data() -> None:
    # 6 baseline days (< 7) and a big rise: not enough to say anything
    s = context.series(_days("resting_hr", [50.0] * 6 + [60.0, 60.0, 60.0]))
    assert context.reading(s, DAY) == ([], [])
    # only one of the last three days known (< 2)
    s = context.series(_days("resting_hr", [50.0] * 28 + [None, None, 60.0]))
    assert context.reading(s, DAY) == ([], [])


def test_short_sleep_is_the_mean_of_the_last_nights_below_seven_hours() -> None:
    s = context.series(_days("sleep_h", [7.5, 6.5, 6.8]))  # mean 6.93 h
    found = context.notes(s, DAY)
    assert [n.id for n in found] == ["short_sleep"] and found[0].recent == pytest.approx(20.8 / 3)
    assert context.notes(context.series(_days("sleep_h", [7.5, 6.5, 7.0])), DAY) == []  # mean 7.0: not short


def test_hrv_below_half_a_standard_deviation_of_the_log_baseline() -> None:
    # baseline alternating 50 and 60 ms: ln values 3.912 and 4.094, mean 4.003, SD 0.0912
    base = [50.0, 60.0] * 14
    ln = [math.log(v) for v in base]
    mean = sum(ln) / 28
    sd = math.sqrt(sum((x - mean) ** 2 for x in ln) / 28)
    limit = math.exp(mean - 0.5 * sd)  # exp(4.00318 - 0.04558) = 52.33 ms
    assert limit == pytest.approx(52.33, abs=0.01)
    low = context.series(_days("hrv_rmssd_ms", base + [52.0, 52.0, 52.0]))
    found = context.notes(low, DAY)
    assert [n.id for n in found] == ["hrv_down"]
    assert found[0].baseline == pytest.approx(math.exp(mean)) and found[0].values["drop"] == pytest.approx(
        (1 - 52.0 / math.exp(mean)) * 100
    )
    assert context.notes(context.series(_days("hrv_rmssd_ms", base + [53.0] * 3)), DAY) == []


def test_one_source_per_value_the_one_with_most_days() -> None:
    garmin = _days("resting_hr", [50.0] * 31, "garmin")
    apple = _days("resting_hr", [70.0] * 5, "apple_health")  # fewer days: not mixed into Garmin's trend
    s = context.series(garmin + apple)
    assert s.sources == {"resting_hr": "garmin"} and set(s.values["resting_hr"].values()) == {50.0}
    assert context.notes(s, DAY) == []


def test_latest_values_and_their_usual() -> None:
    s = context.series(_days("sleep_h", [7.0] * 10 + [8.0, None, None]))
    latest = context.latest(s, DAY)
    assert latest["sleep_h"] == {"date": "2026-03-29", "value": 8.0, "usual": 7.0, "source": "garmin"}
    assert latest["resting_hr"] is None and latest["hrv"] is None


def test_a_wrong_wellness_file_is_refused_naming_line_and_key() -> None:
    import yaml

    from strideguard import knowledge
    from strideguard.errors import KnowledgeError

    text = "recent_days: {value: 3, source: strideguard-engineering}\nshort_sleep: {value: 7, source: watson-2015}\n"
    with pytest.raises(KnowledgeError) as caught:
        knowledge.validate(context.WellnessFile, yaml.safe_load(text), "wellness.yaml", text=text)
    assert str(caught.value).startswith("knowledge/wellness.yaml line ")
    shipped = (Path(knowledge.__file__).parent / "wellness.yaml").read_text(encoding="utf-8")
    unknown = shipped.replace("source: dressendorfer-1985", "source: nobody-1999")
    line = 1 + shipped[: shipped.index("resting_hr_rise_bpm")].count("\n")
    with pytest.raises(KnowledgeError) as caught:
        knowledge.validate(context.WellnessFile, yaml.safe_load(unknown), "wellness.yaml", text=unknown)
    assert str(caught.value) == (
        f"knowledge/wellness.yaml line {line}: resting_hr_rise_bpm.source: source 'nobody-1999' is not defined "
        "under knowledge/sources/"
    )
