"""Texts that end in a source id, "... [frandsen-2025]", with the id linked to the sources page."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from .. import knowledge

_TRAILING_ID = re.compile(r"\[([a-z0-9][a-z0-9-]*)\]$")


def cited(text: str) -> Markup:
    """The text escaped; a trailing ``[source-id]`` that names a known source becomes a link to /sources."""
    safe = str(escape(text))
    match = _TRAILING_ID.search(safe)
    if match is None or match.group(1) not in knowledge.sources():
        return Markup(safe)
    sid = match.group(1)
    return Markup(f'{safe[: match.start()]}[<a href="/sources#{sid}">{sid}</a>]')
