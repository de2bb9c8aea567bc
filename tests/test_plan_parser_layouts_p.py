"""Layouts of a sixth set of plans: a three-level outline whose "1.1." groups state their lead, partners and time
once over "1.1.1." tasks; a table with start and end columns, a product and a funding column; a Party cell's
monthly resolution whose "-" tasks name no one until a closing "PHÂN CÔNG" gives them to members and village
bodies. Every text here is written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.plan_parser import parse_plan
from knowledge.plan_parser.default_time import before_tet, default_time
from knowledge.plan_parser.leads import _named_units
from knowledge.plan_parser.members import person_lead
from knowledge.plan_parser.periods import period_cell

HEAD = "SỞ NÔNG NGHIỆP TỈNH BẠCH LONG\nSố: 77/KH-SNN\nBạch Long, ngày 6 tháng 10 năm 2025\n\nKẾ HOẠCH\nỨng dụng công nghệ số năm 2026\n\n"


def _plan(body: str, head: str = HEAD):
    return parse_plan(head + body)


# --- 1. three-level outline: the "1.1." group states the terms of its "1.1.1." tasks -------------------------

OUTLINE = """II. NHIỆM VỤ
Mỗi nội dung dưới nhóm do đơn vị chủ trì của nhóm thực hiện, không ghi thời hạn thì theo thời gian của nhóm.

1. Dữ liệu chuyên ngành

1.1. Dữ liệu cây trồng
{terms}
1.1.1. Lập bản đồ số vùng trồng lúa chất lượng cao (hoàn thành trước 30/6/2026).
1.1.2. Cập nhật mã số vùng trồng lên hệ thống của Cục Trồng trọt.

1.2. Dữ liệu thủy sản
Đơn vị chủ trì: Chi cục Thủy sản; đơn vị phối hợp: Phòng Kế hoạch – Tài chính.
Thời gian: năm 2026.
1.2.1. Số hóa sổ đăng ký tàu cá.

III. TỔ CHỨC THỰC HIỆN
1. Văn phòng Sở theo dõi, tổng hợp.
"""


@pytest.mark.parametrize(
    "terms",
    [
        "Đơn vị chủ trì: Chi cục Trồng trọt và Bảo vệ thực vật; đơn vị phối hợp: Sở Tài chính, Viettel Bạch Long.\nThời gian: Quý I/2026.",
        "Giao Chi cục Trồng trọt và Bảo vệ thực vật chủ trì, Sở Tài chính và Viettel Bạch Long phối hợp thực hiện các nội dung sau:\nThời gian: Quý I/2026.",
    ],
)
def test_outline_items_take_their_groups_lead_partners_and_time(terms):
    tasks = _plan(OUTLINE.format(terms=terms)).tasks
    assert [t.code for t in tasks] == [
        "1.1.1",
        "1.1.2",
        "1.2.1",
    ]  # the groups and the reading note are no tasks
    first, second, third = tasks
    assert first.lead == second.lead == "Chi cục Trồng trọt và Bảo vệ thực vật"
    assert "Sở Tài chính" in second.support and "Viettel Bạch Long" in second.support
    assert first.deadline.due == date(2026, 6, 30)  # its own "(hoàn thành trước …)"
    assert second.deadline.due == date(2026, 3, 31)  # the group's "Quý I/2026"
    assert third.lead == "Chi cục Thủy sản" and third.support == ["Phòng Kế hoạch – Tài chính"]
    assert third.deadline.due == date(2026, 12, 31)


def test_an_item_with_work_lines_under_it_is_no_group():
    # "1.1." with a bullet of work: its lines are tasks, as before (no terms stated once for the items).
    body = """II. NHIỆM VỤ
1. Dữ liệu chuyên ngành
1.1. Dữ liệu cây trồng
- Khảo sát hiện trạng phần mềm quản lý vùng trồng.
1.1.1. Lập bản đồ số vùng trồng lúa (hoàn thành trước 30/6/2026).
"""
    tasks = _plan(body).tasks
    assert any(t.content.startswith("Khảo sát hiện trạng") for t in tasks)


def test_a_note_before_ordinary_items_stays_a_task():
    body = """II. NHIỆM VỤ
Tổ chức hội nghị triển khai kế hoạch cho các phòng chuyên môn.

1. Phòng Kinh tế chủ trì số hóa hồ sơ đất đai (hoàn thành trước 31/12/2025).
"""
    tasks = _plan(body).tasks
    assert any(t.content.startswith("Tổ chức hội nghị triển khai") for t in tasks)


# --- 2. a table with start and end columns, a product and a funding column --------------------------------

TABLE = """II. NHIỆM VỤ
| TT | Nhiệm vụ | Sản phẩm | Cơ quan chủ trì | Cơ quan phối hợp | Bắt đầu | Hoàn thành | Kinh phí |
|---|---|---|---|---|---|---|---|
| **A. HẠ TẦNG** | | | | | | | |
| 1 | Lắp trạm quan trắc mặn tự động tại cửa sông | 06 trạm | Chi cục Thủy lợi | VNPT Bạch Long | 10/2025 | 12/2025 | Ngân sách tỉnh |
| 2 | Xây dựng sàn giao dịch nông sản trực tuyến | Sàn giao dịch | Trung tâm Khuyến nông | - | Quý IV/2025 | 3/2026 | Xã hội hóa |
| **B. NHÂN LỰC** | | | | | | | |
| 3 | Tập huấn nhật ký canh tác điện tử cho nông dân | 500 lượt | Trung tâm Khuyến nông | Hội Nông dân tỉnh | 11/2025 | Thường xuyên | - |
"""


def test_the_end_column_is_the_deadline_and_the_product_the_result():
    tasks = _plan(TABLE).tasks
    assert [t.code for t in tasks] == ["1", "2", "3"]  # the bold group rows are no tasks
    assert tasks[0].deadline.due == date(2025, 12, 31)  # "Hoàn thành" 12/2025, not "Bắt đầu" 10/2025
    assert tasks[1].deadline.due == date(2026, 3, 31)
    assert tasks[2].deadline.recurring
    assert tasks[0].result == "06 trạm"
    assert all("Ngân sách" not in (t.result or "") for t in tasks)


@pytest.mark.parametrize(
    ("cell", "due"),
    [("12/2025", date(2025, 12, 31)), ("3/2026", date(2026, 3, 31)), ("02 / 2027", date(2027, 2, 28))],
)
def test_a_month_and_year_cell_is_that_month(cell, due):
    assert period_cell(cell, None).due == due


@pytest.mark.parametrize("cell", ["13/2025", "15/11", "2025/12", "Sau khi có thông báo"])
def test_other_cells_are_no_month_and_year(cell):
    deadline = period_cell(cell, None)
    assert deadline is None or deadline.due != date(2025, 12, 31)


# --- 3. a Party cell's monthly resolution: unnamed "-" tasks, then PHÂN CÔNG ---------------------------------

RESOLUTION = """ĐẢNG BỘ XÃ PHÚ THẠNH
CHI BỘ ẤP BÀU SEN
Số: 09-NQ/CB
Bàu Sen, ngày 03 tháng 11 năm 2025

NGHỊ QUYẾT CHI BỘ THÁNG 11/2025

I. NHIỆM VỤ THÁNG 11/2025
(Nội dung không ghi thời hạn thì hoàn thành trong tháng 11/2025.)
- Tổ chức học tập chuyên đề tư tưởng Hồ Chí Minh cho đảng viên (trước 12/11).
- Mở lớp hướng dẫn thanh toán điện tử cho tiểu thương chợ ấp.
- Vận động hội viên nuôi ong đăng bán mật ong trên sàn thương mại điện tử (trước Tết Nguyên đán).
- Kiểm tra hệ thống đèn chiếu sáng đường liên ấp.
- Cập nhật danh sách hộ cần hỗ trợ sửa nhà vào phần mềm của xã.

II. PHÂN CÔNG
- Đ/c Lâm Văn Tài, Bí thư Chi bộ: phụ trách chung; trực tiếp chỉ đạo học tập chuyên đề.
- Đ/c Hồ Thị Lan, Chi hội trưởng phụ nữ, Phó Trưởng ấp: phụ trách lớp thanh toán điện tử cho tiểu thương; cập nhật hộ cần sửa nhà.
- Chi hội Nông dân ấp (đ/c Tô Văn Bền, Chi hội trưởng): phụ trách bán mật ong trên mạng.
- Tổ an ninh ấp (tổ trưởng: đ/c Mai Văn Cường): phụ trách đèn chiếu sáng đường liên ấp.
"""


def test_the_assignment_part_gives_each_unnamed_task_its_member_or_body():
    plan = parse_plan(RESOLUTION)
    leads = {t.content.split()[1]: t.lead for t in plan.tasks}
    assert len(plan.tasks) == 5  # the remits are no tasks
    assert leads["chức"] == "Lâm Văn Tài – Bí thư Chi bộ"
    assert leads["lớp"] == "Hồ Thị Lan – Chi hội trưởng phụ nữ, Phó Trưởng ấp"
    assert leads["động"] == "Chi hội Nông dân ấp"
    assert leads["tra"] == "Tổ an ninh ấp"
    assert leads["nhật"] == "Hồ Thị Lan – Chi hội trưởng phụ nữ, Phó Trưởng ấp"


def test_the_resolutions_times_are_its_month_and_its_note():
    tasks = parse_plan(RESOLUTION).tasks
    by_word = {t.content.split()[1]: t.deadline for t in tasks}
    assert by_word["chức"].due == date(2025, 11, 12)
    assert by_word["lớp"].due == date(2025, 11, 30)  # the note's default
    assert by_word["động"].kind == "conditional" and "Tết" in by_word["động"].text  # its own time, no default


@pytest.mark.parametrize(
    ("label", "lead"),
    [
        ("Đ/c Lâm Văn Tài, Bí thư Chi bộ", "Lâm Văn Tài – Bí thư Chi bộ"),
        ("Đồng chí Hồ Thị Lan, Chi hội trưởng phụ nữ", "Hồ Thị Lan – Chi hội trưởng phụ nữ"),
        ("Đ/c Quách Văn Năm - Công an viên phụ trách ấp", "Quách Văn Năm – Công an viên phụ trách ấp"),
        ("Chi hội Nông dân ấp", None),
        ("Ban Tuyên giáo", None),
    ],
)
def test_a_label_naming_a_person_is_the_person_and_posts(label, lead):
    assert person_lead(label) == lead


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("(Nội dung không ghi thời hạn thì hoàn thành trong tháng 11/2025.)", date(2025, 11, 30)),
        ("Các việc chưa nêu thời gian thì thực hiện xong trước 20/12/2025.", date(2025, 12, 20)),
        ("Nội dung không ghi thời hạn riêng thì hoàn thành theo thời gian của nhóm.", None),  # no time named
        ("Hoàn thành trong tháng 11/2025 việc rà soát hộ nghèo.", None),  # a task, no note
    ],
)
def test_a_list_note_gives_the_default_time(text, due):
    deadline = default_time(text, date(2025, 11, 3))
    assert (deadline.due if deadline else None) == due


@pytest.mark.parametrize(
    ("content", "is_tet"),
    [
        ("Thăm hộ nghèo (trước Tết Nguyên đán).", True),
        ("Trang trí đường làng trước Tết.", True),
        ("Thăm hộ nghèo dịp Tết.", False),  # when, not by when
        ("Trồng cây sau Tết Nguyên đán.", False),
    ],
)
def test_before_the_lunar_new_year_is_a_time(content, is_tet):
    assert (before_tet(content) is not None) == is_tet


# --- 4. unit names the registry knows only in part ----------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "names"),
    [
        (
            "Trường Cao đẳng Cơ điện Bạch Long; Sở Tài chính",
            ["Trường Cao đẳng Cơ điện Bạch Long", "Sở Tài chính"],
        ),
        # another office, not a likeness of a registered one
        ("Phòng Quản lý giống và vật tư nông nghiệp", ["Phòng Quản lý giống và vật tư nông nghiệp"]),
        # OCR damage keeps the registered name
        ("Phòng Kimh tế; Công an xã", ["Phòng Kinh tế", "Công an xã"]),
        ("Phòng Kinh tế, Hạ tầng và Đô thị xã", ["Phòng Kinh tế, Hạ tầng và Đô thị"]),
        ("Viettel Bạch Long, Công an tỉnh", ["Viettel Bạch Long", "Công an tỉnh"]),
    ],
)
def test_listed_unit_names(value, names):
    assert _named_units(value) == names


@pytest.mark.parametrize(
    ("header", "issuer"),
    [
        ("ĐẢNG BỘ XÃ PHÚ THẠNH\nCHI BỘ ẤP BÀU SEN\n", "Chi bộ ấp Bàu Sen"),
        ("ĐẢNG BỘ PHƯỜNG TÂY AN\nCHI BỘ KHU PHỐ 4\n", "Chi bộ khu phố 4"),
        ("ĐẢNG BỘ XÃ PHÚ THẠNH\nĐẢNG ỦY XÃ PHÚ THẠNH\n", "Đảng ủy xã Phú Thạnh"),  # no cell: the committee
    ],
)
def test_a_cell_under_the_communes_party_organisation_issues_its_resolution(header, issuer):
    body = RESOLUTION.split("Số: ", 1)[1]
    plan = parse_plan(header + "Số: " + body)
    assert plan.issuer == issuer
    assert plan.title.startswith("Nghị quyết chi bộ tháng 11/2025")
