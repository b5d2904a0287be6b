"""strideguard.form: per-activity form metrics (cadence at speed, running dynamics)."""

from .metrics import VERSION, FormMetrics, form_metrics, sample_speed

__all__ = ["VERSION", "FormMetrics", "form_metrics", "sample_speed"]
