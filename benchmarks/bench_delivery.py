"""Delivery benchmark.

1. Broadcast to 10,000 recipients through the real OutboxSender + TelegramSender (PTB Bot) against a fake
   Bot API server on 127.0.0.1 that enforces 30 messages/s with 429 retry_after. Prints achieved
   messages/s (target ≥ 24/s, the sender paces at 25/s), duplicates (target 0) and lost (target 0).
   Takes ~7 minutes at 25/s; `--recipients` shortens it.
2. Plan reminders for 200,000 tasks and 20,000 people in one tick (plan + claim in the ledger + queue
   the digests). Prints the time (target < 2 s) and peak memory (tracemalloc, a separate run).
   With `--orgs N`: a province instead (benchmarks/province.py): a city with N communes under it, each
   with its own plan, units of the same names, a reporting duty and people; city plans whose tasks fall
   on every commune (each commune's own status). Built through storage's own functions. The tick is
   timed (median of `--repeat` runs over copies of the same database) and its digests are checked for
   scope: nobody is reminded of another commune's task.

Run: .venv/bin/python -m benchmarks.bench_delivery [--recipients N] [--skip-broadcast] [--skip-reminders]
     .venv/bin/python -m benchmarks.bench_delivery --skip-broadcast --orgs 3000 [--tasks N] [--people N]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.clock import VN_TZ, Clock  # noqa: E402
from bot.outbox_sender import OutboxSender  # noqa: E402
from bot.reminders import ReminderPolicy, TickResult, plan_tick, run_tick  # noqa: E402
from storage.db import open_db  # noqa: E402
from storage.outbox import create_broadcast  # noqa: E402


def _add_people(db, count: int, *, units: int = 0) -> None:
    rows = []
    for pid in range(1, count + 1):
        unit = (pid % units) + 1 if units else None
        role = "admin" if pid <= 3 else ("leader" if units and pid % 50 == 0 else "member")
        rows.append((pid, f"Người {pid}", unit, role, "x"))
    db.conn.executemany(
        "INSERT INTO people (id, name, unit_id, role, created_at) VALUES (?, ?, ?, ?, ?)", rows
    )
    db.conn.executemany(
        "INSERT INTO identities (channel, external_id, person_id, chat_id) VALUES ('telegram', ?, ?, ?)",
        [(str(pid), pid, str(pid)) for pid in range(1, count + 1)],
    )


# --- 1. broadcast -----------------------------------------------------------------------------------


async def _broadcast(recipients: int, rate: float, server_limit: int) -> dict:
    from telegram import Bot
    from telegram.request import HTTPXRequest

    from handlers.telegram_sender import TelegramSender
    from tests.fake_bot_api import FakeBotAPI

    with tempfile.TemporaryDirectory() as tmp:
        db = open_db(Path(tmp) / "bench.db")
        db.execute("BEGIN")
        _add_people(db, recipients)
        db.execute("COMMIT")
        create_broadcast(
            db, created_by=1, text="📢 <b>Thông báo</b>\n\nHọp giao ban", audience={"kind": "all"}
        )
        api = FakeBotAPI(max_per_second=server_limit, retry_after=1).start()
        try:
            bot = Bot(
                api.token,
                base_url=f"{api.base_url}/bot",
                request=HTTPXRequest(connection_pool_size=12, read_timeout=15),
            )
            sender = OutboxSender(db, [TelegramSender(bot, max_per_second=rate)], Clock(), max_in_flight=8)
            started = time.monotonic()
            last_print = started
            async with bot:
                while db.execute(
                    "SELECT 1 FROM outbox WHERE state IN ('pending', 'sending') LIMIT 1"
                ).fetchone():
                    if not await sender.drain_once():
                        await asyncio.sleep(0.1)
                    if time.monotonic() - last_print > 30:
                        last_print = time.monotonic()
                        print(f"  … {len(api.sent_order)} accepted", flush=True)
                await sender.drain_once()  # the delivery report
            elapsed = time.monotonic() - started
            with api.cond:
                # The admin (chat 1) is also a recipient and gets the delivery report too: count notices only.
                notices = [
                    key
                    for key in api.sent_order
                    if "Báo cáo gửi" not in (api.messages[key].get("text") or "")
                ]
                received = Counter(chat for chat, _ in notices)
                times = sorted(api.messages[key]["at"] for key in notices)
            accepted = [received[str(i)] for i in range(1, recipients + 1)]
            first, last = times[0], times[-1]
            return {
                "recipients": recipients,
                "elapsed_s": round(elapsed, 1),
                "msg_per_s": round((sum(accepted) - 1) / (last - first), 2) if last > first else None,
                "duplicates": sum(n - 1 for n in accepted if n > 1),
                "lost": sum(1 for n in accepted if n == 0),
                "http_429": api.rejected_429,
                "sender_stats": dict(sender.stats),
                "report_sent": any("Báo cáo gửi thông báo" in text for text in api.texts("1")),
            }
        finally:
            api.stop()


# --- 2. reminder tick -------------------------------------------------------------------------------


def _build_reminder_db(path: Path, tasks: int, people: int, today: date):
    rng = random.Random(57)
    db = open_db(path)
    units = max(people // 50, 1)
    db.execute("BEGIN")
    db.conn.executemany(
        "INSERT INTO units (id, name, folded) VALUES (?, ?, ?)",
        [(u, f"Phòng {u}", f"phong {u}") for u in range(1, units + 1)],
    )
    _add_people(db, people, units=units)
    plans = 20
    db.conn.executemany(
        "INSERT INTO plans (id, number, number_key, issuer_key, ingested_at) VALUES (?, ?, ?, '', 'x')",
        [(p, f"{p}/KH-UBND", f"{p}/kh-ubnd") for p in range(1, plans + 1)],
    )
    # The FTS triggers would dominate the load time and play no part in a tick.
    for (name,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'tasks'"
    ).fetchall():
        db.execute(f"DROP TRIGGER {name}")
    rows, assignments = [], []
    for tid in range(1, tasks + 1):
        roll = rng.random()
        kind = "date" if roll < 0.8 else ("month" if roll < 0.9 else "recurring")
        due = None if kind == "recurring" else (today + timedelta(days=rng.randint(-200, 400))).isoformat()
        status = "done" if rng.random() < 0.15 else "not_started"
        unit = rng.randint(1, units)
        rows.append(
            (
                tid,
                (tid % plans) + 1,
                f"k{tid}",
                f"{tid % 50}.{tid % 7}",
                f"Nhiệm vụ {tid}",
                f"nhiem vu {tid}",
                unit,
                kind,
                due,
                status,
                tid,
            )
        )
        if rng.random() < 0.5:
            assignments.append((tid, ((unit - 1) + units * rng.randint(0, people // units - 1)) % people + 1))
    db.conn.executemany(
        "INSERT INTO tasks (id, plan_id, task_key, code, content, content_folded, lead_unit_id, deadline_kind, "
        "due_date, status, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    db.conn.executemany(
        "INSERT OR IGNORE INTO assignments (task_id, person_id, assigned_at) VALUES (?, ?, 'x')", assignments
    )
    db.conn.executemany(
        "INSERT INTO duties (plan_id, text, reporter_unit_id, frequency, day) VALUES (?, 'Báo cáo', ?, 'monthly', ?)",
        [((i % plans) + 1, rng.randint(1, units), rng.randint(1, 28)) for i in range(60)],
    )
    db.conn.executemany(
        "INSERT OR IGNORE INTO mutes (person_id, task_id) VALUES (?, ?)",
        [(rng.randint(1, people), rng.randint(1, tasks)) for _ in range(1000)],
    )
    db.execute("COMMIT")
    db.execute("ANALYZE")
    return db


def _reminders(tasks: int, people: int) -> dict:
    now = datetime(2026, 11, 23, 8, 0, tzinfo=VN_TZ)  # a working Monday: the weekly overdue digest is due too
    policy = ReminderPolicy()
    with tempfile.TemporaryDirectory() as tmp:
        build_started = time.perf_counter()
        db = _build_reminder_db(Path(tmp) / "rem.db", tasks, people, now.date())
        built = time.perf_counter() - build_started
        db.execute("VACUUM INTO ?", [str(Path(tmp) / "copy.db")])  # same data for the memory run
        started = time.perf_counter()
        planned = plan_tick(db, now, policy)
        plan_only = time.perf_counter() - started
        started = time.perf_counter()
        result = run_tick(db, now, policy)
        tick = time.perf_counter() - started
        started = time.perf_counter()
        again = run_tick(db, now + timedelta(minutes=1), policy)
        next_tick = time.perf_counter() - started
        db.conn.close()

        db = open_db(Path(tmp) / "copy.db")
        tracemalloc.start()
        run_tick(db, now, policy)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        db.conn.close()
    return {
        "tasks": tasks,
        "people": people,
        "build_db_s": round(built, 1),
        "plan_only_s": round(plan_only, 3),
        "tick_s": round(tick, 3),
        "digests": result.digests,
        "reminders": result.reminders,
        "queued_rows": result.queued_rows,
        "planned_people": len(planned),
        "next_minute_tick_s": round(next_tick, 3),
        "next_minute_digests": again.digests,
        "peak_python_mb": round(peak / 1e6, 1),
    }


def _province_reminders(tasks: int, people: int, orgs: int, repeat: int) -> dict:
    from benchmarks.province import build_province
    from bot.reminders import ReminderPlanner, TickMoment
    from bot.reminders.calendar import WorkCalendar

    now = datetime(2026, 11, 23, 8, 0, tzinfo=VN_TZ)  # a working Monday: the weekly digests are due too
    policy = ReminderPolicy()
    with tempfile.TemporaryDirectory() as tmp:
        build_started = time.perf_counter()
        db = open_db(Path(tmp) / "province.db")
        province = build_province(db, orgs=orgs, tasks=tasks, people=people, today=now.date())
        db.execute("ANALYZE")
        built = time.perf_counter() - build_started
        db.execute("VACUUM INTO ?", [str(Path(tmp) / "copy.db")])
        db.conn.close()

        # Where the time goes: each kind of reminder alone (planning only, nothing written).
        db = open_db(Path(tmp) / "copy.db")
        planner = ReminderPlanner(db, TickMoment.at(now, policy, WorkCalendar(policy)))
        kinds = {}
        for kind in ("task_deadlines", "overdue_digests", "escalations", "reporting_duties"):
            started = time.perf_counter()
            getattr(planner, f"plan_{kind}")()
            kinds[kind] = round(time.perf_counter() - started, 3)
        db.conn.close()

        ticks, plans, result, scope, cpus = [], [], None, None, []
        for run in range(repeat):
            path = Path(tmp) / f"run{run}.db"
            source = open_db(Path(tmp) / "copy.db")
            source.execute("VACUUM INTO ?", [str(path)])
            source.conn.close()
            db = open_db(path)
            started = time.perf_counter()
            planned = plan_tick(db, now, policy)  # everything due at 08:00, unbounded (as preview plans)
            plans.append(time.perf_counter() - started)
            if scope is None:
                scope = _check_scope(db, province, planned)
            del planned
            # The scheduler's ticks, a minute apart, until Monday's lists are all queued.
            run_ticks, result = [], TickResult()
            for minute in range(30):
                started, cpu = time.perf_counter(), time.process_time()
                one = run_tick(db, now + timedelta(minutes=minute), policy)
                run_ticks.append(time.perf_counter() - started)
                cpus.append(time.process_time() - cpu)
                if not one.digests:
                    break
                result.digests += one.digests
                result.reminders += one.reminders
                result.queued_rows += one.queued_rows
            ticks.append(run_ticks)
            db.conn.close()
            path.unlink()
    return {
        "tasks": province.tasks,
        "people": province.people,
        "communes": len(province.communes),
        "build_db_s": round(built, 1),
        "ticks_s": [[round(x, 3) for x in run] for run in ticks],
        "first_tick_median_s": round(statistics.median(run[0] for run in ticks), 3),
        "longest_tick_median_s": round(statistics.median(max(run) for run in ticks), 3),
        "ticks": len(ticks[0]) - 1,
        "longest_tick_cpu_s": round(max(cpus), 3),
        "plan_median_s": round(statistics.median(plans), 3),
        "kinds_s": kinds,
        "digests": result.digests,
        "reminders": result.reminders,
        "queued_rows": result.queued_rows,
        "scope": scope,
    }


def _check_scope(db, province, digests) -> dict:
    """Every task item goes to someone of the task's organization, or (a city task for every commune) to
    someone of a commune that has not finished its own instance; returns counts, raises on a breach."""
    from storage import orgs as orgs_db
    from storage import people as people_db

    org_of_person = {p.id: p.org_id for p in people_db.list_people(db)}
    task_org: dict[int, tuple] = {}
    shared_items = own_items = 0
    for digest in digests:
        person_org = org_of_person.get(digest.person_id)
        for item in digest.items:
            if item.task_id is None:
                continue
            if item.task_id not in task_org:
                task_org[item.task_id] = orgs_db.task_scope_row(db, item.task_id)
            org, audience = task_org[item.task_id]
            if person_org is None or (item.kind == "escalation" and person_org == province.city):
                continue  # the deployment's admin sees everything; the city's admin its subtree
            if audience is not None and audience != org:
                raise AssertionError(f"task {item.task_id}: audience {audience} is not its plan's org {org}")
            if audience is not None and person_org in province.communes:
                status = orgs_db.org_status(db, item.task_id, person_org)[0]
                if status == "done":
                    raise AssertionError(f"person {digest.person_id} reminded of a finished shared task")
                shared_items += 1
            elif org != person_org:
                raise AssertionError(f"person {digest.person_id} of org {person_org} got task {item.task_id}")
            else:
                own_items += 1
    return {"own_items": own_items, "shared_items": shared_items}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=25.0, help="sender pace, msg/s")
    parser.add_argument("--server-limit", type=int, default=30, help="fake server's limit, msg/s")
    parser.add_argument("--tasks", type=int, default=200_000)
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--orgs", type=int, default=0, help="a province: a city with N communes")
    parser.add_argument("--repeat", type=int, default=3, help="ticks timed with --orgs (median printed)")
    parser.add_argument("--skip-broadcast", action="store_true")
    parser.add_argument("--skip-reminders", action="store_true")
    args = parser.parse_args(argv)
    if args.orgs and not args.skip_reminders:
        figures = _province_reminders(args.tasks, max(args.people, 10 * args.orgs), args.orgs, args.repeat)
        print(
            f"reminder tick, province: {figures['tasks']:,} tasks, {figures['communes']:,} communes under one "
            f"city, {figures['people']:,} people: Monday 08:00 queued by {figures['ticks']} ticks a minute apart "
            f"(at most {ReminderPolicy().weekly_lists_per_tick:,} weekly lists each); longest tick median "
            f"{figures['longest_tick_median_s']} s, first tick median {figures['first_tick_median_s']} s "
            f"(target < 2 s; runs {figures['ticks_s']}; longest CPU time of any tick "
            f"{figures['longest_tick_cpu_s']} s); planning all of it at once {figures['plan_median_s']} s, "
            f"by kind {figures['kinds_s']}; {figures['digests']:,} digests, {figures['reminders']:,} reminders, "
            f"{figures['queued_rows']:,} outbox rows; scope checked: {figures['scope']} "
            f"(db built in {figures['build_db_s']} s)",
            flush=True,
        )
    elif not args.skip_reminders:
        figures = _reminders(args.tasks, args.people)
        print(
            f"reminder tick: {figures['tasks']:,} tasks, {figures['people']:,} people → {figures['tick_s']} s "
            f"(plan only {figures['plan_only_s']} s; target < 2 s), {figures['digests']:,} digests, "
            f"{figures['reminders']:,} reminders, {figures['queued_rows']:,} outbox rows; next minute's tick "
            f"{figures['next_minute_tick_s']} s with {figures['next_minute_digests']} digests; "
            f"peak Python memory {figures['peak_python_mb']} MB (db built in {figures['build_db_s']} s)",
            flush=True,
        )
    if not args.skip_broadcast:
        print(
            f"broadcast: {args.recipients:,} recipients at {args.rate}/s, server limit {args.server_limit}/s …",
            flush=True,
        )
        figures = asyncio.run(_broadcast(args.recipients, args.rate, args.server_limit))
        print(
            f"broadcast: {figures['msg_per_s']} msg/s achieved (target ≥ 24), duplicates {figures['duplicates']}, "
            f"lost {figures['lost']}, 429 responses {figures['http_429']}, {figures['elapsed_s']} s total, "
            f"delivery report sent: {figures['report_sent']}, sender {figures['sender_stats']}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
