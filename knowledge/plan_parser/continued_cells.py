"""What a task table leaves to the row above. A table sorted by time with its time column first ("| Thời hạn |
Đơn vị thực hiện | Nội dung công việc |") writes each time once, over the rows that share it (Word's merged
cell comes out as empty cells below the first): an empty time cell there is the row above's. A row whose
content opens "(tiếp)" ("(tiếp theo)") carries on the task above, broken over two rows. And the note above
such a table saying how to read it ("Ô "Thời hạn" để trống là …; dòng … bắt đầu bằng "(tiếp)" là …") is
no task."""

from __future__ import annotations

import re

from knowledge.fold import fold_aligned
from knowledge.models import ParsedTask
from knowledge.plan_parser.text import _W, _join

# "(tiếp)", "(tiếp theo)", "(Tiếp)": the row goes on with the task above.
_CONTINUED_RE = re.compile(rf"^\s*\(\s*ti{_W}p(?:\s+theo)?\s*\)\s*")
# "Ô "Thời hạn" để trống …", "cột “Đơn vị” …", "dòng có ô …": words about a table's cells, rows or columns,
# naming one in quotes. Read on the text as written: folded, "ô" (a cell) would be "ở" (at) too.
_CELL_WORDS_RE = re.compile(r"(?<!\w)(?:[Ôô]|[Cc]ột|[Dd]òng)\s+(?:có\s+ô\s+)?[\"“”'‘]")


def fills_down(roles: dict[str, int]) -> bool:
    """The table is led by its time column: an empty time cell is the one above's."""
    return roles.get("deadline") == 0 and roles.get("content", 0) > 0


def continued(content: str) -> str | None:
    """The content of a "(tiếp)" row without its mark, or None for a row of its own."""
    m = _CONTINUED_RE.match(fold_aligned(content))
    return content[m.end() :].strip() if m else None


def continue_task(task: ParsedTask, more: str, partners: list[str]) -> None:
    """The task above, its content carried on by a "(tiếp)" row and any unit that row names beside it."""
    task.content = _join(task.content, re.sub(r"\s+", " ", more))
    for name in partners:
        if name != task.lead and name not in task.support:
            task.support.append(name)


def is_reading_note(text: str) -> bool:
    """A paragraph about reading a table's cells and rows, which assigns no work."""
    return bool(_CELL_WORDS_RE.search(text))
