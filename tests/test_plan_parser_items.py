"""parse_plan: numbered items and bullets, leads and deadlines handed down, leads and partners read from text."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.plan_parser import parse_plan
from tests.plan_texts import LABELLED_PLAN, PARTY_PLAN, tasks_of


def test_party_plan_tasks():
    plan = parse_plan(PARTY_PLAN)
    by_code = {}
    for t in plan.tasks:
        by_code.setdefault(t.code, []).append(t)
    assert set(by_code) == {"1.1", "1.2", "2.1", "2.2.a", "2.2.b"}
    assert by_code["1.1"][0].lead == "Văn phòng Đảng ủy"
    assert by_code["1.1"][0].support == ["Văn phòng HĐND và UBND xã"]
    assert by_code["1.1"][0].deadline.due == date(2026, 3, 31)
    assert by_code["1.2"][0].lead == "Đoàn Thanh niên xã"
    assert by_code["1.2"][0].deadline.kind == "recurring"
    assert by_code["2.1"][0].lead is None  # no unit named: still a task
    assert by_code["2.1"][0].deadline.due == date(2026, 6, 30)
    # 2.2 has lettered sub-items: they are the tasks (coded by the item and their letter), led by the
    # item's unit, and the item's impossible deadline is reported, not guessed
    lettered = by_code["2.2.a"] + by_code["2.2.b"]
    assert [t.lead for t in lettered] == ["Công an xã", "Công an xã"]
    assert all(t.deadline.due is None and t.deadline.problem for t in lettered)
    assert plan.problems
    # goals are not tasks
    assert not any("100% nhiệm vụ" in t.content for t in plan.tasks)


def test_labelled_leads_and_deadlines_inside_bullets():
    plan = parse_plan(LABELLED_PLAN)
    assert [(t.code, t.lead, t.deadline.due) for t in plan.tasks] == [
        ("1", "Phòng Kinh tế", date(2027, 6, 30)),
        ("1", "Trung tâm Phục vụ hành chính công", date(2027, 9, 30)),
        ("1", "Hợp tác xã Nông nghiệp Tân Lập", None),
    ]
    assert plan.tasks[0].support == ["Công an xã"]


def test_group_heading_hands_lead_and_deadline_to_its_items():
    text = (
        "KẾ HOẠCH\nThử nghiệm\n\nII. NHIỆM VỤ\n"
        "1. Phòng Văn hóa – Xã hội chủ trì (hoàn thành trong tháng 11/2026):\n"
        "1.1. Xây dựng chuyên trang chuyển đổi số của xã.\n"
        "1.2. Công an xã rà soát dữ liệu dân cư, hoàn thành trước 15/10/2026.\n"
        "2. Nâng cao năng lực số\n"
        "2.1. Tập huấn kỹ năng số cho người dân.\n"
    )
    plan = parse_plan(text)
    assert [(t.code, t.lead, t.deadline.due) for t in plan.tasks] == [
        ("1.1", "Phòng Văn hóa – Xã hội", date(2026, 11, 30)),
        ("1.2", "Công an xã", date(2026, 10, 15)),
        ("2.1", None, None),
    ]


@pytest.mark.parametrize("marker", ["1.1.", "1.1", "1.1-", "1.1:", "1.1.-"])
def test_item_code_terminators(marker):
    plan = parse_plan(
        f"KẾ HOẠCH\nThử\n\nII. NHIỆM VỤ\n{marker} Phòng Kinh tế chủ trì số hóa bản đồ địa chính.\n"
    )
    assert [(t.code, t.lead) for t in plan.tasks] == [("1.1", "Phòng Kinh tế")]


def test_slash_numbered_items():
    plan = parse_plan(
        "KẾ HOẠCH\nThử\n\nII. NHIỆM VỤ\n1/ Công an xã chủ trì rà soát dữ liệu dân cư.\n"
        "2/ Trạm Y tế xã triển khai sổ sức khỏe điện tử, hoàn thành trong tháng 10/2026.\n"
    )
    assert [(t.code, t.lead, t.deadline.due) for t in plan.tasks] == [
        ("1", "Công an xã", None),
        ("2", "Trạm Y tế xã", date(2026, 10, 31)),
    ]


WARD_PLAN = """ỦY BAN NHÂN DÂN                CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
PHƯỜNG TRUNG HÒA                   Độc lập - Tự do - Hạnh phúc
Số: 215/KH-UBND                 Trung Hòa, ngày 02 tháng 10 năm 2026

KẾ HOẠCH
Triển khai Đề án 06 và chuyển đổi số trên địa bàn phường
quý IV năm 2026

Căn cứ Kế hoạch số 88/KH-UBND ngày 15/9/2026 của UBND thành phố, UBND phường ban hành Kế hoạch như sau:

I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
- Nâng cao hiệu quả triển khai Đề án 06 trên địa bàn phường, hoàn thành trước 31/12/2026.

II. NHIỆM VỤ CỤ THỂ
1. Công an phường
a) Chủ trì rà soát, làm sạch dữ liệu dân cư trên địa bàn.
Thời gian thực hiện: trước ngày 15/11/2026.
b) Phối hợp với Tổ công nghệ số cộng đồng hướng dẫn người dân kích hoạt tài khoản định danh điện tử mức 2; thực hiện hằng tuần.

2. Văn phòng HĐND và UBND phường
- Tham mưu UBND phường ban hành quy chế vận hành Trung tâm Phục vụ hành chính công phường. Hoàn thành trong tháng 10/2026.
- Cập nhật tiến độ nhiệm vụ lên phần mềm theo dõi của thành phố, thực hiện thường xuyên.

3. Giao Phòng Kinh tế, Hạ tầng và Đô thị chủ trì, phối hợp với Công an phường, Trạm Y tế phường triển khai thanh toán không dùng tiền mặt tại các chợ trên địa bàn, hoàn thành trong Quý IV/2026.

4. Các tổ dân phố chủ động tuyên truyền, vận động người dân sử dụng dịch vụ công trực tuyến theo lộ trình của thành phố.

III. TỔ CHỨC THỰC HIỆN
Các đơn vị báo cáo kết quả thực hiện về UBND phường (qua Văn phòng HĐND và UBND phường) trước ngày 22 hằng tháng; báo cáo tổng kết trước ngày 10/12 hằng năm.

                                        TM. ỦY BAN NHÂN DÂN
                                        CHỦ TỊCH
"""


def test_ward_plan_lettered_items_unit_headings_and_duties():
    plan = parse_plan(WARD_PLAN)
    assert (plan.number, plan.issuer, plan.issued_on) == (
        "215/KH-UBND",
        "UBND phường Trung Hòa",
        date(2026, 10, 2),
    )
    assert [(t.code, t.lead, t.deadline.kind, t.deadline.due) for t in plan.tasks] == [
        ("1.a", "Công an phường", "date", date(2026, 11, 15)),
        ("1.b", "Công an phường", "recurring", None),
        ("2", "Văn phòng HĐND và UBND phường", "month", date(2026, 10, 31)),
        ("2", "Văn phòng HĐND và UBND phường", "recurring", None),
        ("3", "Phòng Kinh tế, Hạ tầng và Đô thị", "month", date(2026, 12, 31)),
        ("4", "Các tổ dân phố", "conditional", None),
    ]
    assert plan.tasks[4].support == ["Công an phường", "Trạm Y tế phường"]
    assert not any("Đề án 06 trên địa bàn phường, hoàn thành" in t.content for t in plan.tasks)  # a purpose
    assert [(d.frequency, d.day, d.month) for d in plan.duties] == [("monthly", 22, None), ("yearly", 10, 12)]
    assert plan.duties[0].text.startswith("Các đơn vị báo cáo")


def test_lettered_bullet_opening_with_a_marked_capital_is_its_own_task():
    # "Ủ" sits among small letters in Unicode: it must not read as a lower-case continuation.
    tasks = tasks_of(
        "2. Hạ tầng số\n"
        "a) Ủy ban nhân dân xã chỉ đạo nâng cấp wifi công cộng, hoàn thành trước 30/9/2026.\n"
        "b) Công an xã chủ trì làm sạch dữ liệu dân cư, hoàn thành trong tháng 6/2026.\n"
    )
    assert [t.content[:12] for t in tasks] == ["Ủy ban nhân ", "Công an xã c"]
    assert [t.deadline.due.isoformat() for t in tasks] == ["2026-09-30", "2026-06-30"]


@pytest.mark.parametrize(
    ("body", "content_start", "lead"),
    [
        # a group title alone on its line, then the work with its lead
        (
            "3. Nguồn nhân lực\nPhòng Văn hóa – Xã hội chủ trì bồi dưỡng kỹ năng số cho Tổ công nghệ số.\n",
            "Phòng Văn hóa – Xã hội chủ trì",
            "Phòng Văn hóa – Xã hội",
        ),
        # a wrapped sentence stays one task
        (
            "3. Tổ chức bồi dưỡng kỹ năng số cho thành viên\nTổ công nghệ số cộng đồng, hoàn thành trong năm 2026.\n",
            "Tổ chức bồi dưỡng kỹ năng số cho thành viên Tổ công nghệ",
            None,
        ),
    ],
)
def test_group_title_on_its_own_line(body, content_start, lead):
    [task] = tasks_of(body)
    assert task.content.startswith(content_start)
    assert task.lead == lead


@pytest.mark.parametrize(
    ("sentence", "support"),
    [
        ("Phòng Kinh tế chủ trì, phối hợp chặt chẽ với Công an xã rà soát hồ sơ.", ["Công an xã"]),
        (
            "Phòng Kinh tế chủ trì, phối hợp với Công an xã, Đoàn Thanh niên xã rà soát.",
            ["Công an xã", "Đoàn Thanh niên xã"],
        ),
        # "phối hợp" without partners: units named later in the sentence are not partners
        ("Phòng Kinh tế chủ trì, phối hợp tổ chức xúc tiến đầu tư, kêu gọi các doanh nghiệp.", []),
    ],
)
def test_coordinating_units(sentence, support):
    [task] = tasks_of(f"1. {sentence}\n")
    assert task.support == support


def test_a_partner_outside_the_registry_closing_a_lead_heading_is_kept_in_words():
    tasks = tasks_of(
        "1.1. Phòng Kinh tế chủ trì, phối hợp với Hợp tác xã Nông nghiệp An Phú:\n"
        "- Xây dựng gian hàng trên sàn thương mại điện tử, hoàn thành trước 30/9/2026.\n"
        "1.2. Phòng Kinh tế chủ trì, phối hợp với Hợp tác xã An Phú tổ chức tập huấn bán hàng trực tuyến.\n"
    )
    # 1.2: the name in prose ends where the lower-case verb starts ("Hợp tác xã" is a head written in lower
    # case after its first word), so it is read too.
    assert [t.support for t in tasks] == [["Hợp tác xã Nông nghiệp An Phú"], ["Hợp tác xã An Phú"]]


@pytest.mark.parametrize(
    ("sentence", "lead"),
    [
        ("Rà soát hồ sơ đất đai chưa số hóa (Phòng Kinh tế; hoàn thành trước 30/9/2026).", "Phòng Kinh tế"),
        ("Tập huấn kỹ năng số cho cán bộ, công chức (Phòng Nội vụ).", "Phòng Nội vụ"),
        ("UBND xã giao Công an xã chủ trì hướng dẫn người dân cài đặt VNeID.", "Công an xã"),
        (
            "UBND phường chỉ đạo Phòng Kinh tế, Hạ tầng và Đô thị rà soát hạ tầng wifi.",
            "Phòng Kinh tế, Hạ tầng và Đô thị",
        ),
        (
            "Nâng cấp đường truyền - Trách nhiệm thực hiện: Văn phòng HĐND và UBND xã - Thời hạn: Quý IV/2026.",
            "Văn phòng HĐND và UBND xã",
        ),
        (
            "Xây dựng chuyên mục chuyển đổi số trên Cổng thông tin điện tử, do Văn phòng HĐND và UBND xã thực hiện.",
            "Văn phòng HĐND và UBND xã",
        ),
        # no unit in charge named
        ("Triển khai nền tảng số cho các hợp tác xã (theo hướng dẫn của Sở Công Thương).", None),
        ("Tập huấn kỹ năng số cho cán bộ (Phòng Nội vụ hướng dẫn chung).", None),
    ],
)
def test_lead_named_in_other_ways(sentence, lead):
    [task] = tasks_of(f"1. {sentence}\n")
    assert task.lead == lead


def test_an_organisation_item_is_listed_among_the_tasks_as_in_would_find_it():
    from copy import deepcopy

    from knowledge.models import ParsedTask
    from knowledge.plan_parser.assignments import _listed

    task = ParsedTask(code="1", content="Rà soát hồ sơ đất đai", lead="Phòng Kinh tế")
    other = ParsedTask(code="2", content="Số hóa hồ sơ hộ tịch")
    same_words_other_lead = ParsedTask(code="1", content="Rà soát hồ sơ đất đai", lead="Công an xã")
    for candidate, tasks in [
        (task, [other, task]),  # the very task
        (deepcopy(task), [other, task]),  # an equal one
        (same_words_other_lead, [other, task]),  # the same words, another lead: not the same task
        (task, [other]),
        (task, []),
    ]:
        assert _listed(candidate, tasks) == (candidate in tasks)
