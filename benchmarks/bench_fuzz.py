"""Long fuzz run: hostile documents through the real ingest path and chat events through the core.

1. Documents: N hostile files (random bytes; mutated .txt/.docx/.pdf plans; .docx with edited XML; the
   crafted files of tests/hostile_documents.py) ingested with `bot.ingest.ingest_files`, each read in an
   isolated worker under a time limit, over a database that already holds the plan they imitate. Counts:
   saved, refused, held (would remove tasks with history), tracebacks (an exception other than a
   refusal, in the reader or the save), hangs (a file that took longer than the limit plus a grace),
   and refused or held files that changed the database (its dump before and after each file).
2. Chat: M events (forged buttons, random text, commands, from an admin, a leader, a member, an
   inactive member and a stranger, in private and group chats) through `Core.handle` with the real
   assistant. Counts: answered, refused, tracebacks, hangs, and refusals that changed the database
   (a dump before and after each refused event).

Targets: 0 tracebacks, 0 hangs over the limit, 0 changes from refused input.

Run: .venv/bin/python -m benchmarks.bench_fuzz [--documents 2000] [--events 10000] [--seed 17]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import random
import shutil
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.assistant import Assistant  # noqa: E402
from bot.compose import build_core  # noqa: E402
from bot.config import Config  # noqa: E402
from bot.ingest import ingest_files  # noqa: E402
from bot.isolation import ReadLimits  # noqa: E402
from bot.plan_reading import NoTasksFound, read_plan  # noqa: E402
from knowledge.documents import DocumentError  # noqa: E402
from storage.db import open_db  # noqa: E402
from storage.plans import save_plan  # noqa: E402
from tests import fuzz_inputs as fz  # noqa: E402
from tests import hostile_documents  # noqa: E402
from tests.core_fixtures import clock  # noqa: E402

LIMIT_SECONDS = 10.0  # per file in this run (the bot's own limit is 60 s)
GRACE_SECONDS = 5.0  # killing and replacing a worker that overran


def print_traceback(path: Path) -> None:
    """Read `path` in this process to show the exception its worker turned into a refusal."""
    try:
        read_plan(path, path.name)
    except (DocumentError, NoTasksFound):
        pass
    except Exception:
        print(f"  {path.name}:", file=sys.stderr)
        traceback.print_exc()


def dump_hash(db) -> str:
    digest = hashlib.sha256()
    for line in db.conn.iterdump():
        digest.update(line.encode())
    return digest.hexdigest()


def write_documents(folder: Path, count: int, rng: random.Random) -> list[Path]:
    bases = fz.document_bases()
    crafted = [
        getattr(hostile_documents, name)
        for name in (
            "style_based_on_itself",
            "styles_based_on_each_other",
            "roman_numbering_from_999999999999",
            "list_level_x",
            "cell_spanning_a_billion_columns",
            "merge_continued_from_nowhere",
            "deeply_nested_tables",
            "pdf_with_a_page_tree_cycle",
        )
        if hasattr(hostile_documents, name)
    ]
    paths = []
    for i in range(count):
        if crafted and i % 50 == 0:
            build = crafted[(i // 50) % len(crafted)]
            suffix = ".pdf" if "pdf" in build.__name__ else ".docx"
            path = folder / f"{i:05d}{suffix}"
            build(path)
        else:
            suffix, content = fz.hostile_document(rng, bases)
            path = folder / f"{i:05d}{suffix}"
            path.write_bytes(content)
        paths.append(path)
    return paths


def seeded_database(path: Path):
    """A database with the plan the documents imitate, and progress on its first task."""
    db = open_db(path)
    with tempfile.TemporaryDirectory() as folder:
        plan = Path(folder) / "kehoach.txt"
        plan.write_text(fz.PLAN_TEXT, encoding="utf-8")
        parsed, prepared = read_plan(plan)
    save_plan(db, parsed, source_file="kehoach.txt", prepared=prepared)
    person = db.execute(
        "INSERT INTO people (name, role, created_at) VALUES ('Lan', 'member', '2026-10-01T00:00:00')"
    ).lastrowid
    db.execute(
        "INSERT INTO status_updates (task_id, person_id, status, percent, created_at)"
        " SELECT id, ?, 'in_progress', 30, '2026-10-02T00:00:00' FROM tasks ORDER BY position LIMIT 1",
        [person],
    )
    return db


def run_documents(count: int, seed: int, workers: int) -> Counter:
    rng = random.Random(seed)
    counts: Counter = Counter()
    limits = ReadLimits(seconds=LIMIT_SECONDS)
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        (folder / "docs").mkdir()
        paths = write_documents(folder / "docs", count, rng)
        db = seeded_database(folder / "kb.db")
        started = time.perf_counter()
        outcomes = ingest_files(db, paths, workers=workers, limits=limits)
        last = time.perf_counter()
        slowest = 0.0
        while True:
            before = dump_hash(db)  # the next file is saved (or not) inside next()
            try:
                outcome = next(outcomes)
            except StopIteration:
                break
            except Exception:
                counts["tracebacks"] += 1
                traceback.print_exc()
                break
            now = time.perf_counter()
            slowest = max(slowest, now - last)
            if now - last > LIMIT_SECONDS + GRACE_SECONDS:
                counts["hangs"] += 1
            last = now
            counts["documents"] += 1
            key = getattr(outcome.error, "key", None)
            if key == "unreadable":  # the worker caught an exception that is not a refusal: a reader bug
                counts["tracebacks"] += 1
                if counts["tracebacks"] <= 3:
                    print_traceback(outcome.path)
            elif outcome.error is not None:
                counts["refused"] += 1
                counts["stopped at the limit"] += key == "too_slow"
                counts["reader died (memory)"] += key in ("reader_crashed", "too_much_memory")
            elif outcome.held is not None:
                counts["held"] += 1
            else:
                counts["saved"] += 1
                continue
            counts["changes from refused documents"] += dump_hash(db) != before
        elapsed = time.perf_counter() - started
        db.conn.close()
        print(f"  {counts['documents']} documents in {elapsed:.1f} s; slowest file {slowest:.2f} s")
        shutil.rmtree(folder / "docs", ignore_errors=True)
    return counts


def run_chat(count: int, seed: int) -> Counter:
    rng = random.Random(seed)
    counts: Counter = Counter()
    refusals = fz.refusal_prefixes()
    with tempfile.TemporaryDirectory() as folder:
        db = open_db(Path(folder) / "chat.db")
        fz.people_world(db)
        fixed = clock()
        core = build_core(db, Config(admins=(fz.ADMIN,)), fixed, assistant=Assistant(db, fixed))
        loop = asyncio.new_event_loop()
        started = time.perf_counter()
        cached = (db.conn.total_changes, dump_hash(db))
        for _ in range(count):
            incoming = fz.random_event(rng)
            if cached[0] != db.conn.total_changes:
                cached = (db.conn.total_changes, dump_hash(db))
            began = time.perf_counter()
            try:
                replies = loop.run_until_complete(asyncio.wait_for(core.handle(incoming), LIMIT_SECONDS))
            except TimeoutError:
                counts["hangs"] += 1
                continue
            except Exception:
                counts["tracebacks"] += 1
                if counts["tracebacks"] <= 3:
                    print(f"  {incoming}", file=sys.stderr)
                    traceback.print_exc()
                continue
            finally:
                counts["events"] += 1
            if time.perf_counter() - began > LIMIT_SECONDS:
                counts["hangs"] += 1
            if fz.is_refusal(replies, refusals):
                counts["refused"] += 1
                if db.conn.total_changes != cached[0] or dump_hash(db) != cached[1]:
                    counts["changes from refused input"] += 1
            elif replies:
                counts["answered"] += 1
            else:
                counts["silent"] += 1  # group chatter the bot ignores
        elapsed = time.perf_counter() - started
        loop.close()
        db.conn.close()
    print(f"  {counts['events']} events in {elapsed:.1f} s ({counts['events'] / elapsed:.0f}/s)")
    return counts


def show(title: str, counts: Counter, keys: tuple[str, ...]) -> None:
    print(title)
    for key in keys:
        print(f"  {key}: {counts.get(key, 0)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)

    print(f"fuzz: {args.documents} hostile documents, {args.events} chat events (seed {args.seed})")
    docs = run_documents(args.documents, args.seed, args.workers)
    show(
        "documents",
        docs,
        (
            "saved",
            "refused",
            "held",
            "stopped at the limit",
            "reader died (memory)",
            "tracebacks",
            "hangs",
            "changes from refused documents",
        ),
    )
    chat = run_chat(args.events, args.seed)
    show("chat", chat, ("answered", "refused", "silent", "tracebacks", "hangs", "changes from refused input"))
    bad = sum(
        counts.get(key, 0)
        for counts in (docs, chat)
        for key in (
            "tracebacks",
            "hangs",
            "changes from refused input",
            "changes from refused documents",
        )
    )
    print(f"targets: 0 tracebacks, 0 hangs, 0 changes from refused input -> {'met' if not bad else 'MISSED'}")
    return 0 if not bad else 1


if __name__ == "__main__":
    sys.exit(main())
