"""CPU seconds per MB of the saving side of ingest, in this process: bench_ingest's plans, read once
(bot.plan_reading.read_plan), then saved one file a transaction into a fresh database as `planbot ingest`
saves them (bot.ingest._save: save_plan and the dashboard's corrections), timed apart from the reading.

bench_ingest's own figure for this process moves with its workers sharing the cores; this times only the
saving (CPU time, not the wall clock), in passes over the same plans, each into a fresh database (the
first plans of a database are saved faster than its thousandth: `--plans` sets how many). Run it on two
checkouts back to back to compare a change; ingest's output must stay identical
(benchmarks/ingest_snapshot.py).

Run: .venv/bin/python -m benchmarks.save_cpu [--plans N] [--passes K]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def passes(count: int, rounds: int) -> tuple[float, list[float]]:
    """(MB of text saved per pass, CPU seconds per MB of each pass)."""
    from benchmarks.bench_ingest import replicate
    from bot.ingest import _save
    from bot.plan_reading import read_plan
    from storage.db import open_db

    with tempfile.TemporaryDirectory(prefix="planbot-save-cpu-") as tmp:
        folder = Path(tmp) / "plans"
        folder.mkdir()
        replicate(folder, count)
        paths = sorted(folder.iterdir())
        mb = sum(path.stat().st_size for path in paths) / 1e6
        plans = [(path.name, *read_plan(path, path.name)) for path in paths]
        figures = []
        for round_ in range(rounds):
            db = open_db(Path(tmp) / f"save{round_}.db")
            started = time.process_time()
            for name, parsed, prepared in plans:
                _save(db, parsed, prepared, name)
            figures.append((time.process_time() - started) / mb)
            db.conn.close()
    return mb, figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.save_cpu", description=__doc__)
    parser.add_argument("--plans", type=int, default=300, help="plans saved in each pass (default 300)")
    parser.add_argument(
        "--passes", type=int, default=4, help="passes, each into a fresh database (default 4)"
    )
    args = parser.parse_args(argv)
    from benchmarks.read_cpu import figures_line

    mb, figures = passes(args.plans, args.passes)
    print(figures_line("save", args.plans, mb, figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
