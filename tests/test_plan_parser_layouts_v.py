"""Layouts of set V's plans: a table without a number column whose tasks are numbered in their first cell and
wrap, every cell of them, over several physical rows. Every text here is written for these tests."""

from __future__ import annotations

import pytest

from knowledge.plan_parser import parse_plan

HEAD = (
    "SỞ DU LỊCH TỈNH HÒA NAM\n\nSố: 7/KH-SDL\nHòa Nam, ngày 5 tháng 1 năm 2026\n\nKẾ HOẠCH\n"
    "Chuyển đổi số ngành du lịch năm 2026\n\nI. MỤC ĐÍCH\n- Đẩy mạnh chuyển đổi số.\n\n"
    "II. NHIỆM VỤ CỤ THỂ\n\n"
)

WRAPPED = """| Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |
|---|---|---|---|
| I. DỮ LIỆU DU LỊCH | | | |
| 1. Xây dựng kho dữ liệu điểm đến | Trung tâm Thông tin | Sở Khoa học | Từ tháng 2 đến |
| và cơ sở lưu trú trên nền tảng số | xúc tiến du lịch | và Công nghệ | tháng 7/2026 |
| 2. Số hóa 40 di tích cấp tỉnh | Phòng Quản lý | Bảo tàng tỉnh; | Quý III/2026 |
| Thuyết minh tự động bằng mã QR | di sản | Viettel Hòa Nam | |
| | | | |
| II. QUẢNG BÁ SỐ | | | |
| 3. Mở gian hàng du lịch trên sàn | Văn phòng Sở | Hiệp hội Du lịch | Trước 30/4/2026 |
| thương mại điện tử | | tỉnh | |
"""

UNWRAPPED = """| Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |
|---|---|---|---|
| Xây dựng kho dữ liệu điểm đến | Trung tâm Thông tin xúc tiến du lịch | Sở Khoa học và Công nghệ | Tháng 7/2026 |
| Số hóa 40 di tích cấp tỉnh | Phòng Quản lý di sản | Bảo tàng tỉnh | Quý III/2026 |
| Mở gian hàng du lịch trên sàn thương mại điện tử | Văn phòng Sở | Hiệp hội Du lịch tỉnh | Trước 30/4/2026 |
"""

SUB_ITEMS = """| Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |
|---|---|---|---|
| 1. Xây dựng kho dữ liệu điểm đến | Trung tâm Thông tin xúc tiến du lịch | Sở Khoa học và Công nghệ | Tháng 7/2026 |
| - Thu thập dữ liệu cơ sở lưu trú | Phòng Quản lý lữ hành | Công an tỉnh | Tháng 3/2026 |
| 2. Số hóa 40 di tích cấp tỉnh | Phòng Quản lý di sản | Bảo tàng tỉnh | Quý III/2026 |
"""


def test_numbered_rows_wrapped_over_physical_rows_are_one_task_each():
    tasks = parse_plan(HEAD + WRAPPED).tasks
    assert [t.code for t in tasks] == ["1", "2", "3"]
    first, second, third = tasks
    assert first.content == "Xây dựng kho dữ liệu điểm đến và cơ sở lưu trú trên nền tảng số"
    assert first.lead == "Trung tâm Thông tin xúc tiến du lịch"
    assert "Sở Khoa học và Công nghệ" in first.support
    assert first.deadline.due is not None and (first.deadline.due.year, first.deadline.due.month) == (2026, 7)
    # A piece starting in capitals carries the row on too: the row above has no end of its own.
    assert second.content.endswith("Thuyết minh tự động bằng mã QR")
    assert second.lead == "Phòng Quản lý di sản"
    assert "Viettel Hòa Nam" in second.support
    assert third.section and third.section.startswith("II.")
    assert third.content.endswith("sàn thương mại điện tử")


@pytest.mark.parametrize("table, count", [(UNWRAPPED, 3), (SUB_ITEMS, 3)])
def test_tables_written_otherwise_keep_their_rows(table, count):
    """Rows numbered nowhere, or bullets under a numbered row, are tasks of their own."""
    tasks = parse_plan(HEAD + table).tasks
    assert len(tasks) == count
    assert all(t.lead for t in tasks)
