"""Plotly figures (plain data + layout dicts) for the web app and the physio report.

Pure: a :func:`strideguard.api.web.history` result in, JSON-ready figure dicts out.
The browser draws them with plotly.js (served from the installed ``plotly``
package, or inlined in the report), so nothing is rendered on the server.
"""

from __future__ import annotations

from typing import Any

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
        "font": {"family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "size": 12},
        "xaxis": {"type": "date", "gridcolor": "#eceff1"},
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
        "name": "symptom report",
        "x": [s["date"] for s in symptoms],
        "y": [0 for _ in symptoms],
        "marker": {
            "symbol": "x",
            "size": 12,
            "color": [DISPOSITION_COLOURS.get(s.get("disposition") or "", "#455a64") for s in symptoms],
        },
        "text": [
            f"{s['region']}{' (' + s['side'] + ')' if s.get('side') else ''}: "
            f"{(s.get('disposition') or 'not triaged').replace('_', ' ')}"
            for s in symptoms
        ],
        "hovertemplate": "%{text}<extra>symptom</extra>",
    }
    return shapes, trace


def load_figure(history: dict[str, Any], title: str = "Daily distance and load") -> dict[str, Any]:
    """Daily km as bars, acute (7-day) and chronic (28-day) EWMA as lines, spikes and symptoms marked."""
    spikes = [r for r in history["runs"] if r.get("spike_level") in ("caution", "high")]
    data: list[dict[str, Any]] = [
        {
            "type": "bar",
            "name": "km per day",
            "x": history["days"],
            "y": history["distance_km"],
            "marker": {"color": DISTANCE_COLOUR},
            "hovertemplate": "%{y:.1f} km<extra>distance</extra>",
        },
        {
            "type": "scatter",
            "mode": "lines",
            "name": "acute load (7-day EWMA, km/day)",
            "x": history["days"],
            "y": history["acute_km"],
            "line": {"color": ACUTE_COLOUR, "width": 2},
            "hovertemplate": "%{y:.2f} km/day<extra>acute</extra>",
        },
        {
            "type": "scatter",
            "mode": "lines",
            "name": "chronic load (28-day EWMA, km/day)",
            "x": history["days"],
            "y": history["chronic_km"],
            "line": {"color": CHRONIC_COLOUR, "width": 2, "dash": "dash"},
            "hovertemplate": "%{y:.2f} km/day<extra>chronic</extra>",
        },
    ]
    if spikes:
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": "session spike (> 10 % over the 30-day longest run)",
                "x": [r["date"] for r in spikes],
                "y": [r["distance_km"] for r in spikes],
                "marker": {
                    "size": 11,
                    "symbol": "triangle-up",
                    "color": [LEVEL_COLOURS[r["spike_level"]] for r in spikes],
                    "line": {"width": 1, "color": "#263238"},
                },
                "text": [f"+{r['spike'] * 100:.0f} % ({r['spike_level']})" for r in spikes],
                "hovertemplate": "%{y:.1f} km, %{text}<extra>spike</extra>",
            }
        )
    shapes, trace = _symptom_marks(history["symptoms"])
    if trace is not None:
        data.append(trace)
    return {
        "data": data,
        "layout": _layout(
            title, 340, shapes=shapes, yaxis={"title": {"text": "km"}, "gridcolor": "#eceff1", "rangemode": "tozero"}
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
            "name": "acute:chronic ratio",
            "x": history["days"],
            "y": history["acute_chronic_ratio"],
            "line": {"color": "#37474f", "width": 2},
            "hovertemplate": "%{y:.2f}<extra>ratio</extra>",
        }
    ]
    return {
        "data": data,
        "layout": _layout(
            "Acute:chronic ratio (context only)",
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
            "name": "slopes > 5 % (% of distance)",
            "x": x,
            "y": pct([r.get("slope_share") for r in runs]),
            "marker": {"color": "#8d6e63"},
            "hovertemplate": "%{y:.0f} %<extra>slopes</extra>",
        },
        {
            "type": "bar",
            "name": "downhill > 5 % (% of distance)",
            "x": x,
            "y": pct([r.get("downhill_share") for r in runs]),
            "marker": {"color": "#d84315"},
            "hovertemplate": "%{y:.0f} %<extra>downhill</extra>",
        },
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": "cadence (steps/min)",
            "x": x,
            "y": [r.get("cadence_spm") if r.get("cadence_spm") is not None else r.get("avg_cadence_spm") for r in runs],
            "yaxis": "y2",
            "line": {"color": "#00838f"},
            "marker": {"size": 5},
            "connectgaps": False,
            "hovertemplate": "%{y:.0f} spm<extra>cadence</extra>",
        },
    ]
    layout = _layout(
        "Terrain and cadence per run",
        300,
        barmode="group",
        yaxis={"title": {"text": "% of distance"}, "gridcolor": "#eceff1", "rangemode": "tozero"},
        yaxis2={"title": {"text": "spm"}, "overlaying": "y", "side": "right", "showgrid": False},
    )
    layout["margin"] = {"l": 44, "r": 44, "t": 36, "b": 36}
    return {"data": data, "layout": layout}
