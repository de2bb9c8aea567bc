"""Layouts the parser met in set U's plans, written by others: a grid table pasted as text ("+----+" borders,
cells wrapped over several "|" lines, "Chủ trì: X" / "Phối hợp: Y" lines in the unit cell, month spans written
"Từ 01/2026 đến 03/2026", the header repeated after a page break). Every text here is written for these tests."""

from __future__ import annotations

import pytest

from knowledge.deadline import parse_deadline_cell
from knowledge.plan_parser import parse_plan
from knowledge.plan_parser.cells import _header_roles

HEAD = "SỞ TƯ PHÁP TỈNH LAM HÀ\nTRUNG TÂM TRỢ GIÚP PHÁP LÝ\nSố: 31/KH-TTTG\nLam Hà, ngày 5 tháng 2 năm 2026\n"
HEAD += "\nKẾ HOẠCH\nSố hóa hồ sơ trợ giúp pháp lý năm 2026\n\nII. NHIỆM VỤ CỤ THỂ\n\n"

BORDER = "+----+-----------------------------+---------------------------+---------------+"
HEADER = (
    "| TT | Nội dung công việc          | Bộ phận thực hiện         | Tiến độ       |\n"
    "+====+=============================+===========================+===============+"
)
ROW_ONE = (
    "| 1  | Số hóa hồ sơ vụ việc trợ    | Chủ trì: Phòng Nghiệp vụ  | Từ 02/2026    |\n"
    "|    | giúp đã kết thúc từ năm     | Phối hợp: Phòng Hành      | đến 04/2026   |\n"
    "|    | 2020                        | chính - Tổng hợp          |               |"
)
ROW_TWO = (
    "| 2  | Lập kho dữ liệu người được  | Chủ trì: Phòng Hành chính | Quý III/2026  |\n"
    "|    | trợ giúp, tra cứu trực tuyến| - Tổng hợp                |               |\n"
    "|    |                             | Phối hợp: Phòng Nghiệp vụ |               |"
)


def _grid(*rows: str, page_break: bool = False) -> str:
    parts = [BORDER, HEADER]
    for n, row in enumerate(rows):
        if page_break and n == 1:
            parts += ["", "                 Trang 2/2", "", BORDER, HEADER]
        parts += [row, BORDER]
    return "\n".join(parts) + "\n"


@pytest.mark.parametrize("page_break", [False, True])
def test_a_grid_table_reads_one_task_a_framed_row(page_break):
    plan = parse_plan(HEAD + _grid(ROW_ONE, ROW_TWO, page_break=page_break))
    assert [t.code for t in plan.tasks] == ["1", "2"]
    first, second = plan.tasks
    assert first.content == "Số hóa hồ sơ vụ việc trợ giúp đã kết thúc từ năm 2020"
    assert first.lead == "Phòng Nghiệp vụ"
    assert first.support == ["Phòng Hành chính - Tổng hợp"]
    assert first.deadline.due.isoformat() == "2026-04-30"  # the last month of the span
    # a unit's name broken across the cell's lines is one name
    assert second.lead == "Phòng Hành chính - Tổng hợp"
    assert second.support == ["Phòng Nghiệp vụ"]
    assert second.deadline.due.isoformat() == "2026-09-30"


def test_a_table_of_single_line_rows_is_read_as_before():
    # no frame: "|" rows of one line each, each its own row (nothing joined)
    table = (
        "| TT | Nội dung công việc | Bộ phận thực hiện | Tiến độ |\n"
        "|----|----|----|----|\n"
        "| 1 | Số hóa hồ sơ vụ việc | Phòng Nghiệp vụ | Tháng 5/2026 |\n"
        "| 2 | Lập kho dữ liệu | Phòng Hành chính | Tháng 6/2026 |\n"
    )
    plan = parse_plan(HEAD + table)
    assert [(t.content, t.lead) for t in plan.tasks] == [
        ("Số hóa hồ sơ vụ việc", "Phòng Nghiệp vụ"),
        ("Lập kho dữ liệu", "Phòng Hành chính"),
    ]


@pytest.mark.parametrize(
    ("cell", "due"),
    [
        ("Từ 01/2026 đến 03/2026", "2026-03-31"),
        ("03/2026", "2026-03-31"),
        ("10/2026 - 12/2026", "2026-12-31"),
        # a day, month and year stays a day
        ("Trước 28/02/2026", "2026-02-28"),
        # "năm học 2025/2026" names no month
        ("Năm học 2025/2026", None),
    ],
)
def test_a_time_cell_writes_months_without_thang(cell, due):
    deadline = parse_deadline_cell(cell)
    assert (deadline.due.isoformat() if deadline.due else None) == due


def test_a_month_and_year_in_a_long_text_is_no_deadline():
    deadline = parse_deadline_cell("Nâng cấp phần mềm lên phiên bản 2/2026 cho mọi máy chủ của Trung tâm")
    assert deadline.due is None


@pytest.mark.parametrize(
    ("header", "lead"),
    [
        (["TT", "Nội dung công việc", "Khoa, phòng thực hiện", "Tiến độ"], 2),
        (["TT", "Nội dung", "Phòng, ban thực hiện", "Thời gian"], 2),
        # the time of doing it is no unit
        (["TT", "Nội dung", "Thời gian thực hiện", "Ghi chú"], None),
    ],
)
def test_a_column_of_the_bodies_that_carry_the_row_out_is_the_lead(header, lead):
    assert _header_roles(header).get("lead") == lead
