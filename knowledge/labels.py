"""Short labels for buttons and list lines: a task's reference and the leading clause of its text, at most
40 characters, different for siblings that start alike.

"1.2 Xây dựng chuyên mục Chuyển đổi số…" rather than 25 characters cut anywhere: the clause ends at the
first ';', ':', ',' or a linking word ("để", "nhằm", "theo") once it is long enough to say what the task is.
"""

from __future__ import annotations

import re

LIMIT = 40
MIN_CLAUSE = 14  # a clause shorter than this says too little: keep going to the next boundary
MIN_COMMA_CLAUSE = 24  # commas also list verbs ("Rà soát, thu thập, cập nhật ..."): end there only later
ELLIPSIS = "…"
_LEADING_MARK = re.compile(r"^\s*(?:[-–—•+*]\s*|\(?[a-zđ]\)\s*|\d{1,2}(?:\.\d{1,2})*[.)]?\s+)", re.IGNORECASE)
_BOUNDARY = re.compile(r"\s*([;:,(])\s*|\s+(?:để|nhằm|theo|trong đó|bảo đảm|đảm bảo)\s+", re.IGNORECASE)


def _clean(content: str) -> str:
    text = " ".join((content or "").split())
    return _LEADING_MARK.sub("", text, count=1).strip()


def _cut(text: str, room: int) -> str:
    """`text` within `room` characters, cut after a whole word, with an ellipsis when cut."""
    if len(text) <= room:
        return text
    head = text[: room - 1].rstrip()
    if " " in head and not text[room - 1].isspace():
        head = head.rsplit(" ", 1)[0]
    return head.rstrip(" ,;:-–") + ELLIPSIS


def leading_clause(content: str) -> str:
    """The first clause of `content` that is long enough to name the task (the whole text if none ends)."""
    text = _clean(content)
    for boundary in _BOUNDARY.finditer(text):
        needed = MIN_COMMA_CLAUSE if boundary.group(1) == "," else MIN_CLAUSE
        if boundary.start() >= needed:
            return text[: boundary.start()]
    return text


def short_label(content: str, code: str | None = None, limit: int = LIMIT) -> str:
    """The task's reference, then the leading clause of its text; at most `limit` characters."""
    prefix = f"{code.strip().rstrip('.')} " if code and code.strip() else ""
    room = max(limit - len(prefix), 8)
    return prefix + _cut(leading_clause(content), room)


def sibling_labels(tasks: list[tuple[str | None, str]], limit: int = LIMIT) -> list[str]:
    """Labels for (code, content) pairs shown together; two that would read the same get more of their
    text, and if still alike, their position ("(2)")."""
    labels = [short_label(content, code, limit) for code, content in tasks]
    for label in set(labels):
        same = [i for i, other in enumerate(labels) if other == label]
        if len(same) < 2:
            continue
        for i in same:
            code, content = tasks[i]
            prefix = f"{code.strip().rstrip('.')} " if code and code.strip() else ""
            labels[i] = prefix + _cut(_clean(content), max(limit - len(prefix), 8))
        for n, i in enumerate(same, 1):
            if sum(labels[j] == labels[i] for j in same) > 1:
                tag = f" ({n})"
                labels[i] = _cut(labels[i], limit - len(tag)) + tag
    return labels
