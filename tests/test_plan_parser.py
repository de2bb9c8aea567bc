"""parse_plan on the bundled sample plan, on clean and damaged variants written here, and on the seeds."""

from __future__ import annotations

import unicodedata
from datetime import date

import docx
import pytest

from knowledge.documents import read_document
from knowledge.plan_parser import parse_plan, plan_to_export


def _strip_marks(text: str) -> str:
    """What OCR without Vietnamese support returns: no diacritics, đ→d, case kept."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


# Substitutions OCR makes on Vietnamese print (seen in the genre): marks lost, vowels read as digits or
# other letters, Đ read as P.
_OCR = {
    "ổ": "6",
    "ộ": "d",
    "ư": "w",
    "ế": "é",
    "Đ": "P",
    "đ": "d",
    "ă": "i",
    "ủ": "ii",
    "ố": "6",
    "ớ": "é",
    "ợ": "g",
    "ự": "y",
    "ờ": "o",
    "ấ": "a",
    "ọ": "9",
    "ệ": "¢",
}


def _ocr_damage(text: str, every: int) -> str:
    out, n = [], 0
    for ch in text:
        if ch in _OCR:
            n += 1
            if n % every == 0:
                out.append(_OCR[ch])
                continue
        out.append(ch)
    return _strip_marks("".join(out))


def _by_content(plan, words: str):
    found = [t for t in plan.tasks if words in t.content]
    assert found, f"no task with {words!r}"
    return found[0]


# --- the bundled sample plan (clean Unicode) ------------------------------------------------------------
@pytest.fixture
def sample(sample_plan_path):
    return parse_plan(sample_plan_path.read_text(encoding="utf-8"), source_name="sample_plan.txt")


def test_sample_metadata(sample):
    assert sample.number == "112/KH-UBND"
    assert sample.issuer == "UBND xã An Phú"
    assert sample.issued_on == date(2026, 9, 15)
    assert sample.title.startswith("Triển khai chuyển đổi số")
    assert sample.replaces == ["45/KH-UBND"]
    assert "57-NQ/TW" in sample.implements


def test_sample_tasks_leads_and_deadlines(sample):
    rows = [(t.code, t.lead, t.deadline.kind, t.deadline.due) for t in sample.tasks]
    assert rows == [
        ("1.1", "Phòng Văn hóa – Xã hội", "date", date(2026, 10, 31)),
        ("1.1", "Phòng Văn hóa – Xã hội", "month", date(2026, 12, 31)),
        ("1.1", "Phòng Văn hóa – Xã hội", "recurring", None),
        ("1.2", "Tổ công nghệ số cộng đồng", "recurring", None),
        ("2.1", "Trung tâm Phục vụ hành chính công", "date", date(2026, 11, 30)),
        ("2.1", "Trung tâm Phục vụ hành chính công", "month", date(2027, 3, 31)),
        ("2.2", "Văn phòng HĐND và UBND xã", "month", date(2027, 1, 31)),
        ("2.3", "Phòng Kinh tế", "month", date(2027, 12, 31)),
        ("3.1", "Phòng Kinh tế", "conditional", None),
        ("3.1", "Phòng Kinh tế", "conditional", None),
        ("3.2", "Công an xã", "recurring", None),
        ("3.3", "Trạm Y tế xã", "date", date(2026, 12, 15)),
        ("1", "Phòng Văn hóa – Xã hội", "date", date(2026, 12, 20)),
        ("2", "Phòng Kinh tế", "date", date(2026, 12, 31)),
    ]


def test_sample_support_units_and_sources(sample):
    first = sample.tasks[0]
    assert first.support == ["Văn phòng HĐND và UBND xã"]
    assert first.source == "bullet"
    assert _by_content(sample, "OCOP").support == ["Tổ công nghệ số cộng đồng"]
    assert _by_content(sample, "bản đồ số").source == "table"
    assert _by_content(sample, "bản đồ số").support == ["Tổ công nghệ số cộng đồng"]


def test_sample_purpose_section_is_not_tasks(sample):
    assert not any("5 rõ" in t.content for t in sample.tasks)


def test_sample_targets_and_duties(sample):
    assert [t.values for t in sample.targets][0] == {"2026": "60%", "2027": "80%", "2030": "100%"}
    assert len(sample.targets) == 3
    monthly = [d for d in sample.duties if d.frequency == "monthly"]
    assert monthly and monthly[0].day == 25
    periodic = [d for d in sample.duties if d.frequency == "periodic"]
    assert periodic and periodic[0].periods == ["6 tháng", "1 năm"]
    assert periodic[0].reporter == "Phòng Văn hóa – Xã hội"


def test_sample_without_diacritics_gives_the_same_tasks(sample, sample_plan_path):
    damaged = parse_plan(_strip_marks(sample_plan_path.read_text(encoding="utf-8")))
    assert damaged.number == "112/KH-UBND"
    assert damaged.issued_on == sample.issued_on
    assert [(t.code, t.lead, t.deadline.kind, t.deadline.due) for t in damaged.tasks] == [
        (t.code, t.lead, t.deadline.kind, t.deadline.due) for t in sample.tasks
    ]


@pytest.mark.parametrize("every", [1, 2, 3])
def test_sample_with_ocr_damage_gives_the_same_tasks(sample, sample_plan_path, every):
    damaged = parse_plan(_ocr_damage(sample_plan_path.read_text(encoding="utf-8"), every))
    assert (damaged.number, damaged.issued_on) == (sample.number, sample.issued_on)
    assert [(t.code, t.lead, t.deadline.kind, t.deadline.due) for t in damaged.tasks] == [
        (t.code, t.lead, t.deadline.kind, t.deadline.due) for t in sample.tasks
    ]


def test_sample_as_docx_paragraphs_gives_the_same_plan(sample, sample_plan_path, tmp_path):
    d = docx.Document()
    for line in sample_plan_path.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) >= 3:
            table = d.add_table(rows=1, cols=len(cells))
            for c, value in enumerate(cells):
                table.rows[0].cells[c].text = value
        elif line.strip():
            d.add_paragraph(line.strip())
    path = tmp_path / "sample.docx"
    d.save(path)
    plan = parse_plan(read_document(path))
    assert (plan.number, plan.issuer, plan.issued_on, plan.title) == (
        sample.number,
        sample.issuer,
        sample.issued_on,
        sample.title,
    )
    assert [(t.code, t.lead, t.deadline.kind, t.deadline.due) for t in plan.tasks] == [
        (t.code, t.lead, t.deadline.kind, t.deadline.due) for t in sample.tasks
    ]


def test_export_shape(sample):
    exported = plan_to_export(sample)
    assert set(exported) >= {
        "number",
        "issuer",
        "issued_on",
        "title",
        "replaces",
        "tasks",
        "duties",
        "targets",
    }
    task = exported["tasks"][0]
    assert set(task) >= {"code", "content", "lead", "support", "deadline"}
    assert task["deadline"]["due"] == "2026-10-31"


# --- clean plans written for these tests ----------------------------------------------------------------
PARTY_PLAN = """ĐẢNG BỘ XÃ HÒA BÌNH                      ĐẢNG CỘNG SẢN VIỆT NAM
BAN CHỈ ĐẠO
*
Số 03-KH/BCĐ                              Hòa Bình, ngày 02 tháng 3 năm 2026

KẾ HOẠCH
Thực hiện chuyển đổi số năm 2026

I. MỤC TIÊU
1. Mục tiêu chung
- Hoàn thành 100% nhiệm vụ trong năm 2026.

II. NHIỆM VỤ TRỌNG TÂM
1. Công tác chỉ đạo
1.1. Giao Văn phòng Đảng ủy chủ trì, phối hợp với Văn phòng HĐND và UBND xã theo dõi việc thực hiện
Kế hoạch; hoàn thành trước ngày 31/3/2026.
1.2. Đoàn Thanh niên xã tổ chức ra quân hướng dẫn người dân cài đặt VNeID, thực hiện hằng tháng.
2. Phát triển dữ liệu
2.1. Số hóa sổ hộ tịch còn lại của xã, hoàn thành trong Quý II/2026.
2.2. Công an xã làm sạch dữ liệu dân cư, hoàn thành trước 31/2/2026.
a) Rà soát dữ liệu công dân chưa có tài khoản định danh.
b) Hướng dẫn công dân kích hoạt tài khoản định danh mức 2.

III. TỔ CHỨC THỰC HIỆN
1. Các chi bộ báo cáo kết quả về Ban Chỉ đạo trước ngày 20 hằng tháng.
2. Văn phòng Đảng ủy tổng hợp, báo cáo Ban Thường vụ Đảng ủy hằng quý.
"""


def test_party_plan_metadata():
    plan = parse_plan(PARTY_PLAN)
    assert plan.number == "03-KH/BCĐ"
    assert plan.issued_on == date(2026, 3, 2)
    assert plan.title == "Thực hiện chuyển đổi số năm 2026"


def test_party_plan_tasks():
    plan = parse_plan(PARTY_PLAN)
    by_code = {}
    for t in plan.tasks:
        by_code.setdefault(t.code, []).append(t)
    assert set(by_code) == {"1.1", "1.2", "2.1", "2.2"}
    assert by_code["1.1"][0].lead == "Văn phòng Đảng ủy"
    assert by_code["1.1"][0].support == ["Văn phòng HĐND và UBND xã"]
    assert by_code["1.1"][0].deadline.due == date(2026, 3, 31)
    assert by_code["1.2"][0].lead == "Đoàn Thanh niên xã"
    assert by_code["1.2"][0].deadline.kind == "recurring"
    assert by_code["2.1"][0].lead is None  # no unit named: still a task
    assert by_code["2.1"][0].deadline.due == date(2026, 6, 30)
    # 2.2 has lettered sub-items: they are the tasks, led by the item's unit, and the item's impossible
    # deadline is reported, not guessed
    assert [t.lead for t in by_code["2.2"]] == ["Công an xã", "Công an xã"]
    assert all(t.deadline.due is None and t.deadline.problem for t in by_code["2.2"])
    assert plan.problems
    # goals are not tasks
    assert not any("100% nhiệm vụ" in t.content for t in plan.tasks)


def test_party_plan_duties():
    plan = parse_plan(PARTY_PLAN)
    assert [(d.frequency, d.day) for d in plan.duties] == [("monthly", 20), ("quarterly", None)]
    assert plan.duties[0].recipient == "Ban Chỉ đạo"


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


LABELLED_PLAN = """KẾ HOẠCH
Ứng dụng công nghệ số năm 2027

II. NHIỆM VỤ VÀ GIẢI PHÁP
1. Dữ liệu và dịch vụ công
- Số hóa hồ sơ đất đai còn tồn đọng (cơ quan chủ trì: Phòng Kinh tế; đơn vị phối hợp: Công an xã;
thời gian: Quý II/2027).
- Rà soát thủ tục hành chính trực tuyến. Đơn vị thực hiện: Trung tâm Phục vụ hành chính công.
Thời gian hoàn thành: tháng 9/2027.
- Lắp đặt điểm phát wifi miễn phí tại nhà văn hóa thôn (đơn vị chủ trì: Hợp tác xã Nông nghiệp Tân Lập).
"""


def test_title_case_roman_headings_delimit_sections():
    text = LABELLED_PLAN.replace("II. NHIỆM VỤ VÀ GIẢI PHÁP", "II. Nhiệm vụ và giải pháp") + (
        "III. Tổ chức thực hiện\n1. Các phòng, ban báo cáo kết quả về UBND xã trước ngày 20 hằng tháng.\n"
    )
    plan = parse_plan(text)
    assert len(plan.tasks) == 3
    assert [(d.frequency, d.day) for d in plan.duties] == [("monthly", 20)]


def test_labelled_leads_and_deadlines_inside_bullets():
    plan = parse_plan(LABELLED_PLAN)
    assert [(t.code, t.lead, t.deadline.due) for t in plan.tasks] == [
        ("1", "Phòng Kinh tế", date(2027, 6, 30)),
        ("1", "Trung tâm Phục vụ hành chính công", date(2027, 9, 30)),
        ("1", "Hợp tác xã Nông nghiệp Tân Lập", None),
    ]
    assert plan.tasks[0].support == ["Công an xã"]


def test_header_without_so_and_title_on_the_same_line():
    plan = parse_plan(
        "UBND XÃ TÂN AN\n12/KH-UBND   Tân An, ngày 3 tháng 4 năm 2026\nKẾ HOẠCH Chuyển đổi số năm 2026\n\n"
        "I. NHIỆM VỤ\n1. Phòng Kinh tế chủ trì số hóa bản đồ, hoàn thành trước 30/6/2026.\n"
    )
    assert (plan.number, plan.issuer, plan.issued_on) == ("12/KH-UBND", "UBND xã Tân An", date(2026, 4, 3))
    assert plan.title == "Chuyển đổi số năm 2026"
    assert [(t.code, t.lead, t.deadline.due) for t in plan.tasks] == [
        ("1", "Phòng Kinh tế", date(2026, 6, 30))
    ]


def test_roman_prefixed_codes_and_unstructured_text():
    text = "KẾ HOẠCH\nThử nghiệm\n\nIII. NHIỆM VỤ\nIII.2.3. Phòng Kinh tế chủ trì rà soát hạ tầng, hoàn thành trong tháng 5/2027.\n"
    plan = parse_plan(text)
    assert [(t.code, t.lead) for t in plan.tasks] == [("III.2.3", "Phòng Kinh tế")]
    assert parse_plan("").tasks == []
    assert parse_plan("chỉ là một dòng chữ bất kỳ").number is None


# --- the seeds (OCR-damaged) ----------------------------------------------------------------------------
@pytest.fixture
def seeds(seeds_dir):
    return {f.name[:3]: parse_plan(f.read_text(encoding="utf-8")) for f in sorted(seeds_dir.glob("*.txt"))}


def test_seed_numbers_and_dates(seeds):
    assert {k: (p.number, p.issued_on.isoformat()) for k, p in seeds.items()} == {
        "000": ("20/KH-UBND", "2025-08-11"),
        "001": ("47a/KH-UBND", "2025-07-11"),
        "002": ("17-KH/ĐU", "2025-12-13"),
        "003": ("01-KH/BCĐ", "2025-10-18"),
        "004": ("5749/KH-SCT", "2025-09-15"),
    }


def test_seed_ocr_codes_are_repaired(seeds):
    assert "3.4" in [t.code for t in seeds["000"].tasks]  # printed "34."
    assert "7.2" in [t.code for t in seeds["004"].tasks]  # printed "?.2."
    assert [t.code for t in seeds["000"].tasks].count("7.2") == 2  # a duplicate number stays two tasks


def test_seed_plan_without_leads_still_has_tasks(seeds):
    tasks = seeds["000"].tasks
    assert len(tasks) >= 30
    assert all(t.lead is None for t in tasks)


def test_seed_replaces_and_duties(seeds):
    assert seeds["004"].replaces == ["3845/KH-SCT"]
    assert [(d.frequency, d.day) for d in seeds["001"].duties] == [("monthly", 18), ("monthly", 20)]
    assert ("yearly", 5, 12) in [(d.frequency, d.day, d.month) for d in seeds["004"].duties]
    assert any(d.periods == ["3 thang", "6 thang", "1 ndm"] for d in seeds["002"].duties)


def test_seed_targets_table(seeds):
    targets = seeds["002"].targets
    assert len(targets) >= 10
    assert any("5G" in t.indicator for t in targets)


def test_seed_appendix_table_rows(seeds):
    table = [t for t in seeds["003"].tasks if t.source == "table"]
    assert len(table) == 10
    assert all(t.deadline.kind != "none" for t in table)
    assert table[-1].lead == "Sở Tài chính"


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
        ("1", "Công an phường", "date", date(2026, 11, 15)),
        ("1", "Công an phường", "recurring", None),
        ("2", "Văn phòng HĐND và UBND phường", "month", date(2026, 10, 31)),
        ("2", "Văn phòng HĐND và UBND phường", "recurring", None),
        ("3", "Phòng Kinh tế, Hạ tầng và Đô thị", "month", date(2026, 12, 31)),
        ("4", "Các tổ dân phố", "conditional", None),
    ]
    assert plan.tasks[4].support == ["Công an phường", "Trạm Y tế phường"]
    assert not any("Đề án 06 trên địa bàn phường, hoàn thành" in t.content for t in plan.tasks)  # a purpose
    assert [(d.frequency, d.day, d.month) for d in plan.duties] == [("monthly", 22, None), ("yearly", 10, 12)]
    assert plan.duties[0].text.startswith("Các đơn vị báo cáo")


@pytest.mark.parametrize(
    ("text", "title", "codes"),
    [
        # blank lines lost (OCR, copy-paste): the title stops at the first line that cannot carry it on
        (
            "Số: 7/KH-UBND\nKẾ HOẠCH\nRà soát đất đai năm 2026\nI. MỤC ĐÍCH\nBảo đảm dữ liệu.\n"
            "II. NHIỆM VỤ\n1. Phòng Kinh tế chủ trì rà soát hồ sơ đất đai, hoàn thành trước 30/11/2026.\n",
            "Rà soát đất đai năm 2026",
            ["1"],
        ),
        (
            "Số: 7/KH-UBND\nKẾ HOẠCH\nRà soát đất đai năm 2026\ntrên địa bàn xã\nCăn cứ Luật Đất đai năm 2024.\n"
            "1. Phòng Kinh tế chủ trì rà soát hồ sơ đất đai, hoàn thành trước 30/11/2026.\n",
            "Rà soát đất đai năm 2026 trên địa bàn xã",
            ["1"],
        ),
        (
            "Số: 7/KH-UBND\nKẾ HOẠCH\nII. NHIỆM VỤ\n"
            "1. Phòng Kinh tế chủ trì rà soát hồ sơ đất đai, hoàn thành trước 30/11/2026.\n",
            "",
            ["1"],
        ),
        (
            "Số: 7/KH-UBND\nKẾ HOẠCH\nRà soát đất đai\n-----\n"
            "1. Phòng Kinh tế chủ trì rà soát hồ sơ đất đai, hoàn thành trước 30/11/2026.\n"
            "2. Công an xã chủ trì làm sạch dữ liệu dân cư, hoàn thành trong tháng 12/2026.\n",
            "Rà soát đất đai",
            ["1", "2"],
        ),
        # with the blank line, a title of two lines is kept whole
        (
            "Số: 7/KH-UBND\nKẾ HOẠCH\nThực hiện chuyển đổi số\nnăm 2026\n\n"
            "1. Phòng Kinh tế chủ trì rà soát hồ sơ đất đai, hoàn thành trước 30/11/2026.\n",
            "Thực hiện chuyển đổi số năm 2026",
            ["1"],
        ),
    ],
)
def test_title_without_blank_lines_does_not_swallow_the_body(text, title, codes):
    plan = parse_plan(text)
    assert plan.title == title
    assert [t.code for t in plan.tasks] == codes


def _tasks_of(body: str):
    return parse_plan("Số: 9/KH-UBND\n\nKẾ HOẠCH\nChuyển đổi số năm 2026\n\nII. NHIỆM VỤ\n" + body).tasks


def test_lettered_bullet_opening_with_a_marked_capital_is_its_own_task():
    # "Ủ" sits among small letters in Unicode: it must not read as a lower-case continuation.
    tasks = _tasks_of(
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
    [task] = _tasks_of(body)
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
    [task] = _tasks_of(f"1. {sentence}\n")
    assert task.support == support


def test_a_partner_outside_the_registry_closing_a_lead_heading_is_kept_in_words():
    tasks = _tasks_of(
        "1.1. Phòng Kinh tế chủ trì, phối hợp với Hợp tác xã Nông nghiệp An Phú:\n"
        "- Xây dựng gian hàng trên sàn thương mại điện tử, hoàn thành trước 30/9/2026.\n"
        "1.2. Phòng Kinh tế chủ trì, phối hợp với Hợp tác xã An Phú tổ chức tập huấn bán hàng trực tuyến.\n"
    )
    assert [t.support for t in tasks] == [["Hợp tác xã Nông nghiệp An Phú"], []]


def test_a_replaced_plan_is_not_among_the_documents_implemented():
    plan = parse_plan(
        "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG\nSố: 1207/KH-SNNMT\n\nKẾ HOẠCH\nChuyển đổi số năm 2026\n\n"
        "Thực hiện Kế hoạch số 88/KH-UBND ngày 02/5/2026 của UBND tỉnh. Kế hoạch này thay thế "
        "Kế hoạch số 455/KH-SNNMT ngày 10/3/2025.\n\nII. NHIỆM VỤ\n"
        "1. Văn phòng Đăng ký đất đai chủ trì số hóa hồ sơ địa chính, hoàn thành trong năm 2027.\n"
    )
    assert plan.replaces == ["455/KH-SNNMT"]
    assert plan.implements == ["88/KH-UBND"]
    assert plan.tasks[0].lead == "Văn phòng Đăng ký đất đai"  # not "Văn phòng Đảng ủy"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Công an xã gửi báo cáo về UBND xã trước ngày 20/6 và 20/12 hằng năm.",
            [("yearly", 20, 6), ("yearly", 20, 12)],
        ),
        (
            "Định kỳ hằng tháng (trước ngày 25), Tổ công nghệ số cộng đồng báo cáo kết quả về UBND xã.",
            [("monthly", 25, None)],
        ),
        (
            "Phòng Văn hóa - Xã hội báo cáo kết quả thực hiện 6 tháng (trước ngày 15/6) và năm (trước ngày 15/12).",
            [("yearly", 15, 6), ("yearly", 15, 12)],
        ),
        ("Các thôn báo cáo tiến độ hằng tuần về UBND xã.", [("weekly", None, None)]),
        ("Các thôn báo cáo tiến độ về UBND xã hằng tuần vào thứ Sáu.", [("weekly", 5, None)]),
        ("Tổ công nghệ số báo cáo hằng tuần (chiều thứ 2) về UBND xã.", [("weekly", 1, None)]),
        ("Các phòng báo cáo hằng quý về UBND xã trước ngày 15 của tháng cuối quý.", [("quarterly", 15, 3)]),
        ("Các phòng báo cáo hằng quý về UBND xã trước ngày 05 của tháng đầu quý sau.", [("quarterly", 5, 1)]),
        ("Các phòng báo cáo định kỳ hằng quý về UBND xã.", [("quarterly", None, None)]),
        ("Các phòng báo cáo kết quả về UBND xã vào ngày 18 hằng tháng.", [("monthly", 18, None)]),
        # a one-off report is not a duty that repeats
        ("Phòng Kinh tế báo cáo kết quả về UBND xã trước ngày 30/11/2026.", []),
    ],
)
def test_reporting_duty_schedules(sentence, expected):
    plan = parse_plan(
        "Số: 9/KH-UBND\n\nKẾ HOẠCH\nChuyển đổi số\n\nII. NHIỆM VỤ\n"
        "1. Phòng Kinh tế chủ trì rà soát hồ sơ, hoàn thành trước 30/11/2026.\n\n"
        f"III. TỔ CHỨC THỰC HIỆN\n{sentence}\n"
    )
    assert [(d.frequency, d.day, d.month) for d in plan.duties] == expected


FIELDED_PLAN = """Số: 318/KH-UBND

KẾ HOẠCH
Nhiệm vụ chuyển đổi số quý IV năm 2026

II. NHIỆM VỤ CỤ THỂ
1. Số hóa sổ hộ tịch giai đoạn 2016 - 2020
- Đơn vị chủ trì: Phòng Văn hóa - Xã hội
- Đơn vị phối hợp: Công an phường, Tổ công nghệ số cộng đồng
- Thời gian hoàn thành: 30/11/2026
- Sản phẩm: Dữ liệu hộ tịch được cập nhật lên hệ thống
2. Triển khai thanh toán không dùng tiền mặt tại chợ
- Đơn vị chủ trì: Phòng Kinh tế, Hạ tầng và Đô thị
- Đơn vị phối hợp: Ban quản lý chợ
- Thời gian hoàn thành: Tháng 12/2026
3. Tuyên truyền sử dụng VNeID mức 2
- Cơ quan thực hiện: Công an phường
- Thời gian: Thường xuyên
4. Xây dựng kho dữ liệu dùng chung
- Chủ trì: Văn phòng HĐND và UBND phường
- Thời gian: Sau khi UBND thành phố ban hành hướng dẫn
"""
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
    [task] = _tasks_of(f"1. {sentence}\n")
    assert task.lead == lead


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


def test_header_laid_out_as_a_two_column_table():
    # A .docx header is often a borderless table: issuer and number left, motto and date right.
    plan = parse_plan(
        "ỦY BAN NHÂN DÂN XÃ AN PHÚ | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc\n"
        "Số: 77/KH-UBND | An Phú, ngày 10 tháng 9 năm 2026\n\nKẾ HOẠCH\n\nChuyển đổi số năm 2026\n\n"
        "I. NHIỆM VỤ\n\n1. Phòng Kinh tế chủ trì rà soát hồ sơ đất đai, hoàn thành trước 30/11/2026.\n"
    )
    assert (plan.number, plan.issuer, plan.issued_on, plan.title) == (
        "77/KH-UBND",
        "UBND xã An Phú",
        date(2026, 9, 10),
        "Chuyển đổi số năm 2026",
    )


def test_table_partner_cell_with_a_name_that_holds_a_comma():
    table = (
        "TT | Nhiệm vụ | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian hoàn thành\n"
        "1 | Lắp wifi công cộng | Công an phường | Phòng Kinh tế, Hạ tầng và Đô thị, Hợp tác xã An Phú | 30/6/2027\n"
    )
    [task] = parse_plan(f"Số: 41/KH-UBND\n\nKẾ HOẠCH\nChuyển đổi số\n\nII. NHIỆM VỤ\n{table}").tasks
    assert task.support == ["Phòng Kinh tế, Hạ tầng và Đô thị", "Hợp tác xã An Phú"]
