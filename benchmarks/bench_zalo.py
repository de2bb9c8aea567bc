"""Zalo adapter benchmark (against the fake Zalo Bot API on 127.0.0.1; never the internet).

1. Rendering: a 3,000-character answer with 10 buttons → numbered plain-text messages; typed answers
   resolved against a menu. Prints µs per call.
2. Adapter: N text updates from M people through `ZaloAdapter.process_update` (core + stand-in assistant
   + SQLite file + HTTP replies to the fake). Prints updates/s and p50/p95 latency.
3. Outbox pacing: K pushed messages through OutboxSender + ZaloSender at the default pace (2/s overall).
   Prints the achieved rate (target ≤ 2.0/s and ≥ 1.8/s), duplicates and lost (targets 0).

Run: .venv/bin/python -m benchmarks.bench_zalo [--updates N] [--people M] [--pushed K]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.chat import Button, Reply  # noqa: E402
from bot.clock import VN_TZ, FixedClock  # noqa: E402
from bot.compose import build_core  # noqa: E402
from bot.outbox_sender import OutboxSender  # noqa: E402
from handlers.numbered_menu import resolve_choice  # noqa: E402
from handlers.zalo import ZaloAdapter  # noqa: E402
from handlers.zalo_api import ZaloApiClient  # noqa: E402
from handlers.zalo_render import render_replies  # noqa: E402
from handlers.zalo_sender import ZaloSender  # noqa: E402
from storage import people as people_db  # noqa: E402
from storage.db import open_db  # noqa: E402
from storage.outbox import enqueue_message  # noqa: E402
from tests.core_fixtures import StubAssistant, seed_plan  # noqa: E402
from tests.fake_zalo_api import DEFAULT_TOKEN, FakeZaloAPI  # noqa: E402


def bench_rendering() -> None:
    text = "\n\n".join(f"<b>Nhiệm vụ {i}</b>: số hóa dữ liệu hộ tịch, hạn 30/7/2025 " * 3 for i in range(18))
    reply = Reply(
        text,
        buttons=[[Button(f"Nhiệm vụ {i}", f"td:{i}")] for i in range(8)]
        + [[Button("◀", "pg:0"), Button("▶", "pg:2")]],
    )
    runs = 5000
    start = time.perf_counter()
    for _ in range(runs):
        messages, menu = render_replies([reply], "vi")
    render_us = (time.perf_counter() - start) / runs * 1e6
    start = time.perf_counter()
    for i in range(runs * 4):
        resolve_choice(("3", "tiếp", "nhiem vu 5", "bao nhiêu việc quá hạn?")[i % 4], menu)
    resolve_us = (time.perf_counter() - start) / (runs * 4) * 1e6
    print(f"render: {len(text)} chars + 10 buttons -> {len(messages)} messages: {render_us:.0f} µs/answer")
    print(f"resolve a typed answer: {resolve_us:.1f} µs")


async def bench_adapter(updates: int, people: int) -> None:
    with tempfile.TemporaryDirectory() as tmp, FakeZaloAPI() as fake:
        db = open_db(Path(tmp) / "bench.db")
        clock = FixedClock(datetime(2026, 11, 23, 9, 0, tzinfo=VN_TZ))
        ids = seed_plan(db)
        for i in range(people):
            people_db.add_user(
                db,
                channel="zalo",
                external_id=f"z{i}",
                name=f"P{i}",
                role="member",
                unit_id=ids["Phòng Kinh tế"],
            )
        core = build_core(db, None, clock, assistant=StubAssistant(db))
        api = ZaloApiClient(DEFAULT_TOKEN, base_url=fake.base_url)
        adapter = ZaloAdapter(core, api)
        questions = ("hộ tịch", "thanh toán không dùng tiền mặt", "1", "kho dữ liệu", "/quahan")
        latencies: list[float] = []

        async def one(i: int) -> None:
            update = fake.message(f"z{i % people}", questions[i % len(questions)])
            started = time.perf_counter()
            await adapter.process_update(update)
            latencies.append(time.perf_counter() - started)

        start = time.perf_counter()
        await asyncio.gather(*(one(i) for i in range(updates)))
        elapsed = time.perf_counter() - start
        await api.aclose()
        latencies.sort()
        p95 = latencies[int(len(latencies) * 0.95) - 1]
        print(
            f"adapter: {updates} updates from {people} people in {elapsed:.2f} s = {updates / elapsed:.0f}/s; "
            f"latency p50 {statistics.median(latencies) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms; "
            f"sent {len(fake.sent())} messages, errors {adapter.stats['errors']}"
        )


async def bench_pacing(pushed: int) -> None:
    with tempfile.TemporaryDirectory() as tmp, FakeZaloAPI() as fake:
        db = open_db(Path(tmp) / "bench.db")
        clock = FixedClock(datetime(2026, 11, 23, 9, 0, tzinfo=VN_TZ))
        for i in range(pushed):
            pid = people_db.add_user(
                db, channel="zalo", external_id=f"z{i}", name=f"P{i}", role="admin", unit_id=None
            )
            enqueue_message(db, person_id=pid, text=f"Thông báo số {i}", dedupe_key=f"n{i}")
        api = ZaloApiClient(DEFAULT_TOKEN, base_url=fake.base_url)
        sender = OutboxSender(db, [ZaloSender(api, db, clock)], clock)
        start = time.perf_counter()
        await sender.drain_once()
        elapsed = time.perf_counter() - start
        await api.aclose()
        sent = fake.sent()
        counts = Counter(m["chat_id"] for m in sent)
        rate = (len(sent) - 1) / elapsed if len(sent) > 1 else 0.0
        print(
            f"outbox → Zalo: {len(sent)} messages in {elapsed:.1f} s = {rate:.2f}/s (default pace 2/s); "
            f"duplicates {sum(c - 1 for c in counts.values())}, lost {pushed - len(counts)}"
        )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=500)
    parser.add_argument("--people", type=int, default=50)
    parser.add_argument("--pushed", type=int, default=21)
    args = parser.parse_args(argv)
    bench_rendering()
    asyncio.run(bench_adapter(args.updates, args.people))
    asyncio.run(bench_pacing(args.pushed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
