"""Plans written for the tests, in layouts the seeds do not have, with their gold annotations.

- a department plan (Sở) as `.docx`: numbered tasks in the body, then an appendix table whose coordinators
  are one per paragraph inside a cell, a lead cell holding two units and a merged group row;
- a Party committee's plan (Đảng ủy xã) as a text PDF: "Giao X chủ trì", "Đảng ủy giao X ...",
  "Ủy ban nhân dân xã chỉ đạo ... thực hiện", "(Trách nhiệm: X; thời gian: ...)", "Các chi bộ ...",
  bullet targets under "Đến năm 2030";
- OCR-damaged text of both (`damage`: the confusions an English OCR model makes on Vietnamese).

`python -m tests.own_plans` writes the files and the gold into tests/data/own_plans/ (committed, so the
tests need neither fpdf2 nor a font). The gold follows /work/shared/eval/gold: `key` is a folded phrase of
the task's content (chosen without "ư", which the damage turns into "w"), `lead` a unit key of
`units.json`, `kind` and `due` the deadline.
"""

from __future__ import annotations

import json
import random
import unicodedata
from pathlib import Path

DATA = Path(__file__).parent / "data" / "own_plans"

UNITS = {
    "vps": ["van phong so"],
    "tts": ["thanh tra so"],
    "ttcds": ["trung tam chuyen doi so"],
    "khtc": ["phong ke hoach tai chinh"],
    "qlcn": ["phong quan ly cong nghe"],
    "cpdv": ["cac phong don vi"],
    "vpdu": ["van phong dang uy"],
    "bxdd": ["ban xay dung dang"],
    "ubndx": ["ubnd xa", "uy ban nhan dan xa"],
    "cax": ["cong an xa"],
    "ccb": ["cac chi bo"],
    "ubktdu": ["uy ban kiem tra dang uy"],
    "mttq": ["uy ban mttq viet nam xa", "ubmttq viet nam xa", "uy ban mat tran to quoc viet nam xa"],
    "dtn": ["doan thanh nien xa"],
}

# --- the department plan (.docx) ---------------------------------------------------------------------

DEPT_HEADER = [
    "UBND TỈNH BÌNH AN",
    "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
    "Số: 58/KH-SKHCN",
    "Bình An, ngày 05 tháng 3 năm 2026",
    "KẾ HOẠCH",
    "Triển khai chuyển đổi số của Sở Khoa học và Công nghệ năm 2026",
    "Căn cứ Kế hoạch số 12/KH-UBND ngày 10/01/2026 của UBND tỉnh, Sở Khoa học và Công nghệ ban hành Kế "
    "hoạch như sau:",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "Bảo đảm các nhiệm vụ được triển khai đồng bộ, có trọng tâm, trọng điểm.",
    "II. NHIỆM VỤ VÀ GIẢI PHÁP",
]
# (code, text, key, lead, kind, due)
DEPT_ITEMS = [
    (
        "1",
        "Văn phòng Sở chủ trì, phối hợp với Phòng Kế hoạch – Tài chính xây dựng quy chế quản lý hồ sơ "
        "điện tử của Sở; hoàn thành trong tháng 4/2026.",
        "quy che quan ly ho so",
        "vps",
        "month",
        "2026-04-30",
    ),
    (
        "2",
        "Giao Trung tâm Chuyển đổi số chủ trì, phối hợp với các phòng, đơn vị thuộc Sở vận hành cổng dữ "
        "liệu mở về khoa học và công nghệ; thời gian thực hiện: 2026-2027.",
        "mo ve khoa hoc va cong nghe",
        "ttcds",
        "month",
        "2027-12-31",
    ),
    (
        "3",
        "Thanh tra Sở kiểm tra việc bảo đảm an toàn thông tin tại các phòng, đơn vị, định kỳ 6 tháng.",
        "an toan thong tin tai cac phong",
        "tts",
        "recurring",
        None,
    ),
    (
        "4",
        "Các phòng, đơn vị thuộc Sở rà soát, cập nhật danh mục thủ tục hành chính trên Hệ thống thông tin "
        "giải quyết thủ tục hành chính của tỉnh, hoàn thành trước 30/6/2026.",
        "danh muc thu tuc hanh chinh tren he thong",
        "cpdv",
        "date",
        "2026-06-30",
    ),
    (
        "5",
        "Phòng Quản lý công nghệ chủ trì hướng dẫn doanh nghiệp đổi mới công nghệ, ứng dụng trí tuệ nhân "
        "tạo trong sản xuất; hằng năm.",
        "doanh nghiep doi moi cong nghe",
        "qlcn",
        "recurring",
        None,
    ),
]
DEPT_MIDDLE = [
    "III. TỔ CHỨC THỰC HIỆN",
    "Thủ trưởng các phòng, đơn vị thuộc Sở chịu trách nhiệm triển khai các nhiệm vụ tại Phụ lục kèm theo.",
    "PHỤ LỤC",
    "DANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ NĂM 2026",
]
DEPT_TABLE_HEAD = ["STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành"]
# (group row | (number, content, lead cell paragraphs, support cell paragraphs, deadline, key, lead, kind, due))
DEPT_ROWS = [
    "I. Nhiệm vụ về thể chế, quy định",
    (
        "1",
        "Số hóa hồ sơ, tài liệu lưu trữ của Sở",
        ["Văn phòng Sở"],
        ["Phòng Kế hoạch – Tài chính", "Thanh tra Sở"],
        "Quý II/2026",
        "so hoa ho so tai lieu",
        "vps",
        "month",
        "2026-06-30",
    ),
    (
        "2",
        "Xây dựng cơ sở dữ liệu nhiệm vụ khoa học và công nghệ các cấp",
        ["Trung tâm Chuyển đổi số"],
        ["Văn phòng Sở", "Phòng Quản lý công nghệ"],
        "2026-2027",
        "nhiem vu khoa hoc va cong nghe cac cap",
        "ttcds",
        "month",
        "2027-12-31",
    ),
    "II. Nhiệm vụ về nhân lực số",
    (
        "3",
        "Bồi dưỡng kỹ năng số cho công chức, viên chức của Sở",
        ["Văn phòng Sở", "Phòng Kế hoạch – Tài chính"],
        ["Các phòng, đơn vị thuộc Sở"],
        "Hằng năm",
        "ky nang so cho cong",
        "vps",
        "recurring",
        None,
    ),
    (
        "4",
        "Tổng kết, đánh giá kết quả chuyển đổi số của Sở",
        ["Văn phòng Sở"],
        ["Các phòng, đơn vị liên quan"],
        "Trước 15/12 hằng năm",
        "tong ket danh gia ket qua chuyen doi so",
        "vps",
        "recurring",
        None,
    ),
    (
        "5",
        "Kiểm tra, đánh giá an toàn hệ thống thông tin của Sở",
        ["Thanh tra Sở"],
        ["Trung tâm Chuyển đổi số"],
        "Định kỳ 6 tháng",
        "danh gia an toan he thong thong tin",
        "tts",
        "recurring",
        None,
    ),
    (
        "6",
        "Tổ chức hội thảo giới thiệu công nghệ mới cho doanh nghiệp",
        ["Phòng Quản lý công nghệ"],
        ["Trung tâm Chuyển đổi số", "Văn phòng Sở"],
        "Tháng 9/2026",
        "hoi thao gioi thieu cong nghe moi",
        "qlcn",
        "month",
        "2026-09-30",
    ),
    (
        "7",
        "Triển khai chữ ký số cho lãnh đạo các phòng, đơn vị",
        ["Trung tâm Chuyển đổi số"],
        ["Văn phòng Sở"],
        "31/10/2026",
        "ky so cho lanh dao",
        "ttcds",
        "date",
        "2026-10-31",
    ),
]

# --- the Party committee's plan (text PDF) -----------------------------------------------------------

PARTY_HEADER = [
    "ĐẢNG BỘ TỈNH BÌNH AN",
    "ĐẢNG ỦY XÃ AN PHÚ",
    "Số 15-KH/ĐU",
    "An Phú, ngày 20 tháng 3 năm 2026",
    "KẾ HOẠCH",
    "Thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, đổi mới "
    "sáng tạo và chuyển đổi số",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "Quán triệt sâu sắc nội dung Nghị quyết đến cán bộ, đảng viên và Nhân dân.",
    "II. MỤC TIÊU",
    "Đến năm 2030:",
    "- Tỷ lệ hồ sơ công việc của Đảng ủy được xử lý trên môi trường mạng đạt 100%; tỷ lệ đảng viên sử dụng "
    "sổ tay đảng viên điện tử đạt 90%.",
    "- Tỷ lệ người dân trưởng thành có danh tính điện tử đạt 95%.",
    "III. NHIỆM VỤ, GIẢI PHÁP",
]
PARTY_ITEMS = [
    (
        "1",
        "Giao Văn phòng Đảng ủy chủ trì, phối hợp với Ban Xây dựng Đảng tham mưu ban hành quy chế quản lý "
        "văn bản điện tử của Đảng ủy, hoàn thành trong quý II/2026.",
        "quy che quan ly van ban",
        "vpdu",
        "month",
        "2026-06-30",
    ),
    (
        "2",
        "Đảng ủy giao Ban Xây dựng Đảng hướng dẫn các chi bộ ứng dụng sổ tay đảng viên điện tử; thời gian: "
        "tháng 5/2026.",
        "so tay dang vien",
        "bxdd",
        "month",
        "2026-05-31",
    ),
    (
        "3",
        "Ủy ban nhân dân xã chỉ đạo các thôn, tổ dân phố tuyên truyền, hướng dẫn Nhân dân cài đặt ứng dụng "
        "định danh điện tử và tổ chức thực hiện; hoàn thành trước 30/9/2026.",
        "nhan dan cai dat",
        "ubndx",
        "date",
        "2026-09-30",
    ),
    (
        "4",
        "Lắp đặt hệ thống camera an ninh tại các tuyến đường chính của xã (Trách nhiệm: Công an xã; thời "
        "gian: quý III/2026).",
        "camera an ninh tai cac tuyen",
        "cax",
        "month",
        "2026-09-30",
    ),
    (
        "5",
        "Các chi bộ tổ chức quán triệt Nghị quyết đến toàn thể đảng viên, hoàn thành trong năm 2026.",
        "quan triet nghi quyet den toan the dang vien",
        "ccb",
        "month",
        "2026-12-31",
    ),
    (
        "6",
        "Ủy ban Kiểm tra Đảng ủy kiểm tra, giám sát việc thực hiện Nghị quyết tại các chi bộ, định kỳ 6 "
        "tháng.",
        "giam sat viec",
        "ubktdu",
        "recurring",
        None,
    ),
    (
        "7",
        "Văn phòng Đảng ủy sơ kết, đánh giá việc thực hiện Kế hoạch, trước 15/12 hằng năm.",
        "so ket danh gia viec",
        "vpdu",
        "recurring",
        None,
    ),
    (
        "8",
        "Ủy ban MTTQ Việt Nam xã vận động Nhân dân tham gia phong trào bình dân học vụ số giai đoạn "
        "2026-2027.",
        "van dong nhan dan tham gia phong trao binh dan hoc vu so",
        "mttq",
        "month",
        "2027-12-31",
    ),
    (
        "9",
        "Đoàn Thanh niên xã chủ trì thành lập các tổ thanh niên tình nguyện hỗ trợ kỹ năng số cho Nhân dân; "
        "hằng năm.",
        "thanh lap cac to thanh nien tinh nguyen",
        "dtn",
        "recurring",
        None,
    ),
]
PARTY_END = [
    "IV. TỔ CHỨC THỰC HIỆN",
    "Các chi bộ, cơ quan, đơn vị căn cứ Kế hoạch này xây dựng chương trình thực hiện phù hợp.",
    "Nơi nhận: - Ban Thường vụ Huyện ủy (để b/c), - Các chi bộ trực thuộc, - Lưu Văn phòng Đảng ủy.",
]

# The bullet targets the Party plan sets (indicator words, year, value), for the targets tests.
PARTY_TARGETS = [
    ("ho so cong viec cua dang uy duoc xu ly tren moi truong mang", "2030", "100%"),
    ("dang vien su dung so tay dang vien dien tu", "2030", "90%"),
    ("nguoi dan truong thanh co danh tinh dien tu", "2030", "95%"),
]


def dept_gold() -> dict:
    tasks = [
        {"code": code, "key": key, "lead": lead, "kind": kind, "due": due}
        for code, _text, key, lead, kind, due in DEPT_ITEMS
    ]
    for row in DEPT_ROWS:
        if isinstance(row, str):
            continue
        _n, _c, _l, _s, _d, key, lead, kind, due = row
        tasks.append({"code": None, "key": key, "lead": lead, "kind": kind, "due": due})
    return {
        "number": "58/KH-SKHCN",
        "issued_on": "2026-03-05",
        "issuer": "Sở Khoa học và Công nghệ",
        "tasks": tasks,
    }


def party_gold() -> dict:
    tasks = [
        {"code": code, "key": key, "lead": lead, "kind": kind, "due": due}
        for code, _text, key, lead, kind, due in PARTY_ITEMS
    ]
    return {"number": "15-KH/ĐU", "issued_on": "2026-03-20", "issuer": "Đảng ủy xã An Phú", "tasks": tasks}


def write_dept_docx(path: Path) -> None:
    from docx import Document

    document = Document()
    for line in DEPT_HEADER:
        document.add_paragraph(line)
    for code, text, *_ in DEPT_ITEMS:
        document.add_paragraph(f"{code}. {text}")
    for line in DEPT_MIDDLE:
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=len(DEPT_TABLE_HEAD))
    for cell, head in zip(table.rows[0].cells, DEPT_TABLE_HEAD, strict=True):
        cell.text = head
    for row in DEPT_ROWS:
        cells = table.add_row().cells
        if isinstance(row, str):
            merged = cells[0].merge(cells[-1])  # a group row: one cell across the table
            merged.text = row
            continue
        number, content, leads, partners, deadline = row[:5]
        cells[0].text = number
        cells[1].text = content
        _paragraphs(cells[2], leads)
        _paragraphs(cells[3], partners)
        cells[4].text = deadline
    document.add_paragraph("Nơi nhận: - Các phòng, đơn vị thuộc Sở; - Lưu: VT, VP.")
    document.save(str(path))


def _paragraphs(cell, lines: list[str]) -> None:
    """One unit per paragraph inside the cell, as department plans write their coordinators."""
    cell.text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


def party_lines() -> list[str]:
    return [
        *PARTY_HEADER,
        *(f"{code}. {text}" for code, text, *_ in PARTY_ITEMS),
        *PARTY_END,
    ]


def write_party_pdf(path: Path, font: str = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf") -> None:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.add_font("DejaVu", "", font)
    pdf.set_font("DejaVu", size=11)
    for line in party_lines():
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


# OCR trained on English reads these Vietnamese letters as their look-alikes; tone marks it mostly drops.
_CONFUSIONS = {"ư": "w", "Ư": "W", "ơ": "o", "Ơ": "O", "đ": "d", "Đ": "D", "ế": "é", "Ế": "É"}


def damage(text: str, *, seed: int = 7, rate: float = 0.5) -> str:
    """`text` as an English-model OCR would give it: each Vietnamese letter, with probability `rate`, is
    read as its look-alike (ư→w, ơ→o, đ→d, ế→é) or loses its marks."""
    rng = random.Random(seed)
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch.isascii() or not ch.isalpha() or rng.random() >= rate:
            out.append(ch)
        elif ch in _CONFUSIONS:
            out.append(_CONFUSIONS[ch])
        else:
            base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
            out.append(base)
    return "".join(out)


def write_all(root: Path = DATA) -> None:
    from knowledge.documents import read_document

    (root / "gold").mkdir(parents=True, exist_ok=True)
    write_dept_docx(root / "dept_58.docx")
    write_party_pdf(root / "party_15.pdf")
    for name in ("dept_58.docx", "party_15.pdf"):
        text = read_document(root / name)
        (root / f"{Path(name).stem}_ocr.txt").write_text(damage(text), encoding="utf-8")
    for name, gold in (("58", dept_gold()), ("15", party_gold())):
        (root / "gold" / f"{name}.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1), "utf-8")
    (root / "gold" / "units.json").write_text(json.dumps(UNITS, ensure_ascii=False, indent=1), "utf-8")


if __name__ == "__main__":
    write_all()
