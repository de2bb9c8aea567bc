"""Ingest plan files: read, parse and prepare each file (CPU only), then save it in one transaction.

The CPU part runs in worker processes under a time and a memory limit (bot.isolation), one per core
with many files, while this process writes the plans in file order: the database and the printed
summaries are the same as ingesting one by one, and each file is still its own transaction (a bad file,
even one that hangs or crashes its reader, loses nothing and stops nothing).

A file that would remove tasks with history from the plan it updates, or replace it with a much smaller
one (storage.plan_changes), is held: nothing of it is written unless `allow_removals`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.isolation import ReaderPool, ReadLimits
from bot.plan_reading import NoTasksFound, looks_like_plan, read_plan  # noqa: F401  (the ingest API)
from knowledge.documents import DocumentError
from knowledge.models import ParsedPlan

# Below this many files one worker reads them all: more cost more to start (~0.3 s each) than they save.
MIN_FILES_FOR_POOL = 12


def ingest_path(db, path: Path, limits: ReadLimits | None = None, *, allow_removals: bool = False):
    """Read (in a worker, under `limits`), parse and save one file in one transaction. Raises
    DocumentError, NoTasksFound or RemovalsNeedConfirmation (nothing written)."""
    from bot.isolation import read_isolated

    parsed, prepared = read_isolated(path, path.name, limits)
    return parsed, _save(db, parsed, prepared, path.name, allow_removals)


def _save(db, parsed, prepared, name: str, allow_removals: bool = False):
    import storage.plans
    from bot.corrections import reapply
    from storage.db import transaction

    # The corrections made on the dashboard go back on the plan in the same transaction as its save.
    with transaction(db):
        result = storage.plans.save_plan(
            db, parsed, source_file=name, prepared=prepared, allow_removals=allow_removals
        )
        reapply(db, result.plan_id)
    return result


@dataclass
class Ingested:
    """The outcome of one file: saved (`parsed`, `result`), refused (`error`, nothing written) or held
    until confirmed (`held`: what it would change; nothing written)."""

    path: Path
    parsed: ParsedPlan | None = None
    result: object | None = None  # storage.plans.SaveResult
    error: DocumentError | NoTasksFound | None = None
    held: object | None = None  # storage.plan_changes.PlanChanges


def default_workers() -> int:
    """Worker processes for parsing: the cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def ingest_files(
    db,
    paths: Sequence[Path],
    *,
    workers: int | None = None,
    limits: ReadLimits | None = None,
    progress=None,
    allow_removals: bool = False,
) -> Iterator[Ingested]:
    """Ingest `paths` in order, yielding each file's outcome as soon as it is saved.

    `progress(path, page, pages)` is called per page of a scan read by OCR.

    Every file is read in a worker process under `limits` (bot.isolation): one that hangs, blows up or
    crashes its reader is refused with a DocumentError and the others go on. With many files several
    workers read ahead while this process saves, in file order.
    """
    paths = list(paths)
    workers = default_workers() if workers is None else workers
    if len(paths) < MIN_FILES_FOR_POOL:
        workers = 1
    with ReaderPool(min(workers, max(1, len(paths))), limits, on_progress=progress) as pool:
        outcomes = pool.read_many((path, path.name) for path in paths)
        for path, read in zip(paths, outcomes, strict=True):
            yield _finish(db, path, read, allow_removals)


def _finish(db, path: Path, read, allow_removals: bool) -> Ingested:
    from storage.plan_changes import RemovalsNeedConfirmation

    if isinstance(read, Exception):
        return Ingested(path, error=read)
    parsed, prepared = read
    try:
        return Ingested(path, parsed=parsed, result=_save(db, parsed, prepared, path.name, allow_removals))
    except RemovalsNeedConfirmation as held:
        return Ingested(path, parsed=parsed, held=held.changes)
