"""The roster as it was last answered, kept until it changes: a roster of 200 runners is one aggregate query
(``Roster.version``) and the audit rows, not 200 summaries read and rendered on every request.

Keyed by the viewer, the roster's version, and whatever else the answer depends on (the CSRF token a
page embeds, the language); the version is read before the rows, so a kept answer is never older than
its key. A share added, changed or revoked changes the version, so a revoked share leaves the roster
at the very next request.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")
MAX_ENTRIES = 128


class Kept:
    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self.max_entries = max_entries

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        value = make()
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
        return value
