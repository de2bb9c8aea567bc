"""Campaign plans in phases: "Giai đoạn 1 (từ 15/10/2025 đến 30/11/2025):", "Đợt cao điểm … (từ … đến …):",
"Giai đoạn 2 (tháng 12/2025 – quý I/2026):" head the numbered tasks of each phase (their numbers start again
at 1), and a task stating no time of its own is due when its phase ends. A phase heading is read as a group
whose time is the end of its period, the way a timeline's "Tháng 10/2025:" is."""

from __future__ import annotations

import re

from knowledge.deadline import compile_literal_first, parse_deadline
from knowledge.models import NONE, Deadline
from knowledge.plan_parser.text import _W, _starts_upper

# The period closing the heading, in parentheses, before the colon: "... (từ 01/12/2025 đến 29/01/2026):".
_CLOSING_PERIOD_RE = re.compile(r"\((?P<period>[^()]{4,60})\)\s*:\s*$")
# "Giai đoạn 2026 – 2027:", "Đợt 2 (quý II/2026):", "Bước 3 – năm 2026:": a phase word opening the heading.
_PHASE_WORD_RE = compile_literal_first(rf"^\W*(?:giai\s+d{_W}{{1,2}}n|d{_W}t|b{_W}{{1,2}}c)\b")
# What ends a period's first part: "đến", "tới", a dash between spaces or between two times.
_RANGE_CUT_RE = compile_literal_first(rf"\s+(?:d{_W}n|t{_W}i)\s+|\s*[–—-]\s*")
# A role word in the heading makes it a task ("Công an xã chủ trì … (quý I/2026):"), not a phase.
_ROLE_RE = compile_literal_first(rf"\bch{_W}{{1,2}}\s+tr{_W}\b|\bph{_W}{{1,2}}i\s+h{_W}p\b")
_PHASE_HEADING_MAX = 160  # characters: a phase's name may quote a campaign's slogan


def phase_heading(line: str, folded: str) -> Deadline | None:
    """The end of the phase a heading line names ("Giai đoạn 2 (tháng 12/2025 – quý I/2026):" → end of
    quý I/2026), or None for any other line. `folded` is `fold_aligned(line)`."""
    text = line.strip()
    if not text.endswith(":") or len(text) > _PHASE_HEADING_MAX or not _starts_upper(text):
        return None
    if _ROLE_RE.search(folded):
        return None
    closing = _CLOSING_PERIOD_RE.search(text)
    if closing:
        return period_end(closing["period"])
    if _PHASE_WORD_RE.match(folded):
        # "Giai đoạn 2026 – 2027:": the words after the phase's name hold its period.
        return period_end(re.sub(r"^\W*\S+(?:\s+\S+)?\s+(?:\d{1,2}\b\s*)?", "", text.rstrip(" :")))
    return None


def period_end(period: str) -> Deadline | None:
    """The time a period ends: the last of "từ A đến B", "A – B"; the period itself when it is one time
    read to its end ("năm 2026", "năm học 2025 – 2026"); None when it names no time."""
    whole = parse_deadline(period)
    if whole.kind != NONE and whole.text and period.rstrip(" .").endswith(whole.text):
        return whole
    pieces = [p for p in _RANGE_CUT_RE.split(period) if p.strip()]
    if pieces:
        last = parse_deadline(pieces[-1].strip())
        if last.kind != NONE and last.due is not None:
            return last
    return whole if whole.kind != NONE else None
