"""The web app reaches strideguard only through ``strideguard.api``.

A capability still being built is simply absent from the facade: pages ask
:func:`capability` and show what is not built yet instead of failing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import strideguard.api as api


def capability(name: str) -> Callable[..., Any] | None:
    """The ``strideguard.api`` function ``name``, or None while it is not built."""
    found = getattr(api, name, None)
    return found if callable(found) else None


class NotBuilt(Exception):
    """A page or endpoint needs an api function that does not exist yet."""

    def __init__(self, name: str) -> None:
        super().__init__(f"strideguard.api.{name} is not built yet")
        self.name = name


def require(name: str) -> Callable[..., Any]:
    found = capability(name)
    if found is None:
        raise NotBuilt(name)
    return found
