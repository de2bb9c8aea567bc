"""Answer composition: Vietnamese dates, how far, conditional deadlines explained, paging, escaping."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge import answer as ans
from knowledge.question import Question, Window
from knowledge.search import Result

TODAY = date(2025, 8, 1)


def task(**kw):
    base = {
        "id": 1,
        "code": "1.1",
        "content": "Số hóa sổ hộ tịch",
        "plan_number": "47a/KH-UBND",
        "lead_name": "Phòng Văn hóa – Xã hội",
        "lead_text": None,
        "deadline_kind": "date",
        "due_date": "2025-07-30",
        "deadline_text": "trước 30/7/2025",
        "recurring": 0,
        "deadline_condition": None,
        "status": "not_started",
        "percent": 0,
    }
    base.update(kw)
    return base


@pytest.mark.parametrize(
    ("kw", "lang", "expected"),
    [
        ({}, "vi", "30/7/2025"),
        ({"deadline_kind": "month", "due_date": "2025-08-31"}, "vi", "tháng 8/2025"),
        ({"deadline_kind": "recurring", "due_date": None}, "vi", "thường xuyên"),
        ({"deadline_kind": "month", "due_date": "2025-08-31", "recurring": 1}, "vi", "tháng 8/2025, sau đó"),
        (
            {
                "deadline_kind": "conditional",
                "due_date": None,
                "deadline_condition": "theo lộ trình của thành phố",
            },
            "vi",
            "không có ngày cố định — theo lộ trình của thành phố",
        ),
        ({"deadline_kind": "none", "due_date": None}, "vi", "không ghi hạn"),
        ({}, "en", "30 Jul 2025"),
        ({"deadline_kind": "month", "due_date": "2025-08-31"}, "en", "August 2025"),
        # a programme's slot: its hour is when
        ({"deadline_text": "09h00 - 10h30 ngày 30/7/2025"}, "vi", "09h00 ngày 30/7/2025"),
        ({"deadline_text": "trước 16:00 ngày 30/7/2025"}, "en", "16:00 on 30 Jul 2025"),
    ],
)
def test_deadline_words(kw, lang, expected):
    assert expected in ans.deadline_words(task(**kw), lang)


@pytest.mark.parametrize(
    ("kw", "expected"),
    [
        ({"due_date": "2025-08-06"}, "còn 5 ngày"),
        ({"due_date": "2025-07-20"}, "quá hạn 12 ngày"),
        ({"due_date": "2025-08-01"}, "đến hạn hôm nay"),
        ({"due_date": "2025-07-20", "status": "done"}, "đã hoàn thành"),
        ({"due_date": None, "deadline_kind": "recurring"}, None),
    ],
)
def test_how_far(kw, expected):
    assert ans.how_far(task(**kw), TODAY, "vi") == expected


def test_task_line_shows_plan_code_lead_deadline_and_escapes():
    line = ans.task_line(1, task(content="Kết nối <script> & dữ liệu"), TODAY, "vi")
    assert "47a/KH-UBND" in line and "1.1" in line and "Phòng Văn hóa – Xã hội" in line
    assert "30/7/2025" in line and "quá hạn 2 ngày" in line
    assert "<script>" not in line and "&lt;script&gt;" in line


def _result(n):
    tasks = [task(id=i, code=f"1.{i}") for i in range(1, n + 1)]
    return Result(Question(text="", folded=""), "list", tasks, n)


def test_pages_of_ten():
    text = ans.list_text(_result(12), 1, TODAY, "vi")
    assert "12 nhiệm vụ, trang 1/2" in text and "<b>10.</b>" in text and "<b>11.</b>" not in text
    text2 = ans.list_text(_result(12), 2, TODAY, "vi")
    assert "trang 2/2" in text2 and "<b>11.</b>" in text2 and "<b>1.</b>" not in text2
    assert "trang" not in ans.list_text(_result(3), 1, TODAY, "vi")
    assert "12 tasks, page 1/2" in ans.list_text(_result(12), 1, TODAY, "en")


def test_empty_list_says_so_with_a_hint():
    text = ans.list_text(_result(0), 1, TODAY, "vi")
    assert "Không tìm thấy" in text and "ví dụ" in text


def test_month_window_in_words():
    assert ans.window_words(Window(date(2025, 8, 1), date(2025, 8, 31), ""), "vi") == "trong tháng 8/2025"
    assert ans.window_words(Window(None, date(2025, 12, 15), ""), "vi") == "trước 15/12/2025"


def test_summary_is_one_short_line():
    text = ans.summary("a\nb " + "x" * 300)
    assert "\n" not in text and len(text) <= ans.SUMMARY_CHARS + 1


def test_task_json_shape():
    data = ans.task_json(task())
    assert set(data) >= {"id", "plan", "code", "content", "lead", "deadline", "status", "percent"}
    assert data["deadline"]["kind"] == "date" and data["deadline"]["due"] == "2025-07-30"
    assert data["deadline"]["text"] == "30/7/2025"


@pytest.mark.parametrize(
    ("text", "due", "expected"),
    [
        ("hoàn thành trong Quý I/2027", "2027-03-31", "Quý I/2027"),
        ("hoan thanh trong quy III/2026", "2026-09-30", "Quý III/2026"),
        ("hoàn thành trong năm 2027", "2027-12-31", "năm 2027"),
        ("hoàn thành trong tháng 12/2027", "2027-12-31", "tháng 12/2027"),
        ("hodn thanh trong thang 8/2025", "2025-08-31", "tháng 8/2025"),
    ],
)
def test_period_deadlines_read_as_the_plan_wrote_them(text, due, expected):
    from knowledge.answer import deadline_words

    assert (
        deadline_words({"deadline_kind": "month", "due_date": due, "deadline_text": text}, "vi") == expected
    )


@pytest.mark.parametrize(
    ("duty", "lang", "words"),
    [
        ({"frequency": "weekly", "day": 5}, "vi", "hằng tuần, thứ Sáu"),
        ({"frequency": "weekly", "day": 7}, "en", "weekly, on Sunday"),
        ({"frequency": "quarterly", "day": 15, "month": 3}, "vi", "hằng quý, ngày 15 tháng cuối quý"),
        ({"frequency": "monthly", "day": 18}, "vi", "hằng tháng, ngày 18"),
        ({"frequency": "weekly", "day": None}, "vi", "định kỳ"),
    ],
)
def test_duty_schedule_words(duty, lang, words):
    from knowledge.answer import duty_line

    assert words in duty_line({**duty, "plan_number": "9/KH-UBND", "text": "báo cáo"}, lang)


@pytest.mark.parametrize(
    ("folded", "shown"),
    [
        ("ai chiu trach nhiem so hoa ho so nguoi co cong", True),  # the answerable leader, then the lead
        ("ai chu tri so hoa ho so nguoi co cong", False),  # who leads: the lead only
    ],
)
def test_who_is_answerable_for_a_five_clear_task(folded, shown):
    from knowledge import question as qmod

    best = task(content="Số hóa hồ sơ người có công (trách nhiệm: đồng chí Lò Thị Sen, Phó Chủ tịch UBND xã)")
    result = Result(Question(text=folded, folded=folded), qmod.WHO, [best], 1)
    text = ans.one_task_text(result, date(2025, 8, 1), "vi")
    assert ("Người chịu trách nhiệm: đồng chí Lò Thị Sen" in text) is shown
    assert "Phòng Văn hóa – Xã hội" in text


@pytest.mark.parametrize(
    ("folded", "content", "shown"),
    [
        # the head a task names for its team, asked as such
        (
            "ai lam truong doan kiem tra chi bo khu pho 3",
            "Kiểm tra Chi bộ Khu phố 3 (đồng chí Lê Văn An, Ủy viên UBKT (Đảng ủy), làm Trưởng đoàn)",
            True,
        ),
        (
            "to truong to giam sat la ai",
            "Giám sát chợ số (đồng chí Lê Văn An, Phó Chủ tịch, là tổ trưởng)",
            True,
        ),
        # who leads, not who heads the team: the lead only
        (
            "ai chu tri kiem tra chi bo khu pho 3",
            "Kiểm tra Chi bộ Khu phố 3 (đồng chí Lê Văn An, làm Trưởng đoàn)",
            False,
        ),
        # no head named in the task
        ("ai lam truong doan kiem tra chi bo khu pho 3", "Kiểm tra Chi bộ Khu phố 3", False),
    ],
)
def test_the_head_of_a_team_named_in_the_task(folded, content, shown):
    from knowledge import question as qmod

    result = Result(Question(text=folded, folded=folded), qmod.WHO, [task(content=content)], 1)
    text = ans.one_task_text(result, date(2025, 8, 1), "vi")
    assert ("Trưởng đoàn: Lê Văn An" in text or "Tổ trưởng: Lê Văn An" in text) is shown
    assert "Phòng Văn hóa – Xã hội" in text
