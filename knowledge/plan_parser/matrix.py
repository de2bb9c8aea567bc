"""A responsibility matrix: a task table with one column per unit (short names in the header, "| VP | KT |"),
each row marking the unit that leads the task with "C" (chủ trì) and those that help with "P" (phối hợp). A
legend near the table spells the short names out ("- VP: Văn phòng Sở;"); its lines, and the key to the marks
("C: chủ trì; P: phối hợp"), are no tasks."""

from __future__ import annotations

import re

from knowledge.fold import fold_words

# The marks a unit's cell may hold: "C"/"CT" leads, "P"/"PH" helps.
_LEAD_MARKS = {"c", "ct"}
_SUPPORT_MARKS = {"p", "ph"}
# A unit column's header: a short name without sentence punctuation ("VP", "Phòng KT", "BVĐK").
_UNIT_COLUMN_RE = re.compile(r"^[A-ZĐÀ-Ỹ][\wĐđ&./ –-]{0,29}$")
# "- VP: Văn phòng Sở;", "VP = Văn phòng Sở", "VP – Văn phòng Sở": a short name spelled out.
_LEGEND_RE = re.compile(
    r"^\s*[-+•*]?\s*(?P<code>[^\s:=–-][^:=–]{0,29}?)\s*(?::|=|\s[–-]\s)\s*(?P<name>.+?)\s*[;,.]?\s*$"
)
# The key to the marks: "C: chủ trì; P: phối hợp", "(C) chủ trì, (P) phối hợp".
_KEY_RE = re.compile(r"\bc\s*\)?\s*[:=–-]?\s*chu tri\b.*\bp\s*\)?\s*[:=–-]?\s*phoi hop\b")
# The line that opens a legend ("Ghi chú tên viết tắt các đơn vị:", "Chữ viết tắt:").
_LEGEND_TITLE_RE = re.compile(r"\bviet tat\b|^ghi chu\s*:?$|^chu thich\b")


def _mark(cell: str) -> str:
    folded = fold_words(cell)
    if folded in _LEAD_MARKS:
        return "lead"
    if folded in _SUPPORT_MARKS:
        return "support"
    return "other" if folded else ""


def unit_columns(header: list[str], rows: list[list[str]], taken: set[int]) -> dict[int, str]:
    """{column: short name} of the header's unit columns: columns no other role took, headed by a short
    name, whose cells hold only marks, with at least one "C" among them. Two such columns at least: one
    marked column alone is no matrix."""
    columns: dict[int, str] = {}
    for idx, name in enumerate(header):
        if idx in taken or not _UNIT_COLUMN_RE.match(name.strip()):
            continue
        marks = [_mark(row[idx]) for row in rows if idx < len(row)]
        if "other" in marks or not any(marks):
            continue
        columns[idx] = name.strip()
    if len(columns) < 2 or not any(_mark(row[i]) == "lead" for row in rows for i in columns if i < len(row)):
        return {}
    return columns


def legend(lines: list[str], codes: set[str]) -> tuple[dict[str, str], set[int]]:
    """{short name: full name} the lines spell out for the given codes, and the indexes of the lines that
    belong to the legend (its title, its entries, the key to the marks), which are no tasks."""
    names: dict[str, str] = {}
    used: set[int] = set()
    for idx, line in enumerate(lines):
        text = line.strip()
        if not text:
            continue
        folded = fold_words(text)
        entry = _LEGEND_RE.match(text)
        if entry and entry["code"].strip() in codes:
            names[entry["code"].strip()] = entry["name"].strip()
            used.add(idx)
        elif (
            _KEY_RE.search(folded)
            and len(folded) < 80
            or _LEGEND_TITLE_RE.search(folded)
            and text.endswith(":")
            and len(folded) < 80
        ):
            used.add(idx)
    return names, used


def with_unit_cells(rows: list[list[str]], columns: dict[int, str], names: dict[str, str]) -> list[list[str]]:
    """Each row with two cells added: the units marked "C" ("; " between them) and those marked "P" (one a
    line), by their full names where the legend gives them."""
    out = []
    for row in rows:
        lead = [
            names.get(code, code)
            for idx, code in columns.items()
            if idx < len(row) and _mark(row[idx]) == "lead"
        ]
        support = [
            names.get(code, code)
            for idx, code in columns.items()
            if idx < len(row) and _mark(row[idx]) == "support"
        ]
        out.append([*row, "; ".join(lead), "\n".join(support)])
    return out
