"""strideguard.terrain: per-activity terrain metrics from sample streams (pure functions)."""

from .metrics import VERSION, TerrainMetrics, grades, roughness_deg, terrain_metrics

__all__ = ["VERSION", "TerrainMetrics", "grades", "roughness_deg", "terrain_metrics"]
