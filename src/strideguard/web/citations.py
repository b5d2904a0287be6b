"""Texts that cite sources, "... [frandsen-2025]", with each known source id linked to the sources page."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from .. import knowledge

# "[seed-article]" or "[seed-article, silbernagel-2007]", anywhere in a text (an explanation cites after each rule)
_CITATION = re.compile(r"\[([a-z0-9][a-z0-9-]*(?:, [a-z0-9][a-z0-9-]*)*)\]")


def cited(text: str) -> Markup:
    """The text escaped; every ``[source-id]`` (or ``[id, id]``) that names known sources links to /sources."""
    safe = str(escape(text))
    known = knowledge.sources()

    def link(match: re.Match[str]) -> str:
        ids = match.group(1).split(", ")
        if not all(sid in known for sid in ids):
            return match.group(0)
        return "[" + ", ".join(f'<a href="/sources#{sid}">{sid}</a>' for sid in ids) + "]"

    return Markup(_CITATION.sub(link, safe))
