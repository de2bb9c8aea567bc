"""Read a plan document (.txt, .docx, .pdf) into plain text, refusing what cannot or should not be read.

Limits protect the ingest: files over 20 MB, .docx archives that would inflate past the limit (zip bombs),
empty files, PDFs without a text layer and unknown types each raise `DocumentError` with a one-line message
saying what is wrong and what to do.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from pathlib import Path

MAX_BYTES = 20 * 1024 * 1024
MAX_UNCOMPRESSED = 100 * 1024 * 1024  # all parts of a .docx together
MAX_RATIO = 200  # uncompressed/compressed of one part; real .docx XML stays far below
SUPPORTED = (".txt", ".docx", ".pdf")


class DocumentError(Exception):
    """A document that cannot be read; the message is one line, fit to show a user."""


def read_document(path: str | Path) -> str:
    """Text of the document at `path`: paragraphs and tables in order (table rows as "a | b | c")."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise DocumentError(
            f"{path.name}: unsupported file type '{suffix or '(none)'}'; send a .txt, .docx or .pdf plan"
        )
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DocumentError(f"{path.name}: cannot open the file ({exc.strerror or exc})") from exc
    if size == 0:
        raise DocumentError(f"{path.name}: the file is empty; send the plan's full text")
    if size > MAX_BYTES:
        raise DocumentError(
            f"{path.name}: the file is {size / 1048576:.1f} MB, over the 20 MB limit; split it or send the text"
        )
    if suffix == ".txt":
        text = _read_txt(path)
    elif suffix == ".docx":
        text = _read_docx(path)
    else:
        text = _read_pdf(path)
    if not text.strip():
        raise DocumentError(f"{path.name}: no text found in the document; send a file with the plan's text")
    return text


def _read_txt(path: Path) -> str:
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise DocumentError(f"{path.name}: this looks like a binary file, not text; send .txt, .docx or .pdf")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Vietnamese files saved by older Windows tools are Windows-1258; fall back to it, then Latin-1
    # (which never fails) so nothing is lost.
    for encoding in ("cp1258", "latin-1"):
        try:
            # cp1258 writes tone marks as combining characters: compose them back.
            return unicodedata.normalize("NFC", data.decode(encoding))
        except UnicodeDecodeError:
            continue
    raise DocumentError(f"{path.name}: unknown text encoding; save the file as UTF-8")  # pragma: no cover


def _check_zip(path: Path) -> None:
    """Refuse a .docx whose parts would inflate beyond the limits, before any XML is parsed."""
    try:
        with zipfile.ZipFile(path) as archive:
            total = 0
            for info in archive.infolist():
                total += info.file_size
                if total > MAX_UNCOMPRESSED:
                    raise DocumentError(
                        f"{path.name}: the document unpacks to more than {MAX_UNCOMPRESSED // 1048576} MB; "
                        "refused as unsafe (zip bomb?)"
                    )
                if (
                    info.compress_size
                    and info.file_size / info.compress_size > MAX_RATIO
                    and info.file_size > 1048576
                ):
                    raise DocumentError(
                        f"{path.name}: a part of the document is compressed suspiciously; refused"
                    )
            if "word/document.xml" not in archive.namelist():
                raise DocumentError(f"{path.name}: not a Word document (word/document.xml missing)")
    except zipfile.BadZipFile as exc:
        raise DocumentError(f"{path.name}: the .docx file is corrupt or not a Word document") from exc


def _read_docx(path: Path) -> str:
    _check_zip(path)
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(str(path))
    except DocumentError:
        raise
    except Exception as exc:  # python-docx raises many kinds on damaged files
        raise DocumentError(f"{path.name}: the .docx file cannot be read ({type(exc).__name__})") from exc
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(child, document)
            text = paragraph.text
            if text.strip() and _is_list_item(paragraph) and not _MARKER_RE.match(text):
                # Word draws list bullets and numbers itself; write a dash so the item stays an item.
                text = "- " + text.strip()
            # A blank line after each paragraph: in a .docx every paragraph is a real one, unlike the
            # hard-wrapped lines of OCR text.
            lines.extend((text, ""))
        elif tag == "tbl":
            lines.extend(_table_lines(Table(child, document)))
    return "\n".join(lines)


_MARKER_RE = re.compile(r"^\s*(?:[-–—•+*]|\d{1,2}(?:\.\d{1,2})*[.)]|[a-zđ]\)|[IVX]{1,4}\.)")


def _is_list_item(paragraph) -> bool:
    """Numbered or bulleted in Word: numbering on the paragraph itself or through its list style."""
    ppr = paragraph._p.pPr
    if ppr is not None and ppr.numPr is not None:
        return True
    style = paragraph.style
    while style is not None:
        spr = style.element.pPr
        if spr is not None and spr.numPr is not None:
            return True
        style = style.base_style
    return False


def _table_lines(table) -> list[str]:
    out = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            # Merged cells repeat the same cell object across the grid: keep it once.
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(cell.text.split()))
        out.append(" | ".join(cells))
    out.append("")
    return out


def _read_pdf(path: Path) -> str:
    try:
        from pypdf import PdfReader

        reader = PdfReader(str(path))
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception as exc:
                raise DocumentError(
                    f"{path.name}: the PDF is password-protected; send an unlocked copy"
                ) from exc
        pages = [page.extract_text() or "" for page in reader.pages]
    except DocumentError:
        raise
    except Exception as exc:  # pypdf raises many kinds on damaged files
        raise DocumentError(
            f"{path.name}: the PDF file is corrupt or cannot be read ({type(exc).__name__})"
        ) from exc
    text = "\n".join(pages)
    if not text.strip():
        raise DocumentError(
            f"{path.name}: the PDF has no text layer (a scan); run OCR on it and send the text or a searchable PDF"
        )
    return text
