"""Quiet hours (the reminder policy's, 21:00-07:00) hold notices and blocked-task alerts in the outbox
until they end; a notice the admin marks urgent (and its delivery report) goes out at once."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from bot.clock import VN_TZ, FixedClock
from bot.compose import build_core
from bot.outbox_sender import OutboxSender
from bot.reminders import ReminderPolicy
from bot.scheduler import QuietHours
from storage import people as people_db
from storage.outbox import create_broadcast, enqueue_message
from tests.test_outbox_sender import FakeSender, drain_until_settled, people, states

NIGHT = datetime(2026, 11, 24, 2, 40, tzinfo=VN_TZ)


def quiet_sender(db, clock, fake):
    return OutboxSender(db, [fake], clock, quiet_hours=QuietHours(ReminderPolicy))


def test_policy_quiet_hours_across_midnight():
    policy = ReminderPolicy()
    assert policy.in_quiet_hours(time(2, 40)) and policy.in_quiet_hours(time(21, 0))
    assert not policy.in_quiet_hours(time(7, 0)) and not policy.in_quiet_hours(time(20, 59))
    assert policy.quiet_until(NIGHT) == datetime(2026, 11, 24, 7, 0, tzinfo=VN_TZ)
    assert policy.quiet_until(datetime(2026, 11, 23, 22, 0, tzinfo=VN_TZ)) == NIGHT.replace(hour=7, minute=0)
    assert policy.quiet_until(datetime(2026, 11, 23, 12, 0, tzinfo=VN_TZ)) is None


async def test_broadcast_and_blocked_alert_wait_for_the_end_of_quiet_hours(fresh_db):
    people(fresh_db, 3)
    clock = FixedClock(NIGHT)
    create_broadcast(fresh_db, created_by=1, text="tb", audience={"kind": "all"}, now=NIGHT)
    enqueue_message(fresh_db, person_id=2, text="vướng mắc", dedupe_key="blocked:1:2", now=NIGHT)
    fake = FakeSender()
    sender = quiet_sender(fresh_db, clock, fake)
    assert await sender.drain_once() == 0
    assert fake.sent == [] and states(fresh_db) == {"pending": 4}
    clock.set(datetime(2026, 11, 24, 7, 0, tzinfo=VN_TZ))
    await drain_until_settled(sender, fresh_db)
    texts = [text for _, _, text in fake.sent]
    assert texts.count("tb") == 3 and "vướng mắc" in texts


async def test_urgent_broadcast_and_its_report_go_out_in_quiet_hours(fresh_db):
    people(fresh_db, 3)
    clock = FixedClock(NIGHT)
    create_broadcast(fresh_db, created_by=1, text="khẩn", audience={"kind": "all"}, urgent=True, now=NIGHT)
    enqueue_message(fresh_db, person_id=2, text="thường", dedupe_key="blocked:1:2", now=NIGHT)
    fake = FakeSender()
    sender = quiet_sender(fresh_db, clock, fake)
    for _ in range(3):
        await sender.drain_once()
    texts = [text for _, _, text in fake.sent]
    assert texts.count("khẩn") == 3
    assert any("Báo cáo gửi thông báo" in text for text in texts)  # the admin's report, at once too
    assert "thường" not in texts


async def test_without_a_quiet_hours_check_everything_is_sent(fresh_db):
    people(fresh_db, 2)
    create_broadcast(fresh_db, created_by=1, text="tb", audience={"kind": "all"}, now=NIGHT)
    fake = FakeSender()
    await drain_until_settled(OutboxSender(fresh_db, [fake], FixedClock(NIGHT)), fresh_db)
    assert [text for _, _, text in fake.sent].count("tb") == 2


async def test_thongbao_preview_offers_urgent_and_says_when_a_held_notice_goes_out(fresh_db):
    from bot.chat import Incoming

    fresh_db.execute("INSERT INTO units (id, name, folded) VALUES (1, 'Phòng Kinh tế', 'phong kinh te')")
    people_db.add_user(
        fresh_db, channel="telegram", external_id="100", name="Admin", role="admin", unit_id=None
    )
    people_db.add_user(fresh_db, channel="telegram", external_id="101", name="Lan", role="member", unit_id=1)
    clock = FixedClock(NIGHT)
    core = build_core(fresh_db, None, clock, assistant=object())

    def msg(text=None, action=None):
        return Incoming(channel="telegram", chat_id="100", sender_id="100", text=text, action=action)

    async def preview(text):
        await core.handle(msg("/thongbao"))
        await core.handle(msg(text))
        return (await core.handle(msg(action="bc:a:all")))[0]

    shown = await preview("Họp lúc 8h")
    assert "07:00" in shown.text
    actions = [b.action for row in shown.buttons for b in row]
    plain = next(a for a in actions if a.startswith("bc:ok:") and not a.endswith(":u"))
    assert any(a.startswith("bc:ok:") and a.endswith(":u") for a in actions)
    held = (await core.handle(msg(action=plain)))[0]
    assert "07:00" in held.text
    shown = await preview("Khẩn: mất điện")
    urgent = next(a for row in shown.buttons for a in (b.action for b in row) if a.endswith(":u"))
    sent = (await core.handle(msg(action=urgent)))[0]
    assert "07:00" not in sent.text
    priorities = dict(
        fresh_db.execute(
            "SELECT b.text LIKE '%Khẩn%', MIN(o.priority) FROM outbox o JOIN broadcasts b ON b.id = o.broadcast_id "
            "GROUP BY 1"
        ).fetchall()
    )
    assert priorities[1] < priorities[0]
    fake = FakeSender()
    sender = OutboxSender(fresh_db, [fake], clock, quiet_hours=QuietHours(ReminderPolicy))
    await sender.drain_once()
    bodies = [text for _, _, text in fake.sent]
    assert any("mất điện" in b for b in bodies) and not any("Họp lúc 8h" in b for b in bodies)
    clock.advance(timedelta(hours=5))
    await drain_until_settled(sender, fresh_db)
    assert any("Họp lúc 8h" in text for _, _, text in fake.sent)
