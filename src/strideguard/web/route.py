"""A run's route as inline SVG from its own GPS points: no map tiles, nothing loaded from the internet."""

from __future__ import annotations

import math
from collections.abc import Sequence

from markupsafe import Markup, escape

from .. import knowledge

SIZE = 300.0  # the drawing's longer side in SVG units (it scales to the page width)
PAD = 12.0


def project(points: Sequence[Sequence[float]]) -> tuple[list[tuple[float, float]], float, float]:
    """(x, y) in SVG units, north up, east right, true to scale (equirectangular at the route's mean latitude).

    Returns the points and the drawing's width and height.
    """
    lat0 = math.radians(sum(p[0] for p in points) / len(points))
    xs = [p[1] * math.cos(lat0) for p in points]
    ys = [-p[0] for p in points]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1e-9
    scale = (SIZE - 2 * PAD) / span
    width = (max(xs) - min(xs)) * scale + 2 * PAD
    height = (max(ys) - min(ys)) * scale + 2 * PAD
    out = [((x - min(xs)) * scale + PAD, (y - min(ys)) * scale + PAD) for x, y in zip(xs, ys, strict=True)]
    return out, width, height


def route_svg(points: Sequence[Sequence[float]]) -> Markup | None:
    """The route as an ``<svg>`` element (start: green dot, finish: red square); None without two points."""
    if len(points) < 2:
        return None
    xy, width, height = project(points)
    path = "M" + " L".join(f"{x:.1f} {y:.1f}" for x, y in xy)
    (sx, sy), (fx, fy) = xy[0], xy[-1]
    label = escape(knowledge.text("web.run.route_label"))
    return Markup(
        f'<svg class="route" viewBox="0 0 {width:.1f} {height:.1f}" role="img" aria-label="{label}" '
        f'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMidYMid meet">'
        f'<path d="{path}" fill="none" stroke="#0d47a1" stroke-width="3" stroke-linejoin="round" '
        f'stroke-linecap="round"/>'
        f'<circle class="route-start" cx="{sx:.1f}" cy="{sy:.1f}" r="6" fill="#2e7d32" stroke="#fff" stroke-width="2"/>'
        f'<rect class="route-finish" x="{fx - 5:.1f}" y="{fy - 5:.1f}" width="10" height="10" fill="#c62828" '
        f'stroke="#fff" stroke-width="2"/></svg>'
    )
