"""Computed views kept until the data changes: status, plan and history once per change, not per request.

The web app asks for the same views on every page (status on Today, the plan on
Today, Plan and the calendar, the history on History); each takes tens of
milliseconds on ten years of runs. :func:`memoized` keeps the last answers per
database, keyed by the arguments, the store's :meth:`Database.data_version` and
the clock (a view of "today" changes with the day: answers are kept for at most
a quarter of an hour, the finest step of the world's UTC offsets), and the current
language (:func:`strideguard.knowledge.language`: a view holds texts, so a Korean
request never gets the English answer kept for an earlier one). Nothing here
writes to the database, so a read command stays a read.

The answers are shared between callers: treat them as read-only.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import UTC, datetime
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

from .. import knowledge
from ..store import Database

T = TypeVar("T")
MAX_ENTRIES = 128  # per database: the views and rendered pages of a few dates, in each language
CLOCK_STEP_MIN = 15


class _Memo:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.entries: OrderedDict[Hashable, tuple[Hashable, Any]] = OrderedDict()
        self.computing: dict[Hashable, threading.Lock] = {}


_MEMOS: WeakKeyDictionary[Database, _Memo] = WeakKeyDictionary()
_MEMOS_LOCK = threading.Lock()


def clock(now: datetime | None = None) -> tuple[str, int]:
    """The UTC day and its quarter of an hour: every time zone's calendar day is constant within one."""
    moment = now or datetime.now(UTC)
    return moment.date().isoformat(), (moment.hour * 60 + moment.minute) // CLOCK_STEP_MIN


def memoized(db: Database, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, or its answer kept from an earlier call with the same key and unchanged data.

    Concurrent callers of one key wait for a single computation instead of each running it. The key
    is kept per language: the texts inside a view are in the language it was computed in.
    """
    key = (knowledge.language(), key)
    version = db.data_version()
    if version is None:
        return compute()
    stamp = (version, clock())
    with _MEMOS_LOCK:
        memo = _MEMOS.get(db)
        if memo is None:
            memo = _MEMOS[db] = _Memo()
    with memo.lock:
        kept = memo.entries.get(key)
        if kept is not None and kept[0] == stamp:
            memo.entries.move_to_end(key)
            return kept[1]
        gate = memo.computing.setdefault(key, threading.Lock())
    with gate:
        with memo.lock:  # another caller may have computed it while this one waited
            kept = memo.entries.get(key)
            if kept is not None and kept[0] == stamp:
                return kept[1]
        value = compute()
        # the data may have changed while computing (or the computation wrote its own cache): key on the
        # version seen before, so the next call after any change computes again
        with memo.lock:
            memo.entries[key] = (stamp, value)
            memo.entries.move_to_end(key)
            while len(memo.entries) > MAX_ENTRIES:
                memo.entries.popitem(last=False)
        return value
