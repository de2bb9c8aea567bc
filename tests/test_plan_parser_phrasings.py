"""Leads and deadlines in the phrasings of department and Party plans, collective audiences, and bad input
(a plan with no header, a table of merged cells only)."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.plan_parser import parse_plan
from knowledge.units import collective_kind
from tests.own_plans import damage

HEAD = "ĐẢNG ỦY XÃ AN PHÚ\nSố 15-KH/ĐU\nAn Phú, ngày 20 tháng 3 năm 2026\nKẾ HOẠCH\nThực hiện Nghị quyết\n"
HEAD += "II. NHIỆM VỤ, GIẢI PHÁP\n"


def one_task(item: str):
    plan = parse_plan(HEAD + "1. " + item + "\n")
    assert len(plan.tasks) == 1, plan.tasks
    return plan.tasks[0]


@pytest.mark.parametrize(
    ("item", "lead"),
    [
        (
            "Giao Văn phòng Đảng ủy chủ trì, phối hợp với Ban Xây dựng Đảng tham mưu quy chế.",
            "Văn phòng Đảng ủy",
        ),
        ("Đảng ủy giao Ban Xây dựng Đảng hướng dẫn các chi bộ ứng dụng sổ tay.", "Ban Xây dựng Đảng"),
        ("Ủy ban nhân dân xã chỉ đạo các thôn, tổ dân phố tuyên truyền và tổ chức thực hiện.", "UBND xã"),
        ("Ủy ban nhân dân xã chỉ đạo các cơ quan, đơn vị liên quan rà soát, thực hiện.", "UBND xã"),
        ("Lắp đặt camera an ninh (Trách nhiệm: Công an xã; thời gian: quý III/2026).", "Công an xã"),
        ("Các chi bộ tổ chức quán triệt Nghị quyết đến toàn thể đảng viên.", "Các chi bộ"),
    ],
)
def test_lead_phrasings(item, lead):
    assert one_task(item).lead == lead
    assert one_task(damage(item, rate=0.6)).lead == lead  # and after OCR damage


def test_directing_one_unit_still_hands_it_the_lead():
    task = one_task("UBND xã chỉ đạo Công an xã rà soát camera an ninh trên địa bàn.")
    assert task.lead == "Công an xã"


@pytest.mark.parametrize(
    ("item", "kind", "due"),
    [
        ("Vận hành cổng dữ liệu; thời gian thực hiện: 2026-2027.", "month", date(2027, 12, 31)),
        ("Vận động Nhân dân tham gia phong trào giai đoạn 2026-2027.", "month", date(2027, 12, 31)),
        ("Văn phòng Đảng ủy sơ kết việc thực hiện, trước 15/12 hằng năm.", "recurring", None),
        ("Thanh tra kiểm tra an toàn thông tin tại các đơn vị, định kỳ 6 tháng.", "recurring", None),
        ("Đoàn Thanh niên xã hỗ trợ kỹ năng số cho Nhân dân; hằng năm.", "recurring", None),
        ("Lắp đặt camera (Trách nhiệm: Công an xã; thời gian: quý III/2026).", "month", date(2026, 9, 30)),
    ],
)
def test_deadline_phrasings(item, kind, due):
    deadline = one_task(item).deadline
    assert (deadline.kind, deadline.due) == (kind, due)


def test_a_period_in_a_title_is_no_deadline():
    task = one_task("Phòng Kinh tế triển khai kế hoạch giai đoạn 2026-2030 của tỉnh về hạ tầng số.")
    assert task.deadline.kind == "none"


TABLE = (
    "SỞ KHOA HỌC VÀ CÔNG NGHỆ\nSố: 58/KH-SKHCN\nBình An, ngày 05 tháng 3 năm 2026\nKẾ HOẠCH\nChuyển đổi số\n"
    "PHỤ LỤC\nDANH MỤC NHIỆM VỤ\n"
    "STT | Nội dung nhiệm vụ | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian hoàn thành\n"
    "I. Nhiệm vụ về thể chế | | | |\n"
    "1 | Số hóa hồ sơ lưu trữ | Văn phòng Sở; Phòng Kế hoạch – Tài chính | Thanh tra Sở; Trung tâm Chuyển đổi số"
    " | Hằng năm\n"
    "II. Nhiệm vụ về nhân lực | | | |\n"
    "2 | Bồi dưỡng kỹ năng số | Văn phòng Sở | Các phòng, đơn vị thuộc Sở | 2026-2027\n"
)


def test_table_with_group_rows_two_leads_and_coordinators_per_paragraph():
    plan = parse_plan(TABLE)
    assert [t.content for t in plan.tasks] == ["Số hóa hồ sơ lưu trữ", "Bồi dưỡng kỹ năng số"]
    first, second = plan.tasks
    assert first.lead == "Văn phòng Sở"
    assert first.support == ["Phòng Kế hoạch – Tài chính", "Thanh tra Sở", "Trung tâm Chuyển đổi số"]
    assert first.section == "I. Nhiệm vụ về thể chế"
    assert first.deadline.kind == "recurring"
    assert second.support == ["Các phòng, đơn vị thuộc Sở"]
    assert (second.deadline.kind, second.deadline.due) == ("month", date(2027, 12, 31))


def test_a_table_of_merged_cells_only_gives_no_task():
    text = TABLE.split("STT")[0] + (
        "STT | Nội dung nhiệm vụ | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian hoàn thành\n"
        "I. Nhiệm vụ về thể chế | | | |\nII. Nhiệm vụ về nhân lực | | | |\n"
    )
    plan = parse_plan(text)
    assert plan.tasks == []
    assert plan.number == "58/KH-SKHCN"


def test_a_plan_with_no_header_still_gives_its_tasks():
    plan = parse_plan(
        "1. Văn phòng Sở chủ trì xây dựng quy chế; hoàn thành trong tháng 4/2026.\n"
        "2. Thanh tra Sở kiểm tra an toàn thông tin, định kỳ 6 tháng.\n"
    )
    assert plan.number is None
    assert [(t.lead, t.deadline.kind) for t in plan.tasks] == [
        ("Văn phòng Sở", "month"),
        ("Thanh tra Sở", "recurring"),
    ]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Các phòng, ban, ngành", "units"),
        ("Các cơ quan, đơn vị liên quan", "units"),
        ("Các đơn vị liên quan", "units"),
        ("UBND các xã, phường, đặc khu", "communes"),
        ("Ủy ban nhân dân các xã, phường", "communes"),
        ("Các thôn, tổ dân phố", "villages"),
        ("Các chi bộ trực thuộc", "party_cells"),
        ("Cic phong, ban nganh", "units"),  # OCR'd
        ("Phòng Kinh tế", None),
        ("UBND xã", None),
        ("Công an xã", None),
        ("Tổ công nghệ số cộng đồng", None),
        ("Cục Thuế", None),
    ],
)
def test_collective_kind(name, kind):
    assert collective_kind(name) == kind


def test_damage_applies_the_english_model_confusions():
    assert damage("Đường ưu tiên ơn", rate=1.0) == "Dwong wu tien on"
    assert damage("Kế hoạch", rate=1.0) == "Ké hoach"
