"""read_document: .txt/.docx/.pdf text, and a clear DocumentError for everything it must refuse."""

from __future__ import annotations

import unicodedata
import zipfile

import docx
import pytest

from knowledge.documents import MAX_BYTES, DocumentError, read_document


def _pdf(path, text: str | None) -> None:
    """Write a minimal valid one-page PDF; with `text` it has a text layer (Helvetica), without it none."""
    content = b"" if text is None else b"BT /F1 12 Tf 72 720 Td (" + text.encode("latin-1") + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))


def test_txt_utf8_is_read_as_is(tmp_path):
    f = tmp_path / "plan.txt"
    f.write_text("KẾ HOẠCH\n1.1. Phòng Văn hóa – Xã hội chủ trì", encoding="utf-8")
    assert read_document(f) == "KẾ HOẠCH\n1.1. Phòng Văn hóa – Xã hội chủ trì"


def test_txt_with_bom_drops_it(tmp_path):
    f = tmp_path / "plan.txt"
    f.write_bytes("\ufeffKế hoạch".encode())
    assert read_document(f) == "Kế hoạch"


def _cp1258(text: str) -> bytes:
    """Encode like old Vietnamese Windows tools: base letters precomposed, tone marks combining."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            nfd = unicodedata.normalize("NFD", ch)
            try:
                out += (unicodedata.normalize("NFC", nfd[:2]) + nfd[2:]).encode("cp1258")
            except UnicodeEncodeError:
                out += nfd.encode("cp1258")
    return out


def test_txt_legacy_encoding_falls_back_without_losing_text(tmp_path):
    f = tmp_path / "plan.txt"
    f.write_bytes(_cp1258("Kế hoạch số 12/KH-UBND"))
    assert read_document(f) == "Kế hoạch số 12/KH-UBND"


def test_docx_paragraphs_and_tables_in_document_order(tmp_path):
    d = docx.Document()
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("I. NHIỆM VỤ")
    table = d.add_table(rows=2, cols=3)
    for i, value in enumerate(["Nội dung", "Cơ quan chủ trì", "Thời hạn"]):
        table.rows[0].cells[i].text = value
    for i, value in enumerate(["Số hóa hồ sơ", "Phòng Kinh tế", "31/12/2026"]):
        table.rows[1].cells[i].text = value
    d.add_paragraph("II. TỔ CHỨC THỰC HIỆN")
    f = tmp_path / "plan.docx"
    d.save(f)
    lines = [line for line in read_document(f).splitlines() if line]
    assert lines == [
        "KẾ HOẠCH",
        "I. NHIỆM VỤ",
        "Nội dung | Cơ quan chủ trì | Thời hạn",
        "Số hóa hồ sơ | Phòng Kinh tế | 31/12/2026",
        "II. TỔ CHỨC THỰC HIỆN",
    ]


def test_docx_list_paragraphs_become_bullets(tmp_path):
    d = docx.Document()
    d.add_paragraph("1.1. Phòng Kinh tế chủ trì:")
    d.add_paragraph("Số hóa hồ sơ đất đai.", style="List Bullet")
    d.add_paragraph("- Đã có gạch đầu dòng.", style="List Bullet")
    f = tmp_path / "plan.docx"
    d.save(f)
    lines = [line for line in read_document(f).splitlines() if line]
    assert lines == ["1.1. Phòng Kinh tế chủ trì:", "- Số hóa hồ sơ đất đai.", "- Đã có gạch đầu dòng."]


def test_pdf_with_text_layer(tmp_path):
    f = tmp_path / "plan.pdf"
    _pdf(f, "Ke hoach so 12/KH-UBND")
    assert "Ke hoach so 12/KH-UBND" in read_document(f)


@pytest.mark.parametrize(
    ("name", "payload", "needle"),
    [
        ("plan.xlsx", b"data", "unsupported file type"),
        ("plan", b"data", "unsupported file type"),
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"   \n\n  ", "no text"),
        ("binary.txt", b"\x00\x01\x02abc", "binary"),
        ("broken.docx", b"this is not a zip archive", "corrupt"),
        ("broken.pdf", b"%PDF-1.4 garbage that is not a pdf", "PDF"),
    ],
)
def test_bad_files_raise_one_line_error(tmp_path, name, payload, needle):
    f = tmp_path / name
    f.write_bytes(payload)
    with pytest.raises(DocumentError) as info:
        read_document(f)
    message = str(info.value)
    assert needle in message
    assert "\n" not in message
    assert name in message


def test_pdf_without_text_layer_is_refused(tmp_path):
    f = tmp_path / "scan.pdf"
    _pdf(f, None)
    with pytest.raises(DocumentError, match="no text layer"):
        read_document(f)


def test_missing_file(tmp_path):
    with pytest.raises(DocumentError, match="cannot open"):
        read_document(tmp_path / "nowhere.txt")


def test_file_over_20_mb_is_refused_before_reading(tmp_path):
    f = tmp_path / "big.txt"
    with f.open("wb") as fh:
        fh.truncate(MAX_BYTES + 1)  # sparse: no 20 MB write needed
    with pytest.raises(DocumentError, match="20 MB"):
        read_document(f)


def test_zip_bomb_docx_is_refused_before_parsing(tmp_path):
    f = tmp_path / "bomb.docx"
    with zipfile.ZipFile(f, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<" + b" " * (120 * 1024 * 1024) + b"/>")
    assert f.stat().st_size < MAX_BYTES
    with pytest.raises(DocumentError, match="unsafe|suspicious"):
        read_document(f)


def test_zip_without_word_part_is_not_a_docx(tmp_path):
    f = tmp_path / "other.docx"
    with zipfile.ZipFile(f, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(DocumentError, match="not a Word document"):
        read_document(f)


W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
# One multi-level list as Word writes it: "I.", "1.", "1.1.", "a)"; and a bullet list.
NUMBERING = f"""
<w:abstractNum {W_NS} w:abstractNumId="90">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2.%3."/></w:lvl>
  <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%4)"/></w:lvl>
</w:abstractNum>
<w:abstractNum {W_NS} w:abstractNumId="91">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
</w:abstractNum>
<w:num {W_NS} w:numId="90"><w:abstractNumId w:val="90"/></w:num>
<w:num {W_NS} w:numId="91"><w:abstractNumId w:val="91"/></w:num>
<w:num {W_NS} w:numId="92"><w:abstractNumId w:val="90"/>
  <w:lvlOverride w:ilvl="0"><w:startOverride w:val="3"/></w:lvlOverride></w:num>
"""


def _numbered_docx(path, paragraphs) -> None:
    """A .docx whose paragraphs carry Word's automatic numbering: (num id or None, level, text)."""
    from docx.oxml import parse_xml

    d = docx.Document()
    numbering = d.part.numbering_part.element
    xml = f"<w:wrap {W_NS}>{NUMBERING}</w:wrap>"
    for position, element in enumerate(list(parse_xml(xml))):
        if element.tag.endswith("abstractNum"):
            numbering.insert(position, element)
        else:
            numbering.append(element)
    for num_id, level, text in paragraphs:
        p = d.add_paragraph(text)
        if num_id is not None:
            p._p.get_or_add_pPr().append(
                parse_xml(f'<w:numPr {W_NS}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')
            )
    d.save(path)


def test_docx_automatic_numbering_is_written_out(tmp_path):
    f = tmp_path / "plan.docx"
    _numbered_docx(
        f,
        [
            (90, 0, "NHIỆM VỤ"),
            (90, 1, "Hạ tầng số"),
            (90, 2, "Phòng Kinh tế chủ trì:"),
            (91, 0, "Nâng cấp wifi công cộng."),
            (90, 2, "Công an xã chủ trì:"),
            (90, 3, "Làm sạch dữ liệu dân cư."),
            (90, 3, "Cấp tài khoản định danh."),
            (90, 1, "Nguồn nhân lực"),
            (90, 2, "Bồi dưỡng kỹ năng số."),
            (None, 0, "Đoạn thường."),
            (92, 0, "TỔ CHỨC THỰC HIỆN"),
            (90, 1, "1. Đã đánh số tay."),
        ],
    )
    lines = [line for line in read_document(f).splitlines() if line]
    assert lines == [
        "I. NHIỆM VỤ",
        "1. Hạ tầng số",
        "1.1. Phòng Kinh tế chủ trì:",
        "- Nâng cấp wifi công cộng.",
        "1.2. Công an xã chủ trì:",
        "a) Làm sạch dữ liệu dân cư.",
        "b) Cấp tài khoản định danh.",
        "2. Nguồn nhân lực",
        "2.1. Bồi dưỡng kỹ năng số.",
        "Đoạn thường.",
        "III. TỔ CHỨC THỰC HIỆN",  # another list on the same definition, told to start at 3
        "1. Đã đánh số tay.",  # a number typed by hand is not doubled
    ]


def test_docx_numbered_plan_keeps_codes_and_leads(tmp_path):
    from knowledge.plan_parser import parse_plan

    f = tmp_path / "plan.docx"
    _numbered_docx(
        f,
        [
            (None, 0, "Số: 12/KH-UBND"),
            (None, 0, "KẾ HOẠCH"),
            (None, 0, "Chuyển đổi số năm 2026"),
            (90, 0, "NHIỆM VỤ"),
            (90, 1, "Hạ tầng số"),
            (90, 2, "Phòng Kinh tế chủ trì:"),
            (91, 0, "Nâng cấp wifi công cộng, hoàn thành trước 30/9/2026."),
            (90, 2, "Công an xã chủ trì làm sạch dữ liệu dân cư, hoàn thành trong tháng 12/2026."),
        ],
    )
    plan = parse_plan(read_document(f))
    assert [(t.code, t.lead) for t in plan.tasks] == [("1.1", "Phòng Kinh tế"), ("1.2", "Công an xã")]


@pytest.mark.parametrize(
    ("name", "payload", "vi", "en"),
    [
        ("empty.txt", b"", "tệp trống", "the file is empty"),
        ("plan.xlsx", b"data", "không hỗ trợ loại tệp '.xlsx'", "unsupported file type '.xlsx'"),
        ("broken.docx", b"not a zip", "bị hỏng", "corrupt"),
    ],
)
def test_refusals_are_told_in_the_users_language(tmp_path, name, payload, vi, en):
    f = tmp_path / name
    f.write_bytes(payload)
    with pytest.raises(DocumentError) as caught:
        read_document(f)
    assert vi in caught.value.message("vi") and name in caught.value.message("vi")
    assert en in caught.value.message("en") and en in str(caught.value)  # logs read English
