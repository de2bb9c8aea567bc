"""Ingest benchmark: the seed plans replicated into thousands of distinct plans, ingested in-process.

The five seed plans (../shared/seeds, else the bundled sample plan) are written as N distinct files in a
temporary folder, then the folder goes through the same path as `planbot ingest` (bot.ingest.ingest_files:
read, parse, repair (PLANBOT_REPAIR=0 turns it off) and prepare in isolated worker processes, one per core,
each with up to bot.isolation.QUEUE_DEPTH files queued, while this process saves each file in one
transaction, in order) into a fresh database.

The copies differ only in their plan number, so anything cached across documents by their text would make
this benchmark look faster than real ingest: the repair memoises only words and short windows of words
(knowledge.repair.repair), folding only words and the last few paragraphs of the document being read
(knowledge.fold), never a whole text; benchmarks/bench_repair.py gives its speed on unseen text. A change made
for speed must leave ingest's output identical: benchmarks/ingest_snapshot.py dumps it to compare.

Prints MB/s of text, tasks/s, the time this process spent saving, CPU seconds of this process and of its
workers (sampled from /proc: less sensitive than the wall clock to other processes sharing the cores),
and peak memory: of this process (ru_maxrss) and of this process plus its workers together (sampled from
/proc; shared pages counted in each process, so an upper bound). Targets (2 cores): >= 2 MB/s of text,
peak memory < 300 MB in all.

Run: .venv/bin/python -m benchmarks.bench_ingest [--plans N] [--workers N] [--profile]
(default: >= 2,000 plans, >= 100,000 tasks; --profile profiles this process with --workers 1)
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from knowledge.plan_parser import parse_plan  # noqa: E402
from storage.db import open_db  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"
SAMPLE = ROOT / "bot" / "data" / "sample_plan.txt"
TARGET_MB_S = 2.0
TARGET_PEAK_MB = 300
MIN_PLANS = 2000
MIN_TASKS = 100_000


def templates() -> list[tuple[str, str]]:
    files = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    files = files or [SAMPLE]
    return [(f.stem, f.read_text(encoding="utf-8")) for f in files]


def number_slot(text: str, name: str) -> tuple[int, int] | None:
    """Where the plan's own number sits in the text (the digits the parser reads as its number)."""
    parsed = parse_plan(text, source_name=name)
    digits = re.match(r"\d+", parsed.number or "")
    if not digits:
        return None
    found = re.search(re.escape(digits.group()) + r"(?!\d)", text)
    return (found.start(), found.end()) if found else None


def default_plans() -> int:
    """At least MIN_PLANS plans, and enough copies of the templates for MIN_TASKS tasks."""
    sources = templates()
    per_round = sum(len(parse_plan(text, source_name=name).tasks) for name, text in sources)
    rounds = -(-MIN_TASKS // max(per_round, 1))
    return max(MIN_PLANS, rounds * len(sources))


def replicate(folder: Path, count: int) -> tuple[int, int]:
    """Write `count` distinct plans into `folder`; returns (files, bytes)."""
    sources = templates()
    slots = [number_slot(text, name) for name, text in sources]
    total = 0
    for i in range(count):
        name, text = sources[i % len(sources)]
        slot = slots[i % len(sources)]
        serial = 10000 + i  # five digits: never an existing number, distinct per copy
        if slot:
            start, end = slot
            text = f"{text[:start]}{serial}{text[end:]}"
        data = text.encode("utf-8")
        (folder / f"{i:05d}_{name}.txt").write_bytes(data)
        total += len(data)
    return count, total


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def _tree_sample(root: int, cpu: dict[int, float]) -> float:
    """Resident memory of `root` and all its descendants (Linux /proc), in MB; records each one's CPU
    seconds so far (user + system) in `cpu` by pid (workers are grandchildren, not in RUSAGE_CHILDREN).

    The tree is walked down through each thread's children list rather than found among every process of
    the machine: a sample costs ~0.2 ms instead of a few ms per hundred processes, CPU time this process
    would otherwise count as its own (sampled every 0.2 s)."""
    rss: dict[int, int] = {}
    ticks: dict[int, int] = {}
    frontier = [root]
    while frontier:
        pid = frontier.pop()
        try:
            with open(f"/proc/{pid}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            threads = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue  # gone since its parent listed it
        rss[pid] = int(fields[21]) * PAGE  # field 24 of stat: resident pages
        ticks[pid] = int(fields[11]) + int(fields[12])  # fields 14, 15: utime, stime
        for tid in threads:
            try:
                with open(f"/proc/{pid}/task/{tid}/children") as fh:
                    frontier.extend(int(child) for child in fh.read().split() if int(child) not in rss)
            except OSError:
                continue
    for pid in set(ticks) - {root}:
        cpu[pid] = ticks[pid] / TICKS
    return sum(rss.values()) / 1e6


PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


class TreeMemory:
    """Samples the resident memory of this process and its workers every 0.2 s; keeps the peak, and the
    CPU seconds the workers used (the last sample of each: a worker's final < 0.2 s may be missed)."""

    def __init__(self) -> None:
        self.peak = 0.0
        self.cpu: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            if os.path.isdir("/proc"):
                self.peak = max(self.peak, _tree_sample(os.getpid(), self.cpu))
            self._stop.wait(0.2)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        if os.path.isdir("/proc"):
            _tree_sample(os.getpid(), self.cpu)


def run(count: int, profile: bool = False, workers: int | None = None) -> dict:
    from bot.ingest import default_workers, ingest_files

    with tempfile.TemporaryDirectory(prefix="planbot-bench-ingest-") as tmp:
        folder = Path(tmp) / "plans"
        folder.mkdir()
        files, size = replicate(folder, count)
        db = open_db(Path(tmp) / "bench.db")
        profiler = cProfile.Profile() if profile else None
        # Time spent saving (storage) apart from reading + parsing: wrap the function ingest_files calls.
        import storage.plans as plans_module

        real_save = plans_module.save_plan
        save_seconds = 0.0

        def timed_save(*args, **kwargs):
            nonlocal save_seconds
            begun = time.perf_counter()
            try:
                return real_save(*args, **kwargs)
            finally:
                save_seconds += time.perf_counter() - begun

        plans_module.save_plan = timed_save
        tasks = 0
        workers = 1 if profile else (workers or default_workers())
        started = time.perf_counter()
        cpu_started = time.process_time()
        if profiler:
            profiler.enable()
        with TreeMemory() as memory:
            for outcome in ingest_files(db, sorted(folder.iterdir()), workers=workers):
                if outcome.error is not None:
                    raise SystemExit(f"{outcome.path.name}: {outcome.error}")
                tasks += outcome.result.tasks
        if profiler:
            profiler.disable()
        elapsed = time.perf_counter() - started
        own_cpu = time.process_time() - cpu_started
        plans_module.save_plan = real_save
        plans = db.execute("SELECT COUNT(*) FROM plans").fetchone()[0]
        stored = db.execute("SELECT COUNT(*) FROM tasks").fetchone()[0]
        db.conn.close()
    figures = {
        "files": files,
        "plans_stored": plans,
        "tasks": tasks,
        "tasks_stored": stored,
        "mb": size / 1e6,
        "seconds": elapsed,
        "save_seconds": save_seconds,
        "mb_s": size / 1e6 / elapsed,
        "tasks_s": tasks / elapsed,
        "peak_mb": peak_mb(),
        "peak_total_mb": memory.peak,
        "workers": workers,
        "cpu_self": own_cpu,
        "cpu_workers": sum(memory.cpu.values()),
    }
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(45)
        figures["profile"] = out.getvalue()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_ingest", description=__doc__)
    parser.add_argument(
        "--plans",
        type=int,
        default=None,
        help=f"number of distinct plans (default: at least {MIN_PLANS} and enough for {MIN_TASKS:,} tasks)",
    )
    parser.add_argument("--workers", type=int, default=None, help="worker processes (default: one per core)")
    parser.add_argument("--profile", action="store_true", help="print the top of a cProfile run")
    args = parser.parse_args(argv)
    f = run(args.plans or default_plans(), profile=args.profile, workers=args.workers)
    print(
        f"ingest: {f['files']} files, {f['mb']:.1f} MB of text, {f['tasks']} tasks "
        f"({f['plans_stored']} plans / {f['tasks_stored']} tasks stored) in {f['seconds']:.1f} s, "
        f"{f['workers']} worker(s)"
    )
    ok_speed = f["mb_s"] >= TARGET_MB_S
    peak = max(f["peak_mb"], f["peak_total_mb"])
    ok_memory = peak < TARGET_PEAK_MB
    print(f"  {f['mb_s']:.2f} MB/s of text (target >= {TARGET_MB_S}) {'ok' if ok_speed else 'BELOW TARGET'}")
    print(f"  {f['tasks_s']:.0f} tasks/s")
    other_s = f["seconds"] - f["save_seconds"]
    print(
        f"  this process: saving {f['save_seconds']:.1f} s ({100 * f['save_seconds'] / f['seconds']:.0f}%), "
        f"{'reading + parsing' if f['workers'] == 1 else 'waiting for parsed plans'} {other_s:.1f} s"
    )
    cpu = f["cpu_self"] + f["cpu_workers"]
    print(
        f"  CPU {cpu:.1f} s ({f['mb'] / cpu:.2f} MB per CPU second): this process {f['cpu_self']:.1f} s, "
        f"workers {f['cpu_workers']:.1f} s (less sensitive to other load than the wall clock)"
    )
    print(
        f"  peak memory {peak:.0f} MB in all (this process {f['peak_mb']:.0f} MB) "
        f"(target < {TARGET_PEAK_MB}) {'ok' if ok_memory else 'OVER TARGET'}"
    )
    if f["plans_stored"] != f["files"]:
        print(f"  warning: {f['files']} files became {f['plans_stored']} plans (copies not distinct)")
    if "profile" in f:
        print(f["profile"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
