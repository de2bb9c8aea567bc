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
