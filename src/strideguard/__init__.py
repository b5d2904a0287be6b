"""strideguard: a local-first running coach that keeps knees, ankles and feet healthy."""

__version__ = "0.1.0"

DISCLAIMER = (
    "strideguard gives general information from published guidance; it is not a diagnosis "
    "and does not replace a doctor or physiotherapist. If pain is severe, you cannot bear "
    "weight, or you notice swelling with fever, a hot red joint, one-sided calf swelling or "
    "spreading numbness, seek medical care now."
)
