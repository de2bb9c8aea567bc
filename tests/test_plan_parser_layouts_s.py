"""Layouts of an eighth set of plans: a commune's tasks each one sentence closed by a bracket naming who and when
("(Giao: X; phối hợp: Y; thời gian: …)"), numbered "1)" under "1." titles; a public service unit's "5 rõ"
paragraphs over a legend of its short forms; a department's table sorted by time with the time column first.
Every text here is written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.deadline import parse_deadline, parse_deadline_cell
from knowledge.plan_parser import parse_plan
from knowledge.plan_parser.as_above import is_as_above
from knowledge.plan_parser.continued_cells import is_reading_note
from knowledge.plan_parser.five_clear import clear_fields, clear_units
from knowledge.plan_parser.short_forms import short_forms
from knowledge.units import canonical_unit

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


# --- 3. "5 rõ" paragraphs over a legend of short forms -------------------------------------------------------

CENTRE_HEAD = """SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH LAM HÀ          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TRƯỜNG THPT BẾN ĐÒ                                Độc lập - Tự do - Hạnh phúc

Số: 57/KH-THPT                                Bến Đò, ngày 3 tháng 11 năm 2025

KẾ HOẠCH
Chuyển đổi số trong nhà trường năm học 2025 - 2026

Các chữ viết tắt trong Kế hoạch: BGH - Ban Giám hiệu; VP - Văn phòng nhà trường; TCM-T - Tổ chuyên môn
Toán - Tin; TCM-V - Tổ chuyên môn Ngữ văn; LMS - hệ thống quản lý học tập.

"""

CLEAR = """II. NHIỆM VỤ

A. HẠ TẦNG

HT-01. Rõ việc: Lắp bổ sung 12 điểm phát wifi tại các phòng học. Rõ người: VP (chủ trì), TCM-T. Rõ thời
gian: trước 20/12/2025. Rõ trách nhiệm: Chánh Văn phòng. Rõ sản phẩm: wifi phủ 100% phòng học.

HT-02. Rõ việc: Số hóa học bạ của học sinh khóa 2023 - 2026. Rõ người: VP (chủ trì), TCM-T, TCM-V. Rõ thời gian: sau khi có hướng dẫn của Sở.
Rõ trách nhiệm: Phó Hiệu trưởng. Rõ sản phẩm: học bạ số.

B. DẠY HỌC

DH-01. Rõ việc: Xây dựng kho bài giảng điện tử trên LMS. Rõ người: TCM-V (chủ trì), Phòng Giáo dục và Đào tạo, TCM-T. Rõ thời gian: ngày 15 tháng 01 năm 2026. Rõ trách nhiệm: Tổ trưởng Tổ Ngữ văn. Rõ sản phẩm: 200 bài giảng.

DH-02. Rõ việc: Khảo sát kỹ năng số của giáo viên. Rõ thời gian: hằng quý. Rõ trách nhiệm: Phó Hiệu trưởng.

III. TỔ CHỨC THỰC HIỆN
1. Các tổ chuyên môn báo cáo kết quả về VP trước ngày 25 hằng tháng.
"""


def test_five_clear_paragraphs_are_one_task_each_with_their_fields():
    plan = parse_plan(CENTRE_HEAD + CLEAR)
    assert plan.issuer == "Trường THPT Bến Đò"
    tasks = plan.tasks
    assert [t.code for t in tasks] == ["HT-01", "HT-02", "DH-01", "DH-02"]
    first = tasks[0]
    assert first.content == "Lắp bổ sung 12 điểm phát wifi tại các phòng học (trách nhiệm: Chánh Văn phòng)."
    assert first.deadline.due == date(2025, 12, 20)
    assert first.result == "wifi phủ 100% phòng học"
    assert first.section == "A. HẠ TẦNG"
    # A paragraph broken before "Rõ trách nhiệm", after a time that reads as a closing one, is still one task.
    assert tasks[1].deadline.kind == "conditional" and tasks[1].result == "học bạ số"
    assert tasks[2].deadline.due == date(2026, 1, 15)
    # No "Rõ người": the post answerable leads.
    assert tasks[3].lead == "Phó Hiệu trưởng" and tasks[3].deadline.recurring


def test_units_written_by_the_legends_short_forms_are_spelled_out():
    tasks = parse_plan(CENTRE_HEAD + CLEAR).tasks
    assert tasks[0].lead == "Văn phòng nhà trường"
    assert tasks[0].support == ["Tổ chuyên môn Toán - Tin"]
    assert tasks[1].support == ["Tổ chuyên môn Toán - Tin", "Tổ chuyên môn Ngữ văn"]
    assert tasks[2].lead == "Tổ chuyên môn Ngữ văn"
    assert tasks[2].support == ["Phòng Giáo dục và Đào tạo", "Tổ chuyên môn Toán - Tin"]


@pytest.mark.parametrize(
    "who, lead, partners",
    [
        ("KT (chủ trì), VP, TCM", "KT", ["VP", "TCM"]),
        ("Phòng Y tế, VP (chủ trì)", "VP", ["Phòng Y tế"]),
        (
            "Phòng Kinh tế, Hạ tầng và Đô thị (chủ trì), Công an xã",
            "Phòng Kinh tế, Hạ tầng và Đô thị",
            ["Công an xã"],
        ),
        ("Phòng Y tế chủ trì, Trạm Y tế xã phối hợp", "Phòng Y tế", ["Trạm Y tế xã"]),
    ],
)
def test_clear_units(who, lead, partners):
    assert clear_units(who) == (lead, partners)


@pytest.mark.parametrize(
    "text, fields",
    [
        (
            "Rõ việc: Số hóa hồ sơ. Rõ người: VP. Rõ thời gian: quý I/2026.",
            {"what": "Số hóa hồ sơ", "who": "VP", "when": "quý I/2026"},
        ),
        (
            "Rõ việc: Số hóa hồ sơ. Rõ kết quả: 100% hồ sơ số",
            {"what": "Số hóa hồ sơ", "result": "100% hồ sơ số"},
        ),
        # "giao rõ người, rõ việc" in running text: no labels.
        ("Mỗi nhiệm vụ giao rõ người, rõ việc, rõ thời gian.", None),
        ("Rõ việc: Số hóa hồ sơ.", None),
    ],
)
def test_clear_fields(text, fields):
    assert clear_fields(text) == fields


@pytest.mark.parametrize(
    "legend, forms",
    [
        (
            "Chữ viết tắt: KHTH - Phòng Kế hoạch tổng hợp; ĐD - Phòng Điều dưỡng.",
            {"KHTH": "Phòng Kế hoạch tổng hợp", "ĐD": "Phòng Điều dưỡng"},
        ),
        (
            "Từ viết tắt: VP: Văn phòng Sở; QLNS: Phòng Quản lý ngân sách",
            {"VP": "Văn phòng Sở", "QLNS": "Phòng Quản lý ngân sách"},
        ),
        (
            "Ghi chú viết tắt: Phòng Kế hoạch tổng hợp (KHTH); Tổ Công nghệ thông tin (CNTT)",
            {"KHTH": "Phòng Kế hoạch tổng hợp", "CNTT": "Tổ Công nghệ thông tin"},
        ),
        ("Không có chữ nào được viết tắt trong văn bản này", {}),
    ],
)
def test_short_forms(legend, forms):
    assert short_forms(["", legend, ""]) == forms


@pytest.mark.parametrize("to", ["về VP", "gửi VP"])
def test_a_report_to_a_unit_by_its_short_form_names_it_in_full(to):
    duties = parse_plan(CENTRE_HEAD + CLEAR.replace("về VP", to)).duties
    assert [(d.frequency, d.day, d.recipient) for d in duties] == [("monthly", 25, "Văn phòng nhà trường")]


def test_a_unit_reporting_by_its_short_form_names_it_in_full():
    text = CLEAR.replace(
        "1. Các tổ chuyên môn báo cáo kết quả về VP trước ngày 25 hằng tháng.",
        "1. VP tổng hợp, báo cáo Phòng Giáo dục và Đào tạo trước ngày 28 hằng tháng.",
    )
    duties = parse_plan(CENTRE_HEAD + text).duties
    assert [(d.day, d.reporter) for d in duties] == [(28, "Văn phòng nhà trường")]


@pytest.mark.parametrize(
    "cell, due",
    [
        ("ngày 31 tháng 12 năm 2025", date(2025, 12, 31)),
        ("Ngày 15/01/2026", date(2026, 1, 15)),
        ("trước ngày 15/01/2026", date(2026, 1, 15)),
        ("Quyết định số 12/QĐ-UBND ngày 15/01/2026", None),
    ],
)
def test_a_time_cell_holding_a_date_after_ngay(cell, due):
    assert parse_deadline_cell(cell).due == due


def test_a_document_date_in_a_task_is_still_no_deadline():
    assert parse_deadline("Triển khai Quyết định số 12/QĐ-UBND ngày 15/01/2026 của UBND tỉnh").kind == "none"


@pytest.mark.parametrize(
    "name, canonical",
    [
        ("Phòng Tài chính - Kế toán", "Phòng Tài chính – Kế toán"),
        ("Phòng Tài chính – Kế hoạch", "Phòng Tài chính – Kế hoạch"),
    ],
)
def test_a_hospitals_accounts_office_is_not_the_communes_planning_office(name, canonical):
    assert canonical_unit(name) == canonical


# --- 4. a table sorted by time, the time column first ------------------------------------------------------

TIME_FIRST = """II. NHIỆM VỤ

Các nhiệm vụ xếp theo thời hạn. Ô "Thời hạn" để trống là cùng thời hạn với dòng trên; dòng bắt đầu bằng "(tiếp)"
nối tiếp nhiệm vụ ở dòng trên.

| Thời hạn | Đơn vị thực hiện | Nội dung công việc | Ghi chú |
|---|---|---|---|
| Tháng 11/2025 | Văn phòng Sở chủ trì; Thanh tra Sở phối hợp | Công bố quy trình nội bộ giải quyết thủ tục hành chính | |
|  | Phòng Quản lý ngân sách | Hướng dẫn các xã lập dự toán trên phần mềm | |
| Quý I/2026 | Phòng Tài chính đầu tư | Xây dựng cơ sở dữ liệu dự án đầu tư công, kết nối với | |
|  |  | (tiếp) hệ thống thông tin quốc gia về đầu tư công | |
|  | Thanh tra Sở | Ứng dụng phần mềm quản lý đơn thư | |
| Thường xuyên | Văn phòng Sở | Bảo đảm an toàn thông tin cho các hệ thống của Sở | |

III. TỔ CHỨC THỰC HIỆN
1. Các phòng báo cáo kết quả về Văn phòng Sở trước ngày 20 hằng tháng.
"""


def test_an_empty_time_cell_under_a_time_first_header_is_the_one_above():
    tasks = _plan(TIME_FIRST).tasks
    assert [t.deadline.text for t in tasks] == [
        "Tháng 11/2025",
        "Tháng 11/2025",
        "Quý I/2026",
        "Quý I/2026",
        "Thường xuyên",
    ]
    assert tasks[1].lead == "Phòng Quản lý ngân sách"
    assert tasks[3].lead == "Thanh tra Sở"


def test_a_tiep_row_carries_on_the_task_above_and_the_reading_note_is_no_task():
    tasks = _plan(TIME_FIRST).tasks
    assert len(tasks) == 5
    assert tasks[2].content == (
        "Xây dựng cơ sở dữ liệu dự án đầu tư công, kết nối với hệ thống thông tin quốc gia về đầu tư công"
    )
    assert all(t.section is None for t in tasks)


def test_an_empty_time_cell_elsewhere_is_no_time():
    body = """II. NHIỆM VỤ

| STT | Nội dung | Chủ trì | Thời gian |
|---|---|---|---|
| 1 | Số hóa hồ sơ lưu trữ của xã | Văn phòng HĐND và UBND xã | Quý I/2026 |
| 2 | Tuyên truyền về dịch vụ công trực tuyến | Phòng Văn hóa – Xã hội | |
"""
    tasks = _plan(body).tasks
    assert [t.deadline.kind for t in tasks] == ["month", "none"]


@pytest.mark.parametrize(
    "text, note",
    [
        ('Ô "Thời hạn" để trống là cùng thời hạn với dòng trên.', True),
        ("Cột “Đơn vị” ghi đơn vị chủ trì trước, đơn vị phối hợp sau.", True),
        ('Dòng có ô "Nội dung" bắt đầu bằng "(tiếp)" là phần nối tiếp.', True),
        ('Tổ chức phiên chợ số ở "Chợ 4.0" của xã, hoàn thành trong tháng 12/2025.', False),
    ],
)
def test_reading_notes(text, note):
    assert is_reading_note(text) is note


@pytest.mark.parametrize(
    "title, group",
    [
        ("1. Chuyển đổi số trong y tế:", True),
        ("1. Chuyển đổi số trong y tế", True),
        ("1. Trạm Y tế xã chủ trì:", False),
    ],
)
def test_which_dot_items_over_paren_items_are_titles(title, group):
    body = f"""II. NHIỆM VỤ
{title}
1) Triển khai sổ sức khỏe điện tử cho người dân trong xã, hoàn thành trong tháng 12/2025.
2) Khám chữa bệnh bằng căn cước gắn chip, hoàn thành trong quý I/2026.
"""
    tasks = _plan(body).tasks
    if group:
        assert len(tasks) == 2 and tasks[0].section == title
    else:
        assert len(tasks) == 3 and tasks[0].lead == "Trạm Y tế xã"


def test_five_clear_fields_one_a_line_under_a_numbered_item():
    body = """II. NHIỆM VỤ
1. Số hóa hồ sơ lưu trữ
- Rõ việc: Số hóa 5.000 hồ sơ lưu trữ của Trường.
- Rõ người: VP (chủ trì), TCM-T.
- Rõ thời gian: quý II/2026.
- Rõ sản phẩm: kho hồ sơ số.
2. Tập huấn kỹ năng số
- Rõ việc: Tập huấn kỹ năng số cho giáo viên.
- Rõ người: TCM-V (chủ trì).
- Rõ thời gian: tháng 12/2025.
"""
    tasks = parse_plan(CENTRE_HEAD + body).tasks
    assert [(t.code, t.lead, t.support, t.deadline.due) for t in tasks] == [
        ("1", "Văn phòng nhà trường", ["Tổ chuyên môn Toán - Tin"], date(2026, 6, 30)),
        ("2", "Tổ chuyên môn Ngữ văn", [], date(2025, 12, 31)),
    ]
    assert tasks[0].result == "kho hồ sơ số"
