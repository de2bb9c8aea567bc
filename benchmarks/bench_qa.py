"""Question-answering benchmark: per-question latency in-process at 2k, 20k and 200k tasks, peak memory.

The knowledge base is the five seed plans (../shared/seeds, else the bundled sample plan) replicated as
distinct plans of 3,000+ communes (each commune issues two of the plans), written with bulk inserts of
the parsed plans through storage.plans.save_plans (the same rows, units and FTS5 index as an ingest).
Questions are the dev questions plus the question kinds of the issue, asked through Assistant.ask.

Targets (2 cores): p99 < 50 ms, peak memory < 500 MB, latency growing far slower than the task count.

Run: .venv/bin/python -m benchmarks.bench_qa [--sizes 2000,20000,200000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.assistant import Assistant, asker_for_unit  # noqa: E402
from knowledge.fold import fold_words  # noqa: E402
from knowledge.plan_parser import parse_plan  # noqa: E402
from storage.db import open_db  # noqa: E402
from storage.plans import prepare_plan, save_plans  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"
QA_DEV = ROOT.parent / "shared" / "eval" / "qa_dev.json"
EXTRA_QUESTIONS = [
    ("Phòng Kinh tế có nhiệm vụ gì?", None),
    ("phong kinh te lam gi", None),
    ("việc của Trung tâm Phục vụ hành chính công", None),
    ("nhiệm vụ của tôi", "Phòng Kinh tế"),
    ("việc của tôi tháng này", "Phòng Văn hóa – Xã hội"),
    ("việc nào quá hạn?", None),
    ("trong 30 ngày tới có việc gì", None),
    ("quý 4 có những nhiệm vụ nào", None),
    ("ai chủ trì làm sạch dữ liệu hộ tịch?", None),
    ("hạn chót KIOSK y tế thông minh", None),
    ("sổ sức khỏe điện tử khi nào xong", None),
    ("nhiệm vụ về 5G", None),
    ("dat dai", None),
    ("kế hoạch 47a ban hành ngày nào", None),
    ("kế hoạch 5749 thay thế kế hoạch nào", None),
    ("báo cáo hằng tháng vào ngày nào", None),
    ("tỷ lệ phủ sóng 5G năm 2030", None),
    ("phòng kinh tế có việc gì tháng 10", None),
    ("ai chu tri so hoa ho tich", None),
    ("blockchain lượng tử", None),
]


def load_plans():
    paths = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else [ROOT / "bot" / "data" / "sample_plan.txt"]
    return [parse_plan(p.read_text(encoding="utf-8"), source_name=p.name) for p in paths]


def questions():
    out = []
    today = date(2025, 8, 1)
    if QA_DEV.is_file():
        data = json.loads(QA_DEV.read_text(encoding="utf-8"))
        default = date.fromisoformat(data["default_today"])
        for q in data["questions"]:
            out.append((q["q"], q.get("unit"), date.fromisoformat(q["today"]) if "today" in q else default))
    out += [(text, unit, today) for text, unit in EXTRA_QUESTIONS]
    return out


class Builder:
    """Writes the replicated plans through storage.plans (two plans per commune, one transaction each)."""

    def __init__(self, db, plans):
        self.db = db
        self.plans = plans
        self.prepared = [prepare_plan(parsed) for parsed in plans]  # the same for every copy of a plan
        self.commune = 0

    def add_commune(self) -> int:
        """Two plans for the next commune; returns the number of tasks written."""
        i = self.commune
        self.commune += 1
        copies = []
        for k in (i % len(self.plans), (i + 2) % len(self.plans)):
            parsed, prepared = self.plans[k], self.prepared[k]
            issuer = f"{parsed.issuer or 'UBND'} #{i}"
            number = parsed.number or f"{i}/KH"
            copy = replace(parsed, issuer=issuer, number=number)
            keys = replace(prepared, number_key=fold_words(number), issuer_key=fold_words(issuer))
            copies.append((copy, None, keys))
        # Every copy is new; copies differ by issuer only by the commune's number, which the
        # OCR-tolerant issuer match would take for one body, so none is looked for.
        return sum(result.tasks for result in save_plans(self.db, copies, all_new=True))


def percentile(values, pct):
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1))))
    return ordered[k]


def scoped_askers(db, assistant, qs, orgs: int) -> dict:
    """With --orgs: each unit's asker stands for a person of one of the first `orgs` organizations (every
    copied commune is one: its issuer names it), so every answer is held to that organization."""
    from bot.scope import org_scope
    from storage import orgs as orgs_db
    from storage import tasks as store

    ids = [o.id for o in orgs_db.list_orgs(db)][:orgs]
    askers = {}
    for n, (_, unit, _) in enumerate(qs):
        if unit in askers or not ids:
            continue
        asker = asker_for_unit(assistant, unit)
        org_id = ids[n % len(ids)]
        if asker.unit_id is not None:
            asker.unit_id = store.same_units(db, asker.unit_id, (org_id,))[0]
        asker.scope = org_scope(db, org_id, unit_id=asker.unit_id)
        askers[unit] = asker
    return askers


def measure(db, qs, rounds: int, orgs: int = 0) -> tuple[list[float], list[tuple[float, str]]]:
    assistant = Assistant(db)
    askers = scoped_askers(db, assistant, qs, orgs) if orgs else {}
    timings: list[float] = []
    worst: list[tuple[float, str]] = []
    for text, unit, today in qs:  # warm caches (unit matcher, index vocabulary) once, as a running bot would
        askers.setdefault(unit, asker_for_unit(assistant, unit))
        assistant.ask(text, askers[unit], today=today)
    for _ in range(rounds):
        for text, unit, today in qs:
            start = time.perf_counter()
            answer = assistant.ask(text, askers[unit], today=today)
            elapsed = (time.perf_counter() - start) * 1000
            assert answer.replies
            timings.append(elapsed)
            worst.append((elapsed, text))
    worst.sort(reverse=True)
    return timings, worst[:3]


def measure_plain_scan(db, qs, rounds: int) -> list[float]:
    """The peer: a plain rapidfuzz scan of every task's folded text for each question (top 10)."""
    from rapidfuzz import fuzz, process

    texts = [row[0] or "" for row in db.execute("SELECT content_folded FROM tasks")]
    timings = []
    for _ in range(rounds):
        for text, _unit, _today in qs:
            start = time.perf_counter()
            process.extract(fold_words(text), texts, scorer=fuzz.token_set_ratio, limit=10)
            timings.append((time.perf_counter() - start) * 1000)
    return timings


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000,20000,200000")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--db", default=None, help="database file (default: a temporary file)")
    parser.add_argument(
        "--orgs", type=int, default=0, help="ask as people of up to N organizations (scoped answers)"
    )
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    plans = load_plans()
    qs = questions()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or str(Path(tmp) / "bench_qa.db")
        db = open_db(path)
        builder = Builder(db, plans)
        total = 0
        print(f"{len(plans)} plans, {len(qs)} questions x {args.rounds} rounds")
        print(
            f"{'tasks':>8} {'communes':>8} {'build s':>8} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'peak MB':>8}"
        )
        for size in sizes:
            start = time.perf_counter()
            while total < size:
                total += builder.add_commune()
            db.execute("ANALYZE")
            built = time.perf_counter() - start
            timings, worst = measure(db, qs, args.rounds, args.orgs)
            if args.orgs:
                count = db.execute("SELECT count(*) FROM orgs").fetchone()[0]
                print(f"         scoped to organizations ({count} in the database)", flush=True)
            print(
                f"{total:>8} {builder.commune:>8} {built:>8.1f} {statistics.median(timings):>8.2f} "
                f"{percentile(timings, 99):>8.2f} {max(timings):>8.2f} {peak_mb():>8.0f}",
                flush=True,
            )
            print(
                "         slowest: " + "; ".join(f"{ms:.1f} ms {text[:40]!r}" for ms, text in worst),
                flush=True,
            )
            scan = measure_plain_scan(db, qs, 1)
            print(
                f"         plain rapidfuzz scan of every task: p50 {statistics.median(scan):.2f} ms, "
                f"p99 {percentile(scan, 99):.2f} ms; planbot is {statistics.median(scan) / statistics.median(timings):.0f}x "
                f"faster at p50, {percentile(scan, 99) / percentile(timings, 99):.0f}x at p99",
                flush=True,
            )
        db.conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
