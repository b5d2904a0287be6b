"""Plotly figures (plain data + layout dicts) for the web app and the physio report.

Pure: a :func:`strideguard.api.web.history` result in, JSON-ready figure dicts out.
The browser draws them with plotly.js (its basic bundle, vendored in
``report/vendor``: served by the web app, inlined in the report), so nothing is
rendered on the server. Only scatter and bar traces are used: the basic bundle
has them (a trace type outside it would not draw).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .. import knowledge
from ..textfmt import named

PLOTLY_JS = Path(__file__).resolve().parent / "vendor" / "plotly-basic.min.js"


def _t(tid: str, **values: Any) -> str:
    return knowledge.text(f"charts.{tid}", **values)


LEVEL_COLOURS: dict[str, str] = {"ok": "#2e7d32", "caution": "#ef8f00", "high": "#c62828", "unknown": "#757575"}
DISPOSITION_COLOURS: dict[str, str] = {
    "emergency": "#b71c1c",
    "see_doctor": "#c62828",
    "stop_and_rest": "#ef6c00",
    "modify_training": "#f9a825",
    "continue": "#2e7d32",
}
DISTANCE_COLOUR = "#90a4ae"
ACUTE_COLOUR = "#1565c0"
CHRONIC_COLOUR = "#6a1b9a"


# Hangul from a Korean font when the system font has none (Linux: Noto CJK; macOS; Windows)
FONT_FAMILY = (
    "system-ui, -apple-system, Segoe UI, Roboto, Noto Sans KR, Noto Sans CJK KR, Apple SD Gothic Neo, "
    "Malgun Gothic, sans-serif"
)


def date_axis() -> dict[str, Any]:
    """How a date axis writes its ticks and hover dates in the current language (``charts.axis.*``, d3 time
    formats): Korean ``12월 5일`` and ``2026년 12월``; English keeps plotly's own (its texts are empty)."""
    day, month, year, hover = _t("axis.day"), _t("axis.month"), _t("axis.year"), _t("axis.hover")
    if not day:
        return {}
    return {
        "tickformatstops": [
            {"dtickrange": [None, TWO_WEEKS_MS], "value": day},  # ticks every day, week or fortnight
            {"dtickrange": ["M1", "M6"], "value": month},  # every month or few months
            {"dtickrange": ["M12", None], "value": year},
        ],
        "hoverformat": hover,
    }


TWO_WEEKS_MS = 14 * 86_400_000  # plotly gives a date axis's tick step (dtick) in milliseconds below a month


def _layout(title: str, height: int, **more: Any) -> dict[str, Any]:
    layout: dict[str, Any] = {
        "title": {"text": title, "font": {"size": 15}, "x": 0.01, "xanchor": "left"},
        "height": height,
        "autosize": True,
        "margin": {"l": 44, "r": 12, "t": 36, "b": 36},
        "legend": {"orientation": "h", "x": 0, "y": -0.18, "font": {"size": 11}},
        "hovermode": "x unified",
        "plot_bgcolor": "#ffffff",
        "paper_bgcolor": "#ffffff",
        "font": {"family": FONT_FAMILY, "size": 12},
        "xaxis": {"type": "date", "gridcolor": "#eceff1", **date_axis()},
        "yaxis": {"gridcolor": "#eceff1", "rangemode": "tozero"},
    }
    layout.update(more)
    return layout


def _symptom_marks(symptoms: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """Vertical lines on each report day and a hover trace naming the region and the advice."""
    if not symptoms:
        return [], None
    shapes = [
        {
            "type": "line",
            "xref": "x",
            "yref": "paper",
            "x0": s["date"],
            "x1": s["date"],
            "y0": 0,
            "y1": 1,
            "line": {
                "color": DISPOSITION_COLOURS.get(s.get("disposition") or "", "#455a64"),
                "width": 2,
                "dash": "dot",
            },
        }
        for s in symptoms
    ]
    trace = {
        "type": "scatter",
        "mode": "markers",
        "name": _t("symptom_report"),
        "x": [s["date"] for s in symptoms],
        "y": [0 for _ in symptoms],
        "marker": {
            "symbol": "x",
            "size": 12,
            "color": [DISPOSITION_COLOURS.get(s.get("disposition") or "", "#455a64") for s in symptoms],
        },
        "text": [
            _t(
                "symptom_hover",
                part=named("episode.region", s["region"])
                + (f" ({named('choice.side', s['side'])})" if s.get("side") else ""),
                advice=_t("disposition." + (s.get("disposition") or "none")),
            )
            for s in symptoms
        ],
        "hovertemplate": "%{text}<extra></extra>",
    }
    return shapes, trace


def load_figure(history: dict[str, Any], title: str | None = None) -> dict[str, Any]:
    """Daily km as bars, acute (7-day) and chronic (28-day) EWMA as lines, spikes and symptoms marked."""
    spikes = [r for r in history["runs"] if r.get("spike_level") in ("caution", "high")]
    data: list[dict[str, Any]] = [
        {
            "type": "bar",
            "name": _t("km_per_day")
            if history.get("days_per_point", 1) == 1
            else _t("km_per_days", days=history["days_per_point"]),
            "x": history["days"],
            "y": history["distance_km"],
            "marker": {"color": DISTANCE_COLOUR},
            "hovertemplate": "%{y:.1f} km<extra></extra>",
        },
        {
            "type": "scatter",
            "mode": "lines",
            "name": _t("acute"),
            "x": history["days"],
            "y": history["acute_km"],
            "line": {"color": ACUTE_COLOUR, "width": 2},
            "hovertemplate": _t("hover.km_per_day") + "<extra></extra>",
        },
        {
            "type": "scatter",
            "mode": "lines",
            "name": _t("chronic"),
            "x": history["days"],
            "y": history["chronic_km"],
            "line": {"color": CHRONIC_COLOUR, "width": 2, "dash": "dash"},
            "hovertemplate": _t("hover.km_per_day") + "<extra></extra>",
        },
    ]
    if spikes:
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": _t("spike"),
                "x": [r["date"] for r in spikes],
                "y": [r["distance_km"] for r in spikes],
                "marker": {
                    "size": 11,
                    "symbol": "triangle-up",
                    "color": [LEVEL_COLOURS[r["spike_level"]] for r in spikes],
                    "line": {"width": 1, "color": "#263238"},
                },
                "text": [
                    _t("spike_hover", pct=r["spike"] * 100, level=_t("level." + r["spike_level"])) for r in spikes
                ],
                "hovertemplate": "%{y:.1f} km, %{text}<extra></extra>",
            }
        )
    shapes, trace = _symptom_marks(history["symptoms"])
    if trace is not None:
        data.append(trace)
    return {
        "data": data,
        "layout": _layout(
            title or _t("load_title"),
            340,
            shapes=shapes,
            yaxis={"title": {"text": "km"}, "gridcolor": "#eceff1", "rangemode": "tozero"},
        ),
    }


def ratio_figure(history: dict[str, Any]) -> dict[str, Any]:
    """Acute:chronic ratio with the Gabbett bands shaded (shown with its critique on the page)."""
    bands = [
        {
            "type": "rect",
            "xref": "paper",
            "yref": "y",
            "x0": 0,
            "x1": 1,
            "y0": 0.8,
            "y1": 1.3,
            "fillcolor": "#e8f5e9",
            "line": {"width": 0},
            "layer": "below",
        },
        {
            "type": "rect",
            "xref": "paper",
            "yref": "y",
            "x0": 0,
            "x1": 1,
            "y0": 1.3,
            "y1": 1.5,
            "fillcolor": "#fff3e0",
            "line": {"width": 0},
            "layer": "below",
        },
        {
            "type": "rect",
            "xref": "paper",
            "yref": "y",
            "x0": 0,
            "x1": 1,
            "y0": 1.5,
            "y1": 3,
            "fillcolor": "#ffebee",
            "line": {"width": 0},
            "layer": "below",
        },
    ]
    data = [
        {
            "type": "scatter",
            "mode": "lines",
            "name": _t("ratio"),
            "x": history["days"],
            "y": history["acute_chronic_ratio"],
            "line": {"color": "#37474f", "width": 2},
            "hovertemplate": "%{y:.2f}<extra></extra>",
        }
    ]
    return {
        "data": data,
        "layout": _layout(
            _t("ratio_title"),
            240,
            shapes=bands,
            yaxis={"range": [0, 2.5], "gridcolor": "#eceff1"},
            showlegend=False,
        ),
    }


def terrain_figure(history: dict[str, Any]) -> dict[str, Any]:
    """Per run: share of distance on slopes and downhill (bars, %) and cadence (line, right axis)."""
    runs = [r for r in reversed(history["runs"]) if r.get("distance_km")]
    x = [r["date"] for r in runs]

    def pct(values: list[float | None]) -> list[float | None]:
        return [None if v is None else round(v * 100, 1) for v in values]

    data: list[dict[str, Any]] = [
        {
            "type": "bar",
            "name": _t("slopes"),
            "x": x,
            "y": pct([r.get("slope_share") for r in runs]),
            "marker": {"color": "#8d6e63"},
            "hovertemplate": _t("hover.percent") + "<extra></extra>",
        },
        {
            "type": "bar",
            "name": _t("downhill"),
            "x": x,
            "y": pct([r.get("downhill_share") for r in runs]),
            "marker": {"color": "#d84315"},
            "hovertemplate": _t("hover.percent") + "<extra></extra>",
        },
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": _t("cadence"),
            "x": x,
            "y": [r.get("cadence_spm") if r.get("cadence_spm") is not None else r.get("avg_cadence_spm") for r in runs],
            "yaxis": "y2",
            "line": {"color": "#00838f"},
            "marker": {"size": 5},
            "connectgaps": False,
            "hovertemplate": "%{y:.0f} spm<extra></extra>",
        },
    ]
    layout = _layout(
        _t("terrain_title"),
        300,
        barmode="group",
        yaxis={"title": {"text": _t("pct_of_distance")}, "gridcolor": "#eceff1", "rangemode": "tozero"},
        yaxis2={"title": {"text": "spm"}, "overlaying": "y", "side": "right", "showgrid": False},
    )
    layout["margin"] = {"l": 44, "r": 44, "t": 36, "b": 36}
    return {"data": data, "layout": layout}


DAILY_POINTS = 800  # a daily chart longer than this shows blocks of days (a phone has fewer pixels than that)
DAILY_SERIES = ("acute_km", "chronic_km", "acute_chronic_ratio", "fitness", "fatigue", "form")


def thinned(history: dict[str, Any], most: int = DAILY_POINTS) -> dict[str, Any]:
    """The history with its daily series at most ``most`` points: every k-th day for the averages (lines),
    km summed over each block of k days (bars), the block size in ``days_per_point``. Runs are unchanged."""
    days = history["days"]
    step = -(-len(days) // most) if len(days) > most else 1
    if step == 1:
        return {**history, "days_per_point": 1}
    out = {**history, "days_per_point": step}
    last = len(days) - 1
    picks = list(range(last % step, len(days), step))  # the window's last day is always drawn
    out["days"] = [days[i] for i in picks]
    for name in DAILY_SERIES:
        if name in history:
            out[name] = [history[name][i] for i in picks]
    km = history["distance_km"]
    out["distance_km"] = [round(sum(km[max(0, i - step + 1) : i + 1]), 2) for i in picks]
    return out


PLANNED_COLOUR = "#ffb74d"
MINUTES_COLOUR = "#1565c0"


def weekly_figure(history: dict[str, Any], planned: dict[str, Any] | None = None) -> dict[str, Any]:
    """Running km per calendar week (bars) and hours (line, right axis), with the planned week beside them.

    ``planned``: the plan's first week (``plan["weeks"][0]``: ``start``, ``km``, ``minutes``), or None.
    """
    weeks = history.get("weeks", [])
    data: list[dict[str, Any]] = [
        {
            "type": "bar",
            "name": _t("weekly_km"),
            "x": [w["start"] for w in weeks],
            "y": [w["distance_km"] for w in weeks],
            "marker": {"color": DISTANCE_COLOUR},
            "customdata": [w["runs"] for w in weeks],
            "hovertemplate": _t("weekly_hover") + "<extra></extra>",
        },
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": _t("weekly_hours"),
            "x": [w["start"] for w in weeks],
            "y": [round(w["duration_min"] / 60.0, 2) for w in weeks],
            "yaxis": "y2",
            "line": {"color": MINUTES_COLOUR, "width": 2},
            "marker": {"size": 4},
            "hovertemplate": _t("hover.hours") + "<extra></extra>",
        },
    ]
    if planned:
        data.append(
            {
                "type": "bar",
                "name": _t("planned_week"),
                "x": [planned["start"]],
                "y": [planned["km"]],
                "marker": {"color": PLANNED_COLOUR, "pattern": {"shape": "/"}},
                "text": [_t("planned_hover", minutes=planned.get("minutes") or 0)],
                "hovertemplate": "%{y:.1f} km · %{text}<extra></extra>",
            }
        )
    layout = _layout(
        _t("weekly_title"),
        300,
        barmode="overlay",
        yaxis={"title": {"text": "km"}, "gridcolor": "#eceff1", "rangemode": "tozero"},
        yaxis2={
            "title": {"text": _t("axis.hours")},
            "overlaying": "y",
            "side": "right",
            "showgrid": False,
            "rangemode": "tozero",
        },
    )
    layout["margin"] = {"l": 44, "r": 44, "t": 36, "b": 36}
    return {"data": data, "layout": layout}


def banister_figure(history: dict[str, Any]) -> dict[str, Any]:
    """Fitness (42-day) and fatigue (7-day) as lines, form (their difference) as bars."""
    metric = history.get("load_metric") or "duration"
    data = [
        {
            "type": "bar",
            "name": _t("form"),
            "x": history["days"],
            "y": history.get("form", []),
            "marker": {"color": "#b0bec5"},
            "hovertemplate": "%{y:.0f}<extra></extra>",
        },
        {
            "type": "scatter",
            "mode": "lines",
            "name": _t("fitness"),
            "x": history["days"],
            "y": history.get("fitness", []),
            "line": {"color": ACUTE_COLOUR, "width": 2},
            "hovertemplate": "%{y:.0f}<extra></extra>",
        },
        {
            "type": "scatter",
            "mode": "lines",
            "name": _t("fatigue"),
            "x": history["days"],
            "y": history.get("fatigue", []),
            "line": {"color": "#c62828", "width": 2, "dash": "dot"},
            "hovertemplate": "%{y:.0f}<extra></extra>",
        },
    ]
    return {
        "data": data,
        "layout": _layout(
            _t("banister_title"),
            300,
            yaxis={"title": {"text": _t("metric." + metric)}, "gridcolor": "#eceff1", "zeroline": True},
        ),
    }


def trend_figure(history: dict[str, Any]) -> dict[str, Any]:
    """Per calendar week: share of distance on slopes and downhill (lines, %) and cadence (right axis)."""
    weeks = [w for w in history.get("weeks", []) if w.get("runs")]
    x = [w["start"] for w in weeks]

    def pct(name: str) -> list[float | None]:
        return [None if w.get(name) is None else round(w[name] * 100, 1) for w in weeks]

    data: list[dict[str, Any]] = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": _t("slopes"),
            "x": x,
            "y": pct("slope_share"),
            "line": {"color": "#8d6e63"},
            "marker": {"size": 4},
            "hovertemplate": _t("hover.percent") + "<extra></extra>",
        },
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": _t("downhill"),
            "x": x,
            "y": pct("downhill_share"),
            "line": {"color": "#d84315"},
            "marker": {"size": 4},
            "hovertemplate": _t("hover.percent") + "<extra></extra>",
        },
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": _t("cadence"),
            "x": x,
            "y": [w.get("cadence_spm") for w in weeks],
            "yaxis": "y2",
            "line": {"color": "#00838f", "dash": "dash"},
            "marker": {"size": 4},
            "connectgaps": False,
            "hovertemplate": "%{y:.0f} spm<extra></extra>",
        },
    ]
    layout = _layout(
        _t("trend_title"),
        300,
        yaxis={"title": {"text": _t("pct_of_distance")}, "gridcolor": "#eceff1", "rangemode": "tozero"},
        yaxis2={"title": {"text": "spm"}, "overlaying": "y", "side": "right", "showgrid": False},
    )
    layout["margin"] = {"l": 44, "r": 44, "t": 36, "b": 36}
    return {"data": data, "layout": layout}


def run_figures(course: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """One run's charts against distance: elevation, pace (faster up), heart rate, cadence; only those with data."""
    series = course.get("series", {})
    x = series.get("distance_km", [])
    out: dict[str, dict[str, Any]] = {}
    specs: tuple[tuple[str, str, str, str, str, dict[str, Any]], ...] = (
        ("elevation", "altitude_m", "m", "#6d4c41", "%{y:.0f} m", {"fill": "tozeroy", "fillcolor": "#d7ccc8"}),
        ("pace", "pace_min_per_km", _t("axis.pace"), "#1565c0", _t("hover.pace"), {}),
        ("heart_rate", "heart_rate", "bpm", "#c62828", "%{y:.0f} bpm", {}),
        ("cadence", "cadence_spm", "spm", "#00838f", "%{y:.0f} spm", {}),
    )
    for key, column, unit, colour, hover, extra in specs:
        values = series.get(column, [])
        if not x or not any(v is not None for v in values):
            continue
        trace: dict[str, Any] = {
            "type": "scatter",
            "mode": "lines",
            "name": _t("run." + key),
            "x": x,
            "y": values,
            "line": {"color": colour, "width": 1.5},
            "connectgaps": False,
            "hovertemplate": "%{x:.2f} km: " + hover + "<extra></extra>",
            **extra,
        }
        yaxis: dict[str, Any] = {"title": {"text": unit}, "gridcolor": "#eceff1", "automargin": True}
        if key == "pace":
            trace["text"] = [None if v is None else f"{int(v)}:{round((v - int(v)) * 60):02d}" for v in values]
            yaxis["autorange"] = "reversed"  # faster is higher, as runners read a pace chart
        if key == "elevation":
            known = [v for v in values if v is not None]
            yaxis["range"] = [min(known) - 5, max(known) + 5]
        layout = _layout(_t("run." + key), 200, yaxis=yaxis, showlegend=False)
        layout["xaxis"] = {"title": {"text": "km"}, "gridcolor": "#eceff1"}
        layout["margin"] = {"l": 44, "r": 12, "t": 30, "b": 36}
        layout["hovermode"] = "x"
        out[key] = {"data": [trace], "layout": layout}
    return out
