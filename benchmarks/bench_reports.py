"""Reports benchmark.

1. A commune (~100 tasks, 8 units, 3 plans, an update with a note on most tasks): the monthly report draft
   (.docx) and the tracker (.xlsx). Prints each time (target < 2 s each).
2. 200,000 tasks (200 plans, 60 units, 100,000 status updates): the tracker streamed to a file with the
   write-only workbook, in a child process so that its peak memory is its own. Prints the time
   (target < 60 s; also its CPU time, the figure to trust on a busy machine) and the child's peak RSS
   (target < 500 MB).

Run: .venv/bin/python -m benchmarks.bench_reports [--tasks N] [--skip-large]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from storage.db import open_db  # noqa: E402

AS_OF = date(2025, 9, 2)
WORDS = [
    "Triển",
    "khai",
    "số",
    "hóa",
    "hồ",
    "sơ",
    "hộ",
    "tịch,",
    "đất",
    "đai;",
    "xây",
    "dựng",
    "cơ",
    "sở",
    "dữ",
    "liệu",
    "dùng",
    "chung;",
    "tuyên",
    "truyền",
    "kỹ",
    "năng",
    "số",
    "cho",
    "người",
    "dân;",
    "lắp",
    "đặt",
    "wifi",
    "công",
    "cộng",
    "tại",
    "nhà",
    "văn",
    "hóa",
    "thôn;",
    "thanh",
    "toán",
    "không",
    "dùng",
    "tiền",
    "mặt",
    "tại",
    "chợ;",
    "phổ",
    "cập",
    "chữ",
    "ký",
    "số",
    "cho",
    "cán",
    "bộ,",
    "công",
    "chức;",
    "vận",
    "hành",
    "hệ",
    "thống",
    "thông",
    "tin",
    "giải",
    "quyết",
    "thủ",
    "tục",
    "hành",
    "chính",
]
STATUSES = ("not_started", "in_progress", "done", "blocked")


def build_db(path: Path, *, plans: int, tasks_per_plan: int, units: int, updates: int, seed: int = 7) -> None:
    """A knowledge base of `plans` × `tasks_per_plan` tasks, written with executemany (fast, realistic shape:
    Vietnamese text, sections, leads, coordinators, deadlines around the report date, notes, evidence)."""
    rng = random.Random(seed)
    db = open_db(path)
    conn = db.conn
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO units (id, name, folded) VALUES (?, ?, ?)",
        [(u, f"Phòng chuyên môn số {u}", f"phong chuyen mon so {u}") for u in range(1, units + 1)],
    )
    conn.executemany(
        "INSERT INTO plans (id, number, number_key, issuer, issuer_key, issued_on, title, ingested_at) "
        "VALUES (?, ?, ?, 'UBND xã An Phú', 'ubnd xa an phu', '2025-07-11', ?, '2025-07-11')",
        [(p, f"{p}/KH-UBND", f"{p} kh ubnd", f"Kế hoạch chuyển đổi số số {p}") for p in range(1, plans + 1)],
    )
    task_rows, unit_rows = [], []
    task_id = 0
    for plan in range(1, plans + 1):
        for position in range(tasks_per_plan):
            task_id += 1
            lead = rng.randint(1, units)
            support = rng.randint(1, units)
            due = AS_OF + timedelta(days=rng.randint(-120, 240)) if rng.random() < 0.9 else None
            status = rng.choice(STATUSES)
            content = " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 30)))
            task_rows.append(
                (
                    task_id,
                    plan,
                    f"k{position}",
                    f"{position // 10 + 1}.{position % 10 + 1}",
                    content,
                    content.lower(),
                    lead,
                    json.dumps([f"Phòng chuyên môn số {support}"], ensure_ascii=False),
                    "date" if due else "none",
                    due.isoformat() if due else None,
                    f"trước {due:%d/%m/%Y}" if due else "thường xuyên",
                    f"{['I', 'II', 'III'][position % 3]}. NHÓM NHIỆM VỤ {position % 3 + 1}",
                    position,
                    status,
                    100 if status == "done" else rng.choice((0, 20, 50, 80)),
                )
            )
            unit_rows += (
                [(task_id, lead, "lead"), (task_id, support, "support")]
                if support != lead
                else [(task_id, lead, "lead")]
            )
    conn.executemany(
        "INSERT INTO tasks (id, plan_id, task_key, code, content, content_folded, lead_unit_id, support, "
        "deadline_kind, due_date, deadline_text, section, position, status, percent) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        task_rows,
    )
    conn.executemany("INSERT INTO task_units (task_id, unit_id, role) VALUES (?, ?, ?)", unit_rows)
    conn.execute(
        "INSERT INTO people (id, name, unit_id, role, created_at) VALUES (1, 'Cán bộ', 1, 'leader', 'x')"
    )
    conn.executemany(
        "INSERT INTO status_updates (task_id, person_id, status, percent, note, evidence_kind, evidence_ref, "
        "channel, created_at) VALUES (?, 1, 'in_progress', 50, ?, ?, ?, 'telegram', ?)",
        [
            (
                rng.randint(1, task_id),
                "Đang phối hợp với các thôn triển khai, dự kiến hoàn thành đúng hạn",
                "document" if i % 3 == 0 else None,
                f"BQACAgIAAxkBAAI{i}" if i % 3 == 0 else None,
                f"2025-08-{rng.randint(1, 31):02d}T09:00:00+00:00",
            )
            for i in range(updates)
        ],
    )
    conn.execute("COMMIT")
    conn.close()


def commune(tmp: Path) -> dict:
    from bot.reports.docx_report import report_bytes
    from bot.reports.periods import parse_period
    from bot.reports.xlsx_tracker import tracker_bytes
    from storage.reports import Scope

    path = tmp / "commune.db"
    build_db(path, plans=3, tasks_per_plan=34, units=8, updates=80)
    db = open_db(path)
    started, cpu = time.perf_counter(), time.process_time()
    report = report_bytes(db, Scope(), parse_period("2025-08"), AS_OF)
    report_s, report_cpu = time.perf_counter() - started, time.process_time() - cpu
    started, cpu = time.perf_counter(), time.process_time()
    tracker = tracker_bytes(db, Scope(), AS_OF)
    tracker_s, tracker_cpu = time.perf_counter() - started, time.process_time() - cpu
    tasks = db.execute("SELECT count(*) FROM tasks").fetchone()[0]
    db.conn.close()
    return {
        "tasks": tasks,
        "report_s": report_s,
        "report_cpu": report_cpu,
        "tracker_cpu": tracker_cpu,
        "report_kb": len(report) // 1024,
        "tracker_s": tracker_s,
        "tracker_kb": len(tracker) // 1024,
    }


_CHILD = """
import sys, time, resource, json
sys.path.insert(0, {root!r})
from datetime import date
from storage.db import open_db
from storage.reports import Scope
from bot.reports.xlsx_tracker import write_tracker
db = open_db({db!r})
started, cpu = time.perf_counter(), time.process_time()
counts = write_tracker(db, Scope(), date.fromisoformat({as_of!r}), {out!r})
elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(dict(counts, seconds=elapsed, cpu_seconds=cpu, peak_mb=peak)))
"""


def large(tmp: Path, tasks: int, db: Path | None = None) -> dict:
    path = db or tmp / "large.db"
    started = time.perf_counter()
    if not path.exists():
        plans = max(1, tasks // 1000)
        build_db(path, plans=plans, tasks_per_plan=tasks // plans, units=60, updates=tasks // 2)
    build_s = time.perf_counter() - started
    out = tmp / "tracker.xlsx"
    code = _CHILD.format(root=str(ROOT), db=str(path), as_of=AS_OF.isoformat(), out=str(out))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    children_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return dict(figures, build_s=build_s, file_mb=out.stat().st_size / 1e6, children_peak_mb=children_peak)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--tasks", type=int, default=200_000, help="tasks in the large tracker (default 200,000)"
    )
    parser.add_argument("--skip-large", action="store_true")
    parser.add_argument(
        "--db", type=Path, default=None, help="keep the large database here (built if missing)"
    )
    args = parser.parse_args(argv)
    ok = True
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        small = commune(tmp)
        print(
            f"commune: {small['tasks']} tasks (first run in a fresh process); monthly report "
            f"{small['report_s']:.2f} s ({small['report_cpu']:.2f} s of CPU, {small['report_kb']} KB), tracker "
            f"{small['tracker_s']:.2f} s ({small['tracker_cpu']:.2f} s of CPU, {small['tracker_kb']} KB)  "
            "[target < 2 s each]"
        )
        ok &= small["report_s"] < 2 and small["tracker_s"] < 2
        if not args.skip_large:
            big = large(tmp, args.tasks, args.db)
            print(
                f"tracker: {big['tasks']:,} tasks in {big['sheets']} sheets, {big['overdue']:,} overdue; "
                f"{big['seconds']:.1f} s ({big['cpu_seconds']:.1f} s of CPU), peak RSS {big['peak_mb']:.0f} MB, "
                f"file {big['file_mb']:.1f} MB "
                f"[target < 60 s, < 500 MB] (database ready in {big['build_s']:.1f} s)"
            )
            ok &= big["seconds"] < 60 and big["peak_mb"] < 500
    if not ok:
        print("a target was missed", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
