"""OCR benchmark: a scanned plan (image-only PDF, 200 dpi, rotated 1°, speckled) against its text version.

The held-out clean plans (tests/data/plans_heldout/, never seen by the repair model) are rendered to pages
(benchmarks/ocr_material.py), saved as image-only PDFs and read the way `planbot ingest` reads a scan
(bot.ocr: pypdfium2 at 300 dpi, median filter, Tesseract `vie`, one thread), then parsed (and repaired
where the gate asks) like any plan. Prints, against the clean text parsed the same way: the parse figures
(tasks found, and for matched tasks the same lead, deadline kind and due date; plan number and date),
the median character error rate of task texts, and seconds per page.

Targets: every parse figure >= 0.9; median task CER <= 1%.

Run: .venv/bin/python -m benchmarks.bench_ocr [--plans N]
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

from benchmarks.bench_repair import CLEAN, cer, match  # noqa: E402
from benchmarks.ocr_material import render_pages  # noqa: E402
from knowledge.plan_parser import parse_plan  # noqa: E402
from knowledge.repair.plan import repair_plan  # noqa: E402

TARGET_FIGURE = 0.9
TARGET_CER = 0.01


def scan_pdf(text: str, path: Path, seed: int) -> int:
    pages = render_pages(text, dpi=200, scan=True, seed=seed)
    pages[0].save(path, save_all=True, append_images=pages[1:], resolution=200)
    return len(pages)


def main(argv: list[str] | None = None) -> int:
    from bot import ocr

    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_ocr", description=__doc__)
    parser.add_argument("--plans", type=int, default=None, help="only the first N held-out plans")
    args = parser.parse_args(argv)
    if not ocr.tesseract_ready():
        print(f"bench_ocr: Tesseract with Vietnamese is missing: apt-get install {ocr.PACKAGES}")
        return 1
    paths = sorted(CLEAN.glob("*.txt"))[: args.plans]
    found = expected = same_lead = same_kind = same_due = meta_ok = 0
    errors: list[float] = []
    pages_read, seconds = 0, 0.0
    with tempfile.TemporaryDirectory(prefix="planbot-bench-ocr-") as tmp:
        for seed, path in enumerate(paths):
            text = path.read_text(encoding="utf-8")
            clean = parse_plan(text, source_name=path.name)
            pdf = Path(tmp) / f"{path.stem}.pdf"
            pages = scan_pdf(text, pdf, seed)
            started = time.perf_counter()
            read_text = ocr.ocr_document(pdf)
            seconds += time.perf_counter() - started
            pages_read += pages
            read = parse_plan(read_text, source_name=path.name)
            repair_plan(read, read_text)
            pairs = match(clean.tasks, read.tasks)
            expected += len(clean.tasks)
            found += len(pairs)
            for reference, task in pairs:
                same_lead += reference.lead == task.lead
                same_kind += reference.deadline.kind == task.deadline.kind
                same_due += reference.deadline.due == task.deadline.due
                errors.append(cer(reference.content, task.content))
            meta_ok += (read.number == clean.number) + (read.issued_on == clean.issued_on)
    matched = max(len(errors), 1)
    figures = {
        "tasks found": found / max(expected, 1),
        "same lead": same_lead / matched,
        "same deadline kind": same_kind / matched,
        "same due date": same_due / matched,
        "plan number and date": meta_ok / max(2 * len(paths), 1),
    }
    for name, value in figures.items():
        print(
            f"  {name}: {value:.2f} (target >= {TARGET_FIGURE}) {'ok' if value >= TARGET_FIGURE else 'BELOW'}"
        )
    median = statistics.median(errors) if errors else 1.0
    print(
        f"scanned plans: {len(paths)} plans, {pages_read} pages, {expected} tasks; task text CER median "
        f"{median:.1%}, mean {statistics.mean(errors) if errors else 1:.1%} (target median <= {TARGET_CER:.0%}) "
        f"{'ok' if median <= TARGET_CER else 'ABOVE TARGET'}"
    )
    print(
        f"  {seconds / max(pages_read, 1):.1f} s per page (rasterise + median filter + Tesseract vie, 1 thread)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
