"""Layouts of set V's plans: a table without a number column whose tasks are numbered in their first cell and
wrap, every cell of them, over several physical rows. Every text here is written for these tests."""

from __future__ import annotations

import pytest

from knowledge.deadline import parse_deadline
from knowledge.plan_parser import parse_plan
from knowledge.units import canonical_unit

HEAD = (
    "SỞ DU LỊCH TỈNH HÒA NAM\n\nSố: 7/KH-SDL\nHòa Nam, ngày 5 tháng 1 năm 2026\n\nKẾ HOẠCH\n"
    "Chuyển đổi số ngành du lịch năm 2026\n\nI. MỤC ĐÍCH\n- Đẩy mạnh chuyển đổi số.\n\n"
    "II. NHIỆM VỤ CỤ THỂ\n\n"
)

WRAPPED = """| Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |
|---|---|---|---|
| I. DỮ LIỆU DU LỊCH | | | |
| 1. Xây dựng kho dữ liệu điểm đến | Trung tâm Thông tin | Sở Khoa học | Từ tháng 2 đến |
| và cơ sở lưu trú trên nền tảng số | xúc tiến du lịch | và Công nghệ | tháng 7/2026 |
| 2. Số hóa 40 di tích cấp tỉnh | Phòng Quản lý | Bảo tàng tỉnh; | Quý III/2026 |
| Thuyết minh tự động bằng mã QR | di sản | Viettel Hòa Nam | |
| | | | |
| II. QUẢNG BÁ SỐ | | | |
| 3. Mở gian hàng du lịch trên sàn | Văn phòng Sở | Hiệp hội Du lịch | Trước 30/4/2026 |
| thương mại điện tử | | tỉnh | |
"""

UNWRAPPED = """| Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |
|---|---|---|---|
| Xây dựng kho dữ liệu điểm đến | Trung tâm Thông tin xúc tiến du lịch | Sở Khoa học và Công nghệ | Tháng 7/2026 |
| Số hóa 40 di tích cấp tỉnh | Phòng Quản lý di sản | Bảo tàng tỉnh | Quý III/2026 |
| Mở gian hàng du lịch trên sàn thương mại điện tử | Văn phòng Sở | Hiệp hội Du lịch tỉnh | Trước 30/4/2026 |
"""

SUB_ITEMS = """| Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |
|---|---|---|---|
| 1. Xây dựng kho dữ liệu điểm đến | Trung tâm Thông tin xúc tiến du lịch | Sở Khoa học và Công nghệ | Tháng 7/2026 |
| - Thu thập dữ liệu cơ sở lưu trú | Phòng Quản lý lữ hành | Công an tỉnh | Tháng 3/2026 |
| 2. Số hóa 40 di tích cấp tỉnh | Phòng Quản lý di sản | Bảo tàng tỉnh | Quý III/2026 |
"""


def test_numbered_rows_wrapped_over_physical_rows_are_one_task_each():
    tasks = parse_plan(HEAD + WRAPPED).tasks
    assert [t.code for t in tasks] == ["1", "2", "3"]
    first, second, third = tasks
    assert first.content == "Xây dựng kho dữ liệu điểm đến và cơ sở lưu trú trên nền tảng số"
    assert first.lead == "Trung tâm Thông tin xúc tiến du lịch"
    assert "Sở Khoa học và Công nghệ" in first.support
    assert first.deadline.due is not None and (first.deadline.due.year, first.deadline.due.month) == (2026, 7)
    # A piece starting in capitals carries the row on too: the row above has no end of its own.
    assert second.content.endswith("Thuyết minh tự động bằng mã QR")
    assert second.lead == "Phòng Quản lý di sản"
    assert "Viettel Hòa Nam" in second.support
    assert third.section and third.section.startswith("II.")
    assert third.content.endswith("sàn thương mại điện tử")


@pytest.mark.parametrize("table, count", [(UNWRAPPED, 3), (SUB_ITEMS, 3)])
def test_tables_written_otherwise_keep_their_rows(table, count):
    """Rows numbered nowhere, or bullets under a numbered row, are tasks of their own."""
    tasks = parse_plan(HEAD + table).tasks
    assert len(tasks) == count
    assert all(t.lead for t in tasks)


GROUPED = """I. MỤC ĐÍCH, YÊU CẦU
- Giải pháp không ghi thời gian riêng thì hoàn thành theo thời hạn của chỉ tiêu.

II. CHỈ TIÊU VÀ GIẢI PHÁP

Chỉ tiêu 1. 90% chi hội quản lý hội viên trên ứng dụng số (thời hạn: trước 30/9/2026).
Giải pháp:
• Ban Kiểm tra - Tổ chức: rà soát danh sách hội viên trên phần mềm; hoàn thành trước 31/3/2026.
• Ban Tuyên huấn, phối hợp Văn phòng Hội Nông dân tỉnh: biên soạn sổ tay hướng dẫn sử dụng ứng dụng.

Chỉ tiêu 2. Hỗ trợ 200 hộ hội viên bán nông sản qua sàn thương mại điện tử (thời hạn: năm 2026).
Giải pháp:
• Chi hội các thôn: lập danh sách hộ có nhu cầu; định kỳ mỗi quý một lần.
• Ban Kinh tế, phối hợp Sở Công Thương: mở lớp tập huấn bán hàng trực tuyến; trong dịp hội chợ xuân, tháng 3/2026.

III. TỔ CHỨC THỰC HIỆN
1. Văn phòng Hội tham mưu bố trí kinh phí.
"""


def test_target_groups_head_their_bullets():
    plan = parse_plan(
        HEAD.replace("II. NHIỆM VỤ CỤ THỂ\n\n", "").replace("I. MỤC ĐÍCH\n- Đẩy mạnh chuyển đổi số.\n\n", "")
        + GROUPED
    )
    tasks = plan.tasks
    assert not any(t.content.startswith("Chỉ tiêu") for t in tasks)
    by_lead = {t.lead: t for t in tasks}
    assert set(by_lead) >= {"Ban Kiểm tra - Tổ chức", "Ban Tuyên huấn", "Chi hội các thôn", "Ban Kinh tế"}
    # A bullet without a time of its own is due at its target's deadline.
    handbook = by_lead["Ban Tuyên huấn"]
    assert str(handbook.deadline.due) == "2026-09-30"
    assert "Văn phòng Hội Nông dân tỉnh" in handbook.support
    assert handbook.section and handbook.section.startswith("Chỉ tiêu 1.")
    assert by_lead["Chi hội các thôn"].deadline.recurring
    assert str(by_lead["Ban Kinh tế"].deadline.due) == "2026-03-31"
    assert "Sở Công Thương" in by_lead["Ban Kinh tế"].support
    assert any("hội viên trên ứng dụng số" in t.indicator for t in plan.targets)


def test_a_target_named_in_a_task_is_no_heading():
    """ "Chỉ tiêu" inside ordinary items, without a deadline in brackets or "Giải pháp:", stays a task."""
    text = (
        HEAD
        + "1. Chỉ tiêu 1 của Nghị quyết: Phòng Văn hóa rà soát, báo cáo; trước 30/4/2026.\n2. Văn phòng Sở tổng hợp.\n"
    )
    tasks = parse_plan(text).tasks
    assert any("Chỉ tiêu 1 của Nghị quyết" in t.content for t in tasks)


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("tham mưu quyết định công bố danh mục thủ tục; hạn chót ngày 23/01/2026.", "2026-01-23"),
        ("nộp báo cáo tổng hợp, hạn chót ngày 5/3/2026", "2026-03-05"),
        # a cited document's date is no deadline, however near a "hạn" word
        ("hướng dẫn theo Công văn ngày 23/01/2026 về gia hạn", "None"),
    ],
)
def test_a_last_day_written_han_chot_ngay_is_the_deadline(text, due):
    assert str(parse_deadline(text).due) == due


CARRIED_OVER = """ỦY BAN NHÂN DÂN
XÃ HÒA BÌNH

Số: 5/TB-UBND                                    Hòa Bình, ngày 12 tháng 01 năm 2026

Thông báo kết luận cuộc họp giao ban tháng 01/2026

Đồng chí Chủ tịch UBND xã kết luận như sau:

1. Nhiệm vụ thời gian tới

a) Công an xã rà soát dữ liệu dân cư của 06 thôn; xong trước 20/02/2026.

b) Phòng Kinh tế chủ trì số hóa hồ sơ đất đai; trong quý II/2026.

2. Các việc tồn đọng theo Thông báo số 88/TB-UBND ngày 10/12/2025, tiếp tục thực hiện

| TT | Nội dung | Người chịu trách nhiệm | Hạn mới |
|---|---|---|---|
| 1 | Cấp mã QR địa chỉ số cho các hộ | Phòng Kinh tế | 31/03/2026 |
| 2 | Chi trả trợ cấp qua tài khoản | Phòng Văn hóa - Xã hội | 15/02/2026 |

Nơi nhận:
- Lưu: VT.
"""


def test_a_letters_carried_over_table_adds_to_its_lettered_points():
    tasks = parse_plan(CARRIED_OVER).tasks
    assert [t.content[:12] for t in tasks] == [
        "Công an xã r",
        "Phòng Kinh t",
        "Cấp mã QR đị",
        "Chi trả trợ ",
    ]  # the table's caption ("2. Các việc tồn đọng …") is no task
    qr, pay = tasks[2], tasks[3]
    assert (
        qr.lead == "Phòng Kinh tế" and str(qr.deadline.due) == "2026-03-31"
    )  # "Người chịu trách nhiệm", "Hạn mới"
    assert str(pay.deadline.due) == "2026-02-15"


def test_a_sentence_above_a_table_stays_a_task():
    text = CARRIED_OVER.replace(
        "2. Các việc tồn đọng theo Thông báo số 88/TB-UBND ngày 10/12/2025, tiếp tục thực hiện",
        "2. Giao Văn phòng xã rà soát các việc tồn đọng; xong trước 31/01/2026.",
    )
    tasks = parse_plan(text).tasks
    assert any(t.content.startswith("Giao Văn phòng xã rà soát") for t in tasks)
    assert any(t.content.startswith("Cấp mã QR") for t in tasks)


NOTICE = """ỦY BAN NHÂN DÂN
XÃ HÒA BÌNH

Số: 5/TB-UBND                                    Hòa Bình, ngày 12 tháng 01 năm 2026

THÔNG BÁO
Kết luận của Chủ tịch UBND xã tại cuộc họp giao ban tháng 01/2026

Đồng chí Chủ tịch UBND xã kết luận như sau:

1. Nhiệm vụ thời gian tới

a) Giao đồng chí Lê Văn Hùng, Trưởng Công an xã rà soát dữ liệu dân cư của 06 thôn; xong trước 20/02/2026.

b) Đồng chí Hùng lắp đặt 10 camera an ninh tại trung tâm xã; hạn chót ngày 30/4/2026.

c) Phòng Kinh tế (đồng chí Mai Thị Lan, Trưởng phòng) chủ trì số hóa hồ sơ đất đai; trong quý II/2026.

d) Đồng chí Mai Thị Lan chỉ đạo cập nhật bản đồ quy hoạch số; trong tháng 5/2026.

e) Giao đồng chí Phạm Quốc Toàn, Phó Chủ tịch UBND xã làm việc với Viettel về phủ sóng 4G; trong tháng 3/2026.

2. Các nội dung chưa hoàn thành, tiếp tục thực hiện

| TT | Nội dung | Người chịu trách nhiệm | Hạn mới |
|---|---|---|---|
| 1 | Cấp mã QR địa chỉ số cho các hộ | Đ/c Mai Thị Lan, Trưởng phòng Kinh tế | 31/03/2026 |

Nơi nhận:
- Lưu: VT.
"""


def test_work_given_to_named_officials_is_led_by_their_units():
    tasks = parse_plan(NOTICE).tasks
    by_words = {t.content[:25]: t for t in tasks}

    def lead_of(words: str) -> str | None:
        return next(t.lead for key, t in by_words.items() if key.startswith(words))

    assert lead_of("Giao đồng chí Lê Văn Hùng") == "Công an xã"
    assert lead_of("Đồng chí Hùng lắp đặt") == "Công an xã"  # the given name, met before
    assert lead_of("Phòng Kinh tế (đồng chí") == "Phòng Kinh tế"
    assert lead_of("Đồng chí Mai Thị Lan") == "Phòng Kinh tế"
    assert lead_of("Giao đồng chí Phạm Quốc") == "Phạm Quốc Toàn – Phó Chủ tịch UBND xã"
    carried = next(t for t in tasks if t.content.startswith("Cấp mã QR"))
    assert carried.lead == "Phòng Kinh tế" and str(carried.deadline.due) == "2026-03-31"
    camera = next(t for t in tasks if "camera" in t.content)
    assert str(camera.deadline.due) == "2026-04-30"  # "hạn chót ngày …"


@pytest.mark.parametrize(
    "line",
    [
        "- Cập nhật dữ liệu học sinh lên cơ sở dữ liệu ngành (Đ/c Phó Hiệu trưởng; giáo viên phối hợp)",
        "- Đồng chí Hiệu trưởng chủ trì họp hội đồng trường; trong tháng 9/2026.",
    ],
)
def test_an_official_not_given_by_name_and_post_leaves_the_lead_as_read(line):
    text = HEAD + line + "\n"
    plain = parse_plan(text).tasks
    assert plain and all(t.lead is None or "Cập nhật" not in t.lead for t in plain)


@pytest.mark.parametrize(
    ("kind", "title"),
    [
        ("THÔNG BÁO", "Kết luận của Chủ tịch UBND xã tại cuộc họp giao ban tháng 02/2026"),
        # "Thông báo" in running words above the body is no document kind: no title read from it
        ("Thông báo", ""),
    ],
)
def test_a_notice_reads_its_title_under_thong_bao(kind, title):
    text = (
        "ỦY BAN NHÂN DÂN\nXÃ TÂN PHÚ\n\nSố: 12/TB-UBND\nTân Phú, ngày 20 tháng 02 năm 2026\n\n"
        f"{kind}\nKết luận của Chủ tịch UBND xã tại cuộc họp giao ban tháng 02/2026\n\n"
        "1. Giao Văn phòng UBND xã cập nhật cổng thông tin điện tử xã; xong trước 30/3/2026.\n"
    )
    assert parse_plan(text).title == title


MEETING_NOTICE = """ỦY BAN NHÂN DÂN
XÃ TÂN PHÚ

Số: 12/TB-UBND                                    Tân Phú, ngày 20 tháng 02 năm 2026

THÔNG BÁO
Kết luận của Chủ tịch UBND xã tại cuộc họp về chuyển đổi số quý I/2026

Ngày 18/02/2026, đồng chí Trần Văn An, Chủ tịch UBND xã chủ trì cuộc họp. Tham dự cuộc họp có lãnh đạo
các ban, ngành, đoàn thể xã và Trạm Y tế xã.

Sau khi nghe báo cáo, đồng chí Chủ tịch UBND xã kết luận như sau:

1. Mục tiêu đến hết năm 2026
Phấn đấu đến 31/12/2026: 90% hồ sơ được nộp trực tuyến; không còn hồ sơ trễ hạn; 60% hộ gia đình có
tài khoản thanh toán điện tử.

2. Giao Văn phòng UBND xã cập nhật cổng thông tin điện tử xã; xong trước 30/3/2026.

3. Giao Trạm Y tế xã triển khai sổ sức khỏe điện tử; trong quý II/2026.

Nơi nhận:
- Lưu: VT.
"""


@pytest.mark.parametrize(
    ("point", "goals"),
    [
        # a point headed "Về chỉ tiêu" sets goals
        ("1. Về chỉ tiêu, phấn đấu đến hết năm 2026, 70% hồ sơ được số hóa.", 1),
        # "; đến hết quý I/2027, …" starts goals of another time: not read as more of the first
        (
            "1. Mục tiêu: phấn đấu đến hết năm 2026, 70% hồ sơ được số hóa; đến hết quý I/2027, 90% hồ sơ được số hóa.",
            2,
        ),
    ],
)
def test_a_goals_point_of_a_notice_is_no_task(point, goals):
    text = MEETING_NOTICE.replace(
        "1. Mục tiêu đến hết năm 2026\nPhấn đấu đến 31/12/2026: 90% hồ sơ được nộp trực tuyến; không còn hồ sơ "
        "trễ hạn; 60% hộ gia đình có\ntài khoản thanh toán điện tử.",
        point,
    )
    plan = parse_plan(text)
    assert not any(t.content.startswith(("Mục tiêu", "Về chỉ tiêu")) for t in plan.tasks)
    assert len(plan.targets) == goals


def test_goals_after_a_colon_go_on_over_the_clauses_that_open_with_a_value():
    goals = parse_plan(MEETING_NOTICE).targets  # "Phấn đấu đến 31/12/2026: 90% …; không còn …; 60% …"
    assert [(t.indicator, t.values) for t in goals] == [
        ("Hồ sơ được nộp trực tuyến", {"2026": "90%"}),
        ("Hộ gia đình có tài khoản thanh toán điện tử", {"2026": "60%"}),
    ]


def test_the_account_of_the_meeting_above_a_notices_points_is_no_work():
    plan = parse_plan(MEETING_NOTICE)
    assert plan.title == "Kết luận của Chủ tịch UBND xã tại cuộc họp về chuyển đổi số quý I/2026"
    # neither the account of the meeting nor the goals point is work
    assert [t.content[:25] for t in plan.tasks] == ["Giao Văn phòng UBND xã cậ", "Giao Trạm Y tế xã triển k"]
    assert [(t.indicator, t.values) for t in plan.targets] == [
        ("Hồ sơ được nộp trực tuyến", {"2026": "90%"}),
        ("Hộ gia đình có tài khoản thanh toán điện tử", {"2026": "60%"}),
    ]


def test_work_given_before_the_points_stays_work():
    text = MEETING_NOTICE.replace(
        "Sau khi nghe báo cáo, đồng chí Chủ tịch UBND xã kết luận như sau:",
        "Giao Công an xã rà soát dữ liệu dân cư; xong trước 15/3/2026.",
    )
    assert any(t.content.startswith("Giao Công an xã") for t in parse_plan(text).tasks)


@pytest.mark.parametrize(
    ("name", "not_this"),
    [
        ("Văn phòng Tỉnh đoàn", "Văn phòng Sở"),  # a level naming a body replaces "Sở"
        ("Văn phòng Huyện ủy", "Văn phòng Sở"),
        ("Phòng Quản lý đầu tư", "Phòng Quản lý đô thị"),  # two words replaced, not damaged
    ],
)
def test_a_name_with_a_word_replaced_is_another_unit(name, not_this):
    assert canonical_unit(name) != not_this


@pytest.mark.parametrize(
    ("name", "unit"),
    [
        ("Văn phòng Sở", "Văn phòng Sở"),
        ("Phòng Quản lý đô thj", "Phòng Quản lý đô thị"),  # a damaged word is the same unit
        ("Văn phòng Tỉnh ủy", "Văn phòng Tỉnh ủy"),
    ],
)
def test_a_damaged_or_registered_name_is_still_its_unit(name, unit):
    assert canonical_unit(name) == unit


@pytest.mark.parametrize(
    ("sentence", "reporter"),
    [
        # a board's own office reports in a board's plan
        (
            "2. Chế độ báo cáo: Văn phòng Ban tổng hợp, báo cáo quý gửi Sở Tài chính trước ngày 15 của tháng cuối quý.",
            "Văn phòng Ban",
        ),
        (
            "2. Chế độ báo cáo: Văn phòng Sở tổng hợp, báo cáo quý gửi UBND tỉnh trước ngày 15 của tháng cuối quý.",
            "Văn phòng Sở",
        ),
    ],
)
def test_a_boards_office_is_a_unit_that_reports(sentence, reporter):
    text = (
        HEAD
        + "1. Văn phòng Sở số hóa hồ sơ; trong quý I/2026.\n\nIII. TỔ CHỨC THỰC HIỆN\n\n"
        + sentence
        + "\n"
    )
    duties = parse_plan(text).duties
    assert [(d.reporter, d.frequency, d.day) for d in duties] == [(reporter, "quarterly", 15)]
