"""A small knowledge base for the QA tests, written through the real storage.plans.save_plan."""

from __future__ import annotations

from datetime import date

from knowledge.models import Deadline, ParsedPlan, ParsedTask, ReportingDuty, Target
from storage.plans import save_plan

TODAY = date(2025, 8, 1)
KT = "Phòng Kinh tế"
VH = "Phòng Văn hóa – Xã hội"
VP = "Văn phòng HĐND và UBND xã"


def _date(y, m, d, text):
    return Deadline(kind="date", due=date(y, m, d), text=text)


def _month(y, m, d, text, recurring=False):
    return Deadline(kind="month", due=date(y, m, d), text=text, recurring=recurring)


def plan_a() -> ParsedPlan:
    tasks = [
        ParsedTask(
            "1.1",
            "Xây dựng kế hoạch thực hiện Nghị quyết số 71/NQ-CP",
            VH,
            [],
            _date(2025, 7, 30, "trước 30/7/2025"),
        ),
        ParsedTask(
            "1.2",
            "Tuyên truyền về chuyển đổi số trên cổng thông tin",
            VH,
            [KT],
            Deadline("recurring", None, "thường xuyên", True),
        ),
        ParsedTask(
            "2.1",
            "Triển khai thanh toán không dùng tiền mặt tại chợ",
            KT,
            [VH],
            _month(2025, 8, 31, "trong tháng 8/2025"),
        ),
        ParsedTask(
            "2.2",
            "Phát triển hạ tầng phủ sóng mạng 5G toàn xã",
            KT,
            [],
            _date(2025, 10, 15, "trước 15/10/2025"),
        ),
        ParsedTask(
            "3.1",
            "Làm sạch dữ liệu hộ tịch, kết nối cơ sở dữ liệu dân cư",
            VP,
            [],
            _month(2026, 4, 30, "trong tháng 4/2026"),
        ),
        ParsedTask(
            "3.2",
            "Triển khai KIOSK y tế thông minh tại trạm y tế",
            VH,
            [],
            Deadline(
                "conditional", None, "theo lộ trình của thành phố", condition="theo lộ trình của thành phố"
            ),
        ),
        ParsedTask(
            "4.1", "Tổ chức lớp học STEM cho học sinh", VH, [], _month(2025, 12, 31, "trong tháng 12/2025")
        ),
        ParsedTask(
            "4.2",
            "Rà soát hồ sơ đất đai, số hóa bản đồ địa chính",
            KT,
            [],
            _month(2025, 12, 31, "trong tháng 12/2025"),
        ),
        ParsedTask(
            "4.3",
            "Kiểm tra an toàn thông tin định kỳ",
            KT,
            [],
            Deadline("recurring", None, "thường xuyên", True),
        ),
    ]
    for i, task in enumerate(tasks):
        task.position = i
    return ParsedPlan(
        number="47a/KH-UBND",
        issuer="UBND xã Kim Thành",
        issued_on=date(2025, 7, 11),
        title="Kế hoạch chuyển đổi số năm 2025",
        replaces=["12/KH-UBND"],
        tasks=tasks,
        duties=[
            ReportingDuty(
                "Các phòng báo cáo kết quả về UBND xã vào ngày 18 hằng tháng",
                reporter="Các phòng, ban",
                recipient="UBND xã",
                frequency="monthly",
                day=18,
            )
        ],
        targets=[Target("Tỷ lệ phủ sóng 5G trên địa bàn xã", {"2025": ">30%", "2030": ">80%"})],
    )


def many_tasks_plan(n: int = 23) -> ParsedPlan:
    tasks = [
        ParsedTask(
            f"9.{i}",
            f"Nhiệm vụ số hóa hồ sơ lưu trữ đợt {i}",
            KT,
            [],
            _month(2025, 11, 30, "trong tháng 11/2025"),
        )
        for i in range(1, n + 1)
    ]
    for i, task in enumerate(tasks):
        task.position = i
    return ParsedPlan(
        number="88/KH-UBND", issuer="UBND xã Kim Thành", issued_on=date(2025, 9, 1), tasks=tasks
    )


def build(db, *, many: bool = False) -> None:
    save_plan(db, plan_a())
    if many:
        save_plan(db, many_tasks_plan())


def task_id(db, code: str) -> int:
    return db.execute("SELECT id FROM tasks WHERE code = ?", [code]).fetchone()[0]
