"""Read plan files in worker processes, each file under a time limit and a memory limit.

A hostile file (a .docx that never finishes, a PDF that inflates to gigabytes) costs at most the limits:
the worker reading it is killed when it overruns, the file is refused with a one-line DocumentError, and
a fresh worker takes the next file (and any queued behind it). Only the parent saves (the database is never
open in a worker).

Workers die with their parent: each asks the kernel for SIGKILL when its parent goes (Linux prctl), and
its parent is the forkserver, which exits when this process does (even on SIGKILL), so nothing is left
holding the caller's pipe open. Workers ignore Ctrl-C: the parent decides and stops them.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import wait
from pathlib import Path

from knowledge.documents import DocumentError

logger = logging.getLogger(__name__)

READ_SECONDS = 60.0  # per file: the slowest real plan reads and parses in well under 2 s
READ_MEMORY_MB = 1024  # address space of a worker: ~100 MB once the readers are imported
_POLL = 0.2  # how often a waiting read looks whether the readers are being stopped


@dataclass(frozen=True)
class ReadLimits:
    seconds: float = READ_SECONDS
    memory_mb: int = READ_MEMORY_MB


@dataclass(frozen=True)
class PageProgress:
    """Sent by a worker before each page it OCRs: the parent passes it on, and gives the file another
    `seconds` from now (a scan's limit counts per page; bot.ocr bounds the whole document)."""

    page: int
    pages: int


_progress_conn = None  # in a worker: the pipe to the parent


def report_progress(page: int, pages: int) -> None:
    """In a worker: tell the parent which page is being read."""
    if _progress_conn is not None:
        _progress_conn.send(PageProgress(page, pages))


def read_job(path: Path, name: str):
    """The work done for one file in a worker: read, parse and prepare it (bot.ingest.read_plan)."""
    from bot.plan_reading import read_plan

    return read_plan(path, name, progress=report_progress)


def _die_with_parent() -> None:
    """Ask the kernel to SIGKILL this process when its parent dies (Linux; elsewhere a no-op)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no libc prctl: the EOF on the pipe still ends the worker
        return


def _limit_memory(memory_mb: int) -> None:
    try:
        import resource

        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):  # no RLIMIT_AS (macOS, Windows): the time limit remains
        return


def _serve(conn, memory_mb: int, job: Callable) -> None:
    """Worker process: read the files sent on `conn` one by one and send back each outcome."""
    global _progress_conn
    _progress_conn = conn
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _limit_memory(memory_mb)
    from bot.plan_reading import NoTasksFound

    while True:
        try:
            path, name = conn.recv()
        except (EOFError, OSError):
            return  # the parent closed the pipe (or is gone): done
        failed = False
        try:
            outcome = job(path, name)
        except (DocumentError, NoTasksFound) as exc:
            outcome = exc
        except MemoryError:
            outcome, failed = DocumentError("too_much_memory", name, mb=memory_mb), True
        except RecursionError:
            outcome = DocumentError("unreadable", name, reason="RecursionError")
        except Exception as exc:  # a reader or parser bug: this file is refused, the others go on
            outcome = DocumentError("unreadable", name, reason=type(exc).__name__)
        try:
            conn.send(outcome)
        except MemoryError:
            conn.send(DocumentError("too_much_memory", name, mb=memory_mb))
            failed = True
        if failed:
            return  # after a MemoryError the heap may be fragmented: a fresh worker takes over


def _context():
    # forkserver: workers start from a clean process (no inherited threads, locks or database handle);
    # spawn where there is no forkserver (Windows).
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


class _Worker:
    def __init__(self, context, limits: ReadLimits, job: Callable) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, limits.memory_mb, job), daemon=True)
        self.process.start()
        child.close()
        self.queue: list[int] = []  # indices of the files sent, in order: the first is being read
        self.started = 0.0  # when the first began (as far as this process knows)
        self.broken = False  # a send failed: the pipe is gone, its queue is settled when it is collected

    def send(self, index: int, path: Path, name: str) -> None:
        self.conn.send((path, name))
        if not self.queue:
            self.started = time.monotonic()
        self.queue.append(index)

    def stop(self, kill: bool = False) -> None:
        with contextlib.suppress(OSError):
            self.conn.close()
        if kill:
            with contextlib.suppress(OSError, ValueError):
                self.process.kill()
        self.process.join(0.5 if not kill else 2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(2)


_live: set[ReaderPool] = set()
_live_lock = threading.Lock()

# Files sent to a worker ahead of the one it reads: it goes on with the next while this process saves the
# last (with one file per worker, both workers waited for every save). Each file still has its own
# message, outcome and time limit (counted from when the file before it is done); when a worker dies or
# overruns, only the file it was reading is refused and the ones queued behind it go to a fresh worker.
QUEUE_DEPTH = 2


class ReaderPool:
    """`workers` processes reading files under `limits`. Use as a context manager; `read_many` yields
    each file's outcome in order: what `job` returned, or the DocumentError/NoTasksFound refusing it."""

    def __init__(
        self,
        workers: int = 1,
        limits: ReadLimits | None = None,
        job: Callable | None = None,
        on_progress: Callable[[Path, int, int], None] | None = None,
    ):
        self.workers = max(1, workers)
        self.on_progress = on_progress  # (path, page, pages) per page OCR'd
        self.limits = limits or ReadLimits(READ_SECONDS, READ_MEMORY_MB)
        self.job = job or read_job
        self._context = _context()
        self._workers: list[_Worker] = []
        self._closed = False
        with _live_lock:
            _live.add(self)

    def __enter__(self) -> ReaderPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def read(self, path: Path, name: str | None = None):
        """One file's outcome (raises the refusal instead of returning it)."""
        [outcome] = self.read_many([(path, name or path.name)])
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    def read_many(self, files: Iterable[tuple[Path, str]]) -> Iterator:
        files = list(files)
        results: dict[int, object] = {}
        pending = deque(range(len(files)))  # files to send, in order (those to send again first)
        next_yield = 0
        try:
            while next_yield < len(files):
                if self._closed:
                    raise ReadersStopped()
                in_flight = sum(len(w.queue) for w in self._workers)
                while pending and len(results) + in_flight < 4 * self.workers:
                    worker = self._worker_with_room()
                    if worker is None:
                        break
                    index = pending.popleft()
                    try:
                        worker.send(index, *files[index])
                    except OSError:  # the worker died: a fresh one takes the file
                        pending.appendleft(index)
                        if worker.queue:
                            worker.broken = True  # its queue is settled when its end is collected
                        else:
                            self._workers.remove(worker)
                            worker.stop(kill=True)
                        continue
                    in_flight += 1
                self._collect(files, results, pending)
                while next_yield in results:
                    yield results.pop(next_yield)
                    next_yield += 1
        finally:
            # Stopped early (Ctrl-C, an error, the caller broke off): files in progress are abandoned.
            for worker in [w for w in self._workers if w.queue]:
                self._workers.remove(worker)
                worker.stop(kill=True)

    def _worker_with_room(self) -> _Worker | None:
        """An idle worker, else a new one (up to `workers`), else one with fewer than QUEUE_DEPTH files."""
        usable = [w for w in self._workers if not w.broken]
        least = min(usable, key=lambda w: len(w.queue), default=None)
        if least is not None and not least.queue:
            return least
        if len(self._workers) < self.workers:
            worker = _Worker(self._context, self.limits, self.job)
            self._workers.append(worker)
            return worker
        if least is not None and len(least.queue) < QUEUE_DEPTH:
            return least
        return None

    def _collect(self, files, results: dict[int, object], pending: deque) -> None:
        """Wait for the first busy worker to answer or overrun, and record its file's outcome."""
        busy = [w for w in self._workers if w.queue]
        if not busy:
            return
        now = time.monotonic()
        soonest = min(w.started + self.limits.seconds for w in busy)
        ready = wait([w.conn for w in busy], timeout=max(0.0, min(soonest - now, _POLL)))
        for worker in busy:
            index = worker.queue[0]
            name = files[index][1]
            if worker.conn in ready:
                try:
                    message = worker.conn.recv()
                except (EOFError, OSError):  # killed by the kernel (out of memory) or crashed in C code
                    logger.warning("the worker reading %s died (exit code %s)", name, worker.process.exitcode)
                    results[index] = DocumentError("reader_crashed", name)
                    worker.queue.pop(0)
                    self._retire(worker, pending)
                    continue
                except Exception as exc:  # an outcome that cannot be unpickled
                    results[index] = DocumentError("unreadable", name, reason=type(exc).__name__)
                    worker.queue.pop(0)
                    self._retire(worker, pending)
                    continue
                if isinstance(message, PageProgress):
                    worker.started = time.monotonic()
                    if self.on_progress is not None:
                        self.on_progress(files[index][0], message.page, message.pages)
                    continue
                results[index] = message
                worker.queue.pop(0)
                worker.started = time.monotonic()  # the next file in its queue starts now
                if isinstance(message, DocumentError) and (
                    message.key == "too_much_memory" or not worker.process.is_alive()
                ):
                    self._retire(worker, pending)  # it stops after a MemoryError: a fresh one goes on
            elif time.monotonic() - worker.started > self.limits.seconds:
                logger.warning("reading %s took over %.0f s: stopped", name, self.limits.seconds)
                results[index] = DocumentError("too_slow", name, seconds=f"{self.limits.seconds:g}")
                worker.queue.pop(0)
                self._retire(worker, pending)

    def _retire(self, worker: _Worker, pending: deque) -> None:
        """Stop `worker`; the files still in its queue (the one it was reading has its outcome and is out
        of the queue) go back to be sent again."""
        self._workers.remove(worker)
        pending.extendleft(reversed(worker.queue))
        worker.queue.clear()
        worker.stop(kill=True)

    def close(self) -> None:
        """Stop every worker (those reading are killed)."""
        self._closed = True
        for worker in self._workers:
            worker.stop(kill=bool(worker.queue))
        self._workers.clear()
        with _live_lock:
            _live.discard(self)


class ReadersStopped(Exception):
    """The readers were stopped (shutdown) while files were still being read."""


def read_isolated(path: Path, name: str | None = None, limits: ReadLimits | None = None, progress=None):
    """Read one file in a fresh worker under `limits` (a chat upload). Raises its refusal.
    `progress(page, pages)` is called per page of a scan."""
    on_progress = (lambda _path, page, pages: progress(page, pages)) if progress else None
    with ReaderPool(1, limits, on_progress=on_progress) as pool:
        return pool.read(Path(path), name)


def stop_all() -> None:
    """Kill every worker of every pool (the bot is shutting down): waiting reads end at once."""
    with _live_lock:
        pools = list(_live)
    for pool in pools:
        pool._closed = True
        for worker in list(pool._workers):
            with contextlib.suppress(OSError, ValueError):
                worker.process.kill()
