"""parse_plan: the header (issuer, number, date, title, implemented and replaced documents) and section headings."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.plan_parser import parse_plan
from tests.plan_texts import LABELLED_PLAN, PARTY_PLAN


def test_party_plan_metadata():
    plan = parse_plan(PARTY_PLAN)
    assert plan.number == "03-KH/BCĐ"
    assert plan.issued_on == date(2026, 3, 2)
    assert plan.title == "Thực hiện chuyển đổi số năm 2026"


def test_title_case_roman_headings_delimit_sections():
    text = LABELLED_PLAN.replace("II. NHIỆM VỤ VÀ GIẢI PHÁP", "II. Nhiệm vụ và giải pháp") + (
        "III. Tổ chức thực hiện\n1. Các phòng, ban báo cáo kết quả về UBND xã trước ngày 20 hằng tháng.\n"
    )
    plan = parse_plan(text)
    assert len(plan.tasks) == 3
    assert [(d.frequency, d.day) for d in plan.duties] == [("monthly", 20)]


def test_header_without_so_and_title_on_the_same_line():
    plan = parse_plan(
        "UBND XÃ TÂN AN\n12/KH-UBND   Tân An, ngày 3 tháng 4 năm 2026\nKẾ HOẠCH Chuyển đổi số năm 2026\n\n"
        "I. NHIỆM VỤ\n1. Phòng Kinh tế chủ trì số hóa bản đồ, hoàn thành trước 30/6/2026.\n"
    )
    assert (plan.number, plan.issuer, plan.issued_on) == ("12/KH-UBND", "UBND xã Tân An", date(2026, 4, 3))
    assert plan.title == "Chuyển đổi số năm 2026"
    assert [(t.code, t.lead, t.deadline.due) for t in plan.tasks] == [
        ("1", "Phòng Kinh tế", date(2026, 6, 30))
    ]


@pytest.mark.parametrize(
    ("text", "title", "codes"),
    [
        # blank lines lost (OCR, copy-paste): the title stops at the first line that cannot carry it on
        (
            "Số: 7/KH-UBND\nKẾ HOẠCH\nRà soát đất đai năm 2026\nI. MỤC ĐÍCH\nBảo đảm dữ liệu.\n"
            "II. NHIỆM VỤ\n1. Phòng Kinh tế chủ trì rà soát hồ sơ đất đai, hoàn thành trước 30/11/2026.\n",
            "Rà soát đất đai năm 2026",
            ["1"],
        ),
        (
            "Số: 7/KH-UBND\nKẾ HOẠCH\nRà soát đất đai năm 2026\ntrên địa bàn xã\nCăn cứ Luật Đất đai năm 2024.\n"
            "1. Phòng Kinh tế chủ trì rà soát hồ sơ đất đai, hoàn thành trước 30/11/2026.\n",
            "Rà soát đất đai năm 2026 trên địa bàn xã",
            ["1"],
        ),
        (
            "Số: 7/KH-UBND\nKẾ HOẠCH\nII. NHIỆM VỤ\n"
            "1. Phòng Kinh tế chủ trì rà soát hồ sơ đất đai, hoàn thành trước 30/11/2026.\n",
            "",
            ["1"],
        ),
        (
            "Số: 7/KH-UBND\nKẾ HOẠCH\nRà soát đất đai\n-----\n"
            "1. Phòng Kinh tế chủ trì rà soát hồ sơ đất đai, hoàn thành trước 30/11/2026.\n"
            "2. Công an xã chủ trì làm sạch dữ liệu dân cư, hoàn thành trong tháng 12/2026.\n",
            "Rà soát đất đai",
            ["1", "2"],
        ),
        # with the blank line, a title of two lines is kept whole
        (
            "Số: 7/KH-UBND\nKẾ HOẠCH\nThực hiện chuyển đổi số\nnăm 2026\n\n"
            "1. Phòng Kinh tế chủ trì rà soát hồ sơ đất đai, hoàn thành trước 30/11/2026.\n",
            "Thực hiện chuyển đổi số năm 2026",
            ["1"],
        ),
    ],
)
def test_title_without_blank_lines_does_not_swallow_the_body(text, title, codes):
    plan = parse_plan(text)
    assert plan.title == title
    assert [t.code for t in plan.tasks] == codes


def test_a_replaced_plan_is_not_among_the_documents_implemented():
    plan = parse_plan(
        "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG\nSố: 1207/KH-SNNMT\n\nKẾ HOẠCH\nChuyển đổi số năm 2026\n\n"
        "Thực hiện Kế hoạch số 88/KH-UBND ngày 02/5/2026 của UBND tỉnh. Kế hoạch này thay thế "
        "Kế hoạch số 455/KH-SNNMT ngày 10/3/2025.\n\nII. NHIỆM VỤ\n"
        "1. Văn phòng Đăng ký đất đai chủ trì số hóa hồ sơ địa chính, hoàn thành trong năm 2027.\n"
    )
    assert plan.replaces == ["455/KH-SNNMT"]
    assert plan.implements == ["88/KH-UBND"]
    assert plan.tasks[0].lead == "Văn phòng Đăng ký đất đai"  # not "Văn phòng Đảng ủy"


def test_header_laid_out_as_a_two_column_table():
    # A .docx header is often a borderless table: issuer and number left, motto and date right.
    plan = parse_plan(
        "ỦY BAN NHÂN DÂN XÃ AN PHÚ | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc\n"
        "Số: 77/KH-UBND | An Phú, ngày 10 tháng 9 năm 2026\n\nKẾ HOẠCH\n\nChuyển đổi số năm 2026\n\n"
        "I. NHIỆM VỤ\n\n1. Phòng Kinh tế chủ trì rà soát hồ sơ đất đai, hoàn thành trước 30/11/2026.\n"
    )
    assert (plan.number, plan.issuer, plan.issued_on, plan.title) == (
        "77/KH-UBND",
        "UBND xã An Phú",
        date(2026, 9, 10),
        "Chuyển đổi số năm 2026",
    )


@pytest.mark.parametrize(
    ("sentence", "replaced"),
    [
        ("Công văn này thay thế Công văn số 517/UBND-VP ngày 02/6/2026 của UBND phường.", ["517/UBND-VP"]),
        ("Thông báo này thay thế Thông báo số 31-TB/ĐU ngày 04/5/2026.", ["31-TB/ĐU"]),
        ("Kế hoạch này thay thế Kế hoạch số 12/KH-UBND.", ["12/KH-UBND"]),
        # a replacement of something that is no document: nothing replaced
        ("Thay thế thiết bị mạng cũ tại bộ phận một cửa.", []),
    ],
)
def test_a_document_replaces_a_document_of_its_own_kind(sentence, replaced):
    plan = parse_plan(
        f"ỦY BAN NHÂN DÂN PHƯỜNG AN KHÊ\nSố: 640/UBND-VP\n\nV/v triển khai chuyển đổi số\n\n{sentence}\n\n"
        "1. Giao Công an phường chủ trì làm sạch dữ liệu dân cư, hoàn thành trước 30/11/2026.\n"
    )
    assert plan.replaces == replaced


@pytest.mark.parametrize(
    ("issuer_lines", "issuer"),
    [
        ("BCH ĐOÀN TNCS HỒ CHÍ MINH\nTỈNH HÀ AN", "BCH Đoàn TNCS Hồ Chí Minh tỉnh Hà An"),
        ("ỦY BAN NHÂN DÂN\nXÃ AN PHÚ", "UBND xã An Phú"),
    ],
)
def test_initials_in_a_header_in_capitals_stay_capitals(issuer_lines, issuer):
    plan = parse_plan(
        f"{issuer_lines}\nSố: 12-KH/TĐTN\n\nKẾ HOẠCH\n\nChuyển đổi số năm 2026\n\n"
        "I. NHIỆM VỤ\n\n1. Ban Phong trào chủ trì tập huấn kỹ năng số, hoàn thành trước 30/11/2026.\n"
    )
    assert plan.issuer == issuer
