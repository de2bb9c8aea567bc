"""Follow-ups continue the chat's last question: paging by word, "cái số N", "nó", "còn X thì sao?"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.assistant import Asker, Assistant
from knowledge.conversation import follow_up
from storage import qa_context
from tests import qa_world
from tests.qa_world import TODAY


def _asker(chat="console:1:1"):
    return Asker(None, "", "member", None, None, chat=chat)


def _assistant(fresh_db):
    qa_world.build(fresh_db, many=True)
    return Assistant(fresh_db)


def test_paging_item_it_and_swap(fresh_db):
    assistant = _assistant(fresh_db)
    first = assistant.ask("Phòng Kinh tế có việc gì", _asker(), today=TODAY)
    assert "trang 1/" in first.text
    second = assistant.ask("tiếp", _asker(), today=TODAY)
    assert "trang 2/" in second.text and second.tasks[0]["id"] not in {t["id"] for t in first.tasks[:10]}
    assert "trang 3/" in assistant.ask("trang 3", _asker(), today=TODAY).text
    third = assistant.ask("cái số 3 hạn khi nào", _asker(), today=TODAY)
    assert third.tasks == [first.tasks[2]] or third.tasks[0]["id"] == first.tasks[2]["id"]
    it = assistant.ask("nó ai chủ trì", _asker(), today=TODAY)
    assert it.tasks[0]["id"] == first.tasks[2]["id"] and "Phòng Kinh tế" in it.text
    other = assistant.ask("còn Phòng Văn hóa – Xã hội thì sao?", _asker(), today=TODAY)
    assert other.tasks and all(t["lead"] == qa_world.VH for t in other.tasks)


def test_context_is_per_chat_and_short_lived(fresh_db):
    assistant = _assistant(fresh_db)
    assistant.ask("Phòng Kinh tế có việc gì", _asker("telegram:1:1"), today=TODAY)
    assert "Chưa có câu hỏi trước" in assistant.ask("tiếp", _asker("zalo:2:2"), today=TODAY).text
    assert qa_context.load(fresh_db, "telegram:1:1", now=datetime.now(UTC)) is not None
    later = datetime.now(UTC) + qa_context.TTL + timedelta(minutes=1)
    assert qa_context.load(fresh_db, "telegram:1:1", now=later) is None
    assert qa_context.prune(fresh_db, now=later) == 1


def test_item_beyond_the_list_says_so(fresh_db):
    assistant = _assistant(fresh_db)
    assistant.ask("ai chủ trì làm sạch dữ liệu hộ tịch", _asker(), today=TODAY)
    assert "chỉ có" in assistant.ask("cái số 9", _asker(), today=TODAY).text


def test_follow_up_reading():
    assert follow_up("tiếp").kind == "next"
    assert (follow_up("trang 2").kind, follow_up("trang 2").number) == ("page", 2)
    assert (follow_up("cái số 3 hạn khi nào").number, follow_up("cái số 3 hạn khi nào").rest) == (
        3,
        "han khi nao",
    )
    assert follow_up("nó ai chủ trì").kind == "item"
    assert follow_up("còn Phòng Kinh tế thì sao?").rest == "phong kinh te"
    for text in ("việc số 3.2", "việc nào quá hạn?", "tiếp nhận hồ sơ trực tuyến"):
        assert follow_up(text) is None, text
