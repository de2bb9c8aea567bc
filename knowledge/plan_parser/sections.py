"""Section headings ("II. NHIỆM VỤ VÀ GIẢI PHÁP", "IV. TỔ CHỨC THỰC HIỆN") and the kind of section each opens;
the body of a plan split into runs of lines by them."""

from __future__ import annotations

import re
from functools import lru_cache

from knowledge.deadline import compile_literal_first
from knowledge.plan_parser.text import _W, _words

ORG, TASKS, PURPOSE, OTHER, HEADER = "org", "tasks", "purpose", "other", "header"
_ORG_RE = compile_literal_first(rf"\bt{_W}\s+ch{_W}{{1,3}}c\s+th|\bkinh\s+ph{_W}\b|\bd{_W}\s+to{_W}n\b")
_TASK_RE = compile_literal_first(
    rf"\bnhi{_W}{{0,3}}m\s+v{_W}{{1,2}}\b|\bgi{_W}{{1,2}}i\s+ph{_W}{{1,2}}p\b|\bn{_W}{{1,2}}i\s+dung\b"
    rf"|\bphan\s+c{_W}ng\b|\bph{_W}\s+l{_W}c\b|\bd{_W}nh\s+m{_W}c\b"
    # An inspection plan's rounds ("III. ĐỐI TƯỢNG, THỜI GIAN, LỰC LƯỢNG THỰC HIỆN") and its steps
    # ("IV. PHƯƠNG PHÁP, TIẾN ĐỘ TIẾN HÀNH"): each item there is work with a time and a doer.
    rf"|\bl{_W}c\s+l{_W}{{1,2}}ng\b|\bti{_W}n\s+d{_W}\s+ti{_W}n\s+h{_W}nh\b"
)
_PURPOSE_RE = compile_literal_first(
    rf"\bm{_W}{{1,2}}c\s+{_W}{{1,3}}ch\b|\by{_W}u\s+c{_W}{{1,2}}u\b|\bm{_W}{{1,2}}c\s+ti{_W}{{1,2}}u\b"
    rf"|\bquan\s+{_W}{{1,3}}m\b|\bph{_W}{{1,3}}ng\s+ch{_W}{{1,2}}m\b|\bchi\s+ti{_W}{{1,2}}u\b|\bc{_W}n\s+c{_W}\b"
    rf"|\bth{_W}{{1,2}}c\s+tr{_W}{{1,2}}ng\b|\bk{_W}t\s+qu{_W}\b"
)
_HEADING_RE = re.compile(
    r"^\s*(?:(?P<num>[IVXLivxl1|]{1,5}|\d{1,2})\s*[.\-):,]\s*|[.]\s*)?(?P<text>\S.*?)\s*$"
)
_ROMAN_START_RE = re.compile(r"^[IVX]{1,4}\s*[.\-):]")
_NOI_NHAN_RE = re.compile(rf"^\W*n{_W}i\s+nh{_W}{{1,2}}n\b")
# The signature block ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "T/M BAN THƯỜNG VỤ") ends the body.
_SIGNATURE_RE = re.compile(r"^\s*(?:TM|T/M|KT|Q|TL)\s*[./]\s*[^\W\d_]{2,}")


def _heading_kind(line: str, folded: str) -> str | None:
    """Section kind if `line` is a section heading (mostly upper case, numbered or with a keyword)."""
    if len(line) > 130 and len(line.strip()) > 130:
        return None  # a paragraph: kept out of the cache, which then holds only short lines
    return _short_heading_kind(line, folded)


@lru_cache(maxsize=16384)
def _short_heading_kind(line: str, folded: str) -> str | None:
    stripped = line.strip()
    if not stripped or len(stripped) > 130:
        return None
    if stripped.count("|") >= 2 or "\t" in stripped:
        return None  # a row of a table (a group row spanning it: "I. Nhiệm vụ về thể chế | | |")
    head = stripped[:24]
    if sum(map(str.islower, head)) > 6 and not _ROMAN_START_RE.match(stripped):
        return None  # ordinary text: headings are capitals or start with a roman numeral
    m = _HEADING_RE.match(stripped)
    if not m:
        return None
    body = m["text"]
    upper = sum(map(str.isupper, body))
    lower = sum(map(str.islower, body))
    if upper + lower < 4:
        return None
    if upper < 3 * lower:  # not at least 75% capitals
        # "III. Nhiệm vụ và giải pháp": a roman-numbered short line naming a section kind still counts.
        num = m["num"] or ""
        if not (num and re.fullmatch(r"[IVX]{1,4}", num) and len(stripped) <= 80):
            return None
        kind = _section_kind(_words(body))
        return kind
    words = _words(body)
    if len(re.findall(r"[a-z]{2,}", words)) < 2 or len(words) < 6:
        return None
    kind = _section_kind(words)
    if kind is None and (not m["num"] or m["num"].isdigit()):
        return None
    return kind or OTHER


def _section_kind(words: str) -> str | None:
    if _ORG_RE.search(words):
        return ORG
    if _TASK_RE.search(words):
        return TASKS
    if _PURPOSE_RE.search(words):
        return PURPOSE
    return None


def _closing_start(lines: list[str], folded: list[str], start: int) -> int:
    """The first line of the closing block ("Nơi nhận:", a signature "KT. CHỦ TỊCH") at or after `start`, or
    the end of the text."""
    for i in range(start, len(lines)):
        if _NOI_NHAN_RE.match(folded[i]) or (_SIGNATURE_RE.match(lines[i]) and lines[i].upper() == lines[i]):
            return i
    return len(lines)


def _classify_lines(
    lines: list[str], folded: list[str], body_start: int
) -> list[tuple[str, str | None, list[tuple[int, str]]]]:
    """Split the body into (section kind, heading, [(line no, line)]) runs."""
    out: list[tuple[str, str | None, list[tuple[int, str]]]] = []
    kind, heading, chunk = HEADER, None, []
    for i in range(body_start, len(lines)):
        line = lines[i]
        new_kind = _heading_kind(line, folded[i])
        if new_kind is None and (
            _NOI_NHAN_RE.match(folded[i]) or (_SIGNATURE_RE.match(line) and line.upper() == line)
        ):
            new_kind = OTHER
        if new_kind is not None:
            out.append((kind, heading, chunk))
            kind, heading, chunk = new_kind, line.strip(), []
            continue
        chunk.append((i, line))
    out.append((kind, heading, chunk))
    return [(k, h, c) for k, h, c in out if c]
