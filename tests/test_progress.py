"""Status updates through chat: every step, cancel, stale buttons, blocked alerts, history, /tiendo."""

from __future__ import annotations

import json

import pytest

from bot.chat import FileRef
from bot.compose import build_core
from bot.config import Config
from storage import people as people_db
from storage import progress as progress_db
from tests.core_fixtures import StubAssistant, button, buttons_of, clock, incoming, seed_plan

ADMIN, LEADER, MEMBER, OTHER = "1", "2", "3", "4"


@pytest.fixture
def world(fresh_db):
    ids = seed_plan(fresh_db)
    vhxh = ids["Phòng Văn hóa – Xã hội"]
    people_db.add_user(
        fresh_db, channel="telegram", external_id=ADMIN, name="Quản Trị", role="admin", unit_id=None
    )
    people_db.add_user(
        fresh_db, channel="telegram", external_id=LEADER, name="Lãnh Đạo", role="leader", unit_id=vhxh
    )
    people_db.add_user(
        fresh_db, channel="telegram", external_id=MEMBER, name="Thành Viên", role="member", unit_id=vhxh
    )
    people_db.add_user(
        fresh_db,
        channel="telegram",
        external_id=OTHER,
        name="Kinh Tế",
        role="leader",
        unit_id=ids["Phòng Kinh tế"],
    )
    return build_core(fresh_db, Config(), clock(), assistant=StubAssistant(fresh_db)), ids


async def _walk_to_note(core, who, task_label, status_label, percent_label=None):
    replies = await core.handle(incoming(who, "/capnhat"))
    replies = await core.handle(incoming(who, action=button(replies, task_label).action))
    replies = await core.handle(incoming(who, action=button(replies, status_label).action))
    if percent_label:
        replies = await core.handle(incoming(who, action=button(replies, percent_label).action))
    return replies


async def test_picker_lists_only_my_units_open_tasks(world):
    core, ids = world
    replies = await core.handle(incoming(MEMBER, "/capnhat"))
    labels = [b.label for b in buttons_of(replies)]
    assert any("hộ tịch" in label for label in labels)
    assert any("thanh toán" in label for label in labels)  # supported by the unit
    assert not any("kho dữ liệu" in label for label in labels)  # another unit's task


async def test_full_update_with_note_and_evidence(world):
    core, ids = world
    replies = await _walk_to_note(core, MEMBER, "hộ tịch", "Đang thực hiện", "60%")
    assert "ghi chú" in replies[0].text
    replies = await core.handle(incoming(MEMBER, "Đã số hóa 600 sổ <script>"))
    assert "minh chứng" in replies[0].text
    replies = await core.handle(incoming(MEMBER, file=FileRef("photo", "PHOTO-ID-1", None)))
    assert "Xác nhận" in replies[0].text and "&lt;script&gt;" in replies[0].text
    saved = await core.handle(incoming(MEMBER, action=button(replies, "Xác nhận").action))
    assert "Đã lưu" in saved[0].text
    task = progress_db.get_task(core.db, ids["task1"])
    assert (task["status"], task["percent"]) == ("in_progress", 60)
    [row] = progress_db.history(core.db, ids["task1"])
    assert row["note"] == "Đã số hóa 600 sổ <script>"
    assert (row["evidence_kind"], row["evidence_ref"], row["person"]) == ("photo", "PHOTO-ID-1", "Thành Viên")
    assert core.get_state(incoming(MEMBER)) is None


async def test_double_tapped_confirm_stores_one_update(world):
    core, ids = world
    replies = await _walk_to_note(core, MEMBER, "hộ tịch", "Hoàn thành")
    replies = await core.handle(incoming(MEMBER, action=button(replies, "Bỏ qua").action))
    replies = await core.handle(incoming(MEMBER, action=button(replies, "Bỏ qua").action))
    confirm = button(replies, "Xác nhận").action
    first = await core.handle(incoming(MEMBER, action=confirm))
    second = await core.handle(incoming(MEMBER, action=confirm))
    assert "Đã lưu" in first[0].text and "100%" in first[0].text
    assert "cũ" in second[0].text
    assert len(progress_db.history(core.db, ids["task1"])) == 1


async def test_finished_task_leaves_the_open_and_overdue_lists(world):
    core, ids = world
    progress_db.record_update(core.db, task_id=ids["task1"], person_id=None, status="done", percent=40)
    task = progress_db.get_task(core.db, ids["task1"])
    assert (task["status"], task["percent"]) == ("done", 100)
    open_ids = [
        t["id"]
        for t in progress_db.open_tasks_for(core.db, unit_id=ids["Phòng Văn hóa – Xã hội"], person_id=None)
    ]
    assert ids["task1"] not in open_ids
    from tests.core_fixtures import TODAY

    tasks = progress_db.unit_progress(core.db, ids["Phòng Văn hóa – Xã hội"], TODAY)
    assert not [t for t in tasks if t["id"] == ids["task1"]][0]["overdue"]


async def test_blocked_update_alerts_the_unit_leader_and_admins(world):
    core, ids = world
    replies = await _walk_to_note(core, MEMBER, "hộ tịch", "Gặp vướng mắc", "30%")
    replies = await core.handle(incoming(MEMBER, "Thiếu máy quét"))
    replies = await core.handle(incoming(MEMBER, action=button(replies, "Bỏ qua").action))
    saved = await core.handle(incoming(MEMBER, action=button(replies, "Xác nhận").action))
    assert "đã được báo" in saved[0].text
    rows = core.db.execute("SELECT chat_id, payload FROM outbox ORDER BY chat_id").fetchall()
    assert [r[0] for r in rows] == [ADMIN, LEADER]  # not the other unit's leader, not the reporter
    assert "Thiếu máy quét" in json.loads(rows[0][1])["text"]


async def test_cancel_at_every_step(world):
    core, _ = world
    for steps in (0, 1, 2, 3):
        replies = await core.handle(incoming(MEMBER, "/capnhat"))
        labels = ["hộ tịch", "Đang thực hiện", "50%"]
        for label in labels[:steps]:
            replies = await core.handle(incoming(MEMBER, action=button(replies, label).action))
        cancelled = await core.handle(incoming(MEMBER, "/huy"))
        assert "Đã hủy" in cancelled[0].text
        assert core.get_state(incoming(MEMBER)) is None


async def test_cancel_button_and_stale_step_buttons(world):
    core, _ = world
    replies = await core.handle(incoming(MEMBER, "/capnhat"))
    pick = button(replies, "hộ tịch").action
    status_step = await core.handle(incoming(MEMBER, action=pick))
    # Tapping the picker again (an older message) is stale now that the run moved on.
    assert "cũ" in (await core.handle(incoming(MEMBER, action=pick)))[0].text
    cancel = await core.handle(incoming(MEMBER, action=button(status_step, "Hủy").action))
    assert "Đã hủy" in cancel[0].text
    assert (
        "cũ" in (await core.handle(incoming(MEMBER, action=button(status_step, "Hoàn thành").action)))[0].text
    )


async def test_text_in_a_button_step_repeats_the_step(world):
    core, _ = world
    replies = await core.handle(incoming(MEMBER, "/capnhat"))
    await core.handle(incoming(MEMBER, action=button(replies, "hộ tịch").action))
    # Text that is not a question repeats the step (a question is answered: test_questions_in_flows).
    replies = await core.handle(incoming(MEMBER, "ok anh"))
    assert "chọn một nút" in replies[0].text
    assert button(replies, "Gặp vướng mắc")
    assert core.assistant.askers == []


@pytest.mark.parametrize("typed, ok", [("75", True), ("75%", True), ("150", False)])
async def test_typed_percent(world, typed, ok):
    core, _ = world
    await _walk_to_note(core, MEMBER, "hộ tịch", "Đang thực hiện")
    replies = await core.handle(incoming(MEMBER, typed))
    assert ("ghi chú" in replies[0].text) is ok


async def test_note_too_long_is_refused_and_kept_waiting(world):
    core, _ = world
    await _walk_to_note(core, MEMBER, "hộ tịch", "Đang thực hiện", "10%")
    replies = await core.handle(incoming(MEMBER, "x" * 1500))
    assert "quá dài" in replies[0].text
    assert core.get_state(incoming(MEMBER)).state == "progress:note"


async def test_update_button_on_another_units_task_is_refused(world):
    core, ids = world
    replies = await core.handle(incoming(MEMBER, action=f"pu:{ids['task5']}"))
    assert "không thuộc đơn vị" in replies[0].text
    admin = await core.handle(incoming(ADMIN, action=f"pu:{ids['task5']}"))
    assert button(admin, "Hoàn thành")


async def test_state_survives_a_new_core(world):
    core, ids = world
    await _walk_to_note(core, MEMBER, "hộ tịch", "Đang thực hiện", "20%")
    restarted = build_core(core.db, Config(), clock(), assistant=StubAssistant(core.db))
    replies = await restarted.handle(incoming(MEMBER, "ghi chú sau khởi động lại"))
    assert "minh chứng" in replies[0].text


async def test_history_in_details_newest_first(world):
    core, ids = world
    from datetime import timedelta

    progress_db.record_update(
        core.db, task_id=ids["task1"], person_id=3, status="in_progress", percent=20, now=core.clock.now()
    )
    core.clock.advance(timedelta(days=2))
    progress_db.record_update(
        core.db,
        task_id=ids["task1"],
        person_id=3,
        status="in_progress",
        percent=70,
        note="gần xong",
        now=core.clock.now(),
    )
    replies = await core.handle(incoming(MEMBER, action=f"td:{ids['task1']}"))
    text = replies[-1].text
    assert text.index("70%") < text.index("20%") and "gần xong" in text


async def test_tiendo_for_leaders_overdue_first_and_members_refused(world):
    core, ids = world
    progress_db.record_update(core.db, task_id=ids["task2"], person_id=None, status="in_progress", percent=50)
    replies = await core.handle(incoming(LEADER, "/tiendo"))
    text = replies[0].text
    assert "Phòng Văn hóa – Xã hội" in text and "kho dữ liệu" not in text
    assert text.index("hộ tịch") < text.index("Tuyên truyền")  # overdue first
    assert "50%" in text
    refused = await core.handle(incoming(MEMBER, "/tiendo"))
    assert "không có quyền" in refused[0].text
    admin = await core.handle(incoming(ADMIN, "/tiendo"))
    assert "Phòng Kinh tế" in admin[0].text and "Phòng Văn hóa – Xã hội" in admin[0].text


async def test_admin_assigns_a_task_and_the_person_may_update_it(world):
    core, ids = world
    replies = await core.handle(incoming(ADMIN, "/giaoviec"))
    replies = await core.handle(incoming(ADMIN, "kho dữ liệu"))
    replies = await core.handle(incoming(ADMIN, action=button(replies, "kho dữ liệu").action))
    done = await core.handle(incoming(ADMIN, action=button(replies, "Thành Viên").action))
    assert "Đã giao" in done[0].text
    member = people_db.find_by_identity(core.db, "telegram", MEMBER)
    assert progress_db.is_assigned(core.db, ids["task5"], member.id)
    picker = await core.handle(incoming(MEMBER, "/capnhat"))
    assert button(picker, "kho dữ liệu")
    payloads = [
        json.loads(r[0]) for r in core.db.execute("SELECT payload FROM outbox WHERE chat_id = ?", [MEMBER])
    ]
    assert payloads and payloads[0]["buttons"][0][0]["action"] == f"pu:{ids['task5']}"


async def test_an_abandoned_conversation_expires(world):
    from datetime import timedelta

    core, _ = world
    replies = await core.handle(incoming(MEMBER, "/capnhat"))
    pick = button(replies, "hộ tịch").action
    core.clock.advance(timedelta(hours=7))
    answer = await core.handle(incoming(MEMBER, "hộ tịch"))
    assert "Kết quả" in answer[0].text  # answered as a question, not "pick a button"
    assert "cũ" in (await core.handle(incoming(MEMBER, action=pick)))[0].text
