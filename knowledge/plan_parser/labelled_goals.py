"""Targets listed after a label inside a purpose section: "3. Chỉ tiêu: hỗ trợ ít nhất 500 lượt người dân;
100% hộ kinh doanh có mã QR thanh toán; thu hút 1.200 người tham dự." An event's or a short plan's targets name
no year; they hold for the year the plan is for (its title's, else the year it was issued)."""

from __future__ import annotations

import re

from knowledge.fold import fold_aligned
from knowledge.models import Target
from knowledge.plan_parser.targets import _clause_target, _sentences
from knowledge.plan_parser.text import _W

# "Chỉ tiêu:", "3. Chỉ tiêu cụ thể:", "- Mục tiêu:" opening a sentence; the targets follow the colon.
_GOALS_LABEL_RE = re.compile(
    rf"^\W*(?:\d{{1,2}}\W+)*(?:ch{_W}\s+ti{_W}u|m{_W}c\s+ti{_W}u)(?:\s+(?:c{_W}\s+th{_W}|ch{_W}\s+y{_W}u))?\s*:\s*"
)


def labelled_goals(chunk: list[tuple[int, str]], year: str) -> list[Target]:
    """The targets after a "Chỉ tiêu:" label, one per clause (clauses end at ";" or "."), for `year`."""
    out: list[Target] = []
    for sentence in _sentences(chunk):
        label = _GOALS_LABEL_RE.match(fold_aligned(sentence))
        if not label:
            continue
        for clause in re.split(r";|\.(?!\d)", sentence[label.end() :]):
            target = _clause_target(clause, year, loose=True)
            if target:
                out.append(target)
    return out
