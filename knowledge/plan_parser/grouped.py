"""A three-level outline ("1." → "1.1." → "1.1.1.") whose middle items are groups, not tasks: the group
states once who leads and who helps ("Đơn vị chủ trì: X; đơn vị phối hợp: Y, Z." or "Giao X chủ trì, Y
phối hợp thực hiện các nội dung sau:") and when ("Thời gian: Quý IV/2025."), and the numbered items under
it are the tasks, each doing its group's work with its group's units, by its group's time unless it
states its own ("(hoàn thành trước 31/3/2026)").

The group's lines are its terms only: a group whose lines say anything else (a bullet of work, a sentence
with no role) is left to the ordinary reading, where its lines are tasks of their own."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from knowledge.deadline import parse_deadline, parse_deadline_cell
from knowledge.fold import fold_aligned
from knowledge.models import NONE, Deadline, ParsedTask
from knowledge.plan_parser.fielded import _attribute, _split_support
from knowledge.plan_parser.leads import _lead_of, _named_units, _support_of
from knowledge.plan_parser.text import _W, _Node

# "Thời gian: …", "Thời hạn: …" inside a joined paragraph: where the time field starts.
_TIME_LABEL_RE = re.compile(rf"(?:^|(?<=[.:;]\s))th{_W}{{1,3}}i\s+(?:gian|h{_W}n)\b[^:]{{0,20}}:")
# "Giao X chủ trì, Y phối hợp thực hiện các nội dung sau:": the group hands its work to X and Y.
_HANDING_RE = re.compile(rf"^\W*giao\s+.+\bch{_W}{{1,2}}\s+tr{_W}\b")


@dataclass
class GroupTerms:
    """Who leads a group's tasks, who helps, and by when."""

    lead: str | None = None
    support: list[str] = field(default_factory=list)
    deadline: Deadline = field(default_factory=Deadline)


def group_terms(node: _Node, issued_on: date | None) -> GroupTerms | None:
    """The terms a group item states over its numbered sub-items; None when the item has no sub-items,
    states no lead, or has a line that is no term (then its lines are read as tasks)."""
    if not node.children or not node.paras:
        return None
    terms = GroupTerms()
    for para in node.paras:
        for piece in _pieces(para.text):
            if not _read_term(piece, terms, issued_on):
                return None
    return terms if terms.lead else None


def _pieces(text: str) -> list[str]:
    """A paragraph split where a time field starts: "Giao X chủ trì …: Thời gian: năm 2026." is two terms."""
    folded = fold_aligned(text)
    starts = [m.start() for m in _TIME_LABEL_RE.finditer(folded) if m.start() > 0]
    bounds = [0, *starts, len(text)]
    return [text[a:b].strip() for a, b in zip(bounds, bounds[1:], strict=False) if text[a:b].strip()]


def _read_term(text: str, terms: GroupTerms, issued_on: date | None) -> bool:
    """Add what one line says to `terms`; False when it is no term of a group."""
    attr = _attribute(text)
    if attr and attr[0] in ("lead", "support"):
        fields = {attr[0]: [attr[1]]}
        _split_support(fields)
        leads = [n for value in fields.get("lead", []) for n in _named_units(value)]
        if leads and not terms.lead:
            terms.lead = leads[0]
        for name in [*leads[1:], *(n for v in fields.get("support", []) for n in _named_units(v))]:
            if name != terms.lead and name not in terms.support:
                terms.support.append(name)
        return bool(leads or fields.get("support"))
    if attr and attr[0] == "when":
        deadline = parse_deadline_cell(attr[1].rstrip(" ."), issued_on=issued_on)
        if deadline.kind == NONE:
            deadline = parse_deadline(attr[1], issued_on=issued_on)
        terms.deadline = deadline
        return True
    if _HANDING_RE.match(fold_aligned(text)):
        lead = _lead_of(text, header=True)
        if not lead:
            return False
        terms.lead = terms.lead or lead
        for name in _support_of(text, lead):
            if name != terms.lead and name not in terms.support:
                terms.support.append(name)
        return True
    return False


def hand_down(tasks: list[ParsedTask], terms: GroupTerms) -> None:
    """Give the group's partners to its tasks led by the group's lead (a task naming its own lead names
    its own partners too)."""
    for task in tasks:
        if task.lead != terms.lead:
            continue
        for name in terms.support:
            if name != task.lead and name not in task.support:
                task.support.append(name)
