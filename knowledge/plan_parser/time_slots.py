"""A programme table's time cell: the slot an item of an event is held in ("07h30 ngày 10/10/2025", "8h30 - 10h00,
ngày 10/10/2025", "14 giờ ngày 5/3/2026", "Ngày 10/10/2025"). The clock times say when in the day; the day
itself is when that item is due. In running text "ngày 10/10" names when something was issued, so the general
deadline reader leaves it; a time column holding only a slot means the slot."""

from __future__ import annotations

import dataclasses
import re
from datetime import date

from knowledge.deadline import parse_deadline_cell
from knowledge.fold import fold_aligned
from knowledge.models import NONE, Deadline

_CLOCK = r"\d{1,2}\s*(?:h|gio|g)\s*(?:\d{2})?(?:\s*(?:phut|p))?"
_SLOT_RE = re.compile(
    rf"^(?:(?:tu\s+)?{_CLOCK}(?:\s*(?:[-–]|den)\s*{_CLOCK})?\s*,?\s*)?(?:ngay\s+)?"
    r"(?P<date>\d{1,2}\s*/\s*\d{1,2}\s*/\s*(?:19|20)\d{2})\s*$"
)


def slot_deadline(cell: str, issued_on: date | None) -> Deadline | None:
    """The day of a programme slot written in a time cell, or None when the cell is no such slot."""
    slot = _SLOT_RE.match(fold_aligned(cell.strip()))
    if not slot:
        return None
    deadline = parse_deadline_cell(cell.strip()[slot.start("date") : slot.end("date")], issued_on=issued_on)
    if deadline.kind == NONE:
        return None
    return dataclasses.replace(deadline, text=" ".join(cell.split()))  # the slot's hours are said too
