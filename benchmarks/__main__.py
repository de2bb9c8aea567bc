"""Run every benchmark module (benchmarks/bench_*.py) in turn: `python -m benchmarks [--only NAME]`.

Each module's `main(argv)` runs with its own defaults; a failing benchmark is reported and the others
still run; the exit code is 1 if any failed.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def benchmark_modules() -> list[str]:
    return sorted(p.stem for p in HERE.glob("bench_*.py"))


def run_one(name: str) -> bool:
    module = importlib.import_module(f"benchmarks.{name}")
    entry = getattr(module, "main", None)
    if entry is None:
        print(f"[{name}] has no main(): skipped", file=sys.stderr)
        return False
    # Benchmarks parse their own options; give them none so their defaults apply.
    params = inspect.signature(entry).parameters
    result = entry([]) if params else entry()
    return result in (None, 0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--only", action="append", help="run only this benchmark (e.g. bench_ingest)")
    args = parser.parse_args(argv)
    names = args.only or benchmark_modules()
    failed = []
    for name in names:
        print(f"== {name}", flush=True)
        started = time.perf_counter()
        try:
            ok = run_one(name)
        except SystemExit as exc:
            ok = exc.code in (None, 0)
        except Exception:
            traceback.print_exc()
            ok = False
        print(f"== {name}: {'ok' if ok else 'FAILED'} in {time.perf_counter() - started:.1f} s", flush=True)
        if not ok:
            failed.append(name)
    if failed:
        print("failed: " + ", ".join(failed), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
