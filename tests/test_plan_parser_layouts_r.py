"""Layouts of an eighth set of plans: a department's table whose merged lead, partner and time cells came out of
Word as empty cells; a Quyết định with its Kế hoạch attached, whose items give "Đơn vị thực hiện: X, Y, Z. Thời
gian: …" on one line, the first unit leading, under lettered titles in ordinary case; a Party programme whose
summary section points at the section that assigns the work, and whose closing section gives the office the
follow-up and the periodic report. Every text here is written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.plan_parser import parse_plan
from knowledge.plan_parser.fielded import fields_in
from knowledge.plan_parser.leads import _named_units
from knowledge.plan_parser.tables import _unit_or_words

HEAD = "SỞ XÂY DỰNG TỈNH LAM HÀ\nSố: 512/KH-SXD\nLam Hà, ngày 2 tháng 10 năm 2025\n\nKẾ HOẠCH\nChuyển đổi số ngành Xây dựng năm 2025 - 2026\n\n"


def _plan(body: str, head: str = HEAD):
    return parse_plan(head + body)


# --- 1. a table's merged cells: blank below the row that writes them ----------------------------------------

MERGED = """II. NHIỆM VỤ

| STT | Nội dung | Đơn vị chủ trì | Đơn vị phối hợp | Thời hạn |
|---|---|---|---|---|
| I | QUY HOẠCH, KIẾN TRÚC | | | |
| 1 | Số hóa đồ án quy hoạch chung các đô thị | Phòng Quy hoạch kiến trúc | Viện Quy hoạch tỉnh | Quý I/2026 |
| 2 | Công bố bản đồ quy hoạch trên cổng thông tin | | UBND các xã, phường | |
| 3 | Cập nhật chỉ giới đường đỏ lên bản đồ số | | nt | Quý II/2026 |
| II | NHÀ Ở, THỊ TRƯỜNG BẤT ĐỘNG SẢN | | | |
| 4 | Vận hành cơ sở dữ liệu nhà ở và thị trường bất động sản | Phòng Quản lý nhà và thị trường bất động sản | Sở Tài chính | Thường xuyên |
| 5 | Cấp giấy phép xây dựng trực tuyến toàn trình | | | Trước 31/12/2025 |
| 6 | Tập huấn cho cán bộ địa chính - xây dựng cấp xã | Văn phòng Sở | Trường Chính trị tỉnh | Tháng 11/2025 |
"""


def test_a_blank_lead_cell_is_the_lead_above_in_its_group():
    tasks = _plan(MERGED).tasks
    assert [t.lead for t in tasks] == [
        "Phòng Quy hoạch kiến trúc",
        "Phòng Quy hoạch kiến trúc",
        "Phòng Quy hoạch kiến trúc",
        "Phòng Quản lý nhà và thị trường bất động sản",
        "Phòng Quản lý nhà và thị trường bất động sản",
        "Văn phòng Sở",
    ]


def test_a_blank_time_or_partner_cell_under_a_merged_lead_is_the_one_above():
    tasks = _plan(MERGED).tasks
    assert tasks[1].deadline.due == date(2026, 3, 31)  # the time written once for rows 1–2
    assert tasks[2].support == ["UBND các xã, phường"]  # "nt"
    assert tasks[4].support == ["Sở Tài chính"]  # merged with row 4's
    assert tasks[4].deadline.due == date(2025, 12, 31)  # its own


GROUP_START = """II. NHIỆM VỤ

| STT | Nội dung | Đơn vị chủ trì | Đơn vị phối hợp | Thời hạn |
|---|---|---|---|---|
| A | HẠ TẦNG | | | |
| 1 | Lắp đặt trạm quan trắc lún nền đô thị | Phòng Quản lý chất lượng công trình | | Quý I/2026 |
| B | DỮ LIỆU | | | |
| 2 | Xây dựng cơ sở dữ liệu công trình ngầm | | Sở Khoa học và Công nghệ | Quý II/2026 |
"""


def test_a_group_row_ends_a_merged_cell():
    tasks = _plan(GROUP_START).tasks
    assert tasks[0].lead == "Phòng Quản lý chất lượng công trình"
    assert tasks[1].lead != tasks[0].lead  # no cell spans a group's title row


SPARSE_PARTNERS = """II. NHIỆM VỤ

| STT | Nội dung | Đơn vị chủ trì | Đơn vị phối hợp | Thời hạn |
|---|---|---|---|---|
| 1 | Rà soát thủ tục hành chính lĩnh vực xây dựng | Văn phòng Sở | Sở Tư pháp | Quý I/2026 |
| 2 | Ký số văn bản đi của Sở | | | Tháng 12/2025 |
| 3 | Lưu trữ hồ sơ điện tử | | | Năm 2026 |
| 4 | Cập nhật giá vật liệu xây dựng hằng tháng | Phòng Kinh tế xây dựng | | Hằng tháng |
"""


def test_a_blank_partner_cell_in_a_mostly_blank_column_means_no_partner():
    tasks = _plan(SPARSE_PARTNERS).tasks
    assert [t.lead for t in tasks[:3]] == ["Văn phòng Sở"] * 3
    assert tasks[1].support == [] and tasks[2].support == []


OWN_LEAD = """II. NHIỆM VỤ

| STT | Nội dung | Đơn vị chủ trì | Đơn vị phối hợp | Thời hạn |
|---|---|---|---|---|
| 1 | Số hóa hồ sơ cấp phép xây dựng | Văn phòng Sở | Sở Tư pháp | Quý I/2026 |
| 2 | Phòng Kinh tế xây dựng chủ trì cập nhật giá vật liệu | | Sở Tài chính | Hằng tháng |
"""


def test_a_row_naming_its_own_lead_takes_none_from_above():
    tasks = _plan(OWN_LEAD).tasks
    assert tasks[1].lead != "Văn phòng Sở"


@pytest.mark.parametrize(
    "cell, name",
    [
        # the registry's nearest name ("Phòng Quản lý đô thị") is not what the cell writes
        ("Phòng Quản lý đầu tư công", "Phòng Quản lý đầu tư công"),
        ("Phòng Quản lý đô thị", "Phòng Quản lý đô thị"),
        # OCR damage is still repaired, with or without the level after it
        ("Phòng Văn hoá - Xã hôi phường", "Phòng Văn hóa – Xã hội"),
        ("Phong Van hoa Xa hoi", "Phòng Văn hóa – Xã hội"),
    ],
)
def test_a_lead_cell_is_not_read_as_a_name_it_only_resembles(cell, name):
    assert _unit_or_words(cell) == name


# --- 2. a Quyết định's attached Kế hoạch: "Đơn vị thực hiện: X, Y. Thời gian: …" -----------------------------

DECISION = """ỦY BAN NHÂN DÂN
XÃ SƠN KHÊ
Số: 301/QĐ-UBND
Sơn Khê, ngày 5 tháng 11 năm 2025

QUYẾT ĐỊNH
Về việc ban hành Kế hoạch chuyển đổi số xã Sơn Khê năm 2026

ỦY BAN NHÂN DÂN XÃ SƠN KHÊ

QUYẾT ĐỊNH:

Điều 1. Ban hành kèm theo Quyết định này Kế hoạch chuyển đổi số xã Sơn Khê năm 2026.

Điều 2. Giao Văn phòng HĐND và UBND xã theo dõi, tổng hợp tình hình thực hiện Kế hoạch.

Điều 3. Quyết định này có hiệu lực kể từ ngày ký.

Nơi nhận:                                   TM. ỦY BAN NHÂN DÂN
- Như Điều 3;                                     CHỦ TỊCH
- Lưu: VT.

KẾ HOẠCH
Chuyển đổi số xã Sơn Khê năm 2026
(Ban hành kèm theo Quyết định số 301/QĐ-UBND ngày 05/11/2025)

II. NHIỆM VỤ

(Đơn vị nêu đầu tiên là đơn vị chủ trì, các đơn vị sau phối hợp.)

A. Dịch vụ công trực tuyến

1. Hướng dẫn người dân nộp hồ sơ trực tuyến tại bộ phận một cửa.
Đơn vị thực hiện: Trung tâm Phục vụ hành chính công xã, Đoàn Thanh niên xã. Thời gian: trước 31/12/2025.

2. Chi trả trợ cấp qua tài khoản ngân hàng cho người cao tuổi trên địa bàn
xã.
Đơn vị thực hiện: Phòng Văn hóa - Xã hội, Bưu điện xã. Thời gian:
quý I/2026.

B. Kinh tế số

3. Đưa sản phẩm OCOP của xã lên sàn thương mại điện tử.
Đơn vị thực hiện: Phòng Kinh tế, Hạ tầng và Đô thị, Viettel Lam Hà, Hội Nông dân
xã. Thời gian: thường xuyên.
"""


def test_an_attached_plans_items_are_its_tasks_under_lettered_titles():
    plan = parse_plan(DECISION)
    assert [t.code for t in plan.tasks] == ["1", "2", "3"]  # the articles and the titles are no tasks
    assert plan.tasks[0].section == "A. Dịch vụ công trực tuyến"
    assert plan.tasks[2].section == "B. Kinh tế số"


def test_the_first_unit_in_a_doers_field_leads_and_its_time_follows_on_the_line():
    tasks = parse_plan(DECISION).tasks
    assert [t.lead for t in tasks] == [
        "Trung tâm Phục vụ hành chính công xã",
        "Phòng Văn hóa – Xã hội",
        "Phòng Kinh tế, Hạ tầng và Đô thị",  # a name holding commas itself
    ]
    assert tasks[0].support == ["Đoàn Thanh niên xã"]
    assert tasks[1].support == ["Bưu điện xã"]
    assert tasks[2].support == ["Viettel Lam Hà", "Hội Nông dân xã"]
    assert tasks[0].deadline.due == date(2025, 12, 31)
    assert tasks[1].deadline.due == date(2026, 3, 31)  # "Thời gian:" wrapped onto the next line
    assert tasks[2].deadline.kind == "recurring"


@pytest.mark.parametrize(
    "line, fields",
    [
        (
            "Đơn vị thực hiện: Công an xã, Trạm Y tế xã. Thời gian: quý I/2026.",
            [("lead", "Công an xã, Trạm Y tế xã."), ("when", "quý I/2026.")],
        ),
        (
            "Đơn vị chủ trì: Phòng Kinh tế; Đơn vị phối hợp: Hội Nông dân xã; Thời hạn: năm 2026",
            [("lead", "Phòng Kinh tế;"), ("support", "Hội Nông dân xã;"), ("when", "năm 2026")],
        ),
        # one field: a sentence after it that opens with no label stays in it
        (
            "Thời gian: tháng 12/2025. Ưu tiên các thôn vùng cao.",
            [("when", "tháng 12/2025. Ưu tiên các thôn vùng cao.")],
        ),
        ("Rà soát hồ sơ. Thời gian: quý I/2026.", []),
    ],
)
def test_fields_written_one_after_another_on_a_line(line, fields):
    assert fields_in(line) == fields


@pytest.mark.parametrize(
    "text, names",
    [
        ("Phòng Văn hóa - Xã hội, Bưu điện phường.", ["Phòng Văn hóa – Xã hội", "Bưu điện phường"]),
        ("Bưu điện xã, Công an xã", ["Bưu điện xã", "Công an xã"]),
        ("Bưu điện xã Tân An, Viettel tỉnh", ["Bưu điện xã Tân An", "Viettel tỉnh"]),
    ],
)
def test_a_company_office_keeps_its_level_in_a_list(text, names):
    assert _named_units(text) == names


@pytest.mark.parametrize(
    "text, names",
    [
        # the word after the comma is another name's, not "Hạ tầng": no guess across it
        (
            "Phòng Kinh tế, Hợp tác xã Chè Sơn Khê, Hội Nông dân xã",
            ["Phòng Kinh tế", "Hợp tác xã Chè Sơn Khê", "Hội Nông dân xã"],
        ),
        # a name holding a comma itself, clean or with OCR damage after the comma
        ("Phòng Kinh tế, Hạ tầng và Đô thị, Công an xã", ["Phòng Kinh tế, Hạ tầng và Đô thị", "Công an xã"]),
        ("Phòng Kinh tế, Hạ tằng và Đô thi, Công an xã", ["Phòng Kinh tế, Hạ tầng và Đô thị", "Công an xã"]),
        # a collective written with fewer kinds than registered
        ("Sở Tư pháp, các sở, ngành", ["Sở Tư pháp", "Các sở, ban, ngành"]),
    ],
)
def test_a_registered_name_is_not_guessed_across_a_lists_comma(text, names):
    assert _named_units(text) == names


# --- 3. a Party programme: a summary pointing at the assigning section; the follow-up and reports ------------

PROGRAMME = """ĐẢNG ỦY XÃ LONG KHÊ
Số 21-CTr/ĐU
Long Khê, ngày 10 tháng 11 năm 2025

CHƯƠNG TRÌNH HÀNH ĐỘNG
thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị

II. NHIỆM VỤ, GIẢI PHÁP

Tập trung ba nhóm giải pháp: nâng cao nhận thức, phát triển hạ tầng số, kinh tế số gắn với sản phẩm
quế. Các nhóm giải pháp được phân công cụ thể cho từng cơ quan, đơn vị tại mục III.

III. PHÂN CÔNG NHIỆM VỤ

1. Văn phòng Đảng ủy:
(Thời hạn chung: trước 31/12/2025)
– Ký số 100% văn bản đi của Đảng ủy xã.
– Số hóa hồ sơ lưu trữ của Đảng ủy (hoàn thành trong quý II/2026).

2. Ban Xây dựng Đảng:
– Cập nhật cơ sở dữ liệu đảng viên (hoàn thành trước 20/12/2025).

IV. TỔ CHỨC THỰC HIỆN

1. Các chi bộ căn cứ Chương trình xây dựng kế hoạch thực hiện.

2. Giao Văn phòng Đảng ủy chủ trì theo dõi, đôn đốc việc thực hiện; định kỳ 6 tháng (trước ngày 15/6) và
hằng năm (trước ngày 15/11) tổng hợp báo cáo Ban Thường vụ Đảng ủy.

3. Giao Ban Xây dựng Đảng chủ trì sơ kết mô hình chi bộ số, hoàn thành trước 30/6/2026.
"""


def test_a_summary_of_work_assigned_in_another_section_is_no_task():
    tasks = parse_plan(PROGRAMME).tasks
    assert not any(t.content.startswith("Tập trung") for t in tasks)


def test_the_follow_up_and_periodic_report_are_no_task_but_other_closing_work_is():
    tasks = parse_plan(PROGRAMME).tasks
    assert [t.lead for t in tasks] == [
        "Văn phòng Đảng ủy",
        "Văn phòng Đảng ủy",
        "Ban Xây dựng Đảng",
        "Ban Xây dựng Đảng",
    ]
    assert tasks[0].deadline.due == date(2025, 12, 31)  # the group's common time
    assert tasks[1].deadline.due == date(2026, 6, 30)  # its own
    assert tasks[3].content.startswith("Giao Ban Xây dựng Đảng chủ trì sơ kết")
