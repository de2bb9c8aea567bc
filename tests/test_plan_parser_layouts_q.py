"""Layouts of a seventh set of plans: a provincial plan whose tasks are titled cards (a bold name over one
paragraph opening with its time and closing with who does it); a department's letter whose work is an appended
table with one unit cell naming both roles, a commune by name, or all communes; a ward's event plan with a
programme table of time slots. Every text here is written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.plan_parser import parse_plan
from knowledge.plan_parser.cells import _header_roles
from knowledge.plan_parser.labelled_goals import labelled_goals
from knowledge.plan_parser.leads import _support_of
from knowledge.plan_parser.role_cells import split_role_cell
from knowledge.plan_parser.tables import _unit_or_words
from knowledge.plan_parser.targets import goals_inside
from knowledge.plan_parser.time_slots import slot_deadline
from knowledge.plan_parser.titled import opens_card_body

HEAD = "ỦY BAN NHÂN DÂN TỈNH HOA SƠN\nSố: 615/KH-UBND\nHoa Sơn, ngày 3 tháng 8 năm 2025\n\nKẾ HOẠCH\nỨng dụng công nghệ số năm 2025 - 2026\n\n"


def _plan(body: str, head: str = HEAD):
    return parse_plan(head + body)


# --- 1. titled cards: "**Name**" then "(Thời gian: …) … Cơ quan thực hiện: X chủ trì; Y phối hợp." ----------

CARDS = """II. NHIỆM VỤ CỤ THỂ

1. Dữ liệu và nền tảng

**Số hóa hồ sơ hộ tịch lưu trữ**
(Thời gian: Trước 31/3/2026) Quét, nhập liệu sổ hộ tịch từ năm 1990 đến nay vào hệ thống dùng chung. Cơ quan thực hiện: Sở Tư pháp chủ trì; Sở Nội vụ phối hợp.

**Kho dữ liệu mở của tỉnh**
(Thời gian: Quý IV/2025) Công bố danh mục dữ liệu mở, cập nhật định kỳ. Cơ quan thực hiện: Sở Tài chính chủ trì.

2. Xã hội số

**Sổ sức khỏe điện tử cho người dân**
(Thời gian: Trong tháng 11/2025) Kích hoạt sổ sức khỏe điện tử trên ứng dụng định danh. Cơ quan thực hiện: Sở Y tế chủ trì; Công an tỉnh phối hợp.

III. TỔ CHỨC THỰC HIỆN
1. Các sở, ngành xây dựng kế hoạch chi tiết.
"""


def test_titled_cards_are_one_task_each_named_by_their_bold_line():
    tasks = _plan(CARDS).tasks
    assert [t.content.split(".")[0] for t in tasks] == [
        "Số hóa hồ sơ hộ tịch lưu trữ",
        "Kho dữ liệu mở của tỉnh",
        "Sổ sức khỏe điện tử cho người dân",
    ]
    assert [t.lead for t in tasks] == ["Sở Tư pháp", "Sở Tài chính", "Sở Y tế"]
    assert tasks[0].support == ["Sở Nội vụ"]
    assert tasks[0].deadline.due == date(2026, 3, 31)
    assert tasks[1].deadline.due == date(2025, 12, 31)
    assert tasks[2].section == "Xã hội số"


BOLD_GROUPS = """II. NHIỆM VỤ
**Tuyên truyền, nâng cao nhận thức**
- Phòng Văn hóa – Xã hội chủ trì đăng tin trên cổng thông tin, hoàn thành trước 30/9/2025.
- Đoàn Thanh niên tổ chức cuộc thi tìm hiểu, hoàn thành trong tháng 10/2025.
"""


def test_a_bold_title_over_bullets_stays_a_group():
    tasks = _plan(BOLD_GROUPS).tasks
    assert len(tasks) == 2
    assert all(t.section == "Tuyên truyền, nâng cao nhận thức" for t in tasks)


@pytest.mark.parametrize(
    "line, opens",
    [
        ("(Thời gian: Quý I/2026) Triển khai ...", True),
        ("(Thời hạn: trước 15/12/2025) Rà soát ...", True),
        ("Thời gian thực hiện: năm 2026. Xây dựng ...", True),
        ("(Thoi gian: Quy II/2026) Lap ...", True),  # OCR without diacritics
        ("Triển khai thời gian làm việc linh hoạt.", False),
        ("(Sở Tư pháp chủ trì) Rà soát ...", False),
        ("- Thời gian qua, các đơn vị đã ...", False),
    ],
)
def test_a_card_body_opens_with_its_labelled_time(line, opens):
    assert opens_card_body(line) is opens


# --- 2. an appended table: "X chủ trì; Y phối hợp" cells, communes by name ---------------------------------

LETTER = """SỞ XÂY DỰNG TỈNH HOA SƠN
Số: 880/SXD-QLĐT
Hoa Sơn, ngày 2 tháng 10 năm 2025
V/v đôn đốc cập nhật dữ liệu quy hoạch

Kính gửi: UBND các xã, phường.

Để bảo đảm mục tiêu đến 31/12/2025 có 90% đồ án quy hoạch được số hóa và 60% giấy phép xây dựng cấp trực tuyến, Sở Xây dựng đề nghị:

1. Hoàn thành các nhiệm vụ tại Phụ lục đúng thời hạn.
2. Báo cáo kết quả trước ngày 20/12/2025.

Nơi nhận:
- Như trên;
- Lưu: VT.

PHỤ LỤC: DANH SÁCH NHIỆM VỤ
| STT | Nội dung | Đơn vị thực hiện | Thời hạn |
|---|---|---|---|
| 1 | Số hóa đồ án quy hoạch chung xã | UBND xã Tân Hòa | Trước 30/11/2025 |
| 2 | Cắm mốc giới quy hoạch khu dân cư mới | UBND phường Hòa Bình chủ trì; Trung tâm Kỹ thuật địa chính, Công ty Điện lực phối hợp | Quý IV/2025 |
| 3 | Cập nhật giấy phép xây dựng lên hệ thống | UBND các xã, phường | Hằng tháng |
"""


def test_an_appended_table_reads_communes_by_name_and_both_roles_in_one_cell():
    plan = parse_plan(LETTER)
    leads = [t.lead for t in plan.tasks]
    assert leads == ["UBND xã Tân Hòa", "UBND phường Hòa Bình", "UBND các xã, phường"]
    assert plan.tasks[1].support == ["Trung tâm Kỹ thuật địa chính", "Công ty Điện lực"]
    assert sorted(t.values["2025"] for t in plan.targets) == ["60%", "90%"]


@pytest.mark.parametrize(
    "cell, split",
    [
        ("Phòng Y tế chủ trì; Trạm Y tế phối hợp", ("Phòng Y tế", "Trạm Y tế")),
        (
            "UBND xã An Lạc chủ trì; Hội Nông dân, Đoàn Thanh niên phối hợp",
            ("UBND xã An Lạc", "Hội Nông dân, Đoàn Thanh niên"),
        ),
        ("Công an phường chủ trì", ("Công an phường", "")),
        ("Phong Kinh te chu tri; Buu dien phoi hop", ("Phong Kinh te", "Buu dien")),
        ("Phòng Y tế; Trạm Y tế", None),  # no roles said
        ("Phòng Y tế chủ trì; Trạm Y tế hướng dẫn", None),  # a piece in another shape
        ("chủ trì; Trạm Y tế phối hợp", None),  # no lead named
    ],
)
def test_a_cell_naming_both_roles(cell, split):
    assert split_role_cell(cell) == split


@pytest.mark.parametrize(
    "cell, lead",
    [
        ("UBND xã Tân Hòa", "UBND xã Tân Hòa"),
        ("UBND phường Hòa Bình", "UBND phường Hòa Bình"),
        ("UBND các xã, phường", "UBND các xã, phường"),
        ("Sở Tư pháp", "Sở Tư pháp"),
    ],
)
def test_a_commune_named_after_its_level_is_kept(cell, lead):
    assert _unit_or_words(cell) == lead


@pytest.mark.parametrize(
    "text, values",
    [
        ("Để bảo đảm mục tiêu đến 31/12/2025 có 90% đồ án được số hóa, Sở đề nghị:", ["90%"]),
        (
            "nhằm phấn đấu đến hết năm 2026 đạt 70% hồ sơ trực tuyến và 50% thanh toán số, UBND yêu cầu",
            ["70%", "50%"],
        ),
        ("Mục tiêu của kế hoạch là nâng cao nhận thức, Sở đề nghị:", []),
    ],
)
def test_goals_set_inside_a_letter_sentence(text, values):
    assert [next(iter(t.values.values())) for t in goals_inside(text)] == values


# --- 3. an event plan: programme slots, labelled targets ----------------------------------------------------

EVENT = """ỦY BAN NHÂN DÂN
PHƯỜNG TÂY HỒ
Số: 41/KH-UBND
Tây Hồ, ngày 12 tháng 9 năm 2025

KẾ HOẠCH
Tổ chức Ngày hội công dân số 15/10/2025

I. MỤC ĐÍCH, YÊU CẦU, CHỈ TIÊU
1. Lan tỏa phong trào học tập kỹ năng số.
2. Chỉ tiêu: hướng dẫn ít nhất 400 lượt người dân; 100% gian hàng có mã QR thanh toán.

II. CHƯƠNG TRÌNH
| Thời gian | Nội dung | Bộ phận thực hiện |
|---|---|---|
| 07h30 ngày 15/10/2025 | Đón tiếp đại biểu | Văn phòng HĐND và UBND phường |
| 08h00 - 09h30 ngày 15/10/2025 | Hội thi tin học trẻ cho học sinh | Trường THCS Tây Hồ chủ trì; Đoàn Thanh niên phường phối hợp |
"""


def test_a_programme_table_reads_its_slot_and_the_unit_doing_it():
    plan = parse_plan(EVENT)
    slots = [t for t in plan.tasks if t.source == "table"]
    assert [t.lead for t in slots] == ["Văn phòng HĐND và UBND phường", "Trường THCS Tây Hồ"]
    assert slots[1].support == ["Đoàn Thanh niên phường"]
    assert all(t.deadline.due == date(2025, 10, 15) for t in slots)
    assert "08h00" in slots[1].deadline.text
    assert sorted(next(iter(t.values.values())) for t in plan.targets) == ["100%", "ít nhất 400"]


@pytest.mark.parametrize(
    "cell, due",
    [
        ("07h30 ngày 10/10/2025", date(2025, 10, 10)),
        ("8h30 - 10h00, ngày 10/10/2025", date(2025, 10, 10)),
        ("14 giờ ngày 5/3/2026", date(2026, 3, 5)),
        ("Ngày 20/11/2025", date(2025, 11, 20)),
        ("Tháng 11/2025", None),  # a period: the general reader's
        ("Sau khi có kinh phí", None),
        ("07h30", None),  # an hour without its day
    ],
)
def test_a_programme_slot_is_due_on_its_day(cell, due):
    got = slot_deadline(cell, date(2025, 9, 1))
    assert (got.due if got else None) == due


@pytest.mark.parametrize(
    "header, lead_column",
    [
        (["Thời gian", "Nội dung", "Bộ phận thực hiện"], 2),
        (["STT", "Nội dung", "Đơn vị thực hiện", "Thời hạn"], 2),
        (["Thời gian", "Nội dung", "Ghi chú"], None),
    ],
)
def test_the_unit_column_of_a_programme(header, lead_column):
    roles = _header_roles(header) or {}
    assert roles.get("lead") == lead_column


@pytest.mark.parametrize(
    "line, count",
    [
        ("3. Chỉ tiêu: hỗ trợ ít nhất 500 lượt người dân; 100% hộ kinh doanh có mã QR.", 2),
        ("- Mục tiêu cụ thể: 80% hồ sơ được số hóa.", 1),
        ("3. Tổ chức ngày hội với 500 người tham dự.", 0),  # no label: not read as targets
    ],
)
def test_labelled_goals(line, count):
    assert len(labelled_goals([(0, line)], "2025")) == count


@pytest.mark.parametrize(
    "text, partners",
    [
        (
            "Đo đạc bản đồ. Cơ quan thực hiện: Sở Xây dựng chủ trì; Văn phòng Đăng ký đất đai tỉnh, UBND các xã phối hợp.",
            ["Văn phòng Đăng ký đất đai", "UBND cấp xã"],
        ),
        (
            "Mở gian hàng. Cơ quan thực hiện: Sở Xây dựng chủ trì; Sở Tài chính, Công an tỉnh phối hợp.",
            ["Sở Tài chính", "Công an tỉnh"],
        ),
        ("Rà soát (Sở Xây dựng chủ trì, các đơn vị chuyên môn thực hiện quy trình phối hợp).", []),
    ],
)
def test_partners_listed_before_the_cue_keep_their_place_word(text, partners):
    assert _support_of(text, "Sở Xây dựng") == partners
