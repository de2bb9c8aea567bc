"""Read a plan document (.txt, .docx, .pdf) into plain text, refusing what cannot or should not be read.

Limits protect the ingest: files over 20 MB, .docx archives that would inflate past the limit (zip bombs),
empty files, PDFs without a text layer and unknown types each raise `DocumentError` with a one-line message
saying what is wrong and what to do.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

MAX_BYTES = 20 * 1024 * 1024
MAX_UNCOMPRESSED = 100 * 1024 * 1024  # all parts of a .docx together
MAX_RATIO = 200  # uncompressed/compressed of one part; real .docx XML stays far below
MAX_PARTS = 5000  # a real .docx has tens of parts (a few hundred with many images)
SUPPORTED = (".txt", ".docx", ".pdf")


class DocumentError(Exception):
    """A document that cannot be read: a catalog key ("doc.<key>", knowledge/locales/*/documents.po) and
    its values. `message(lang)` is the one line to show a user; str() is the English one, for logs."""

    def __init__(self, key: str, name: str, **values) -> None:
        self.key, self.name, self.values = key, name, values
        super().__init__(self.message("en"))

    def message(self, lang: str) -> str:
        from knowledge.messages import t

        return t(lang, f"doc.{self.key}", name=self.name, **self.values)

    def __reduce__(self):
        # Refusals come back from the worker processes that read files: pickled with their values.
        return _document_error, (self.key, self.name, self.values)


def _document_error(key: str, name: str, values: dict) -> DocumentError:
    return DocumentError(key, name, **values)


def check_size(path: Path) -> None:
    """Refuse a file that cannot be opened, is empty, or is larger than the readers take."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DocumentError("cannot_open", path.name, reason=exc.strerror or str(exc)) from exc
    if size == 0:
        raise DocumentError("empty", path.name)
    if size > MAX_BYTES:
        raise DocumentError("too_large", path.name, mb=f"{size / 1048576:.1f}", limit=MAX_BYTES // 1048576)


def read_document(path: str | Path) -> str:
    """Text of the document at `path`: paragraphs and tables in order (table rows as "a | b | c")."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise DocumentError("unsupported", path.name, suffix=suffix or "(none)")
    check_size(path)
    if suffix == ".txt":
        text = _read_txt(path)
    elif suffix == ".docx":
        text = _read_docx(path)
    else:
        text = _read_pdf(path)
    if not text.strip():
        raise DocumentError("no_text", path.name)
    return text


def _read_txt(path: Path) -> str:
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:  # an odd number of bytes, or half a surrogate pair
            raise DocumentError("cut_utf16", path.name) from exc
    if b"\x00" in data[:4096]:
        raise DocumentError("binary", path.name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Not UTF-8: a Vietnamese file saved by older tools (ABC/TCVN3, VNI, VISCII, Windows-1258). The
    # encoding whose words read as Vietnamese wins; when none does, refuse rather than store garbage.
    from knowledge.legacy_encodings import LegacyEncodingError, decode_text

    try:
        return decode_text(data)[0]
    except LegacyEncodingError as exc:
        raise DocumentError("legacy_encoding", path.name, encoding=exc.encoding) from exc


def _check_zip(path: Path) -> None:
    """Refuse a .docx whose parts would inflate beyond the limits, before any XML is parsed."""
    try:
        with zipfile.ZipFile(path) as archive:
            if len(archive.infolist()) > MAX_PARTS:
                raise DocumentError("suspicious_zip", path.name)
            total = 0
            for info in archive.infolist():
                total += info.file_size
                if total > MAX_UNCOMPRESSED:
                    raise DocumentError("unpacks_too_large", path.name, limit=MAX_UNCOMPRESSED // 1048576)
                if (
                    info.compress_size
                    and info.file_size / info.compress_size > MAX_RATIO
                    and info.file_size > 1048576
                ):
                    raise DocumentError("suspicious_zip", path.name)
            if "word/document.xml" not in archive.namelist():
                raise DocumentError("not_word", path.name)
    except zipfile.BadZipFile as exc:
        raise DocumentError("corrupt_docx", path.name) from exc


def _read_docx(path: Path) -> str:
    _check_zip(path)
    try:
        import docx

        document = docx.Document(str(path))
    except DocumentError:
        raise
    except Exception as exc:  # python-docx raises many kinds on damaged files
        raise DocumentError("unreadable_docx", path.name, reason=type(exc).__name__) from exc
    try:
        return _docx_text(document)
    except (ValueError, TypeError, KeyError, AttributeError, IndexError, RecursionError) as exc:
        # Damage found only while walking the body (a bad attribute, a dangling reference).
        raise DocumentError("unreadable_docx", path.name, reason=type(exc).__name__) from exc


def _docx_text(document) -> str:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines: list[str] = []
    body = document.element.body
    numbering = _ListNumbers(document)
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(child, document)
            text = paragraph.text
            label = numbering.label(paragraph) if text.strip() else None
            if label is not None and not _MARKER_RE.match(text):
                # Word draws list numbers itself ("1.1.", "a)"): write them as the document shows them,
                # so the item keeps its code and its place under its heading; bullets become dashes.
                text = f"{label} {text.strip()}"
            # A blank line after each paragraph: in a .docx every paragraph is a real one, unlike the
            # hard-wrapped lines of OCR text.
            lines.extend((text, ""))
        elif tag == "tbl":
            lines.extend(_table_lines(Table(child, document)))
    return "\n".join(lines)


_MARKER_RE = re.compile(r"^\s*(?:[-–—•+*]|\d{1,2}(?:\.\d{1,2})*[.)]|[a-zđ]\)|[IVX]{1,4}\.)")


_W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _w(name: str) -> str:
    return f"{_W_NS}{name}"


def _val(element, name: str) -> str | None:
    found = element.find(_w(name)) if element is not None else None
    return found.get(_w("val")) if found is not None else None


_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]  # fmt: skip


# Word's own bounds: list levels 0-8, a start number up to 32767. A file may say anything ("x",
# 999999999999); what lies outside is read as Word would not write it: ignored or clamped.
_MAX_LEVEL = 8
_MAX_START = 32767
_MAX_STYLE_CHAIN = 64
_ROMAN_UP_TO = 3999  # beyond, Roman numerals need overlines: written in digits


def _level(raw: str | None) -> int | None:
    """A list level (w:ilvl) 0-8, or None for anything else ("x", "-1", "99999")."""
    if raw is None:
        return 0
    raw = raw.strip()
    return int(raw) if raw.isdigit() and int(raw) <= _MAX_LEVEL else None


def _start(raw: str | None) -> int:
    """A list's start number (w:start, w:startOverride), 1 when absent or unreadable, at most 32767."""
    raw = (raw or "").strip()
    return min(int(raw), _MAX_START) if raw.isdigit() else 1


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letters = ""
        while n > 0:
            n, rest = divmod(n - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters if fmt == "lowerLetter" else letters.upper()
    if fmt in ("lowerRoman", "upperRoman") and 0 < n <= _ROMAN_UP_TO:
        return _roman(n).lower() if fmt == "lowerRoman" else _roman(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)  # decimal and the rarer formats


class _ListNumbers:
    """The numbers Word draws in front of list paragraphs ("I.", "1.2.", "a)"), counted in document order.

    Each w:num points to an abstract definition whose levels give a start, a format and a text such as
    "%1.%2."; a paragraph takes its numbering directly (w:numPr) or from its style. Counting a level resets
    the levels below it. Good enough for plans (not every Word feature: restart rules, legal numbering).
    """

    def __init__(self, document) -> None:
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}  # numId -> ilvl -> (start, fmt, text)
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return  # no numbering part: no lists
        abstract: dict[str, dict[int, tuple[int, str, str]]] = {}
        for definition in root.findall(_w("abstractNum")):
            levels = {}
            for lvl in definition.findall(_w("lvl")):
                level = _level(lvl.get(_w("ilvl")))
                if level is not None:
                    levels[level] = (_start(_val(lvl, "start")), _val(lvl, "numFmt") or "decimal",
                                     _val(lvl, "lvlText") or "")  # fmt: skip
            abstract[definition.get(_w("abstractNumId"))] = levels
        for num in root.findall(_w("num")):
            levels = dict(abstract.get(_val(num, "abstractNumId"), {}))
            for override in num.findall(_w("lvlOverride")):
                ilvl = _level(override.get(_w("ilvl")))
                start = _val(override, "startOverride")
                if start and start.isdigit() and ilvl in levels:
                    levels[ilvl] = (_start(start), *levels[ilvl][1:])
            self.levels[num.get(_w("numId"))] = levels

    def _num_pr(self, paragraph) -> tuple[str, int] | None:
        ppr = paragraph._p.pPr
        num_pr = ppr.numPr if ppr is not None else None
        style = paragraph.style
        seen: set[str | None] = set()
        # A style may be based on itself, or two on each other: follow the chain once, never round.
        while (
            num_pr is None
            and style is not None
            and style.style_id not in seen
            and len(seen) < _MAX_STYLE_CHAIN
        ):
            seen.add(style.style_id)
            spr = style.element.pPr
            num_pr = spr.numPr if spr is not None else None
            style = style.base_style
        if num_pr is None:
            return None
        num_id = _val(num_pr, "numId")
        if not num_id or num_id == "0":
            return None  # numbering switched off
        return num_id, _level(_val(num_pr, "ilvl")) or 0

    def label(self, paragraph) -> str | None:
        """The paragraph's list label ("1.2.", "a)", "-" for a bullet), or None if it is not a list item."""
        found = self._num_pr(paragraph)
        if found is None:
            return None
        num_id, ilvl = found
        levels = self.levels.get(num_id, {})
        start, fmt, text = levels.get(ilvl, (1, "decimal", f"%{ilvl + 1}."))
        if fmt in ("bullet", "none") or not text:
            return "-"  # a bullet (or a number Word hides) keeps the paragraph an item
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]

        def number(match: re.Match) -> str:
            k = int(match.group(1)) - 1
            k_start, k_fmt, _ = levels.get(k, (1, "decimal", ""))
            return _format_number(counters.get(k, k_start), k_fmt)

        return re.sub(r"%([1-9])", number, text).strip() or "-"


_MAX_MERGE_ROWS = 200  # a vertical merge is followed this many rows up at most


def _merge_root(tc):
    """The cell holding the text of a vertically merged cell (w:vMerge="continue"), or None."""
    for _ in range(_MAX_MERGE_ROWS):
        if tc.vMerge != "continue":
            return tc
        try:
            above = tc._tc_above
        except (ValueError, IndexError):  # "continue" in the first row, or nothing above: it starts here
            return tc
        if above is None:
            return tc
        tc = above
    return None


_MAX_GRID_COLUMNS = 64  # a hostile file may declare any width; no plan table is wider


def _grid_span(tc) -> int:
    try:
        return int(tc.grid_span)
    except (TypeError, ValueError):
        return 1


def _cell_text(cell) -> str:
    """A cell's paragraphs on one line. Department plans list coordinators one per paragraph inside a
    cell ("Văn phòng Sở" / "Thanh tra Sở"): the paragraphs are joined with "; " so the names stay apart."""
    paragraphs = [" ".join(p.text.split()) for p in cell.paragraphs]
    paragraphs = [p for p in paragraphs if p]
    if len(paragraphs) > 1:
        return "; ".join(p.rstrip(";,") for p in paragraphs)
    return paragraphs[0] if paragraphs else " ".join(cell.text.split())


def _table_lines(table) -> list[str]:
    from docx.table import _Cell

    out = []
    width = min(len(table._tbl.tblGrid.gridCol_lst), _MAX_GRID_COLUMNS)
    for row in table.rows:
        cells: list[str] = []
        # Each w:tc once (python-docx's row.cells repeats a cell once per grid column it spans: a
        # gridSpan of 10^9 would be 10^9 entries); a vertically merged cell shows its first row's text.
        for tc in row._tr.tc_lst:
            root = _merge_root(tc)
            cells.append(_cell_text(_Cell(root, table)) if root is not None else "")
            # A cell spanning columns (a group row: "I. Nhiệm vụ về thể chế" across the table) keeps the
            # row's width, so the row still reads as a row of the table, not as a heading of its own.
            span = min(_grid_span(tc), width) - 1
            cells.extend([""] * max(0, min(span, width - len(cells))))
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
                raise DocumentError("pdf_password", path.name) from exc
        pages = [page.extract_text() or "" for page in reader.pages]
    except DocumentError:
        raise
    except Exception as exc:  # pypdf raises many kinds on damaged files
        raise DocumentError("corrupt_pdf", path.name, reason=type(exc).__name__) from exc
    text = "\n".join(pages)
    if not text.strip():
        raise DocumentError("pdf_scan", path.name)
    return text
