"""Decode many sources in worker processes, in order, with a bounded number in flight.

Public: :func:`decode_sources` (sources -> ``(source, Decoded | ImportFailed)``
in the sources' order) and :func:`worker_count`.

The caller stores each result as it comes (a single writer for the database);
at most ``window`` files are decoded ahead of it, so memory stays flat however
many files there are. Small batches are decoded in the calling process (a
worker pool costs a fraction of a second to start). Workers are started with
``spawn``: they never inherit an open database or a progress thread, and they
import only the readers (not the caller's script: see :func:`_lean_spawn`).
Workers die with the process that started them, even when it is killed
(:func:`_watch_parent`). Memory per worker is bounded by the per-file limits
(``knowledge/ingest.yaml``: archive members are streamed with a cap, GPX has
its own lower limit), times the ``window`` of files in flight.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
import types
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager

from ..errors import ImportFailed, Message
from . import archive, detect

# Below this many sources a pool does not pay for its start.
MIN_PARALLEL_SOURCES = 32
# Files decoded ahead of the writer, per worker.
AHEAD_PER_WORKER = 4

Outcome = detect.Decoded | ImportFailed


def worker_count() -> int:
    """Processes to decode with: the cores this process may use (``STRIDEGUARD_WORKERS`` overrides)."""
    env = os.environ.get("STRIDEGUARD_WORKERS")
    if env and env.isdigit():
        return max(1, int(env))
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def decode_one(source: archive.Source) -> Outcome:
    """Read and decode one source; a failure is returned (not raised) so that it crosses processes."""
    try:
        return detect.decode(source.read(), source.name)
    except ImportFailed as exc:
        return exc


Portable = tuple[detect.Decoded | None, tuple[str, Message, int | None] | None]

_PR_SET_PDEATHSIG = 1  # linux/prctl.h
PARENT_POLL_S = 1.0


def _exit_if_orphaned(parent: int) -> None:
    if os.getppid() != parent:
        os._exit(1)


def _watch_parent(parent: int) -> None:
    """Worker initializer: die with the importing process, however it ends (even SIGKILL).

    Linux: the kernel sends SIGKILL when the parent dies (``PR_SET_PDEATHSIG``).
    Everywhere (and as a fallback): a daemon thread notices the parent is gone
    (the worker was re-parented) within a second and exits.
    """
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    _exit_if_orphaned(parent)  # the parent may have died before prctl took effect

    def poll() -> None:
        while True:
            time.sleep(PARENT_POLL_S)
            _exit_if_orphaned(parent)

    threading.Thread(target=poll, name="strideguard-parent-watch", daemon=True).start()


def _result(future: Future[Portable]) -> Outcome:
    decoded, failure = future.result()
    if failure is not None:
        return ImportFailed(*failure)
    assert decoded is not None
    return decoded


def _decode_portable(source: archive.Source) -> Portable:
    """Like decode_one, with the failure as plain values (an exception's own arguments do not survive pickling);
    the reason as a text, rendered where it is shown (the worker speaks no language of its own)."""
    outcome = decode_one(source)
    if isinstance(outcome, ImportFailed):
        return None, (outcome.path, outcome.reason_text, outcome.offset)
    return outcome, None


@contextmanager
def _lean_spawn() -> Iterator[None]:
    """While workers start, hide the caller's ``__main__`` so that ``spawn`` does not re-run it in them.

    A spawned worker normally imports the parent's main script first (for the
    console script: the whole CLI, web app and plots, ~120 MB); the workers
    only need the readers (~45 MB). Only the starting of processes happens
    inside this block.
    """
    main = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        if main is not None:
            sys.modules["__main__"] = main


def decode_sources(
    sources: Iterable[archive.Source], *, workers: int | None = None, count: int | None = None
) -> Generator[tuple[archive.Source, Outcome], None, None]:
    """Decoded sources in order; in ``workers`` processes when there are enough of them (``count``)."""
    workers = worker_count() if workers is None else workers
    if workers <= 1 or (count is not None and count < MIN_PARALLEL_SOURCES):
        for source in sources:
            yield source, decode_one(source)
        return
    window = workers * AHEAD_PER_WORKER
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_watch_parent, initargs=(os.getpid(),)
    ) as pool:
        pending: deque[tuple[archive.Source, Future[Portable]]] = deque()
        it = iter(sources)
        with _lean_spawn():  # the first submissions start the workers
            for source in it:
                pending.append((source, pool.submit(_decode_portable, source)))
                if len(pending) >= window:
                    break
        while pending:
            source, future = pending.popleft()
            outcome = _result(future)
            following = next(it, None)
            if following is not None:
                pending.append((following, pool.submit(_decode_portable, following)))
            yield source, outcome
