"""parse_plan: "5 rõ" tasks, an item with its fields under it (lead, partners, time, product)."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.plan_parser import parse_plan
from tests.plan_texts import FIELDED_PLAN

FIELDED_EXPECTED = [
    (
        "1",
        "Số hóa sổ hộ tịch giai đoạn 2016 - 2020",
        "Phòng Văn hóa – Xã hội",
        ["Công an phường", "Tổ công nghệ số cộng đồng"],
        "date",
        "2026-11-30",
    ),
    (
        "2",
        "Triển khai thanh toán không dùng tiền mặt tại chợ",
        "Phòng Kinh tế, Hạ tầng và Đô thị",
        ["Ban quản lý chợ"],
        "month",
        "2026-12-31",
    ),
    ("3", "Tuyên truyền sử dụng VNeID mức 2", "Công an phường", [], "recurring", None),
    ("4", "Xây dựng kho dữ liệu dùng chung", "Văn phòng HĐND và UBND phường", [], "conditional", None),
]


@pytest.mark.parametrize(
    "text",
    [
        FIELDED_PLAN,
        FIELDED_PLAN.replace("\n- ", "\n"),  # the fields without dashes
        FIELDED_PLAN.replace("\n- ", "\n+ ").replace("\n\n", "\n"),
    ],
)
def test_fields_under_an_item_make_one_task(text):
    # "5 rõ": who leads, who helps, when and what it yields, one field per line under the task.
    plan = parse_plan(text)
    got = [
        (
            t.code,
            t.content,
            t.lead,
            t.support,
            t.deadline.kind,
            t.deadline.due.isoformat() if t.deadline.due else None,
        )
        for t in plan.tasks
    ]
    assert got == FIELDED_EXPECTED


def test_fields_survive_ocr_damage():
    damaged = (
        FIELDED_PLAN.replace("Đơn vị chủ trì", "Don vi chu tri")
        .replace("Đơn vị phối hợp", "Đon vị phoi hop")
        .replace("Thời gian hoàn thành", "Thoi gian hoan thành")
        .replace("Phòng Văn hóa - Xã hội", "Phòng Van hóa - Xa hội")
    )
    plan = parse_plan(damaged)
    assert [(t.lead, t.deadline.due) for t in plan.tasks][:2] == [
        ("Phòng Văn hóa – Xã hội", date(2026, 11, 30)),
        ("Phòng Kinh tế, Hạ tầng và Đô thị", date(2026, 12, 31)),
    ]


def test_the_product_of_a_task_is_kept():
    plan = parse_plan(FIELDED_PLAN)
    assert [t.result for t in plan.tasks] == ["Dữ liệu hộ tịch được cập nhật lên hệ thống", None, None, None]
    table = (
        "TT | Nhiệm vụ | Đơn vị chủ trì | Sản phẩm | Thời gian hoàn thành\n"
        "1 | Số hóa hồ sơ hộ tịch | Phòng Văn hóa - Xã hội | Cơ sở dữ liệu hộ tịch | 30/6/2027\n"
    )
    [task] = parse_plan(f"Số: 41/KH-UBND\n\nKẾ HOẠCH\nChuyển đổi số\n\nII. NHIỆM VỤ\n{table}").tasks
    assert (task.content, task.result, task.deadline.due) == (
        "Số hóa hồ sơ hộ tịch",
        "Cơ sở dữ liệu hộ tịch",
        date(2027, 6, 30),
    )
