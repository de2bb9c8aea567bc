"""CPU seconds per MB of the workers' part of ingest, in this process: bench_ingest's plans through
bot.plan_reading.read_plan (read, parse, repair, prepare), one process, no database.

bench_ingest's MB/s and CPU figures move with whatever else the machine runs (its workers share the cores);
this times the same work in one process (CPU time, not the wall clock), after a warm-up as long-lived as
a worker's (each reads ~1,700 plans, so its memos of words and windows are warm), and reports the min and
median of several passes over the same plans: run it on two checkouts back to back to compare a change.
A change made for speed must also leave ingest's output identical (benchmarks/ingest_snapshot.py).

Run: .venv/bin/python -m benchmarks.read_cpu [--plans N] [--passes K] [--seeds DIR]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

WARM_PLANS = 25  # five copies of each seed plan


def passes(count: int, rounds: int) -> tuple[float, list[float]]:
    """(MB read per pass, CPU seconds per MB of each pass) over `count` plans after the warm-up."""
    from benchmarks.bench_ingest import replicate
    from bot.plan_reading import read_plan

    with tempfile.TemporaryDirectory(prefix="planbot-read-cpu-") as tmp:
        folder = Path(tmp)
        replicate(folder, WARM_PLANS + count)
        paths = sorted(folder.iterdir())
        for path in paths[:WARM_PLANS]:
            read_plan(path, path.name)
        paths = paths[WARM_PLANS:]
        mb = sum(path.stat().st_size for path in paths) / 1e6
        figures = []
        for _ in range(rounds):
            started = time.process_time()
            for path in paths:
                read_plan(path, path.name)
            figures.append((time.process_time() - started) / mb)
    return mb, figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.read_cpu", description=__doc__)
    parser.add_argument("--plans", type=int, default=100, help="plans timed in each pass (default 100)")
    parser.add_argument("--passes", type=int, default=4, help="passes over them (default 4)")
    parser.add_argument(
        "--seeds", type=Path, default=None, help="folder of seed plans (default: bench_ingest's)"
    )
    args = parser.parse_args(argv)
    if args.seeds:
        import benchmarks.bench_ingest as bench_ingest

        bench_ingest.SEEDS = args.seeds
    mb, figures = passes(args.plans, args.passes)
    print(figures_line("read_plan", args.plans, mb, figures))
    return 0


def figures_line(what: str, plans: int, mb: float, figures: list[float]) -> str:
    """One line of CPU seconds per MB over passes (min, median, each), as read_cpu and save_cpu print them."""
    return (
        f"{what}: {plans} plans ({mb:.2f} MB) x {len(figures)} passes: min {min(figures):.3f}, "
        f"median {statistics.median(figures):.3f} CPU-s/MB ({' '.join(f'{f:.3f}' for f in figures)})"
    )


if __name__ == "__main__":
    sys.exit(main())
