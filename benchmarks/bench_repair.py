"""Repair benchmark: how readable OCR-damaged plans become, and how fast.

Material (made the way the seeds were made, see benchmarks/ocr_material.py): clean plans written for this
project that the model never saw (tests/data/plans_heldout/), rendered to pages and read back by Tesseract
with `-l eng` (realistic damage) and `-l vie` (a good scan's text), in tests/data/plans_heldout_ocr/.

Each version is parsed like `planbot ingest` does (parse as read, then repair); each task's text is compared
with the same task of the clean plan (matched by code, else by the most similar text). Prints the median and
mean character error rate (CER) of task texts before repair (`original`) and after (`content`), the share of
clean and `-l vie` tasks changed by the repair (target 0), the seeds' share of words with Vietnamese marks
before/after, and repair speed (cold: first sight of every word and window; warm: known ones).

Targets: median task CER after repair <= 3% on damaged plans; clean plans unchanged (median 0%).

Run: .venv/bin/python -m benchmarks.bench_repair
"""

from __future__ import annotations

import re
import statistics
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz  # noqa: E402
from rapidfuzz.distance import Levenshtein  # noqa: E402

from knowledge.fold import fold_words  # noqa: E402
from knowledge.plan_parser import parse_plan  # noqa: E402
from knowledge.repair import repair as repair_module  # noqa: E402
from knowledge.repair.plan import repair_plan  # noqa: E402
from knowledge.repair.repair import Repairer, gate_figures  # noqa: E402

CLEAN = ROOT / "tests" / "data" / "plans_heldout"
OCR = ROOT / "tests" / "data" / "plans_heldout_ocr"
SEEDS = ROOT.parent / "shared" / "seeds"
TARGET_CER = 0.03


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text or "")).strip()


def cer(reference: str, text: str) -> float:
    reference, text = normalise(reference), normalise(text)
    return Levenshtein.distance(reference, text) / max(len(reference), 1)


def parsed(text: str, name: str):
    plan = parse_plan(text, source_name=name)
    repair_plan(plan, text)
    return plan


def match(clean_tasks, tasks):
    """Pairs (clean task, task): same code first, else the most similar folded text (>= 60)."""
    pairs = []
    left = list(clean_tasks)
    for task in tasks:
        same = [c for c in left if c.code and c.code == task.code]
        if not same:
            folded = fold_words(task.original or task.content)
            scored = [(fuzz.ratio(fold_words(c.content), folded), c) for c in left]
            scored = [s for s in scored if s[0] >= 60]
            same = [max(scored, key=lambda s: s[0])[1]] if scored else []
        if same:
            pairs.append((same[0], task))
            left.remove(same[0])
    return pairs


def task_figures(kind: str) -> tuple[list[float], list[float], int]:
    """(CER before, CER after, tasks not matched) over the held-out plans read with `kind` (eng | vie)."""
    before, after, unmatched = [], [], 0
    for clean_path in sorted(CLEAN.glob("*.txt")):
        ocr_path = OCR / f"{clean_path.stem}.{kind}.txt"
        if not ocr_path.exists():
            continue
        clean = parse_plan(clean_path.read_text(encoding="utf-8"), source_name=clean_path.name)
        read = parsed(ocr_path.read_text(encoding="utf-8"), ocr_path.name)
        pairs = match(clean.tasks, read.tasks)
        unmatched += len(clean.tasks) - len(pairs)
        for reference, task in pairs:
            before.append(cer(reference.content, task.original or task.content))
            after.append(cer(reference.content, task.content))
    return before, after, unmatched


def clean_changed() -> tuple[int, int]:
    """(tasks changed by repair, tasks) over the clean plans: the gate must leave them alone."""
    changed = total = 0
    for path in sorted(CLEAN.glob("*.txt")) + sorted((ROOT / "corpus" / "plans").glob("*.txt")):
        plan = parsed(path.read_text(encoding="utf-8"), path.name)
        total += len(plan.tasks)
        changed += sum(1 for t in plan.tasks if t.original is not None)
    return changed, total


def seed_marks() -> list[tuple[str, float, float, float]]:
    rows = []
    for path in sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []:
        text = path.read_text(encoding="utf-8")
        repaired = Repairer(text).repair(text)
        _, marked_before, invalid_before = gate_figures(text)
        _, marked_after, _ = gate_figures(repaired)
        rows.append((path.name[:3], marked_before, marked_after, invalid_before))
    return rows


def speed() -> tuple[float, float, int]:
    """(cold kB/s, warm kB/s, bytes) of repairing the damaged texts (seeds, else the held-out eng pages).

    Cold: every memo emptied, so each word and window is met for the first time (text never seen);
    warm: the same texts again, words and windows known (a text itself is never cached)."""
    paths = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else sorted(OCR.glob("*.eng.txt"))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    size = sum(len(t.encode("utf-8")) for t in texts)
    repairers = [Repairer(t) for t in texts]
    for memo in (
        repair_module._candidate_cache,
        repair_module._window_memo,
        repair_module._word_pieces,
        repair_module._tokens,
        repair_module._joins,
    ):
        memo.clear()
    started = time.perf_counter()
    for repairer, text in zip(repairers, texts, strict=True):
        repairer.repair(text)
    cold = time.perf_counter() - started
    repairers = [Repairer(t) for t in texts]  # fresh ones: a repairer repairs a text once per document
    started = time.perf_counter()
    for repairer, text in zip(repairers, texts, strict=True):
        repairer.repair(text)
    warm = time.perf_counter() - started
    return size / 1e3 / cold, size / 1e3 / warm, size


def describe(values: list[float]) -> str:
    if not values:
        return "no tasks"
    return f"median {statistics.median(values):.1%}, mean {statistics.mean(values):.1%} ({len(values)} tasks)"


def main(argv: list[str] | None = None) -> int:
    before, after, unmatched = task_figures("eng")
    ok = bool(after) and statistics.median(after) <= TARGET_CER
    print(f"damaged (-l eng) task text CER before repair: {describe(before)}")
    print(
        f"damaged (-l eng) task text CER after repair:  {describe(after)} "
        f"(target median <= {TARGET_CER:.0%}) {'ok' if ok else 'ABOVE TARGET'}; {unmatched} tasks not matched"
    )
    vie_before, vie_after, _ = task_figures("vie")
    print(
        f"scan text (-l vie) task CER as read: {describe(vie_before)}; after the gate: {describe(vie_after)}"
    )
    changed, total = clean_changed()
    print(
        f"clean plans: {changed} of {total} tasks changed by repair (target 0) {'ok' if not changed else 'CHANGED'}"
    )
    for name, marked_before, marked_after, invalid in seed_marks():
        print(
            f"seed {name}: words with Vietnamese marks {marked_before:.0%} -> {marked_after:.0%} "
            f"(not syllables as read: {invalid:.0%})"
        )
    cold, warm, size = speed()
    print(
        f"repair speed over {size / 1e3:.0f} kB: {cold:.0f} kB/s cold, {warm:.0f} kB/s warm (known words and windows)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
