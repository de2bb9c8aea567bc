"""/thongbao flow, /thongbao_trangthai, /tatnhac, /batnhac, the 🔕 button and /nhacviec, driven through the
Core extension points (a faithful stand-in of bot.core's routing: commands, actions by verb, flows by
conversation-state prefix, roles)."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from bot import actions, broadcast
from bot.chat import FileRef, Incoming
from bot.clock import VN_TZ, FixedClock
from storage import people as people_db
from storage.outbox import broadcast_progress

CLOCK = FixedClock(datetime(2026, 11, 23, 9, 0, tzinfo=VN_TZ))


class StandInCore:
    """The parts of bot.core.Core that register(core) relies on."""

    def __init__(self, db):
        self.db = db
        self.clock = CLOCK
        self.commands, self.action_handlers, self.flows = {}, {}, {}

    def add_command(self, name, fn, roles=("admin", "leader", "member"), **_):
        self.commands[name] = (fn, roles)

    def add_action(self, verb, fn):
        self.action_handlers[verb] = fn

    def add_flow(self, prefix, fn):
        self.flows[prefix] = fn

    def get_state(self, incoming):
        return people_db.get_conversation(self.db, incoming.channel, incoming.chat_id, incoming.sender_id)

    def set_state(self, incoming, state, data):
        people_db.set_conversation(
            self.db, incoming.channel, incoming.chat_id, incoming.sender_id, state, data, now=self.clock.now()
        )

    def clear_state(self, incoming):
        return people_db.clear_conversation(self.db, incoming.channel, incoming.chat_id, incoming.sender_id)

    async def handle(self, incoming):
        person = people_db.find_by_identity(self.db, incoming.channel, incoming.sender_id)
        if incoming.action:
            return await self.action_handlers[actions.parse(incoming.action).verb](self, incoming, person)
        text = incoming.text or ""
        if text.startswith("/"):
            fn, roles = self.commands[text.split()[0][1:]]
            if person.role not in roles:
                return ["forbidden"]
            self.clear_state(incoming)
            return await fn(self, incoming, person)
        state = self.get_state(incoming)
        for prefix, fn in self.flows.items():
            if state and state.state.startswith(prefix):
                return await fn(self, incoming, person)
        return ["fallback"]


@pytest.fixture
def setup(fresh_db):
    db = fresh_db
    db.execute("INSERT INTO units (id, name, folded) VALUES (1, 'Phòng Kinh tế', 'phong kinh te')")
    db.execute("INSERT INTO units (id, name, folded) VALUES (2, 'Phòng Văn hóa', 'phong van hoa')")
    db.execute(
        "INSERT INTO plans (id, number, number_key, issuer_key, ingested_at) VALUES (1, '47/KH', '47/kh', '', 'x')"
    )
    db.execute(
        "INSERT INTO tasks (id, plan_id, task_key, content, content_folded, lead_unit_id) VALUES (5, 1, 'a', 'x', 'x', 2)"
    )
    ids = {}
    for ext, name, role, unit in [
        ("100", "Admin", "admin", None),
        ("101", "Hùng", "leader", 1),
        ("102", "Lan", "member", 1),
        ("103", "Mai", "member", 2),
    ]:
        ids[name] = people_db.add_user(
            db, channel="telegram", external_id=ext, name=name, role=role, unit_id=unit
        )
    core = StandInCore(db)
    broadcast.register(core)
    return core, ids


def msg(sender="100", text=None, action=None, file=None):
    return Incoming(channel="telegram", chat_id=sender, sender_id=sender, text=text, action=action, file=file)


def all_actions(replies):
    return [b.action for r in replies for row in r.buttons for b in row]


async def test_register_adds_commands_actions_and_flow(setup):
    core, _ = setup
    assert {"thongbao", "thongbao_trangthai", "tatnhac", "batnhac", "nhacviec"} <= set(core.commands)
    assert core.commands["thongbao"][1] == ("admin",)
    assert {"bc", "mt"} <= set(core.action_handlers) and "bc:" in core.flows


async def test_full_flow_to_a_unit_with_preview_count_and_confirm(setup):
    core, ids = setup
    assert "Soạn thông báo" in (await core.handle(msg(text="/thongbao")))[0].text
    replies = await core.handle(msg(text="Họp giao ban <thứ Hai> lúc 8h"))
    assert "bc:a:unit" in all_actions(replies)
    replies = await core.handle(msg(action="bc:a:unit"))
    assert all_actions(replies)[:2] == ["bc:u:1", "bc:u:2"]
    preview = (await core.handle(msg(action="bc:u:1")))[0]
    assert "Phòng Kinh tế" in preview.text and "2 người" in preview.text
    assert "&lt;thứ Hai&gt;" in preview.text  # the admin's text is escaped
    confirm = next(a for a in all_actions([preview]) if a.startswith("bc:ok:"))
    queued = (await core.handle(msg(action=confirm)))[0]
    assert "tới 2 người nhận" in queued.text
    rows = core.db.execute("SELECT person_id, payload FROM outbox ORDER BY person_id").fetchall()
    assert [r[0] for r in rows] == [ids["Hùng"], ids["Lan"]]
    assert "📢 <b>Thông báo</b>" in json.loads(rows[0][1])["text"]
    # Double tap on "Gửi": no second broadcast.
    again = (await core.handle(msg(action=confirm)))[0]
    assert "đã được gửi rồi" in again.text
    assert core.db.execute("SELECT COUNT(*) FROM broadcasts").fetchone()[0] == 1


@pytest.mark.parametrize(
    ("choice", "pick", "expected"),
    [("bc:a:all", None, 4), ("bc:a:role", "bc:r:leader", 1), ("bc:a:plan", "bc:p:1", 1)],
)
async def test_other_audiences(setup, choice, pick, expected):
    core, _ = setup
    await core.handle(msg(text="/thongbao"))
    await core.handle(msg(text="Thông báo chung"))
    replies = await core.handle(msg(action=choice))
    if pick:
        assert pick in all_actions(replies)
        replies = await core.handle(msg(action=pick))
    confirm = next(a for a in all_actions(replies) if a.startswith("bc:ok:"))
    await core.handle(msg(action=confirm))
    assert core.db.execute("SELECT total FROM broadcasts").fetchone()[0] == expected


async def test_attachment_is_carried_in_the_payload(setup):
    core, _ = setup
    await core.handle(msg(text="/thongbao"))
    file = FileRef("document", "FILE-ID-1", name="lich-hop.pdf")
    await core.handle(msg(text="Lịch họp tuần", file=file))
    preview = (await core.handle(msg(action="bc:a:all")))[0]
    assert "lich-hop.pdf" in preview.text
    await core.handle(msg(action=next(a for a in all_actions([preview]) if a.startswith("bc:ok:"))))
    payload = json.loads(core.db.execute("SELECT payload FROM outbox LIMIT 1").fetchone()[0])
    assert payload["attachment"] == {
        "kind": "document",
        "ref": "FILE-ID-1",
        "name": "lich-hop.pdf",
        "channel": "telegram",
    }


async def test_empty_cancel_and_stale_confirm(setup):
    core, _ = setup
    await core.handle(msg(text="/thongbao"))
    assert "Vui lòng gửi nội dung" in (await core.handle(msg(text="   ")))[0].text
    await core.handle(msg(text="Nội dung"))
    preview = await core.handle(msg(action="bc:a:all"))
    confirm = next(a for a in all_actions(preview) if a.startswith("bc:ok:"))
    assert "Đã hủy" in (await core.handle(msg(action="bc:no")))[0].text
    assert "không còn" in (await core.handle(msg(action=confirm)))[0].text
    assert core.db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0] == 0


async def test_non_admin_cannot_broadcast_even_by_forged_button(setup):
    core, _ = setup
    assert await core.handle(msg("102", text="/thongbao")) == ["forbidden"]
    assert "Chỉ quản trị viên" in (await core.handle(msg("102", action="bc:a:all")))[0].text
    assert "Chỉ quản trị viên" in (await core.handle(msg("102", action="bc:ok:abc")))[0].text


async def test_status_shows_progress(setup):
    core, _ = setup
    assert "Chưa có thông báo" in (await core.handle(msg(text="/thongbao_trangthai")))[0].text
    await core.handle(msg(text="/thongbao"))
    await core.handle(msg(text="Nội dung"))
    preview = await core.handle(msg(action="bc:a:all"))
    await core.handle(msg(action=next(a for a in all_actions(preview) if a.startswith("bc:ok:"))))
    status = (await core.handle(msg(text="/thongbao_trangthai")))[0].text
    assert "#1" in status and "đã gửi 0/4" in status and "đang chờ 4" in status and "Nội dung" in status
    assert broadcast_progress(core.db, 1)["pending"] == 4


async def test_pause_resume_and_mute(setup):
    core, ids = setup
    assert "Đã tạm dừng" in (await core.handle(msg("103", text="/tatnhac")))[0].text
    assert "đang tạm dừng" in (await core.handle(msg("103", text="/tatnhac")))[0].text
    assert people_db.get_person(core.db, ids["Mai"]).reminders_paused
    assert "Đã tắt nhắc" in (await core.handle(msg("103", action="mt:5")))[0].text
    assert "đã được tắt nhắc" in (await core.handle(msg("103", action="mt:5")))[0].text
    assert "Không tìm thấy" in (await core.handle(msg("103", action="mt:999")))[0].text
    resumed = (await core.handle(msg("103", text="/batnhac")))[0].text
    assert "kể cả 1 nhiệm vụ" in resumed
    assert not people_db.get_person(core.db, ids["Mai"]).reminders_paused
    assert core.db.execute("SELECT COUNT(*) FROM mutes").fetchone()[0] == 0


async def test_admin_views_and_changes_reminder_policy(setup):
    core, _ = setup
    shown = (await core.handle(msg(text="/nhacviec")))[0].text
    assert "before_days" in shown
    assert "Đã lưu" in (await core.handle(msg(text="/nhacviec before_days 10,5")))[0].text
    assert "Không đổi được" in (await core.handle(msg(text="/nhacviec send_at 23:00")))[0].text
    assert "Không đổi được" in (await core.handle(msg(text="/nhacviec colour blue")))[0].text
    from bot.reminders import load_policy

    assert load_policy(core.db).before_days == (10, 5)
    assert await core.handle(msg("102", text="/nhacviec")) == ["forbidden"]


async def test_through_the_real_core(setup):
    """The same flow through bot.core.Core as the composition root builds it (roles checked there too)."""
    from bot.app import build_core

    stand_in, ids = setup
    core = build_core(stand_in.db, None, CLOCK, assistant=object())
    assert {"thongbao", "thongbao_trangthai", "tatnhac", "batnhac", "nhacviec"} <= set(core.commands)
    assert "Soạn thông báo" in (await core.handle(msg(text="/thongbao")))[0].text
    replies = await core.handle(msg(text="Lịch trực Tết"))
    assert "bc:a:all" in all_actions(replies)
    preview = await core.handle(msg(action="bc:a:all"))
    assert "4 người" in preview[0].text
    queued = await core.handle(msg(action=next(a for a in all_actions(preview) if a.startswith("bc:ok:"))))
    assert "tới 4 người nhận" in queued[0].text
    member_reply = (await core.handle(msg("102", text="/thongbao")))[0].text
    assert "Soạn thông báo" not in member_reply  # refused by the core's role check
    assert "Đã tạm dừng" in (await core.handle(msg("102", text="/tatnhac")))[0].text
    assert "Đã tắt nhắc" in (await core.handle(msg("102", action="mt:5")))[0].text
