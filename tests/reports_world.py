"""A small knowledge base for the report tests, written with SQL: three units, two plans with sections,
tasks in every situation as of REPORT_DATE, status updates with notes and evidence, reporting duties and
four people."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from knowledge.fold import fold_words
from storage import people as people_db
from storage.db import transaction
from storage.progress import record_update

REPORT_DATE = date(2025, 9, 2)
VHXH, KT, VP = "Phòng Văn hóa – Xã hội", "Phòng Kinh tế", "Văn phòng HĐND và UBND"
BLOCKED_NOTE = "Chờ nhà mạng khảo sát vị trí lắp đặt; đề nghị UBND xã đôn đốc"
OVERDUE_NOTE = "Thiếu máy quét, đang đề nghị bổ sung kinh phí"

# code, section, content, lead (None: only the document's words), support, due, deadline text, kind
TASKS_A = [
    (
        "1.1",
        "I. HẠ TẦNG SỐ",
        "Số hóa sổ hộ tịch giai đoạn 2015–2020",
        VHXH,
        [],
        "2025-07-31",
        "trước 31/7/2025",
    ),
    (
        "1.2",
        "I. HẠ TẦNG SỐ",
        "Lắp đặt wifi công cộng tại nhà văn hóa các thôn",
        KT,
        [VHXH],
        "2025-09-20",
        "tháng 9/2025",
    ),
    (
        "2.1",
        "II. DỮ LIỆU SỐ",
        "Xây dựng cơ sở dữ liệu hộ kinh doanh",
        KT,
        [],
        "2025-08-15",
        "trước 15/8/2025",
    ),
    (
        "2.2",
        "II. DỮ LIỆU SỐ",
        "Tuyên truyền, hướng dẫn kỹ năng số cho người dân",
        VHXH,
        [VP],
        "2025-12-31",
        "năm 2025",
    ),
    (
        "2.3",
        "II. DỮ LIỆU SỐ",
        "Rà soát thủ tục hành chính trực tuyến toàn trình",
        VP,
        [],
        None,
        "thường xuyên",
    ),
]
TASKS_B = [
    ("1", None, "Triển khai thanh toán không dùng tiền mặt tại chợ xã", KT, [], "2025-09-30", "quý III/2025"),
    ("2", None, "Phổ cập chữ ký số cho cán bộ, công chức", None, [], "2025-10-15", "trước 15/10/2025"),
]


def _unit(db, name: str) -> int:
    return db.execute("INSERT INTO units (name, folded) VALUES (?, ?)", [name, fold_words(name)]).lastrowid


def _plan(db, number: str, title: str) -> int:
    return db.execute(
        "INSERT INTO plans (number, number_key, issuer, issuer_key, issued_on, title, ingested_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            number,
            fold_words(number),
            "UBND xã An Phú",
            "ubnd xa an phu",
            "2025-07-11",
            title,
            datetime.now(UTC).isoformat(),
        ],
    ).lastrowid


def seed_reports(db) -> dict:
    """Write the world; returns ids by name ("unit:<name>", "plan:A", "task:A1.1", "person:admin", ...)."""
    ids: dict = {}
    with transaction(db):
        for name in (VHXH, KT, VP):
            ids[f"unit:{name}"] = _unit(db, name)
        for key, number, title, tasks in (
            ("A", "47a/KH-UBND", "Kế hoạch chuyển đổi số xã An Phú năm 2025", TASKS_A),
            ("B", "12/KH-UBND", "Kế hoạch phát triển kinh tế số", TASKS_B),
        ):
            plan_id = ids[f"plan:{key}"] = _plan(db, number, title)
            for position, (code, section, content, lead, support, due, text) in enumerate(tasks):
                lead_id = ids[f"unit:{lead}"] if lead else None
                task_id = db.execute(
                    "INSERT INTO tasks (plan_id, task_key, code, content, content_folded, lead_unit_id, lead_text, "
                    "support, deadline_kind, due_date, deadline_text, recurring, section, position) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        plan_id,
                        f"k{code}",
                        code,
                        content,
                        fold_words(content),
                        lead_id,
                        lead or "các thôn",
                        json.dumps(support, ensure_ascii=False),
                        "date" if due else "recurring",
                        due,
                        text,
                        0 if due else 1,
                        section,
                        position,
                    ],
                ).lastrowid
                ids[f"task:{key}{code}"] = task_id
                if lead_id:
                    db.execute("INSERT INTO task_units VALUES (?, ?, 'lead')", [task_id, lead_id])
                for name in support:
                    db.execute(
                        "INSERT INTO task_units VALUES (?, ?, 'support')", [task_id, ids[f"unit:{name}"]]
                    )
        plan_a = ids["plan:A"]
        ids["duty:monthly"] = db.execute(
            "INSERT INTO duties (plan_id, text, reporter, recipient, frequency, day) VALUES (?, ?, ?, ?, ?, ?)",
            [
                plan_a,
                "Các đơn vị báo cáo kết quả thực hiện về UBND xã (Phòng Văn hóa – Xã hội) vào ngày 18 hằng tháng",
                "Các đơn vị",
                "UBND xã",
                "monthly",
                18,
            ],
        ).lastrowid
        ids["duty:yearly"] = db.execute(
            "INSERT INTO duties (plan_id, text, reporter, reporter_unit_id, recipient, frequency, day, month) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                plan_a,
                "Phòng Kinh tế báo cáo năm trước ngày 05/12",
                KT,
                ids[f"unit:{KT}"],
                "UBND xã",
                "yearly",
                5,
                12,
            ],
        ).lastrowid
    ids["person:admin"] = people_db.add_person(db, name="Nguyễn Văn Quản", role="admin")
    ids["person:leader_vhxh"] = people_db.add_person(
        db, name="Trần Thị Hồng", role="leader", unit_id=ids[f"unit:{VHXH}"]
    )
    ids["person:leader_kt"] = people_db.add_person(
        db, name="Lê Văn Kiên", role="leader", unit_id=ids[f"unit:{KT}"]
    )
    ids["person:member_vp"] = people_db.add_person(
        db, name="Phạm Thu Hà", role="member", unit_id=ids[f"unit:{VP}"]
    )
    updates = [
        (
            "A1.1",
            "leader_vhxh",
            "in_progress",
            60,
            OVERDUE_NOTE,
            "document",
            "BQACAgIAAxkBAAIBOWZ",
            "telegram",
            "2025-08-10",
        ),
        ("A1.2", "leader_kt", "in_progress", 20, "Đã khảo sát 3 thôn", None, None, "telegram", "2025-08-05"),
        (
            "A1.2",
            "leader_kt",
            "blocked",
            30,
            BLOCKED_NOTE,
            "photo",
            "https://zalo.example/photo/wifi.jpg",
            "zalo",
            "2025-08-20",
        ),
        (
            "A2.1",
            "leader_kt",
            "done",
            100,
            "Đã hoàn thành, có báo cáo kèm theo",
            "document",
            "BQACAgIAAxkBAAIBOXX",
            "telegram",
            "2025-08-14",
        ),
        ("B1", "leader_kt", "in_progress", 40, None, None, None, "telegram", "2025-07-20"),
    ]
    for task, who, status, percent, note, kind, ref, channel, day in updates:
        ids[f"update:{task}:{status}"] = record_update(
            db,
            task_id=ids[f"task:{task}"],
            person_id=ids[f"person:{who}"],
            status=status,
            percent=percent,
            note=note,
            evidence_kind=kind,
            evidence_ref=ref,
            channel=channel,
            now=datetime.fromisoformat(day + "T09:30:00+00:00"),
        )
    return ids
