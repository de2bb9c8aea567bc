"""Layouts of an eighth set of plans: a commune's tasks each one sentence closed by a bracket naming who and when
("(Giao: X; phối hợp: Y; thời gian: …)"), numbered "1)" under "1." titles; a public service unit's "5 rõ"
paragraphs over a legend of its short forms; a department's table sorted by time with the time column first.
Every text here is written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.plan_parser import parse_plan
from knowledge.plan_parser.as_above import is_as_above

HEAD = "ỦY BAN NHÂN DÂN\nXÃ KHE TRÚC\n\nSố: 88/KH-UBND\nKhe Trúc, ngày 2 tháng 10 năm 2025\n\nKẾ HOẠCH\nChuyển đổi số năm 2025 - 2026\n\n"


def _plan(body: str, head: str = HEAD):
    return parse_plan(head + body)


# --- 1. the public service unit under its department issues -------------------------------------------------


@pytest.mark.parametrize(
    "lines, issuer",
    [
        (("SỞ Y TẾ TỈNH LAM HÀ", "TRUNG TÂM Y TẾ KHU VỰC BẾN ĐÒ"), "Trung tâm Y tế khu vực Bến Đò"),
        (("SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "TRUNG TÂM KHUYẾN NÔNG"), "Trung tâm Khuyến nông"),
    ],
)
def test_a_centre_under_its_department_is_the_issuer(lines, issuer):
    upper, lower = lines
    text = (
        f"{upper}            CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n{lower}          Độc lập - Tự do - Hạnh phúc\n\n"
        f"Số: 41/KH-TT                 ngày 5 tháng 11 năm 2025\n\nKẾ HOẠCH\nSố hóa hồ sơ tại {issuer}\n\n"
        "II. NHIỆM VỤ\n1. Phòng Hành chính chủ trì số hóa hồ sơ lưu trữ, hoàn thành trước 30/12/2025.\n"
    )
    assert parse_plan(text).issuer == issuer


# --- 2. "1)" tasks under "1." titles, each closed by a bracket naming who and when -----------------------------

BRACKETED = """III. NHIỆM VỤ CỤ THỂ

1. Truyền thông về chuyển đổi số

1) Phát bản tin "Khe Trúc số" trên loa truyền thanh của xã (Giao: Phòng Văn hóa - Xã hội; phối hợp: Đoàn Thanh niên xã; thời gian: hằng tuần).

2) In tờ rơi hướng dẫn cài đặt ứng dụng định danh điện tử cho người cao tuổi ở các thôn vùng cao
(Giao: Công an xã; phối hợp: Hội Người cao tuổi xã; thời gian: chậm nhất ngày 15/12/2025).

2. Dữ liệu và dịch vụ công

3) Số hóa hồ sơ địa chính lưu trữ của xã (Giao: Phòng Kinh tế; phối hợp: Văn phòng HĐND và UBND xã;
thời gian: trong quý I năm 2026).

4) Rà soát danh sách hộ nghèo trên phần mềm quản lý (Giao: như trên; thời gian: định kỳ 6 tháng).

5) Lắp đặt máy tra cứu hồ sơ tại bộ phận một cửa (Cơ quan thực hiện: Văn phòng HĐND và UBND xã chủ trì, Phòng Kinh tế phối hợp; Thời hạn: sau khi có hướng dẫn của tỉnh).

IV. TỔ CHỨC THỰC HIỆN
1. Văn phòng HĐND và UBND xã theo dõi, đôn đốc.
"""


def test_titles_over_paren_items_are_groups_not_tasks():
    tasks = _plan(BRACKETED).tasks
    assert [t.code for t in tasks] == ["1", "2", "3", "4", "5"]
    assert [t.section for t in tasks[:3]] == [
        "1. Truyền thông về chuyển đổi số",
        "1. Truyền thông về chuyển đổi số",
        "2. Dữ liệu và dịch vụ công",
    ]


def test_a_bracket_wrapped_onto_the_next_line_stays_with_its_task():
    tasks = _plan(BRACKETED).tasks
    assert tasks[1].content.endswith(
        "(Giao: Công an xã; phối hợp: Hội Người cao tuổi xã; thời gian: chậm nhất ngày 15/12/2025)."
    )
    assert tasks[1].lead == "Công an xã" and tasks[1].deadline.due == date(2025, 12, 15)
    # A bracket wrapped before its "thời gian: …": the time is the task's, and so is the text.
    assert tasks[2].content.endswith("thời gian: trong quý I năm 2026).")
    assert tasks[2].deadline.due == date(2026, 3, 31)
    assert tasks[2].support == ["Văn phòng HĐND và UBND xã"]


def test_giao_nhu_tren_is_the_lead_of_the_task_above():
    tasks = _plan(BRACKETED).tasks
    assert tasks[3].lead == tasks[2].lead == "Phòng Kinh tế"
    assert tasks[3].deadline.recurring


def test_a_condition_in_a_bracket_ends_with_it():
    task = _plan(BRACKETED).tasks[4]
    assert task.lead == "Văn phòng HĐND và UBND xã" and task.support == ["Phòng Kinh tế"]
    assert task.deadline.kind == "conditional"
    assert task.deadline.text == "sau khi có hướng dẫn của tỉnh"


RESTARTED = """II. NHIỆM VỤ

1. Hạ tầng số

1) Phòng Kinh tế chủ trì lắp wifi miễn phí tại chợ xã, hoàn thành trong tháng 12/2025.

2) Công an xã chủ trì lắp camera tại các ngã ba, hoàn thành trong quý I/2026.

2. Xã hội số

1) Đoàn Thanh niên xã chủ trì mở lớp kỹ năng số cho thanh niên, hoàn thành trong tháng 11/2025.
"""


def test_paren_items_numbered_again_under_each_title_are_coded_under_it():
    tasks = _plan(RESTARTED).tasks
    assert [t.code for t in tasks] == ["1.1", "1.2", "2.1"]
    assert [t.lead for t in tasks] == ["Phòng Kinh tế", "Công an xã", "Đoàn Thanh niên xã"]


@pytest.mark.parametrize(
    "name, same",
    [
        ("như trên", True),
        ("Như trên", True),
        ("như nhiệm vụ trên", True),
        ("nhu tren", True),
        ("Phòng Kinh tế", False),
        ("như", False),
        ("nt", False),
        (None, False),
    ],
)
def test_as_above_words(name, same):
    assert is_as_above(name) is same


def test_partners_written_nhu_tren_are_those_of_the_task_above():
    body = """II. NHIỆM VỤ
1. Cập nhật dữ liệu người có công (Giao: Phòng Văn hóa - Xã hội; phối hợp: Bưu điện xã, Trạm Y tế xã; thời gian: tháng 12/2025).
2. Cập nhật dữ liệu trẻ em dưới 6 tuổi (Giao: Trạm Y tế xã; phối hợp: như trên; thời gian: tháng 1/2026).
"""
    tasks = _plan(body).tasks
    assert tasks[1].lead == "Trạm Y tế xã"
    assert tasks[1].support == [s for s in tasks[0].support if s != "Trạm Y tế xã"] != []
