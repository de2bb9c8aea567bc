"""Tables typed as fixed-width text (a programme's table saved as plain text: no "|", no tabs, columns held by
runs of spaces), each cell wrapping over as many lines as it needs:

    QUÝ I/2026
    TT  Nội dung công việc              Cơ quan chuẩn bị     Lãnh đạo phụ trách      Thời gian
    1   Kiện toàn Ban Chỉ đạo, ban      Văn phòng Đảng ủy    Đ/c Nguyễn Văn A,       Tháng 01
        hành quy chế làm việc                                Bí thư Đảng ủy

The header's column titles (read by `cells`, so only a task table's header starts one) fix where each column
starts; a row opens with its number in the first column, and the lines under it with that column empty carry
its cells on. Each row becomes one "|" line, so the "|" table reader reads it; its other lines are left blank,
so the line numbers of the rest of the plan stay as they were. A heading in capitals between the rows ("QUÝ
II/2026", "NỘI DUNG THỰC HIỆN THƯỜNG XUYÊN"), or just above the header, becomes a group row; the header
repeated on a new page and the page number ("- 2 -") are dropped.

Only tables whose first column numbers the rows are read: without the number a wrapped line cannot be told
from a new row."""

from __future__ import annotations

import re

from knowledge.fold import fold_words
from knowledge.plan_parser.cells import _header_roles
from knowledge.plan_parser.text import _join

# Two spaces or more part the cells of a line; one space is inside a cell.
_GAP_RE = re.compile(r"\S+(?: \S+)*")
_ROW_NUMBER_RE = re.compile(r"^\d{1,3}\.?$")
_PAGE_NUMBER_RE = re.compile(
    r"^\s*(?:[-–]\s*\d{1,3}\s*[-–]|trang\s+\d{1,3}(?:\s*/\s*\d{1,3})?)\s*$", re.IGNORECASE
)
_ROMAN_HEADING_RE = re.compile(r"^[IVX]{1,4}\s*[.)]")
_ALIGN_SLACK = 2  # characters a cell may start left of its column's title
_MIN_COLUMNS = 3


def _pieces(line: str) -> list[tuple[int, str]]:
    """The line's runs of text with where each starts, cut at two spaces or more."""
    return [(m.start(), m.group()) for m in _GAP_RE.finditer(line)]


def _header_columns(line: str) -> list[int] | None:
    """Where each column starts, when the line is a task table's header typed as fixed-width text."""
    if "|" in line or "\t" in line:
        return None
    pieces = _pieces(line)
    if len(pieces) < _MIN_COLUMNS or len(line) - len(line.lstrip()) > _ALIGN_SLACK:
        return None
    roles = _header_roles([text for _start, text in pieces])
    if not roles or "years" in roles or roles.get("code") != 0:
        return None
    return [start for start, _text in pieces]


def _column_of(start: int, columns: list[int]) -> int:
    return max((idx for idx, col in enumerate(columns) if col <= start + _ALIGN_SLACK), default=0)


def _is_row_start(line: str, columns: list[int]) -> bool:
    pieces = _pieces(line)
    return (
        len(pieces) >= 2
        and pieces[0][0] < columns[1] - _ALIGN_SLACK
        and bool(_ROW_NUMBER_RE.match(pieces[0][1]))
        and _column_of(pieces[1][0], columns) == 1
    )


def _is_continuation(line: str, columns: list[int]) -> bool:
    return len(line) - len(line.lstrip()) >= columns[1] - _ALIGN_SLACK


def _is_group_heading(line: str) -> bool:
    """A heading in capitals on a line of its own ("QUÝ II/2026"), not a section of the plan ("III. TỔ CHỨC")."""
    text = line.strip()
    letters = [c for c in text if c.isalpha()]
    return (
        len(_pieces(line)) == 1
        and len(letters) >= 2
        and all(c.isupper() for c in letters)
        and not _ROMAN_HEADING_RE.match(text)
    )


def _pipe_row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def flatten_column_tables(lines: list[str]) -> list[str]:
    """The lines with every fixed-width task table turned into one "|" line a row (see the module's note);
    lines of no such table are returned as they were."""
    out = list(lines)
    k = 0
    while k < len(out):
        columns = _header_columns(out[k])
        if columns is None:
            k += 1
            continue
        k = _flatten_table(out, k, columns)
    return out


def _flatten_table(out: list[str], header_at: int, columns: list[int]) -> int:
    """Rewrite the table whose header is at `header_at` in place; return the index after it."""
    header = out[header_at]
    header_words = fold_words(header)
    cells_of_header = [text for _start, text in _pieces(header)]
    above = header_at - 1
    out[header_at] = _pipe_row(cells_of_header)
    if above >= 0 and _is_group_heading(out[above]):
        # "QUÝ I/2026" just above the header names the first rows' group: after the header, as a group row.
        out[above], out[header_at] = (
            out[header_at],
            _pipe_row([out[above].strip()] + [""] * (len(columns) - 1)),
        )
    row: list[str] | None = None
    row_at = header_at
    k = header_at + 1
    while k < len(out):
        line = out[k]
        if not line.strip() or _PAGE_NUMBER_RE.match(line):
            out[k] = ""
            k += 1
            continue
        if fold_words(line) == header_words:  # the header again, on a new page
            out[k] = ""
            k += 1
            continue
        if _is_row_start(line, columns) or (row is not None and _is_continuation(line, columns)):
            if _is_row_start(line, columns):
                if row is not None:
                    out[row_at] = _pipe_row(row)
                row, row_at = [""] * len(columns), k
            for start, text in _pieces(line):
                idx = _column_of(start, columns)
                row[idx] = _join(row[idx], text) if row[idx] else text
            out[k] = ""
            k += 1
            continue
        if _is_group_heading(line) and _next_is_row(out, k + 1, columns, header_words):
            if row is not None:
                out[row_at] = _pipe_row(row)
                row = None
            out[k] = _pipe_row([line.strip()] + [""] * (len(columns) - 1))
            k += 1
            continue
        break
    if row is not None:
        out[row_at] = _pipe_row(row)
    return k


def _next_is_row(out: list[str], k: int, columns: list[int], header_words: str) -> bool:
    """Whether the next line with text opens a row (or repeats the header)."""
    while k < len(out) and not out[k].strip():
        k += 1
    return k < len(out) and (_is_row_start(out[k], columns) or fold_words(out[k]) == header_words)
