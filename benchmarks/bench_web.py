"""Web dashboard benchmark: server time of the overview and tasks pages at 200,000 tasks.

The knowledge base is the bundled sample plan's tasks, replicated into 2,000 plans of 100 tasks each (one
issuer, 60 lead units, deadlines spread over 2025-2027, a mix of statuses), saved through storage.plans.save_plan.
Each page is requested in-process through the ASGI app (routing, session lookup, queries, template
rendering: everything but the network), as an admin (every task) and as a unit's leader.

Target (2 cores): p95 < 200 ms for every page. Prints p50 and p95 per page.

Run: .venv/bin/python -m benchmarks.bench_web [--tasks 200000] [--rounds 30] [--db FILE]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import warnings
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot import web_auth  # noqa: E402
from bot.clock import VN_TZ, FixedClock  # noqa: E402
from bot.config import Config  # noqa: E402
from bot.web_runtime import build_dashboard  # noqa: E402
from handlers.web.app import create_app  # noqa: E402
from knowledge.documents import read_document  # noqa: E402
from knowledge.models import Deadline, ParsedPlan, ParsedTask  # noqa: E402
from knowledge.plan_parser import parse_plan  # noqa: E402
from storage import people as people_db  # noqa: E402
from storage.db import open_db, transaction  # noqa: E402
from storage.plans import save_plan  # noqa: E402

SAMPLE = ROOT / "bot" / "data" / "sample_plan.txt"
TODAY = date(2026, 6, 15)
TARGET_MS = 200.0
UNITS = [f"Phòng Chuyên môn số {n}" for n in range(1, 61)]
STATUSES = ("not_started",) * 5 + ("in_progress",) * 3 + ("done",) * 3 + ("blocked",)


def build(db, total: int, per_plan: int = 100) -> None:
    """Save `total` tasks in plans of `per_plan`, replicating the sample plan's task texts."""
    texts = [t.content for t in parse_plan(read_document(SAMPLE), source_name=SAMPLE.name).tasks]
    rng = random.Random(57)
    for number in range(total // per_plan):
        tasks = []
        for position in range(per_plan):
            due = date(2025, 1, 1) + timedelta(days=rng.randrange(3 * 365))
            tasks.append(
                ParsedTask(
                    code=f"{position // 10 + 1}.{position % 10 + 1}",
                    content=f"{texts[(number + position) % len(texts)]} (đợt {number}-{position})",
                    lead=UNITS[rng.randrange(len(UNITS))],
                    deadline=Deadline("date", due, f"trước {due:%d/%m/%Y}")
                    if rng.random() > 0.1
                    else Deadline(),
                    position=position,
                )
            )
        # One issuer: one organization whose 60 units each lead ~3,300 tasks (the heaviest leader's view).
        plan = ParsedPlan(number=f"{number + 1}/KH-UBND", issuer="UBND tỉnh Bình An", tasks=tasks)
        save_plan(db, plan, source_file=f"plan-{number}.txt")
    # Statuses as weeks of updates would leave them (written directly: record_update is one
    # transaction per update, which would dominate the set-up, not the pages measured).
    ids = [r[0] for r in db.execute("SELECT id FROM tasks").fetchall()]
    with transaction(db):
        db.conn.executemany(
            "UPDATE tasks SET status = ?, percent = ? WHERE id = ?",
            [
                (s, 100 if s == "done" else rng.randrange(0, 90, 10), i)
                for i, s in ((i, rng.choice(STATUSES)) for i in ids)
            ],
        )


def _client(app):
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
        from starlette.testclient import TestClient
    return TestClient(app, follow_redirects=False)


def measure(client, url: str, rounds: int) -> tuple[float, float]:
    client.get(url)  # warm the page cache and the templates
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    times.sort()
    return statistics.median(times), times[max(0, int(round(0.95 * len(times))) - 1)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench_web", description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--db", help="build the knowledge base in this file, or reuse it if it exists")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(args.db or Path(folder) / "bench.db")
        reuse = path.exists()
        db = open_db(path)
        started = time.perf_counter()
        if not reuse:
            build(db, args.tasks)
        count = db.execute("SELECT COUNT(*) FROM tasks").fetchone()[0]
        print(f"knowledge base: {count} tasks in {time.perf_counter() - started:.1f} s")
        clock = FixedClock(datetime(TODAY.year, TODAY.month, TODAY.day, 9, tzinfo=VN_TZ))
        dashboard = build_dashboard(db, Config(web_port=8080), clock)
        unit = people_db.resolve_unit(db, UNITS[7])
        admin = people_db.get_person(db, people_db.add_person(db, name="Admin", role="admin"))
        leader = people_db.get_person(
            db, people_db.add_person(db, name="Leader", role="leader", unit_id=unit)
        )
        plan_id = db.execute("SELECT id FROM plans ORDER BY id DESC LIMIT 1").fetchone()[0]
        pages = [
            ("overview", "/"),
            ("tasks", "/tasks"),
            ("tasks, page 400", "/tasks?page=400"),
            ("tasks, overdue", "/tasks?status=overdue"),
            ("tasks, one unit, this month", f"/tasks?unit={unit}&window=month"),
            ("tasks, one plan", f"/tasks?plan={plan_id}"),
            ("tasks, search", "/tasks?q=s%E1%BB%91+h%C3%B3a+h%E1%BB%99+t%E1%BB%8Bch"),
        ]
        worst = 0.0
        print(f"{'page':38} {'who':7} {'p50 ms':>8} {'p95 ms':>8}")
        for who, person in (("admin", admin), ("leader", leader)):
            client = _client(create_app(dashboard))
            session = web_auth.start_session(db, person, clock.now(), via="link")
            client.cookies.set("planbot_session", session.token)
            for name, url in pages:
                p50, p95 = measure(client, url, args.rounds)
                worst = max(worst, p95)
                print(f"{name:38} {who:7} {p50:8.1f} {p95:8.1f}", flush=True)
        db.conn.close()
    verdict = "ok" if worst < TARGET_MS else "OVER TARGET"
    print(f"worst p95: {worst:.1f} ms (target < {TARGET_MS:.0f} ms): {verdict}")
    return 0 if worst < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
