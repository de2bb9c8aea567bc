"""parse_deadline: every phrase kind, clean and OCR-damaged, and impossible dates reported not guessed."""

from __future__ import annotations

import re
from datetime import date

import pytest

from knowledge.deadline import literal_first, parse_deadline, parse_deadline_cell, settled

ISSUED = date(2025, 7, 11)


@pytest.mark.parametrize(
    ("text", "kind", "due"),
    [
        # date
        ("trước 30/7/2025", "date", "2025-07-30"),
        ("31/10/2025", "date", "2025-10-31"),
        ("Hoàn thành trước ngày 15/12/2026.", "date", "2026-12-15"),
        ("chậm nhất ngày 30 tháng 9 năm 2025", "date", "2025-09-30"),
        ("Hoan thanh truee 30/7/2025.", "date", "2025-07-30"),
        ("Hoan thanh\ntrudc 02/8/2025.", "date", "2025-08-02"),
        ("hoàn thành trước 30/7", "date", "2025-07-30"),  # year from the plan's date
        ("hoàn thành trong tháng 9", "month", "2025-09-30"),
        ("trong quý IV", "month", "2025-12-31"),
        ("trong tháng 3", "month", "2026-03-31"),  # already past in the plan's year: the next one
        # month, quarter, year
        ("trong tháng 8/2025", "month", "2025-08-31"),
        ("hoan thanh trong thang\n12/2025.", "month", "2025-12-31"),
        ("Hoàn thành trong tháng 02/2028", "month", "2028-02-29"),
        ("trong tháng 8 năm 2025", "month", "2025-08-31"),
        ("Quý III/2026", "month", "2026-09-30"),
        ("hoàn thành trong Quý I/2027", "month", "2027-03-31"),
        ("quý 2/2026", "month", "2026-06-30"),
        ("năm 2026", "month", "2026-12-31"),
        ("hoàn thành trong năm 2027.", "month", "2027-12-31"),
        ("trong tháng 8/2025 và thực hiện thường xuyên", "month", "2025-08-31"),
        ("Thời gian hoàn thành: tháng 10/2026", "month", "2026-10-31"),
        ("thực hiện đến hết năm 2026", "month", "2026-12-31"),
        # spans and lists count by their end
        ("hoàn thành trong tháng 10-11/2026", "month", "2026-11-30"),
        ("thời gian: tháng 9/2026 - tháng 12/2026", "month", "2026-12-31"),
        ("hoàn thành trong Quý III, IV/2026", "month", "2026-12-31"),
        ("hoàn thành trong Quý II - III/2026", "month", "2026-09-30"),
        ("thực hiện trong năm 2026 - 2030", "month", "2030-12-31"),
        ("Hoàn thành trong năm 2026 và các năm tiếp theo", "month", "2026-12-31"),
        ("(chủ trì: Phòng Kinh tế; thời gian: Quý III/2026)", "month", "2026-09-30"),
        ("trong 6 tháng đầu năm 2026", "month", "2026-06-30"),
        # recurring
        ("thường xuyên", "recurring", None),
        ("Thuwe hién\nthuwong xuyén.", "recurring", None),
        ("hằng quý", "recurring", None),
        ("hằng tháng", "recurring", None),
        ("tháng 01 hằng năm", "recurring", None),
        ("định kỳ 6 tháng", "recurring", None),
        # conditional
        ("theo lộ trình của thành phố", "conditional", None),
        ("hoan thanh theo 19 trinh cia thanh phé.", "conditional", None),
        ("hodn thanh theo 19\ntrinh ciia thanh phé", "conditional", None),
        ("sau khi UBND thành phố ban hành kế hoạch", "conditional", None),
        ("theo thời gian trong Kế hoạch", "conditional", None),
        ("khi có hướng dẫn của cấp trên", "conditional", None),
        # none
        ("", "none", None),
        ("Phối hợp với Sở Khoa học và Công nghệ triển khai nền tảng số", "none", None),
    ],
)
def test_phrase_kinds(text, kind, due):
    d = parse_deadline(text, issued_on=ISSUED)
    assert d.kind == kind
    assert (d.due.isoformat() if d.due else None) == due
    assert d.problem is None


def test_month_that_also_recurs():
    d = parse_deadline("hoàn thành trong tháng 8/2025 và thực hiện thường xuyên")
    assert (d.kind, d.due, d.recurring) == ("month", date(2025, 8, 31), True)


def test_text_is_the_documents_own_phrase():
    d = parse_deadline("Tham mưu xây dựng kế hoạch. Hoan thanh truee 30/7/2025.")
    assert d.text == "Hoan thanh truee 30/7/2025"
    d = parse_deadline("Phối hợp triển khai, hoàn thành theo lộ trình của thành phố.")
    assert d.text == "theo lộ trình của thành phố"
    assert d.condition == d.text


@pytest.mark.parametrize(
    "text", ["hoàn thành trước 31/2/2026", "Hoàn thành trước ngày 30/02/2026", "32/1/2026"]
)
def test_impossible_date_is_reported_not_guessed(text):
    d = parse_deadline(text)
    assert d.kind == "date"
    assert d.due is None
    assert d.problem and "không hợp lệ" in d.problem


def test_explicit_date_beats_recurring_words_in_the_content():
    d = parse_deadline(
        "Xây dựng chương trình tuyên truyền thường xuyên, sâu rộng về nội dung Nghị quyết. Hoàn thành trước 02/8/2025."
    )
    assert (d.kind, d.due) == ("date", date(2025, 8, 2))


@pytest.mark.parametrize(
    "text",
    [
        "Triển khai Nghị quyết số 71/NQ-CP ngày 01/4/2025 của Chính phủ trên địa bàn xã",
        "Triển khai Quyết định số 123/QĐ-UBND ngày 5/3/2026 của UBND tỉnh trong toàn xã",
        "Thực hiện Công văn của UBND tỉnh ngày 5/3/2026",
    ],
)
def test_dates_of_cited_documents_are_not_deadlines(text):
    assert parse_deadline(text).kind == "none"


@pytest.mark.parametrize(
    "text", ["Hoàn thành ngày 30/7/2026", "Thời hạn: ngày 30/7/2026", "chậm nhất ngày 30/7/2026"]
)
def test_a_deadline_word_before_ngay_makes_it_a_deadline(text):
    assert parse_deadline(text).due == date(2026, 7, 30)


def test_a_yearly_plan_mentioned_in_content_is_not_recurring():
    d = parse_deadline(
        "Lồng ghép vào kế hoạch công tác hằng năm của cơ quan, hoàn thành trong tháng 10/2025."
    )
    assert (d.kind, d.due) == ("month", date(2025, 10, 31))
    assert (
        parse_deadline("Cụ thể hóa vào kế hoạch công tác hằng năm của cơ quan, đơn vị và địa phương").kind
        == "none"
    )


def test_goal_years_in_content_are_not_deadlines():
    d = parse_deadline("Triển khai Chiến lược dữ liệu đến năm 2030, hoàn thành theo lộ trình của thành phố.")
    assert d.kind == "conditional"


def test_table_cell_takes_a_bare_date_at_any_length():
    cell = "Trong năm 2025, chậm nhất 15/12/2025 (kèm báo cáo kết quả thực hiện)"
    assert parse_deadline_cell(cell).due == date(2025, 12, 15)


@pytest.mark.parametrize(("cell", "due"), [("2026", date(2026, 12, 31)), ("2026 - 2030", date(2030, 12, 31))])
def test_table_cell_with_only_years(cell, due):
    d = parse_deadline_cell(cell)
    assert (d.kind, d.due) == ("month", due)


@pytest.mark.parametrize(
    ("text", "recurring"),
    [
        ("Hoàn thành trong năm 2026 và các năm tiếp theo", True),
        ("trong tháng 8/2025 và thực hiện thường xuyên", True),
        ("thực hiện đến hết năm 2026", False),
    ],
)
def test_a_dated_task_that_also_repeats(text, recurring):
    assert parse_deadline(text, issued_on=ISSUED).recurring is recurring


def test_a_year_is_never_cut_into_a_date():
    # "10/2026 - 12/2026": "26 - 12/2026" is not a day-month-year
    d = parse_deadline("Thời gian thực hiện: tháng 10/2026 - 12/2026", issued_on=ISSUED)
    assert (d.kind, d.due) == ("month", date(2026, 12, 31))


@pytest.mark.parametrize("text", ["trước tháng 13/2026", "hoàn thành trong tháng 13/2026", "tháng 0/2026"])
def test_impossible_month_is_reported_not_moved_into_a_real_one(text):
    d = parse_deadline_cell(text)
    assert d.due is None
    assert d.problem and "không hợp lệ" in d.problem


def test_before_a_real_month_still_means_the_month_before():
    assert parse_deadline_cell("trước tháng 1/2027").due == date(2026, 12, 31)


@pytest.mark.parametrize("text", ["hoàn thành trước 31/2/2026", "trước tháng 13/2026"])
def test_impossible_date_is_settled_as_no_date_with_its_warning(text):
    d = settled(parse_deadline(text))
    assert (d.kind, d.due) == ("none", None)
    assert d.problem and d.text  # the warning and the document's words are kept


def test_a_real_deadline_is_settled_as_it_is():
    d = parse_deadline("hoàn thành trước 30/7/2025")
    assert settled(d) is d


@pytest.mark.parametrize(
    "pattern",
    [
        r"\bth[a-z0-9]{1,3}ng\b",
        r"(?:\btheo\s+l|\bsau\s+khi\b)",
        r"x\btu\b",
        r"\bho?a",
        r"\btr[uw]\w{1,2}[ce]\b",
    ],
)
def test_a_boundary_moved_after_its_letters_keeps_every_match(pattern):
    texts = [
        "thang 8",
        "xthang",
        "1thang",
        "_thang",
        "thang",
        "theo lo; sau khi",
        "xtheo l",
        "x tu",
        "xtu",
        "hoa ha hxa",
        "truoc trwoc atruoc",
        "đtheo l",
        "ếtheo l",
        "ho a",
    ]
    fast = re.compile(literal_first(pattern))
    for text in texts:
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in re.finditer(pattern, text)], text


def test_a_boundary_before_a_quantified_letter_is_left_alone():
    assert literal_first(r"\bho?a") == r"\bho?a"
    assert literal_first(r"\bth[a-z]") == r"th(?<!\wth)[a-z]"


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("Hướng dẫn các hộ kinh doanh lập gian hàng số, thực hiện năm 2026.", date(2026, 12, 31)),
        ("Rà soát hồ sơ đất đai, thực hiện tháng 12/2025.", date(2025, 12, 31)),
        ("Lắp camera tại các ngã ba; triển khai quý II/2026.", date(2026, 6, 30)),
        ("Cập nhật dữ liệu hộ nghèo (thực hiện 15/01/2026)", date(2026, 1, 15)),
    ],
)
def test_a_clause_of_doing_verb_and_time_gives_the_time(text, due):
    d = parse_deadline(text)
    assert d.due == due
    assert not d.text.startswith(("thực", "triển"))  # the time alone, as written


@pytest.mark.parametrize(
    "text",
    [
        "Tổ chức thực hiện Nghị quyết năm 2026 của Tỉnh ủy về chuyển đổi số",
        "Triển khai kế hoạch năm 2026 của tỉnh về kinh tế số",
    ],
)
def test_doing_verb_inside_the_task_is_no_time_clause(text):
    assert parse_deadline(text).kind == "none"
