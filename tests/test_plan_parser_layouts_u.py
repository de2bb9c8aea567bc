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


CROSS_HEAD = (
    "SỞ NỘI VỤ TỈNH LAM HÀ\nSố: 12/KH-SNV\nLam Hà, ngày 5 tháng 2 năm 2026\n\nKẾ HOẠCH\nLưu trữ số năm 2026\n\n"
    "II. NỘI DUNG NHIỆM VỤ\n\n1. Hạ tầng\n\n"
    "a) Nâng cấp kho lưu trữ điện tử dùng chung. Thời gian: quý II/2026.\n\n"
    "b) Sao lưu dữ liệu lưu trữ ra máy chủ dự phòng. Thời gian: hằng tháng.\n\n"
    "2. Nghiệp vụ\n\n"
    "a) Chỉnh lý hồ sơ nhân sự đã nghỉ hưu. Thời gian: trước ngày 30/6/2026.\n\n"
    "b) Số hóa sổ đăng bạ công chức các thời kỳ. Thời gian: trong năm 2026.\n\n"
    "III. PHÂN CÔNG TRÁCH NHIỆM\n\n"
)


def test_an_assignment_section_gives_the_points_it_cites():
    plan = parse_plan(
        CROSS_HEAD
        + "1. Văn phòng Sở: là đầu mối theo dõi Kế hoạch; chủ trì thực hiện điểm a, b khoản 1 Mục II;"
        " phối hợp thực hiện điểm b khoản 2 Mục II.\n\n"
        "2. Phòng Công chức: chủ trì thực hiện khoản 2 Mục II.\n\n"
        "3. Đề nghị các cơ quan phối hợp: Trung tâm Tin học phối hợp thực hiện điểm a khoản 1; Kho Lưu trữ"
        " tỉnh phối hợp thực hiện điểm a khoản 2 Mục II.\n"
    )
    got = {t.code: (t.lead, t.support) for t in plan.tasks}
    assert got == {
        "1.a": ("Văn phòng Sở", ["Trung tâm Tin học"]),
        "1.b": ("Văn phòng Sở", []),
        "2.a": ("Phòng Công chức", ["Kho Lưu trữ tỉnh"]),
        "2.b": ("Phòng Công chức", ["Văn phòng Sở"]),
    }


def test_an_assignment_section_citing_no_point_is_read_as_before():
    # no "điểm … khoản …": the bodies are matched to the work their paragraphs paraphrase
    plan = parse_plan(
        CROSS_HEAD + "1. Văn phòng Sở: chủ trì nâng cấp kho lưu trữ điện tử và sao lưu dữ liệu.\n\n"
        "2. Phòng Công chức: chủ trì chỉnh lý hồ sơ nhân sự, số hóa sổ đăng bạ công chức.\n"
    )
    assert all(t.code in ("1.a", "1.b", "2.a", "2.b") for t in plan.tasks)
    assert {t.code: t.lead for t in plan.tasks}["2.a"] == "Phòng Công chức"


@pytest.mark.parametrize(
    ("header", "preamble", "issuer"),
    [
        # the lower line ends with its level; the line above names the place
        (
            "SỞ Y TẾ TỈNH LAM HÀ            CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nBỆNH VIỆN ĐA KHOA TỈNH\n",
            "Bệnh viện Đa khoa tỉnh Lam Hà xây dựng Kế hoạch như sau:",
            "Bệnh viện Đa khoa tỉnh Lam Hà",
        ),
        # a command under its military region, its name written in the preamble without the place
        (
            "QUÂN KHU 9\nBỘ CHỈ HUY QUÂN SỰ\nTỈNH LAM HÀ\n",
            "Bộ Chỉ huy Quân sự tỉnh (Bộ CHQS tỉnh) xây dựng Kế hoạch như sau:",
            "Bộ Chỉ huy Quân sự tỉnh Lam Hà",
        ),
        # a department placed under its province's committee, as before
        (
            "UBND TỈNH LAM HÀ\nSỞ Y TẾ\n",
            "Sở Y tế xây dựng Kế hoạch như sau:",
            "Sở Y tế tỉnh Lam Hà",
        ),
    ],
)
def test_the_issuer_under_a_parent_line_takes_its_place(header, preamble, issuer):
    plan = parse_plan(
        header
        + "Số: 7/KH-X                  Lam Hà, ngày 5 tháng 2 năm 2026\n\nKẾ HOẠCH\nLưu trữ số năm 2026\n\n"
        f"Thực hiện Nghị quyết số 57-NQ/TW; {preamble}\n\n"
        "II. NHIỆM VỤ\n1. Số hóa hồ sơ lưu trữ. Văn phòng chủ trì; hoàn thành trước 30/9/2026.\n"
    )
    assert plan.issuer == issuer


LETTER_HEAD = (
    "ỦY BAN NHÂN DÂN\nXÃ AN LẠC\nSố: 21/UBND-VP                 An Lạc, ngày 9 tháng 2 năm 2026\n"
    "V/v giao nhiệm vụ chuyển đổi số tại các thôn\n\nKính gửi: Trưởng thôn các thôn.\n\n"
)


def _letter(opening: str, items: str) -> object:
    return parse_plan(LETTER_HEAD + opening + "\n\n" + items + "\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n")


ITEMS = (
    "1. Nhiệm vụ của các thôn:\n\n"
    "a) Rà soát hộ chưa có điện thoại thông minh; hoàn thành trước ngày 28/02/2026.\n\n"
    "b) Chi hội Nông dân thôn Đồng Mới chủ trì hướng dẫn hộ trồng chè lập nhật ký điện tử; quý II/2026.\n\n"
    "c) Chi hội Cựu chiến binh thôn Đồng Cũ chủ trì vận động hội viên cài VNeID; thời gian: tháng 5/2026.\n\n"
)


@pytest.mark.parametrize("heading", ["2. Chế độ báo cáo", "2. Chế độ thông tin, báo cáo"])
def test_a_letter_reporting_item_gives_no_task(heading):
    plan = _letter(
        "UBND xã giao nhiệm vụ như sau:",
        ITEMS + f"{heading}\n\nTrưởng thôn các thôn báo cáo kết quả về UBND xã trước ngày 20 hằng tháng.\n\n"
        "Nhận được Công văn này, đề nghị Trưởng thôn các thôn khẩn trương triển khai thực hiện./.",
    )
    assert [t.code for t in plan.tasks] == ["1.a", "1.b", "1.c"]


def test_an_item_on_reports_to_make_is_still_work():
    # a heading that names a report as the work ("Báo cáo tổng kết") is no reporting section
    plan = _letter(
        "UBND xã giao nhiệm vụ như sau:",
        ITEMS
        + "2. Báo cáo tổng kết\n\na) Trưởng thôn Đồng Mới chủ trì tổng kết mô hình thôn số; tháng 11/2026.",
    )
    assert [t.code for t in plan.tasks] == ["1.a", "1.b", "1.c", "2.a"]


@pytest.mark.parametrize(
    ("lead_words", "lead"),
    [
        ("Chi hội Nông dân thôn Đồng Mới", "Chi hội Nông dân thôn Đồng Mới"),
        ("Chi hội Cựu chiến binh thôn Đồng Cũ", "Chi hội Cựu chiến binh thôn Đồng Cũ"),
    ],
)
def test_a_hamlet_branch_of_an_association_leads(lead_words, lead):
    plan = _letter("UBND xã giao nhiệm vụ như sau:", ITEMS)
    assert lead in [t.lead for t in plan.tasks if t.content.startswith(lead_words)]


@pytest.mark.parametrize(
    ("opening", "goals"),
    [
        (
            "Để phấn đấu đến hết tháng 6/2026 100% hộ gia đình có người dùng VNeID, đến hết năm 2026 có 60% hộ"
            " kinh doanh nhận thanh toán bằng mã QR, UBND xã giao nhiệm vụ như sau:",
            [
                ("Hộ gia đình có người dùng VNeID", "100%"),
                ("Hộ kinh doanh nhận thanh toán bằng mã QR", "60%"),
            ],
        ),
        # one time, two values: as before
        (
            "Để phấn đấu đến hết năm 2026 đạt 80% hồ sơ nộp trực tuyến và 100% trường học thu học phí không dùng"
            " tiền mặt, UBND xã giao nhiệm vụ như sau:",
            [("Hồ sơ nộp trực tuyến", "80%"), ("Trường học thu học phí không dùng tiền mặt", "100%")],
        ),
    ],
)
def test_a_letter_opening_sets_goals_of_two_times(opening, goals):
    plan = _letter(opening, ITEMS)
    assert [(t.indicator, next(iter(t.values.values()))) for t in plan.targets] == goals
