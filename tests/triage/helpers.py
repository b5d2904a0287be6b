"""Builders for symptom reports in the triage tests."""

from __future__ import annotations

from typing import Any

from strideguard.schemas import SymptomReport, validate

DAY = "2026-11-20"

# Every red-flag and examination field answered "no": a report that leaves nothing unknown
# that could change the disposition unless a vignette says otherwise.
NEGATIVE: dict[str, Any] = {
    "mechanism": "none",
    "swelling": False,
    "creaking": False,
    "heaviness": False,
    "instability": False,
    "locking": False,
    "unable_to_bear_weight": False,
    "bone_tenderness": [],
    "knee_flex_under_90": False,
    "numbness_tingling": False,
    "numbness_spreading": False,
    "weakness": False,
    "fever": False,
    "redness_warmth": False,
    "deformity": False,
    "calf_swelling_one_side": False,
    "cramp": False,
    "previous_sprains_12m": 0,
    # clot, compartment, tendon, general-health and energy questions (issue 11)
    "calf_tenderness_one_side": False,
    "recent_long_travel": False,
    "recent_immobilisation": False,
    "recent_surgery": False,
    "hormonal_contraception": False,
    "pregnant_or_postpartum": False,
    "previous_clot": False,
    "breathless": False,
    "chest_pain": False,
    "tense_swelling": False,
    "pain_out_of_proportion": False,
    "settles_after_stopping": False,
    "unable_tiptoe": False,
    "bruising": False,
    "recent_load_increase": False,
    "weight_loss": False,
    "dark_urine": False,
    "saddle_numbness": False,
    "bladder_bowel_change": False,
    "missed_periods": False,
    "low_energy_intake": False,
    "limp": False,
    "collapsed_or_confused": False,
}


def report(**fields: Any) -> SymptomReport:
    """A report with only the given fields (plus a date): everything else is "not reported"."""
    data = {"date": DAY, **fields}
    return validate(SymptomReport, data)


def answered(**fields: Any) -> SymptomReport:
    """A report where every red-flag field is answered "no", overridden by ``fields``."""
    return report(**{**NEGATIVE, **fields})
