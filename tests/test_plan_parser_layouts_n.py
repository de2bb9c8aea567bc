"""Layouts the parser first met in question set N, on texts written for these tests: a table pasted from Word
with TAB-separated columns (group rows, empty cells, lines that carry a cell on below its row), a steering
committee's plan assigned member by member ("1. Đồng chí … – Phó Chủ tịch UBND xã, Phó Trưởng ban: …" over "-"
tasks), "Nhiệm vụ N:" blocks with "Đầu mối / Cùng thực hiện / Mốc thời gian / Kết quả cần đạt" lines under
numbered group titles, a local branch issuing under its national body's line, and a sentence of targets
that moves on to a later year."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.deadline import parse_deadline
from knowledge.plan_parser import parse_plan
from knowledge.plan_parser.members import member_lead

HEAD = (
    "ỦY BAN NHÂN DÂN\nTỈNH ĐÔNG SƠN\nSố: 412/KH-UBND\nĐông Sơn, ngày 03 tháng 9 năm 2025\n"
    "KẾ HOẠCH\nPhát triển dịch vụ số trên địa bàn tỉnh năm 2025 - 2026\n\n"
)

# A Word table pasted as text: one TAB between cells, group rows with empty cells after the title, a task
# text carried on a line of its own (a tab first), a second partner on a line of its own (tabs first).
TAB_TABLE = (
    "II. NHIỆM VỤ CỤ THỂ\n\n"
    "STT\tNội dung công việc\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian hoàn thành\tGhi chú\n"
    "A\tHẠ TẦNG VÀ AN TOÀN THÔNG TIN\t\t\t\t\n"
    "1\tNâng cấp mạng truyền số liệu chuyên dùng đến các xã vùng cao\tSở Khoa học và Công nghệ\t"
    "VNPT Đông Sơn\tQuý I/2026\tNhiệm vụ mới\n"
    "2\tDiễn tập ứng cứu sự cố an toàn thông tin cho các cơ quan nhà nước,\tCông an tỉnh\t"
    "Sở Khoa học và Công nghệ\tTrước 30/11/2025\t\n"
    "\tkể cả các đơn vị sự nghiệp công lập\t\t\t\t\n"
    "B\tKINH TẾ SỐ\t\t\t\t\n"
    "3\tĐưa sản phẩm làng nghề gốm lên sàn thương mại điện tử\tSở Công Thương\t"
    "Bưu điện tỉnh Đông Sơn; Hội Nông dân tỉnh\tHằng năm\tNhiệm vụ chuyển tiếp\n"
    "\t\t\tLiên minh Hợp tác xã tỉnh\t\t\n"
    "4\tXây dựng bản đồ số vùng trồng cây ăn quả\tSở Nông nghiệp và Môi trường\t\tTháng 12/2025\t\n"
    "5\tCấp mã vùng trồng điện tử cho hợp tác xã\tSở Nông nghiệp và Môi trường\t"
    "Văn phòng Đăng ký đất đai tỉnh; UBND các xã, phường\tTừ 01/12/2025 đến 28/02/2026\t\n"
    "\nIII. TỔ CHỨC THỰC HIỆN\n\nCác sở, ngành báo cáo kết quả về Sở Khoa học và Công nghệ.\n"
)


def _tab_tasks():
    return {t.code: t for t in parse_plan(HEAD + TAB_TABLE).tasks}


def test_a_tab_table_reads_one_task_per_numbered_row():
    tasks = _tab_tasks()
    assert sorted(tasks) == ["1", "2", "3", "4", "5"]  # group rows and carried-on lines are no tasks


@pytest.mark.parametrize(
    ("code", "lead", "support", "due", "section"),
    [
        ("1", "Sở Khoa học và Công nghệ", ["VNPT Đông Sơn"], date(2026, 3, 31), "A HẠ TẦNG"),
        ("2", "Công an tỉnh", ["Sở Khoa học và Công nghệ"], date(2025, 11, 30), "A HẠ TẦNG"),
        (
            "3",
            "Sở Công Thương",
            ["Bưu điện tỉnh Đông Sơn", "Hội Nông dân tỉnh", "Liên minh Hợp tác xã tỉnh"],
            None,
            "B KINH TẾ SỐ",
        ),
        ("4", "Sở Nông nghiệp và Môi trường", [], date(2025, 12, 31), "B KINH TẾ SỐ"),
        # The row after a partner carried on below stays in its group (the partner line is no group row).
        (
            "5",
            "Sở Nông nghiệp và Môi trường",
            ["Văn phòng Đăng ký đất đai", "UBND các xã, phường"],
            None,
            "B KINH",
        ),
    ],
)
def test_tab_rows_give_lead_partners_time_and_group(code, lead, support, due, section):
    task = _tab_tasks()[code]
    assert task.lead == lead
    assert task.support == support
    assert task.section.startswith(section)
    if due:
        assert task.deadline.due == due


def test_a_task_text_carried_on_below_its_row_joins_it():
    task = _tab_tasks()["2"]
    assert task.content.endswith("cơ quan nhà nước, kể cả các đơn vị sự nghiệp công lập")


COMMITTEE_HEAD = (
    "ĐẢNG ỦY XÃ TÂN HÒA\nBAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ\nSố 09-KH/BCĐ\nTân Hòa, ngày 10 tháng 10 năm 2025\n"
    "KẾ HOẠCH\nthực hiện nhiệm vụ chuyển đổi số năm 2026\n\n"
)
COMMITTEE = """II. NHIỆM VỤ CHUNG

1. Tổ chức hội nghị quán triệt kế hoạch đến các chi bộ thôn; hoàn thành trong tháng 11/2025.

III. PHÂN CÔNG THÀNH VIÊN BAN CHỈ ĐẠO

1. Đồng chí Hoàng Văn Nam – Chủ tịch UBND xã, Phó Trưởng ban: phụ trách chính quyền số, trực tiếp chỉ đạo:
- Chỉ đạo Văn phòng HĐND và UBND xã số hóa hồ sơ một cửa năm 2024; hoàn thành trước 31/12/2025.
- Chỉ đạo Phòng Kinh tế lắp wifi công cộng tại nhà văn hóa các thôn; hoàn thành trong quý I/2026.

2. Đ/c Lý Thị Mai, Chỉ huy trưởng Quân sự xã, Ủy viên:
- Số hóa hồ sơ đăng ký nghĩa vụ quân sự của thanh niên trong độ tuổi; hoàn thành trước 15/12/2025.

3. Bà Trịnh Thu Hà – Ủy viên Ban Chỉ đạo: phụ trách chung các hội:
- Vận động hội viên phụ nữ cài đặt ứng dụng ngân hàng số; thực hiện thường xuyên.

IV. TỔ CHỨC THỰC HIỆN

Thành viên Ban Chỉ đạo báo cáo kết quả trước ngày 20 hằng tháng.
"""


def _committee_tasks():
    return parse_plan(COMMITTEE_HEAD + COMMITTEE).tasks


@pytest.mark.parametrize(
    ("words", "lead"),
    [
        ("số hóa hồ sơ một cửa", "Hoàng Văn Nam – Chủ tịch UBND xã"),
        ("lắp wifi công cộng", "Hoàng Văn Nam – Chủ tịch UBND xã"),
        ("nghĩa vụ quân sự", "Lý Thị Mai – Chỉ huy trưởng Quân sự xã"),
        # Only a committee title after the name: the title is the post kept.
        ("ngân hàng số", "Trịnh Thu Hà – Ủy viên Ban Chỉ đạo"),
        # The common tasks before the members name no one.
        ("hội nghị quán triệt", None),
    ],
)
def test_a_member_leads_the_tasks_under_his_or_her_name(words, lead):
    task = next(t for t in _committee_tasks() if words in t.content)
    assert task.lead == lead


def test_member_items_are_no_tasks_and_each_dash_is_one():
    tasks = _committee_tasks()
    assert len(tasks) == 5
    assert not any(t.content.startswith(("Đồng chí", "Đ/c", "Bà")) for t in tasks)


@pytest.mark.parametrize(
    ("text", "lead"),
    [
        (
            "Đồng chí Hoàng Văn Nam – Chủ tịch UBND xã, Phó Trưởng ban: phụ trách chung:",
            "Hoàng Văn Nam – Chủ tịch UBND xã",
        ),
        ("Đ/c Lý Thị Mai - Phó Bí thư Đảng ủy, Trưởng ban:", "Lý Thị Mai – Phó Bí thư Đảng ủy"),
        (
            "Ông Trần Minh, Giám đốc Trung tâm Phục vụ hành chính công xã:",
            "Trần Minh – Giám đốc Trung tâm Phục vụ hành chính công xã",
        ),
        # A post without a person's name, a unit, plain work: no member.
        ("Đồng chí Chủ tịch UBND xã chỉ đạo các bộ phận:", None),
        ("Phòng Văn hóa – Xã hội: chủ trì tuyên truyền:", None),
        ("Đồng chí Trưởng Công an xã, Ủy viên: chỉ đạo:", None),
        ("Tổ chức tập huấn cho cán bộ thôn – hoàn thành: quý I/2026", None),
    ],
)
def test_member_lead_reads_a_named_member_and_nothing_else(text, lead):
    assert member_lead(text) == lead


BRANCH_HEAD = (
    "BẢO HIỂM XÃ HỘI VIỆT NAM                      CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "BẢO HIỂM XÃ HỘI TỈNH ĐÔNG SƠN                  Độc lập - Tự do - Hạnh phúc\n\n"
    "Số: 777/KH-BHXH                              Đông Sơn, ngày 14 tháng 7 năm 2025\n\n"
    "KẾ HOẠCH\nỨng dụng công nghệ thông tin trong thu, chi bảo hiểm năm 2025\n\n"
    "Thực hiện chỉ đạo của ngành, Bảo hiểm xã hội tỉnh Đông Sơn ban hành Kế hoạch như sau.\n\n"
)
NAMED_BLOCKS = """III. NHIỆM VỤ CỤ THỂ

1. Thu và phát triển người tham gia

Nhiệm vụ 1: Thu bảo hiểm y tế học sinh qua ứng dụng thanh toán trực tuyến
Đầu mối: Phòng Quản lý thu, sổ, thẻ
Cùng thực hiện: Sở Giáo dục và Đào tạo; các ngân hàng thương mại
Mốc thời gian: Trước 30/11/2025
Kết quả cần đạt: 90% học sinh đóng bảo hiểm y tế không dùng tiền mặt

Nhiệm vụ 2: Đối chiếu dữ liệu người tham gia với dữ liệu dân cư
Đầu mối: Phòng Công nghệ thông tin
Cùng thực hiện: Công an tỉnh
Mốc thời gian: Hằng tháng
Kết quả cần đạt: Không còn hồ sơ trùng mã số

2. Thanh tra và truyền thông

Nhiệm vụ 3: Kiểm tra việc đóng bảo hiểm của doanh nghiệp trên dữ liệu điện tử
Đầu mối: Phòng Thanh tra - Kiểm tra
Cùng thực hiện: Sở Nội vụ
Mốc thời gian: Quý I/2026
Kết quả cần đạt: Tối thiểu 40 cuộc kiểm tra, 2.000 lao động được rà soát

IV. TỔ CHỨC THỰC HIỆN

Các phòng báo cáo kết quả về Văn phòng trước ngày 20 hằng tháng.
"""


def _named_plan():
    return parse_plan(BRANCH_HEAD + NAMED_BLOCKS)


@pytest.mark.parametrize(
    ("code", "lead", "support", "due", "result", "section"),
    [
        (
            "1",
            "Phòng Quản lý thu, sổ, thẻ",
            ["Sở Giáo dục và Đào tạo", "các ngân hàng thương mại"],
            date(2025, 11, 30),
            "90% học sinh đóng bảo hiểm y tế không dùng tiền mặt",
            "1. Thu và phát triển",
        ),
        ("2", "Phòng Công nghệ thông tin", ["Công an tỉnh"], None, "Không còn hồ sơ trùng mã số", "1. Thu"),
        (
            "3",
            "Phòng Thanh tra – Kiểm tra",
            ["Sở Nội vụ"],
            date(2026, 3, 31),
            "Tối thiểu 40 cuộc kiểm tra, 2.000 lao động được rà soát",
            "2. Thanh tra",
        ),
    ],
)
def test_named_blocks_read_their_fields(code, lead, support, due, result, section):
    task = {t.code: t for t in _named_plan().tasks}[code]
    assert task.lead == lead
    assert task.support == support
    assert task.deadline.due == due
    assert task.result == result  # the measurable result stays with its task
    assert task.section.startswith(section)
    assert "Đầu mối" not in task.content and "Kết quả" not in task.content


def test_numbered_titles_over_named_blocks_are_groups_not_tasks():
    plan = _named_plan()
    assert [t.code for t in plan.tasks] == ["1", "2", "3"]
    assert plan.tasks[1].deadline.recurring


def test_a_local_branch_under_its_national_body_issues_the_plan():
    assert _named_plan().issuer == "Bảo hiểm xã hội tỉnh Đông Sơn"


@pytest.mark.parametrize(
    "top",
    [
        "ỦY BAN NHÂN DÂN\nTỈNH ĐÔNG SƠN",  # a level line under the organ: the organ and its place
        "BẢO HIỂM XÃ HỘI\nTỈNH ĐÔNG SƠN",
    ],
)
def test_a_body_and_its_level_line_are_not_a_branch(top):
    text = f"{top}\nSố: 5/KH-UBND\nĐông Sơn, ngày 01 tháng 7 năm 2025\nKẾ HOẠCH\nThử\n\n" + NAMED_BLOCKS
    assert parse_plan(text).issuer.endswith("tỉnh Đông Sơn")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "2. Phấn đấu đến hết năm 2025: 80% hộ gia đình có tài khoản định danh điện tử; đến hết năm 2026: "
            "50% tiểu thương tại chợ trung tâm nhận thanh toán bằng mã QR.",
            {("2025", "80%"), ("2026", "50%")},
        ),
        (
            "2. Phấn đấu đến hết năm 2025: 80% hộ gia đình có tài khoản định danh điện tử; "
            "70% người cao tuổi được hướng dẫn dùng dịch vụ công.",
            {("2025", "80%"), ("2025", "70%")},  # no year of its own: the sentence's year holds
        ),
    ],
)
def test_a_sentence_of_targets_moves_on_to_a_later_year(sentence, expected):
    text = HEAD + "I. MỤC ĐÍCH, YÊU CẦU\n\n" + sentence + "\n\n" + TAB_TABLE
    targets = parse_plan(text).targets
    assert {(y, v) for t in targets for y, v in t.values.items()} == expected


@pytest.mark.parametrize(
    ("bullet", "partners"),
    [
        (
            "Phối hợp Viettel Đông Sơn lắp 25 camera giao thông tại các ngã tư; thực hiện trong năm 2026.",
            ["Viettel Đông Sơn"],
        ),
        (
            "Phối hợp Trường Tiểu học Tân Hòa tổ chức ngày hội số; hoàn thành trong tháng 12/2025.",
            ["Trường Tiểu học Tân Hòa"],
        ),
    ],
)
def test_a_written_partner_name_stops_before_the_verb(bullet, partners):
    text = (
        COMMITTEE_HEAD
        + "II. NHIỆM VỤ\n\n1. Đồng chí Đỗ Văn An – Phó Chủ tịch UBND xã, Ủy viên:\n- "
        + bullet
        + "\n"
    )
    (task,) = parse_plan(text).tasks
    assert task.support == partners


@pytest.mark.parametrize(
    ("cell", "lead"),
    [
        ("Ngân hàng Nhà nước Khu vực 9", "Ngân hàng Nhà nước Khu vực 9"),  # the branch, not the bank
        ("Sở Y tế", "Sở Y tế"),
        ("Sở Y tế tỉnh Đông Sơn", "Sở Y tế"),  # a place after a registered name: the registered name
    ],
)
def test_a_tab_lead_cell_naming_a_branch_keeps_it(cell, lead):
    table = (
        "II. NHIỆM VỤ\n\nSTT\tNội dung công việc\tCơ quan chủ trì\tThời gian hoàn thành\n"
        f"1\tMở rộng thanh toán không dùng tiền mặt tại bệnh viện\t{cell}\tThường xuyên\n"
    )
    (task,) = parse_plan(HEAD + table).tasks
    assert task.lead == lead


@pytest.mark.parametrize(
    ("text", "due", "recurring"),
    [
        (
            "Thu học phí không dùng tiền mặt; thực hiện trong học kỳ II năm học 2025 - 2026.",
            date(2026, 5, 31),
            False,
        ),
        (
            "Thu học phí không dùng tiền mặt; hoàn thành trong học kỳ I năm học 2025 - 2026.",
            date(2026, 1, 31),
            False,
        ),
        ("Dạy học trên nền tảng số từ học kỳ II năm học 2025 - 2026.", None, True),  # from then on
        ("Tổng kết học kỳ II năm học 2025 - 2026 của nhà trường.", None, False),  # what is done, not when
    ],
)
def test_the_second_term_of_a_school_year_ends_with_it(text, due, recurring):
    deadline = parse_deadline(text)
    assert deadline.due == due
    assert deadline.recurring == recurring


@pytest.mark.parametrize(
    ("field", "lead"),
    [
        ("Phòng Thanh tra - Kiểm tra", "Phòng Thanh tra – Kiểm tra"),  # two fields after the dash: one name
        ("Sở Y tế - Trung tâm Y tế huyện", "Sở Y tế"),  # a second unit after the dash
        ("Công an xã - Quý IV", "Công an xã"),  # a time after the dash
        ("Phòng Kinh tế - Tháng 12", "Phòng Kinh tế"),
    ],
)
def test_a_department_named_across_a_dash_is_one_name(field, lead):
    text = BRANCH_HEAD + (
        "III. NHIỆM VỤ\n\nNhiệm vụ 1: Rà soát hồ sơ chậm đóng bảo hiểm của doanh nghiệp\n"
        f"Đầu mối: {field}\nMốc thời gian: Quý IV/2025\n"
    )
    (task,) = parse_plan(text).tasks
    assert task.lead == lead
