"""Layouts of a ninth set of plans: a Party inspection plan whose rounds sit under "ĐỐI TƯỢNG, THỜI GIAN, LỰC
LƯỢNG" with "- Thời gian:" and "- Lực lượng:" fields (the team doing the round, its head named there) and whose
steps sit under "PHƯƠNG PHÁP, TIẾN ĐỘ TIẾN HÀNH". Every text here is written for these tests."""

from __future__ import annotations

import pytest

from knowledge.plan_parser import parse_plan
from knowledge.plan_parser.forces import read_forces

HEAD = (
    "ĐẢNG ỦY XÃ BẾN MÂY\n\nSố 12-KH/ĐU\nBến Mây, ngày 5 tháng 1 năm 2026\n\nKẾ HOẠCH\n"
    "kiểm tra, giám sát việc thực hiện chuyển đổi số năm 2026\n\n"
)

ROUNDS = """I. MỤC ĐÍCH, YÊU CẦU
1. Đánh giá đúng kết quả lãnh đạo thực hiện chuyển đổi số ở các chi bộ.

II. ĐỐI TƯỢNG, THỜI GIAN, LỰC LƯỢNG KIỂM TRA

1. Kiểm tra (02 cuộc)

1.1. Kiểm tra Chi bộ Thôn Đồng Cỏ về lãnh đạo thanh toán không dùng tiền mặt.
- Thời gian: tháng 4/2026.
- Lực lượng: Đoàn kiểm tra số 1, đồng chí Hà Văn Tùng, Phó Bí thư Đảng ủy, làm Trưởng đoàn; Văn phòng Đảng ủy cử 01 cán bộ tham gia.

1.2. Kiểm tra Chi bộ Trường Tiểu học Bến Mây về dạy học kỹ năng số.
- Thời gian: quý III/2026.
- Lực lượng: Đoàn kiểm tra số 1; mời Hội Cựu chiến binh xã cử đại diện tham gia.

III. TIẾN ĐỘ TIẾN HÀNH

1. Văn phòng Đảng ủy tham mưu ban hành quyết định thành lập đoàn kiểm tra; hoàn thành trước ngày 20/01/2026.
2. Ban Xây dựng Đảng cập nhật kết quả lên phần mềm quản lý kiểm tra; thực hiện thường xuyên.

IV. TỔ CHỨC THỰC HIỆN
1. Ủy ban Kiểm tra Đảng ủy theo dõi, đôn đốc thực hiện Kế hoạch này.
"""


def test_inspection_rounds_and_steps_are_tasks():
    tasks = parse_plan(HEAD + ROUNDS).tasks
    by_code = {t.code: t for t in tasks}
    first, second = by_code["1.1"], by_code["1.2"]
    assert first.lead == "Đoàn kiểm tra số 1" and second.lead == "Đoàn kiểm tra số 1"
    assert "Hà Văn Tùng" in first.content and "Trưởng đoàn" in first.content
    assert first.deadline.due is not None and second.deadline.due is not None
    assert "Văn phòng Đảng ủy" in first.support
    assert any("Cựu chiến binh" in s for s in second.support)
    contents = " ".join(t.content for t in tasks)
    assert "quyết định thành lập đoàn kiểm tra" in contents
    assert "phần mềm quản lý kiểm tra" in contents


@pytest.mark.parametrize(
    "value, team, head, partners",
    [
        (
            "Tổ giám sát số 3, đồng chí Mai Thu, Ủy viên UBKT, làm Tổ trưởng.",
            "Tổ giám sát số 3",
            "đồng chí Mai Thu, Ủy viên UBKT, làm Tổ trưởng",
            [],
        ),
        ("Tổ giám sát số 1; Ban Tuyên giáo phối hợp.", "Tổ giám sát số 1", None, ["Ban Tuyên giáo"]),
        ("Đoàn kiểm tra số 2.", "Đoàn kiểm tra số 2", None, []),
    ],
)
def test_the_forces_field(value, team, head, partners):
    assert read_forces(value) == (team, head, partners)


# --- 2. an appendix of one small table per lead, the lead named in the heading above each ---------------------

HEAD_UB = (
    "ỦY BAN NHÂN DÂN\nTỈNH LAM HÀ\n\nSố: 77/KH-UBND\nLam Hà, ngày 3 tháng 11 năm 2025\n\nKẾ HOẠCH\n"
    "Phát triển dữ liệu số năm 2026\n\n"
)
ROW_HEAD = "| TT | Nhiệm vụ | Cơ quan phối hợp | Thời hạn |\n|---|---|---|---|\n"


@pytest.mark.parametrize(
    "first, second, leads",
    [
        (
            "1. SỞ TƯ PHÁP (02 nhiệm vụ)",
            "2. Sở Xây dựng (Sở XD) - 01 nhiệm vụ",
            ("Sở Tư pháp", "Sở Xây dựng"),
        ),
        ("1. CÔNG AN TỈNH", "2. SỞ Y TẾ", ("Công an tỉnh", "Sở Y tế")),
    ],
)
def test_each_table_is_led_by_the_unit_in_its_heading(first, second, leads):
    body = (
        "II. PHÂN CÔNG NHIỆM VỤ THEO CƠ QUAN CHỦ TRÌ\n\n"
        f"{first}\n\n{ROW_HEAD}| 1 | Số hóa sổ hộ tịch giai đoạn 2010 - 2015 | Sở Nội vụ | Quý II/2026 |\n"
        "| 2 | Cập nhật dữ liệu công chứng lên hệ thống | UBND các xã | Trước 30/6/2026 |\n\n"
        f"{second}\n\n{ROW_HEAD}| 1 | Xây dựng cơ sở dữ liệu nhà ở và thị trường bất động sản | Sở Tài chính | Năm 2026 |\n"
    )
    tasks = parse_plan(HEAD_UB + body).tasks
    assert [(t.code, t.lead) for t in tasks] == [
        ("1.1", leads[0]),
        ("1.2", leads[0]),
        ("2.1", leads[1]),
    ]


# --- 3. a report's periods each dated in a bracket after it -----------------------------------------------------


@pytest.mark.parametrize(
    "sentence, expected",
    [
        (
            "Ban Tuyên giáo tổng hợp, báo cáo Ban Thường vụ định kỳ 6 tháng (trước ngày 05/6/2026) và năm "
            "(trước ngày 20/11/2026).",
            [("other", 5, 6), ("yearly", 20, 11)],
        ),
        (
            "Văn phòng tổng hợp, báo cáo Thường trực Đảng ủy kết quả quý I (trước ngày 25/3/2026).",
            [("other", 25, 3)],
        ),
    ],
)
def test_periods_dated_in_brackets_are_duties(sentence, expected):
    body = f"III. TỔ CHỨC THỰC HIỆN\n1. Chế độ báo cáo: {sentence}\n"
    duties = parse_plan(HEAD + body).duties
    assert [(d.frequency, d.day, d.month) for d in duties] == expected


# --- 4. a "5 rõ" item whose lead names, in a bracket, the person doing the work ---------------------------------


@pytest.mark.parametrize(
    "who, lead, person",
    [
        (
            "Phòng Kinh tế (đ/c Lê Văn An, chuyên viên) chủ trì; Hội Nông dân xã phối hợp.",
            "Phòng Kinh tế",
            "Lê Văn An",
        ),
        ("Trạm Y tế xã (đồng chí Mai Hoa, Trạm trưởng) chủ trì.", "Trạm Y tế xã", "Mai Hoa"),
    ],
)
def test_a_person_in_brackets_after_the_lead_is_no_unit(who, lead, person):
    body = (
        "II. NHIỆM VỤ CỤ THỂ\n\n(1) Rõ việc: Số hóa hồ sơ hộ kinh doanh trên địa bàn xã.\n"
        f"- Rõ người: {who}\n- Rõ thời gian: trước ngày 30/6/2026.\n- Rõ kết quả: 100% hồ sơ được số hóa.\n"
    )
    (task,) = parse_plan(HEAD_UB + body).tasks
    assert task.lead == lead
    assert person in task.content


def test_as_task_numbered_takes_that_tasks_units():
    body = (
        "II. NHIỆM VỤ CỤ THỂ\n\n(1) Rõ việc: Rà soát dữ liệu hộ tịch của các thôn sau sáp nhập.\n"
        "- Rõ người: Công an xã chủ trì; Trưởng các thôn phối hợp.\n- Rõ thời gian: trước ngày 30/3/2026.\n\n"
        "(2) Rõ việc: Cấp tài khoản định danh cho người cao tuổi.\n- Rõ người: Như nhiệm vụ (1).\n"
        "- Rõ thời gian: trước ngày 30/6/2026.\n"
    )
    first, second = parse_plan(HEAD_UB + body).tasks
    assert first.lead == second.lead == "Công an xã"
    assert second.support == first.support
