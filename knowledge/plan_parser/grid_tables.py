"""Grid tables pasted as text (the look of a Word table copied through a text converter): every row framed by
border lines of "+" and "-" ("+------+-------+"), the header's border of "=", and each cell wrapped over as many
"| … | … |" lines as its longest cell needs:

    +----+--------------------------+---------------------------+-------------+
    | 1  | Nâng cấp phòng máy chủ,  | Chủ trì: Phòng Công nghệ  | Từ 01/2026  |
    |    | bổ sung 02 máy chủ       | thông tin                 | đến 03/2026 |
    |    |                          | Phối hợp: Phòng Vật tư    |             |
    +----+--------------------------+---------------------------+-------------+

Each framed row is one row of the table: its cells are the column's pieces joined, a piece opening with a role
label ("Phối hợp:", "Chủ trì:") on a line of its own starting a new part of the cell ("; "), since the label
says a new list begins there. The joined row takes the frame's first line; the row's other lines and the borders
are left blank, so the line numbers of the rest of the plan stay as they were and the "|" table reader sees one
line a row."""

from __future__ import annotations

import re

from knowledge.fold import fold_aligned
from knowledge.plan_parser.text import _join

# "+------+-----+" or "+======+=====+": a border, two columns at least.
_BORDER_RE = re.compile(r"^\s*\+(?:[-=:]{2,}\+){2,}\s*$")
_FRAMED_RE = re.compile(r"^\s*\|.*\|\s*$")
# A role label opening a cell's line: the unit cell lists the lead, then the partners, each on lines of its own.
_ROLE_LABEL_RE = re.compile(r"^(?:don vi |co quan )?(?:chu tri|phoi hop|ph|ct)\s*:")


def flatten_grid_tables(lines: list[str]) -> list[str]:
    """The lines with every grid table's framed rows joined into one "|" line each (see the module's note);
    lines of no grid table are returned as they were."""
    out = list(lines)
    k = 0
    while k < len(out):
        border = _BORDER_RE.match(out[k])
        if not border:
            k += 1
            continue
        cuts = [m.start() for m in re.finditer(r"\+", out[k])]
        out[k] = ""  # a frame, no text: left as a rule it would read as a "+" bullet once the table ends
        start = k + 1
        end = start
        while end < len(out) and _FRAMED_RE.match(out[end]):
            end += 1
        if end > start and end < len(out) and _BORDER_RE.match(out[end]):
            out[start] = _joined_row(out[start:end], cuts)
            for j in range(start + 1, end):
                out[j] = ""
        k = end if end > start else k + 1
    return out


def _joined_row(frame: list[str], cuts: list[int]) -> str:
    """One "|" line for the framed lines of a row, each column's pieces joined."""
    columns = [_split(line, cuts) for line in frame]
    width = max(len(c) for c in columns)
    cells = []
    for idx in range(width):
        cell = ""
        for pieces in columns:
            piece = pieces[idx].strip() if idx < len(pieces) else ""
            if not piece:
                continue
            if cell and _ROLE_LABEL_RE.match(fold_aligned(piece).lower()):
                cell = f"{cell.rstrip(' ;,.')}; {piece}"
            else:
                cell = _join(cell, piece) if cell else piece
        cells.append(cell)
    return "| " + " | ".join(cells) + " |"


def _split(line: str, cuts: list[int]) -> list[str]:
    """A framed line's cells: cut at the border's "+" columns when the line's "|" stand there (a cell's own
    "|" then stays in it), else at every "|"."""
    if len(line.rstrip()) >= cuts[-1] and all(line[c] == "|" for c in cuts if c < len(line)):
        return [line[a + 1 : b] for a, b in zip(cuts, cuts[1:], strict=False)]
    return line.strip().strip("|").split("|")
