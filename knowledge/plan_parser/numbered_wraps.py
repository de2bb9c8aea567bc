"""Rows of a table without a number column whose tasks are numbered in their first cell ("| 3. Xây dựng quy
trình nội bộ điện tử cấp | Quy trình được | Phòng Quản lý | …") and wrap, every cell of them, over the
physical rows below: each cell carries on in the row below ("| giấy phép lao động cho người nước ngoài |
phê duyệt | doanh nghiệp | | |"), whatever case the piece starts with ("Trung tâm giám sát …" goes on a
content cell, "Môi trường; Công ty" a partner cell). Those rows are one task: the pieces of each cell are
joined in order. A group row ("| II. HẠ TẦNG SỐ VÀ DỮ LIỆU | | |") stays a row of its own."""

from __future__ import annotations

import re

from knowledge.fold import fold_words
from knowledge.plan_parser.text import _join

# "1. Ban hành …", "12) Tổ chức …": a task's number opening its content cell.
_NUMBERED_RE = re.compile(r"^\s*\d{1,3}\s*[.)]\s+\S")
# "I. HOÀN THIỆN …", "II - HẠ TẦNG", "A. …", "Phần 2": a group row's heading.
_GROUP_RE = re.compile(r"^\s*(?:[IVXLC]{1,6}|[A-ZĐ])\s*[.)\-–:]\s*\S|^\s*(?:phan|nhom|muc)\s+\w+\b")
# A piece of a wrapped row that opens an item of its own inside the cell ("- Sở Tài chính", "+ …", "a) …"),
# rather than carrying the words above on.
_OWN_ITEM_RE = re.compile(r"^\s*(?:[-+•*–]|[a-zđ]\))\s")
_LEAST_NUMBERED = 2  # numbered rows a table needs before its other rows are read as their wraps


def merge_numbered_wraps(roles: dict[str, int], rows: list[list[str]]) -> list[list[str]]:
    """The rows with each numbered task's wrapped rows joined onto it. Tables with a number column, or with
    fewer than two numbered content cells, or where an unnumbered row opens an item of its own, come back as
    they were."""
    content = roles.get("content")
    if content is None or "code" in roles:
        return rows
    texts = [row[content] if content < len(row) else "" for row in rows]
    if sum(1 for text in texts if _NUMBERED_RE.match(text)) < _LEAST_NUMBERED:
        return rows
    first = next(
        (t for row, t in zip(rows, texts, strict=True) if t.strip() and not _is_group_row(row, content)), ""
    )
    if not _NUMBERED_RE.match(first):
        return rows  # the first task row is unnumbered: the rows are tasks of their own
    if any(_OWN_ITEM_RE.match(text) for text in texts):
        return rows  # "- Sở Tài chính …" under a numbered row: sub-items, each its own task
    merged: list[list[str]] = []
    open_task = False  # the last kept row is a numbered task that its wraps join
    for row, text in zip(rows, texts, strict=True):
        if _NUMBERED_RE.match(text):
            merged.append(list(row))
            open_task = True
            continue
        if _is_group_row(row, content):
            merged.append(list(row))
            open_task = False
            continue
        if not open_task:
            merged.append(list(row))
            continue
        last = merged[-1]
        for idx, cell in enumerate(row):
            piece = " ".join(cell.split())
            if piece and idx < len(last):
                last[idx] = _join(last[idx], piece) if last[idx].strip() else piece
    return merged


def _is_group_row(row: list[str], content: int) -> bool:
    """A heading row: only its content cell written, with a group's number or in capitals."""
    if any(cell.strip() for idx, cell in enumerate(row) if idx != content):
        return False
    text = row[content].strip() if content < len(row) else ""
    letters = [ch for ch in text if ch.isalpha()]
    capitals = bool(letters) and all(ch.isupper() for ch in letters)
    return bool(text) and (bool(_GROUP_RE.match(text)) or capitals or bool(_GROUP_RE.match(fold_words(text))))
