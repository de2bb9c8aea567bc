"""An appendix of one small table per lead, the lead named only in the heading above its table ("2. CÔNG AN TỈNH
(03 nhiệm vụ)", "5. Sở Nông nghiệp và Môi trường (Sở NN&MT) - 02 nhiệm vụ", "6. SỞ Y TẾ"), its rows numbered
from 1 again: each row's lead is the heading's unit, its code the heading's number and its own ("2.1")."""

from __future__ import annotations

import re
from datetime import date

from knowledge.fold import fold_aligned
from knowledge.models import ParsedTask, Target
from knowledge.plan_parser.tables import _tables
from knowledge.plan_parser.text import _ITEM_RE, _W
from knowledge.units import canonical_unit

# "2. CÔNG AN TỈNH (03 nhiệm vụ)", "5. Sở X (Sở X) - 02 nhiệm vụ", "6. SỞ Y TẾ": a number, a name, a count.
_HEADING_RE = re.compile(r"^\s*(?P<num>\d{1,2}|[IVX]{1,4})\s*[.)]\s+(?P<name>\S.{2,120}?)\s*$")
_COUNT_RE = re.compile(
    rf"\s*(?:\(\s*\d{{1,3}}\s+nhi{_W}{{0,3}}m\s+v{_W}{{1,2}}\s*\)|[-–:]\s*\d{{1,3}}\s+nhi{_W}{{0,3}}m\s+v{_W}{{1,2}})\s*$"
)
_SHORT_RE = re.compile(r"\s*\([^()]{1,20}\)\s*$")  # "(Sở NN&MT)": the short form after the name


def _heading_unit(line: str) -> tuple[str, str] | None:
    """(number, unit) when `line` is a numbered heading naming only a unit (and how many tasks it has)."""
    m = _HEADING_RE.match(line)
    if not m or "|" in line:
        return None
    name = m["name"]
    count = _COUNT_RE.search(fold_aligned(name))
    if count:
        name = name[: count.start()]
    name = _SHORT_RE.sub("", name).strip(" .:")
    unit = canonical_unit(name)
    return (m["num"], unit) if unit else None


def _table_follows(chunk: list[tuple[int, str]], k: int) -> bool:
    for _i, line in chunk[k + 1 :]:
        if line.strip():
            return line.lstrip().startswith("|") or "\t" in line
    return False


def tables_by_lead(
    chunk: list[tuple[int, str]], issued_on: date | None, year: int | None = None
) -> tuple[list[ParsedTask], list[tuple[int, str]], list[Target]]:
    """`_tables` over a section, each table under a heading naming a unit read with that unit as the lead of
    rows naming none; the headings themselves are no tasks."""
    cuts = [
        (k, h)
        for k, (_i, line) in enumerate(chunk)
        if (h := _heading_unit(line)) and _table_follows(chunk, k)
    ]
    if len(cuts) < 2:  # one heading over one table is an ordinary titled table
        return _tables(chunk, issued_on, year)
    tasks: list[ParsedTask] = []
    targets: list[Target] = []
    rest: list[tuple[int, str]] = []
    bounds = [(0, None), *((k, h) for k, h in cuts)]
    for n, (start, head) in enumerate(bounds):
        end = bounds[n + 1][0] if n + 1 < len(bounds) else len(chunk)
        part = chunk[start + (1 if head else 0) : end]
        found, left, goals = _tables(part, issued_on, year)
        if head:
            num, unit = head
            for task in found:
                task.lead = task.lead or unit
                task.code = f"{num}.{task.code}" if task.code else num
        tasks.extend(found)
        rest.extend(left)
        targets.extend(goals)
    return tasks, rest, targets


def without_table_captions(
    chunk: list[tuple[int, str]], rest: list[tuple[int, str]]
) -> list[tuple[int, str]]:
    """`rest` (the lines of `chunk` left after its tables were read) without each numbered line, no sentence,
    right above a table: "4. Các nội dung chưa hoàn thành theo Thông báo số 241/TB-UBND, tiếp tục thực
    hiện" over "| TT | Nội dung | Người chịu trách nhiệm | Hạn mới |" names the table, whose rows are the
    work, and is no task of its own."""
    read = {i for i, _line in chunk} - {i for i, _line in rest}
    if not read:
        return rest
    captions: set[int] = set()
    above: int | None = None  # the last non-blank line, if a numbered line that is no sentence
    for i, line in chunk:
        if i in read:
            if above is not None:
                captions.add(above)
            above = None
        elif line.strip():
            # "3. Giao Phòng X rà soát …; xong trước 30/3/2026." closes as a sentence: work, whatever follows.
            named = _ITEM_RE.match(line) and not line.rstrip().endswith((".", ";"))
            above = i if named else None
    return [(i, line) for i, line in rest if i not in captions]
