"""What the layout modules of the plan parser share: the letter classes of OCR-tolerant patterns, item and
bullet openings, the paragraph and item-tree shapes, and small text helpers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from knowledge.deadline import compile_literal_first
from knowledge.fold import fold_aligned
from knowledge.models import Deadline

_W = r"[a-z0-9]"
# Vietnamese capitals with marks (Ủ, Ấ, Ộ ...) sit between small letters in Unicode, so a range such as
# [à-ỹ] mixes the cases; these classes list each case explicitly.
_UPPER = "[" + "".join(re.escape(c) for c in map(chr, range(0x41, 0x1F00)) if c.isupper()) + "]"
_LOWER = "[" + "".join(re.escape(c) for c in map(chr, range(0x61, 0x1F00)) if c.islower()) + "]"
_ITEM_RE = re.compile(
    r"^\s*(?:[~_*•·]\s*)?(?P<code>(?:[IVX]{1,4}\.)?(?:\d{1,2}|\?)(?:\s?\.\s?\d{1,2}){1,3}|(?:[IVX]{1,4}\.)?(?:\d{1,2}|\?)(?=[.)]|/\s))"
    r"\s*(?:[.)/]\s*[-–:]?|[-–:])?\s*(?P<rest>[^\W\d_].*)$"
)
# "Nhiệm vụ 3. Số hóa hồ sơ ...", "Nhiệm vụ 12: Hướng dẫn ...": a task named by its number, which is its code
# (matched on folded text; the rest is taken from the line at the same place).
_NAMED_ITEM_RE = re.compile(
    rf"^\s*nhi{_W}{{1,2}}m\s+v{_W}\s+(?:s{_W}\s+)?(?P<code>\d{{1,2}})\s*[.:)]\s*[-–]?\s*(?P<rest>\S.*)$"
)
# "A. QUẢN LÝ NHÀ NƯỚC TRÊN MÔI TRƯỜNG SỐ": a lettered group heading in capitals among the tasks.
_LETTER_GROUP_RE = re.compile(r"^\s*(?P<letter>[A-H])\s*[.)]\s+(?P<rest>\S.*)$")
_DASHES = "-–—‐"
_BULLET_RE = re.compile(r"^\s*(?:[-–—•+*‐▪◦·~_]|(?P<letter>[a-zđ])\))\s*(?P<rest>.*)$")
_SENTENCE_END = re.compile(r"[.;:!?…)\"”'’]\s*$")
_POINTER_RE = compile_literal_first(
    rf"\bchi\s+ti{_W}t\s+t{_W}i\s+ph{_W}\s+l{_W}c|\(\s*chi\s+ti{_W}t\b"
    rf"|\bph{_W}\s+l{_W}c\s+(?:chi\s+ti{_W}t\s+)?k{_W}m\s+theo\b"
    # "Các nhóm giải pháp được giao cụ thể cho từng cơ quan, đơn vị tại mục III.": a summary of work that
    # another section assigns, the tasks being there.
    rf"|\b(?:giao|ph{_W}n\s+c{_W}ng)\s+c{_W}\s+th{_W}\b[^.;]{{0,60}}\bt{_W}i\s+(?:m{_W}c|ph{_W}n)\s+[ivx]{{1,4}}\b"
)


# "(Sở Tư pháp chủ trì) Rà soát …": a task opening with its lead in parentheses, not an aside.
_LEAD_IN_PARENS_RE = re.compile(rf"^\([^()]{{3,120}}\bch{_W}{{1,2}}\s+tr{_W}\s*\)\s*\w")


_NOTE_RE = re.compile(rf"^\W*ghi\s+ch{_W}\s*:")
# "Mỗi nhiệm vụ phải hoàn thành trong tuần ghi ở đầu nhóm": a rule for reading every task, no task itself.
_EACH_TASK_RE = re.compile(rf"^\W*m{_W}i\s+(?:nhi{_W}m\s+v{_W}|vi{_W}c|n{_W}i\s+dung)\b")


@dataclass
class _Para:
    kind: str  # item | bullet | plain | attr (a labelled field of the task above: "Chủ trì: ...") | group
    text: str
    line: int
    code: str | None = None
    field: tuple[str, str] | None = None  # for "attr": (field, value), see `_attribute`
    group: str | None = None  # the group title above it (a lettered or bold heading), if any
    deadline: Deadline | None = None  # for a "group" that is a time ("Tháng 10/2025:"): that time
    group_deadline: Deadline | None = None  # the time of the group title above it, if it is one


@dataclass
class _Node:
    para: _Para
    children: list[_Node] = field(default_factory=list)  # sub-items
    paras: list[_Para] = field(default_factory=list)  # bullets / plain paragraphs under it
    group: str | None = None  # the lettered group heading above a top-level item ("A. CHÍNH QUYỀN SỐ")
    group_deadline: Deadline | None = None  # the time of that group heading, if it is one


_NON_WORD_RE = re.compile(r"[^a-z0-9]+")


def _words(text: str) -> str:
    """Folded words single-spaced (fast `fold_words` for NFC text)."""
    return _NON_WORD_RE.sub(" ", fold_aligned(text)).strip()


def _starts_upper(text: str) -> bool:
    for ch in text:
        if ch.isalpha():
            return ch.isupper()
        if ch.isdigit():
            return True
    return False


def _named_item(line: str) -> tuple[str, str] | None:
    """(code, rest) of a "Nhiệm vụ N." / "Nhiệm vụ N:" opening, or None."""
    m = _NAMED_ITEM_RE.match(fold_aligned(line))
    return (m["code"], line[m.start("rest") :].strip()) if m else None


_BOLD_LINE_RE = re.compile(r"^\*\*(?P<title>[^*]{3,120})\*\*$")


def _letter_group(line: str) -> str | None:
    """The title of a lettered group heading in capitals ("B. DI SẢN VĂN HÓA, THƯ VIỆN"), or of a heading
    written in bold ("**Lãnh đạo, quán triệt và tuyên truyền**", as text exported from Word keeps it)."""
    bold = _BOLD_LINE_RE.match(line.strip())
    if bold:
        return bold["title"].strip()
    m = _LETTER_GROUP_RE.match(line)
    if not m:
        return None
    rest = m["rest"]
    upper, lower = sum(map(str.isupper, rest)), sum(map(str.islower, rest))
    return line.strip() if upper >= 4 and upper >= 3 * lower else None


def _join(a: str, b: str) -> str:
    if a.endswith("-") and not a.endswith(" -") and b[:1].islower():
        return a[:-1] + b  # a word hyphenated across lines
    return f"{a} {b}"


def _task_content(content: str) -> str | None:
    """A task's text single-spaced, or None for what is no task: too short, an aside in parentheses, a
    pointer elsewhere ("chi tiết tại Phụ lục")."""
    content = " ".join(content.split())  # single-spaced: str.split's whitespace is the regex's \s
    aside = content.startswith("(") and not _LEAD_IN_PARENS_RE.match(fold_aligned(content))
    note = _NOTE_RE.match(fold_aligned(content))  # "Ghi chú: nội dung ghi “Tháng …” hoàn thành …"
    note = note or _EACH_TASK_RE.match(fold_aligned(content))
    if len(content) < 12 or aside or note or _POINTER_RE.search(fold_aligned(content)):
        return None
    return content


_BRACKET_REACH = 300  # characters: a bracket left open longer ago is a stray one (OCR), not one still open


def open_bracket(text: str) -> bool:
    """The text ends inside a bracket it opened ("… (Giao: Phòng Kinh tế; phối hợp: …;"): the next line
    goes on inside it."""
    at = text.rfind("(")
    return at >= 0 and text.find(")", at) < 0 and len(text) - at <= _BRACKET_REACH
