"""The Assistant contract the core relies on: ask → Answer(intent, tasks, replies), buttons for details
and paging, named queries, English, never an empty reply."""

from __future__ import annotations

from datetime import date

import pytest

from bot import actions
from bot.assistant import Answer, Asker, Assistant, asker_for_unit
from bot.chat import Reply
from bot.clock import FixedClock
from tests import qa_world
from tests.qa_world import TODAY


@pytest.fixture
def assistant(fresh_db):
    qa_world.build(fresh_db, many=True)
    from datetime import datetime

    return Assistant(fresh_db, FixedClock(datetime(2025, 8, 1, 9, 0)))


def member(assistant, unit=None, lang="vi") -> Asker:
    return asker_for_unit(assistant, unit, language=lang)


def all_actions(replies):
    return [b.action for r in replies for row in r.buttons for b in row]


def test_answer_shape(assistant):
    answer = assistant.ask("Phòng Kinh tế có nhiệm vụ gì?", member(assistant), today=TODAY)
    assert isinstance(answer, Answer) and answer.intent == "list"
    assert all(isinstance(r, Reply) for r in answer.replies) and answer.replies[0].text
    first = answer.tasks[0]
    assert set(first) >= {"id", "plan", "code", "content", "lead", "deadline", "status", "percent"}
    assert len(answer.tasks) == 27  # all matching, not only the first page
    assert "27 nhiệm vụ, trang 1/3" in answer.replies[0].text


def test_paging_buttons_walk_the_list(assistant):
    asker = member(assistant)
    answer = assistant.ask("Phòng Kinh tế có nhiệm vụ gì?", asker, today=TODAY)
    nxt = [a for a in all_actions(answer.replies) if a.startswith("pg:")]
    assert len(nxt) == 1
    page2 = assistant.on_action(actions.parse(nxt[0]), asker, today=TODAY)
    assert "trang 2/3" in page2[0].text and "<b>11.</b>" in page2[0].text and page2[0].edit
    back = [a for a in all_actions(page2) if a.startswith("pg:") and a.endswith(":1")]
    first = assistant.on_action(actions.parse(back[0]), asker, today=TODAY)[0]
    assert "trang 1/3" in first.text and first.edit
    assert not answer.replies[0].edit  # a new question is a new message


@pytest.mark.parametrize("key", ["zz", "fffff", "", "-1"])
def test_unknown_page_button_asks_again(assistant, key):
    replies = assistant.on_action(actions.Action("pg", (key, "2")), member(assistant), today=TODAY)
    assert "hỏi lại" in replies[0].text


def test_page_buttons_still_work_after_a_restart(assistant, fresh_db):
    asker = member(assistant, unit="Phòng Kinh tế")
    answer = assistant.ask("việc của tôi trong quý 4", asker, today=TODAY)  # a window and the unit
    nxt = [a for a in all_actions(answer.replies) if a.startswith("pg:")]
    assert nxt, answer.replies[0].text
    restarted = Assistant(fresh_db, assistant.clock)  # a new process: nothing kept in memory
    page2 = restarted.on_action(actions.parse(nxt[0]), asker, today=TODAY)
    assert "1/10/2025 đến 31/12/2025: 25 nhiệm vụ, trang 2/3" in page2[0].text
    again = assistant.on_action(actions.parse(nxt[0]), asker, today=TODAY)
    assert again[0].text == page2[0].text


def test_old_lists_are_dropped(assistant, monkeypatch):
    from storage import answer_lists

    monkeypatch.setattr(answer_lists, "KEEP", 50)
    asker = member(assistant)
    first = assistant.ask("Phòng Kinh tế có nhiệm vụ gì?", asker, today=TODAY)
    old = next(a for a in all_actions(first.replies) if a.startswith("pg:"))
    for _ in range(150):
        assistant.ask("Phòng Kinh tế có nhiệm vụ gì?", asker, today=TODAY)
    assert "hỏi lại" in assistant.on_action(actions.parse(old), asker, today=TODAY)[0].text
    stored = assistant.db.execute("SELECT COUNT(*) FROM answer_lists").fetchone()[0]
    assert stored <= 50 + 100


def test_details_button(assistant, fresh_db):
    answer = assistant.ask("hạn chót KIOSK y tế thông minh", member(assistant), today=TODAY)
    assert answer.intent == "when" and "lộ trình của thành phố" in answer.replies[0].text
    td = [a for a in all_actions(answer.replies) if a.startswith("td:")]
    details = assistant.on_action(actions.parse(td[0]), member(assistant), today=TODAY)
    assert "KIOSK" in details[0].text and "Chủ trì: Phòng Văn hóa – Xã hội" in details[0].text
    assert assistant.on_action(actions.Action("zz", ()), member(assistant), today=TODAY) is None


def test_details_of_a_missing_task(assistant):
    assert "không còn" in assistant.task_details(999999, member(assistant), today=TODAY)[0].text


def test_who_answer_names_the_lead(assistant):
    answer = assistant.ask("ai chu tri lam sach du lieu ho tich", member(assistant), today=TODAY)
    assert answer.intent == "who" and "Văn phòng HĐND và UBND xã" in answer.replies[0].text
    assert answer.tasks[0]["code"] == "3.1"


def test_named_queries(assistant):
    kt = member(assistant, qa_world.KT)
    mine = assistant.my_tasks(kt, TODAY)
    assert "27 nhiệm vụ" in mine[0].text or "28 nhiệm vụ" in mine[0].text
    soon = assistant.due_soon(kt, date(2025, 8, 25), days=7)
    assert "2.1" in soon[0].text and "còn 6 ngày" in soon[0].text
    late = assistant.overdue(kt, date(2025, 9, 2))
    assert "quá hạn 2 ngày" in late[0].text
    nobody = member(assistant)
    assert "chưa thuộc đơn vị" in assistant.my_tasks(nobody, TODAY)[0].text
    assert assistant.overdue(nobody, date(2025, 9, 2))[0].text  # everyone's overdue work


@pytest.mark.parametrize(
    "text", ["", "   ", "xin chào", "asdf qwer", "?", "x" * 10_000_000, "kế hoạch 999 ban hành ngày nào"]
)
def test_never_an_empty_reply(assistant, text):
    answer = assistant.ask(text, member(assistant), today=TODAY)
    assert answer.replies and all(r.text.strip() for r in answer.replies)


def test_plan_duty_and_target_answers(assistant):
    asker = member(assistant)
    assert "11/7/2025" in assistant.ask("kế hoạch 47a ban hành ngày nào", asker, today=TODAY).replies[0].text
    assert (
        "Kim Thành"
        in assistant.ask("ke hoach 47a do co quan nao ban hanh", asker, today=TODAY).replies[0].text
    )
    assert (
        "12/KH-UBND"
        in assistant.ask("kế hoạch 47a thay thế kế hoạch nào", asker, today=TODAY).replies[0].text
    )
    assert "18" in assistant.ask("báo cáo hằng tháng vào ngày nào", asker, today=TODAY).replies[0].text
    assert "&gt;80%" in assistant.ask("tỷ lệ phủ sóng 5G năm 2030", asker, today=TODAY).replies[0].text
    assert (
        "Không tìm thấy kế hoạch" in assistant.ask("kế hoạch 999 ban hành ngày nào", asker, today=TODAY).text
    )


def test_english(assistant):
    answer = assistant.ask("việc nào quá hạn", member(assistant, lang="en"), today=date(2025, 9, 5))
    assert "overdue" in answer.text and "30 Jul 2025" in answer.text
    assert "Examples" in assistant.ask("help", member(assistant, lang="en"), today=TODAY).text


def test_user_text_is_escaped(assistant):
    answer = assistant.ask("<b>nhiệm vụ về</b> <script>", member(assistant), today=TODAY)
    assert "<script>" not in answer.text


def test_today_defaults_to_the_clock(assistant):
    answer = assistant.ask("việc nào quá hạn", member(assistant))
    assert "1/8/2025" in answer.text


def test_core_with_the_real_assistant(fresh_db):
    """The composition root builds this Assistant and the core answers a question through it."""
    import asyncio
    from datetime import datetime

    from bot.chat import Incoming
    from bot.compose import build_core
    from bot.config import Config

    qa_world.build(fresh_db)
    core = build_core(fresh_db, Config(admins=("1",)), FixedClock(datetime(2025, 8, 1, 9, 0)))
    assert isinstance(core.assistant, Assistant)
    replies = asyncio.run(
        core.handle(Incoming(channel="telegram", chat_id="1", sender_id="1", text="/start", today=TODAY))
    )
    assert replies


def test_a_plan_named_by_its_subject_answers_its_number(fresh_db):
    from bot.assistant import Assistant, asker_for_unit
    from knowledge.models import Deadline, ParsedPlan, ParsedTask
    from storage.plans import save_plan

    task = ParsedTask(
        "1", "Triển khai bệnh án điện tử", "Bệnh viện tỉnh", [], Deadline("none", None, "", False)
    )
    task.position = 0
    save_plan(
        fresh_db,
        ParsedPlan(
            number="2317/KH-SYT", issuer="Sở Y tế", title="Chuyển đổi số ngành Y tế tỉnh", tasks=[task]
        ),
    )
    assistant = Assistant(fresh_db)
    asker = asker_for_unit(assistant, None)
    assert "2317/KH-SYT" in assistant.ask("kh chuyen doi so nganh y te so may", asker).text
    assert "2317" not in assistant.ask("kh phong chong thien tai so may", asker).text.split("Các kế hoạch")[0]


def _decision_with_a_plan(db):
    """A commune chairman's decision (it carries a plan, replaces an older one) saved through the real parser."""
    from knowledge.plan_parser import parse_plan
    from storage.plans import save_plan

    text = (
        "ỦY BAN NHÂN DÂN XÃ AN KHÊ\nSố: 377/QĐ-UBND\nAn Khê, ngày 04 tháng 8 năm 2026\n\nQUYẾT ĐỊNH\n"
        "Ban hành Kế hoạch chuyển đổi số năm 2026\n\nĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch chuyển "
        "đổi số năm 2026. Kế hoạch này thay thế Kế hoạch số 61/KH-UBND ngày 02/3/2026.\n\n"
        "II. CHỈ TIÊU ĐẾN HẾT NĂM 2026\n- 90% người dân từ 14 tuổi có tài khoản định danh điện tử mức 2.\n"
        "- 100% cán bộ xã sử dụng chữ ký số cá nhân.\n\nIII. NHIỆM VỤ\n"
        "1. Công an xã chủ trì kích hoạt tài khoản định danh cho người dân, hoàn thành trước 30/11/2026.\n"
    )
    save_plan(db, parse_plan(text))


@pytest.mark.parametrize(
    ("question", "says", "not_says"),
    [
        # two facts asked at once: both answered; the document named as what it is
        (
            "qd 377 ban hanh ngay may, thay the kh nao",
            ["04/8/2026", "61/KH-UBND", "Quyết định"],
            ["Kế hoạch 377"],
        ),
        ("qd 377 ban hanh ngay may", ["04/8/2026"], ["61/KH-UBND"]),
        # a target asked with a phone shorthand and the question's own words ("là bn %")
        ("chi tieu tk dinh danh xa an khe la bn %", ["90%"], ["100%"]),
        ("chỉ tiêu chữ ký số", ["100%"], ["90%"]),
    ],
)
def test_facts_of_a_decision_and_its_targets(fresh_db, question, says, not_says):
    _decision_with_a_plan(fresh_db)
    assistant = Assistant(fresh_db)
    text = assistant.ask(question, asker_for_unit(assistant, None), today=date(2026, 9, 1)).text
    assert all(s in text for s in says), text
    assert not any(s in text for s in not_says), text


def test_a_tasks_expected_result_is_answered_with_its_details(fresh_db):
    from knowledge.models import Deadline, ParsedPlan, ParsedTask
    from storage.plans import save_plan

    none = Deadline("none", None, "", False)
    talks = ParsedTask(
        "3", "Đối thoại chính sách với người lao động tại khu công nghiệp", "Phòng Truyền thông", [], none
    )
    talks.result = "1.500 người lao động được đối thoại trực tiếp"
    other = ParsedTask("4", "Số hóa hồ sơ hưởng trợ cấp", "Phòng Chế độ", [], none)
    for i, task in enumerate((talks, other)):
        task.position = i
    save_plan(fresh_db, ParsedPlan(number="88/KH-BHXH", issuer="Bảo hiểm xã hội tỉnh", tasks=[talks, other]))
    assistant = Assistant(fresh_db)
    text = assistant.ask(
        "đối thoại với người lao động kcn cần đạt kết quả gì", asker_for_unit(assistant, None)
    ).text
    assert "1.500 người lao động" in text and "Số hóa" not in text
