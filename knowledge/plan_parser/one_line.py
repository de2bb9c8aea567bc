"""Tasks written one a line with no table header: "1. Cập nhật dữ liệu … – Phòng Kinh tế – Tháng 11/2025"
(or "content | lead | time"), perhaps with a fourth part "– PH: …" naming the partners. Unit names and
times may hold the separator themselves ("Phòng Văn hóa – Xã hội", "năm học 2025 – 2026"), so a line is
split by what its parts are, read from the end: the partners after "PH:", then the time, then the unit in
charge; what is left is the content."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from knowledge.deadline import parse_deadline
from knowledge.fold import fold_aligned
from knowledge.models import NONE, Deadline, ParsedTask
from knowledge.plan_parser.leads import _named_units, _unit_at_start
from knowledge.plan_parser.text import _letter_group, _starts_upper
from knowledge.units import match_unit_at_start

_NUMBERED_RE = re.compile(r"^\s*(?P<code>\d{1,3})\s*[.)]\s+(?P<rest>\S.*)$")
_SEPARATOR_RE = re.compile(r"\s+[–—|-]\s+|\s*\|\s*")
# "PH: …", "Phối hợp: …", "P/h: …": the partners' part.
_PARTNERS_RE = re.compile(r"^(?:ph|p/h|phoi hop|don vi phoi hop)\s*:\s*")
_TIME_OTHER_WORDS = 3  # words a time part may hold beside its time ("Học kỳ II", "Trước", "Sau khi")
_MAX_LEAD_WORDS = 12
_MIN_LINES = 2  # one such line alone may be a sentence with dashes; a list of them is the layout


@dataclass
class _Parts:
    content: str
    lead: str | None
    deadline: Deadline
    partners: list[str]


def one_line_tasks(
    chunk: list[tuple[int, str]], issued_on: date | None
) -> tuple[list[ParsedTask], list[tuple[int, str]]]:
    """The one-line tasks of a section and its other lines; no tasks unless several lines are of the kind."""
    read: dict[int, tuple[str, _Parts]] = {}
    for k, (_i, line) in enumerate(chunk):
        m = _NUMBERED_RE.match(line)
        parts = _split(m["rest"], issued_on) if m else None
        if parts:
            read[k] = (m["code"], parts)
    if len(read) < _MIN_LINES:
        return [], chunk
    tasks: list[ParsedTask] = []
    rest: list[tuple[int, str]] = []
    group = None
    for k, (i, line) in enumerate(chunk):
        if k not in read:
            group = _letter_group(line.strip()) or group
            rest.append((i, line))
            continue
        code, parts = read[k]
        tasks.append(
            ParsedTask(
                code=code,
                content=parts.content,
                lead=parts.lead,
                support=[p for p in parts.partners if p != parts.lead],
                deadline=parts.deadline,
                section=group,
                source="item",
            )
        )
    return tasks, rest


def _split(text: str, issued_on: date | None) -> _Parts | None:
    """The parts of one line, or None when it is not "content – unit [– time] [– PH: …]"."""
    parts = [p.strip() for p in _SEPARATOR_RE.split(text.strip().rstrip("."))]
    if len(parts) < 3 and not (len(parts) == 2 and _is_unit(parts[1])):
        return None
    partners: list[str] = []
    for k in range(1, len(parts)):
        label = _PARTNERS_RE.match(fold_aligned(parts[k]))
        if label:
            value = " – ".join(parts[k:])[label.end() :]
            partners = [n for piece in re.split(r"\s*;\s*", value) for n in _named_units(piece)]
            parts = parts[:k]
            break
    end = len(parts)
    deadline, time_start = _time_at_end(parts, issued_on)
    if deadline is not None:
        end = time_start
    lead_start = _lead_start(parts, end)
    if lead_start is None:
        return None
    lead_text = " – ".join(parts[lead_start:end])
    hit = _unit_at_start(lead_text)
    lead = hit[0] if hit and hit[1] >= len(lead_text) - 1 else lead_text
    content = " – ".join(parts[:lead_start])
    if len(content) < 12:
        return None
    return _Parts(content, lead, deadline or Deadline(), partners)


def _time_at_end(parts: list[str], issued_on: date | None) -> tuple[Deadline | None, int]:
    """The time the last parts name (joined again where the time holds a dash itself) and where it starts."""
    best: tuple[Deadline | None, int] = (None, len(parts))
    for start in range(len(parts) - 1, 1, -1):
        text = " – ".join(parts[start:])
        deadline = parse_deadline(text, issued_on=issued_on)
        if deadline.kind == NONE or not deadline.text or _is_unit(parts[start]):
            continue
        at = text.find(deadline.text)
        if at < 0 or at >= len(parts[start]):
            continue  # the time is in a later part: this one ("Xã hội") is not of it
        other = text[:at] + " " + text[at + len(deadline.text) :]
        if len(re.findall(r"[^\W\d_]+", other)) <= _TIME_OTHER_WORDS:
            # The part as written is the time ("Học kỳ II năm học 2025 – 2026", not only its year's words).
            best = (replace(deadline, text=text), start)
    return best


def _lead_start(parts: list[str], end: int) -> int | None:
    """Where the unit in charge starts among parts[1:end]: the longest run of parts before `end` that is
    one registered unit ("Phòng Văn hóa – Xã hội"), else the last part when it reads as a name."""
    if end < 2:
        return None
    for start in range(1, end):
        if _is_unit(" – ".join(parts[start:end])):
            return start
    last = parts[end - 1]
    if _starts_upper(last) and len(last.split()) <= _MAX_LEAD_WORDS and not re.search(r"\d{4}", last):
        return end - 1
    return None


def _is_unit(text: str) -> bool:
    """`text` is one unit's name, all of it (the registry's, or scope words after it)."""
    hit = _unit_at_start(text) or match_unit_at_start(text)
    return bool(hit) and hit[1] >= len(text.rstrip(" .;,")) - 1
