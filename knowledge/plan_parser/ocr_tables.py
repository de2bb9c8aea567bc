"""Task tables whose cell separators were lost: OCR'd tables (cells printed as interleaved lines, rows anchored
on their deadline cells) and PDF text (the row number alone on a line, then its cells one after another)."""

from __future__ import annotations

import re
from datetime import date

from knowledge.deadline import NGAY, compile_literal_first, parse_deadline_cell
from knowledge.fold import fold_aligned
from knowledge.models import ParsedTask
from knowledge.plan_parser.cells import _cells
from knowledge.plan_parser.leads import _listed_units
from knowledge.plan_parser.text import _BULLET_RE, _ITEM_RE, _LOWER, _NOTE_RE, _UPPER, _W, _words
from knowledge.units import find_units, match_unit_at_start

_OCR_TABLE_HEADER_RE = re.compile(rf"(?:c{_W}\s+quan|d{_W}n\s+v{_W})\s+ch{_W}{{1,2}}\s+tr{_W}\b")
_OCR_TABLE_HEADER2_RE = compile_literal_first(
    rf"n{_W}{{1,2}}i\s+dung|th{_W}{{1,3}}i\s+h{_W}n\b|\bh{_W}n\S*\s+\S*ho{_W}n\b"
    rf"|\bnhi{_W}m\s+v{_W}\b.*\bth{_W}{{1,3}}i\s+gian\b"  # "Nhiệm vụ ... Thời gian hoàn thành"
)
# "nội dung", "chủ trì", "thời hạn" in any case, before anything is folded: opening with one class (the
# engine finds its letters in C), each alternative checked behind it. The letters are those re.IGNORECASE
# matches (an i also matches "İ" and "ı"); a case-insensitive pattern was tried at every position of
# every line of every section.
_OCR_HEADER_QUICK_RE = re.compile(
    r"[nNcCtT](?:(?<=[nN])\S{1,3}[iIİı]\s*[dD][uU][nN][gG]|(?<=[cC])[hH]\S{1,3}\s+[tT][rR]"
    r"|(?<=[tT])[hH]\S{1,4}[iIİı]\s+[hH])"
)


_SENTENCE_MIN_WORDS = (
    16  # a header's column titles are fewer ("Nội dung Cơ quan chủ trì Cơ quan phối hợp Thời hạn")
)


def _ocr_table_header(chunk: list[tuple[int, str]], k: int) -> int | None:
    """Index after the header of a task table that OCR printed without separators ("Nội dung nhiệm vụ
    Cơ quan chủ trì Cơ quan phối hợp Thời hạn"), which may wrap over up to three short lines."""
    line = chunk[k][1]
    if not _OCR_HEADER_QUICK_RE.search(line):
        return None
    if not line.strip() or _ITEM_RE.match(line) or _BULLET_RE.match(line) or len(line.strip()) >= 160:
        return None
    if _NOTE_RE.match(fold_aligned(line)):
        # "Ghi chú: cột "Cơ quan chuẩn bị" là cơ quan chủ trì …": a note on the columns, no header
        return None
    if line.strip()[0].islower() and line.rstrip().endswith((".", ";")):
        return None  # "… một đơn vị chủ trì chịu trách nhiệm và thời hạn cụ thể.": a sentence wrapped here
    if line.rstrip().endswith(".") and len(line.split()) >= _SENTENCE_MIN_WORDS:
        return None  # "Mỗi nội dung do đơn vị chủ trì thực hiện, không ghi thời hạn thì …": a note, no column titles
    joined = ""
    for n in range(3):
        if k + n >= len(chunk):
            break
        part = chunk[k + n][1]
        if n and (len(part.strip()) >= 80 or not part.strip() or _cells(part) is not None):
            break
        joined = f"{joined} {_words(part)}"
        if _OCR_TABLE_HEADER_RE.search(joined) and _OCR_TABLE_HEADER2_RE.search(joined):
            return k + n + 1
    return None


_ANCHOR_DATE_RE = re.compile(r"(?P<date>\d{1,2}\s*/\s*\d{1,2}\s*/\s*(?:19|20)\d{2})\W*$")
_ANCHOR_PHRASE_RE = re.compile(
    rf"(?:theo\s+th{_W}{{1,3}}i\s+gian|th{_W}{{0,4}}ng\s+x{_W}{{1,3}}n|h{_W}{{1,2}}ng\s+(?:q[uw][yi]|th{_W}{{1,3}}ng|n{_W}{{1,2}}m))\W*$"
)
_TITLE_WORD_RE = re.compile(rf"^\W{{0,3}}(?:\d{{1,2}}\s*\|\s*)?({_UPPER}{_LOWER}+)\b")
_PREPOSITION_BEFORE_RE = re.compile(
    rf"\b(?:v{_W}{{1,2}}i|c{_W}{{1,2}}a|v{_W}|cho|t{_W}i|theo|d{_W}n|qua|ngay|c{_W}a)\W*$"
)


def _ocr_table(chunk: list[tuple[int, str]], issued_on: date | None) -> list[ParsedTask]:
    """Rows of a task table whose cells OCR wrote as interleaved lines.

    Each row carries one deadline cell, printed at the end of a line ("... 15/12/2025"), so deadlines anchor
    the rows; a row's content starts at the last line before its anchor that opens like a sentence
    (a capitalised word, a long line). The lead is the first unit in the row's cells: on the opening line
    after the content, in a "|" cell, or on a short line of its own.
    """
    entries = [(i, line.rstrip()) for i, line in chunk]
    texts = [line for _i, line in entries]
    folded = [fold_aligned(t) for t in texts]
    anchors: list[int] = []
    for k, f in enumerate(folded):
        m = _ANCHOR_DATE_RE.search(f)
        dated = bool(m) and not re.search(rf"{NGAY}\s*$", f[: m.start()])
        last_cell = f.rsplit("|", 1)[1] if "|" in f else ""
        if dated or (
            _ANCHOR_PHRASE_RE.search(f)
            and (len(texts[k].strip()) < 60 or _ANCHOR_PHRASE_RE.search(last_cell))
        ):
            anchors.append(k)
    if not anchors:
        return []
    starts: list[int] = []
    prev_anchor = -1
    for a in anchors:
        start = None
        for k in range(prev_anchor + 1, a + 1):
            if _is_row_start(texts[k]):
                start = k
        if start is None:
            start = max(prev_anchor + 1, 0)
            while start < a and not texts[start].strip():
                start += 1
        starts.append(start)
        prev_anchor = a
    tasks: list[ParsedTask] = []
    for r, (start, anchor) in enumerate(zip(starts, anchors, strict=False)):
        end = starts[r + 1] if r + 1 < len(starts) else len(texts)
        end = max(end, anchor + 1)
        row_lines = list(range(start, end))
        pre_lines = _pre_lines(texts, start)
        content = _row_content(texts, row_lines, anchor)
        if len(content) < 12:
            continue
        deadline = parse_deadline_cell(_anchor_cell(texts[anchor]), issued_on=issued_on)
        lead = _row_lead(texts, row_lines, pre_lines)
        tasks.append(ParsedTask(code=None, content=content, lead=lead, deadline=deadline, source="table"))
    return tasks


_ROW_NUMBER_RE = re.compile(r"^\s*(?P<n>\d{1,3})\s*\.?\s*$")


def _numbered_rows_table(chunk: list[tuple[int, str]], issued_on: date | None) -> list[ParsedTask] | None:
    """Rows of a task table as PDF text extraction writes them: the row's number alone on a line, then
    its cells one after another, each wrapped over lines ("1" / "Rà soát dữ liệu hộ" / "tịch ..." /
    "Phòng Văn hóa - Xã" / "hội" / "Công an xã 30/10/2026"). None when the rows are not laid out so.

    The content runs until the first line that opens with a unit; in what follows, the first unit
    leads, the others coordinate, and the text after the last unit is the deadline.
    """
    texts = [line.strip() for _i, line in chunk]
    starts = []
    expected = 1
    for k, text in enumerate(texts):
        m = _ROW_NUMBER_RE.match(text)
        if m and int(m["n"]) == expected:
            starts.append(k)
            expected += 1
    # The header may wrap past where it was recognised ("Thời gian" / "hoàn thành"): a line or two.
    leading = [k for k, text in enumerate(texts) if text][:3]
    if len(starts) < 2 or starts[0] not in leading:
        return None
    tasks: list[ParsedTask] = []
    for r, start in enumerate(starts):
        end = starts[r + 1] if r + 1 < len(starts) else len(texts)
        lines = [t for t in texts[start + 1 : end] if t]
        if r + 1 == len(starts):
            # The last row ends at a blank line followed by text that is not a cell (a heading, a note).
            cut = next((k for k in range(start + 1, end) if not texts[k]), end)
            lines = [t for t in texts[start + 1 : cut] if t]
        split = next((k for k, t in enumerate(lines) if k and match_unit_at_start(t)), len(lines))
        content = re.sub(r"\s+", " ", " ".join(lines[:split])).strip()
        rest = re.sub(r"\s+", " ", " ".join(lines[split:])).strip()
        if len(content) < 5:
            continue
        units = _listed_units(rest, in_words=False)
        after = rest[units[-1][2] :] if units else rest
        deadline = parse_deadline_cell(after.strip(" ,;"), issued_on=issued_on)
        lead = units[0][0] if units else None
        support = list(dict.fromkeys(name for name, _s, _e in units[1:] if name != lead))
        tasks.append(
            ParsedTask(
                code=str(r + 1),
                content=content,
                lead=lead,
                support=support,
                deadline=deadline,
                source="table",
            )
        )
    return tasks


def _is_row_start(line: str) -> bool:
    s = line.strip()
    if len(s) < 40:
        return False
    m = _TITLE_WORD_RE.match(s)
    return bool(m) and len(m.group(1)) >= 2


def _pre_lines(texts: list[str], start: int) -> list[int]:
    out = []
    k = start - 1
    while k >= 0:
        s = texts[k].strip()
        if s:
            if len(s) >= 40:
                break
            out.append(k)
        k -= 1
    return list(reversed(out))


def _anchor_cell(line: str) -> str:
    f = fold_aligned(line)
    m = _ANCHOR_DATE_RE.search(f)
    if m:
        return line[m.start("date") :]
    if "|" in line:
        return line.rsplit("|", 1)[1]
    m = _ANCHOR_PHRASE_RE.search(f)
    return line[m.start() :] if m else line


def _row_content(texts: list[str], row_lines: list[int], anchor: int) -> str:
    parts = []
    for k in row_lines:
        s = texts[k].strip()
        if len(s) < 25:
            continue
        s = s.split("|")[0].strip()
        if k == anchor:
            f = fold_aligned(s)
            m = _ANCHOR_DATE_RE.search(f)
            if m:
                s = s[: m.start()].strip()
        if s:
            parts.append(s)
    return re.sub(r"\s+", " ", " ".join(parts)).strip()


def _row_lead(texts: list[str], row_lines: list[int], pre_lines: list[int]) -> str | None:
    first = row_lines[0] if row_lines else None
    # 1. on the opening line, after the content (a "|" cell or the line's tail)
    if first is not None:
        unit = _cell_unit(texts[first], tail=True)
        if unit:
            return unit
    # 2. a "|" cell further down the row
    for k in row_lines[1:]:
        unit = _cell_unit(texts[k], tail=False)
        if unit:
            return unit
    # 3. a short line of its own (lead cells are narrow), before or inside the row
    for k in pre_lines + row_lines:
        s = texts[k].strip()
        if 0 < len(s) < 40:
            joined = s
            nxt = k + 1
            while nxt < len(texts) and 0 < len(texts[nxt].strip()) < 40 and len(joined) < 80:
                joined += " " + texts[nxt].strip()
                nxt += 1
            hit = match_unit_at_start(joined, generic=False)
            if hit:
                return hit[0]
    return None


def _cell_unit(line: str, *, tail: bool) -> str | None:
    cells = line.split("|")
    for cell in cells[1:]:
        hit = match_unit_at_start(cell.strip(), generic=False)
        if hit:
            return hit[0]
    if tail:
        head = cells[0]
        folded = fold_aligned(head)
        for name, s, _e in find_units(head):
            if len(head) - s <= 60 and not _PREPOSITION_BEFORE_RE.search(folded[:s]):
                return name
    return None
