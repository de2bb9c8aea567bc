"""Units: canonical names from clean, abbreviated and OCR-damaged mentions; the matcher's match and no-match."""

from __future__ import annotations

import pytest

from knowledge.fold import fold_words
from knowledge.unit_matcher import UnitMatcher
from knowledge.units import abbreviation, canonical_unit, find_units, match_unit_at_start


@pytest.mark.parametrize(
    ("mention", "canonical"),
    [
        ("Phòng Văn hóa – Xã hội chủ trì:", "Phòng Văn hóa – Xã hội"),
        ("Phong Vin hoa — Xa hgi chii tri:", "Phòng Văn hóa – Xã hội"),
        ("Phòng VH-XH", "Phòng Văn hóa – Xã hội"),
        ("Phong Kinh # chii tri:", "Phòng Kinh tế"),
        ("Phòng Kinh tế xã chủ trì", "Phòng Kinh tế"),
        ("Viin phong HPDND va UBND xi chii tri, phdi hop", "Văn phòng HĐND và UBND xã"),
        ("Vian phong HDND va UBND chu tri", "Văn phòng HĐND và UBND"),
        ("Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường", "Văn phòng HĐND và UBND phường"),
        ("Trung tam Phuc vu hanh chinh céng chii tri:", "Trung tâm Phục vụ hành chính công"),
        ("Công an xã chủ trì kiểm tra", "Công an xã"),
        ("Cac thdn, to dan phé", "Các thôn, tổ dân phố"),
        ("Cac thdn", "Các thôn"),
        ("Các phòng chuyên môn", "Các phòng chuyên môn"),
        ("các phòng, ban chuyên môn thuộc UBND xã", "Các phòng, ban chuyên môn"),
        ("Công an thành phố", "Công an thành phố"),
        ("Trạm Y tế xã chủ trì", "Trạm Y tế xã"),
        ("Sở Khoa học và Công nghệ", "Sở Khoa học và Công nghệ"),
        ("S¢ Tai chinh", "Sở Tài chính"),
        ("Sở Nội vụ", "Sở Nội vụ"),
        ("Vian phong Thanh ay", "Văn phòng Thành ủy"),
        ("Văn phòng UBND tỉnh", "Văn phòng UBND tỉnh"),
        ("Ủy ban nhân dân các xã, phường, đặc khu", "UBND các xã, phường, đặc khu"),
        ("UBND cac xa, phuong, dac khu", "UBND các xã, phường, đặc khu"),
        ("Cac co quan, don vi, dia phuong", "Các cơ quan, đơn vị, địa phương"),
        ("Cac phong, ban, nganh theo chirc ning", "Các phòng, ban, ngành"),
        ("Tổ công nghệ số cộng đồng các thôn", "Tổ công nghệ số cộng đồng"),
        ("Ban Chỉ đạo chuyển đổi số", "Ban Chỉ đạo chuyển đổi số"),
        ("Giao Phòng Kinh tế chủ trì", "Phòng Kinh tế"),
        # a head with a tail the registry does not know keeps the document's words
        ("Phòng Quản lý chất lượng chủ trì", "Phòng Quản lý chất lượng"),
    ],
)
def test_canonical_unit(mention, canonical):
    assert canonical_unit(mention) == canonical


@pytest.mark.parametrize(
    "text",
    [
        "Phong trào thi đua yêu nước",
        "Phối hợp với các sở, ngành",
        "Các phòng học thông minh",  # close in letters to "Các thôn", but a word opens with another consonant
        "Xây dựng kế hoạch chuyển đổi số",
        "hoàn thành nhiệm vụ",
        "và Văn phòng",
        "",
        "12345",
    ],
)
def test_canonical_unit_no_match(text):
    assert canonical_unit(text) is None


def test_canonical_names_fold_to_the_graders_forms():
    forms = {
        "Phòng Văn hóa – Xã hội": "phong van hoa xa hoi",
        "Văn phòng HĐND và UBND xã": "van phong hdnd va ubnd xa",
        "Các phòng, ban, ngành": "cac phong ban nganh",
        "UBND các xã, phường, đặc khu": "ubnd cac xa phuong dac khu",
        "Các cơ quan, đơn vị, địa phương": "cac co quan don vi dia phuong",
        "Trung tâm Phục vụ hành chính công": "trung tam phuc vu hanh chinh cong",
        "Văn phòng Thành ủy": "van phong thanh uy",
        "Sở Tài chính": "so tai chinh",
    }
    for name, folded in forms.items():
        assert fold_words(name) == folded
        assert canonical_unit(name) == name


def test_find_units_in_a_sentence():
    found = find_units(
        "Phối hợp với Sở Khoa học và Công nghệ, Công an thành phố và Văn phòng HĐND và UBND xã."
    )
    assert [name for name, _s, _e in found] == [
        "Sở Khoa học và Công nghệ",
        "Công an thành phố",
        "Văn phòng HĐND và UBND xã",
    ]


def test_match_at_start_gives_the_end_of_the_mention():
    text = "Phòng Kinh tế chủ trì, phối hợp với Công an xã"
    name, end = match_unit_at_start(text)
    assert name == "Phòng Kinh tế"
    assert text[end:].startswith(" chủ trì")


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("Phòng Văn hóa – Xã hội", "VH-XH"),
        ("Sở Khoa học và Công nghệ", "KH&CN"),
        ("Văn phòng HĐND và UBND xã", "VP HĐND-UBND"),
        ("Trung tâm Phục vụ hành chính công", "TTPVHCC"),
        ("Phòng Kinh tế", "KT"),
        ("Công an xã", None),
    ],
)
def test_abbreviation(name, short):
    assert abbreviation(name) == short


UNITS = [
    "Phòng Văn hóa – Xã hội",
    "Phòng Kinh tế",
    "Văn phòng HĐND và UBND xã",
    "Trung tâm Phục vụ hành chính công",
    "Công an xã",
    "Tổ công nghệ số cộng đồng",
]


@pytest.mark.parametrize(
    ("question", "unit"),
    [
        ("Phòng Kinh tế có nhiệm vụ gì?", "Phòng Kinh tế"),
        ("phong kinh te co viec gi", "Phòng Kinh tế"),
        ("phòng kinh tê co viec gi k", "Phòng Kinh tế"),
        ("nhiem vu cua phong van hoa xa hoi", "Phòng Văn hóa – Xã hội"),
        ("việc của VH-XH", "Phòng Văn hóa – Xã hội"),
        ("trung tam phuc vu hanh chinh cong lam gi", "Trung tâm Phục vụ hành chính công"),
        ("công an xã", "Công an xã"),
        ("to cong nghe so cong dong thang nay", "Tổ công nghệ số cộng đồng"),
    ],
)
def test_matcher_match(question, unit):
    found = UnitMatcher(UNITS).match(question)
    assert found is not None
    assert found[0] == unit
    assert 0 < found[1] <= 100


@pytest.mark.parametrize(
    "question",
    [
        "hôm nay trời đẹp",
        "việc nào quá hạn?",
        "hạn chót số hóa hộ tịch?",
        "nhiệm vụ của tôi tháng này",
        "asdf qwer",
    ],
)
def test_matcher_no_match(question):
    assert UnitMatcher(UNITS).match(question) is None


def test_a_name_with_va_matches_without_it():
    from knowledge.unit_matcher import UnitMatcher

    name, score = UnitMatcher(["Sở Khoa học và Công nghệ", "Sở Công Thương"]).match(
        "so khoa hoc cong nghe bao giang"
    )
    assert name == "Sở Khoa học và Công nghệ" and score >= 95


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("Agribank Chi nhánh Quỳnh Giao", "Agribank Chi nhánh Quỳnh Giao"),  # "Chi" is no place
        ("Vietcombank Chi nhánh An Khê", "Vietcombank Chi nhánh An Khê"),
        ("Agribank chi nhánh Tân An", "Agribank chi nhánh Tân An"),
        ("Viettel Quỳnh Giao", "Viettel Quỳnh Giao"),
    ],
)
def test_a_companys_branch_written_with_a_capital(written, canonical):
    assert canonical_unit(written) == canonical


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Ủy ban nhân dân xã", "ubnd xa"),
        ("Ủy ban Mặt trận Tổ quốc Việt Nam phường", "ubmttq phuong"),  # two passes: mttq, then ubmttq
        ("Ủy ban Mặt trận Tổ quốc", "ubmttq"),
        ("Hội đồng nhân dân và Hội Nông dân", "hdnd va hoi nong dan"),  # "hội" opens one long form only
        ("HĐND UBND xã", "hdnd va ubnd xa"),
        ("Phòng VH-XH", "phong van hoa xa hoi"),
        ("Ủy ban", "uy ban"),  # too short for any long form
        ("Mặt trận", "mat tran"),
    ],
)
def test_long_forms_are_abbreviated(text, words):
    from knowledge.units import norm_name

    assert norm_name(text) == words
