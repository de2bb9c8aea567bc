"""Ingest plan files: read, parse and prepare each file (CPU only), then save it in one transaction.

With many files the CPU part runs in worker processes, one per core, while this process writes the
plans in file order: the database and the printed summaries are the same as ingesting one by one, and
each file is still its own transaction (a bad file loses nothing and stops nothing).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from knowledge.deadline import settled
from knowledge.documents import DocumentError
from knowledge.models import ParsedPlan

logger = logging.getLogger(__name__)

# Below this many files a pool costs more to start (~0.3 s per worker) than it saves.
MIN_FILES_FOR_POOL = 12
# Files per job sent to a worker: enough to amortise the round trip, small enough to keep order cheap.
FILES_PER_JOB = 4
# Jobs in flight per worker: keeps the workers busy while this process saves, and bounds the parsed
# plans waiting in memory (a plan of 30 tasks is ~40 kB).
JOBS_AHEAD_PER_WORKER = 3


class NoTasksFound(Exception):
    """The document was read but holds no task: not saved, so a wrong file cannot replace a plan."""


def looks_like_plan(parsed: ParsedPlan) -> bool:
    """A plan has tasks, and either a plan number or a task with a code, lead or deadline.

    Free text (a note, a letter) parses into loose "tasks" with none of these; saving it would add a
    nameless plan, so it is rejected like a file with no task at all.
    """
    if not parsed.tasks:
        return False
    if parsed.number:
        return True
    return any(t.code or t.lead or t.deadline.kind != "none" for t in parsed.tasks)


def read_plan(path: Path, name: str | None = None):
    """Read, parse and prepare one file (no database). Returns (parsed, prepared).

    Raises DocumentError (unreadable file) or NoTasksFound (not a plan).
    """
    from knowledge.documents import read_document
    from knowledge.plan_parser import parse_plan
    from storage.plans import prepare_plan

    name = name or path.name
    parsed = parse_plan(read_document(path), source_name=name)
    for task in parsed.tasks:  # an impossible date (31/2/2026) is stored and counted as no date
        task.deadline = settled(task.deadline)
    if not looks_like_plan(parsed):
        raise NoTasksFound(name)
    return parsed, prepare_plan(parsed, name)


def ingest_path(db, path: Path):
    """Read, parse and save one file in one transaction. Raises DocumentError or NoTasksFound."""
    parsed, prepared = read_plan(path)
    return parsed, _save(db, parsed, prepared, path.name)


def _save(db, parsed, prepared, name: str):
    import storage.plans

    return storage.plans.save_plan(db, parsed, source_file=name, prepared=prepared)


@dataclass
class Ingested:
    """The outcome of one file: saved (`parsed`, `result`) or refused (`error`, nothing written)."""

    path: Path
    parsed: ParsedPlan | None = None
    result: object | None = None  # storage.plans.SaveResult
    error: DocumentError | NoTasksFound | None = None


def _read_one(path: Path):
    """read_plan, with the expected refusals returned as values (so they cross process boundaries)."""
    try:
        return read_plan(path)
    except (DocumentError, NoTasksFound) as exc:
        return exc


def _read_plans(paths: Sequence[Path]) -> list:
    """Worker job: `_read_one` for each path, in order."""
    return [_read_one(path) for path in paths]


def default_workers() -> int:
    """Worker processes for parsing: the cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def ingest_files(db, paths: Sequence[Path], *, workers: int | None = None) -> Iterator[Ingested]:
    """Ingest `paths` in order, yielding each file's outcome as soon as it is saved.

    Unexpected errors (a parser bug) propagate, as they would one file at a time; the files saved
    before stay saved. Should a worker process die (killed, out of memory), the files not yet saved are
    ingested one by one here instead.
    """
    paths = list(paths)
    workers = default_workers() if workers is None else workers
    done = 0
    if workers > 1 and len(paths) >= MIN_FILES_FOR_POOL:
        try:
            for outcome in _ingest_pooled(db, paths, workers):
                yield outcome
                done += 1
            return
        except BrokenProcessPool:
            logger.warning(
                "a parsing worker died; ingesting the remaining %d files one by one", len(paths) - done
            )
    for path in paths[done:]:
        yield _finish(db, path, _read_one(path))


def _ingest_pooled(db, paths: list[Path], workers: int) -> Iterator[Ingested]:
    jobs = [paths[i : i + FILES_PER_JOB] for i in range(0, len(paths), FILES_PER_JOB)]
    # forkserver: workers start from a clean process (no inherited threads, locks or database handle);
    # spawn where there is no forkserver (Windows).
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    pending: deque[tuple[list[Path], Future]] = deque()
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        try:
            next_job = 0
            while next_job < len(jobs) or pending:
                while next_job < len(jobs) and len(pending) < workers * JOBS_AHEAD_PER_WORKER:
                    pending.append((jobs[next_job], pool.submit(_read_plans, jobs[next_job])))
                    next_job += 1
                job, future = pending.popleft()
                for path, read in zip(job, future.result(), strict=True):
                    yield _finish(db, path, read)
        finally:
            # Stopped early (an error, Ctrl-C, the caller broke off): drop the work not yet started.
            for _, future in pending:
                future.cancel()


def _finish(db, path: Path, read) -> Ingested:
    if isinstance(read, Exception):
        return Ingested(path, error=read)
    parsed, prepared = read
    return Ingested(path, parsed=parsed, result=_save(db, parsed, prepared, path.name))
