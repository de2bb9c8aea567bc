"""Layouts of a fifth set of plans written by others: a campaign plan in phases whose numbered tasks take their
phase's end and name units by a code in brackets; one-line tasks "content – unit – time – PH: …" without a
table header; a yearly work programme whose month column is the time and whose advising board leads. Every
text here is written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.fold import fold_aligned
from knowledge.plan_parser import parse_plan
from knowledge.plan_parser.periods import period_cell, title_year
from knowledge.plan_parser.phases import phase_heading
from knowledge.units import abbreviation

HEAD = "UBND XÃ TÂN HÒA\nSố: 15/KH-UBND\nTân Hòa, ngày 3 tháng 2 năm 2026\n\nKẾ HOẠCH\nPhát triển dịch vụ số năm 2026\n\n"


def _tasks(body: str, head: str = HEAD):
    return parse_plan(head + body).tasks


# --- 1. phases --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "due"),
    [
        ("Giai đoạn 1 (từ 01/3/2026 đến 15/5/2026):", date(2026, 5, 15)),
        ('Đợt ra quân "Tháng hành động vì môi trường xanh" (từ 05/6/2026 đến 20/7/2026):', date(2026, 7, 20)),
        ("Giai đoạn 2 (tháng 7/2026 – quý IV/2026):", date(2026, 12, 31)),
        ("Giai đoạn 3 (năm 2027):", date(2027, 12, 31)),
        ("Giai đoạn 2026 – 2027:", date(2027, 12, 31)),
        ("Bước 2 (quý III/2026):", date(2026, 9, 30)),
        ("Giai đoạn 2 (học kỳ I năm học 2026 – 2027):", None),  # the school year's own end, read whole
    ],
)
def test_a_phase_heading_is_due_at_its_period_end(line, due):
    deadline = phase_heading(line, fold_aligned(line))
    assert deadline is not None
    if due is not None:
        assert deadline.due == due
    else:
        assert "2026 – 2027" in deadline.text


@pytest.mark.parametrize(
    "line",
    [
        "Công an xã chủ trì tổ chức lớp tập huấn (quý I/2026):",  # a task naming its lead, not a phase
        "Tổ chức hội nghị sơ kết (nếu cần):",  # no time in the brackets
        "Giai đoạn chuẩn bị",  # no colon closing a heading
        "các nội dung sau (từ 01/3/2026 đến 15/5/2026):",  # lower case: a sentence carried on
    ],
)
def test_other_lines_are_no_phase_heading(line):
    assert phase_heading(line, fold_aligned(line)) is None


PHASED = """III. NHIỆM VỤ CỤ THỂ

Giai đoạn 1 (từ 01/3/2026 đến 15/5/2026):

1. Phòng Kỹ thuật nghiệp vụ (PK02) chủ trì, phối hợp Công an các xã, thị trấn rà soát thông tin cư trú của người lao động tự do.

2. Công an các xã, thị trấn chủ trì lập danh sách hộ gia đình chưa có địa chỉ số.

Đợt cao điểm "Ngày hội dữ liệu" (từ 16/5/2026 đến 30/6/2026):

1. PK02 chủ trì tổ chức điểm tiếp nhận hồ sơ lưu động tại các chợ đầu mối.

2. Phòng Tham mưu tổng hợp (PT01) chủ trì, phối hợp PK02 tổng kết đợt cao điểm; hoàn thành trước 10/7/2026.

Giai đoạn 2 (tháng 7/2026 – quý IV/2026):

1. PT01 chủ trì, phối hợp Phòng Kỹ thuật nghiệp vụ (PK02) xây dựng bản đồ số về cư trú.

Nhiệm vụ thường xuyên:

1. PK02 chủ trì giải đáp vướng mắc của người dân qua đường dây nóng.

IV. TỔ CHỨC THỰC HIỆN

1. Các đơn vị báo cáo kết quả về Công an huyện trước ngày 20 hằng tháng.
"""


def test_tasks_under_a_phase_restart_their_numbers_and_take_the_phase_end():
    tasks = _tasks(PHASED)
    assert [t.code for t in tasks] == ["1", "2", "1", "2", "1", "1"]
    dues = [t.deadline.due for t in tasks]
    assert dues[:4] == [date(2026, 5, 15), date(2026, 5, 15), date(2026, 6, 30), date(2026, 7, 10)]
    assert dues[4] == date(2026, 12, 31)
    assert tasks[5].deadline.recurring
    # A phase heading is the section of its tasks, never a task of its own.
    assert not any("Đợt cao điểm" in t.content for t in tasks)
    assert tasks[2].section.startswith("Đợt cao điểm")


def test_a_unit_named_in_full_with_its_code_and_then_by_the_code_is_one_unit():
    tasks = _tasks(PHASED)
    full = "Phòng Kỹ thuật nghiệp vụ (PK02)"
    assert tasks[0].lead == full
    assert tasks[2].lead == full  # "PK02 chủ trì"
    assert tasks[5].lead == full
    assert tasks[3].lead == "Phòng Tham mưu tổng hợp (PT01)"
    assert full in tasks[3].support  # "phối hợp PK02"
    assert tasks[4].lead == "Phòng Tham mưu tổng hợp (PT01)"
    assert tasks[4].support == [full]  # named in full again as a partner: the same unit, once
    assert abbreviation(full) == "PK02"


def test_the_police_of_every_commune_lead_as_one_collective_name():
    tasks = _tasks(PHASED)
    assert tasks[1].lead == "Công an các xã, thị trấn"
    assert "Công an các xã, thị trấn" in tasks[0].support


@pytest.mark.parametrize(
    ("text", "lead"),
    [
        # letters only in the brackets: an abbreviation the registry knows, not a code of the plan's own
        (
            "1. Ủy ban nhân dân xã (UBND) chủ trì rà soát hồ sơ địa chính.\n2. UBND xã chủ trì lập bản đồ số.\n",
            None,
        ),
        # a code not written after a name is no unit
        ("1. Rà soát hồ sơ theo mẫu (PL01) gửi kèm.\n2. PL01 được cập nhật hằng quý.\n", None),
    ],
)
def test_brackets_that_define_no_unit_code_change_no_lead(text, lead):
    tasks = _tasks("II. NHIỆM VỤ\n" + text)
    assert all("(" not in (t.lead or "") for t in tasks)


# --- 2. one-line tasks ------------------------------------------------------------------------------------

ONE_LINE = """II. NHIỆM VỤ CỤ THỂ
(mỗi dòng: nội dung – đơn vị chủ trì – thời hạn)

A. HẠ TẦNG
1. Lắp đặt điểm phát wifi tại nhà văn hóa các thôn – Phòng Kinh tế – Quý III/2026 – PH: Viettel Tân Hòa
2. Mở lớp kỹ năng số cho học sinh lớp 5 – Phòng Văn hóa – Xã hội – Học kỳ I năm học 2026 – 2027
3. Số hóa hồ sơ hộ tịch lưu trữ từ năm 2000 | Văn phòng HĐND và UBND xã | Tháng 9/2026
4. Hướng dẫn hộ kinh doanh đăng ký hóa đơn điện tử – Phòng Kinh tế – Hằng quý – PH: Hội Nông dân xã; Đoàn Thanh niên xã
5. Sửa chữa hệ thống loa truyền thanh thôn Đông – Phòng Văn hóa – Xã hội – Sau khi được cấp kinh phí
"""


@pytest.mark.parametrize(
    ("index", "content", "lead", "deadline_text", "partners"),
    [
        (
            0,
            "Lắp đặt điểm phát wifi tại nhà văn hóa các thôn",
            "Phòng Kinh tế",
            "Quý III/2026",
            ["Viettel Tân Hòa"],
        ),
        (
            1,
            "Mở lớp kỹ năng số cho học sinh lớp 5",
            "Phòng Văn hóa – Xã hội",
            "Học kỳ I năm học 2026 – 2027",
            [],
        ),
        (2, "Số hóa hồ sơ hộ tịch lưu trữ từ năm 2000", "Văn phòng HĐND và UBND xã", "Tháng 9/2026", []),
        (
            3,
            "Hướng dẫn hộ kinh doanh đăng ký hóa đơn điện tử",
            "Phòng Kinh tế",
            "Hằng quý",
            ["Hội Nông dân xã", "Đoàn Thanh niên xã"],
        ),
        (
            4,
            "Sửa chữa hệ thống loa truyền thanh thôn Đông",
            "Phòng Văn hóa – Xã hội",
            "Sau khi được cấp kinh phí",
            [],
        ),
    ],
)
def test_a_one_line_task_is_split_by_what_its_parts_are(index, content, lead, deadline_text, partners):
    tasks = _tasks(ONE_LINE)
    assert len(tasks) == 5
    task = tasks[index]
    assert (task.code, task.content, task.lead) == (str(index + 1), content, lead)
    assert task.deadline.text == deadline_text
    assert task.support == partners
    assert task.section == "A. HẠ TẦNG"


def test_one_line_task_dues():
    tasks = _tasks(ONE_LINE)
    assert tasks[0].deadline.due == date(2026, 9, 30)
    assert tasks[2].deadline.due == date(2026, 9, 30)
    assert tasks[3].deadline.recurring
    assert tasks[4].deadline.condition


def test_a_lone_line_with_dashes_among_items_is_not_split():
    body = (
        "II. NHIỆM VỤ\n"
        "1. Tuyên truyền – phổ biến pháp luật về giao dịch điện tử cho người dân; Phòng Văn hóa – Xã hội chủ trì.\n"
        "2. Phòng Kinh tế chủ trì rà soát hạ tầng viễn thông, hoàn thành trước 30/9/2026.\n"
    )
    tasks = _tasks(body)
    assert tasks[0].content.startswith("Tuyên truyền – phổ biến pháp luật")
    assert tasks[0].content.endswith("chủ trì.")


# --- 3. a work programme ----------------------------------------------------------------------------------

PROGRAMME_HEAD = (
    "HỘI NÔNG DÂN VIỆT NAM\nBAN CHẤP HÀNH\nHỘI NÔNG DÂN TỈNH LAM GIANG\n\nSố: 41/CTr-HND"
    "                 Lam Giang, ngày 20 tháng 11 năm 2026\n\n"
)
PROGRAMME = """CHƯƠNG TRÌNH CÔNG TÁC NĂM 2027
của Hội Nông dân tỉnh Lam Giang

I. MỤC TIÊU
- Phấn đấu 60% hội viên nông dân biết bán nông sản trên sàn thương mại điện tử.

II. NỘI DUNG VÀ TIẾN ĐỘ

Ghi chú: nội dung ghi "Tháng …" hoàn thành trong tháng đó.

| Tháng | Nội dung công việc | Ban/đơn vị tham mưu | Lãnh đạo phụ trách |
|---|---|---|---|
| Tháng 2 | Tổng kết phong trào nông dân sản xuất giỏi năm 2026 | Văn phòng | Chủ tịch |
| Tháng 4–5 | Tập huấn livestream bán nông sản cho chi hội trưởng | Ban Kinh tế – Xã hội | Phó Chủ tịch Thường trực |
| Quý III | Xây dựng mô hình hợp tác xã số ở các xã vùng cao | Ban Kinh tế – Xã hội | Phó Chủ tịch |
| Tháng 3 và tháng 9 | Sơ kết việc dùng sổ tay hội viên điện tử | Ban Tổ chức – Kiểm tra | Phó Chủ tịch Thường trực |
| Cả năm | Duy trì chuyên mục hỏi đáp pháp luật trên trang thông tin của Hội | Ban Tuyên huấn | Chủ tịch |

III. TỔ CHỨC THỰC HIỆN
1. Văn phòng theo dõi, tổng hợp, báo cáo Thường trực Hội.
"""


def test_a_work_programme_is_a_plan_with_its_number_and_title():
    plan = parse_plan(PROGRAMME_HEAD + PROGRAMME)
    assert plan.number == "41/CTr-HND"
    assert plan.title.startswith("Chương trình công tác năm 2027 của Hội Nông dân tỉnh Lam Giang")


@pytest.mark.parametrize(
    ("index", "lead", "due", "text"),
    [
        (0, None, date(2027, 2, 28), "Tháng 2/2027"),
        (1, "Ban Kinh tế – Xã hội", date(2027, 5, 31), "Tháng 4–5/2027"),
        (2, "Ban Kinh tế – Xã hội", date(2027, 9, 30), "Quý III/2027"),
        (3, "Ban Tổ chức – Kiểm tra", date(2027, 9, 30), "Tháng 3 và tháng 9/2027"),
    ],
)
def test_a_programme_row_is_due_in_the_programme_year_and_led_by_its_advising_board(index, lead, due, text):
    tasks = parse_plan(PROGRAMME_HEAD + PROGRAMME).tasks
    assert len(tasks) == 5  # the note above the table is no task
    task = tasks[index]
    assert task.deadline.due == due and task.deadline.text == text
    if lead:
        assert task.lead == lead
    assert task.lead not in ("Chủ tịch", "Phó Chủ tịch Thường trực", "Phó Chủ tịch")


def test_a_whole_year_row_is_recurring():
    tasks = parse_plan(PROGRAMME_HEAD + PROGRAMME).tasks
    assert tasks[4].deadline.recurring and tasks[4].lead == "Ban Tuyên huấn"


def test_the_programme_goal_after_phan_dau_is_a_target():
    plan = parse_plan(PROGRAMME_HEAD + PROGRAMME)
    assert any(t.values.get("2027") == "60%" for t in plan.targets)


@pytest.mark.parametrize(
    ("cell", "year", "due"),
    [
        ("Tháng 1", 2027, date(2027, 1, 31)),
        ("Tháng 11–12", 2027, date(2027, 12, 31)),
        ("Quý IV", 2027, date(2027, 12, 31)),
        ("Quý 2", 2027, date(2027, 6, 30)),
        ("6 tháng đầu năm", 2027, date(2027, 6, 30)),
    ],
)
def test_period_cells(cell, year, due):
    assert period_cell(cell, year).due == due


@pytest.mark.parametrize(("cell", "year"), [("Tháng 1", None), ("Tháng 13", 2027), ("Nội dung khác", 2027)])
def test_cells_that_are_no_period_or_have_no_year(cell, year):
    assert period_cell(cell, year) is None


@pytest.mark.parametrize(
    ("title", "year"),
    [
        ("Chương trình công tác năm 2027", 2027),
        ("Kế hoạch giai đoạn 2026 – 2030", None),
        ("Chuyển đổi số", None),
    ],
)
def test_title_year(title, year):
    assert title_year(title) == year


# --- headers, targets -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("Số: 118/KH-CAT-PV01", "118/KH-CAT-PV01"),
        ("Số: 52/KH-CAH-PC09", "52/KH-CAH-PC09"),
        ("Số: 7/KH-UBND", "7/KH-UBND"),
    ],
)
def test_a_plan_number_keeps_an_office_code_with_digits(line, number):
    plan = parse_plan(f"CÔNG AN TỈNH LAM GIANG\n{line}\nLam Giang, ngày 2 tháng 3 năm 2026\n\nKẾ HOẠCH\nX\n")
    assert plan.number == number


def test_a_provincial_police_under_its_ministry_issues_the_plan():
    head = "BỘ CÔNG AN                      CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nCÔNG AN TỈNH LAM GIANG       Độc lập - Tự do - Hạnh phúc\n"
    plan = parse_plan(
        head + "Số: 90/KH-CAT\nLam Giang, ngày 2 tháng 3 năm 2026\n\nKẾ HOẠCH\nBảo đảm an ninh mạng\n"
    )
    assert plan.issuer == "Công an tỉnh Lam Giang"


def test_a_wrapped_sentence_naming_roles_does_not_swallow_the_targets_below_it():
    body = (
        "I. MỤC ĐÍCH, YÊU CẦU, CHỈ TIÊU\n\n"
        "1. Triển khai đồng bộ các nhiệm vụ trên toàn xã; mỗi nhiệm vụ có\n"
        "một đơn vị chủ trì chịu trách nhiệm và thời hạn hoàn thành cụ thể.\n\n"
        "2. Chỉ tiêu đến hết năm 2026:\n"
        "- 70% hộ gia đình có tài khoản thanh toán điện tử.\n"
        "- 90% thôn có Tổ công nghệ số cộng đồng hoạt động.\n\n"
        "II. NHIỆM VỤ\n1. Phòng Kinh tế chủ trì rà soát hạ tầng, hoàn thành trước 30/9/2026.\n"
    )
    plan = parse_plan(HEAD + body)
    assert [t.values for t in plan.targets] == [{"2026": "70%"}, {"2026": "90%"}]
