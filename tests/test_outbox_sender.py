"""OutboxSender against an in-process fake ChannelSender: pacing, RetryAfter, backoff, blocks, reports."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from datetime import UTC, datetime

import pytest

from bot.clock import Clock
from bot.delivery import ChannelSender, DeliveryBlocked, DeliveryFailed, DeliveryRetryAfter, DeliveryTransient
from bot.outbox_sender import OutboxSender
from storage import outbox
from storage.outbox import create_broadcast, enqueue_message

NOW = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)


class FakeSender:
    """Records (monotonic time, chat, text) of each accepted send; `script` maps chat → errors to raise
    first, in order."""

    channel = "telegram"

    def __init__(self, rate=200.0, per_chat=0.0, script=None, latency=0.0):
        self.max_per_second = rate
        self.per_chat_interval = per_chat
        self.script = {k: list(v) for k, v in (script or {}).items()}
        self.latency = latency
        self.sent: list[tuple[float, str, str]] = []
        self.calls: list[tuple[float, str]] = []

    async def send(self, chat_id, payload):
        self.calls.append((time.monotonic(), chat_id))
        if self.latency:
            await asyncio.sleep(self.latency)
        errors = self.script.get(chat_id)
        if errors:
            raise errors.pop(0)
        self.sent.append((time.monotonic(), chat_id, payload["text"]))


def people(db, n, *, prefix=""):
    for pid in range(1, n + 1):
        db.execute(
            "INSERT INTO people (id, name, role, created_at) VALUES (?, ?, ?, 'x')",
            [pid, f"P{pid}", "admin" if pid == 1 else "member"],
        )
        db.execute(
            "INSERT INTO identities (channel, external_id, person_id, chat_id) VALUES ('telegram', ?, ?, ?)",
            [str(pid), pid, f"{prefix}{pid}"],
        )


def states(db):
    return dict(db.execute("SELECT state, COUNT(*) FROM outbox GROUP BY state").fetchall())


async def drain_until_settled(sender: OutboxSender, db, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        await sender.drain_once()
        if not db.execute("SELECT 1 FROM outbox WHERE state IN ('pending', 'sending')").fetchone():
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"outbox not settled: {states(db)}")


def test_fake_sender_satisfies_the_protocol():
    assert isinstance(FakeSender(), ChannelSender)


async def test_sends_each_row_once_paced_overall(fresh_db):
    people(fresh_db, 20)
    create_broadcast(fresh_db, created_by=None, text="tb", audience={"kind": "all"}, now=NOW)
    fake = FakeSender(rate=50.0)
    await OutboxSender(fresh_db, [fake], Clock()).drain_once()
    assert Counter(chat for _, chat, _ in fake.sent) == {str(i): 1 for i in range(1, 21)}
    starts = [at for at, _ in fake.calls]
    assert starts[-1] - starts[0] >= 19 / 50.0 * 0.95  # 20 sends at 50/s span ≥ 0.38 s
    window = 0.2  # and never a burst: at most 50 × 0.2 + 1 starts in any 0.2 s
    assert max(sum(1 for b in starts if a <= b < a + window) for a in starts) <= 11
    assert states(fresh_db) == {"sent": 20}


async def test_one_chat_gets_at_most_one_message_per_interval_without_holding_others(fresh_db):
    people(fresh_db, 3)
    for k in range(3):
        enqueue_message(fresh_db, person_id=2, text=f"m{k}", dedupe_key=f"k{k}", now=NOW)
    enqueue_message(fresh_db, person_id=3, text="other", dedupe_key="o", now=NOW)
    fake = FakeSender(per_chat=0.15)
    await OutboxSender(fresh_db, [fake], Clock()).drain_once()
    times = [at for at, chat, _ in fake.sent if chat == "2"]
    assert [text for _, chat, text in fake.sent if chat == "2"] == ["m0", "m1", "m2"]
    assert min(b - a for a, b in zip(times, times[1:], strict=False)) >= 0.14
    assert [chat for _, chat, _ in fake.sent].index("3") < 2  # not stuck behind chat 2


async def test_group_chats_are_paced_per_minute(fresh_db):
    people(fresh_db, 1, prefix="-100")
    for k in range(2):
        enqueue_message(fresh_db, person_id=1, text=f"g{k}", dedupe_key=f"g{k}", now=NOW)
    fake = FakeSender()
    await OutboxSender(fresh_db, [fake], Clock(), group_per_minute=300).drain_once()  # 0.2 s apart
    assert fake.sent[1][0] - fake.sent[0][0] >= 0.19


async def test_retry_after_pauses_the_channel_and_resends_once(fresh_db):
    people(fresh_db, 5)
    create_broadcast(fresh_db, created_by=None, text="tb", audience={"kind": "all"}, now=NOW)
    fake = FakeSender(script={"2": [DeliveryRetryAfter(0.3)]}, latency=0.01)
    sender = OutboxSender(fresh_db, [fake], Clock(), max_in_flight=1)
    await drain_until_settled(sender, fresh_db)
    assert Counter(chat for _, chat, _ in fake.sent) == {str(i): 1 for i in range(1, 6)}
    rejected_at = next(at for at, chat in fake.calls if chat == "2")
    after = [at for at, _ in fake.calls if at > rejected_at]
    assert after and min(after) - rejected_at >= 0.28  # nobody was sent to during the pause
    assert sender.stats["rate_limited"] == 1
    assert fresh_db.execute("SELECT attempts FROM outbox WHERE chat_id = '2'").fetchone()[0] == 1


async def test_transient_errors_back_off_then_succeed(fresh_db):
    people(fresh_db, 1)
    enqueue_message(fresh_db, person_id=1, text="x", dedupe_key="x", now=NOW)
    fake = FakeSender(script={"1": [DeliveryTransient("timeout"), DeliveryTransient("timeout")]})
    sender = OutboxSender(fresh_db, [fake], Clock(), base_backoff=0.05)
    await drain_until_settled(sender, fresh_db)
    calls = [at for at, _ in fake.calls]
    assert len(calls) == 3
    assert calls[1] - calls[0] >= 0.05 * 0.8 and calls[2] - calls[1] >= 0.10 * 0.8  # doubling backoff
    assert states(fresh_db) == {"sent": 1}
    assert fresh_db.execute("SELECT attempts FROM outbox").fetchone()[0] == 3


async def test_transient_errors_give_up_after_max_attempts(fresh_db):
    people(fresh_db, 1)
    enqueue_message(fresh_db, person_id=1, text="x", dedupe_key="x", now=NOW)
    fake = FakeSender(script={"1": [DeliveryTransient("down")] * 10})
    sender = OutboxSender(fresh_db, [fake], Clock(), base_backoff=0.001, max_attempts=3)
    await drain_until_settled(sender, fresh_db)
    assert len(fake.calls) == 3 and states(fresh_db) == {"failed": 1}


@pytest.mark.parametrize(
    ("error", "state"), [(DeliveryBlocked("Forbidden"), "blocked"), (DeliveryFailed("bad"), "failed")]
)
async def test_blocked_and_failed_rows_are_not_retried(fresh_db, error, state):
    people(fresh_db, 2)
    create_broadcast(fresh_db, created_by=None, text="tb", audience={"kind": "all"}, now=NOW)
    fake = FakeSender(script={"2": [error]})
    await drain_until_settled(OutboxSender(fresh_db, [fake], Clock()), fresh_db)
    assert states(fresh_db) == {"sent": 1, state: 1}
    active = fresh_db.execute("SELECT active FROM identities WHERE chat_id = '2'").fetchone()[0]
    assert active == (0 if state == "blocked" else 1)


async def test_admin_gets_one_delivery_report_when_broadcast_ends(fresh_db):
    people(fresh_db, 4)
    created = create_broadcast(fresh_db, created_by=1, text="tb", audience={"kind": "all"}, now=NOW)
    fake = FakeSender(script={"3": [DeliveryBlocked("Forbidden")], "4": [DeliveryFailed("bad")]})
    sender = OutboxSender(fresh_db, [fake], Clock())
    await drain_until_settled(sender, fresh_db)
    await sender.drain_once()
    reports = [text for _, chat, text in fake.sent if "Báo cáo gửi thông báo" in text]
    assert len(reports) == 1
    assert f"#{created.id}" in reports[0] and "Đã gửi: 2/4" in reports[0]
    assert "Lỗi: 1" in reports[0] and "Đã chặn bot: 1" in reports[0]
    assert [chat for _, chat, text in fake.sent if text == reports[0]] == ["1"]
    assert fresh_db.execute("SELECT state, reported FROM broadcasts").fetchone() == ("done", 1)


async def test_restart_resends_rows_left_in_flight_and_nothing_else(fresh_db):
    people(fresh_db, 3)
    create_broadcast(fresh_db, created_by=None, text="tb", audience={"kind": "all"}, now=NOW)
    first = outbox.claim_due(fresh_db, "telegram", now=NOW, limit=2)  # a process died holding these
    outbox.mark_sent(fresh_db, first[0], now=NOW)  # one was marked before the kill
    fake = FakeSender()
    sender = OutboxSender(fresh_db, [fake], Clock())
    await sender.drain_once()
    assert sorted(chat for _, chat, _ in fake.sent) == ["2", "3"]
    assert states(fresh_db) == {"sent": 3}


async def test_run_forever_drains_new_rows_and_stops(fresh_db):
    people(fresh_db, 2)
    fake = FakeSender()
    stop = asyncio.Event()
    sender = OutboxSender(fresh_db, [fake], Clock(), idle_interval=0.02)
    task = asyncio.create_task(sender.run_forever(stop))
    await asyncio.sleep(0.05)
    enqueue_message(fresh_db, person_id=2, text="late arrival", dedupe_key="x", now=NOW)
    for _ in range(100):
        if fake.sent:
            break
        await asyncio.sleep(0.02)
    stop.set()
    await asyncio.wait_for(task, 2)
    assert [text for _, _, text in fake.sent] == ["late arrival"]
