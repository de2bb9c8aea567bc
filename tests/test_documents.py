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
