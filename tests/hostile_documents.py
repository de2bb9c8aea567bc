"""Crafted documents that once hung or crashed the readers, for tests and benchmarks/bench_fuzz.py.

Each builder writes one file at `path`. They are small (a few kB) and look like plans to a quick glance.
"""

from __future__ import annotations

import zipfile

import docx
from docx.oxml import parse_xml

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
TASK = "1. Phòng Kinh tế chủ trì rà soát dữ liệu đất đai, hoàn thành trước 30/6/2026."


def _styled(path, styles_xml: str, style_id: str) -> None:
    d = docx.Document()
    for element in parse_xml(f"<w:wrap {W_NS}>{styles_xml}</w:wrap>"):
        d.styles.element.append(element)
    p = d.add_paragraph(TASK)
    p._p.get_or_add_pPr().append(parse_xml(f'<w:pStyle {W_NS} w:val="{style_id}"/>'))
    d.save(path)


def _style(style_id: str, based_on: str) -> str:
    return (
        f'<w:style {W_NS} w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{style_id}"/>'
        f'<w:basedOn w:val="{based_on}"/></w:style>'
    )


def style_based_on_itself(path) -> None:
    _styled(path, _style("Loop", "Loop"), "Loop")


def styles_based_on_each_other(path) -> None:
    _styled(path, _style("A", "B") + _style("B", "A"), "A")


def _numbered(path, lvl_xml: str, num_pr_xml: str) -> None:
    d = docx.Document()
    numbering = d.part.numbering_part.element
    numbering.insert(0, parse_xml(f'<w:abstractNum {W_NS} w:abstractNumId="4242">{lvl_xml}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {W_NS} w:numId="4242"><w:abstractNumId w:val="4242"/></w:num>'))
    for _ in range(3):
        p = d.add_paragraph(TASK[3:])
        p._p.get_or_add_pPr().append(parse_xml(f"<w:numPr {W_NS}>{num_pr_xml}</w:numPr>"))
    d.save(path)


def roman_numbering_from_999999999999(path) -> None:
    _numbered(
        path,
        '<w:lvl w:ilvl="0"><w:start w:val="999999999999"/><w:numFmt w:val="upperRoman"/>'
        '<w:lvlText w:val="%1."/></w:lvl>',
        '<w:ilvl w:val="0"/><w:numId w:val="4242"/>',
    )


def list_level_x(path) -> None:
    _numbered(
        path,
        '<w:lvl w:ilvl="x"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>',
        '<w:ilvl w:val="x"/><w:numId w:val="4242"/>',
    )


def _table(path, rows_xml: str) -> None:
    d = docx.Document()
    d.add_paragraph("KẾ HOẠCH")
    table = d.add_table(rows=1, cols=1)
    tbl = table._tbl
    for tr in list(tbl.tr_lst):
        tbl.remove(tr)
    for row in parse_xml(f"<w:wrap {W_NS}>{rows_xml}</w:wrap>"):
        tbl.append(row)
    d.save(path)


def cell_spanning_a_billion_columns(path) -> None:
    _table(
        path,
        f'<w:tr {W_NS}><w:tc><w:tcPr><w:gridSpan w:val="1000000000"/></w:tcPr><w:p><w:r><w:t>{TASK}</w:t>'
        "</w:r></w:p></w:tc></w:tr>",
    )


def merge_continued_from_nowhere(path) -> None:
    _table(
        path,
        f"<w:tr {W_NS}><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p><w:r><w:t>{TASK}</w:t></w:r></w:p></w:tc></w:tr>",
    )


def deeply_nested_tables(path, depth: int = 400) -> None:
    inner = f"<w:p><w:r><w:t>{TASK}</w:t></w:r></w:p>"
    for _ in range(depth):
        inner = f"<w:tbl><w:tr><w:tc>{inner}<w:p/></w:tc></w:tr></w:tbl>"
    d = docx.Document()
    d.save(path)
    _replace_part(path, "word/document.xml", f"<w:document {W_NS}><w:body>{inner}</w:body></w:document>")


def _replace_part(path, name: str, xml: str) -> None:
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts[name] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in parts.items():
            archive.writestr(part, data)


def zip_of_many_parts(path, count: int = 20_000) -> None:
    d = docx.Document()
    d.add_paragraph(TASK)
    d.save(path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_STORED) as archive:
        for i in range(count):
            archive.writestr(f"customXml/x{i}.xml", b"")


def pdf_with_a_page_tree_cycle(path) -> None:
    """A PDF whose page tree lists itself as its own kid."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
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


BUILDERS = {
    "style_self.docx": style_based_on_itself,
    "style_pair.docx": styles_based_on_each_other,
    "roman_huge.docx": roman_numbering_from_999999999999,
    "ilvl_x.docx": list_level_x,
    "grid_span.docx": cell_spanning_a_billion_columns,
    "vmerge_top.docx": merge_continued_from_nowhere,
    "nested.docx": deeply_nested_tables,
    "many_parts.docx": zip_of_many_parts,
    "page_cycle.pdf": pdf_with_a_page_tree_cycle,
}
