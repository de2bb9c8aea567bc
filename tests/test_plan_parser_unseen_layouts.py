"""Layouts and phrasings the parser first met in plans written by others: partners in "(X chủ trì, Y phối
hợp; ...)", partners named before a verb, names with "và" or a place in them, targets as sentences, "|---|"
tables, starts and school years, the year's report, lettered items, upper-case issuers, field abbreviations.
Every text here is written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.deadline import parse_deadline, parse_deadline_cell
from knowledge.plan_parser import parse_plan
from knowledge.unit_matcher import UnitMatcher
from knowledge.units import abbreviation, find_units

HEAD = (
    "UBND TỈNH TÂY NGUYÊN\nSỞ XÂY DỰNG\nSố: 31/KH-SXD\nBuôn Hồ, ngày 05 tháng 3 năm 2026\nKẾ HOẠCH\nSố hóa\n"
)
TASKS = "II. NHIỆM VỤ, GIẢI PHÁP\n"


def one_task(item: str):
    plan = parse_plan(HEAD + TASKS + "1. " + item + "\n")
    assert len(plan.tasks) == 1, plan.tasks
    return plan.tasks[0]


@pytest.mark.parametrize(
    ("item", "lead", "support"),
    [
        # partners before "phối hợp", inside the closing parenthesis
        (
            "Xây dựng kho dữ liệu xây dựng dùng chung (Sở Tài chính chủ trì, Công an tỉnh phối hợp; hoàn thành"
            " trong quý II/2026).",
            "Sở Tài chính",
            ["Công an tỉnh"],
        ),
        (
            "Hỗ trợ nông dân bán hàng trực tuyến (Phòng Kinh tế chủ trì, Hội Nông dân xã và Đoàn Thanh niên xã"
            " phối hợp; thực hiện thường xuyên).",
            "Phòng Kinh tế",
            ["Hội Nông dân xã", "Đoàn Thanh niên xã"],
        ),
        # a partner outside the registry, and one given a helping role
        (
            "Ngầm hóa lưới điện khu trung tâm (Sở Xây dựng chủ trì, Điện lực tỉnh phối hợp; hoàn thành trước"
            " 30/6/2026).",
            "Sở Xây dựng",
            ["Điện lực tỉnh"],
        ),
        (
            "Rà soát thủ tục chứng thực điện tử (UBND các xã, phường chủ trì, Sở Tư pháp hướng dẫn; hoàn thành"
            " trước 30/6/2026).",
            "UBND các xã, phường",
            ["Sở Tư pháp"],
        ),
        # partners right after "phối hợp", a verb following them
        (
            "Phòng Văn hóa – Xã hội chủ trì, phối hợp Công an xã kiểm tra dữ liệu hộ tịch; hoàn thành trước"
            " 30/6/2026.",
            "Phòng Văn hóa – Xã hội",
            ["Công an xã"],
        ),
        (
            "Trạm Y tế xã chủ trì, phối hợp Trường THPT Nguyễn Du tổ chức khám sức khỏe cho học sinh; hoàn thành"
            " trong tháng 10/2026.",
            "Trạm Y tế xã",
            ["Trường THPT Nguyễn Du"],
        ),
        # a company with the place it serves, a lead whose name goes on past its registered start
        (
            "Phòng Kinh tế chủ trì, phối hợp MobiFone Cần Thơ lắp trạm phát sóng tại các thôn; quý IV/2026.",
            "Phòng Kinh tế",
            ["MobiFone Cần Thơ"],
        ),
        (
            "Bưu điện văn hóa xã chủ trì, phối hợp Phòng Kinh tế hướng dẫn tiểu thương bán hàng trên sàn; trong"
            " tháng 11/2026.",
            "Bưu điện văn hóa xã",
            ["Phòng Kinh tế"],
        ),
    ],
)
def test_leads_and_partners(item, lead, support):
    task = one_task(item)
    assert (task.lead, task.support) == (lead, support)


@pytest.mark.parametrize(
    ("text", "units"),
    [
        ("phối hợp VNPT Đắk Lắk triển khai", ["VNPT Đắk Lắk"]),
        ("Viettel Cần Thơ; VNPT Cần Thơ", ["Viettel Cần Thơ", "VNPT Cần Thơ"]),
        ("Viettel tỉnh và Bưu điện tỉnh", ["Viettel", "Bưu điện"]),  # a level word is not a place name
    ],
)
def test_companies_keep_their_place(text, units):
    assert [name for name, _s, _e in find_units(text)] == units


TABLE_PLAN = (
    HEAD
    + "III. NHIỆM VỤ CỤ THỂ\n"
    + "| STT | Nội dung | Đơn vị chủ trì | Đơn vị phối hợp | Thời hạn |\n"
    + "|---|---|---|---|---|\n"
    + "| 1 | Xây dựng cổng dữ liệu mở | Phòng Quản lý khoa học và Hợp tác quốc tế | Viettel Đắk Lắk;"
    + " VNPT Đắk Lắk | Quý III/2026 |\n"
    + "| 2 | Giám sát chất lượng dịch vụ viễn thông | Phòng Kinh tế và Công an tỉnh | Sở Tài chính |"
    + " Hằng tháng |\n"
)


def test_a_table_cell_names_one_unit_with_and_and_companies_with_their_place():
    tasks = parse_plan(TABLE_PLAN).tasks
    assert [(t.lead, t.support) for t in tasks] == [
        ("Phòng Quản lý khoa học và Hợp tác quốc tế", ["Viettel Đắk Lắk", "VNPT Đắk Lắk"]),
        ("Phòng Kinh tế", ["Công an tỉnh", "Sở Tài chính"]),  # "và" before a unit: two units
    ]


def test_rows_of_a_task_table_are_no_duties():
    # row 2 has "Hằng tháng" and a "Báo cáo" product: a task, not a reporting duty
    plan = parse_plan(TABLE_PLAN.replace("| Hằng tháng |", "| Hằng tháng | Báo cáo tháng |"))
    assert plan.duties == []


def test_a_markdown_targets_table_reads_year_columns_and_skips_the_rule():
    plan = parse_plan(
        HEAD
        + "II. CHỈ TIÊU\n"
        + "| STT | Chỉ tiêu | Năm 2026 | Năm 2027 |\n|---|---|---|---|\n"
        + "| 1 | Tỷ lệ hồ sơ cấp phép xây dựng trực tuyến | 60% | 90% |\n"
        + "| 2 | Số công trình có hồ sơ số | 120 | 300 |\n"
    )
    assert [(t.indicator, t.values, t.unit) for t in plan.targets] == [
        ("Tỷ lệ hồ sơ cấp phép xây dựng trực tuyến", {"2026": "60%", "2027": "90%"}, "%"),
        ("Số công trình có hồ sơ số", {"2026": "120", "2027": "300"}, None),
    ]


@pytest.mark.parametrize(
    ("section", "expected"),
    [
        (
            "II. MỤC TIÊU\n- Phấn đấu đến hết năm 2026, 95% hồ sơ cấp phép được giải quyết trực tuyến.\n"
            "- Đến năm 2027, 100% công trình công cộng có bản đồ số.\n",
            [
                ("Hồ sơ cấp phép được giải quyết trực tuyến", "2026", "95%"),
                ("Công trình công cộng có bản đồ số", "2027", "100%"),
            ],
        ),
        (
            "I. MỤC ĐÍCH, YÊU CẦU, MỤC TIÊU\n2. Mục tiêu đến hết năm 2026\n"
            "- 80% hộ gia đình có địa chỉ số.\n- Trên 50% chợ có điểm thanh toán bằng mã QR.\n",
            [
                ("Hộ gia đình có địa chỉ số", "2026", "80%"),
                ("Chợ có điểm thanh toán bằng mã QR", "2026", "Trên 50%"),
            ],
        ),
        (
            TASKS + "1. Sở Xây dựng chủ trì số hóa hồ sơ cấp phép, hoàn thành trước 30/9/2026.\n"
            "IV. TỔ CHỨC THỰC HIỆN\n1. Các phòng căn cứ kế hoạch triển khai.\n"
            "2. Phấn đấu đến hết năm 2026: 100% công trình được gắn mã QR; 70% hồ sơ được nộp trực tuyến.\n",
            [("Công trình được gắn mã QR", "2026", "100%"), ("Hồ sơ được nộp trực tuyến", "2026", "70%")],
        ),
        # a later clause of the sentence opening with a year of its own (wrapped across lines)
        (
            "I. MỤC ĐÍCH, YÊU CẦU\n2. Phấn đấu đến hết năm 2025: 75% người dân có tài khoản định danh; đến\n"
            "hết năm 2026: 60% hộ kinh doanh tại chợ nhận thanh toán bằng mã QR.\n",
            [
                ("Người dân có tài khoản định danh", "2025", "75%"),
                ("Hộ kinh doanh tại chợ nhận thanh toán bằng mã QR", "2026", "60%"),
            ],
        ),
    ],
)
def test_targets_written_as_sentences(section, expected):
    plan = parse_plan(HEAD + section)
    assert [(t.indicator, *next(iter(t.values.items()))) for t in plan.targets] == expected
    assert all(t.unit == "%" for t in plan.targets)


def test_an_organisation_item_without_a_goal_opening_gives_no_target():
    plan = parse_plan(
        HEAD + TASKS + "1. Sở Xây dựng chủ trì số hóa hồ sơ, hoàn thành trước 30/9/2026.\n"
        "IV. TỔ CHỨC THỰC HIỆN\n1. Đến hết năm 2026, 100% đơn vị báo cáo đúng hạn.\n"
    )
    assert plan.targets == []


@pytest.mark.parametrize(
    ("text", "kind", "due"),
    [
        ("từ tháng 10/2026", "recurring", None),  # a start: the task goes on from then
        ("Vận hành tổng đài hỗ trợ người dân; thời gian thực hiện: từ ngày 01/11/2026.", "recurring", None),
        ("Vận hành tổng đài từ tháng 10/2026 đến tháng 12/2026.", "month", date(2026, 12, 31)),
        ("theo kế hoạch của tỉnh", "conditional", None),
        ("Cập nhật bản đồ số; thời gian: theo hướng dẫn của Sở Xây dựng.", "conditional", None),
        ("Triển khai theo kế hoạch của UBND tỉnh về chuyển đổi số.", "none", None),  # what to do, not when
        ("năm học 2026–2027", "month", date(2027, 5, 31)),
        (
            "Đưa kỹ năng số vào giờ sinh hoạt lớp, hoàn thành trong năm học 2026-2027.",
            "month",
            date(2027, 5, 31),
        ),
    ],
)
def test_deadline_starts_conditions_and_school_years(text, kind, due):
    deadline = parse_deadline_cell(text) if len(text) < 30 else parse_deadline(text)
    assert (deadline.kind, deadline.due) == (kind, due)


def test_the_years_report_after_the_monthly_one_is_a_yearly_duty_of_the_same_units():
    plan = parse_plan(
        HEAD + TASKS + "1. Sở Xây dựng chủ trì số hóa hồ sơ, hoàn thành trước 30/9/2026.\n"
        "IV. TỔ CHỨC THỰC HIỆN\n"
        "Chế độ báo cáo: các phòng, đơn vị thuộc Sở báo cáo kết quả về Văn phòng Sở trước ngày 18 hằng tháng;"
        " báo cáo năm gửi trước ngày 10/12/2026.\n"
    )
    assert [(d.frequency, d.day, d.month, d.reporter, d.recipient) for d in plan.duties] == [
        ("monthly", 18, None, "Các phòng, đơn vị thuộc Sở", "Văn phòng Sở"),
        ("yearly", 10, 12, "Các phòng, đơn vị thuộc Sở", "Văn phòng Sở"),
    ]


def test_a_reporter_named_in_the_clause_before():
    plan = parse_plan(
        HEAD + TASKS + "1. Sở Xây dựng chủ trì số hóa hồ sơ, hoàn thành trước 30/9/2026.\n"
        "IV. TỔ CHỨC THỰC HIỆN\n"
        "1. Các phòng, đơn vị thuộc Sở chủ động triển khai; báo cáo kết quả về Văn phòng Sở trước ngày 20 hằng"
        " tháng.\n"
    )
    assert [(d.reporter, d.recipient, d.day) for d in plan.duties] == [
        ("Các phòng, đơn vị thuộc Sở", "Văn phòng Sở", 20)
    ]


def test_lettered_items_keep_their_letter_in_code_and_reference():
    plan = parse_plan(
        HEAD + TASKS + "1. Tuyên truyền\n"
        "a) Văn phòng Sở chủ trì đăng tin trên trang thông tin điện tử; thường xuyên.\n"
        "b) Thanh tra Sở chủ trì phổ biến quy định mới; hoàn thành trong quý III/2026.\n"
        "2. Văn phòng Sở chủ trì tổng hợp kết quả, hoàn thành trước 15/12/2026.\n"
    )
    assert [(t.code, t.ref) for t in plan.tasks] == [("1.a", "1.a"), ("1.b", "1.b"), ("2", "2")]


def test_an_upper_case_issuer_reads_as_the_body_writes_it_with_its_city():
    plan = parse_plan(
        "TỈNH ỦY TÂY NGUYÊN\nBAN CHỈ ĐẠO CẢI CÁCH HÀNH CHÍNH,\nCHUYỂN ĐỔI SỐ\nSố 04-KH/BCĐ\n"
        "Buôn Hồ, ngày 05 tháng 3 năm 2026\nKẾ HOẠCH\nSố hóa\n"
        "Ban Chỉ đạo cải cách hành chính, chuyển đổi số tỉnh ban hành Kế hoạch như sau:\n"
        + TASKS
        + "1. Sở Nội vụ chủ trì rà soát thủ tục, hoàn thành trước 30/9/2026.\n"
    )
    assert plan.issuer == "Ban Chỉ đạo cải cách hành chính, chuyển đổi số tỉnh Tây Nguyên"


def test_a_field_abbreviation_is_no_units_alias():
    assert abbreviation("Trung tâm Chuyển đổi số") == "TTCĐS"
    matcher = UnitMatcher(["Trung tâm Chuyển đổi số", "Phòng Kinh tế"])
    assert matcher.match("nhiem vu cds thang nay") is None
    assert matcher.match("viec chuyen doi so cua xa") is None
    assert matcher.match("ttcds lam gi")[0] == "Trung tâm Chuyển đổi số"


def test_lettered_items_stored_under_their_group_code_keep_their_history_on_re_ingest(fresh_db):
    from dataclasses import replace

    from storage.plans import save_plan

    text = (
        HEAD + TASKS + "1. Tuyên truyền\n"
        "a) Văn phòng Sở chủ trì đăng tin trên trang thông tin điện tử; thường xuyên.\n"
        "b) Thanh tra Sở chủ trì phổ biến quy định mới; hoàn thành trong quý III/2026.\n"
    )
    plan = parse_plan(text)
    stored_before = replace(plan, tasks=[replace(t, code="1") for t in plan.tasks])  # as saved before letters
    save_plan(fresh_db, stored_before)
    fresh_db.execute("UPDATE tasks SET status = 'done'")  # history: a removal would need confirming
    save_plan(fresh_db, parse_plan(text))
    rows = fresh_db.execute("SELECT code, status FROM tasks ORDER BY position").fetchall()
    assert [tuple(r) for r in rows] == [("1.a", "done"), ("1.b", "done")]


def test_work_given_to_one_unit_under_organisation_counts_beside_the_task_section():
    plan = parse_plan(
        HEAD + TASKS + "1.1. Số hóa hồ sơ cấp phép xây dựng; hoàn thành trước 30/9/2026.\n"
        "IV. TỔ CHỨC THỰC HIỆN\n"
        "1. Giao Văn phòng Sở chủ trì, phối hợp Thanh tra Sở rà soát quy chế; hoàn thành trước 30/11/2026.\n"
        "2. Các phòng, đơn vị thuộc Sở chủ trì triển khai các nhiệm vụ được giao; hoàn thành trong năm 2026.\n"
        "3. Văn phòng Sở theo dõi, đôn đốc việc thực hiện Kế hoạch.\n"
        "4. Chế độ báo cáo: Văn phòng Sở chủ trì tổng hợp báo cáo trước ngày 20 hằng tháng.\n"
    )
    assert [(t.code, t.lead) for t in plan.tasks] == [("1.1", None), ("1", "Văn phòng Sở")]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Các phòng thuộc Sở báo cáo về Văn phòng Sở định kỳ 6 tháng (trước ngày 12/6) và hằng năm (trước"
            " ngày 12/12).",
            [("yearly", 12, 6, "Các phòng thuộc Sở"), ("yearly", 12, 12, "Các phòng thuộc Sở")],
        ),
        (
            "Các đơn vị báo cáo về Văn phòng Sở trước ngày 20 hằng tháng; báo cáo quý gửi trước ngày 10 của"
            " tháng cuối quý.",
            [("monthly", 20, None, "Các đơn vị"), ("quarterly", 10, 3, "Các đơn vị")],
        ),
    ],
)
def test_half_year_and_quarter_reports(sentence, expected):
    plan = parse_plan(
        HEAD + TASKS + "1. Sở Xây dựng chủ trì số hóa hồ sơ, hoàn thành trước 30/9/2026.\n"
        "IV. TỔ CHỨC THỰC HIỆN\n" + sentence + "\n"
    )
    assert [(d.frequency, d.day, d.month, d.reporter) for d in plan.duties] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Thí điểm lớp học thông minh; thực hiện từ năm 2027.",
        "Dạy kỹ năng số; thực hiện từ học kỳ II năm học 2026-2027.",
    ],
)
def test_a_start_year_or_term_is_a_standing_task(text):
    assert parse_deadline(text).kind == "recurring"


def test_a_school_named_before_its_role_leads():
    task = one_task(
        "Trường THPT chuyên Lê Quý Đôn chủ trì xây dựng phòng học STEM; hoàn thành trong quý III/2026."
    )
    assert task.lead == "Trường THPT chuyên Lê Quý Đôn"


def test_the_first_paragraph_under_a_short_heading_is_a_task():
    from knowledge.plan_parser import parse_plan

    text = (
        "ĐẢNG ỦY PHƯỜNG AN HÒA\nSố 3-KH/ĐU\n\nKẾ HOẠCH\nthực hiện chuyển đổi số\n\nII. NHIỆM VỤ, GIẢI PHÁP\n\n"
        "1. Nâng cao nhận thức\n\n"
        "Tổ chức hội nghị quán triệt Nghị quyết đến các chi bộ (Văn phòng Đảng ủy chủ trì; thời gian: trong "
        "tháng 9/2025).\n\n"
        "Triển khai Sổ tay đảng viên điện tử (Văn phòng Đảng ủy chủ trì; thời gian: trước 31/10/2025).\n"
    )
    contents = [t.content for t in parse_plan(text, source_name="x").tasks]
    assert any(c.startswith("Tổ chức hội nghị quán triệt") for c in contents)
    assert not any("Nâng cao nhận thức" in c for c in contents)


def test_partners_after_the_lead_and_a_semicolon():
    from knowledge.plan_parser import parse_plan

    text = (
        "ĐẢNG ỦY PHƯỜNG AN HÒA\nSố 3-KH/ĐU\n\nKẾ HOẠCH\nthực hiện chuyển đổi số\n\nII. NHIỆM VỤ, GIẢI PHÁP\n\n"
        "1. Số hóa hồ sơ đảng viên, cập nhật vào cơ sở dữ liệu (Văn phòng Đảng ủy chủ trì; Ủy ban Kiểm tra Đảng "
        "ủy phối hợp; thời gian: trước 31/12/2025).\n"
    )
    task = parse_plan(text, source_name="x").tasks[0]
    assert task.lead == "Văn phòng Đảng ủy" and task.support == ["Ủy ban Kiểm tra Đảng ủy"]
