"""A movement plan grouped by target: "Chỉ tiêu 2. Mỗi xã có ít nhất 01 Đội hình … (thời hạn: trước
31/12/2026)." then "Giải pháp:" over bullets "Ban Phong trào, phối hợp Sở Khoa học và Công nghệ: tập huấn …;
trong tháng 02/2026". The target paragraph is a goal and the heading of its bullets, not a task. Each bullet
names its lead before the colon (its partners after "phối hợp"), and its time in the last clause; a bullet
without a time of its own is due at its target's deadline (the plan says so: "giải pháp không ghi thời gian
riêng thì hoàn thành theo thời hạn của chỉ tiêu")."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from knowledge.deadline import parse_deadline_cell
from knowledge.fold import fold_aligned
from knowledge.models import NONE, Deadline, ParsedTask, Target
from knowledge.plan_parser.leads import _named_units
from knowledge.plan_parser.targets import _sentence_targets
from knowledge.plan_parser.text import _W, _starts_upper
from knowledge.units import match_unit_at_start

# "Chỉ tiêu 2." opening the paragraph (on folded text).
_TARGET_HEAD_RE = re.compile(rf"^\W*ch{_W}\s+ti{_W}u\s+(?P<n>\d{{1,2}})\s*[.:]\s*")
# "(thời hạn: trước 30/6/2026)", "(thời gian: năm 2026)": the target's deadline.
_TERM_RE = re.compile(rf"\(\s*th{_W}{{1,2}}i\s+(?:h{_W}n|gian)\s*:\s*(?P<term>[^()]*)\)")
# "Giải pháp:" closing the target's paragraph (the bullets under it follow).
_SOLUTIONS_RE = re.compile(rf"\s*gi{_W}{{1,2}}i\s+ph{_W}p(?:\s+th{_W}{{1,2}}c\s+hi{_W}n)?\s*:?\s*$")
# "Ban Phong trào, phối hợp Sở …:" / "Ban Tổ chức - Kiểm tra phối hợp Văn phòng Tỉnh đoàn:" opening a bullet.
_BODY_LABEL_RE = re.compile(
    rf"^(?P<body>[^:;()]{{3,90}}?)(?:\s*,?\s+ph{_W}{{1,2}}i\s+h{_W}p(?:\s+v{_W}{{1,2}}i)?\s+(?P<partners>[^:;]{{3,160}}?))?\s*:\s+"
)
_LEAST_TARGETS = 2  # target headings a section needs to be read this way
_MAX_BODY_WORDS = 10


def read_target_groups(
    tasks: list[ParsedTask], issued_on: date | None
) -> tuple[list[ParsedTask], list[Target]]:
    """The tasks without the target paragraphs, each bullet under one with its lead, partners and time read
    as above and the target as its section; and the targets. Plans without two such headings come back as
    they were."""
    heads = [t for t in tasks if _target_head(t) is not None]
    if len(heads) < _LEAST_TARGETS:
        return tasks, []
    out: list[ParsedTask] = []
    targets: list[Target] = []
    group: tuple[str, Deadline, str | None] | None = None  # (heading, deadline, section of the heading)
    for task in tasks:
        head = _target_head(task)
        if head is not None:
            sentence, term = head
            deadline = parse_deadline_cell(term, issued_on=issued_on) if term else task.deadline
            if deadline.kind == NONE:
                deadline = task.deadline
            year = deadline.due.year if deadline.due else (issued_on.year if issued_on else None)
            targets.extend(_sentence_targets([(0, f"- {sentence}")], year=year))
            group = (f"Chỉ tiêu {head_number(task)}. {sentence}", deadline, task.section)
            continue
        if group is not None and task.section == group[2]:
            _read_bullet(task, group[1], issued_on)
            task.section = group[0]
        out.append(task)
    return out, targets


def head_number(task: ParsedTask) -> str:
    m = _TARGET_HEAD_RE.match(fold_aligned(task.content))
    return m["n"] if m else ""


def _target_head(task: ParsedTask) -> tuple[str, str | None] | None:
    """(the target's sentence, its deadline's words) for a "Chỉ tiêu N. … (thời hạn: …)" paragraph."""
    folded = fold_aligned(task.content)
    head = _TARGET_HEAD_RE.match(folded)
    if not head:
        return None
    term = _TERM_RE.search(folded)
    solutions = _SOLUTIONS_RE.search(folded)
    if not term and not solutions:
        return None
    end = term.start() if term else solutions.start()
    sentence = task.content[head.end() : end].strip(" .;,")
    return sentence, (task.content[term.start("term") : term.end("term")].strip() if term else None)


def _read_bullet(task: ParsedTask, target_deadline: Deadline, issued_on: date | None) -> None:
    """The bullet's lead and partners from its label, its time from its last clause, else the target's."""
    label = _BODY_LABEL_RE.match(fold_aligned(task.content))
    if label:
        body = task.content[label.start("body") : label.end("body")].strip(" ,")
        if _starts_upper(body) and len(body.split()) <= _MAX_BODY_WORDS:
            task.lead = _name_as_written(body)
            if label["partners"]:
                written = task.content[label.start("partners") : label.end("partners")]
                named = [_name_as_written(piece.strip(" .")) for piece in re.split(r"\s*[;,]\s*", written)]
                named = [n for n in named if n]
                # The text's own reading may have cut a name the label gives whole ("Văn phòng Tỉnh").
                kept = [s for s in task.support if not any(n != s and n.startswith(s) for n in named)]
                task.support = list(dict.fromkeys(named + kept))
            task.support = [s for s in task.support if s != task.lead]
    if task.deadline.kind == NONE:
        last = task.content.rstrip(" .").rsplit(";", 1)
        if len(last) == 2:
            task.deadline = parse_deadline_cell(last[1].strip(), issued_on=issued_on)
    if task.deadline.kind == NONE:
        task.deadline = replace(target_deadline)


def _name_as_written(words: str) -> str | None:
    """The registered name when the registry names all of the words, else the words as written ("Ban Tổ chức
    - Kiểm tra", "Văn phòng Tỉnh đoàn", "Đoàn các xã, phường")."""
    if not words:
        return None
    hit = match_unit_at_start(words)
    if hit and hit[1] >= len(words) - 1:
        return hit[0]
    names = _named_units(words)
    if len(names) == 1 and len(names[0]) >= len(words) - 1:
        return names[0]
    return words
