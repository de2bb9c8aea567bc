"""Telegram bot throughput and reply latency against the fake Bot API (tests/fake_bot_api.py).

A bot process (the real PTB Application from bot.app: handlers, core, assistant, SQLite) long-polls the
fake server on 127.0.0.1; 5,000 registered users each send one question. Two runs:

1. burst: all questions queued at once → updates/s handled (target ≥ 200/s on a 2-core machine);
2. steady: questions offered at `--rate` per second → p50/p99 reply latency (push → first reply).

The bot process uses the real assistant (bot/assistant.py) when it exists, else the tests' stand-in
(`--assistant stub` forces it; the figures then measure the chat plumbing, not question answering). The
knowledge base is the bundled sample plan, ingested with the same code as `planbot ingest`, or the tests'
small SQL plan when the ingest modules are missing. PTB's rate limiter is off: Telegram's own 30 msg/s cap
is not what is measured here.

Run: .venv/bin/python -m benchmarks.bench_telegram [--updates 5000] [--rate 200] [--assistant real|stub]
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.fake_bot_api import DEFAULT_TOKEN, FakeBotAPI  # noqa: E402

QUESTIONS = (
    "Phòng Văn hóa – Xã hội có nhiệm vụ gì?",
    "việc nào quá hạn?",
    "han chot so hoa ho so?",
    "nhiệm vụ của tôi tháng này",
    "Trung tâm Phục vụ hành chính công làm gì",
    "tập huấn kỹ năng số khi nào xong",
)


def real_assistant_available() -> bool:
    try:
        import bot.assistant  # noqa: F401
    except ImportError:
        return False
    return True


def prepare_db(path: str, users: int) -> str:
    """Load the sample plan and register `users` members; returns how the plan was loaded."""
    from storage import people as people_db
    from storage.db import open_db, transaction

    db = open_db(path)
    how = "sample plan via planbot ingest code"
    try:
        from knowledge.documents import read_document
        from knowledge.plan_parser import parse_plan
        from storage.plans import save_plan

        sample = ROOT / "bot" / "data" / "sample_plan.txt"
        save_plan(db, parse_plan(read_document(sample), source_name=sample.name), source_file=sample.name)
    except ImportError:
        from tests.core_fixtures import seed_plan

        seed_plan(db)
        how = "tests' SQL plan (ingest modules missing)"
    unit_ids = [row[0] for row in db.execute("SELECT id FROM units ORDER BY id").fetchall()]
    with transaction(db):
        for n in range(users):
            people_db.add_user(
                db,
                channel="telegram",
                external_id=str(10_000 + n),
                name=f"Cán bộ {n}",
                role="member",
                unit_id=unit_ids[n % len(unit_ids)],
            )
    db.conn.close()
    return how


def serve(base_url: str, db_path: str, use_stub: bool) -> None:
    """The bot process: the real Application, polling the fake server until terminated."""
    import logging

    from telegram import Update

    from bot.app import build_application
    from bot.config import Config, Secret
    from storage.db import open_db

    logging.basicConfig(level=logging.WARNING)
    config = Config(
        telegram_token=Secret(DEFAULT_TOKEN),
        telegram_api_base_url=base_url,
        telegram_max_rate=0,
        db_path=db_path,
    )
    db = open_db(db_path)
    assistant = None
    if use_stub:
        from tests.core_fixtures import StubAssistant

        assistant = StubAssistant(db)
    application = build_application(config, db=db, assistant=assistant)
    application.run_polling(allowed_updates=Update.ALL_TYPES, drop_pending_updates=False, stop_signals=None)


def run_phase(api: FakeBotAPI, users: list[int], rate: float | None) -> tuple[float, list[float]]:
    """Push one question per user (all at once, or at `rate`/s); wait for every first reply.
    Returns (elapsed seconds from first push to last first reply, latencies)."""
    pushed: dict[str, float] = {}

    def push_all():
        start = time.monotonic()
        for i, user in enumerate(users):
            if rate:
                delay = start + i / rate - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
            pushed[str(user)] = time.monotonic()
            api.message(user, QUESTIONS[i % len(QUESTIONS)])

    first = time.monotonic()
    pusher = threading.Thread(target=push_all)
    pusher.start()
    wanted = {str(u) for u in users}

    replies: dict[str, float] = {}
    seen = 0
    deadline = time.monotonic() + 600
    # Poll (cheaply, outside the server's lock most of the time) rather than re-checking on every request.
    while len(replies) < len(users):
        if time.monotonic() > deadline:
            raise TimeoutError(f"only {len(replies)} of {len(users)} questions answered")
        time.sleep(0.02)
        with api.cond:
            fresh = api.sent_order[seen:]
            seen += len(fresh)
            for chat_id, message_id in fresh:
                if chat_id in wanted and chat_id not in replies:
                    replies[chat_id] = api.messages[(chat_id, message_id)]["at"]
    pusher.join()
    latencies = [replies[c] - pushed[c] for c in wanted]
    return max(replies.values()) - first, latencies


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--updates", type=int, default=5000, help="questions in the burst run (default 5000)")
    parser.add_argument("--rate", type=float, default=200.0, help="offered questions/s in the steady run")
    parser.add_argument("--steady", type=int, default=2000, help="questions in the steady run (0 = skip)")
    parser.add_argument("--assistant", choices=("real", "stub"), default=None)
    args = parser.parse_args(argv)
    use_stub = args.assistant == "stub" or (args.assistant is None and not real_assistant_available())
    if args.assistant == "real" and not real_assistant_available():
        print("bot/assistant.py is not available; use --assistant stub", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        db_path = str(Path(tmp) / "bench.db")
        how = prepare_db(db_path, args.updates + args.steady)
        with FakeBotAPI() as api:
            ctx = multiprocessing.get_context("spawn")
            bot = ctx.Process(target=serve, args=(api.base_url, db_path, use_stub), daemon=True)
            bot.start()
            try:
                api.wait_for(lambda: api.calls_of("getUpdates"), timeout=120)
                users = list(range(10_000, 10_000 + args.updates + args.steady))
                print(f"assistant: {'stub (tests)' if use_stub else 'real'}; knowledge base: {how}")
                elapsed, latencies = run_phase(api, users[: args.updates], None)
                print(
                    f"burst: {args.updates} questions answered in {elapsed:.2f} s = "
                    f"{args.updates / elapsed:.0f} updates/s (target >= 200); "
                    f"p99 latency under burst {percentile(latencies, 0.99) * 1000:.0f} ms"
                )
                if args.steady:
                    elapsed, latencies = run_phase(api, users[args.updates :], args.rate)
                    print(
                        f"steady: {args.steady} questions offered at {args.rate:.0f}/s: "
                        f"{args.steady / elapsed:.0f} updates/s; reply latency p50 "
                        f"{statistics.median(latencies) * 1000:.0f} ms, p99 {percentile(latencies, 0.99) * 1000:.0f} ms"
                    )
            finally:
                bot.terminate()
                bot.join(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
