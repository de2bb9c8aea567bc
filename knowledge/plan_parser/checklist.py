"""A checklist of work ("danh mục kiểm tra công việc"): each task a line opening with a box to tick and its code
("☐ A1. Rà soát danh sách …"), wrapped lines indented under it, then "-" lines that are what the head checks
when accepting the work (not tasks of their own), and its fields one a line ("Người thực hiện: Y sĩ X, cùng
Công an xã", "Hạn: trước 28/02/2026"). The tasks sit in lettered groups ("A. Hồ sơ sức khỏe điện tử").

"cùng" in the person field names who works with the one in charge. A page's footer ("Trang 1/3") and the
running header repeated under it are no part of the task above."""

from __future__ import annotations

import re
from datetime import date

from knowledge.deadline import parse_deadline, parse_deadline_cell
from knowledge.models import NONE, Deadline, ParsedTask
from knowledge.plan_parser.fielded import _attribute
from knowledge.plan_parser.leads import _named_units
from knowledge.plan_parser.text import _join

# "☐ A1. …", "□ 3. …", "[ ] B2) …", "☑ C1. …": a box, then the task's code.
_BOXED_RE = re.compile(
    r"^\s*(?:[☐☑☒□■✓✔❏❑]|\[[ xX✓]?\])\s*(?P<code>[A-Z]?\d{1,2}(?:\.\d{1,2})?)\s*[.):]\s*(?P<rest>\S.*)$"
)
_CRITERION_RE = re.compile(r"^\s*[-–+•]\s*(?P<rest>\S.*)$")
# "Trang 1/3", "- 2 -": a page's footer; the line under it repeats the running header.
_PAGE_FOOTER_RE = re.compile(
    r"^\s*(?:trang\s+\d{1,3}(?:\s*/\s*\d{1,3})?|[-–]\s*\d{1,3}\s*[-–])\s*$", re.IGNORECASE
)
# ", cùng Công an xã": the partners after the one in charge, in the same field.
_WITH_RE = re.compile(r"[,;]\s*c[uù]ng\s+(?:v[oớ]i\s+)?", re.IGNORECASE)
# "A. Hồ sơ sức khỏe điện tử": a lettered group title, short, no sentence.
_GROUP_RE = re.compile(r"^\s*(?P<title>[A-HĐ]\s*[.)]\s+\S[^.;:]{2,100})$")
_MIN_BOXES = 2  # one boxed line may be a form's tick; a list of them is the layout


def _group_title(line: str) -> str | None:
    m = _GROUP_RE.match(line)
    return m["title"].strip() if m and not _BOXED_RE.match(line) else None


def checklist_tasks(
    chunk: list[tuple[int, str]], issued_on: date | None
) -> tuple[list[ParsedTask], list[tuple[int, str]]]:
    """The checklist's tasks and the section's other lines; no tasks unless several lines open with a box."""
    if sum(1 for _i, line in chunk if _BOXED_RE.match(line)) < _MIN_BOXES:
        return [], chunk
    first = next(k for k, (_i, line) in enumerate(chunk) if _BOXED_RE.match(line))
    rest = list(chunk[:first])
    group = None
    # The lettered group title just above the first box belongs to the checklist.
    for k in range(len(rest) - 1, -1, -1):
        title = _group_title(rest[k][1])
        if title:
            group = title
            del rest[k:]
            break
        if rest[k][1].strip():
            break
    tasks: list[ParsedTask] = []
    current: _Entry | None = None
    after_footer = False
    for _i, line in chunk[first:]:
        stripped = line.strip()
        if not stripped:
            continue
        if _PAGE_FOOTER_RE.match(line):
            after_footer = True
            continue
        if after_footer:  # "Trạm Y tế xã … - Kế hoạch số 27/KH-TYT": the running header under the footer
            after_footer = False
            if not (_BOXED_RE.match(line) or _group_title(line)):
                continue
        boxed = _BOXED_RE.match(line)
        if boxed:
            if current:
                tasks.append(current.task(issued_on))
            current = _Entry(boxed["code"], boxed["rest"].strip(), group)
            continue
        title = _group_title(line)
        if title:
            if current:
                tasks.append(current.task(issued_on))
                current = None
            group = title
            continue
        if current is None:
            continue
        current.add(line)
    if current:
        tasks.append(current.task(issued_on))
    return tasks, rest


class _Entry:
    """One boxed task being read: its title lines, the criteria under it and its fields."""

    def __init__(self, code: str, text: str, group: str | None) -> None:
        self.code = code
        self.text = text
        self.group = group
        self.criteria: list[str] = []
        self.fields: list[tuple[str, str]] = []
        self.in_title = True

    def add(self, line: str) -> None:
        stripped = line.strip()
        field = _attribute(stripped)
        criterion = _CRITERION_RE.match(line)
        if field:
            self.fields.append(field)
            self.in_title = False
        elif criterion:
            self.criteria.append(criterion["rest"].strip())
            self.in_title = False
        elif self.in_title:
            self.text = _join(self.text, stripped)
        elif self.fields:  # a field's value wrapped onto the next line
            kind, value = self.fields[-1]
            self.fields[-1] = (kind, _join(value, stripped))
        elif self.criteria:
            self.criteria[-1] = _join(self.criteria[-1], stripped)

    def task(self, issued_on: date | None) -> ParsedTask:
        content = " ".join(self.text.split())
        lead = None
        support: list[str] = []
        deadline = Deadline()
        for kind, value in self.fields:
            if kind == "lead":
                with_at = _WITH_RE.search(value)
                if with_at:
                    support += _named_units(value[with_at.end() :].strip(" .;"))
                    value = value[: with_at.start()]
                # "BS. Hà Văn Tuấn, Trưởng Trạm Y tế": one person and the post, kept together
                lead = lead or " ".join(value.strip(" .;").split()) or None
            elif kind == "support":
                support += _named_units(value.strip(" .;"))
            elif kind == "when" and deadline.kind == NONE:
                deadline = parse_deadline_cell(value, issued_on=issued_on)
        if deadline.kind == NONE:  # "(hạn 20/02/2026)" in the task's own words
            deadline = parse_deadline(content, issued_on=issued_on)
        return ParsedTask(
            code=self.code,
            content=content,
            lead=lead,
            support=list(dict.fromkeys(s for s in support if s != lead)),
            deadline=deadline,
            section=self.group,
            source="item",
            result="; ".join(self.criteria) or None,
        )
