"""The report's charts as static SVG (matplotlib), for the PDF: no JavaScript, text kept as text.

Pure: a :func:`strideguard.api.web.history` result in, SVG text out. They draw what the
interactive plotly charts of :mod:`.charts` draw (the same series, colours and marks),
so the printed report and the HTML report show the same thing.

Text stays ``<text>`` in the SVG (``svg.fonttype: none``): the PDF engine sets it in its
own fonts, so any script the page can show (Korean included) shows in the charts too.
"""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

from .. import knowledge
from .charts import (
    ACUTE_COLOUR,
    CHRONIC_COLOUR,
    DISPOSITION_COLOURS,
    DISTANCE_COLOUR,
    LEVEL_COLOURS,
)

WIDTH_IN = 7.0  # the text width of an A4 page with 15 mm margins is about 7.1 in
KOREAN_FONT = "Noto Sans CJK KR"  # Debian's fonts-noto-cjk
FONTS = ["DejaVu Sans", KOREAN_FONT, "sans-serif"]
_STYLE: Any = {  # matplotlib rc settings (its stubs type the keys as one long Literal)
    "svg.fonttype": "none",
    "svg.hashsalt": "strideguard",  # the same ids every time: the same data gives the same SVG
    "font.family": FONTS,
    "font.size": 8.5,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.edgecolor": "#90a4ae",
    "axes.grid": True,
    "axes.axisbelow": True,
    "grid.color": "#eceff1",
    "legend.fontsize": 7.5,
    "legend.frameon": False,
}


def _days(values: list[str]) -> list[float]:
    """Days as matplotlib's date numbers (days since 1970), so that bars, marks and limits share one axis."""
    import matplotlib.dates as mdates

    return [float(mdates.date2num(date.fromisoformat(v))) for v in values]


def _svg(figure: Any) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    text = buffer.getvalue()
    return text[text.index("<svg") :]  # the XML prologue and doctype are not wanted inline


def _axis_dates(axes: Any) -> None:
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator(minticks=4, maxticks=9)
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(_Unpadded(locator, **date_formats()))


_PADDED = re.compile(r"(?<!\d)0(\d)(?=[월일])")  # "09월" -> "9월": strftime's %-m is not portable (Windows)


def _unpad(text: str) -> str:
    return _PADDED.sub(r"\1", text)


def _Unpadded(locator: Any, **formats: list[str]) -> Any:  # noqa: N802  (a class made when matplotlib is loaded)
    """matplotlib's ConciseDateFormatter whose Korean months and days lose their leading zero."""
    import matplotlib.dates as mdates

    class Unpadded(mdates.ConciseDateFormatter):
        def format_ticks(self, values: Any) -> list[str]:
            return [_unpad(label) for label in super().format_ticks(values)]

        def get_offset(self) -> str:
            return _unpad(super().get_offset())

    return Unpadded(locator, **formats)


def date_formats() -> dict[str, list[str]]:
    """The date ticks' strftime formats in the current language (``report.chart.dates.*``, six levels each,
    year to seconds, separated by ``|``): Korean ``12월``, ``5일``, ``2026년 12월``; English keeps
    matplotlib's own (its texts are empty)."""
    out: dict[str, list[str]] = {}
    for name in ("formats", "zero_formats", "offset_formats"):
        given = knowledge.text(f"report.chart.dates.{name}")
        if given:
            out[name] = given.split("|")
    return out


def _style() -> Any:
    """The rc settings, with the Korean font first when the report speaks Korean (its Latin letters too)."""
    fonts = [KOREAN_FONT, *[f for f in FONTS if f != KOREAN_FONT]] if knowledge.language() == "ko" else FONTS
    return {**_STYLE, "font.family": fonts}


def load_svg(history: dict[str, Any], title: str) -> str:
    """Daily km as bars, acute and chronic EWMA as lines, spikes as triangles, symptom reports as dotted lines."""
    import matplotlib

    matplotlib.use("Agg")  # no screen, no window: a file
    import matplotlib.pyplot as plt

    with matplotlib.rc_context(_style()):
        figure, axes = plt.subplots(figsize=(WIDTH_IN, 2.9))
        try:
            days = _days(history["days"])
            axes.bar(
                days,
                history["distance_km"],
                width=0.8,
                color=DISTANCE_COLOUR,
                label=knowledge.text("report.chart.km_per_day"),
            )
            acute = [float("nan") if v is None else v for v in history["acute_km"]]
            chronic = [float("nan") if v is None else v for v in history["chronic_km"]]
            axes.plot(days, acute, color=ACUTE_COLOUR, linewidth=1.6, label=knowledge.text("report.chart.acute"))
            axes.plot(
                days,
                chronic,
                color=CHRONIC_COLOUR,
                linewidth=1.6,
                linestyle="--",
                label=knowledge.text("report.chart.chronic"),
            )
            spikes = [r for r in history["runs"] if r.get("spike_level") in ("caution", "high")]
            if spikes:
                axes.scatter(
                    _days([r["date"] for r in spikes]),
                    [r["distance_km"] for r in spikes],
                    marker="^",
                    s=46,
                    color=[LEVEL_COLOURS[r["spike_level"]] for r in spikes],
                    edgecolors="#263238",
                    linewidths=0.6,
                    zorder=4,
                    label=knowledge.text("report.chart.spike"),
                )
            for index, (symptom, day) in enumerate(
                zip(history["symptoms"], _days([s["date"] for s in history["symptoms"]]), strict=True)
            ):
                axes.axvline(
                    day,
                    color=DISPOSITION_COLOURS.get(symptom.get("disposition") or "", "#455a64"),
                    linestyle=":",
                    linewidth=1.6,
                    label=knowledge.text("report.chart.symptom") if index == 0 else None,
                )
            if history["symptoms"]:
                axes.scatter(
                    _days([s["date"] for s in history["symptoms"]]),
                    [0.0 for _ in history["symptoms"]],
                    marker="x",
                    s=42,
                    linewidths=1.8,
                    color=[DISPOSITION_COLOURS.get(s.get("disposition") or "", "#455a64") for s in history["symptoms"]],
                    zorder=5,
                    clip_on=False,
                )
            axes.set_title(title)
            axes.set_ylabel(knowledge.text("report.chart.km"))
            axes.set_ylim(bottom=0)
            if days:
                axes.set_xlim(days[0] - 1, days[-1] + 1)
            _axis_dates(axes)
            axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.17), ncol=3)  # below the date offset
            return _svg(figure)
        finally:
            plt.close(figure)


def has_terrain(history: dict[str, Any]) -> bool:
    """Whether any run of the history has a terrain share or a cadence to draw."""
    names = ("slope_share", "downhill_share", "cadence_spm", "avg_cadence_spm")
    return any(r.get(n) is not None for r in history["runs"] if r.get("distance_km") for n in names)


def terrain_svg(history: dict[str, Any]) -> str:
    """Per run: share of distance on slopes and downhill (bars, %) and cadence (line, right axis)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    runs = [r for r in reversed(history["runs"]) if r.get("distance_km")]
    with matplotlib.rc_context(_style()):
        figure, axes = plt.subplots(figsize=(WIDTH_IN, 2.6))
        try:
            ordinals = _days([r["date"] for r in runs])

            def pct(name: str) -> list[float]:
                return [float("nan") if r.get(name) is None else r[name] * 100 for r in runs]

            axes.bar(
                [o - 0.22 for o in ordinals],
                pct("slope_share"),
                width=0.44,
                color="#8d6e63",
                label=knowledge.text("report.chart.slopes"),
            )
            axes.bar(
                [o + 0.22 for o in ordinals],
                pct("downhill_share"),
                width=0.44,
                color="#d84315",
                label=knowledge.text("report.chart.downhill"),
            )
            axes.set_ylabel(knowledge.text("report.chart.share"))
            axes.set_ylim(bottom=0)
            cadence = [
                float("nan")
                if (r.get("cadence_spm") or r.get("avg_cadence_spm")) is None
                else (r.get("cadence_spm") or r.get("avg_cadence_spm"))
                for r in runs
            ]
            right = axes.twinx()
            right.plot(
                ordinals,
                cadence,
                color="#00838f",
                marker="o",
                markersize=2.5,
                linewidth=1.2,
                label=knowledge.text("report.chart.cadence"),
            )
            right.set_ylabel(knowledge.text("report.chart.spm"))
            right.grid(False)
            axes.set_title(knowledge.text("report.chart.terrain_title"))
            if ordinals:
                axes.set_xlim(min(ordinals) - 1, max(ordinals) + 1)
            _axis_dates(axes)
            handles = axes.get_legend_handles_labels()
            more = right.get_legend_handles_labels()
            axes.legend(
                handles[0] + more[0], handles[1] + more[1], loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3
            )
            return _svg(figure)
        finally:
            plt.close(figure)
