"""Turn the text of a plan ("Kế hoạch") into a `ParsedPlan`: metadata, tasks, reporting duties, targets.

Plans of the genre share a shape: a header (issuer, "Số: 47a/KH-UBND", "ngày 11 tháng 7 năm 2025"), the title
after "KẾ HOẠCH", roman-numbered sections (MỤC ĐÍCH, YÊU CẦU / MỤC TIÊU / NHIỆM VỤ VÀ GIẢI PHÁP / TỔ CHỨC
THỰC HIỆN), numbered items ("1.", "1.1.", "III.2.3") with dash bullets, and sometimes appendix tables
(content | lead | support | deadline). The text may be clean Unicode or OCR output with damaged diacritics,
so every keyword is matched on folded text with OCR-tolerant patterns, and the task's own words are kept.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from knowledge.deadline import (
    HOAN_THANH,
    NGAY,
    fold_aligned,
    parse_deadline,
    parse_deadline_cell,
)
from knowledge.fold import fold_words
from knowledge.models import NONE, Deadline, ParsedPlan, ParsedTask, ReportingDuty, Target
from knowledge.units import canonical_unit, find_units, match_unit_at_start, unify_levels

_W = r"[a-z0-9]"

# --- section kinds --------------------------------------------------------------------------------------
ORG, TASKS, PURPOSE, OTHER, HEADER = "org", "tasks", "purpose", "other", "header"
# Vietnamese capitals with marks (Ủ, Ấ, Ộ ...) sit between small letters in Unicode, so a range such as
# [à-ỹ] mixes the cases; these classes list each case explicitly.
_UPPER = "[" + "".join(re.escape(c) for c in map(chr, range(0x41, 0x1F00)) if c.isupper()) + "]"
_LOWER = "[" + "".join(re.escape(c) for c in map(chr, range(0x61, 0x1F00)) if c.islower()) + "]"
_ORG_RE = re.compile(rf"\bt{_W}\s+ch{_W}{{1,3}}c\s+th|\bkinh\s+ph{_W}\b|\bd{_W}\s+to{_W}n\b")
_TASK_RE = re.compile(
    rf"\bnhi{_W}{{0,3}}m\s+v{_W}{{1,2}}\b|\bgi{_W}{{1,2}}i\s+ph{_W}{{1,2}}p\b|\bn{_W}{{1,2}}i\s+dung\b"
    rf"|\bphan\s+c{_W}ng\b|\bph{_W}\s+l{_W}c\b|\bd{_W}nh\s+m{_W}c\b"
)
_PURPOSE_RE = re.compile(
    rf"\bm{_W}{{1,2}}c\s+{_W}{{1,3}}ch\b|\by{_W}u\s+c{_W}{{1,2}}u\b|\bm{_W}{{1,2}}c\s+ti{_W}{{1,2}}u\b"
    rf"|\bquan\s+{_W}{{1,3}}m\b|\bph{_W}{{1,3}}ng\s+ch{_W}{{1,2}}m\b|\bchi\s+ti{_W}{{1,2}}u\b|\bc{_W}n\s+c{_W}\b"
    rf"|\bth{_W}{{1,2}}c\s+tr{_W}{{1,2}}ng\b|\bk{_W}t\s+qu{_W}\b"
)
_HEADING_RE = re.compile(
    r"^\s*(?:(?P<num>[IVXLivxl1|]{1,5}|\d{1,2})\s*[.\-):,]\s*|[.]\s*)?(?P<text>\S.*?)\s*$"
)
_ROMAN_START_RE = re.compile(r"^[IVX]{1,4}\s*[.\-):]")
_NOI_NHAN_RE = re.compile(rf"^\W*n{_W}i\s+nh{_W}{{1,2}}n\b")
# The signature block ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "T/M BAN THƯỜNG VỤ") ends the body.
_SIGNATURE_RE = re.compile(r"^\s*(?:TM|T/M|KT|Q|TL)\s*[./]\s*[^\W\d_]{2,}")

# --- items and bullets ----------------------------------------------------------------------------------
_ITEM_RE = re.compile(
    r"^\s*(?:[~_*•·]\s*)?(?P<code>(?:[IVX]{1,4}\.)?(?:\d{1,2}|\?)(?:\s?\.\s?\d{1,2}){1,3}|(?:[IVX]{1,4}\.)?(?:\d{1,2}|\?)(?=[.)]|/\s))"
    r"\s*(?:[.)/]\s*[-–:]?|[-–:])?\s*(?P<rest>[^\W\d_].*)$"
)
_DASHES = "-–—‐"
_BULLET_RE = re.compile(r"^\s*(?:[-–—•+*‐▪◦·~_]|[a-zđ]\))\s*(?P<rest>.*)$")
_PAGE_NO_RE = re.compile(r"^\s*\d{1,3}\s*$")
_SENTENCE_END = re.compile(r"[.;:!?…)\"”'’]\s*$")
_DEADLINE_START_RE = re.compile(
    rf"^\W*(?:{HOAN_THANH}|th{_W}{{1,3}}i\s+h{_W}{{1,2}}n|th{_W}{{1,2}}c\s+hi{_W}n\s+th{_W}{{0,4}}ng\s+x)"
)
_POINTER_RE = re.compile(
    rf"\bchi\s+ti{_W}t\s+t{_W}i\s+ph{_W}\s+l{_W}c|\(\s*chi\s+ti{_W}t\b"
    rf"|\bph{_W}\s+l{_W}c\s+(?:chi\s+ti{_W}t\s+)?k{_W}m\s+theo\b"
)
_SUPPORT_CUE_RE = re.compile(rf"\bph{_W}{{1,2}}i\s+h{_W}p\s*(?:v{_W}{{1,2}}i|c{_W}ng)?\b")
_LEAD_LABEL_RE = re.compile(
    rf"\b(?:(?:c{_W}\s+quan|d{_W}n\s+v{_W})\s+(?:ch{_W}{{1,2}}\s+tr{_W}|th{_W}{{1,2}}c\s+hi{_W}n)"
    rf"|tr{_W}ch\s+nhi{_W}m(?:\s+th{_W}{{1,2}}c\s+hi{_W}n)?)\s*[:\-–]\s*"
)
_ROLE_ANYWHERE_RE = re.compile(rf"\bch{_W}{{1,2}}\s+tr{_W}\b")
_DELEGATES_RE = re.compile(
    rf"^\W*(?:giao(?:\s+cho)?|ch{_W}\s+d{_W}o|d{_W}\s+ngh{_W}|y{_W}u\s+c{_W}{{1,2}}u)\s+"
)
_DONE_BY_RE = re.compile(r"\bdo\s+")  # "..., do Văn phòng HĐND và UBND xã thực hiện"
_DONE_ROLE_RE = re.compile(
    rf"^\s*(?:ch{_W}{{1,2}}\s+tr{_W}|th{_W}{{1,2}}c\s+hi{_W}n|ph{_W}\s+tr{_W}ch|d{_W}m\s+nhi{_W}m)\b"
)
# "... (Phòng Kinh tế; hoàn thành trước 30/9/2026)." at the end of a task: the unit opening it leads.
_CLOSING_PAREN_RE = re.compile(r"\((?P<inside>[^()]{3,160})\)\W*$")
_ROLE_AFTER_RE = re.compile(
    rf"^\W*(?:ch{_W}{{1,2}}\s+tr{_W}\b|l{_W}\s+c{_W}\s+quan\s+ch{_W}{{1,2}}\s+tr{_W}\b)"
)

# --- metadata -------------------------------------------------------------------------------------------
_NUMBER_RE = re.compile(
    r"\bS[ốoôơ0-9é¢&]?\s*[:;.]?\s*(?P<num>\d{1,5}[a-zA-Z]?)?\s*(?:[-/]|\s)?\s*[JI/]?\s*"
    r"(?P<sym>(?:KH|QĐ|QD|KL|CTr|CV|TB|BC|NQ|CT)\s*[-/]\s*[A-ZĐa-zđ&]+(?:\s*[-/]\s*[A-ZĐa-zđ&]+)?)"
)
_ISSUED_RE = re.compile(
    rf"{NGAY}\s*(?P<d>\d{{1,2}})\s*th{_W}{{1,3}}ng\s*(?P<m>\d{{1,2}})\s*n{_W}{{1,2}}m\s*(?P<y>(?:19|20)\d{{2}})"
)
_DOCNUM_RE = re.compile(
    r"\b(?P<n>\d{1,5}[a-z]?)\s*(?P<s1>[-/])\s*(?P<k>NQ|KH|CTr|QĐ|QD|TB|CT|KL|QH\d*|NĐ)\s*(?P<s2>[-/])\s*"
    r"(?P<o>[A-ZĐ][A-ZĐa-z0-9]*(?:-[A-ZĐ][A-ZĐa-z0-9]*)?)"
)
_REPLACES_RE = re.compile(
    rf"\bthay\s+th{_W}{{0,2}}\s+(?:cho\s+)?(?:k{_W}\s+ho{_W}{{1,2}}ch\s+)?(?:s{_W}{{0,2}}\s+)?"
    r"(?P<num>\d{1,5}[a-z]?\s*[-/]\s*[a-z]{2,4}\s*[-/]\s*[a-z0-9]+(?:-[a-z0-9]+)?)"
)
_MOTTO_RE = re.compile(
    rf"c{_W}ng\s+h{_W}a\s+x|\b[dpb]{_W}c\s+\S{{2,4}}\s*[-–—]\s*t|d{_W}{{0,2}}ang\s+c{_W}ng\s+s{_W}n|\bd{_W}c\s+l{_W}p\b"
)
_SYMBOL_DIACRITICS = {"BCD": "BCĐ", "DU": "ĐU", "HDND": "HĐND", "BCDTW": "BCĐTW", "QD": "QĐ", "DCS": "ĐCS"}

# --- reporting duties -----------------------------------------------------------------------------------
_REPORT_QUICK_RE = re.compile(r"[bB]\S{1,3}\s+[cC]")
_REPORT_RE = re.compile(rf"\bb{_W}{{1,2}}o\s+c{_W}{{0,3}}[o0]\b")
_DUTY_MONTHLY_DAY_RE = re.compile(
    rf"{NGAY}\s*(?P<d>\d{{1,2}})\s*(?:{_W}{{1,4}}\s+)?h{_W}{{1,2}}ng\s+th{_W}{{1,3}}ng\b"
)
_DUTY_YEARLY_RE = re.compile(
    rf"(?:h{_W}{{1,2}}ng\s+n{_W}{{1,3}}m\W+(?:\w+\W+){{0,2}}?(?:tr{_W}{{1,3}}[ce]\s+)?{NGAY}\s*(?P<d1>\d{{1,2}})\s*/\s*(?P<m1>\d{{1,2}})\b(?!\s*/)"
    rf"|{NGAY}\s*(?P<d2>\d{{1,2}})\s*/\s*(?P<m2>\d{{1,2}})\s*(?!/)\W*h{_W}{{1,2}}ng\s+n{_W}{{1,3}}m)"
)
_DUTY_PERIODS_RE = re.compile(rf"(?P<p>(?:\b\d{{1,2}}\s+(?:th{_W}{{1,3}}ng|n{_W}{{1,3}}m)\b\s*,?\s*){{2,}})")
_PERIOD_RE = re.compile(rf"\d{{1,2}}\s+(?:th{_W}{{1,3}}ng|n{_W}{{1,3}}m)")
_DUTY_FREQ_RE = re.compile(
    rf"h{_W}{{1,2}}ng\s+(?P<f>th{_W}{{1,3}}ng|q[uw][yi]|n{_W}{{1,3}}m|tu{_W}{{1,2}}n)\b"
)
_WEEKDAY_RE = re.compile(
    rf"\bth{_W}\s+(?P<d>hai|ba|t[uw]|n{_W}m|s{_W}u|b{_W}y|[2-7])\b|\b(?P<sun>ch{_W}\s+nh{_W}t|cn)\b"
)
_WEEKDAYS = {"hai": 1, "ba": 2, "t": 3, "n": 4, "s": 5, "b": 6}  # by the word (or its first letter)


def _weekday(folded: str) -> int | None:
    """The weekday a weekly duty falls on ("vào thứ Sáu", "thứ 6", "chủ nhật"): Monday 1 ... Sunday 7."""
    m = _WEEKDAY_RE.search(folded)
    if not m:
        return None
    if m["sun"]:
        return 7
    word = m["d"]
    if word.isdigit():
        return int(word) - 1  # "thứ 2" is Monday
    return _WEEKDAYS.get(word) or _WEEKDAYS.get(word[0])


_NEXT_QUARTER_RE = re.compile(rf"\bd{_W}{{1,2}}u\s+(?:c{_W}{{1,2}}\s+)?q[uw][yi]\s+sau\b")
_DUTY_DAY_RE = re.compile(rf"{NGAY}\s*(?P<d>\d{{1,2}})\b(?!\s*[/.\-]\s*\d)")
_DUTY_DAY_MONTH_RE = re.compile(r"(?<![\d/])(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\b(?!\s*/\s*\d)")
_DUTY_YEAR_WORD_RE = re.compile(
    rf"h{_W}{{1,2}}ng\s+n{_W}{{1,3}}m\b|\b6\s+th{_W}{{1,3}}ng\b.{{0,40}}\bn{_W}{{1,3}}m\b"
)


@dataclass
class _Para:
    kind: str  # item | bullet | plain | attr (a labelled field of the task above: "Chủ trì: ...")
    text: str
    line: int
    code: str | None = None
    field: tuple[str, str] | None = None  # for "attr": (field, value), see `_attribute`


@dataclass
class _Node:
    para: _Para
    children: list[_Node] = field(default_factory=list)  # sub-items
    paras: list[_Para] = field(default_factory=list)  # bullets / plain paragraphs under it


# ========================================================================================================
def parse_plan(text: str, *, source_name: str | None = None) -> ParsedPlan:
    """Parse the full text of one plan. Never raises on odd input: what cannot be read is left out and
    impossible dates are listed in `problems`."""
    text = unicodedata.normalize("NFC", text or "").replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\f", "\n").replace("\u00a0", " ")
    lines = text.split("\n")
    folded_lines = [fold_aligned(line) for line in lines]

    plan = ParsedPlan(number=None)
    body_start = _parse_header(lines, folded_lines, plan)
    plan.replaces = _find_replaces(text)
    if plan.replaces:  # "thay thế Kế hoạch số 455/KH-...": the plan it replaces is not one it implements
        replaced = {fold_words(r) for r in plan.replaces}
        plan.implements = [d for d in plan.implements if fold_words(d) not in replaced]
    if source_name and not plan.title:
        plan.title = source_name

    sections = _classify_lines(lines, folded_lines, body_start)
    tasks: list[ParsedTask] = []
    org_tasks: list[ParsedTask] = []
    for kind, heading, chunk in sections:
        # Tables carry explicit task columns, so they count in any section; numbered items and bullets
        # count in task sections only (purpose, goals and organisation sections describe, not assign).
        table_tasks, rest, targets = _tables(chunk, plan.issued_on)
        plan.targets.extend(targets)
        tasks.extend(table_tasks)
        if kind == TASKS:
            tasks.extend(_tasks_from_paras(_paragraphs(rest), heading, plan.issued_on))
        elif kind == ORG:
            org_tasks.extend(_tasks_from_paras(_paragraphs(rest), heading, plan.issued_on))
        elif kind == PURPOSE and not targets:
            plan.targets.extend(_ocr_targets(rest))
    if not tasks:
        # A plan that assigns its work only under "Tổ chức thực hiện".
        tasks = org_tasks
    if not tasks and not any(kind in (TASKS, ORG) for kind, _h, _c in sections):
        # No recognisable structure: read every numbered item after the header.
        everything = [(i, lines[i]) for i in range(body_start, len(lines))]
        tasks = _tasks_from_paras(_paragraphs(everything), None, plan.issued_on)

    _finish_units(tasks)
    for position, task in enumerate(tasks):
        task.position = position
        if task.deadline.problem:
            plan.problems.append(f"{task.code or '-'}: {task.deadline.problem}")
    plan.tasks = tasks
    plan.duties = _duties(lines, folded_lines, body_start)
    return plan


# --- header ---------------------------------------------------------------------------------------------
def _parse_header(lines: list[str], folded: list[str], plan: ParsedPlan) -> int:
    """Fill number, issuer, date, title, implemented documents; return the first line of the body."""
    limit = min(len(lines), 40)
    number_line = None
    for i in range(limit):
        m = _NUMBER_RE.search(lines[i])
        if m and (i < 15 or folded[i].lstrip().startswith("s")):
            plan.number = _format_number(m["num"], m["sym"])
            number_line = i
            break
    title_line = None
    same_line_title = ""
    for i in range(limit):
        f = fold_words(lines[i])
        if f in ("ke hoach",) or (f.startswith("ke hoach") and len(f) <= 14):
            title_line = i
            break
        head = lines[i].strip()[:8]
        if f.startswith("ke hoach ") and head.upper() == head and i < 25:
            # "KẾ HOẠCH Triển khai ...": the title shares the line.
            title_line = i
            same_line_title = re.sub(r"^\W*\S+\s+\S+\s*", "", lines[i].strip())
            break
    if number_line is None:
        # "Số" lost to OCR: a plan symbol ("12/KH-UBND") in the header still names the plan.
        for i in range(title_line if title_line is not None else min(limit, 12)):
            m = _DOCNUM_RE.search(lines[i])
            if m and m["k"] == "KH":
                plan.number = _format_number(m["n"], f"{m['k']}{m['s2']}{m['o']}")
                number_line = i
                break
    date_limit = min(limit, (title_line if title_line is not None else 15) + 2)
    for i in range(date_limit):
        m = _ISSUED_RE.search(folded[i])
        if m:
            try:
                plan.issued_on = date(int(m["y"]), int(m["m"]), int(m["d"]))
            except ValueError:
                plan.problems.append(f"ngày ban hành không hợp lệ: {m.group(0)}")
            break
    issuer_end = number_line if number_line is not None else (title_line if title_line is not None else 0)
    plan.issuer = _issuer(lines[:issuer_end], folded[:issuer_end])

    body_start = (title_line + 1) if title_line is not None else ((number_line or 0) + 1)
    title_parts: list[str] = [same_line_title] if same_line_title else []
    i = body_start
    if title_line is not None and not same_line_title:
        while i < len(lines) and not lines[i].strip():
            i += 1
        while i < len(lines) and len(title_parts) < 8:
            if not lines[i].strip():
                # A blank line ends the title unless the next line carries on in lower case (a .docx
                # writes each title line as its own paragraph).
                nxt = next((k for k in range(i + 1, min(len(lines), i + 3)) if lines[k].strip()), None)
                if nxt is None or not title_parts or _starts_upper(lines[nxt].strip()):
                    break
                i = nxt
            if title_parts and _ends_title(lines[i], folded[i]):
                break
            if not title_parts and (_ROMAN_START_RE.match(lines[i].strip()) or _ITEM_RE.match(lines[i])):
                break  # no title line at all: the body starts
            title_parts.append(lines[i].strip())
            i += 1
    plan.title = re.sub(r"\s+", " ", " ".join(title_parts)).strip()
    intro_end = _first_heading(lines, folded, i)
    plan.implements = _documents(" ".join(lines[body_start:intro_end]), plan.number)
    return i


_LEGAL_BASIS_RE = re.compile(rf"^\W*c{_W}n\s+c{_W}\b")
_INTRO_START_RE = re.compile(rf"^\W*(?:c{_W}n\s+c{_W}|th{_W}{{1,2}}c\s+hi{_W}n|thi\s+h{_W}nh|nh{_W}m)\b")


def _ends_title(line: str, folded: str) -> bool:
    """A line that cannot carry on the title: a heading, an item, a bullet, a rule ("-----") or the
    opening of the preamble ("Căn cứ ...", "Thực hiện ..."), for text whose blank lines were lost."""
    stripped = line.strip()
    return bool(
        _heading_kind(line, folded) is not None
        or _ITEM_RE.match(line)
        or _BULLET_RE.match(stripped)
        or not any(ch.isalnum() for ch in stripped)
        or _INTRO_START_RE.match(folded)
    )


def _format_number(num: str | None, sym: str) -> str:
    sym = re.sub(r"\s+", "", sym)
    parts = re.split(r"([-/])", sym)
    parts = [_SYMBOL_DIACRITICS.get(p.upper(), p) if p not in "-/" else p for p in parts]
    sym = "".join(parts)
    if not num:
        return sym
    # Party documents write "17-KH/ĐU" (dash before the kind), government ones "47a/KH-UBND".
    party = len(parts) >= 3 and parts[1] == "/"
    return f"{num}-{sym}" if party else f"{num}/{sym}"


def _issuer(lines: list[str], folded: list[str]) -> str | None:
    kept: list[str] = []
    for line, f in zip(lines, folded, strict=False):
        cut = len(line)
        if "|" in line:  # a .docx header table: the issuer is the left column
            cut = line.index("|")
        m = _MOTTO_RE.search(f)
        if m and m.start() < cut:
            cut = m.start()
        date_m = re.search(rf",?\s*{NGAY}\s*\d", f)
        if date_m and date_m.start() < cut:
            cut = date_m.start()
            # Drop the place name written before the date ("Hải Phòng, ngày ...").
            head = line[:cut]
            place = re.search(rf"(?:\s+[A-ZĐ][^\sA-Z]*{_LOWER}[^\s]*)+\s*,?\s*$", head)
            if place:
                cut = place.start()
        piece = re.sub(r"\s{2,}.*$", "", line[:cut].strip()).strip(" *,;:-")
        if re.search(r"[A-Za-zĐđ]{2,}", piece):
            kept.append(piece)
    if not kept:
        return None
    start = 0
    body = re.compile(
        rf"^(?:ban|s{_W}|ubnd|{_W}y\s+ban|d{_W}{{1,2}}ng\s+{_W}y|ph{_W}ng|v{_W}{{1,2}}n\s+ph|trung\s+t|x{_W}|ph{_W}{{1,2}}ng|huy{_W}n)\b"
    )
    for k, piece in enumerate(kept):
        if body.match(fold_words(piece)):
            start = k
    # "ỦY BAN NHÂN DÂN" / "XÃ AN PHÚ": the level line names the body together with the line above it.
    level = re.compile(rf"^(?:x{_W}|ph{_W}{{1,3}}ng|huy{_W}n|t{_W}nh|th{_W}nh\s+ph{_W}|d{_W}c\s+khu)\b")
    if start > 0 and level.match(fold_words(kept[start])):
        start -= 1
    issuer = re.sub(r"\s+", " ", " ".join(kept[start:])).strip()
    words = fold_words(issuer)
    if level.match(words):
        issuer = "UBND " + issuer
    return _tidy_name(issuer)


def _tidy_name(name: str) -> str:
    """Upper-case header text to the way names are written: known units canonical, the rest title case."""
    unit = match_unit_at_start(name, generic=False)
    if unit and unit[1] >= len(name.rstrip(" .,")) - 1:
        return unit[0]
    if name.upper() != name:
        return name
    words = []
    for w in name.split():
        if re.fullmatch(r"[A-ZĐ]{2,6}", w) and fold_words(w) in ("ubnd", "hdnd", "mttq", "tp", "ubmttq"):
            words.append(w)
        else:
            words.append(w.capitalize())
    out = " ".join(words)
    out = re.sub(r"\b(?:Ủy|Uy) Ban Nhân Dân\b|\bUy Ban Nhan Dan\b", "UBND", out)
    out = re.sub(r"\b(?:Hội Đồng Nhân Dân|Hoi Dong Nhan Dan)\b", "HĐND", out)
    out = re.sub(r"\b(Đảng|Dang) (Ủy|Uy)\b", lambda m: f"{m.group(1)} {m.group(2).lower()}", out)
    for level in ("Xã", "Phường", "Huyện", "Tỉnh", "Thành Phố", "Đặc Khu", "Xa", "Phuong", "Huyen", "Tinh"):
        out = re.sub(rf"(?<=\S) {level}\b", " " + level.lower(), out)
    return out


def _first_heading(lines: list[str], folded: list[str], start: int) -> int:
    for i in range(start, len(lines)):
        if _heading_kind(lines[i], folded[i]) is not None:
            return i
    return len(lines)


def _documents(text: str, own_number: str | None) -> list[str]:
    out: list[str] = []
    own = fold_words(own_number or "")
    for m in _DOCNUM_RE.finditer(text):
        kind = _SYMBOL_DIACRITICS.get(m["k"], m["k"])
        org = "-".join(_SYMBOL_DIACRITICS.get(p, p) for p in m["o"].split("-"))
        number = f"{m['n']}{m['s1']}{kind}{m['s2']}{org}"
        if fold_words(number) != own and number not in out:
            out.append(number)
    return out


def _find_replaces(text: str) -> list[str]:
    if not re.search(r"thay\s+th", text, re.IGNORECASE):
        return []
    folded = fold_aligned(text)
    out: list[str] = []
    for m in _REPLACES_RE.finditer(folded):
        raw = re.sub(r"\s+", "", text[m.start("num") : m.end("num")])
        parts = re.split(r"([-/])", raw)
        parts = [
            _SYMBOL_DIACRITICS.get(p.upper(), p.upper() if p.isalpha() and p.lower() != "a" else p)
            for p in parts
        ]
        number = "".join(parts)
        if number not in out:
            out.append(number)
    return out


_NON_WORD_RE = re.compile(r"[^a-z0-9]+")


def _words(text: str) -> str:
    """Folded words single-spaced (fast `fold_words` for NFC text)."""
    return _NON_WORD_RE.sub(" ", fold_aligned(text)).strip()


# --- sections -------------------------------------------------------------------------------------------
def _heading_kind(line: str, folded: str) -> str | None:
    """Section kind if `line` is a section heading (mostly upper case, numbered or with a keyword)."""
    if len(line) > 130 and len(line.strip()) > 130:
        return None  # a paragraph: kept out of the cache, which then holds only short lines
    return _short_heading_kind(line, folded)


@lru_cache(maxsize=16384)
def _short_heading_kind(line: str, folded: str) -> str | None:
    stripped = line.strip()
    if not stripped or len(stripped) > 130:
        return None
    head = stripped[:24]
    if sum(map(str.islower, head)) > 6 and not _ROMAN_START_RE.match(stripped):
        return None  # ordinary text: headings are capitals or start with a roman numeral
    m = _HEADING_RE.match(stripped)
    if not m:
        return None
    body = m["text"]
    upper = sum(map(str.isupper, body))
    lower = sum(map(str.islower, body))
    if upper + lower < 4:
        return None
    if upper < 3 * lower:  # not at least 75% capitals
        # "III. Nhiệm vụ và giải pháp": a roman-numbered short line naming a section kind still counts.
        num = m["num"] or ""
        if not (num and re.fullmatch(r"[IVX]{1,4}", num) and len(stripped) <= 80):
            return None
        kind = _section_kind(_words(body))
        return kind
    words = _words(body)
    if len(re.findall(r"[a-z]{2,}", words)) < 2 or len(words) < 6:
        return None
    kind = _section_kind(words)
    if kind is None and (not m["num"] or m["num"].isdigit()):
        return None
    return kind or OTHER


def _section_kind(words: str) -> str | None:
    if _ORG_RE.search(words):
        return ORG
    if _TASK_RE.search(words):
        return TASKS
    if _PURPOSE_RE.search(words):
        return PURPOSE
    return None


def _classify_lines(
    lines: list[str], folded: list[str], body_start: int
) -> list[tuple[str, str | None, list[tuple[int, str]]]]:
    """Split the body into (section kind, heading, [(line no, line)]) runs."""
    out: list[tuple[str, str | None, list[tuple[int, str]]]] = []
    kind, heading, chunk = HEADER, None, []
    for i in range(body_start, len(lines)):
        line = lines[i]
        new_kind = _heading_kind(line, folded[i])
        if new_kind is None and (
            _NOI_NHAN_RE.match(folded[i]) or (_SIGNATURE_RE.match(line) and line.upper() == line)
        ):
            new_kind = OTHER
        if new_kind is not None:
            out.append((kind, heading, chunk))
            kind, heading, chunk = new_kind, line.strip(), []
            continue
        chunk.append((i, line))
    out.append((kind, heading, chunk))
    return [(k, h, c) for k, h, c in out if c]


# --- paragraphs -----------------------------------------------------------------------------------------
def _paragraphs(chunk: list[tuple[int, str]]) -> list[_Para]:
    paras: list[_Para] = []
    blank_before = False
    for i, line in chunk:
        stripped = line.strip()
        if not stripped:
            blank_before = True
            continue
        if _PAGE_NO_RE.match(stripped):
            continue
        item = _ITEM_RE.match(line)
        bullet = _BULLET_RE.match(line) if not item else None
        attr_text = (bullet["rest"] if bullet else stripped).strip()
        field = _attribute(attr_text) if not item and paras and paras[-1].kind in ("item", "attr") else None
        if field:
            # "- Đơn vị chủ trì: Phòng ...", "Thời gian hoàn thành: 30/11/2026" right under an item: a field
            # of that task. (Under a bullet, such a line carries on the bullet's own sentence.)
            paras.append(_Para("attr", attr_text, i, field=field))
            blank_before = False
            continue
        if item:
            paras.append(
                _Para("item", item["rest"].strip(), i, code=re.sub(r"\s", "", item["code"]).rstrip("."))
            )
        elif (
            bullet
            and bullet["rest"].strip()
            and not (stripped[0] in _DASHES and _is_hyphen_continuation(paras, bullet["rest"]))
        ):
            paras.append(_Para("bullet", bullet["rest"].strip(), i))
        elif _is_item_title(paras, stripped):
            # "3. Nguồn nhân lực" then "Phòng Văn hóa – Xã hội chủ trì ...": a group title on its own line.
            paras.append(_Para("plain", stripped, i))
        elif (
            paras
            and _starts_upper(stripped)
            and _SENTENCE_END.search(paras[-1].text)
            and not _DEADLINE_START_RE.match(fold_aligned(stripped))
            and (blank_before or _ends_with_deadline(paras[-1].text))
        ):
            # A new paragraph: after a blank line, or (OCR that drops blank lines) after a task that
            # closed with its deadline ("... hoàn thành trong tháng 8/2025.").
            paras.append(_Para("plain", stripped, i))
        elif paras:
            paras[-1].text = _join(paras[-1].text, stripped)
        else:
            paras.append(_Para("plain", stripped, i))
        blank_before = False
    return paras


_ITEM_TITLE_MAX = 50  # characters: a wrapped line of running text is longer


def _is_item_title(paras: list[_Para], line: str) -> bool:
    """The item before is a short title (no closing punctuation) and this line opens the work under it
    with a unit in charge ("Phòng Kinh tế chủ trì ..."); a wrapped sentence does not start that way."""
    if not paras or paras[-1].kind != "item" or len(paras[-1].text) > _ITEM_TITLE_MAX:
        return False
    if _SENTENCE_END.search(paras[-1].text) or not _starts_upper(line):
        return False
    hit = match_unit_at_start(line)
    return bool(hit) and bool(_ROLE_AFTER_RE.match(fold_aligned(line[hit[1] :])))


def _ends_with_deadline(text: str) -> bool:
    if not text.endswith("."):
        return False
    tail = text[-80:]
    deadline = parse_deadline(tail)
    return deadline.kind != NONE and tail.rstrip(" .").endswith(deadline.text[-6:])


def _is_hyphen_continuation(paras: list[_Para], rest: str) -> bool:
    """A dash that continues the sentence rather than opening a bullet: "... số 04\n- CTr/ĐU ngày",
    "chính trị\n- xã hội"."""
    if not paras or _SENTENCE_END.search(paras[-1].text):
        return False
    return bool(re.match(r"^[A-ZĐ]{1,4}[a-z]?\s*/|^\d", rest)) or rest[:1].islower()


def _starts_upper(text: str) -> bool:
    for ch in text:
        if ch.isalpha():
            return ch.isupper()
        if ch.isdigit():
            return True
    return False


def _join(a: str, b: str) -> str:
    if a.endswith("-") and not a.endswith(" -") and b[:1].islower():
        return a[:-1] + b  # a word hyphenated across lines
    return f"{a} {b}"


# --- tasks from numbered items and bullets --------------------------------------------------------------
def _repair_codes(paras: list[_Para]) -> None:
    """OCR drops dots and digits: "34." after "3.3." is 3.4, "?.2." after "7.1." is 7.2."""
    prev: list[str] = []
    for p in paras:
        if p.kind != "item" or not p.code:
            continue
        code = p.code
        roman = ""
        m = re.match(r"^([IVX]{1,4}\.)(.*)$", code)
        if m:
            roman, code = m.group(1), m.group(2)
        parts = code.split(".")
        if parts[0] == "?" and prev:
            parts[0] = prev[0]
        if len(parts) == 1 and len(parts[0]) == 2 and prev and len(prev) >= 2:
            major, minor = parts[0][0], parts[0][1]
            if major == prev[0] and prev[1].isdigit() and 0 < int(minor) - int(prev[1]) <= 2:
                parts = [major, minor]
        p.code = roman + ".".join(parts)
        prev = parts


def _tree(paras: list[_Para]) -> tuple[list[_Node], list[_Para]]:
    """Nest items by code; bullets and plain paragraphs go under the latest item."""
    roots: list[_Node] = []
    loose: list[_Para] = []
    stack: list[_Node] = []
    for p in paras:
        if p.kind == "item":
            node = _Node(p)
            depth = len(p.code.split(".")) if p.code else 1
            while stack and len(stack[-1].para.code.split(".")) >= depth:
                stack.pop()
            if stack:
                stack[-1].children.append(node)
            else:
                roots.append(node)
            stack.append(node)
        elif stack:
            stack[-1].paras.append(p)
        else:
            loose.append(p)
    return roots, loose


def _tasks_from_paras(paras: list[_Para], heading: str | None, issued_on: date | None) -> list[ParsedTask]:
    _repair_codes(paras)
    roots, loose = _tree(paras)
    tasks: list[ParsedTask] = []
    for p in loose:
        if _LEGAL_BASIS_RE.match(fold_aligned(p.text)):
            continue  # "Căn cứ Luật ...": the preamble, when no heading separates it from the items
        task = _task(p.text, None, heading, None, Deadline(), issued_on, source="bullet")
        if task:
            tasks.append(task)

    def walk(node: _Node, section: str | None, inh_lead: str | None, inh_deadline: Deadline) -> None:
        # A heading that names a unit or a deadline ("1. Phòng Kinh tế chủ trì:", "(hoàn thành trong tháng
        # 8/2025)") hands them down to what sits under it, unless a task states its own.
        p = node.para
        if any(child.kind == "attr" for child in node.paras):
            fielded = _fielded_task(node, section or heading, inh_lead, inh_deadline, issued_on)
            if fielded:
                tasks.append(fielded)
            for child in node.children:
                walk(child, p.text, fielded.lead if fielded else inh_lead, inh_deadline)
            return
        header_lead = inh_lead
        header_deadline = inh_deadline
        if node.children or node.paras:
            header_lead = _lead_of(p.text, header=True) or inh_lead
            own = parse_deadline(p.text, issued_on=issued_on)
            header_deadline = own if own.kind != NONE else inh_deadline
        if node.children:
            # A group heading ("1. Nâng cao nhận thức ..."): its own bullets come before the sub-items.
            for child in node.paras:
                t = _task(child.text, p.code, p.text, header_lead, header_deadline, issued_on, "bullet")
                if t:
                    tasks.append(t)
            for child in node.children:
                walk(child, p.text, header_lead, header_deadline)
            return
        if node.paras:
            header_support = _support_of(p.text, header_lead)
            for child in node.paras:
                t = _task(child.text, p.code, p.text, header_lead, header_deadline, issued_on, "bullet")
                if t:
                    for s in header_support:
                        if s not in t.support and s != t.lead:
                            t.support.append(s)
                    tasks.append(t)
            return
        t = _task(p.text, p.code, section or heading, inh_lead, inh_deadline, issued_on, "item")
        if t:
            tasks.append(t)

    for root in roots:
        walk(root, heading, None, Deadline())
    return tasks


# "5 rõ" plans list a task's fields under it, one per line: who leads, who helps, when, what it yields.
_ATTRIBUTE_RE = re.compile(
    rf"^\W*(?P<label>"
    rf"(?P<lead>(?:(?:d{_W}n\s+v{_W}|c{_W}\s+quan|b{_W}\s+ph{_W}n)\s+)?(?:ch{_W}{{1,2}}\s+tr{_W}|th{_W}{{1,2}}c\s+hi{_W}n)"
    rf"|ng{_W}{{1,2}}i\s+(?:ph{_W}\s+tr{_W}ch|th{_W}{{1,2}}c\s+hi{_W}n|ch{_W}u\s+tr{_W}ch\s+nhi{_W}m)|tr{_W}ch\s+nhi{_W}m)"
    rf"|(?P<support>(?:(?:d{_W}n\s+v{_W}|c{_W}\s+quan)\s+)?ph{_W}{{1,2}}i\s+h{_W}p)"
    rf"|(?P<when>th{_W}{{1,3}}i\s+(?:gian|h{_W}n)(?:\s+(?:ho{_W}n\s+th{_W}{{1,3}}nh|th{_W}{{1,2}}c\s+hi{_W}n))?)"
    rf"|(?P<what>n{_W}{{1,2}}i\s+dung(?:\s+c{_W}\s+th{_W})?)"
    rf"|(?P<result>s{_W}n\s+ph{_W}{{1,2}}m(?:\s+d{_W}u\s+ra)?|k{_W}t\s+qu{_W}(?:\s+d{_W}u\s+ra)?)"
    rf"|(?P<other>(?:ngu{_W}n\s+)?kinh\s+ph{_W}|ch{_W}\s+ti{_W}u)"
    rf")\s*:\s*(?P<value>.*)$"
)


def _attribute(text: str) -> tuple[str, str] | None:
    """(field, value) when `text` is a labelled field of a task ("Đơn vị chủ trì: Phòng Kinh tế")."""
    m = _ATTRIBUTE_RE.match(fold_aligned(text))
    if not m or not m["value"].strip():
        return None
    kind = next(k for k in ("lead", "support", "when", "what", "result", "other") if m[k])
    return kind, text[m.start("value") :].strip()


def _listed_units(text: str, *, in_words: bool = True) -> list[tuple[str, int, int]]:
    """Units listed one after another at the head of `text` ("Công an phường, Tổ công nghệ số cộng
    đồng"): (name, start, end), canonical where known.

    Registered names are matched first, since they hold commas and "và" themselves ("Phòng Kinh tế, Hạ
    tầng và Đô thị"). With `in_words`, a piece between them up to the next comma is a name in the
    document's words; without, the list ends at the first piece that is not a registered unit."""
    found: list[tuple[str, int, int]] = []
    pos = 0
    while pos < len(text):
        sep = re.match(r"[\s.;,]*(?:\bvà\b)?[\s.;,]*", text[pos:])
        pos += sep.end() if sep else 0
        rest = text[pos:]
        if not rest:
            break
        hit = match_unit_at_start(rest)
        if hit:
            name, end = hit
        elif in_words:
            cut = re.search(rf"\s*[;,]\s*|\s+và\s+(?={_UPPER})", rest)
            end = cut.start() if cut else len(rest)
            piece = rest[:end].strip(" .")
            name = piece if 1 < len(piece.split()) <= _MAX_PARTNER_WORDS else ""
        else:
            break
        if name and name not in (n for n, _s, _e in found):
            found.append((name, pos, pos + end))
        pos += max(end, 1)
    return found


def _named_units(value: str) -> list[str]:
    """The names `_listed_units` finds in a field."""
    return [name for name, _s, _e in _listed_units(value)]


def _fielded_task(
    node: _Node, section: str | None, inh_lead: str | None, inh_deadline: Deadline, issued_on: date | None
) -> ParsedTask | None:
    """One task from an item and its field lines; loose lines under it add to its content."""
    fields: dict[str, list[str]] = {}
    extra: list[str] = []
    for child in node.paras:
        if child.field:
            fields.setdefault(child.field[0], []).append(child.field[1])
        else:
            extra.append(child.text)
    content = " ".join([node.para.text, *fields.get("what", []), *extra])
    leads = [name for value in fields.get("lead", []) for name in _named_units(value)]
    lead = leads[0] if leads else (_lead_of(content, header=False) or inh_lead)
    support = [n for value in fields.get("support", []) for n in _named_units(value) if n != lead]
    support += [n for n in leads[1:] if n not in support]
    deadline = Deadline()
    for value in fields.get("when", []):
        deadline = parse_deadline_cell(value, issued_on=issued_on)
        if deadline.kind != NONE:
            break
    if deadline.kind == NONE:
        deadline = parse_deadline(content, issued_on=issued_on)
    if deadline.kind == NONE:
        deadline = inh_deadline
    content = _task_content(content)
    if content is None:
        return None
    return ParsedTask(
        code=node.para.code,
        content=content,
        lead=lead,
        support=support or _support_of(content, lead),
        deadline=deadline,
        section=section,
        source="item",
        result="; ".join(fields.get("result", [])) or None,
    )


def _task_content(content: str) -> str | None:
    """A task's text single-spaced, or None for what is no task: too short, an aside in parentheses, a
    pointer elsewhere ("chi tiết tại Phụ lục")."""
    content = re.sub(r"\s+", " ", content).strip()
    if len(content) < 12 or content.startswith("(") or _POINTER_RE.search(fold_aligned(content)):
        return None
    return content


def _task(
    content: str,
    code: str | None,
    section: str | None,
    inherited_lead: str | None,
    inherited_deadline: Deadline,
    issued_on: date | None,
    source: str,
) -> ParsedTask | None:
    content = _task_content(content)
    if content is None:
        return None
    own_lead = _lead_of(content, header=False)
    lead = own_lead or inherited_lead
    deadline = parse_deadline(content, issued_on=issued_on)
    if deadline.kind == NONE and inherited_deadline.kind != NONE:
        deadline = inherited_deadline
    return ParsedTask(
        code=code,
        content=content,
        lead=lead,
        support=_support_of(content, lead),
        deadline=deadline,
        section=section,
        source=source,
    )


def _lead_of(text: str, *, header: bool) -> str | None:
    """The unit in charge: named at the start ("Phòng Kinh tế chủ trì ...", "Giao Phòng ... chủ trì"), or
    after a label ("Đơn vị thực hiện: ..."), or any unit directly followed by "chủ trì" ("do ... thực
    hiện"), or alone at the head of a closing parenthesis ("... (Phòng Kinh tế; quý III/2026)")."""
    hit = match_unit_at_start(text)
    if hit:
        name, end = hit
        delegated = _DELEGATES_RE.match(fold_aligned(text[end : end + 40]))
        if delegated:
            # "UBND xã giao Công an xã chủ trì ...", "UBND phường chỉ đạo Phòng Kinh tế rà soát ...": the
            # unit given the work leads it.
            inner = match_unit_at_start(text[end + delegated.end() :])
            if inner:
                return inner[0]
        if header or _ROLE_AFTER_RE.match(fold_aligned(text[end:])) or _verb_follows(text[end:]):
            return name
    folded = fold_aligned(text)
    label = _LEAD_LABEL_RE.search(folded)
    if label:
        # "(Cơ quan chủ trì: Phòng Kinh tế; thời gian: ...)": the unit after the label, else its words.
        after = text[label.end() :]
        hit = match_unit_at_start(after)
        if hit:
            return hit[0]
        words = re.split(r"\s*[;,)(\n]|\.\s|\s[-–]\s", after, maxsplit=1)[0].strip(" .")
        if 2 <= len(words) <= 80:
            return words
    if _ROLE_ANYWHERE_RE.search(folded):
        for name, _s, e in find_units(text):
            if _ROLE_AFTER_RE.match(folded[e:]):
                return name
    by = _DONE_BY_RE.search(folded)
    if by:
        hit = match_unit_at_start(text[by.end() :])
        if hit and _DONE_ROLE_RE.match(folded[by.end() + hit[1] :]):
            return hit[0]
    closing = _CLOSING_PAREN_RE.search(text)
    if closing:
        hit = match_unit_at_start(closing["inside"])
        rest = closing["inside"][hit[1] :].strip() if hit else ""
        if hit and (not rest or rest[0] in ";,–-"):  # the unit alone, or first of "unit; time"
            return hit[0]
    return None


def _verb_follows(rest: str) -> bool:
    """After a unit at the start of an item, a verb or a role word means the unit does the task
    ("Văn phòng HĐND và UBND tham mưu ...", "Công an xã chủ trì ...")."""
    return bool(rest.strip()) and not re.match(r"^\s*[(\[]", rest)


_LIST_WORDS = {"va", "voi", "cung", "cac", "hoac", "v", "c"}
# Words allowed between "phối hợp" and the first partner ("phối hợp chặt chẽ với ...").
_MAX_WORDS_BEFORE_PARTNERS = 3
_MAX_PARTNER_WORDS = 8  # a partner named in words (not in the registry) is a name, not a clause


def _support_of(text: str, lead: str | None) -> list[str]:
    folded = fold_aligned(text)
    out: list[str] = []
    for m in _SUPPORT_CUE_RE.finditer(folded):
        begin = m.end()
        colon = re.compile(r"\s*[:\-–]\s*").match(folded, begin)
        if colon:
            begin = colon.end()
        end = len(text)
        stop = re.compile(r"[.;:()]").search(folded, begin)
        if stop:
            end = stop.start()
        segment = text[begin:end]
        previous_end = None
        for name, s, e in find_units(segment):
            between = set(_words(segment[previous_end or 0 : s]).split()) - _LIST_WORDS
            if previous_end is None and len(between) > _MAX_WORDS_BEFORE_PARTNERS:
                break  # "phối hợp ... triển khai chương trình hỗ trợ doanh nghiệp": no partner named
            if previous_end is not None and between:
                break  # the list of partners ended; later units belong to another clause
            previous_end = e
            if name != lead and name not in out:
                out.append(name)
        if previous_end is None and stop and folded[stop.start()] in ":;":
            # A partner not in the registry, closing the clause: "..., phối hợp với Hợp tác xã An Phú:".
            words = segment.strip(" ,")
            if _starts_upper(words) and 1 < len(words.split()) <= _MAX_PARTNER_WORDS and words not in out:
                out.append(words)
    return out


def _finish_units(tasks: list[ParsedTask]) -> None:
    names = {t.lead for t in tasks if t.lead} | {s for t in tasks for s in t.support}
    mapping = unify_levels(names)
    if not mapping:
        return
    for t in tasks:
        if t.lead in mapping:
            t.lead = mapping[t.lead]
        t.support = [mapping.get(s, s) for s in t.support]


# --- tables ---------------------------------------------------------------------------------------------
_COL_ROLES = [
    # "Cơ quan chủ trì, phối hợp" names the lead first: a lead column wins over a support column.
    (
        "lead",
        re.compile(
            rf"\bch{_W}{{1,2}}\s+tr{_W}\b|d{_W}n\s+v{_W}\s+th{_W}{{1,2}}c\s+hi|c{_W}\s+quan\s+th{_W}{{1,2}}c\s+hi"
        ),
    ),
    ("support", re.compile(rf"ph{_W}{{1,2}}i\s+h{_W}p")),
    (
        "deadline",
        re.compile(
            rf"th{_W}{{1,3}}i\s+h{_W}{{1,2}}n|th{_W}{{1,3}}i\s+gian|ti{_W}n\s+d{_W}|h{_W}{{1,2}}n\s+ho|ho{_W}n\s+th"
        ),
    ),
    ("code", re.compile(r"^(?:s?tt|so tt|so thu tu|t)$")),
    ("result", re.compile(rf"^(?:s{_W}n\s+ph{_W}{{1,2}}m|k{_W}t\s+qu{_W})(?:\s+d{_W}u\s+ra)?\b")),
    (
        "content",
        re.compile(
            rf"n{_W}{{1,2}}i\s*dung|nhi{_W}{{1,2}}m\s+v{_W}|c{_W}ng\s+vi{_W}c|ho{_W}t\s+d{_W}ng|ch{_W}\s+ti{_W}u"
        ),
    ),
]
_OCR_TABLE_HEADER_RE = re.compile(rf"(?:c{_W}\s+quan|d{_W}n\s+v{_W})\s+ch{_W}{{1,2}}\s+tr{_W}\b")
_OCR_TABLE_HEADER2_RE = re.compile(
    rf"n{_W}{{1,2}}i\s+dung|th{_W}{{1,3}}i\s+h{_W}n\b|\bh{_W}n\S*\s+\S*ho{_W}n\b"
    rf"|\bnhi{_W}m\s+v{_W}\b.*\bth{_W}{{1,3}}i\s+gian\b"  # "Nhiệm vụ ... Thời gian hoàn thành"
)
_YEAR_CELL_RE = re.compile(r"^(?:19|20)\d{2}$")


def _cells(line: str, expected: int | None = None) -> list[str] | None:
    """Cells of a "|"- or tab-separated row. Outer pipes ("| a | b |") are dropped, except where the row
    would then have fewer cells than the header (an empty first cell)."""
    # Inside a table (`expected` known) a group row of merged cells has a single separator ("I | HẠ TẦNG").
    least = 1 if expected else 2
    if line.count("\t") >= least:
        return [c.strip() for c in line.split("\t")]
    if line.count("|") >= least:
        cells = [c.strip() for c in line.strip().split("|")]
        if cells and not cells[-1] and (expected is None or len(cells) > expected):
            cells.pop()
        if cells and not cells[0] and (expected is None or len(cells) > expected):
            cells.pop(0)
        return cells
    return None


def _tables(
    chunk: list[tuple[int, str]], issued_on: date | None
) -> tuple[list[ParsedTask], list[tuple[int, str]], list[Target]]:
    """Pull separated tables (| or tab cells) and OCR'd task tables out of a section; return the tasks,
    the remaining lines and any targets."""
    tasks: list[ParsedTask] = []
    targets: list[Target] = []
    rest: list[tuple[int, str]] = []
    k = 0
    while k < len(chunk):
        i, line = chunk[k]
        cells = _cells(line)
        roles = _header_roles(cells) if cells else None
        if roles:
            k += 1
            rows: list[list[str]] = []
            while k < len(chunk):
                _j, row_line = chunk[k]
                row = _cells(row_line, len(cells))
                if row is None:
                    if not row_line.strip():
                        k += 1
                        continue
                    idx = roles.get("content")
                    if (
                        rows
                        and idx is not None
                        and idx < len(rows[-1])
                        and not _starts_upper(row_line.strip())
                    ):
                        # A cell's text wrapped onto a line of its own: it continues the content cell.
                        rows[-1][idx] = _join(rows[-1][idx], row_line.strip())
                        k += 1
                        continue
                    break
                rows.append(row)
                k += 1
            if not rows:
                # A header with nothing under it in cell form (OCR lost the separators): read it as text.
                rest.append((i, line))
                continue
            if "years" in roles:
                targets.extend(_targets_from_rows(roles, rows))
            else:
                tasks.extend(_tasks_from_rows(roles, rows, issued_on))
            continue
        header_end = _ocr_table_header(chunk, k) if cells is None else None
        if header_end is not None:
            numbered = _numbered_rows_table(chunk[header_end:], issued_on)
            tasks.extend(numbered if numbered is not None else _ocr_table(chunk[header_end:], issued_on))
            return tasks, rest, targets
        rest.append((i, line))
        k += 1
    return tasks, rest, targets


_OCR_HEADER_QUICK_RE = re.compile(r"n\S{1,3}i\s*dung|ch\S{1,3}\s+tr|th\S{1,4}i\s+h", re.IGNORECASE)


def _ocr_table_header(chunk: list[tuple[int, str]], k: int) -> int | None:
    """Index after the header of a task table that OCR printed without separators ("Nội dung nhiệm vụ
    Cơ quan chủ trì Cơ quan phối hợp Thời hạn"), which may wrap over up to three short lines."""
    line = chunk[k][1]
    if not _OCR_HEADER_QUICK_RE.search(line):
        return None
    if not line.strip() or _ITEM_RE.match(line) or _BULLET_RE.match(line) or len(line.strip()) >= 160:
        return None
    joined = ""
    for n in range(3):
        if k + n >= len(chunk):
            break
        part = chunk[k + n][1]
        if n and (len(part.strip()) >= 80 or not part.strip() or _cells(part) is not None):
            break
        joined = f"{joined} {_words(part)}"
        if _OCR_TABLE_HEADER_RE.search(joined) and _OCR_TABLE_HEADER2_RE.search(joined):
            return k + n + 1
    return None


def _header_roles(cells: list[str]) -> dict[str, int] | None:
    roles: dict[str, int] = {}
    years: list[tuple[int, str]] = []
    for idx, cell in enumerate(cells):
        words = fold_words(cell)
        if _YEAR_CELL_RE.match(words):
            years.append((idx, words))
            continue
        for role, pattern in _COL_ROLES:
            if role not in roles and pattern.search(words):
                roles[role] = idx
                break
    if len(years) >= 2 and "content" in roles:
        roles["years"] = -1
        roles.update({f"y{y}": idx for idx, y in years})
        return roles
    if "content" in roles and ("lead" in roles or "deadline" in roles):
        return roles
    return None


def _cell(row: list[str], roles: dict[str, int], role: str) -> str:
    idx = roles.get(role)
    if idx is None or idx >= len(row):
        return ""
    return row[idx].strip()


def _tasks_from_rows(
    roles: dict[str, int], rows: list[list[str]], issued_on: date | None
) -> list[ParsedTask]:
    tasks = []
    section = None
    for row in rows:
        content = _cell(row, roles, "content")
        filled = [c for c in row if c.strip()]
        if len(filled) <= 2 and not _cell(row, roles, "lead") and not _cell(row, roles, "deadline"):
            if tasks and content and not _cell(row, roles, "code") and "code" in roles:
                # The content cell wrapped onto a row of its own.
                tasks[-1].content = _join(tasks[-1].content, re.sub(r"\s+", " ", content))
                continue
            section = " ".join(filled)  # a group row ("I | Công tác chỉ đạo")
            continue
        if len(content) < 5:
            continue
        lead_cell = _cell(row, roles, "lead")
        support_cell = _cell(row, roles, "support")
        lead = _unit_or_words(lead_cell)
        # Other units in the lead cell ("Cơ quan chủ trì, phối hợp": "Phòng Kinh tế; Công an xã") work with it.
        support = [name for name, _s, _e in find_units(lead_cell)[1:]]
        support += [name for line in support_cell.split("\n") for name in _named_units(line)]
        code = _cell(row, roles, "code") or None
        tasks.append(
            ParsedTask(
                code=code,
                content=re.sub(r"\s+", " ", content),
                lead=lead,
                support=list(dict.fromkeys(s for s in support if s != lead)),
                deadline=parse_deadline_cell(_cell(row, roles, "deadline"), issued_on=issued_on),
                section=section,
                source="table",
                result=re.sub(r"\s+", " ", _cell(row, roles, "result")) or None,
            )
        )
    return tasks


def _unit_or_words(cell: str) -> str | None:
    cell = cell.strip(" .;,")
    if not cell:
        return None
    hit = match_unit_at_start(cell)
    if hit:
        return hit[0]
    return re.split(r"\s*[;]\s*", cell)[0]


def _targets_from_rows(roles: dict[str, int], rows: list[list[str]]) -> list[Target]:
    years = {k[1:]: v for k, v in roles.items() if k.startswith("y") and k[1:].isdigit()}
    out = []
    for row in rows:
        indicator = _cell(row, roles, "content")
        if not indicator:
            continue
        values = {y: row[idx].strip() for y, idx in years.items() if idx < len(row) and row[idx].strip()}
        out.append(Target(indicator=indicator, values=values, code=_cell(row, roles, "code") or None))
    return out


# --- OCR'd task table without cell separators -----------------------------------------------------------
_ANCHOR_DATE_RE = re.compile(r"(?P<date>\d{1,2}\s*/\s*\d{1,2}\s*/\s*(?:19|20)\d{2})\W*$")
_ANCHOR_PHRASE_RE = re.compile(
    rf"(?:theo\s+th{_W}{{1,3}}i\s+gian|th{_W}{{0,4}}ng\s+x{_W}{{1,3}}n|h{_W}{{1,2}}ng\s+(?:q[uw][yi]|th{_W}{{1,3}}ng|n{_W}{{1,2}}m))\W*$"
)
_TITLE_WORD_RE = re.compile(rf"^\W{{0,3}}(?:\d{{1,2}}\s*\|\s*)?({_UPPER}{_LOWER}+)\b")
_PREPOSITION_BEFORE_RE = re.compile(
    rf"\b(?:v{_W}{{1,2}}i|c{_W}{{1,2}}a|v{_W}|cho|t{_W}i|theo|d{_W}n|qua|ngay|c{_W}a)\W*$"
)


def _ocr_table(chunk: list[tuple[int, str]], issued_on: date | None) -> list[ParsedTask]:
    """Rows of a task table whose cells OCR wrote as interleaved lines.

    Each row carries one deadline cell, printed at the end of a line ("... 15/12/2025"), so deadlines anchor
    the rows; a row's content starts at the last line before its anchor that opens like a sentence
    (a capitalised word, a long line). The lead is the first unit in the row's cells: on the opening line
    after the content, in a "|" cell, or on a short line of its own.
    """
    entries = [(i, line.rstrip()) for i, line in chunk]
    texts = [line for _i, line in entries]
    folded = [fold_aligned(t) for t in texts]
    anchors: list[int] = []
    for k, f in enumerate(folded):
        m = _ANCHOR_DATE_RE.search(f)
        dated = bool(m) and not re.search(rf"{NGAY}\s*$", f[: m.start()])
        last_cell = f.rsplit("|", 1)[1] if "|" in f else ""
        if dated or (
            _ANCHOR_PHRASE_RE.search(f)
            and (len(texts[k].strip()) < 60 or _ANCHOR_PHRASE_RE.search(last_cell))
        ):
            anchors.append(k)
    if not anchors:
        return []
    starts: list[int] = []
    prev_anchor = -1
    for a in anchors:
        start = None
        for k in range(prev_anchor + 1, a + 1):
            if _is_row_start(texts[k]):
                start = k
        if start is None:
            start = max(prev_anchor + 1, 0)
            while start < a and not texts[start].strip():
                start += 1
        starts.append(start)
        prev_anchor = a
    tasks: list[ParsedTask] = []
    for r, (start, anchor) in enumerate(zip(starts, anchors, strict=False)):
        end = starts[r + 1] if r + 1 < len(starts) else len(texts)
        end = max(end, anchor + 1)
        row_lines = list(range(start, end))
        pre_lines = _pre_lines(texts, start)
        content = _row_content(texts, row_lines, anchor)
        if len(content) < 12:
            continue
        deadline = parse_deadline_cell(_anchor_cell(texts[anchor]), issued_on=issued_on)
        lead = _row_lead(texts, row_lines, pre_lines)
        tasks.append(ParsedTask(code=None, content=content, lead=lead, deadline=deadline, source="table"))
    return tasks


_ROW_NUMBER_RE = re.compile(r"^\s*(?P<n>\d{1,3})\s*\.?\s*$")


def _numbered_rows_table(chunk: list[tuple[int, str]], issued_on: date | None) -> list[ParsedTask] | None:
    """Rows of a task table as PDF text extraction writes them: the row's number alone on a line, then
    its cells one after another, each wrapped over lines ("1" / "Rà soát dữ liệu hộ" / "tịch ..." /
    "Phòng Văn hóa - Xã" / "hội" / "Công an xã 30/10/2026"). None when the rows are not laid out so.

    The content runs until the first line that opens with a unit; in what follows, the first unit
    leads, the others coordinate, and the text after the last unit is the deadline.
    """
    texts = [line.strip() for _i, line in chunk]
    starts = []
    expected = 1
    for k, text in enumerate(texts):
        m = _ROW_NUMBER_RE.match(text)
        if m and int(m["n"]) == expected:
            starts.append(k)
            expected += 1
    # The header may wrap past where it was recognised ("Thời gian" / "hoàn thành"): a line or two.
    leading = [k for k, text in enumerate(texts) if text][:3]
    if len(starts) < 2 or starts[0] not in leading:
        return None
    tasks: list[ParsedTask] = []
    for r, start in enumerate(starts):
        end = starts[r + 1] if r + 1 < len(starts) else len(texts)
        lines = [t for t in texts[start + 1 : end] if t]
        if r + 1 == len(starts):
            # The last row ends at a blank line followed by text that is not a cell (a heading, a note).
            cut = next((k for k in range(start + 1, end) if not texts[k]), end)
            lines = [t for t in texts[start + 1 : cut] if t]
        split = next((k for k, t in enumerate(lines) if k and match_unit_at_start(t)), len(lines))
        content = re.sub(r"\s+", " ", " ".join(lines[:split])).strip()
        rest = re.sub(r"\s+", " ", " ".join(lines[split:])).strip()
        if len(content) < 5:
            continue
        units = _listed_units(rest, in_words=False)
        after = rest[units[-1][2] :] if units else rest
        deadline = parse_deadline_cell(after.strip(" ,;"), issued_on=issued_on)
        lead = units[0][0] if units else None
        support = list(dict.fromkeys(name for name, _s, _e in units[1:] if name != lead))
        tasks.append(
            ParsedTask(
                code=str(r + 1),
                content=content,
                lead=lead,
                support=support,
                deadline=deadline,
                source="table",
            )
        )
    return tasks


def _is_row_start(line: str) -> bool:
    s = line.strip()
    if len(s) < 40:
        return False
    m = _TITLE_WORD_RE.match(s)
    return bool(m) and len(m.group(1)) >= 2


def _pre_lines(texts: list[str], start: int) -> list[int]:
    out = []
    k = start - 1
    while k >= 0:
        s = texts[k].strip()
        if s:
            if len(s) >= 40:
                break
            out.append(k)
        k -= 1
    return list(reversed(out))


def _anchor_cell(line: str) -> str:
    f = fold_aligned(line)
    m = _ANCHOR_DATE_RE.search(f)
    if m:
        return line[m.start("date") :]
    if "|" in line:
        return line.rsplit("|", 1)[1]
    m = _ANCHOR_PHRASE_RE.search(f)
    return line[m.start() :] if m else line


def _row_content(texts: list[str], row_lines: list[int], anchor: int) -> str:
    parts = []
    for k in row_lines:
        s = texts[k].strip()
        if len(s) < 25:
            continue
        s = s.split("|")[0].strip()
        if k == anchor:
            f = fold_aligned(s)
            m = _ANCHOR_DATE_RE.search(f)
            if m:
                s = s[: m.start()].strip()
        if s:
            parts.append(s)
    return re.sub(r"\s+", " ", " ".join(parts)).strip()


def _row_lead(texts: list[str], row_lines: list[int], pre_lines: list[int]) -> str | None:
    first = row_lines[0] if row_lines else None
    # 1. on the opening line, after the content (a "|" cell or the line's tail)
    if first is not None:
        unit = _cell_unit(texts[first], tail=True)
        if unit:
            return unit
    # 2. a "|" cell further down the row
    for k in row_lines[1:]:
        unit = _cell_unit(texts[k], tail=False)
        if unit:
            return unit
    # 3. a short line of its own (lead cells are narrow), before or inside the row
    for k in pre_lines + row_lines:
        s = texts[k].strip()
        if 0 < len(s) < 40:
            joined = s
            nxt = k + 1
            while nxt < len(texts) and 0 < len(texts[nxt].strip()) < 40 and len(joined) < 80:
                joined += " " + texts[nxt].strip()
                nxt += 1
            hit = match_unit_at_start(joined, generic=False)
            if hit:
                return hit[0]
    return None


def _cell_unit(line: str, *, tail: bool) -> str | None:
    cells = line.split("|")
    for cell in cells[1:]:
        hit = match_unit_at_start(cell.strip(), generic=False)
        if hit:
            return hit[0]
    if tail:
        head = cells[0]
        folded = fold_aligned(head)
        for name, s, _e in find_units(head):
            if len(head) - s <= 60 and not _PREPOSITION_BEFORE_RE.search(folded[:s]):
                return name
    return None


# --- targets written without separators (OCR) -----------------------------------------------------------
_VALUE_TOKEN = r"(?:[xX]|[<>≥≤~=]?\s*\d+(?:[.,]\d+)?\s*%?)"
_TRAILING_VALUES_RE = re.compile(rf"(?:\s*\|?\s*{_VALUE_TOKEN}(?=\s|$|\|)){{1,}}\s*\|?\s*$")


def _ocr_targets(chunk: list[tuple[int, str]]) -> list[Target]:
    """Targets table (indicator x year) that OCR printed without separators.

    A row's values sit on one of its lines ("... X X X X X", ">30% | >80% | 100%"); its indicator text runs
    over the lines around it. After a row has its values, a line opening with a capital starts the next row,
    a line of values alone adds to the row, and a lone number (the row's STT) closes it.
    """
    years: list[str] = []
    targets: list[Target] = []
    text, values = "", []

    def close() -> None:
        nonlocal text, values
        indicator = _clean_indicator(text)
        if len(indicator) >= 8:
            target = Target(indicator=indicator)
            shown = values[-len(years) :] if years else values
            for year, value in zip(years[len(years) - len(shown) :], shown, strict=False):
                target.values[year] = value
            targets.append(target)
        text, values = "", []

    for _i, line in chunk:
        s = line.strip()
        if not years:
            found = re.findall(r"\b(?:19|20)\d{2}\b", s)
            if len(found) >= 2 and len(re.sub(r"[\d|\s]", "", s)) < 40:
                years = found
            continue
        if not s:
            continue
        if re.fullmatch(r"\d{1,2}", s):
            close()
            continue
        m = _TRAILING_VALUES_RE.search(s)
        found_values = [v.strip() for v in re.findall(_VALUE_TOKEN, m.group(0))] if m else []
        words = re.sub(r"^\W*\d{1,2}\s*\|\s*", "", s[: m.start()] if m else s).strip()
        if not words:
            values.extend(found_values)
            continue
        if values and _starts_upper(words) and not words[0].isdigit():
            close()
        text = _join(text, words) if text else words
        values.extend(found_values)
    close()
    return targets


def _clean_indicator(text: str) -> str:
    text = re.sub(r"^\W*\d{1,2}\s*\|\s*", "", text.strip())
    return re.sub(r"\s+", " ", text).strip(" |")


# --- reporting duties -----------------------------------------------------------------------------------
def _duties(lines: list[str], folded_lines: list[str], body_start: int) -> list[ReportingDuty]:
    # Blocks of text between blank lines, bullets, numbered items and headings; then their sentences.
    blocks: list[str] = []
    current: list[str] = []
    for i in range(body_start, len(lines)):
        line = lines[i]
        if not line.strip() or _heading_kind(line, folded_lines[i]) is not None:
            if current:
                blocks.append(" ".join(current))
            current = []
            continue
        if current and (_BULLET_RE.match(line) or _ITEM_RE.match(line)):
            blocks.append(" ".join(current))
            current = []
        current.append(line.strip())
    if current:
        blocks.append(" ".join(current))
    sentences = [s for block in blocks for s in re.split(r"(?<=[.;])\s+(?=\S)", block)]
    duties: list[ReportingDuty] = []
    for sentence in sentences:
        if not _REPORT_QUICK_RE.search(sentence):
            continue  # cheap test before folding: "báo cáo" always starts with b and holds a c
        sent = re.sub(r"\s+", " ", sentence).strip()
        f = fold_aligned(sent)
        if not _REPORT_RE.search(f):
            continue
        found: list[ReportingDuty] = []
        for m in _DUTY_MONTHLY_DAY_RE.finditer(f):
            found.append(ReportingDuty(text=sent, frequency="monthly", day=int(m["d"])))
        for m in _DUTY_YEARLY_RE.finditer(f):
            d, mo = (m["d1"], m["m1"]) if m["d1"] else (m["d2"], m["m2"])
            found.append(ReportingDuty(text=sent, frequency="yearly", day=int(d), month=int(mo)))
        if not found and _DUTY_YEAR_WORD_RE.search(f):
            # "trước ngày 20/6 và 20/12 hằng năm", "6 tháng (trước ngày 15/6) và năm (trước ngày 15/12)":
            # each day/month without a year is a yearly occurrence.
            for m in _DUTY_DAY_MONTH_RE.finditer(f):
                day, month = int(m["d"]), int(m["m"])
                if 1 <= month <= 12 and 1 <= day <= 31:
                    found.append(ReportingDuty(text=sent, frequency="yearly", day=day, month=month))
        if not found:
            pm = _DUTY_PERIODS_RE.search(f)
            if pm and re.search(rf"d{_W}nh\s+k{_W}|theo\s+|sau\s+m", f[max(0, pm.start() - 40) : pm.start()]):
                periods = [sent[a.start() : a.end()] for a in _PERIOD_RE.finditer(f, pm.start(), pm.end())]
                found.append(ReportingDuty(text=sent, frequency="periodic", periods=periods))
            else:
                fm = _DUTY_FREQ_RE.search(f)
                if fm:
                    word = fm["f"]
                    freq = (
                        "monthly"
                        if word.startswith("th")
                        else "quarterly"
                        if word.startswith("q")
                        else "weekly"
                        if word.startswith("tu")
                        else "yearly"
                    )
                    dated = _DUTY_DAY_RE.search(f) if freq in ("monthly", "quarterly") else None
                    day = int(dated["d"]) if dated else None
                    if freq == "weekly":
                        day = _weekday(f)  # "hằng tuần vào thứ Sáu": 5 (Monday is 1, Sunday 7)
                    # "Định kỳ hằng tháng (trước ngày 25), ... báo cáo": the day stands apart from the words.
                    # A quarter's report falls in its last month ("ngày 15 của tháng cuối quý") unless the
                    # plan says the first month of the next quarter ("tháng đầu quý sau"): month 3 or 1
                    # names the first such month of the year.
                    month = None
                    if freq == "quarterly" and day:
                        month = 1 if _NEXT_QUARTER_RE.search(f) else 3
                    found.append(ReportingDuty(text=sent, frequency=freq, day=day, month=month))
        if not found:
            continue
        units = find_units(sent)
        report_at = _REPORT_RE.search(f).start()
        reporter = next((n for n, s, _e in units if s < report_at), None)
        recipient = next((n for n, s, _e in units if s > report_at), None)
        for duty in found:
            duty.reporter, duty.recipient = reporter, recipient
            duties.append(duty)
    return duties


def plan_to_export(plan: ParsedPlan) -> dict:
    """One plan in the public `planbot export --json` shape (storage's export should produce the same)."""
    return {
        "number": plan.number,
        "issuer": plan.issuer,
        "issued_on": plan.issued_on.isoformat() if plan.issued_on else None,
        "title": plan.title,
        "implements": list(plan.implements),
        "replaces": list(plan.replaces),
        "tasks": [
            {
                "code": t.code,
                "content": t.content,
                "lead": t.lead,
                "support": list(t.support),
                "deadline": t.deadline.to_json(),
                "result": t.result,
            }
            for t in plan.tasks
        ],
        "duties": [
            {
                "text": d.text,
                "reporter": d.reporter,
                "recipient": d.recipient,
                "frequency": d.frequency,
                "day": d.day,
                "month": d.month,
                "periods": list(d.periods),
            }
            for d in plan.duties
        ],
        "targets": [
            {"indicator": g.indicator, "values": dict(g.values), "code": g.code} for g in plan.targets
        ],
        "problems": list(plan.problems),
    }


__all__ = ["parse_plan", "plan_to_export", "canonical_unit"]
