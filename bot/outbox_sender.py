"""Drain the outbox through the channel senders: paced below platform limits, retried, exactly-once as far
as a chat platform allows.

Pacing, per channel: sends START at most `max_per_second` apart (a token bucket without burst, so the
platform never sees more than that in any one-second window), at most one per `per_chat_interval` per
chat, and at most `group_per_minute` per group chat. A RetryAfter pauses the WHOLE channel for the time
asked (the platform is telling us we are too fast) and re-queues the row without counting an attempt.
Network errors retry with exponential backoff (base × 2^(attempt-1), capped, with jitter) up to
`max_attempts`; a recipient who blocked the bot is marked 'blocked' and their identity inactive.

Crash/restart: rows left 'sending' by a killed process go back to 'pending' on the first drain of a new
process (`storage.outbox.recover_in_flight`): the REPEAT side, bounded by `max_in_flight`, the number of
platform calls this sender has outstanding at once. Rows claimed but not yet handed to the platform are
simply sent once later. Run ONE sender per database (the composition root starts one).

Quiet hours (the reminder policy's, 21:00-07:00 by default): when the sender is given a `quiet_hours`
check, only rows queued as urgent (`PRIORITY_URGENT`: a notice the admin marked urgent and its report) are
claimed while it says so; everything else (notices, blocked-task alerts, reminders retried late) stays
pending and goes out when quiet hours end.

When the last row of a broadcast settles, the admin who created it gets a delivery report (sent, failed,
blocked), queued in the same transaction that marks the broadcast reported, so it is sent exactly once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta

import sqlite_utils

from bot.clock import Clock
from bot.delivery import (
    ChannelSender,
    DeliveryBlocked,
    DeliveryFailed,
    DeliveryRetryAfter,
    DeliveryTransient,
    is_group_chat,
)
from knowledge.messages import t
from storage import outbox
from storage.db import transaction
from storage.outbox import OutboxRow

logger = logging.getLogger(__name__)


class _ChannelState:
    """Pacing state of one channel, on the event loop's monotonic clock."""

    def __init__(self, sender: ChannelSender, group_per_minute: float):
        self.sender = sender
        self.interval = 1.0 / max(float(sender.max_per_second), 0.001)
        self.chat_interval = float(sender.per_chat_interval)
        self.group_interval = max(self.chat_interval, 60.0 / max(group_per_minute, 0.001))
        self.next_slot = 0.0
        self.paused_until = 0.0
        self.chat_ready: dict[str, float] = {}

    def chat_gap(self, chat_id: str) -> float:
        return self.group_interval if is_group_chat(self.sender, chat_id) else self.chat_interval

    async def take_slot(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            now = loop.time()
            start = max(self.next_slot, self.paused_until)
            if start <= now:
                # Keep to the grid when we woke a little late (sleep overshoot would otherwise shave a few
                # percent off the pace); after an idle spell start afresh rather than burst to catch up.
                base = start if now - start < self.interval else now
                self.next_slot = base + self.interval
                return
            await asyncio.sleep(start - now)

    def pause(self, seconds: float) -> None:
        loop = asyncio.get_running_loop()
        self.paused_until = max(self.paused_until, loop.time() + seconds)


class OutboxSender:
    def __init__(
        self,
        db: sqlite_utils.Database,
        senders: Mapping[str, ChannelSender] | Iterable[ChannelSender],
        clock: Clock | None = None,
        *,
        batch_size: int = 50,
        max_in_flight: int = 8,
        max_attempts: int = 6,
        base_backoff: float = 2.0,
        max_backoff: float = 600.0,
        group_per_minute: float = 20.0,
        idle_interval: float = 0.5,
        quiet_hours: Callable[[datetime], bool] | None = None,
    ):
        self.db = db
        if isinstance(senders, Mapping):
            self.senders = dict(senders)
        else:
            self.senders = {s.channel: s for s in senders}
        self.clock = clock or Clock()
        self.batch_size = batch_size
        self.max_in_flight = max_in_flight
        self.max_attempts = max_attempts
        self.base_backoff = base_backoff
        self.max_backoff = max_backoff
        self.idle_interval = idle_interval
        self.quiet_hours = quiet_hours
        self._states = {name: _ChannelState(s, group_per_minute) for name, s in self.senders.items()}
        self._recovered = False
        self._stop: asyncio.Event | None = None
        self._touched: set[int] = set()
        self.stats = {"sent": 0, "retried": 0, "failed": 0, "blocked": 0, "rate_limited": 0}

    # -- lifecycle --

    def recover(self) -> int:
        """Once per process, before the first send: re-queue rows a killed process left in flight and
        queue reports of broadcasts that finished without one."""
        self._recovered = True
        count = outbox.recover_in_flight(self.db)
        if count:
            logger.warning("outbox: %s messages were in flight at the last stop; sending them again", count)
        self._report_finished(outbox.unreported_finished(self.db))
        return count

    async def run_forever(self, stop_event: asyncio.Event) -> None:
        """Drain until `stop_event` is set, sleeping `idle_interval` when nothing is due."""
        self._stop = stop_event
        if not self._recovered:
            self.recover()
        while not stop_event.is_set():
            try:
                processed = await self.drain_once()
            except Exception:
                logger.exception("outbox drain failed; retrying shortly")
                processed = 0
            if not processed:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop_event.wait(), timeout=self.idle_interval)

    async def drain_once(self) -> int:
        """Send everything due now on every channel (paced); return how many rows were attempted."""
        if not self._recovered:
            self.recover()
        urgent_only = self._quiet_now()
        counts = await asyncio.gather(*(self._drain_channel(name, urgent_only) for name in self.senders))
        self._report_finished(self._touched)
        self._touched.clear()
        return sum(counts)

    def _quiet_now(self) -> bool:
        if self.quiet_hours is None:
            return False
        try:
            return bool(self.quiet_hours(self.clock.now()))
        except Exception:  # a broken policy must not stop delivery: send as if outside quiet hours
            logger.exception("outbox: cannot tell quiet hours; sending normally")
            return False

    def _stopping(self) -> bool:
        return self._stop is not None and self._stop.is_set()

    # -- one channel --

    async def _drain_channel(self, channel: str, urgent_only: bool = False) -> int:
        state = self._states[channel]
        loop = asyncio.get_running_loop()
        in_flight: set[asyncio.Task] = set()
        slots = asyncio.Semaphore(self.max_in_flight)
        attempted = 0
        try:
            while not self._stopping():
                rows = outbox.claim_due(
                    self.db, channel, now=self.clock.now(), limit=self.batch_size, urgent_only=urgent_only
                )
                if not rows:
                    break
                queue = deque(rows)
                while queue:
                    if self._stopping():
                        outbox.release(self.db, [r.id for r in queue])
                        queue.clear()
                        break
                    row = self._next_ready(queue, state, loop.time())
                    if row is None:
                        wait = min(state.chat_ready.get(r.chat_id, 0.0) for r in queue) - loop.time()
                        await asyncio.sleep(max(wait, 0.001))
                        continue
                    await slots.acquire()
                    await state.take_slot()
                    state.chat_ready[row.chat_id] = loop.time() + state.chat_gap(row.chat_id)
                    task = asyncio.create_task(self._send_one(state, row))
                    in_flight.add(task)
                    task.add_done_callback(lambda done: (in_flight.discard(done), slots.release()))
                    attempted += 1
                if len(state.chat_ready) > 50_000:  # forget old chats on long broadcasts
                    now = loop.time()
                    state.chat_ready = {k: v for k, v in state.chat_ready.items() if v > now}
        finally:
            if in_flight:
                await asyncio.gather(*in_flight, return_exceptions=True)
        return attempted

    @staticmethod
    def _next_ready(queue: deque, state: _ChannelState, now: float) -> OutboxRow | None:
        for index, row in enumerate(queue):
            if state.chat_ready.get(row.chat_id, 0.0) <= now:
                del queue[index]
                return row
        return None

    def _backoff(self, attempts: int) -> float:
        delay = min(self.base_backoff * (2 ** max(attempts - 1, 0)), self.max_backoff)
        return delay * random.uniform(0.8, 1.2)

    async def _send_one(self, state: _ChannelState, row: OutboxRow) -> None:
        try:
            await state.sender.send(row.chat_id, row.payload)
        except DeliveryRetryAfter as exc:
            self.stats["rate_limited"] += 1
            state.pause(exc.seconds)
            logger.warning("%s asked to retry after %ss; pausing the channel", row.channel, exc.seconds)
            outbox.mark_retry(
                self.db,
                row,
                at=self.clock.now() + timedelta(seconds=exc.seconds),
                error=str(exc),
                count_attempt=False,
            )
        except DeliveryBlocked as exc:
            self.stats["blocked"] += 1
            logger.info("outbox %s: recipient %s:%s blocked the bot", row.id, row.channel, row.chat_id)
            outbox.mark_blocked(self.db, row, error=str(exc) or "blocked")
        except DeliveryFailed as exc:
            self.stats["failed"] += 1
            logger.warning("outbox %s: permanent failure: %s", row.id, exc)
            outbox.mark_failed(self.db, row, error=str(exc) or "failed")
        except (DeliveryTransient, Exception) as exc:  # an unexpected error is treated as transient
            if not isinstance(exc, DeliveryTransient):
                logger.exception("outbox %s: unexpected error from the %s sender", row.id, row.channel)
            else:
                logger.warning("outbox %s: attempt %s failed: %s", row.id, row.attempts, exc)
            if row.attempts >= self.max_attempts:
                self.stats["failed"] += 1
                outbox.mark_failed(self.db, row, error=f"gave up after {row.attempts} attempts: {exc}")
            else:
                self.stats["retried"] += 1
                outbox.mark_retry(
                    self.db,
                    row,
                    at=self.clock.now() + timedelta(seconds=self._backoff(row.attempts)),
                    error=str(exc),
                )
        else:
            self.stats["sent"] += 1
            outbox.mark_sent(self.db, row, now=self.clock.now())
        if row.broadcast_id is not None:
            self._touched.add(row.broadcast_id)

    # -- reports --

    def _report_finished(self, broadcast_ids: Iterable[int]) -> None:
        ids = [i for i in broadcast_ids if i is not None]
        if not ids:
            return
        with transaction(self.db):
            for progress in outbox.finish_broadcasts(self.db, ids, now=self.clock.now()):
                creator = progress["created_by"]
                if creator is not None:
                    text = t(
                        outbox.report_language(self.db, creator),
                        "bc.report",
                        id=progress["id"],
                        sent=progress["sent"],
                        total=progress["total"],
                        failed=progress["failed"],
                        blocked=progress["blocked"],
                    )
                    outbox.enqueue_message(
                        self.db,
                        person_id=creator,
                        text=text,
                        dedupe_key=f"broadcast-report:{progress['id']}",
                        priority=outbox.PRIORITY_URGENT if progress["urgent"] else outbox.PRIORITY_NORMAL,
                        now=self.clock.now(),
                    )
                outbox.mark_reported(self.db, progress["id"])
                logger.info(
                    "broadcast %s finished: %s sent, %s failed, %s blocked of %s",
                    progress["id"],
                    progress["sent"],
                    progress["failed"],
                    progress["blocked"],
                    progress["total"],
                )
