"""Layouts the parser met in set X's plans: a yearly work programme typed as fixed-width text columns (no "|",
no tabs) with cells wrapped over lines under quarter headings, "Trong quý" meaning the quarter's end, a "Cơ
quan chuẩn bị" column that leads and a "Lãnh đạo phụ trách" column naming the leader over the row. Every text
here is written for these tests."""

from __future__ import annotations

import pytest

from knowledge.plan_parser import parse_plan

HEADER = "ĐẢNG ỦY XÃ TÂN HÒA\nSố 12-CTr/ĐU          Tân Hòa, ngày 10 tháng 01 năm 2026\n\n"
TITLE = "CHƯƠNG TRÌNH CÔNG TÁC NĂM 2026\ncủa Ban Chấp hành Đảng bộ xã về chuyển đổi số\n\n"


def _programme(table: str):
    return parse_plan(HEADER + TITLE + "II. NỘI DUNG CHƯƠNG TRÌNH\n\n" + table + "\nIII. TỔ CHỨC THỰC HIỆN\n")


FIXED_WIDTH = """QUÝ I/2026
TT  Nội dung công việc                  Cơ quan chuẩn bị      Lãnh đạo phụ trách       Thời gian
1   Rà soát, bổ sung quy chế làm        Văn phòng Đảng ủy     Đ/c Trần Văn Bình,       Tháng 02
    việc của Ban Chỉ đạo chuyển                               Bí thư Đảng ủy
    đổi số xã
2   Mở lớp bồi dưỡng kỹ năng số cho     Ban Tuyên giáo và     Đ/c Lê Thị Hạnh,         Trong quý
    bí thư chi bộ                       Dân vận               Phó Bí thư

                              - 2 -
TT  Nội dung công việc                  Cơ quan chuẩn bị      Lãnh đạo phụ trách       Thời gian

QUÝ III/2026
3   Kiểm tra việc dùng chữ ký số tại    Ủy ban Kiểm tra       Đ/c Trần Văn Bình,       Trong quý
    các chi bộ thôn                     Đảng ủy               Bí thư Đảng ủy
"""


def test_a_fixed_width_table_is_read_row_by_row_with_its_wrapped_cells():
    tasks = _programme(FIXED_WIDTH).tasks
    assert [t.code for t in tasks] == ["1", "2", "3"]
    first = tasks[0]
    assert first.content == "Rà soát, bổ sung quy chế làm việc của Ban Chỉ đạo chuyển đổi số xã"
    assert first.lead == "Văn phòng Đảng ủy"
    assert "Đ/c Trần Văn Bình, Bí thư Đảng ủy" in first.support
    assert str(first.deadline.due) == "2026-02-28"
    assert tasks[2].content == "Kiểm tra việc dùng chữ ký số tại các chi bộ thôn"
    assert [t.section for t in tasks] == ["QUÝ I/2026", "QUÝ I/2026", "QUÝ III/2026"]


@pytest.mark.parametrize(("code", "due"), [("2", "2026-03-31"), ("3", "2026-09-30")])
def test_within_the_quarter_is_due_at_the_end_of_the_quarter_heading_the_row(code, due):
    task = next(t for t in _programme(FIXED_WIDTH).tasks if t.code == code)
    assert str(task.deadline.due) == due


@pytest.mark.parametrize(
    "table",
    [
        # columns held by spaces but no row number in the first column: a wrapped line cannot be told from a row
        "Nội dung công việc              Cơ quan chuẩn bị      Thời gian\n"
        "Rà soát quy chế làm việc        Văn phòng Đảng ủy     Tháng 02\n",
        # a note naming the columns in a sentence is no header
        "Ghi chú: cột Nội dung công việc  ghi việc; cột Cơ quan chuẩn bị  ghi cơ quan.\n"
        "1. Rà soát quy chế làm việc của Ban Chỉ đạo; Văn phòng Đảng ủy chủ trì, hoàn thành tháng 02/2026.\n",
    ],
)
def test_text_without_a_numbered_fixed_width_table_is_not_read_as_one(table):
    for task in _programme(table).tasks:
        assert "|" not in task.content
        assert task.support == [] or all("Đ/c" not in s for s in task.support)


def test_a_pipe_table_names_its_leader_over_the_row_among_those_working_on_it():
    table = (
        "| Tháng | Nội dung công việc | Ban tham mưu | Lãnh đạo phụ trách |\n"
        "|---|---|---|---|\n"
        "| Tháng 3 | Tập huấn chữ ký số cho cán bộ Hội | Ban Tuyên giáo | Phó Chủ tịch Thường trực |\n"
    )
    (task,) = _programme(table).tasks
    assert task.lead == "Ban Tuyên giáo"
    assert task.support == ["Phó Chủ tịch Thường trực"]
