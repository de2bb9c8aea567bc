"""Rows of "|"- or tab-separated cells (Word tables come as "|" rows) and the role of each column, named by the
header row (content, lead, support, deadline, code, result, note, or years for a targets table)."""

from __future__ import annotations

import re

from knowledge.fold import fold_words
from knowledge.plan_parser.text import _W

_COL_ROLES = [
    # "Cơ quan chủ trì, phối hợp" names the lead first: a lead column wins over a support column.
    (
        "lead",
        re.compile(
            rf"\bch{_W}{{1,2}}\s+tr{_W}\b|d{_W}n\s+v{_W}\s+th{_W}{{1,2}}c\s+hi|c{_W}\s+quan\s+th{_W}{{1,2}}c\s+hi"
            # "Khoa, phòng thực hiện", "Phòng, ban thực hiện": the kinds of body that carry the row out
            rf"|^(?:(?:khoa|ph{_W}ng|ban|t{_W}|b{_W}\s+ph{_W}n)\W+){{1,3}}th{_W}{{1,2}}c\s+hi{_W}n$"
        ),
    ),
    ("support", re.compile(rf"ph{_W}{{1,2}}i\s+h{_W}p")),
    (
        "deadline",
        re.compile(
            rf"th{_W}{{1,3}}i\s+h{_W}{{1,2}}n|th{_W}{{1,3}}i\s+gian|ti{_W}n\s+d{_W}|h{_W}{{1,2}}n\s+ho|ho{_W}n\s+th"
            # a work programme's time column, headed by its unit of time alone ("Tháng", "Quý")
            rf"|^th{_W}{{1,3}}ng$|^qu{_W}{{1,2}}$"
            # "Hạn", "Hạn mới" (a carried-over item's new deadline)
            rf"|^h{_W}{{1,2}}n(?:\s+m{_W}{{1,2}}i)?$"
        ),
    ),
    ("code", re.compile(r"^(?:s?tt|so tt|so thu tu|t)$")),
    ("note", re.compile(rf"^ghi\s+ch{_W}$")),
    # "Lĩnh vực", "Nhóm nhiệm vụ": a merged column naming the group of the rows beside it.
    ("group", re.compile(rf"^(?:l{_W}nh\s+v{_W}c|nh{_W}m(?:\s+nhi{_W}m\s+v{_W}|\s+l{_W}nh\s+v{_W}c)?)$")),
    ("result", re.compile(rf"^(?:s{_W}n\s+ph{_W}{{1,2}}m|k{_W}t\s+qu{_W})(?:\s+d{_W}u\s+ra)?\b")),
    (
        "content",
        re.compile(
            rf"n{_W}{{1,2}}i\s*dung|nhi{_W}{{1,2}}m\s+v{_W}|c{_W}ng\s+vi{_W}c|ho{_W}t\s+d{_W}ng|ch{_W}\s+ti{_W}u"
        ),
    ),
]
# "Ban tham mưu", "Cơ quan chuẩn bị": the body that drafts the programme's item, which leads it.
_ADVISES_RE = re.compile(rf"\btham\s+m{_W}u\b|\bchu{_W}n\s+b{_W}\b")
# "Bộ phận thực hiện", "Tổ thực hiện": a column headed by who carries the row out is its lead's.
_IN_CHARGE_RE = re.compile(
    rf"\bph{_W}\s+tr{_W}ch\b|\bch{_W}u\s+tr{_W}ch\s+nhi{_W}m\b|\bng{_W}{{1,2}}i\s+th{_W}{{1,2}}c\s+hi{_W}n\b|^b{_W}\s+ph{_W}n\s+th{_W}{{1,2}}c\s+hi{_W}n$"
)
_STARTS_RE = re.compile(rf"\bb{_W}t\s+d{_W}u\b|\bkh{_W}{{1,2}}i\s+c{_W}ng\b")
_ENDS_RE = re.compile(rf"\bk{_W}t\s+th{_W}c\b|\bho{_W}n\s+th{_W}{{1,3}}nh\b")
_OVERSEES_RE = re.compile(rf"\bph{_W}\s+tr{_W}ch\b|\bch{_W}\s+d{_W}o\b")
# A year column: "2026", "Năm 2026", "Đến năm 2026".
_YEAR_CELL_RE = re.compile(r"^(?:(?:den |dat den )?nam )?(?P<y>(?:19|20)\d{2})$")
# The rule under a Markdown-style header ("|---|:---:|"): no row.
_RULE_ROW_RE = re.compile(r"^[\s|:+\-–=]*$")


def _is_rule(line: str) -> bool:
    return "-" in line and bool(_RULE_ROW_RE.match(line))


def _cells(line: str, expected: int | None = None) -> list[str] | None:
    """Cells of a "|"- or tab-separated row. Outer pipes ("| a | b |") are dropped, except where the row
    would then have fewer cells than the header (an empty first cell)."""
    # Inside a table (`expected` known) a group row of merged cells has a single separator ("I | HẠ TẦNG").
    least = 1 if expected else 2
    if line.count("\t") >= least:
        return [c.strip() for c in line.split("\t")]
    if line.count("|") >= least:
        cells = [c.strip() for c in line.strip().split("|")]
        if cells and not cells[-1] and (expected is None or len(cells) > expected):
            cells.pop()
        if cells and not cells[0] and (expected is None or len(cells) > expected):
            cells.pop(0)
        return cells
    return None


def _header_roles(cells: list[str]) -> dict[str, int] | None:
    roles: dict[str, int] = {}
    years: list[tuple[int, str]] = []
    for idx, cell in enumerate(cells):
        words = fold_words(cell)
        year = _YEAR_CELL_RE.match(words)
        if year:
            years.append((idx, year["y"]))
            continue
        for role, pattern in _COL_ROLES:
            if role not in roles and pattern.search(words):
                roles[role] = idx
                break
    start = roles.get("deadline")
    if start is not None and _STARTS_RE.search(fold_words(cells[start])):
        # "Thời gian bắt đầu | Thời gian kết thúc": the row is due when it ends, not when it starts.
        for idx, cell in enumerate(cells):
            if idx not in roles.values() and _ENDS_RE.search(fold_words(cell)):
                roles["deadline"] = idx
                break
    if "lead" not in roles:
        # "Ban/đơn vị tham mưu", "Cơ quan chuẩn bị" of a work programme: the board that prepares the work leads it (the leader
        # "phụ trách" beside it is a post that oversees it).
        for idx, cell in enumerate(cells):
            if idx not in roles.values() and _ADVISES_RE.search(fold_words(cell)):
                roles["lead"] = idx
                break
    if "lead" not in roles:
        # "Người/đơn vị phụ trách", "Người thực hiện": the one in charge, when no column says "chủ trì".
        for idx, cell in enumerate(cells):
            if idx not in roles.values() and _IN_CHARGE_RE.search(fold_words(cell)):
                roles["lead"] = idx
                break
    if "lead" in roles:
        # "Lãnh đạo phụ trách" beside the board that leads: the leader who oversees the row, named with it.
        for idx, cell in enumerate(cells):
            if idx not in roles.values() and _OVERSEES_RE.search(fold_words(cell)):
                roles["overseer"] = idx
                break
    if len(years) >= 2 and "content" in roles:
        roles["years"] = -1
        roles.update({f"y{y}": idx for idx, y in years})
        return roles
    if "content" in roles and ("lead" in roles or "deadline" in roles):
        return roles
    return None


def _cell(row: list[str], roles: dict[str, int], role: str) -> str:
    idx = roles.get(role)
    if idx is None or idx >= len(row):
        return ""
    return row[idx].strip()
