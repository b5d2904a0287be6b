"""Decode many sources in worker processes, in order, with a bounded number in flight.

Public: :class:`Decoder` (started early, then sources -> ``(source, Ready |
ImportFailed)`` in the sources' order), :func:`decode_sources` (the same in one
call), :func:`decode_one`, :class:`Ready` and :func:`worker_count`.

Each file is decoded and its samples packed in their stored form
(``store.codec``: the compression is most of a writer's work otherwise), so
what crosses between processes is the activity's summary and one compressed
blob, and the caller stores each result as it comes (a single writer for the
database). Sources travel in small chunks (a few files, or one large one) so
that the cost of a task does not weigh on small files; at most ``window``
chunks are decoded ahead of the caller, so memory stays flat however many
files there are. Small batches are decoded in the calling process (a worker
pool costs a fraction of a second to start); the workers start when the
:class:`Decoder` is entered, so the caller can do its own preparation (open the
database) while they load. Workers are started with ``spawn``: they never
inherit an open database or a progress thread, and they import only the
readers (not the caller's script: see :func:`_lean_spawn`). Workers die with
the process that started them, even when it is killed (:func:`_watch_parent`).
Memory per worker is bounded by the per-file limits (``knowledge/ingest.yaml``:
archive members are streamed with a cap, GPX has its own lower limit), times
the files in flight.
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
from .detect import Ready

# Below this many sources a pool does not pay for its start.
MIN_PARALLEL_SOURCES = 32
# A task: sources up to this many files, or this many bytes (a larger file goes alone).
CHUNK_FILES = 4
CHUNK_BYTES = 256 * 1024
# Chunks decoded ahead of the writer, per worker.
AHEAD_PER_WORKER = 3


Outcome = Ready | ImportFailed


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
    """Read, decode and pack one source; a failure is returned (not raised) so that it crosses processes."""
    try:
        decoded = detect.decode(source.read(), source.name)
    except ImportFailed as exc:
        return exc
    return detect.ready(decoded)


Portable = tuple[Ready | None, tuple[str, Message, int | None] | None]

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


def _portable(outcome: Outcome) -> Portable:
    """The outcome with a failure as plain values (an exception's own arguments do not survive pickling);
    the reason as a text, rendered where it is shown (the worker speaks no language of its own)."""
    if isinstance(outcome, ImportFailed):
        return None, (outcome.path, outcome.reason_text, outcome.offset)
    return outcome, None


def _outcome(portable: Portable) -> Outcome:
    ready, failure = portable
    if failure is not None:
        return ImportFailed(*failure)
    assert ready is not None
    return ready


def _decode_chunk(chunk: list[archive.Source]) -> list[Portable]:
    return [_portable(decode_one(source)) for source in chunk]


def _started() -> int:
    """A first task for each worker: it returns once the worker has loaded the readers."""
    return os.getpid()


def _chunks(sources: Iterable[archive.Source]) -> Iterator[list[archive.Source]]:
    chunk: list[archive.Source] = []
    size = 0
    for source in sources:
        if chunk and (len(chunk) >= CHUNK_FILES or size + source.size > CHUNK_BYTES):
            yield chunk
            chunk, size = [], 0
        chunk.append(source)
        size += source.size
    if chunk:
        yield chunk


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


class Decoder:
    """Decodes sources in order; in worker processes when there are enough of them (``count``).

    Use as a context manager: entering starts the workers (they load the
    readers while the caller goes on), leaving stops them. ``decode`` then
    yields each source with its outcome, in the sources' order.
    """

    def __init__(self, count: int | None, *, workers: int | None = None) -> None:
        workers = worker_count() if workers is None else workers
        self.workers = workers if workers > 1 and (count is None or count >= MIN_PARALLEL_SOURCES) else 1
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Decoder:
        if self.workers > 1:
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers, mp_context=context, initializer=_watch_parent, initargs=(os.getpid(),)
            )
            with _lean_spawn():  # a process starts with each task while none is idle: one task per worker
                for _ in range(self.workers):
                    self._pool.submit(_started)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def decode(self, sources: Iterable[archive.Source]) -> Generator[tuple[archive.Source, Outcome], None, None]:
        pool = self._pool
        if pool is None:
            for source in sources:
                yield source, decode_one(source)
            return
        window = self.workers * AHEAD_PER_WORKER
        pending: deque[tuple[list[archive.Source], Future[list[Portable]]]] = deque()
        chunks = _chunks(sources)
        for chunk in chunks:
            pending.append((chunk, pool.submit(_decode_chunk, chunk)))
            if len(pending) >= window:
                break
        while pending:
            chunk, future = pending.popleft()
            results = future.result()
            following = next(chunks, None)
            if following is not None:
                pending.append((following, pool.submit(_decode_chunk, following)))
            for source, portable in zip(chunk, results, strict=True):
                yield source, _outcome(portable)


def decode_sources(
    sources: Iterable[archive.Source], *, workers: int | None = None, count: int | None = None
) -> Generator[tuple[archive.Source, Outcome], None, None]:
    """Decoded sources in order; in ``workers`` processes when there are enough of them (``count``)."""
    with Decoder(count, workers=workers) as decoder:
        yield from decoder.decode(sources)
