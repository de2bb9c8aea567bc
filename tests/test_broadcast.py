"""/thongbao flow, /thongbao_trangthai, /tatnhac, /batnhac, the 🔕 button and /nhacviec (the broadcast and
reminder-preference rooms), driven through the real core as the composition root builds it."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from bot.chat import FileRef, Incoming
from bot.clock import VN_TZ, FixedClock
from bot.compose import build_core
from knowledge.messages import t
from storage import people as people_db
from storage.outbox import broadcast_progress

CLOCK = FixedClock(datetime(2026, 11, 23, 9, 0, tzinfo=VN_TZ))


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
    return build_core(db, None, CLOCK, assistant=object()), ids


def msg(sender="100", text=None, action=None, file=None):
    return Incoming(channel="telegram", chat_id=sender, sender_id=sender, text=text, action=action, file=file)


def all_actions(replies):
    return [b.action for r in replies for row in r.buttons for b in row]


async def test_rooms_declare_commands_buttons_and_flow_with_roles(setup):
    core, _ = setup
    assert {"thongbao", "thongbao_trangthai", "tatnhac", "batnhac", "nhacviec"} <= set(core.commands)
    assert core.commands["thongbao"].roles == ("admin",)
    assert core.buttons["bc"].roles == ("admin",) and core.flows["bc:"].roles == ("admin",)
    assert core.buttons["mt"].roles == ("admin", "leader", "member")


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
    forbidden = t("vi", "core.forbidden")
    assert (await core.handle(msg("102", text="/thongbao")))[0].text == forbidden
    assert (await core.handle(msg("102", action="bc:a:all")))[0].text == forbidden
    assert (await core.handle(msg("102", action="bc:ok:abc")))[0].text == forbidden
    assert core.db.execute("SELECT COUNT(*) FROM broadcasts").fetchone()[0] == 0


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
    assert "không hợp lệ" in (await core.handle(msg(text="/nhacviec send_at 23:00")))[0].text
    assert "Không có mục «colour»" in (await core.handle(msg(text="/nhacviec colour blue")))[0].text
    assert "Thiếu giá trị" in (await core.handle(msg(text="/nhacviec send_at")))[0].text
    from bot.reminders import load_policy

    assert load_policy(core.db).before_days == (10, 5)
    assert (await core.handle(msg("102", text="/nhacviec")))[0].text == t("vi", "core.forbidden")
