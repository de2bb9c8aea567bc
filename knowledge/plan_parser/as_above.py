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
