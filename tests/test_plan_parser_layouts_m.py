"""Layouts of a seventh set of plans: a responsibility matrix whose unit columns hold "C" (leads) or "P" (helps)
under short names a legend spells out; a commune's week-by-week work plan whose bullets end "— Giao: X; phối
hợp: Y"; a Party committee's notice of conclusions whose numbered points give work to bodies. Every text here is
written for these tests."""

from __future__ import annotations

import pytest

from knowledge.plan_parser import parse_plan
from knowledge.plan_parser.matrix import legend, unit_columns

HEAD = "SỞ GIÁO DỤC TỈNH LAM ĐIỀN\nSố: 402/KH-SGD\nLam Điền, ngày 3 tháng 9 năm 2025\n\nKẾ HOẠCH\nSố hóa trường học năm học 2025 - 2026\n\n"


def _plan(body: str, head: str = HEAD):
    return parse_plan(head + body)


# --- 1. responsibility matrix: "C"/"P" marks under short unit names ------------------------------------------

MATRIX = """II. NHIỆM VỤ VÀ PHÂN CÔNG

{key}
| STT | Nội dung công việc | Thời gian | VPS | PGDTH | TTTT |
|---|---|---|---|---|---|
| A | HỌC BẠ VÀ HỒ SƠ | | | | |
| 1 | Triển khai học bạ số cho các trường tiểu học công lập | Trước 30/11/2025 | P | C | P |
| 2 | Thuê hạ tầng lưu trữ hồ sơ học sinh tập trung | Quý I/2026 | C | | P |
| B | KẾT NỐI | | | | |
| 3 | Cấp mã định danh cho giáo viên trên cơ sở dữ liệu ngành | Tháng 12/2025 | | P | C |

{legend}

III. TỔ CHỨC THỰC HIỆN
Các đơn vị báo cáo kết quả trước ngày 20/12/2025.
"""

KEY = "Ký hiệu: C: chủ trì; P: phối hợp."
LEGEND = """Chữ viết tắt:
- VPS: Văn phòng Sở;
- PGDTH: Phòng Giáo dục Tiểu học;
- TTTT: Trung tâm Thông tin - Thống kê."""


@pytest.mark.parametrize(
    ("key", "legend_text"),
    [(KEY, LEGEND), ("", LEGEND), (KEY, LEGEND.replace(": ", " = ").replace("viết tắt =", "viết tắt:"))],
)
def test_a_matrix_row_is_led_by_its_c_unit_and_helped_by_its_p_units(key, legend_text):
    tasks = _plan(MATRIX.format(key=key, legend=legend_text)).tasks
    by_code = {t.code: t for t in tasks}
    assert set(by_code) == {"1", "2", "3"}, [t.content for t in tasks]
    assert by_code["1"].lead == "Phòng Giáo dục Tiểu học"
    assert set(by_code["1"].support) == {"Văn phòng Sở", "Trung tâm Thông tin - Thống kê"}
    assert by_code["2"].lead == "Văn phòng Sở"
    assert by_code["3"].lead == "Trung tâm Thông tin - Thống kê"
    assert by_code["3"].support == ["Phòng Giáo dục Tiểu học"]
    assert by_code["3"].section == "B KẾT NỐI"


def test_without_a_legend_the_short_names_lead():
    tasks = _plan(MATRIX.format(key=KEY, legend="")).tasks
    assert {t.code: t.lead for t in tasks} == {"1": "PGDTH", "2": "VPS", "3": "TTTT"}


@pytest.mark.parametrize(
    ("header", "rows", "columns"),
    [
        # marks only, with a "C" among them: unit columns
        (["TT", "Nội dung", "Thời hạn", "VP", "KT"], [["1", "Việc", "2025", "C", "P"]], {3: "VP", 4: "KT"}),
        (["TT", "Nội dung", "Thời hạn", "VP", "KT"], [["1", "Việc", "2025", "ct", "ph"]], {3: "VP", 4: "KT"}),
        # a column of words is no unit column; one marked column alone is no matrix
        (["TT", "Nội dung", "Thời hạn", "VP", "KT"], [["1", "Việc", "2025", "C", "Đã xong"]], {}),
        # "P" everywhere and no "C": no one leads, no matrix
        (["TT", "Nội dung", "Thời hạn", "VP", "KT"], [["1", "Việc", "2025", "P", "P"]], {}),
        # an "x" progress column is no unit mark
        (["TT", "Nội dung", "Thời hạn", "T10", "T11"], [["1", "Việc", "2025", "x", "x"]], {}),
    ],
)
def test_unit_columns_hold_only_lead_and_partner_marks(header, rows, columns):
    assert unit_columns(header, rows, {0, 1, 2}) == columns


@pytest.mark.parametrize(
    ("line", "entry"),
    [
        ("- VP: Văn phòng Sở;", ("VP", "Văn phòng Sở")),
        ("KT = Phòng Kinh tế.", ("KT", "Phòng Kinh tế")),
        ("+ VP – Văn phòng Sở", ("VP", "Văn phòng Sở")),
        ("- XD: Phòng Xây dựng;", None),  # no column of that name
        ("Thời gian: quý IV/2025", None),
    ],
)
def test_a_legend_spells_out_the_column_names(line, entry):
    names, used = legend([line], {"VP", "KT"})
    assert (next(iter(names.items())) if names else None) == entry
    assert bool(used) == (entry is not None)


@pytest.mark.parametrize(
    ("line", "part_of_legend"),
    [
        ("Ký hiệu trong bảng: C: chủ trì; P: phối hợp.", True),
        ("(C) chủ trì, (P) phối hợp", True),
        ("Ghi chú tên viết tắt các đơn vị:", True),
        ("Phòng Kinh tế chủ trì, phối hợp Công an xã rà soát hồ sơ.", False),
    ],
)
def test_the_key_and_title_of_a_legend_are_no_tasks(line, part_of_legend):
    assert bool(legend([line], {"VP"})[1]) == part_of_legend


# --- 2. a commune's week-by-week plan: time lines over "•" bullets that name who does each --------------------

HEAD_COMMUNE = "ỦY BAN NHÂN DÂN\nXÃ SƠN ĐÔNG\nSố: 140/KH-UBND\nSơn Đông, ngày 20 tháng 11 năm 2025\n\nKẾ HOẠCH\nCông tác số tháng 12/2025 và quý I/2026\n\n"

WEEKS = """II. NHIỆM VỤ

Tuần 2 (08–14/12/2025):
• Rà soát danh sách hộ nghèo trên phần mềm quản lý {tail}

{heading}
• Tập huấn ký số cho cán bộ thôn — Giao: Văn phòng HĐND và UBND xã; phối hợp: Đoàn Thanh niên xã.
"""


@pytest.mark.parametrize(
    ("tail", "lead", "support"),
    [
        ("— Giao: Phòng Văn hóa - Xã hội; phối hợp: Công an xã.", "Phòng Văn hóa – Xã hội", ["Công an xã"]),
        ("- Giao: Trạm Y tế xã.", "Trạm Y tế xã", []),
        ("(Công chức Văn hóa - Xã hội thực hiện).", "Công chức Văn hóa – Xã hội", []),
        ("(Công an xã chủ trì).", "Công an xã", []),
        # a parenthesis that is a clause about the work names no one
        ("(Phòng Kinh tế thực hiện thẩm định).", None, []),
    ],
)
def test_a_bullet_names_its_lead_after_giao_or_in_a_closing_parenthesis(tail, lead, support):
    tasks = parse_plan(HEAD_COMMUNE + WEEKS.format(tail=tail, heading="Tháng 01/2026:")).tasks
    first = tasks[0]
    assert first.lead == lead
    assert first.support == support
    assert str(first.deadline.due) == "2025-12-14"


@pytest.mark.parametrize(
    ("heading", "due"),
    [
        ("Tháng 01/2026:", "2026-01-31"),
        ("Tháng 02/2026 (trước và sau Tết Nguyên đán):", "2026-02-28"),
        ("Quý II/2026 (đợt cao điểm):", "2026-06-30"),
    ],
)
def test_a_time_line_with_an_aside_in_parentheses_still_heads_its_bullets(heading, due):
    tasks = parse_plan(HEAD_COMMUNE + WEEKS.format(tail="(Công an xã chủ trì).", heading=heading)).tasks
    assert [t.content[:7] for t in tasks] == ["Rà soát", "Tập huấ"]
    assert str(tasks[1].deadline.due) == due
    assert tasks[1].lead == "Văn phòng HĐND và UBND xã"


def test_a_paragraph_about_every_task_is_no_task():
    body = WEEKS.format(tail="(Công an xã chủ trì).", heading="Tháng 01/2026:")
    body += "\nMỗi việc phải xong trong tuần hoặc tháng ghi ở dòng đầu nhóm.\n"
    tasks = parse_plan(HEAD_COMMUNE + body).tasks
    assert len(tasks) == 2


# --- 3. a notice of conclusions: numbered points give work; assessment, goals, reporting, closing give none ----

HEAD_NOTICE = "ĐẢNG ỦY XÃ BẮC SƠN\nSố 21-TB/ĐU\nBắc Sơn, ngày 5 tháng 11 năm 2025\n\nTHÔNG BÁO\nKẾT LUẬN CỦA BAN THƯỜNG VỤ ĐẢNG ỦY\nvề công tác số hóa\n\n"

NOTICE = """Ngày 03/11/2025, Ban Thường vụ Đảng ủy họp và kết luận như sau:

1. Ban Thường vụ Đảng ủy ghi nhận kết quả bước đầu; tuy nhiên còn 12 hồ sơ trễ hạn.

2. Về mục tiêu, Ban Thường vụ nhất trí: phấn đấu đến hết năm 2025, 90% hồ sơ được giải quyết đúng hạn; đến hết quý II/2026, 70% hộ gia đình dùng ví điện tử.

3. Giao Văn phòng Đảng ủy xây dựng quy chế lưu trữ hồ sơ điện tử, hoàn thành trước 30/11/2025; {partner}

4. Giao Ban Tuyên giáo và Dân vận Đảng ủy biên soạn tài liệu hỏi đáp về dịch vụ công, hoàn thành trong tháng 12/2025.

5. Các cơ quan, đơn vị báo cáo kết quả về Văn phòng Đảng ủy trước ngày 20 hằng tháng.

Ban Thường vụ Đảng ủy thông báo để các chi bộ, cơ quan, đơn vị biết, thực hiện.

Nơi nhận:
- Các chi bộ;
- Lưu VP.
"""


@pytest.mark.parametrize(
    ("partner", "support"),
    [
        ("Ban Xây dựng Đảng phối hợp.", ["Ban Xây dựng Đảng"]),
        (
            "Ban Xây dựng Đảng và Ủy ban Kiểm tra Đảng ủy phối hợp thẩm định.",
            ["Ban Xây dựng Đảng", "Ủy ban Kiểm tra Đảng ủy"],
        ),
        # a clause with a partner of its own: the one named after "phối hợp", not the one before
        ("Ban Xây dựng Đảng phối hợp Ủy ban Kiểm tra Đảng ủy kiểm tra.", ["Ủy ban Kiểm tra Đảng ủy"]),
        ("các đơn vị phối hợp chặt chẽ.", []),
        # a clause giving a lead of its own and its partner: the partner only, never the role words
        ("Phòng Kinh tế chủ trì, phối hợp với các thôn.", ["Các thôn"]),
    ],
)
def test_a_notice_gives_work_only_in_its_assigning_points(partner, support):
    plan = parse_plan(HEAD_NOTICE + NOTICE.format(partner=partner))
    assert [t.code for t in plan.tasks] == ["3", "4"], [t.content[:30] for t in plan.tasks]
    assert plan.tasks[0].lead == "Văn phòng Đảng ủy"
    assert plan.tasks[0].support == support
    assert plan.tasks[1].lead == "Ban Tuyên giáo và Dân vận Đảng ủy"
    assert {(t.indicator[:10], tuple(t.values.items())) for t in plan.targets} == {
        ("Hồ sơ được", (("2025", "90%"),)),
        ("Hộ gia đìn", (("2026", "70%"),)),
    }
    assert [(d.frequency, d.day) for d in plan.duties] == [("monthly", 20)]


@pytest.mark.parametrize(
    ("point", "gives_work"),
    [
        ("Ban Chấp hành đánh giá cao sự vào cuộc của các chi bộ.", False),
        ("Hội nghị thống nhất giao Phòng Kinh tế rà soát hồ sơ đất đai.", True),
        ("Các chi bộ báo cáo kết quả về Văn phòng Đảng ủy hằng quý.", False),
        ("Đảng ủy thông báo cho các chi bộ biết, thực hiện.", False),
        ("Đề nghị Hội Nông dân chủ trì tập huấn bán hàng trực tuyến.", True),
    ],
)
def test_points_that_assess_report_or_close_give_no_work(point, gives_work):
    from knowledge.plan_parser.notice import gives_no_work

    assert gives_no_work(point) != gives_work


@pytest.mark.parametrize(
    ("sentence", "freq", "day"),
    [
        (
            "Các phòng báo cáo tiến độ về Văn phòng Sở theo quý, trước ngày 16 của tháng cuối quý.",
            "quarterly",
            16,
        ),
        ("Các phòng báo cáo kết quả về Văn phòng Sở theo tháng, trước ngày 22.", "monthly", 22),
        # "theo quy định" is no quarter
        ("Văn phòng Sở tổng hợp, báo cáo UBND tỉnh theo quy định.", None, None),
    ],
)
def test_a_report_due_by_period_after_theo(sentence, freq, day):
    plan = _plan(
        "II. NHIỆM VỤ\n1. Phòng Kinh tế rà soát hồ sơ, hoàn thành trước 30/11/2025.\n\nIII. TỔ CHỨC THỰC HIỆN\n"
        + sentence
        + "\n"
    )
    assert [(d.frequency, d.day) for d in plan.duties] == ([(freq, day)] if freq else [])


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("- Trong tháng 12/2025: tỷ lệ hồ sơ nộp trực tuyến đạt từ 70% trở lên.", "từ 70%"),
        ("- Đến hết năm 2026: tỷ lệ hồ sơ nộp trực tuyến đạt 80%.", "80%"),
    ],
)
def test_a_target_from_a_value_after_tu(line, value):
    plan = _plan(
        "I. CHỈ TIÊU\n"
        + line
        + "\n\nII. NHIỆM VỤ\n1. Phòng Kinh tế rà soát hồ sơ, hoàn thành trước 30/11/2025.\n"
    )
    assert [list(t.values.values()) for t in plan.targets] == [[value]]
