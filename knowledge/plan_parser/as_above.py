"""Units written "như trên" ("(Giao: như trên; thời gian: …)", "Phối hợp: như trên"): the same as the task
above, as a ditto mark in a table's cell is (`tables._is_ditto`). Read as they stand, the words would be a
unit named "như trên"."""

from __future__ import annotations

import re

from knowledge.fold import fold_words
from knowledge.models import ParsedTask

# "như trên", "nhu tren", "như nhiệm vụ trên", "như mục trên", "như nội dung trên": the one above.
_AS_ABOVE_RE = re.compile(r"^nhu(?: (?:nhiem vu|muc|noi dung|o))? tren$")


def is_as_above(name: str | None) -> bool:
    return bool(_AS_ABOVE_RE.match(fold_words(name or "")))


def resolve_as_above(tasks: list[ParsedTask]) -> None:
    """Each lead or partner written "như trên" becomes the task above's (its lead; its partners), in order,
    so a run of them all take the first named one."""
    for above, task in zip(tasks, tasks[1:], strict=False):
        if is_as_above(task.lead):
            task.lead = above.lead
        if any(is_as_above(s) for s in task.support):
            named = [s for s in task.support if not is_as_above(s)]
            task.support = list(dict.fromkeys(s for s in [*named, *above.support] if s != task.lead))


# "Như nhiệm vụ (5)", "như nhiệm vụ số 5", "như mục (5)": the units of the task labelled "(5)" in the plan.
_AS_NUMBERED_RE = re.compile(r"^nhu (?:nhiem vu|muc|noi dung)(?: so)? (\d{1,3})$")
# "(5) Rõ việc: Rà soát, …": a task's bracketed label at the start of its line, and its first words.
_LABEL_LINE_RE = re.compile(r"^\s*\((\d{1,3})\)\s*(.+)$")
_FIELD_LABEL_RE = re.compile(r"^[^:]{1,20}:\s*")  # "rõ việc: " before the work's words


def resolve_as_numbered(tasks: list[ParsedTask], lines: list[str]) -> None:
    """Each lead written "như nhiệm vụ (N)" becomes the lead (and partners) of the task labelled "(N)",
    found by the words its labelled line opens with; left as it is when no one task has them."""
    labelled: dict[str, list[str]] = {}
    for line in lines:
        m = _LABEL_LINE_RE.match(line)
        if m:
            words = fold_words(_FIELD_LABEL_RE.sub("", m[2], count=1))
            labelled.setdefault(m[1], []).append(" ".join(words.split()[:6]))
    for task in tasks:
        m = _AS_NUMBERED_RE.match(fold_words(task.lead or ""))
        if not m or len(labelled.get(m[1], [])) != 1:
            continue
        opening = labelled[m[1]][0]
        found = [t for t in tasks if t is not task and fold_words(t.content).startswith(opening)]
        if len(found) == 1:
            task.lead = found[0].lead
            task.support = list(dict.fromkeys([*task.support, *found[0].support]))
