"""Layouts the parser first met in question set K, on texts written for these tests: a month-by-month
timeline ("Tháng 10/2025:" then bullets closed by "(lead; partner phối hợp)"), a school under its commune and a
standing board above its body in the header, a progress table marking months and quarters with "x", a lead-in
line before numbered items, a closing "PHÂN CÔNG NHIỆM VỤ" section giving the earlier bullets to bodies,
bullets closed by a bare time, reports dated one by one and targets under a quarter."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.plan_parser import parse_plan


def _plan(header: str, body: str):
    return parse_plan(header + body)


COMMUNE_HEAD = (
    "ỦY BAN NHÂN DÂN\nXÃ TÂN HƯNG\nSố: 58/KH-UBND\nTân Hưng, ngày 03 tháng 2 năm 2026\n"
    "KẾ HOẠCH\nChuyển đổi số trên địa bàn xã năm 2026\n\n"
)

# A timeline: time headings ending with a colon, each over bullets.
TIMELINE = """III. NỘI DUNG VÀ LỊCH THỰC HIỆN

Tháng 3/2026:
- Rà soát danh sách hộ nghèo cần hỗ trợ điện thoại thông minh (Cán bộ lao động - thương binh)
- Khảo sát đường truyền tại nhà văn hóa các thôn (Văn phòng HĐND và UBND xã)

Quý III/2026:
- Mở lớp hướng dẫn dịch vụ công cho người cao tuổi (Hội Người cao tuổi xã; Đoàn Thanh niên xã phối hợp)

Hằng tháng trong năm:
- Cập nhật tin bài lên trang thông tin điện tử của xã (Công chức văn hóa - xã hội)

IV. TỔ CHỨC THỰC HIỆN
Các bộ phận báo cáo kết quả về Văn phòng HĐND và UBND xã trước ngày 20 hằng tháng.
"""


def test_time_headings_are_groups_giving_their_time():
    plan = _plan(COMMUNE_HEAD, TIMELINE)
    contents = [t.content for t in plan.tasks]
    assert len(plan.tasks) == 4
    assert not any(c.startswith(("Tháng 3/2026", "Quý III", "Hằng tháng")) for c in contents)
    by_start = {t.content.split()[0]: t for t in plan.tasks}
    assert by_start["Rà"].deadline.due == date(2026, 3, 31)
    assert by_start["Khảo"].deadline.due == date(2026, 3, 31)
    assert by_start["Mở"].deadline.due == date(2026, 9, 30)
    assert by_start["Cập"].deadline.kind == "recurring"
    assert by_start["Rà"].section == "Tháng 3/2026"


@pytest.mark.parametrize(
    ("line", "is_heading"),
    [
        ("Tháng 11/2026:", True),
        ("Quý IV/2025:", True),
        ("Thường xuyên trong năm học:", True),
        ("Năm 2027:", True),
        ("Các thôn thực hiện các nội dung sau đây trong tháng 5/2026:", False),
        ("Tháng 11/2026 tổ chức hội nghị sơ kết.", False),
    ],
)
def test_what_a_time_heading_is(line, is_heading):
    from knowledge.plan_parser.items import _time_heading

    assert (_time_heading(line) is not None) is is_heading


@pytest.mark.parametrize(
    ("bullet", "lead", "support"),
    [
        (
            "Hướng dẫn tra cứu điểm trực tuyến cho phụ huynh (Đ/c Hiệu trưởng; Tổ Toán phối hợp)",
            "Đ/c Hiệu trưởng",
            ["Tổ Toán"],
        ),
        (
            "Thu học phí qua mã QR (Kế toán nhà trường; Ban đại diện cha mẹ học sinh và Vietinbank Chi nhánh Tân Hưng phối hợp)",
            "Kế toán nhà trường",
            [
                "Ban đại diện cha mẹ học sinh",
                "VietinBank Chi nhánh Tân Hưng",
            ],  # the bank by its registered name, its branch kept
        ),
        ("Số hóa sổ mượn sách của thư viện (Nhân viên thư viện)", "Nhân viên thư viện", []),
        ("Duy trì nhóm liên lạc với phụ huynh (giáo viên chủ nhiệm)", "giáo viên chủ nhiệm", []),
        (
            "Ra mắt câu lạc bộ lập trình cho học sinh (Đoàn trường; Tổ Tin học phối hợp)",
            "Đoàn trường",
            ["Tổ Tin học"],
        ),
        # no one in charge: an aside, a time, a clause about a unit
        ("Tập huấn sử dụng học liệu số (nếu có kinh phí)", None, []),
        ("Tập huấn sử dụng học liệu số (Zalo, Facebook)", None, []),
        ("Tập huấn kỹ năng số cho cán bộ (Phòng Nội vụ hướng dẫn chung)", None, []),
    ],
)
def test_closing_parenthesis_names_lead_and_partners(bullet, lead, support):
    plan = _plan(COMMUNE_HEAD, f"II. NHIỆM VỤ\n\nTháng 4/2026:\n- {bullet}\n")
    [task] = plan.tasks
    assert task.lead == lead
    assert task.support == support


@pytest.mark.parametrize(
    ("header", "issuer"),
    [
        (
            "UBND PHƯỜNG HÒA KHÁNH\nTRƯỜNG TIỂU HỌC HÒA KHÁNH\nSố: 40/KH-TH\nHòa Khánh, ngày 05 tháng 10 năm 2025\n"
            "KẾ HOẠCH\nChuyển đổi số năm học 2025-2026\n\nTrường Tiểu học Hòa Khánh xây dựng Kế hoạch như sau:\n",
            "Trường Tiểu học Hòa Khánh",
        ),
        (
            "HỘI LIÊN HIỆP PHỤ NỮ VIỆT NAM\nBAN THƯỜNG VỤ\nHỘI LHPN TỈNH NAM SƠN\nSố: 21-KH/HPN\n"
            "Nam Sơn, ngày 10 tháng 4 năm 2026\nKẾ HOẠCH\nThực hiện chuyển đổi số\n\n",
            "Ban Thường vụ Hội LHPN tỉnh Nam Sơn",
        ),
        (
            "ỦY BAN MTTQ VIỆT NAM\nPHƯỜNG MINH KHAI\nBAN THƯỜNG TRỰC\nSố: 09/KH-MTTQ\n"
            "Minh Khai, ngày 10 tháng 4 năm 2026\nKẾ HOẠCH\nThực hiện chuyển đổi số\n\n",
            None,  # the standing board of the body above: unchanged, checked below
        ),
    ],
)
def test_issuer_of_a_school_or_a_standing_board(header, issuer):
    plan = parse_plan(
        header + "II. NHIỆM VỤ\n\n1. Rà soát thiết bị tin học của đơn vị; hoàn thành trong quý II/2026.\n"
    )
    if issuer is None:
        assert plan.issuer.startswith("Ban Thường trực")
        assert "Minh Khai" in plan.issuer
    else:
        assert plan.issuer == issuer


PROGRESS = """III. NHIỆM VỤ VÀ TIẾN ĐỘ

| STT | Nội dung | T11 | T12 | T1 | Quý II/2026 | Chủ trì | Phối hợp |
|---|---|---|---|---|---|---|---|
| 1 | Số hóa hồ sơ đất đai | x | x | | | Phòng Kinh tế | Văn phòng HĐND và UBND xã |
| 2 | Lắp wifi miễn phí tại chợ | | x | x | | Phòng Kinh tế | VNPT |
| 3 | Tổng kết mô hình thôn thông minh | | | | x | Văn phòng HĐND và UBND xã | |
| 4 | Họp giao ban định kỳ | | | | | Văn phòng HĐND và UBND xã | |

Ngoài các việc trong bảng, Ủy ban nhân dân xã giao thêm:

5. Công an xã chủ trì tuyên truyền phòng chống lừa đảo trực tuyến; thời gian: quý I/2026.
"""


def test_x_marks_give_the_end_of_the_last_marked_column():
    head = COMMUNE_HEAD.replace("ngày 03 tháng 2 năm 2026", "ngày 20 tháng 10 năm 2025")
    plan = _plan(head, PROGRESS)
    by_code = {t.code: t for t in plan.tasks}
    assert by_code["1"].deadline.due == date(2025, 12, 31)
    assert by_code["1"].deadline.text == "tháng 12/2025"
    assert by_code["2"].deadline.due == date(2026, 1, 31)  # T12 then T1: the next year's January
    assert by_code["3"].deadline.due == date(2026, 6, 30)
    assert by_code["3"].deadline.text == "quý II/2026"
    assert by_code["4"].deadline.kind == "none"
    # The lead-in line is no task; the numbered item under it is.
    assert len(plan.tasks) == 5
    assert not any(t.content.startswith("Ngoài các việc") for t in plan.tasks)
    assert by_code["5"].lead == "Công an xã"


UNION_HEAD = (
    "HỘI CỰU CHIẾN BINH VIỆT NAM\nBAN THƯỜNG VỤ\nHỘI CỰU CHIẾN BINH TỈNH NAM SƠN\nSố: 33-KH/CCB\n"
    "Nam Sơn, ngày 02 tháng 3 năm 2026\nKẾ HOẠCH\nChuyển đổi số trong hoạt động của Hội năm 2026\n\n"
)
UNION = """II. NHIỆM VỤ

1. Tuyên truyền

* Phổ biến Kế hoạch đến cán bộ Hội cơ sở; hoàn thành trước 30/4/2026.
* Xây dựng trang fanpage của Hội tỉnh; năm 2026.

2. Quản lý hội viên

* Số hóa sổ hội viên, cập nhật phần mềm quản lý hội viên; tháng 8/2026.
* Thu hội phí qua chuyển khoản ngân hàng tại các chi hội; thực hiện thường xuyên.

III. PHÂN CÔNG NHIỆM VỤ

1. Ban Tuyên huấn: chủ trì phổ biến Kế hoạch trong hệ thống Hội; chủ trì xây dựng fanpage, phối hợp với Viettel Nam Sơn.

2. Ban Tổ chức: chủ trì số hóa dữ liệu hội viên, phối hợp với VNPT Nam Sơn; chủ trì đổi mới thu hội phí, phối hợp với Agribank Chi nhánh Nam Sơn.

3. Văn phòng Hội: theo dõi, tổng hợp, báo cáo Ban Thường vụ.
"""


def test_assignment_section_gives_earlier_bullets_their_bodies():
    plan = _plan(UNION_HEAD, UNION)
    assert len(plan.tasks) == 4  # the assignment paragraphs are no tasks
    assert plan.issuer == "Ban Thường vụ Hội Cựu chiến binh tỉnh Nam Sơn"
    by_start = {t.content.split(";")[0]: t for t in plan.tasks}
    spread = by_start["Phổ biến Kế hoạch đến cán bộ Hội cơ sở"]
    assert spread.lead == "Ban Tuyên huấn"
    fanpage = by_start["Xây dựng trang fanpage của Hội tỉnh"]
    assert fanpage.lead == "Ban Tuyên huấn"
    assert fanpage.support == ["Viettel Nam Sơn"]
    assert fanpage.deadline.due == date(2026, 12, 31)  # "; năm 2026." closes it
    members = by_start["Số hóa sổ hội viên, cập nhật phần mềm quản lý hội viên"]
    assert members.lead == "Ban Tổ chức"
    assert members.support == ["VNPT Nam Sơn"]
    assert members.deadline.due == date(2026, 8, 31)
    fees = by_start["Thu hội phí qua chuyển khoản ngân hàng tại các chi hội"]
    assert fees.lead == "Ban Tổ chức"
    assert "Agribank Chi nhánh Nam Sơn" in fees.support


def test_assignment_section_without_earlier_open_tasks_keeps_its_items():
    body = """II. PHÂN CÔNG NHIỆM VỤ

1. Phòng Kinh tế: chủ trì rà soát hạ tầng chợ; hoàn thành trước 30/6/2026.
2. Công an xã: chủ trì tuyên truyền phòng chống lừa đảo; thực hiện thường xuyên.
"""
    plan = _plan(COMMUNE_HEAD, body)
    assert len(plan.tasks) == 2


@pytest.mark.parametrize(
    ("ending", "due"),
    [
        ("; năm 2027.", date(2027, 12, 31)),
        ("; tháng 10/2026.", date(2026, 10, 31)),
        ("; quý III/2026.", date(2026, 9, 30)),
        ("; chủ yếu ở các thôn vùng cao.", None),
    ],
)
def test_bullet_closed_by_a_bare_time(ending, due):
    plan = _plan(
        COMMUNE_HEAD,
        f"II. NHIỆM VỤ\n\n1. Chuyển đổi số\n* Lắp camera tại các ngã ba, kết nối về Công an xã{ending}\n",
    )
    [task] = plan.tasks
    assert task.deadline.due == due


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Nhà trường báo cáo Phòng Giáo dục kết quả học kỳ II trước ngày 20/5/2026, kết quả cả năm học trước ngày 30/6/2026.",
            [("other", 20, 5), ("yearly", 30, 6)],
        ),
        ("Các thôn báo cáo kết quả năm 2026 gửi trước ngày 05/12/2026.", [("yearly", 5, 12)]),
        ("Các thôn báo cáo kết quả đợt 1 trước ngày 15/7/2026.", [("other", 15, 7)]),
        ("Công an xã báo cáo kết quả về UBND xã trước ngày 15/8/2026.", []),  # a one-off, no period covered
    ],
)
def test_reports_dated_one_by_one(sentence, expected):
    plan = _plan(
        COMMUNE_HEAD,
        f"II. NHIỆM VỤ\n\n1. Rà soát thiết bị; quý II/2026.\n\nIII. TỔ CHỨC THỰC HIỆN\n\n{sentence}\n",
    )
    assert [(d.frequency, d.day, d.month) for d in plan.duties] == expected


def test_report_to_a_post():
    text = "Các tổ báo cáo kết quả về Đ/c Phó Hiệu trưởng trước ngày 28 hằng tháng."
    plan = _plan(
        COMMUNE_HEAD,
        f"II. NHIỆM VỤ\n\n1. Rà soát thiết bị; quý II/2026.\n\nIII. TỔ CHỨC THỰC HIỆN\n\n{text}\n",
    )
    [duty] = plan.duties
    assert (duty.frequency, duty.day, duty.recipient) == ("monthly", 28, "Đ/c Phó Hiệu trưởng")


@pytest.mark.parametrize(
    ("heading", "year"),
    [("Đến hết quý II/2027:", "2027"), ("Đến tháng 6/2026:", "2026"), ("Đến 31/12/2025:", "2025")],
)
def test_targets_under_a_quarter_or_month(heading, year):
    body = f"II. CHỈ TIÊU\n\n- Đến 30/9/2024: 40% hộ gia đình có cáp quang.\n- {heading} 65% người dân có chữ ký số; 30% hộ kinh doanh dùng mã QR.\n\nIII. NHIỆM VỤ\n\n1. Rà soát thiết bị; quý II/2026.\n"
    plan = _plan(COMMUNE_HEAD, body)
    values = {t.indicator: t.values for t in plan.targets}
    assert values["Người dân có chữ ký số"] == {year: "65%"}
    assert values["Hộ kinh doanh dùng mã QR"] == {year: "30%"}
    assert values["Hộ gia đình có cáp quang"] == {"2024": "40%"}


def test_a_partner_whose_name_wraps_across_lines_is_kept_whole():
    wrapped = UNION.replace(
        "phối hợp với Agribank Chi nhánh Nam Sơn.", "phối hợp với Agribank Chi nhánh\nNam Sơn."
    )
    assert wrapped != UNION
    plan = _plan(UNION_HEAD, wrapped)
    fees = next(t for t in plan.tasks if t.content.startswith("Thu hội phí"))
    assert fees.support == ["Agribank Chi nhánh Nam Sơn"]
