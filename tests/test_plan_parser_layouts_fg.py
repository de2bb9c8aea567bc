"""Layouts the parser first met in question sets F and G, on texts written for these tests: tasks named
"Nhiệm vụ N." / "Nhiệm vụ N:" with their fields under them and lettered group headings in capitals, table
cells that say "the same as above" ("Nt", "Như trên", a dash for the lead), table rows wrapped onto a row
without a number, targets as shares, least quantities and fractions or under a dated or yearless heading,
ongoing and "every N months" times, and the labels of time fields."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.deadline import parse_deadline, parse_deadline_cell
from knowledge.plan_parser import parse_plan

HEAD = (
    "ỦY BAN NHÂN DÂN\nXÃ HÒA BÌNH\nSố: 77/KH-UBND\nHòa Bình, ngày 12 tháng 3 năm 2026\n"
    "KẾ HOẠCH\nỨng dụng công nghệ số trên địa bàn xã giai đoạn 2026 - 2027\n\n"
)
TASKS = "II. NHIỆM VỤ CỤ THỂ\n\n"

# "Nhiệm vụ N." blocks with "Nội dung:", "Đơn vị thực hiện: X; phối hợp: Y" and "Tiến độ:" lines, under
# lettered group headings.
NAMED_DOT = """A. CHÍNH QUYỀN SỐ CẤP XÃ

Nhiệm vụ 1. Một cửa điện tử
Nội dung: Vận hành bộ phận một cửa điện tử, tiếp nhận hồ sơ qua Cổng dịch vụ công.
Đơn vị thực hiện: Văn phòng HĐND và UBND xã; phối hợp: Công an xã.
Tiến độ: Quý III/2026.

Nhiệm vụ 2. Lưu trữ số
Nội dung: Số hóa hồ sơ lưu trữ của xã từ năm 2015.
Đơn vị thực hiện: Phòng Văn hóa - Xã hội; phối hợp: Văn phòng HĐND và UBND xã.
Tiến độ: Năm 2027 và các năm tiếp theo.

B. KINH TẾ SỐ NÔNG THÔN

Nhiệm vụ 3. Nông sản trên sàn
Nội dung: Đưa cam sành Hòa Bình lên sàn thương mại điện tử, kết nối với hệ thống thông tin báo cáo của huyện.
Đơn vị thực hiện: Phòng Kinh tế; phối hợp: Hội Nông dân xã.
Tiến độ: Tháng 9/2026.
"""

# "Nhiệm vụ N:" paragraphs with "Chịu trách nhiệm:", "Phối hợp:", "Thời gian:" lines.
NAMED_COLON = """Nhiệm vụ 1: Thành lập tổ thanh niên hỗ trợ người dân dùng dịch vụ công tại nhà văn hóa các thôn.
Chịu trách nhiệm: Đoàn Thanh niên xã.
Phối hợp: Công an xã.
Thời gian: quý II/2026.

Nhiệm vụ 2: Rà soát thiết bị mạng tại trụ sở, thay thế thiết bị cũ.
Chịu trách nhiệm: Văn phòng HĐND và UBND xã.
Phối hợp: Phòng Kinh tế.
Thời gian: 3 tháng một lần.
"""


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            NAMED_DOT,
            [
                ("1", "Văn phòng HĐND và UBND xã", "Công an xã", "month", date(2026, 9, 30)),
                ("2", "Phòng Văn hóa – Xã hội", "Văn phòng HĐND và UBND xã", "recurring", None),
                ("3", "Phòng Kinh tế", "Hội Nông dân xã", "month", date(2026, 9, 30)),
            ],
        ),
        (
            NAMED_COLON,
            [
                ("1", "Đoàn Thanh niên xã", "Công an xã", "month", date(2026, 6, 30)),
                ("2", "Văn phòng HĐND và UBND xã", "Phòng Kinh tế", "recurring", None),
            ],
        ),
    ],
)
def test_named_tasks_are_items_coded_by_their_number(body, expected):
    plan = parse_plan(HEAD + TASKS + body)
    got = [
        (t.code, t.lead, t.support[0] if t.support else None, t.deadline.kind, t.deadline.due)
        for t in plan.tasks
    ]
    assert got == expected
    assert not any(t.content.startswith(("Nhiệm vụ", "A.", "B.")) for t in plan.tasks)


def test_lettered_group_headings_title_their_tasks_and_are_no_tasks():
    plan = parse_plan(HEAD + TASKS + NAMED_DOT)
    assert [t.section for t in plan.tasks] == [
        "A. CHÍNH QUYỀN SỐ CẤP XÃ",
        "A. CHÍNH QUYỀN SỐ CẤP XÃ",
        "B. KINH TẾ SỐ NÔNG THÔN",
    ]
    assert all("CHÍNH QUYỀN SỐ" not in t.content and "KINH TẾ SỐ" not in t.content for t in plan.tasks)
    # the title and its "Nội dung:" read as one text
    assert plan.tasks[0].content.startswith("Một cửa điện tử: Vận hành bộ phận một cửa điện tử")
    # "hệ thống thông tin báo cáo" names a system, not a monthly report
    assert plan.duties == []


TABLE = """| TT | Nội dung nhiệm vụ | Đơn vị chủ trì | Đơn vị phối hợp | Thời hạn |
|---|---|---|---|---|
| I | CHÍNH QUYỀN SỐ | | | |
| 1 | Cập nhật dữ liệu hộ tịch điện tử của xã | Phòng Văn hóa - Xã hội | Công an xã | Quý II/2026 |
| 2 | Chi trả trợ cấp xã hội qua tài khoản | {lead2} | {support2} | Tháng 8/2026 |
| 3 | Tuyên truyền dịch vụ công trực tuyến trên loa truyền thanh | {lead3} | Đoàn Thanh niên xã | Thường xuyên |
| II | KINH TẾ SỐ | | | |
| 4 | Hướng dẫn hộ kinh doanh thanh toán bằng mã QR | Phòng Kinh tế | Hội Nông dân xã | Năm 2026 |
| 5 | Quảng bá sản phẩm OCOP của xã trên mạng xã hội | {lead5} | Hội Liên hiệp Phụ nữ xã | Quý IV/2026 |
"""


@pytest.mark.parametrize(
    ("lead2", "support2", "lead3", "lead5"),
    [
        ("Nt", "Nt", "Như trên", "Nt"),
        ("Như trên", "Như trên", "-", "-"),
        ("nt.", "-nt-", "Như trên.", "Như trên"),
    ],
)
def test_ditto_cells_take_the_row_above(lead2, support2, lead3, lead5):
    table = TABLE.format(lead2=lead2, support2=support2, lead3=lead3, lead5=lead5)
    plan = parse_plan(HEAD + TASKS + table)
    assert [t.lead for t in plan.tasks] == [
        "Phòng Văn hóa – Xã hội",
        "Phòng Văn hóa – Xã hội",
        "Phòng Văn hóa – Xã hội",
        "Phòng Kinh tế",
        "Phòng Kinh tế",
    ]
    assert plan.tasks[1].support == ["Công an xã"]


def test_a_dash_in_the_partner_column_is_no_partner():
    table = TABLE.format(lead2="Phòng Kinh tế", support2="-", lead3="Nt", lead5="Nt")
    plan = parse_plan(HEAD + TASKS + table)
    assert plan.tasks[1].support == []
    assert plan.tasks[2].lead == "Phòng Kinh tế"


WRAPPED = """| STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |
|---|---|---|---|---|
| 1 | Lắp đặt camera an ninh tại các ngã ba trung tâm xã | Công an xã | Phòng Kinh tế | Quý III/2026 |
| 2 | Triển khai đặt lịch khám bệnh trực tuyến giữa Trạm Y tế xã | Trạm Y tế xã | Văn phòng HĐND và UBND xã; | Tháng 10/2026 |
|  | {tail} |  | {partner} |  |
| 3 | Tổ chức lớp kỹ năng số cho hội viên phụ nữ các thôn | Hội Liên hiệp Phụ nữ xã | Đoàn Thanh niên xã | Tháng 11/2026 |
"""


@pytest.mark.parametrize(
    ("tail", "partner", "support"),
    [
        (
            "và các điểm khám lưu động ở thôn vùng cao",
            "Công an xã",
            ["Văn phòng HĐND và UBND xã", "Công an xã"],
        ),
        ("với bệnh viện huyện", "", ["Văn phòng HĐND và UBND xã"]),
    ],
)
def test_a_wrapped_table_row_joins_the_row_above(tail, partner, support):
    plan = parse_plan(HEAD + TASKS + WRAPPED.format(tail=tail, partner=partner))
    assert [t.code for t in plan.tasks] == ["1", "2", "3"]
    second = plan.tasks[1]
    assert second.content.endswith(tail)
    assert second.lead == "Trạm Y tế xã"
    assert second.support == support
    assert second.deadline.due == date(2026, 10, 31)


@pytest.mark.parametrize(
    ("goals", "expected"),
    [
        # a share of a whole
        (
            "II. CHỈ TIÊU ĐẾN NĂM 2027\n- Thương mại điện tử chiếm 8% tổng mức bán lẻ của xã.\n",
            [("Tỷ trọng thương mại điện tử trong tổng mức bán lẻ của xã", "2027", "8%")],
        ),
        # a least quantity under a heading naming no year: the year the plan's title ends with
        (
            "II. CHỈ TIÊU\n- Tập huấn ít nhất 500 hộ gia đình sử dụng ví điện tử.\n"
            "- 90% thôn có tổ công nghệ số cộng đồng.\n",
            [
                ("Tập huấn ít nhất 500 hộ gia đình sử dụng ví điện tử", "2027", "ít nhất 500"),
                ("Thôn có tổ công nghệ số cộng đồng", "2027", "90%"),
            ],
        ),
        # a heading by date, and a fraction first
        (
            "II. CHỈ TIÊU\n- Đến 30/6/2026: 7/7 thôn có wifi miễn phí tại nhà văn hóa; 60% hồ sơ được nộp"
            " trực tuyến.\n",
            [
                ("Thôn có wifi miễn phí tại nhà văn hóa", "2026", "7/7"),
                ("Hồ sơ được nộp trực tuyến", "2026", "60%"),
            ],
        ),
    ],
)
def test_targets_of_other_shapes(goals, expected):
    plan = parse_plan(HEAD + "I. MỤC ĐÍCH, YÊU CẦU\n\n- Bảo đảm thiết thực.\n\n" + goals + "\n" + TASKS)
    got = [(t.indicator, *next(iter(t.values.items()))) for t in plan.targets]
    assert got == expected


@pytest.mark.parametrize(
    ("text", "kind", "due", "phrase"),
    [
        ("Năm 2027 và các năm tiếp theo", "recurring", None, "Năm 2027 và các năm tiếp theo"),
        ("Quý II/2026 và những năm tiếp theo", "recurring", None, "Quý II/2026 và những năm tiếp theo"),
        (
            "Tiến độ: tháng 3/2026 và các tháng tiếp theo.",
            "recurring",
            None,
            "tháng 3/2026 và các tháng tiếp theo",
        ),
        # a word of completion keeps the time as the due date
        (
            "Hoàn thành trong năm 2027 và các năm tiếp theo",
            "month",
            date(2027, 12, 31),
            "Hoàn thành trong năm 2027",
        ),
        ("Thời gian thực hiện: 3 tháng một lần.", "recurring", None, "3 tháng một lần"),
        ("Thời gian: 1 năm 1 lần", "recurring", None, "1 năm 1 lần"),
        # the label of the time field is no part of the phrase
        (
            "Lắp camera. Thời gian hoàn thành: trong tháng 5/2026.",
            "month",
            date(2026, 5, 31),
            "trong tháng 5/2026",
        ),
        ("Thời hạn: trước 15/4/2026", "date", date(2026, 4, 15), "trước 15/4/2026"),
        ("Tiến độ: Quý I/2027", "month", date(2027, 3, 31), "Quý I/2027"),
    ],
)
def test_ongoing_and_every_n_months_times(text, kind, due, phrase):
    for deadline in (parse_deadline(text, issued_on=date(2026, 3, 12)), parse_deadline_cell(text)):
        assert (deadline.kind, deadline.due, deadline.text) == (kind, due, phrase)
