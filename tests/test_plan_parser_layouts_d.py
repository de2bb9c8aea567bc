"""Layouts the parser met in a third set of plans written by others: a department's header under its
province ("UBND TỈNH ..." / "SỞ Y TẾ"), a committee under a commune's Party committee, a title carried on in
lower case, units not in the registry named before "chủ trì" or listed as partners, scope words after a
unit in a table cell, "các thành viên" of a body. Every text here is written for these tests."""

from __future__ import annotations

import pytest

from knowledge.plan_parser import parse_plan
from knowledge.units import find_units

BODY = "II. NHIỆM VỤ\n1. Số hóa hồ sơ lưu trữ. Văn phòng chủ trì; hoàn thành trước 30/9/2026.\n"


@pytest.mark.parametrize(
    ("header", "issuer"),
    [
        # the lower line issues the plan; the line above places it ("tỉnh Bình Sơn")
        (
            "UBND TỈNH BÌNH SƠN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "SỞ Y TẾ                      Độc lập - Tự do - Hạnh phúc\n"
            "Số: 415/KH-SYT              Bình Sơn, ngày 02 tháng 3 năm 2026\n",
            "Sở Y tế tỉnh Bình Sơn",
        ),
        (
            "ỦY BAN NHÂN DÂN TỈNH LAM HÀ\nSỞ TƯ PHÁP\nSố: 88/KH-STP\nLam Hà, ngày 9 tháng 4 năm 2026\n",
            "Sở Tư pháp tỉnh Lam Hà",
        ),
        # a commune's steering committee under the commune's Party committee
        (
            "ĐẢNG BỘ HUYỆN MINH SƠN\nĐẢNG ỦY XÃ AN LẠC\nBAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ      An Lạc, ngày 3 tháng 2 năm 2026\n"
            "Số: 02-KH/BCĐ\n",
            "Ban Chỉ đạo chuyển đổi số xã An Lạc",
        ),
    ],
)
def test_the_issuer_is_the_lower_line_placed_by_the_line_above(header, issuer):
    plan = parse_plan(header + "\nKẾ HOẠCH\nChuyển đổi số năm 2026\n\n" + BODY)
    assert plan.issuer == issuer


@pytest.mark.parametrize(
    ("title_lines", "title"),
    [
        (
            "Chuyển đổi số ngành Giáo dục năm 2026,\nthực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị",
            "Chuyển đổi số ngành Giáo dục năm 2026, thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị",
        ),
        # a preamble in upper case still ends the title
        ("Chuyển đổi số ngành Giáo dục năm 2026\nThực hiện Nghị quyết số 57-NQ/TW, Sở ban hành", None),
    ],
)
def test_a_title_line_in_lower_case_carries_the_title_on(title_lines, title):
    plan = parse_plan("SỞ GIÁO DỤC\nSố: 5/KH-SGD\nKẾ HOẠCH\n" + title_lines + "\n\n" + BODY)
    assert plan.title == (title or title_lines.split("\n")[0])


def _task(item: str):
    plan = parse_plan(
        "UBND XÃ AN LẠC\nSố: 9/KH-UBND\nKẾ HOẠCH\nChuyển đổi số\n\nII. NHIỆM VỤ\n" + item + "\n"
    )
    assert len(plan.tasks) == 1, plan.tasks
    return plan.tasks[0]


@pytest.mark.parametrize(
    ("item", "lead", "support"),
    [
        # a field of units: the unit not in the registry ends before "chủ trì"
        (
            "1. Nhóm\na) Nhiệm vụ: Mở lớp dưỡng sinh trực tuyến; Đơn vị thực hiện: Câu lạc bộ Dưỡng sinh xã chủ"
            " trì, phối hợp Trạm Y tế xã; Thời gian: tháng 10/2026.",
            "Câu lạc bộ Dưỡng sinh xã",
            ["Trạm Y tế xã"],
        ),
        # a unit not in the registry opens the sentence that says "chủ trì"
        (
            "1. Triển khai sổ liên lạc điện tử tại trường. Trường Tiểu học Hòa Lạc chủ trì, phối hợp với Công an"
            " xã; hoàn thành trước 30/9/2026.",
            "Trường Tiểu học Hòa Lạc",
            ["Công an xã"],
        ),
        # partners not in the registry, listed with "và"
        (
            "1. Đưa sản phẩm rau an toàn lên sàn thương mại điện tử. Phòng Kinh tế chủ trì, phối hợp với Hợp tác"
            " xã rau An Lạc và Bưu điện xã; hoàn thành trước 30/6/2026.",
            "Phòng Kinh tế",
            ["Hợp tác xã rau An Lạc", "Bưu điện xã"],
        ),
        (
            "1. Nhóm\na) Nhiệm vụ: Thanh toán vé bằng mã QR; Đơn vị thực hiện: Phòng Kinh tế chủ trì, phối hợp"
            " Ban Quản lý bến xe An Lạc và các hợp tác xã vận tải; Thời gian: tháng 12/2026.",
            "Phòng Kinh tế",
            ["Ban Quản lý bến xe An Lạc", "các hợp tác xã vận tải"],
        ),
        # a group of partners in the plan's words
        (
            "1. Giám sát việc chuyển đổi số tại các thôn. Ủy ban MTTQ Việt Nam xã chủ trì, phối hợp với các"
            " đoàn thể xã; hoàn thành trước 15/12/2026.",
            "Ủy ban MTTQ Việt Nam xã",
            ["các đoàn thể xã"],
        ),
        # the members of a body, not the body (nor "Các thôn", whose letters are close)
        (
            "1. Sơ kết việc thực hiện Kế hoạch. Văn phòng HĐND và UBND xã chủ trì, phối hợp với các thành viên"
            " Ban Chỉ đạo; hoàn thành trước 20/12/2026.",
            "Văn phòng HĐND và UBND xã",
            ["các thành viên Ban Chỉ đạo"],
        ),
    ],
)
def test_units_named_in_words_lead_and_support(item, lead, support):
    task = _task(item)
    assert (task.lead, task.support) == (lead, support)


@pytest.mark.parametrize("text", ["các thành viên Ban Chỉ đạo", "phối hợp với các thanh niên tình nguyện"])
def test_a_short_collective_is_not_read_into_another_word(text):
    assert "Các thôn" not in [name for name, _s, _e in find_units(text)]


@pytest.mark.parametrize(
    ("cell", "support"),
    [
        ("Trạm y tế các xã, thị trấn; Công an huyện", ["Trạm Y tế các xã, thị trấn", "Công an huyện"]),
        ("Trung tâm Y tế khu vực; Viettel Lam Hà", ["Trung tâm Y tế khu vực", "Viettel Lam Hà"]),
    ],
)
def test_scope_words_after_a_unit_in_a_cell_stay_with_it(cell, support):
    table = (
        "| STT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |\n|---|---|---|---|---|\n"
        f"| 1 | Tiêm chủng điện tử | Sở Y tế | {cell} | 31/12/2026 |\n"
    )
    plan = parse_plan("SỞ Y TẾ\nSố: 7/KH-SYT\nKẾ HOẠCH\nTiêm chủng\n\nII. NHIỆM VỤ\n\n" + table)
    assert [t.support for t in plan.tasks] == [support]
