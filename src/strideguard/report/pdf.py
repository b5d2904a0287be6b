"""The report as a PDF (WeasyPrint): the HTML report's content for print, static charts, raw data attached.

The raw data goes *inside* the PDF, as attached CSV files (PDF embedded files, what PDF/A-3 calls
associated files): the physio gets one file that cannot lose its data on the way (a mail, a USB
stick, a patient record), and any PDF reader with an attachments panel saves them. The last
pages also print the activities as a table, for readers without that panel and for paper.

Nothing is fetched while rendering: the charts are inline SVG data, the fonts are the system's
(Debian: fonts-dejavu and fonts-noto-cjk, which also covers Korean), and any other URL is refused.
"""

from __future__ import annotations

import base64
import csv
import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import knowledge
from .. import textfmt as show
from ..errors import InputError, Text
from . import render_print, static_charts

RUN_COLUMNS: tuple[str, ...] = (
    "date",
    "sport",
    "distance_km",
    "duration_min",
    "avg_hr",
    "avg_cadence_spm",
    "cadence_spm",
    "ascent_m",
    "descent_m",
    "climb_m_per_km",
    "descent_m_per_km",
    "slope_share",
    "downhill_share",
    "rough_share",
    "spike",
    "spike_level",
    "notes",
    "source_file",
    "id",
)
DAILY_COLUMNS: tuple[str, ...] = ("date", "distance_km", "acute_km", "chronic_km", "acute_chronic_ratio")
SYMPTOM_COLUMNS: tuple[str, ...] = (
    "date",
    "onset",
    "region",
    "side",
    "location",
    "pain_during",
    "pain_after",
    "pain_rest",
    "pain_next_morning",
    "disposition",
    "notes",
    "id",
)


@dataclass(frozen=True)
class Made:
    bytes: int
    pages: int
    attachments: tuple[str, ...]


def _csv(columns: tuple[str, ...], rows: list[dict[str, Any]]) -> bytes:
    """CSV text, UTF-8 with a byte-order mark (so that spreadsheet programs read accents and Korean right)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if row.get(k) is None else row[k] for k in columns})
    return buffer.getvalue().encode("utf-8-sig")


def raw_data(data: dict[str, Any]) -> dict[str, bytes]:
    """The report's raw data as CSV files: ``runs.csv``, ``daily.csv``, ``symptoms.csv`` (oldest first)."""
    history = data["history"]
    runs = list(reversed(history["runs"]))
    daily = [
        dict(zip(DAILY_COLUMNS, values, strict=True))
        for values in zip(
            history["days"],
            history["distance_km"],
            history["acute_km"],
            history["chronic_km"],
            history["acute_chronic_ratio"],
            strict=True,
        )
    ]
    symptoms = [
        {
            **{k: s["report"].get(k) for k in SYMPTOM_COLUMNS if k in s["report"]},
            "date": s["date"],
            "onset": s["onset"],
            "disposition": s["disposition"],
            "id": s["id"],
        }
        for s in data["symptoms"]
    ]
    return {
        "runs.csv": _csv(RUN_COLUMNS, runs),
        "daily.csv": _csv(DAILY_COLUMNS, daily),
        "symptoms.csv": _csv(SYMPTOM_COLUMNS, symptoms),
    }


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _weasyprint() -> Any:
    try:
        import weasyprint  # noqa: PLC0415
        import weasyprint.urls  # noqa: PLC0415
    except (ImportError, OSError) as exc:  # OSError: the Pango library is missing
        raise InputError("--out", Text("errors.pdf.value"), "errors.pdf.missing", reason=str(exc)) from None
    return weasyprint


def write(data: dict[str, Any], target: Path) -> Made:
    """Render the PDF and write it to ``target`` whole (a temporary file renamed into place)."""
    weasyprint = _weasyprint()
    history = data["history"]
    title = knowledge.text("report.chart.load_title", start=show.day(history["start"]), end=show.day(history["end"]))
    static = {"load": _data_uri(static_charts.load_svg(history, title))}
    if static_charts.has_terrain(history):  # runs entered by hand have no samples: no empty chart
        static["terrain"] = _data_uri(static_charts.terrain_svg(history))
    files = raw_data(data)
    appendix = [
        {"name": name, "text": knowledge.text(f"report.appendix.{name.removesuffix('.csv')}")} for name in files
    ]
    html = render_print(data, static, appendix)
    # inline data only: a report never reaches out to the network or the disk
    fetcher = weasyprint.urls.URLFetcher(allowed_protocols=("data",), fail_on_errors=True)
    document = weasyprint.HTML(string=html, url_fetcher=fetcher).render()
    attachments = [
        weasyprint.Attachment(string=content, name=name, description=text["text"])
        for (name, content), text in zip(files.items(), appendix, strict=True)
    ]
    handle, temporary = tempfile.mkstemp(prefix=".strideguard-report-", suffix=".pdf", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            document.write_pdf(stream, attachments=attachments)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Made(bytes=target.stat().st_size, pages=len(document.pages), attachments=tuple(files))
