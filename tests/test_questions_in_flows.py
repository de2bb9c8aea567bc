"""A question typed in the middle of a conversation is answered and the conversation kept: never stored
as the /capnhat note, never answered with "please pick a button"."""

from __future__ import annotations

from datetime import date

from knowledge.conversation import looks_like_question
from storage import progress as progress_db
from tests.core_fixtures import incoming
from tests.test_progress import MEMBER, _walk_to_note, world  # noqa: F401  (the fixture)

TODAY = date(2025, 8, 1)


async def test_question_at_the_note_step_is_answered_not_saved(world):  # noqa: F811
    core, _ = world
    await _walk_to_note(core, MEMBER, "hộ tịch", "Đang thực hiện", "60%")
    replies = await core.handle(incoming(MEMBER, "việc nào quá hạn?"))
    assert "cập nhật tiến độ" in replies[-1].text  # the reminder that the update is still open
    assert core.get_state(incoming(MEMBER)).state == "progress:note"
    # The note typed next is still taken as the note.
    await core.handle(incoming(MEMBER, "Đã số hóa 600 sổ"))
    assert core.get_state(incoming(MEMBER)).state == "progress:evidence"


async def test_question_at_a_button_step_is_answered_and_the_step_kept(world):  # noqa: F811
    core, _ = world
    replies = await core.handle(incoming(MEMBER, "/capnhat"))
    state = core.get_state(incoming(MEMBER)).state
    replies = await core.handle(incoming(MEMBER, "hạn chót làm sạch dữ liệu hộ tịch?"))
    assert "Vui lòng chọn" not in replies[0].text
    assert core.get_state(incoming(MEMBER)).state == state


async def test_a_plain_note_is_still_a_note(world):  # noqa: F811
    core, _ = world
    await _walk_to_note(core, MEMBER, "hộ tịch", "Đang thực hiện", "60%")
    await core.handle(incoming(MEMBER, "đã xong phần khảo sát, chờ sở duyệt"))
    assert core.get_state(incoming(MEMBER)).state == "progress:evidence"
    assert progress_db  # the update is stored only at confirm


def test_looks_like_question():
    for text in (
        "việc nào quá hạn?",
        "hạn chót làm sạch dữ liệu hộ tịch?",
        "ai chu tri kiosk y te",
        "kh 415 co bn nv",
    ):
        assert looks_like_question(text, TODAY), text
    for text in ("50", "đã xong phần khảo sát, chờ sở duyệt", "Đã số hóa 600 sổ", "", "ok"):
        assert not looks_like_question(text, TODAY), text
