"""Layouts the parser first met in question set J, on texts written for these tests: numbered task headings
whose leads are given only in an appendix table ("| Nhiệm vụ 2 (…) | Chủ trì: X; Phối hợp: Y |"), a
dispatch letter ("công văn": "V/v …", "Kính gửi: - …", work given unit by unit, "Nơi nhận"), and a
decision's attached plan whose lead cells name posts ("Trưởng Công an xã") and whose notes name partners."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.fold import fold_aligned
from knowledge.plan_parser import _without_closing_words, parse_plan
from knowledge.plan_parser.header import _after_addressees
from knowledge.plan_parser.tables import _note_partners, _unit_or_words
from knowledge.plan_parser.targets import goals_inside
from knowledge.plan_parser.text import _Para
from knowledge.units import canonical_unit

HEAD = (
    "UBND TỈNH ĐÔNG SA\nSỞ Y TẾ\nSố: 318/KH-SYT\nĐông Sa, ngày 02 tháng 6 năm 2025\n"
    "KẾ HOẠCH\nỨng dụng công nghệ số trong ngành y tế năm 2025\n\n"
)

BODY = """II. NHIỆM VỤ CỤ THỂ

1. Kết nối hồ sơ sức khỏe điện tử
Liên thông dữ liệu khám bệnh của 40 trạm y tế với hồ sơ sức khỏe trên VNeID.

2. Thanh toán viện phí không dùng tiền mặt
Triển khai thanh toán bằng mã QR tại quầy thu ngân của các bệnh viện tuyến tỉnh.

3. Đào tạo kỹ năng số cho nhân viên y tế
Mở lớp tập huấn sử dụng bệnh án điện tử cho điều dưỡng các khoa lâm sàng.

4. Giám sát dịch bệnh trên bản đồ số
Cập nhật ca bệnh truyền nhiễm hằng ngày lên bản đồ số của Sở.

III. TỔ CHỨC THỰC HIỆN

Các phòng, đơn vị căn cứ Phụ lục triển khai thực hiện.

Nơi nhận:                                  GIÁM ĐỐC
- Như trên;
- Lưu: VT.                                  Lê Văn Tám

PHỤ LỤC
PHÂN CÔNG THỰC HIỆN

| Thời hạn | Nhiệm vụ | Đơn vị thực hiện |
|---|---|---|
| Quý III/2025 | Nhiệm vụ 1 (hồ sơ sức khỏe điện tử) | Chủ trì: Phòng Nghiệp vụ Y; Phối hợp: Công an tỉnh; Trung tâm Kiểm soát bệnh tật tỉnh |
| Trước 30/9/2025 | NV 2 (thanh toán viện phí) | Chủ trì: Phòng Kế hoạch - Tài chính; Phối hợp: Agribank Đông Sa |
| Tháng 11/2025 | Tập huấn bệnh án điện tử cho điều dưỡng | Chủ trì: Phòng Tổ chức cán bộ |
"""


def _by_code(text: str) -> dict[str | None, object]:
    return {t.code: t for t in parse_plan(text).tasks}


@pytest.mark.parametrize(
    ("code", "lead", "support", "due"),
    [
        ("1", "Phòng Nghiệp vụ Y", ["Công an tỉnh", "Trung tâm Kiểm soát bệnh tật tỉnh"], date(2025, 9, 30)),
        ("2", "Phòng Kế hoạch – Tài chính", ["Agribank Đông Sa"], date(2025, 9, 30)),
        # No number in the row: its words are the task's, and no other task's.
        ("3", "Phòng Tổ chức cán bộ", [], date(2025, 11, 30)),
        # No row restates it: it keeps no lead rather than borrowing one.
        ("4", None, [], None),
    ],
)
def test_an_appendix_row_gives_its_numbered_task_the_lead(code, lead, support, due):
    plan = parse_plan(HEAD + BODY)
    assert len(plan.tasks) == 4  # each piece of work once: the rows restating tasks are not tasks
    task = {t.code: t for t in plan.tasks}[code]
    assert task.lead == lead
    assert task.support == support
    assert task.deadline.due == due


@pytest.mark.parametrize(
    "row",
    [
        "| Quý IV/2025 | Nhiệm vụ 7 (hồ sơ sức khỏe điện tử) | Chủ trì: Phòng Nghiệp vụ Dược |",  # no task 7
        "| Quý IV/2025 | Nhiệm vụ 1 (kiểm tra an toàn thực phẩm) | Chủ trì: Phòng Nghiệp vụ Dược |",  # not task 1
        "| Quý IV/2025 | Kiểm tra an toàn thực phẩm tại bếp ăn tập thể | Chủ trì: Phòng Nghiệp vụ Dược |",
    ],
)
def test_a_row_that_restates_no_task_stays_a_task(row):
    tasks = parse_plan(HEAD + BODY + row + "\n").tasks
    assert len(tasks) == 5
    assert tasks[-1].lead == "Phòng Nghiệp vụ Dược" and tasks[-1].source == "table"
    assert {t.code: t for t in tasks}["1"].lead == "Phòng Nghiệp vụ Y"


def test_a_task_with_its_own_lead_is_not_restated():
    body = BODY.replace(
        "Cập nhật ca bệnh truyền nhiễm hằng ngày",
        "Trung tâm Kiểm soát bệnh tật tỉnh chủ trì cập nhật ca bệnh",
    )
    row = "| Năm 2026 | Nhiệm vụ 4 (bản đồ số dịch bệnh) | Chủ trì: Phòng Nghiệp vụ Dược |\n"
    tasks = _by_code(HEAD + body + row)
    assert tasks["4"].lead == "Trung tâm Kiểm soát bệnh tật tỉnh"


@pytest.mark.parametrize(
    ("cell", "lead"),
    [
        ("Chủ trì: Văn phòng Sở", "Văn phòng Sở"),
        ("Đơn vị chủ trì: Phòng Tư pháp", "Phòng Tư pháp"),
        ("Trưởng Công an xã", "Công an xã"),
        ("Chánh Văn phòng HĐND và UBND xã", "Văn phòng HĐND và UBND xã"),
        ("Phó Giám đốc Trung tâm Phục vụ hành chính công xã", "Trung tâm Phục vụ hành chính công xã"),
        # A post naming no unit, or a person, is kept as written.
        ("Đ/c Phó Chủ tịch UBND xã (phụ trách kinh tế)", "Đ/c Phó Chủ tịch UBND xã (phụ trách kinh tế)"),
        ("Đ/c Trần Văn Bình, PCT UBND xã", "Đ/c Trần Văn Bình, PCT UBND xã"),
        ("Trưởng thôn Đồng Sen", "Trưởng thôn Đồng Sen"),
        # "Trường" (a school) is no post: the school leads.
        ("Trường THCS Kim Đồng", "Trường THCS Kim Đồng"),
    ],
)
def test_a_lead_cell_names_the_unit_behind_its_label_or_post(cell, lead):
    assert _unit_or_words(cell) == lead


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("Trưởng Công an xã", "Công an xã"),
        ("Giao Trưởng Công an phường chủ trì", "Công an phường"),
        ("Phó Giám đốc Sở Y tế", "Sở Y tế"),
        ("Hiệu trưởng Trường Tiểu học Kim Đồng", "Trường Tiểu học Kim Đồng"),
        ("Trường Tiểu học Kim Đồng", "Trường Tiểu học Kim Đồng"),  # a school, not a head
        ("Trưởng thôn Đồng Sen", None),  # the head of no registered unit
        ("Trưởng các thôn", None),  # the heads of many: people, not one unit
        ("Đ/c Phó Chủ tịch UBND xã", None),
    ],
)
def test_a_head_s_post_names_the_unit_it_heads(text, unit):
    assert canonical_unit(text) == unit


@pytest.mark.parametrize(
    "item",
    [
        "1. Trưởng Công an xã chủ trì tuần tra các điểm camera; hoàn thành quý IV/2025.",
        "1. Tuần tra các điểm camera (Trưởng Công an xã; quý IV/2025).",
        "1. Giao Trưởng Công an xã chủ trì tuần tra các điểm camera.",
    ],
)
def test_a_head_s_post_in_a_task_gives_the_unit_as_lead(item):
    head = "UBND XÃ AN BÌNH\nSố: 5/KH-UBND\nAn Bình, ngày 1 tháng 3 năm 2025\nKẾ HOẠCH\nChuyển đổi số\n\nII. NHIỆM VỤ\n\n"
    assert parse_plan(head + item).tasks[0].lead == "Công an xã"


@pytest.mark.parametrize(
    ("note", "partners"),
    [
        ("Phối hợp: Hội Nông dân xã; Đoàn Thanh niên xã", ["Hội Nông dân xã", "Đoàn Thanh niên xã"]),
        ("Vận động xã hội hóa; VNPT Đông Sa hỗ trợ kỹ thuật", ["VNPT Đông Sa"]),
        ("Văn phòng HĐND và UBND xã chuẩn bị tài liệu", ["Văn phòng HĐND và UBND xã"]),
        ("Làm lưu động tại các thôn vào Chủ nhật", []),
        ("Phòng Kinh tế theo dõi", []),  # watching over is no part in the work
        ("", []),
    ],
)
def test_a_notes_cell_names_the_partners_that_help(note, partners):
    assert _note_partners(note) == partners


DECISION = """ỦY BAN NHÂN DÂN
XÃ HÒA PHONG
Số: 77/QĐ-UBND                              Hòa Phong, ngày 10 tháng 3 năm 2025

QUYẾT ĐỊNH
Ban hành Kế hoạch phát triển du lịch cộng đồng
trên địa bàn xã Hòa Phong năm 2025

CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ HÒA PHONG

Căn cứ Luật Tổ chức chính quyền địa phương;

QUYẾT ĐỊNH:

Điều 1. Ban hành kèm theo Quyết định này Kế hoạch phát triển du lịch cộng đồng.

KẾ HOẠCH

| Nội dung công việc | Thời gian | Người/đơn vị phụ trách | Ghi chú |
|---|---|---|---|
| Kiểm tra an ninh các điểm homestay ven sông | Quý II/2025 | Trưởng Công an xã | Phối hợp: Trưởng các thôn |
| Lắp biển chỉ dẫn song ngữ tại bến thuyền | Tháng 6/2025 | Công chức Văn hóa - Xã hội | Viettel Đông Sa hỗ trợ kỹ thuật |
"""


def test_a_decision_names_its_title_and_its_plan_reads_posts_and_notes():
    plan = parse_plan(DECISION)
    assert plan.title == "Ban hành Kế hoạch phát triển du lịch cộng đồng trên địa bàn xã Hòa Phong năm 2025"
    guard, signs = plan.tasks
    assert (guard.lead, guard.support) == ("Công an xã", ["Trưởng các thôn"])  # people: kept as written
    assert signs.support == ["Viettel Đông Sa"]


DISPATCH = """ỦY BAN NHÂN DÂN                           CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
PHƯỜNG BẾN GỖ                                    Độc lập - Tự do - Hạnh phúc

Số: 640/UBND-VP                                  Bến Gỗ, ngày 03 tháng 11 năm 2025
V/v tăng cường thanh toán điện tử
trên địa bàn phường

          Kính gửi:
          - Các phòng chuyên môn thuộc UBND phường;
          - Công an phường;
          - Ngân hàng Agribank chi nhánh
            Bến Gỗ.

Thực hiện chỉ đạo của UBND tỉnh, Chủ tịch UBND phường yêu cầu các đơn vị triển khai các nội dung sau:

1. Giao Phòng Kinh tế, Hạ tầng và Đô thị:
- Hướng dẫn tiểu thương chợ Bến Gỗ mở tài khoản thanh toán; hoàn thành trước ngày 15/12/2025.
- Khảo sát nhu cầu lắp ki-ốt thanh toán tự động; thực hiện trong quý I/2026.

2. Giao Công an phường:
- Cảnh báo thủ đoạn lừa đảo chuyển khoản trên loa phát thanh khu phố; thực hiện thường xuyên.

3. Đề nghị Đoàn Thanh niên phường:
- Lập 5 đội hình hỗ trợ người cao tuổi cài đặt ứng dụng ngân hàng; hoàn thành trong tháng 12/2025.

Các đơn vị báo cáo kết quả về UBND phường trước ngày 20 hằng tháng.

Đề nghị các đơn vị nghiêm túc thực hiện./.

Công văn này thay thế Công văn số 512/UBND-VP ngày 01/9/2025 của UBND phường.

Nơi nhận:                                        KT. CHỦ TỊCH
- Như trên;                                      PHÓ CHỦ TỊCH
- UBND tỉnh (để báo cáo);
- Lưu: VT, VP.                                   Phạm Thu Hà
"""


def test_a_dispatch_has_its_subject_for_title_and_replaces_the_dispatch_it_names():
    plan = parse_plan(DISPATCH)
    assert plan.number == "640/UBND-VP"
    assert plan.title == "tăng cường thanh toán điện tử trên địa bàn phường"
    assert plan.replaces == ["512/UBND-VP"]


@pytest.mark.parametrize(
    ("opens", "lead", "due"),
    [
        ("Hướng dẫn tiểu thương", "Phòng Kinh tế, Hạ tầng và Đô thị", date(2025, 12, 15)),
        ("Khảo sát nhu cầu", "Phòng Kinh tế, Hạ tầng và Đô thị", date(2026, 3, 31)),
        ("Cảnh báo thủ đoạn", "Công an phường", None),
        ("Lập 5 đội hình", "Đoàn Thanh niên phường", date(2025, 12, 31)),
    ],
)
def test_a_dispatch_gives_its_work_unit_by_unit(opens, lead, due):
    tasks = parse_plan(DISPATCH).tasks
    # The addressees, the closing words and "Nơi nhận" are not work.
    assert len(tasks) == 4
    task = next(t for t in tasks if t.content.startswith(opens))
    assert task.lead == lead
    assert task.deadline.due == due


@pytest.mark.parametrize(
    "addressees",
    [
        "Kính gửi: Các phòng chuyên môn thuộc UBND phường.\n",  # on the line of the label
        "Kính gửi:\n- Công an phường;\n- Trạm Y tế phường.\n",
    ],
)
def test_addressees_are_no_tasks(addressees):
    head, _sep, body = DISPATCH.partition("          Kính gửi:")
    body = body.split("\n\n", 1)[1]
    tasks = parse_plan(head + addressees + "\n" + body).tasks
    assert [t.lead for t in tasks].count("Công an phường") == 1
    assert not any("Trạm Y tế" in t.content or "chuyên môn" in t.content for t in tasks)


@pytest.mark.parametrize(
    ("block", "body_at"),
    [
        (
            [
                "Kính gửi:",
                "- Công an phường;",
                "- Ngân hàng Agribank chi nhánh",
                "  Bến Gỗ.",
                "",
                "Thực hiện",
            ],
            4,
        ),
        (["Kính gửi: Các phòng chuyên môn thuộc UBND xã.", "Thực hiện chỉ đạo"], 1),
        (["Kính gửi: UBND các xã", "trong huyện.", "", "Thực hiện"], 2),  # the name wrapped in lower case
        (["", "Kính gửi:", "- Trạm Y tế xã;", "Thực hiện chỉ đạo của tỉnh:"], 3),
        (["Thực hiện chỉ đạo của UBND tỉnh:", "Kính gửi: ..."], 0),  # the body came first: no block
    ],
)
def test_the_addressee_block_ends_where_the_letter_begins(block, body_at):
    assert _after_addressees(block, [fold_aligned(line) for line in block], 0) == body_at


@pytest.mark.parametrize(
    ("kinds", "kept"),
    [
        (["item", "bullet", "bullet", "plain", "plain"], 3),  # the words after the last list
        (["item", "plain"], 2),  # a paragraph right under an item is its work
        (["item", "bullet", "item", "plain"], 4),  # the last item has no list: its paragraph is its work
        (["plain", "bullet", "plain"], 3),  # no numbered items: no letter's list to close
    ],
)
def test_the_closing_words_after_a_letter_s_last_list(kinds, kept):
    paras = [
        _Para(kind, f"Đoạn {k}.", k, code="1" if kind == "item" else None) for k, kind in enumerate(kinds)
    ]
    assert len(_without_closing_words(paras)) == kept


@pytest.mark.parametrize(
    ("sentence", "targets"),
    [
        (
            "Nhằm phấn đấu đến 31/12/2025 đạt 70% hồ sơ nộp qua cổng dịch vụ công và 100% chợ có điểm thanh "
            "toán bằng mã QR, Chủ tịch UBND xã yêu cầu:",
            [
                ("Hồ sơ nộp qua cổng dịch vụ công", "2025", "70%"),
                ("Chợ có điểm thanh toán bằng mã QR", "2025", "100%"),
            ],
        ),
        (
            "Để phấn đấu trong năm 2026, 60% hộ gia đình có thiết bị thông minh, 45% doanh nghiệp dùng hóa đơn "
            "điện tử; các đơn vị thực hiện như sau:",
            [
                ("Hộ gia đình có thiết bị thông minh", "2026", "60%"),
                ("Doanh nghiệp dùng hóa đơn điện tử", "2026", "45%"),
            ],
        ),
        ("Các đơn vị phấn đấu hoàn thành sớm các nhiệm vụ được giao.", []),  # no time, no value
        ("Đến 31/12/2025 đạt 70% hồ sơ nộp trực tuyến.", []),  # no "phấn đấu": a time, not a goal set
    ],
)
def test_goals_set_inside_a_letter_s_opening_sentence(sentence, targets):
    found = [(t.indicator, *next(iter(t.values.items()))) for t in goals_inside(sentence)]
    assert found == targets


def test_a_dispatch_reads_the_goals_of_its_opening_sentence():
    text = DISPATCH.replace(
        "Thực hiện chỉ đạo của UBND tỉnh, Chủ tịch",
        "Thực hiện chỉ đạo của UBND tỉnh, để phấn đấu đến hết năm 2025 đạt 90% tiểu thương có tài khoản thanh "
        "toán, Chủ tịch",
    )
    assert [(t.indicator, t.values) for t in parse_plan(text).targets] == [
        ("Tiểu thương có tài khoản thanh toán", {"2025": "90%"})
    ]
