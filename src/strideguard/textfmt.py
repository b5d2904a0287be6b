"""Formatting shared by the command line, the web pages and the report."""

from __future__ import annotations

from typing import Any


def number(value: Any, digits: int = 1, unit: str = "") -> str:
    """A number for a table cell; unknown values show as a dash."""
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}{unit}"
    return f"{value}{unit}"
