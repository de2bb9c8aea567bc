"""Time-driven delivery work: the reminder tick (every minute) and the outbox drain loop.

With Telegram, both run on PTB's JobQueue (APScheduler, the one scheduler of the process):
`schedule_jobs(application.job_queue, services)`. A Zalo-only deployment has no PTB Application, so
`run_scheduler(services, stop_event)` does the same on plain asyncio. Either way reminders are derived from
the database at every tick, never kept only in memory, so a restart loses nothing.

`services` is any object with `db`, `clock` and `senders` (ChannelSenders) attributes, optionally
`reminder_policy_path` (JSON file) and `outbox_sender` (an OutboxSender to reuse).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from bot.clock import Clock
from bot.outbox_sender import OutboxSender
from bot.reminders import PolicyError, ReminderPolicy, load_policy, run_tick

logger = logging.getLogger(__name__)

TICK_SECONDS = 60
POLICY_ENV = "PLANBOT_REMINDER_POLICY"  # path of a JSON policy file (the admin's /nhacviec setting wins)


@dataclass
class DeliveryServices:
    db: object
    clock: Clock
    senders: list = field(default_factory=list)
    reminder_policy_path: str | None = None
    outbox_sender: OutboxSender | None = None


def _policy(services) -> ReminderPolicy:
    path = getattr(services, "reminder_policy_path", None) or os.environ.get(POLICY_ENV) or None
    try:
        return load_policy(services.db, path)
    except PolicyError:
        logger.exception("bad reminder policy; using the default policy")
        return ReminderPolicy()


class QuietHours:
    """Whether a moment falls in the policy's quiet hours, for the outbox sender. The policy (the admin may
    change it with /nhacviec) is read again at most every `refresh_seconds`, not at every drain."""

    def __init__(self, load: Callable[[], ReminderPolicy], refresh_seconds: float = 60.0):
        self.load = load
        self.refresh_seconds = refresh_seconds
        self._policy: ReminderPolicy | None = None
        self._loaded_at = 0.0

    def __call__(self, moment: datetime) -> bool:
        if self._policy is None or time.monotonic() - self._loaded_at > self.refresh_seconds:
            self._policy = self.load()
            self._loaded_at = time.monotonic()
        return self._policy.quiet_until(moment) is not None


def tick(services) -> int:
    """One reminder tick now (and the report drafts due before reporting days); returns the number of
    digests queued."""
    from bot.reports.drafts import queue_report_drafts

    policy, now = _policy(services), services.clock.now()
    digests = run_tick(services.db, now, policy).digests
    try:
        queue_report_drafts(services.db, now, policy)
    except Exception:  # a broken draft must not stop the next minute's reminders
        logger.exception("report drafts not queued")
    return digests


def _outbox_sender(services) -> OutboxSender:
    sender = getattr(services, "outbox_sender", None)
    if sender is None:
        sender = OutboxSender(
            services.db, services.senders, services.clock, quiet_hours=QuietHours(lambda: _policy(services))
        )
        with contextlib.suppress(AttributeError):
            services.outbox_sender = sender
    return sender


class DeliveryJobs:
    """What `schedule_jobs` started; `stop()` ends the drain loop (call it on shutdown)."""

    def __init__(self, services):
        self.services = services
        self.stop_event = asyncio.Event()
        self.drain_task: asyncio.Task | None = None

    def ensure_drain(self) -> None:
        if self.drain_task is None or self.drain_task.done():
            if (
                self.drain_task is not None
                and not self.drain_task.cancelled()
                and self.drain_task.exception()
            ):
                logger.error("outbox drain loop died; restarting", exc_info=self.drain_task.exception())
            self.drain_task = asyncio.get_running_loop().create_task(
                _outbox_sender(self.services).run_forever(self.stop_event)
            )

    async def stop(self) -> None:
        self.stop_event.set()
        if self.drain_task is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.drain_task, timeout=10)


async def _reminder_tick_job(context) -> None:
    """Run one reminder tick (PTB job callback)."""
    jobs: DeliveryJobs = context.job.data
    try:
        tick(jobs.services)
    except Exception:
        logger.exception("reminder tick failed")


async def _drain_watch_job(context) -> None:
    """Keep the outbox drain loop running (PTB job callback)."""
    context.job.data.ensure_drain()


def schedule_jobs(job_queue, services) -> DeliveryJobs:
    """Register the reminder tick (every minute) and the outbox drain on PTB's JobQueue."""
    jobs = DeliveryJobs(services)
    job_kwargs = {"max_instances": 1, "coalesce": True, "misfire_grace_time": TICK_SECONDS}
    job_queue.run_repeating(
        _reminder_tick_job,
        interval=TICK_SECONDS,
        first=5,
        name="reminder-tick",
        data=jobs,
        job_kwargs=job_kwargs,
    )
    job_queue.run_repeating(
        _drain_watch_job, interval=10, first=0.1, name="outbox-drain", data=jobs, job_kwargs=job_kwargs
    )
    return jobs


async def run_scheduler(services, stop_event: asyncio.Event, *, tick_seconds: float = TICK_SECONDS) -> None:
    """Plain-asyncio equivalent of `schedule_jobs` for deployments without PTB (Zalo only)."""
    sender = _outbox_sender(services)
    drain = asyncio.create_task(sender.run_forever(stop_event))
    try:
        while not stop_event.is_set():
            try:
                tick(services)
            except Exception:
                logger.exception("reminder tick failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop_event.wait(), timeout=tick_seconds)
    finally:
        stop_event.set()
        await drain
