"""Unit names kept whole as written, and who leads and coordinates, in the shapes officials write them: a
body word that differs names another body ("Ban Thường vụ Đoàn" is not "Ban Thường vụ Đảng ủy"), places,
branches and areas after a name, qualifiers after a registered name in a cell, "Phối hợp:" labels listing
partners past ";", partners in prose named in the document's words, "Thực hiện:" labels, and "X giao Y chủ
trì" inside a task. Every text here is written for these tests."""

from __future__ import annotations

import pytest

from knowledge.plan_parser import parse_plan
from knowledge.unit_matcher import UnitMatcher
from knowledge.units import find_units, match_unit_at_start

HEAD = "UBND XÃ HÒA VANG\nSố: 52/KH-UBND\nHòa Vang, ngày 10 tháng 3 năm 2026\nKẾ HOẠCH\nChuyển đổi số\n"
TASKS = "II. NHIỆM VỤ, GIẢI PHÁP\n"


def tasks_of(body: str):
    return parse_plan(HEAD + TASKS + body).tasks


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a body word written differently names another body, however close the letters
        ("Ban Thường vụ Đoàn phường chủ trì", "Ban Thường vụ Đoàn phường"),
        ("Các chi đoàn trực thuộc phối hợp", "Các chi đoàn trực thuộc"),
        # ... and the registered body is still found when it is the one written
        ("Ban Thường vụ Đảng ủy chủ trì", "Ban Thường vụ Đảng ủy"),
        ("Các chi bộ trực thuộc phối hợp", "Các chi bộ trực thuộc"),
        # a name in the document's words is not a registered one a word shorter
        ("Phòng Quản lý nghệ thuật biểu diễn chủ trì", "Phòng Quản lý nghệ thuật biểu diễn"),
        ("Phòng Quản lý thể thao quần chúng", "Phòng Quản lý thể thao quần chúng"),
        # a company's place may open with its level word; "Nam …" is a place, "Năm 2026" a deadline
        ("Bưu điện huyện Mỹ Sơn; Hội Nông dân", "Bưu điện huyện Mỹ Sơn"),
        ("VNPT Nam Trà | Quý II/2026", "VNPT Nam Trà"),
        ("Viettel Năm 2026", "Viettel"),
        # the branch or area a body serves is part of its name
        (
            "Ngân hàng Chính sách xã hội chi nhánh Hòa Vang chủ trì",
            "Ngân hàng Chính sách xã hội chi nhánh Hòa Vang",
        ),
        ("Ngân hàng Nhà nước chi nhánh Khu vực 12", "Ngân hàng Nhà nước chi nhánh Khu vực 12"),
        (
            "Chi nhánh Văn phòng Đăng ký đất đai khu vực Bắc Sơn phối hợp",
            "Chi nhánh Văn phòng Đăng ký đất đai khu vực Bắc Sơn",
        ),
        # the Party committee of a body is a body of its own, as written
        ("Đảng ủy Công an xã chủ trì", "Đảng ủy Công an xã"),
        ("Đảng ủy Ủy ban nhân dân xã chủ trì", "Đảng ủy Ủy ban nhân dân xã"),
        ("Đảng ủy xã chủ trì", "Đảng ủy xã"),
        # provincial broadcasters, before and after the merger with the newspaper
        ("Đài Phát thanh và Truyền hình tỉnh; Sở Y tế", "Đài Phát thanh và Truyền hình tỉnh"),
        ("Báo và Phát thanh, Truyền hình Hà Tây; Sở Y tế", "Báo và Phát thanh, Truyền hình Hà Tây"),
    ],
)
def test_names_are_kept_whole(text, name):
    found = match_unit_at_start(text)
    assert found is not None and found[0] == name


def test_a_shortened_mention_still_finds_its_body():
    # OCR and hurried writing drop a word: "các ban ngành" is still the departments and agencies
    found = match_unit_at_start("Các ban, ngành để phát triển khoa học")
    assert found is not None and found[0] == "Các sở, ban, ngành"


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        ("Các đơn vị thuộc UBND phường", "Các phòng, đơn vị thuộc Sở"),
        ("Các phòng, đơn vị thuộc UBND xã", "Các phòng, đơn vị thuộc Sở"),
    ],
)
def test_another_body_is_not_a_registered_one(text, wrong):
    found = match_unit_at_start(text)
    assert found is None or found[0] != wrong


def test_a_body_of_the_party_committee_is_one_partner():
    names = [n for n, _s, _e in find_units("phối hợp với Đảng ủy Công an xã xây dựng lực lượng")]
    assert names == ["Đảng ủy Công an xã"]


def test_ban_thuong_vu_abbreviated():
    matcher = UnitMatcher(["Ban Thường vụ Đoàn xã", "Ban Thường vụ Đảng ủy", "Hội đồng Đội xã"])
    found = matcher.match("btv doan xa hoa vang lam nhung viec gi")
    assert found is not None and found[0] == "Ban Thường vụ Đoàn xã"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("thanh doan co viec gi", "Thành Đoàn"),
        ("tinh doan co viec gi", None),  # the province's Youth Union, not the city's: another level
        ("huyen uy lam gi", None),
        ("tinh uy co viec gi", "Văn phòng Tỉnh ủy"),
    ],
)
def test_a_name_opening_with_another_level_is_another_body(text, name):
    found = UnitMatcher(["Thành Đoàn", "Văn phòng Tỉnh ủy"]).match(text)
    assert (found[0] if found else None) == name


TABLE = (
    "| TT | Nhiệm vụ | Chủ trì | Phối hợp | Thời hạn |\n"
    "|---|---|---|---|---|\n"
    "| 1 | Lắp đặt điểm phát wifi công cộng | Phòng Kinh tế | {support} | Quý II/2026 |\n"
)


@pytest.mark.parametrize(
    ("cell", "support"),
    [
        # qualifiers after a registered name belong to it, commas and all
        ("UBND các xã có chợ, khu du lịch cộng đồng", ["UBND các xã có chợ, khu du lịch cộng đồng"]),
        ("Sở Y tế; UBND các xã, phường có bến cá", ["Sở Y tế", "UBND các xã, phường có bến cá"]),
        ("Tổ công nghệ số cộng đồng các tổ dân phố", ["Tổ công nghệ số cộng đồng các tổ dân phố"]),
        ("Các phòng, đơn vị thuộc UBND xã", ["Các phòng, đơn vị thuộc UBND xã"]),
        # "và" inside one name, "và" between two
        (
            "Đài Phát thanh và Truyền hình tỉnh; Công an xã",
            ["Đài Phát thanh và Truyền hình tỉnh", "Công an xã"],
        ),
        ("Nhà văn hóa Hòa Phú và Truyền thanh xã", ["Nhà văn hóa Hòa Phú và Truyền thanh xã"]),
        ("Hợp tác xã Rau sạch Hòa Phú và Bưu điện xã", ["Hợp tác xã Rau sạch Hòa Phú", "Bưu điện xã"]),
        # places and branches stay with their body
        ("Bưu điện xã Hòa Phú; VNPT Nam Trà", ["Bưu điện xã Hòa Phú", "VNPT Nam Trà"]),
        (
            "Agribank chi nhánh Hòa Vang; UBND phường Hòa Khánh",
            ["Agribank chi nhánh Hòa Vang", "UBND phường Hòa Khánh"],
        ),
        (
            "Chi nhánh Văn phòng Đăng ký đất đai khu vực Hòa Vang",
            ["Chi nhánh Văn phòng Đăng ký đất đai khu vực Hòa Vang"],
        ),
        (
            "Trung tâm Huấn luyện và Thi đấu thể thao; Tỉnh đoàn",
            ["Trung tâm Huấn luyện và Thi đấu thể thao", "Tỉnh đoàn"],
        ),
    ],
)
def test_partners_in_a_cell(cell, support):
    [task] = tasks_of(TABLE.format(support=cell))
    assert task.support == support


@pytest.mark.parametrize(
    ("item", "lead", "support"),
    [
        # a "Phối hợp:" label lists partners past ";" up to the end of its line
        (
            "1. Mở lớp kỹ năng số cho đoàn viên.\nChịu trách nhiệm: Ban Thường vụ Đoàn xã.\n"
            "Phối hợp: Chi đoàn các thôn; Hội Cựu chiến binh xã; HTX Nấm Hòa Phú.",
            "Ban Thường vụ Đoàn xã",
            ["Chi đoàn các thôn", "Hội Cựu chiến binh xã", "HTX Nấm Hòa Phú"],
        ),
        (
            "1. Số hóa hồ sơ di tích. Đơn vị thực hiện: Phòng Quản lý di sản; phối hợp: Bảo tàng tỉnh, Viettel"
            " Hà Tây; Hội Văn học Nghệ thuật tỉnh. Tiến độ: quý IV/2026.",
            "Phòng Quản lý di sản",
            ["Bảo tàng tỉnh", "Viettel Hà Tây", "Hội Văn học Nghệ thuật tỉnh"],
        ),
        # "Thực hiện:" opening a sentence labels the lead
        (
            "- Cập nhật dữ liệu hộ tịch điện tử. Thực hiện: Phòng Văn hóa - Xã hội; thời gian: quý III/2026.",
            "Phòng Văn hóa – Xã hội",
            [],
        ),
        # partners in prose, named in the document's words, up to what the task does
        (
            "- Giao Phòng Văn hóa - Xã hội chủ trì, phối hợp với Trường Mầm non Hoa Sen, Trường Tiểu học Hòa"
            " Phú xây dựng tủ sách điện tử, hoàn thành trong quý IV/2026.",
            "Phòng Văn hóa – Xã hội",
            ["Trường Mầm non Hoa Sen", "Trường Tiểu học Hòa Phú"],
        ),
        (
            "- Giao Hội Nông dân xã chủ trì, phối hợp với Ngân hàng TMCP Ngoại thương chi nhánh Hòa Vang hướng"
            " dẫn nông dân mở tài khoản, hoàn thành trong tháng 9/2026.",
            "Hội Nông dân xã",
            ["Ngân hàng TMCP Ngoại thương chi nhánh Hòa Vang"],
        ),
        (
            "- Giao Công an xã chủ trì, phối hợp với Trạm Y tế xã và các thôn rà soát dữ liệu, hoàn thành"
            " trước 30/9/2026.",
            "Công an xã",
            ["Trạm Y tế xã", "Các thôn"],
        ),
        (
            "- Giao Ủy ban MTTQ Việt Nam xã chủ trì, phối hợp với các đoàn thể xã giám sát việc thực hiện,"
            " thực hiện hằng quý.",
            "Ủy ban MTTQ Việt Nam xã",
            ["các đoàn thể xã"],
        ),
        (
            "- Giao UBND xã chủ trì, phối hợp với Ban quản lý chợ Hòa Phú và các ngân hàng thương mại triển"
            " khai thanh toán bằng mã QR, hoàn thành trong quý II/2026.",
            "UBND xã",
            ["Ban quản lý chợ Hòa Phú", "các ngân hàng thương mại"],
        ),
        (
            "- Giao Đoàn Thanh niên xã chủ trì, phối hợp với Hội Doanh nhân trẻ huyện tổ chức diễn đàn khởi"
            " nghiệp, hoàn thành trong quý III/2026.",
            "Đoàn Thanh niên xã",
            ["Hội Doanh nhân trẻ huyện"],
        ),
        # a list of registered names is not one name in words; a group ends before what the task does
        (
            "- Giao Ủy ban MTTQ Việt Nam xã chủ trì, phối hợp Hội Cựu chiến binh, Hội Liên hiệp Phụ nữ xã vận"
            " động nhân dân cài đặt ứng dụng, thực hiện thường xuyên.",
            "Ủy ban MTTQ Việt Nam xã",
            ["Hội Cựu chiến binh", "Hội Liên hiệp Phụ nữ xã"],
        ),
        (
            "- Giao Công an xã chủ trì, phối hợp với Trạm Y tế xã và các tổ dân phố rà soát, làm sạch dữ liệu,"
            " hoàn thành trước 30/9/2026.",
            "Công an xã",
            ["Trạm Y tế xã", "Các tổ dân phố"],
        ),
        # "X giao Y chủ trì" after the task's title: Y leads; a body's Party committee as written
        (
            "1.1. Tổ chức hội nghị chuyên đề. Đảng ủy giao Ban Tuyên giáo và Dân vận Đảng ủy chủ trì, phối hợp"
            " với Văn phòng Đảng ủy tổ chức hội nghị. Thời gian hoàn thành: tháng 6/2026.",
            "Ban Tuyên giáo và Dân vận Đảng ủy",
            ["Văn phòng Đảng ủy"],
        ),
        (
            "1.1. Bảo đảm an toàn thông tin. Đảng ủy giao Đảng ủy Công an xã chủ trì, phối hợp với Ban Xây"
            " dựng Đảng Đảng ủy rà soát máy tính. Thời gian hoàn thành: năm 2026.",
            "Đảng ủy Công an xã",
            ["Ban Xây dựng Đảng"],
        ),
        (
            "1.1. Gắn mã địa chỉ số. Đảng ủy giao Ủy ban nhân dân xã chủ trì, phối hợp với Công an xã và Ban"
            " điều hành các thôn thực hiện. Thời gian hoàn thành: tháng 12/2026.",
            "UBND xã",
            ["Công an xã", "Ban điều hành các thôn"],
        ),
    ],
)
def test_lead_and_partners_as_written(item, lead, support):
    [task] = tasks_of(item + "\n")
    assert (task.lead, task.support) == (lead, support)
