"""Task references: a short name for each task, unique in its plan, that users read on buttons and type back.

A plan's printed codes repeat (six bullets under "1.1" all carry "1.1"; table rows restart at "1"), so the
reference is built from the code and the task's place among those sharing it:

- a code no other task of the plan carries is its own reference: "2.2", "III.1";
- a code several tasks share is numbered in document order: "1.1-1", "1.1-2", ... "1.1-6";
- a table row is "B" and its row number ("B3"), or "B" and its place among the plan's table rows;
- any other task without a code is "M" and its place among those ("M2").

References depend only on the document, so re-ingesting the same plan gives the same ones.
`parse_ref` finds a reference in what a user typed ("nhiệm vụ 1.1-2 kế hoạch 47a", "việc số 3.2", "B3").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from knowledge.fold import fold_aligned

_TABLE = "table"


def _base(code: str | None, source: str | None) -> str | None:
    code = re.sub(r"\s+", "", code or "").strip(".)")
    if source == _TABLE:
        return f"B{code}" if code and re.fullmatch(r"\d{1,3}", code) else (code or None)
    return code or None


def task_refs(tasks: Sequence[tuple[str | None, str | None]]) -> list[str]:
    """References for a plan's tasks, given each task's (code, source) in document order."""
    bases = [_base(code, source) for code, source in tasks]
    counts = Counter(b for b in bases if b)
    seen: Counter[str] = Counter()
    uncoded: Counter[str] = Counter()
    refs: list[str] = []
    used: set[str] = set()
    for (_code, source), base in zip(tasks, bases, strict=True):
        if base is None:
            prefix = "B" if source == _TABLE else "M"
            uncoded[prefix] += 1
            ref = f"{prefix}{uncoded[prefix]}"
        elif counts[base] == 1:
            ref = base
        else:
            seen[base] += 1
            ref = f"{base}-{seen[base]}"
        while ref in used:  # "B3" as a row number and as the third uncoded row: keep both apart
            ref += "'"
        used.add(ref)
        refs.append(ref)
    return refs


def plan_refs(tasks) -> list[str]:
    """The references of a plan's tasks (objects with `ref`, `code`, `source`): the parser's when every task
    has a distinct one, else made from the codes here (plans built another way, as tests do)."""
    given = [getattr(t, "ref", None) for t in tasks]
    if all(given) and len(set(given)) == len(given):
        return given
    return task_refs([(t.code, t.source) for t in tasks])


# A reference as typed: "1.1", "1.1-2", "III.2.3", "1.1.b", "B3", "M2" (folded, lower case).
_REF = r"(?:[ivx]{1,4}\.)?\d{1,2}(?:\.\d{1,2}){0,3}(?:\.[a-z])?(?:-\d{1,2})?|[bm]\d{1,3}(?:-\d{1,2})?"
_CUED_RE = re.compile(rf"\b(?:nhiem vu|viec|muc|task|nv|ma|tham chieu)\s+(?:so\s+)?(?P<ref>{_REF})(?![\w/])")
_DOTTED_RE = re.compile(
    r"(?<![\w/.])(?P<ref>(?:[ivx]{1,4}\.)?\d{1,2}(?:\.\d{1,2}){1,3}(?:\.[a-z])?(?:-\d{1,2})?)(?![\w/.])"
)


def parse_ref(text: str) -> str | None:
    """The task reference in `text`, in the form `task_refs` writes ("1.1-2", "III.2", "B3"), or None.

    A reference follows a cue ("nhiệm vụ 2.2", "việc số 3.2", "mục 1.1-2") or is a dotted number on its own
    ("1.1.b của phòng kinh tế"); dates ("15/12", "30.9.2026") and plan numbers ("47a") are not references."""
    folded = re.sub(r"\s+", " ", fold_aligned(text or ""))
    m = _CUED_RE.search(folded) or _DOTTED_RE.search(folded)
    if not m:
        return None
    ref = m["ref"]
    roman = re.match(r"^([ivx]{1,4})\.", ref)
    if roman:
        ref = roman[1].upper() + ref[roman.end(1) :]
    if ref[0] in "bm" and ref[1:2].isdigit():
        ref = ref[0].upper() + ref[1:]
    return ref


def ref_matches(stored: str | None, typed: str) -> bool:
    """Whether a stored reference answers a typed one: equal, or one of a shared code's numbered tasks
    ("1.1" finds "1.1-1" ... "1.1-6")."""
    if not stored:
        return False
    return stored.lower() == typed.lower() or stored.lower().startswith(typed.lower() + "-")
