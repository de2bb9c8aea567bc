"""A table's unit cell that names both roles in the genre's short form: "Phòng Y tế chủ trì; Trạm Y tế xã, Hội
Chữ thập đỏ phối hợp". The lead is the words before "chủ trì", the partners those before "phối hợp"; the role
words themselves name no one."""

from __future__ import annotations

import re

from knowledge.fold import fold_aligned
from knowledge.plan_parser.text import _W

_LEAD_ROLE_RE = re.compile(rf"\s+ch{_W}{{1,2}}\s+tr{_W}\s*$")
_PARTNER_ROLE_RE = re.compile(rf"\s+ph{_W}{{1,2}}i\s+h{_W}p\s*$")


def split_role_cell(cell: str) -> tuple[str, str] | None:
    """(lead words, partner words) of a cell "A chủ trì; B, C phối hợp" (the partners' part may be missing:
    "A chủ trì"), else None. Pieces are split at ";" or a line break."""
    pieces = [p.strip(" .,") for p in re.split(r"\s*[;\n]\s*", cell) if p.strip(" .,")]
    if not pieces:
        return None
    lead = _LEAD_ROLE_RE.search(fold_aligned(pieces[0]))
    if not lead or not pieces[0][: lead.start()].strip():
        return None
    partners = []
    for piece in pieces[1:]:
        cue = _PARTNER_ROLE_RE.search(fold_aligned(piece))
        if not cue:
            return None  # a piece in another shape: not this form
        partners.append(piece[: cue.start()].strip(" ,"))
    return pieces[0][: lead.start()].strip(), "\n".join(p for p in partners if p)
