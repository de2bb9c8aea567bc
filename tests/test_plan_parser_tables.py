"""parse_plan: "|"/tab tables, Word tables, tables OCR printed without separators, PDF rows."""

from __future__ import annotations

from datetime import date

import docx
import pytest

from knowledge.documents import read_document
from knowledge.plan_parser import parse_plan

TAB_TABLE_PLAN = (
    "UBND PHƯỜNG BẮC SƠN\nSố: 77/KH-UBND\t\tBắc Sơn, ngày 05 tháng 01 năm 2027\n\nKẾ HOẠCH\n"
    "Chuyển đổi số năm 2027\n\nI. NHIỆM VỤ CỤ THỂ\n"
    "TT\tNội dung công việc\tĐơn vị chủ trì\tĐơn vị phối hợp\tThời gian hoàn thành\n"
    "1\tCập nhật cơ sở dữ liệu đất đai\tPhòng Kinh tế, Hạ tầng và Đô thị\tCông an phường\tQuý II/2027\n"
    "2\tTập huấn kỹ năng số cho\tPhòng Văn hóa - Xã hội\tTổ công nghệ số cộng đồng\t30/6/2027\n"
    "cán bộ tổ dân phố\n"
    "3\tTriển khai camera an ninh\tCông an phường\tCác tổ dân phố\tTheo lộ trình của thành phố\n"
)


def test_tab_separated_table():
    plan = parse_plan(TAB_TABLE_PLAN)
    assert plan.number == "77/KH-UBND"
    rows = [(t.code, t.lead, t.deadline.kind, t.deadline.due) for t in plan.tasks]
    assert rows == [
        ("1", "Phòng Kinh tế, Hạ tầng và Đô thị", "month", date(2027, 6, 30)),
        ("2", "Phòng Văn hóa – Xã hội", "date", date(2027, 6, 30)),
        ("3", "Công an phường", "conditional", None),
    ]
    assert plan.tasks[1].content == "Tập huấn kỹ năng số cho cán bộ tổ dân phố"
    assert plan.tasks[0].support == ["Công an phường"]


def test_docx_plan_with_table_end_to_end(tmp_path):
    d = docx.Document()
    for line in [
        "ỦY BAN NHÂN DÂN",
        "XÃ ĐÔNG HÀ",
        "Số: 9/KH-UBND",
        "Đông Hà, ngày 3 tháng 2 năm 2027",
        "KẾ HOẠCH",
        "Số hóa hồ sơ năm 2027",
        "",
        "I. NHIỆM VỤ VÀ GIẢI PHÁP",
    ]:
        d.add_paragraph(line)
    table = d.add_table(rows=3, cols=4)
    data = [
        ["Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn"],
        ["Số hóa hồ sơ hộ tịch", "Văn phòng HĐND và UBND xã", "Công an xã", "31/5/2027"],
        ["Lắp wifi công cộng tại nhà văn hóa", "Phòng Kinh tế", "Doanh nghiệp viễn thông", "Quý III/2027"],
    ]
    for r, row in enumerate(data):
        for c, value in enumerate(row):
            table.rows[r].cells[c].text = value
    d.add_paragraph("II. TỔ CHỨC THỰC HIỆN")
    path = tmp_path / "plan.docx"
    d.save(path)
    plan = parse_plan(read_document(path))
    assert plan.number == "9/KH-UBND"
    assert plan.issuer == "UBND xã Đông Hà"
    assert [(t.lead, t.deadline.due) for t in plan.tasks] == [
        ("Văn phòng HĐND và UBND xã", date(2027, 5, 31)),
        ("Phòng Kinh tế", date(2027, 9, 30)),
    ]


OCR_TABLE_PLAN = """KE HOACH
Chuyen doi so nam 2026

I. NHIEM VU TRONG TAM
Noi dung nhiem vu Co quan chu tri Co quan phoi hop Thoi han
Cong tac du lieu
Xay dung kho du lieu dung chung cua thanh pho, bao dam ket noi voi
Van phong UBND So Khoa hoc va
he thong cua Trung uong va cac dia phuong. thanh pho Cong nghe 30/11/2026
To chuc tap huan ky nang so cho can bo cap xa, uu tien vung sau, So Noi vu UBND cac xa 15/12/2026
vung xa va hai dao.
Rà soát, cập nhật phần mềm theo dõi tiến độ nhiệm vụ trên hệ thống | Văn phòng Thành ủy | Các sở | Thường xuyên
"""


def test_ocr_table_without_separators_is_read_by_its_deadline_cells():
    plan = parse_plan(OCR_TABLE_PLAN)
    rows = [(t.lead, t.deadline.kind, t.deadline.due) for t in plan.tasks]
    assert rows == [
        ("Văn phòng UBND", "date", date(2026, 11, 30)),
        ("Sở Nội vụ", "date", date(2026, 12, 15)),
        ("Văn phòng Thành ủy", "recurring", None),
    ]
    assert plan.tasks[0].content.startswith("Xay dung kho du lieu dung chung")
    assert all(t.source == "table" for t in plan.tasks)


def test_ocr_table_header_split_over_lines():
    text = OCR_TABLE_PLAN.replace(
        "Noi dung nhiem vu Co quan chu tri Co quan phoi hop Thoi han",
        "Noi dung nhiem vu\nCo quan chu tri Co quan phoi hop\nThoi han",
    )
    plan = parse_plan(text)
    assert [t.lead for t in plan.tasks] == ["Văn phòng UBND", "Sở Nội vụ", "Văn phòng Thành ủy"]


def test_pipe_table_with_combined_lead_column_and_extra_columns():
    text = (
        "KẾ HOẠCH\nThử nghiệm\n\nPHỤ LỤC: DANH MỤC NHIỆM VỤ\n"
        "STT | Nhiệm vụ | Cơ quan chủ trì, phối hợp | Sản phẩm | Thời gian thực hiện | Ghi chú\n"
        "I | Hạ tầng số | | | |\n"
        "1 | Phủ sóng 4G/5G các thôn | Phòng Kinh tế; Công an xã | Báo cáo | Quý IV/2026 |\n"
        "2 | Số hóa hồ sơ địa chính | Văn phòng HĐND và UBND xã | Dữ liệu | 2026 - 2027 |\n"
        "  | còn lưu bản giấy | | | |\n"
    )
    plan = parse_plan(text)
    assert [(t.code, t.lead, t.support, t.deadline.due, t.section) for t in plan.tasks] == [
        ("1", "Phòng Kinh tế", ["Công an xã"], date(2026, 12, 31), "I Hạ tầng số"),
        ("2", "Văn phòng HĐND và UBND xã", [], date(2027, 12, 31), "I Hạ tầng số"),
    ]
    assert plan.tasks[1].content == "Số hóa hồ sơ địa chính còn lưu bản giấy"


@pytest.mark.parametrize("sep", [" | ", "\t"])
def test_table_group_rows_of_merged_cells_do_not_end_the_table(sep):
    rows = [
        ["TT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành"],
        ["I", "HẠ TẦNG SỐ"],  # merged across the row: one separator
        ["1", "Phủ sóng 4G đến các thôn", "Phòng Kinh tế", "VNPT, Viettel", "Quý II/2027"],
        ["II", "DỮ LIỆU SỐ"],
        ["1", "Số hóa hồ sơ hộ tịch", "Phòng Văn hóa - Xã hội", "", "30/6/2027"],
    ]
    table = "\n".join(sep.join(r) for r in rows)
    plan = parse_plan(f"Số: 41/KH-UBND\n\nKẾ HOẠCH\nChuyển đổi số\n\nII. NHIỆM VỤ\n{table}\n")
    assert [(t.content, t.lead, t.deadline.due, t.section) for t in plan.tasks] == [
        ("Phủ sóng 4G đến các thôn", "Phòng Kinh tế", date(2027, 6, 30), "I HẠ TẦNG SỐ"),
        ("Số hóa hồ sơ hộ tịch", "Phòng Văn hóa – Xã hội", date(2027, 6, 30), "II DỮ LIỆU SỐ"),
    ]


# A task table as PDF text extraction writes it: each row's number alone, then its cells wrapped over lines.
PDF_TABLE_PLAN = """UBND XÃ HÒA THUẬN
Số: 214/KH-UBND

KẾ HOẠCH
Triển khai Đề án 06 năm 2026

II. NHIỆM VỤ CỤ THỂ
TT Nhiệm vụ Cơ quan chủ trì Cơ quan phối hợp
Thời  gian
hoàn thành
1
Rà  soát,  cập  nhật  dữ  liệu  hộ
tịch vào cơ sở dữ liệu quốc gia
Phòng Văn hóa - Xã
hội
Công an xã 30/10/2026
2
Triển  khai  thanh  toán  không
dùng tiền mặt tại chợ
Phòng Kinh tế
Ngân  hàng  Chính
sách xã hội
Quý IV/2026
3
Vận  hành  bộ  phận  một  cửa
điện tử
Văn phòng HĐND và
UBND xã
Các  phòng  chuyên
môn
Thường xuyên
4
Lắp đặt camera an ninh tại các
tuyến đường chính
Công an xã Phòng Kinh tế
Theo  lộ  trình
của tỉnh

III. TỔ CHỨC THỰC HIỆN
Các phòng báo cáo về UBND xã vào ngày 25 hằng tháng.
"""


def test_pdf_table_rows_numbered_on_their_own_lines():
    plan = parse_plan(PDF_TABLE_PLAN)
    got = [(t.code, t.content, t.lead, t.support, t.deadline.kind, t.deadline.due) for t in plan.tasks]
    assert got == [
        (
            "1",
            "Rà soát, cập nhật dữ liệu hộ tịch vào cơ sở dữ liệu quốc gia",
            "Phòng Văn hóa – Xã hội",
            ["Công an xã"],
            "date",
            date(2026, 10, 30),
        ),
        (
            "2",
            "Triển khai thanh toán không dùng tiền mặt tại chợ",
            "Phòng Kinh tế",
            ["Ngân hàng Chính sách xã hội"],
            "month",
            date(2026, 12, 31),
        ),
        (
            "3",
            "Vận hành bộ phận một cửa điện tử",
            "Văn phòng HĐND và UBND xã",
            ["Các phòng chuyên môn"],
            "recurring",
            None,
        ),
        (
            "4",
            "Lắp đặt camera an ninh tại các tuyến đường chính",
            "Công an xã",
            ["Phòng Kinh tế"],
            "conditional",
            None,
        ),
    ]
    assert [(d.frequency, d.day) for d in plan.duties] == [("monthly", 25)]


def test_table_partner_cell_with_a_name_that_holds_a_comma():
    table = (
        "TT | Nhiệm vụ | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian hoàn thành\n"
        "1 | Lắp wifi công cộng | Công an phường | Phòng Kinh tế, Hạ tầng và Đô thị, Hợp tác xã An Phú | 30/6/2027\n"
    )
    [task] = parse_plan(f"Số: 41/KH-UBND\n\nKẾ HOẠCH\nChuyển đổi số\n\nII. NHIỆM VỤ\n{table}").tasks
    assert task.support == ["Phòng Kinh tế, Hạ tầng và Đô thị", "Hợp tác xã An Phú"]
