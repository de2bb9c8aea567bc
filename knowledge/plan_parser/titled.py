"""A task written as a titled card: its name in bold on a line of its own ("**Số hóa hồ sơ hộ tịch**"), then one
paragraph that opens with its time ("(Thời gian: Quý I/2026) …", "Thời hạn: trước 30/11/2025. …") and says
who does it ("Cơ quan thực hiện: X chủ trì; Y phối hợp"). The bold line is the task's name, not a group title
over the paragraphs below it: the paragraph is the card's body, and both read as one task."""

from __future__ import annotations

import re

from knowledge.fold import fold_aligned
from knowledge.plan_parser.text import _W

# The card's body opens with its time, in parentheses or after a label: "(Thời gian: …)", "Thời hạn: …".
_TIME_OPENING_RE = re.compile(
    rf"^\(?\s*(?:th{_W}{{1,3}}i\s+gian|th{_W}{{1,3}}i\s+h{_W}{{1,2}}n)(?:\s+(?:th{_W}{{1,2}}c\s+hi{_W}n|"
    rf"ho{_W}n\s+th{_W}nh))?\s*:"
)


def opens_card_body(line: str) -> bool:
    """Whether a line opens a titled card's body: its time first, labelled."""
    return bool(_TIME_OPENING_RE.match(fold_aligned(line.strip())))


def card_title_follows(chunk: list[tuple[int, str]], k: int) -> bool:
    """Whether the bold line at `k` names the task whose body follows: the next line that is not blank
    opens with the task's time."""
    for _i, line in chunk[k + 1 :]:
        if line.strip():
            return opens_card_body(line)
    return False
