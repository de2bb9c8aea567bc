"""Times a task list states outside its tasks' own words, and the feast a task may be due by.

- A note over the list giving the time of the tasks that state none ("(Nội dung không ghi thời hạn thì
  hoàn thành trong tháng 12/2025.)"): each such task is due by it.
- "(trước Tết Nguyên đán)": due before the lunar new year, whose date the calendar of the year decides;
  the task is given that condition as its time, so no default is put in its place and no date is guessed."""

from __future__ import annotations

from datetime import date

from knowledge.deadline import compile_literal_first, parse_deadline
from knowledge.fold import fold_aligned
from knowledge.models import CONDITIONAL, DATE, MONTH, NONE, Deadline, ParsedTask
from knowledge.plan_parser.text import _W

# "… không ghi thời hạn (riêng) thì hoàn thành …", "… chưa nêu thời gian thì thực hiện …"
_DEFAULT_NOTE_RE = compile_literal_first(
    rf"\b(?:kh{_W}ng|ch{_W}a)\s+(?:ghi|n{_W}u|x{_W}c\s+d{_W}nh)\s+(?:r{_W}\s+)?th{_W}{{1,3}}i\s+(?:h{_W}n|gian)\b"
    rf"[^.;]{{0,40}}?\bth{_W}\s+(?P<then>.+)$"
)
_MAX_NOTE_CHARS = 160
# "trước Tết Nguyên đán", "trước Tết": the lunar new year. Searched in every task without a time of its own:
# compiled literal first (the same matches; scanned for "tr" in C, not tried at every position).
_BEFORE_TET_RE = compile_literal_first(
    rf"\btr{_W}{{1,2}}c\s+(?:d{_W}p\s+)?t{_W}t(?:\s+nguy{_W}n\s+d{_W}n)?\b"
)


def default_time(text: str, issued_on: date | None) -> Deadline | None:
    """The time a list's note gives its tasks that state none; None when `text` is no such note or the
    time it names is no date or month ("theo thời gian của nhóm")."""
    if len(text) > _MAX_NOTE_CHARS:
        return None
    folded = fold_aligned(text)
    m = _DEFAULT_NOTE_RE.search(folded)
    if not m:
        return None
    deadline = parse_deadline(text[m.start("then") :], issued_on=issued_on)
    return deadline if deadline.kind in (DATE, MONTH) else None


def before_tet(content: str) -> Deadline | None:
    """ "trước Tết Nguyên đán" as the task's time, a condition; None when the task names no such time."""
    m = _BEFORE_TET_RE.search(fold_aligned(content))
    if not m:
        return None
    said = content[m.start() : m.end()]
    return Deadline(kind=CONDITIONAL, text=said, condition=said)


def apply_default_time(tasks: list[ParsedTask], default: Deadline) -> None:
    """Give the tasks that state no time the list's default time."""
    for task in tasks:
        if task.deadline.kind == NONE:
            task.deadline = Deadline(kind=default.kind, due=default.due, text=default.text)
