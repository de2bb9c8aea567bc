"""Appendix rows that restate the plan's own numbered tasks ("| Tháng 9/2025 | Nhiệm vụ 1 (Kiện toàn tổ) |
Chủ trì: Văn phòng; Phối hợp: … |"): the body lists the work under numbered headings and names no one, the
appendix ("Phụ lục phân công") gives each task its lead, partners and time in a row that points back to it.

Such a row is no task of its own: it completes the body task it points to, so the plan counts each piece of
work once. A row points to a task by its number ("Nhiệm vụ 4", "NV 4", "Mục 4", "Nội dung 4") when the words
it adds in parentheses, if any, are the task's words; or, with no number, by its words, when they are mostly
the words of one task without a lead and of no other."""

from __future__ import annotations

import re

from knowledge.fold import fold_aligned
from knowledge.models import NONE, ParsedTask
from knowledge.plan_parser.assignments import _gram_weights, _grams, _overlap
from knowledge.plan_parser.text import _W

# "Nhiệm vụ 4", "NV số 4", "Mục 2.1", "Nội dung 3", "Task 3" opening the row's task cell.
_POINTER_RE = re.compile(
    rf"^\W*(?:nhi{_W}{{1,2}}m\s+v{_W}|nv|m{_W}c|n{_W}{{1,2}}i\s+dung)\s*(?:s{_W}\s*)?"
    r"(?P<n>\d{1,3}(?:\.\d{1,3})*)\b\.?"
)
# Of a row's words (without a number), the share a body task must hold for the row to restate it; and how
# much better it must fit than the next task.
_MIN_COVER = 0.6
_MIN_MARGIN = 2.0


def merge_restated_rows(tasks: list[ParsedTask]) -> list[ParsedTask]:
    """Give each body task without a lead the lead, partners and time of the table row that restates it,
    and drop those rows; tasks no row restates, and rows that restate no task, are kept as they are."""
    rows = [t for t in tasks if t.source == "table" and t.lead]
    if not rows:  # most plans: no appendix row to merge, so no task's grams are needed
        return tasks
    grams = [_grams(t.content) for t in tasks]  # each task's once: its weights and its match
    open_tasks = [(t, g) for t, g in zip(tasks, grams, strict=True) if t.source != "table" and not t.lead]
    if not open_tasks:
        return tasks
    weights = _gram_weights(grams)
    merged: set[int] = set()
    for row in rows:
        target = _restated_task(row, open_tasks, weights)
        if target is None:
            continue
        _complete(target, row)
        open_tasks = [(t, grams) for t, grams in open_tasks if t is not target]  # one row per task
        merged.add(id(row))
    return [t for t in tasks if id(t) not in merged]


def _restated_task(
    row: ParsedTask, open_tasks: list[tuple[ParsedTask, set[str]]], weights: dict[str, float]
) -> ParsedTask | None:
    pointer = _POINTER_RE.match(fold_aligned(row.content))
    if pointer:
        numbered = [(t, grams) for t, grams in open_tasks if (t.code or "").rstrip(".") == pointer["n"]]
        aside = _grams(row.content[pointer.end() :])
        if not aside:
            return numbered[0][0] if len(numbered) == 1 else None
        # "Nhiệm vụ 4 (phần mềm vị trí việc làm)": the words in parentheses say which task "4" is.
        fitting = [t for t, grams in numbered if _overlap(grams, aside, weights) > 0]
        return fitting[0] if len(fitting) == 1 else None
    words = _grams(row.content)
    singles = {g for g in words if " " not in g}
    if len(singles) < 2:
        return None
    scored = sorted(
        ((_cover(singles, grams), _overlap(grams, words, weights), t) for t, grams in open_tasks),
        key=lambda s: (-s[0], -s[1]),
    )
    if not scored or scored[0][0] < _MIN_COVER:
        return None
    if len(scored) > 1 and scored[1][0] >= _MIN_COVER and scored[0][1] < _MIN_MARGIN * scored[1][1]:
        return None  # the row's words fit two tasks: which one it restates is not clear
    return scored[0][2]


def _cover(singles: set[str], task: set[str]) -> float:
    return len(singles & task) / len(singles)


def _complete(task: ParsedTask, row: ParsedTask) -> None:
    task.lead = row.lead
    task.support = [s for s in dict.fromkeys([*task.support, *row.support]) if s != row.lead]
    if row.deadline.kind != NONE:  # the appendix's time column states it; the body's words only hint at it
        task.deadline = row.deadline
    if not task.result and row.result:
        task.result = row.result
