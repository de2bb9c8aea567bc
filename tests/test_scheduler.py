"""The reminder tick and the drain loop, on plain asyncio and registered on a JobQueue."""

from __future__ import annotations

import asyncio
import inspect
from types import SimpleNamespace

from telegram.ext import JobQueue

from bot.clock import FixedClock
from bot.scheduler import DeliveryServices, run_scheduler, schedule_jobs
from tests.test_outbox_sender import FakeSender
from tests.test_reminders import World, at


def services_with_one_due_task(db):
    world = World(db)
    lan = world.person("Lan", unit="Phòng Văn hóa - Xã hội")
    world.task("2026-12-07", assigned=(lan,))
    fake = FakeSender()
    return DeliveryServices(db=db, clock=FixedClock(at("2026-11-30", "08:00")), senders=[fake]), fake


async def test_run_scheduler_ticks_and_sends_once(fresh_db):
    services, fake = services_with_one_due_task(fresh_db)
    stop = asyncio.Event()
    task = asyncio.create_task(run_scheduler(services, stop, tick_seconds=0.02))
    for _ in range(200):
        if fake.sent:
            break
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.1)  # several more ticks: nothing new
    stop.set()
    await asyncio.wait_for(task, 5)
    assert len(fake.sent) == 1 and "sắp đến hạn" in fake.sent[0][2]


async def test_nothing_sent_at_night(fresh_db):
    services, fake = services_with_one_due_task(fresh_db)
    services.clock.set(at("2026-11-30", "22:00"))
    stop = asyncio.Event()
    task = asyncio.create_task(run_scheduler(services, stop, tick_seconds=0.02))
    await asyncio.sleep(0.15)
    stop.set()
    await asyncio.wait_for(task, 5)
    assert fake.sent == []


class RecordingJobQueue:
    def __init__(self):
        self.jobs = []

    def run_repeating(self, callback, interval, first=None, name=None, data=None, job_kwargs=None):
        self.jobs.append(
            SimpleNamespace(callback=callback, interval=interval, name=name, data=data, kwargs=job_kwargs)
        )


def test_recording_queue_matches_ptb_signature():
    params = inspect.signature(JobQueue.run_repeating).parameters
    assert {"callback", "interval", "first", "name", "data", "job_kwargs"} <= set(params)


async def test_schedule_jobs_registers_tick_and_drain(fresh_db):
    services, fake = services_with_one_due_task(fresh_db)
    queue = RecordingJobQueue()
    jobs = schedule_jobs(queue, services)
    by_name = {job.name: job for job in queue.jobs}
    assert by_name["reminder-tick"].interval == 60 and by_name["reminder-tick"].kwargs["max_instances"] == 1
    context = SimpleNamespace(job=by_name["reminder-tick"])
    await by_name["reminder-tick"].callback(context)
    assert fresh_db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0] == 1
    await by_name["outbox-drain"].callback(SimpleNamespace(job=by_name["outbox-drain"]))
    for _ in range(200):
        if fake.sent:
            break
        await asyncio.sleep(0.01)
    await jobs.stop()
    assert len(fake.sent) == 1


async def test_end_to_end_reminder_through_the_real_application(fresh_db):
    """Composition root → JobQueue → tick → outbox → TelegramSender → fake Bot API."""
    from bot.app import build_application, post_init
    from bot.config import Config, Secret
    from tests.fake_bot_api import FakeBotAPI

    world = World(fresh_db)
    lan = world.person("Lan", unit="Phòng Văn hóa - Xã hội")  # chat id 1001
    task = world.task("2026-12-07", assigned=(lan,), code="3.2")
    with FakeBotAPI() as api:
        config = Config(
            telegram_token=Secret(api.token), telegram_api_base_url=api.base_url, telegram_max_rate=0
        )
        app = build_application(
            config, db=fresh_db, clock=FixedClock(at("2026-11-30", "08:00")), assistant=object()
        )
        async with app:
            await post_init(app)
            await app.start()
            try:
                for _ in range(400):  # the first tick runs 5 s after start
                    if api.sent(1001):
                        break
                    await asyncio.sleep(0.025)
            finally:
                await app.stop()
                await app.post_shutdown(app)
        messages = api.sent(1001)
        assert len(messages) == 1
        assert "1 nhiệm vụ sắp đến hạn" in messages[0]["text"] and "3.2" in messages[0]["text"]
        assert f"td:{task}" in str(messages[0]["reply_markup"])
