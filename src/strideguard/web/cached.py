"""The web app's way to a computed view: once per change of the data and per language (a view holds texts;
the memo keys each one by :func:`strideguard.knowledge.language` as well, see :mod:`strideguard.api.memo`)."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from fastapi import Request

from ..api.memo import memoized
from .context import database


def view(request: Request, function: Callable[..., Any], *args: Hashable, **kwargs: Hashable) -> Any:
    """``function(db, *args, **kwargs)`` through the database's memo; the answer is shared: do not change it."""
    db = database(request)
    key = (function.__module__, function.__qualname__, args, tuple(sorted(kwargs.items())))
    return memoized(db, key, lambda: function(db, *args, **kwargs))
