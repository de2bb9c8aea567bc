"""parse_plan: reporting duties (who reports to whom, and when)."""

from __future__ import annotations

import pytest

from knowledge.plan_parser import parse_plan
from tests.plan_texts import PARTY_PLAN


def test_party_plan_duties():
    plan = parse_plan(PARTY_PLAN)
    assert [(d.frequency, d.day) for d in plan.duties] == [("monthly", 20), ("quarterly", None)]
    assert plan.duties[0].recipient == "Ban Chỉ đạo"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Công an xã gửi báo cáo về UBND xã trước ngày 20/6 và 20/12 hằng năm.",
            [("yearly", 20, 6), ("yearly", 20, 12)],
        ),
        (
            "Định kỳ hằng tháng (trước ngày 25), Tổ công nghệ số cộng đồng báo cáo kết quả về UBND xã.",
            [("monthly", 25, None)],
        ),
        (
            "Phòng Văn hóa - Xã hội báo cáo kết quả thực hiện 6 tháng (trước ngày 15/6) và năm (trước ngày 15/12).",
            [("yearly", 15, 6), ("yearly", 15, 12)],
        ),
        ("Các thôn báo cáo tiến độ hằng tuần về UBND xã.", [("weekly", None, None)]),
        ("Các thôn báo cáo tiến độ về UBND xã hằng tuần vào thứ Sáu.", [("weekly", 5, None)]),
        ("Tổ công nghệ số báo cáo hằng tuần (chiều thứ 2) về UBND xã.", [("weekly", 1, None)]),
        ("Các phòng báo cáo hằng quý về UBND xã trước ngày 15 của tháng cuối quý.", [("quarterly", 15, 3)]),
        ("Các phòng báo cáo hằng quý về UBND xã trước ngày 05 của tháng đầu quý sau.", [("quarterly", 5, 1)]),
        ("Các phòng báo cáo định kỳ hằng quý về UBND xã.", [("quarterly", None, None)]),
        ("Các phòng báo cáo kết quả về UBND xã vào ngày 18 hằng tháng.", [("monthly", 18, None)]),
        # a one-off report is not a duty that repeats
        ("Phòng Kinh tế báo cáo kết quả về UBND xã trước ngày 30/11/2026.", []),
    ],
)
def test_reporting_duty_schedules(sentence, expected):
    plan = parse_plan(
        "Số: 9/KH-UBND\n\nKẾ HOẠCH\nChuyển đổi số\n\nII. NHIỆM VỤ\n"
        "1. Phòng Kinh tế chủ trì rà soát hồ sơ, hoàn thành trước 30/11/2026.\n\n"
        f"III. TỔ CHỨC THỰC HIỆN\n{sentence}\n"
    )
    assert [(d.frequency, d.day, d.month) for d in plan.duties] == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Trường báo cáo kết quả học kỳ I trước ngày 12/01/2027, kết quả cả năm học trước ngày 28/5/2027.",
        "Các tổ báo cáo tổng kết năm 2026 gửi trước ngày 06/12/2026; báo cáo quý chậm nhất ngày 10/3/2027.",
        "Báo cáo (đợt 2) trước ngày 1/9/2026. Báo cáo sơ kết 6 tháng trước ngày 20/6/2026",
        "Các xã báo cáo tiến độ về huyện trước ngày 15/4/2026",  # one match, no punctuation before it
        "Báo cáo năm trước ngày 31/12, hằng tháng trước ngày 25",  # no full date: no match
        "trước ngày 5/5/2026 trước ngày 6/6/2026, trước ngày 7/7/2026",  # matches back to back
        "",
    ],
)
def test_dated_report_matches_are_the_patterns(sentence):
    """The clause-first search finds exactly what the pattern's own scan finds (spans and groups)."""
    from knowledge.fold import fold_aligned
    from knowledge.plan_parser.duties import _DATED_REPORT_RE, _dated_report_matches

    folded = fold_aligned(sentence)
    expected = [(m.span(), m.groupdict()) for m in _DATED_REPORT_RE.finditer(folded)]
    assert [(m.span(), m.groupdict()) for m in _dated_report_matches(folded)] == expected


@pytest.mark.parametrize(
    ("closing", "reporter"),
    [
        # the clause before, in the same paragraph, names who reports
        (
            "Phòng Kinh tế chủ động triển khai; báo cáo kết quả về UBND xã trước ngày 25 hằng tháng.",
            "Phòng Kinh tế",
        ),
        # a paragraph before it (with no report in it) names no one for this one
        ("Phòng Kinh tế chủ động triển khai.\n\nBáo cáo kết quả về UBND xã trước ngày 25 hằng tháng.", None),
        # a line run on is the same paragraph
        (
            "Phòng Kinh tế triển khai các nội dung.\nBáo cáo kết quả về UBND xã trước ngày 25 hằng tháng.",
            "Phòng Kinh tế",
        ),
    ],
)
def test_a_duty_takes_its_reporter_from_its_own_paragraph_only(closing, reporter):
    plan = parse_plan(
        "Số: 9/KH-UBND\n\nKẾ HOẠCH\nChuyển đổi số\n\nII. NHIỆM VỤ\n"
        "1. Phòng Kinh tế chủ trì rà soát hồ sơ, hoàn thành trước 30/11/2026.\n\n"
        f"III. TỔ CHỨC THỰC HIỆN\n{closing}\n"
    )
    assert [(d.frequency, d.day, d.reporter) for d in plan.duties] == [("monthly", 25, reporter)]
