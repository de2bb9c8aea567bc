"""Numbered items ("1.", "1.1.", "III.2.3", OCR'd "34.") and bullets: lines into paragraphs, paragraphs into
a tree by item code, and tasks from the tree, a heading handing its lead and deadline down to what sits
under it."""

from __future__ import annotations

import re
from datetime import date

from knowledge.deadline import HOAN_THANH, compile_literal_first, parse_deadline
from knowledge.fold import fold_aligned
from knowledge.models import NONE, Deadline, ParsedTask
from knowledge.plan_parser import phases
from knowledge.plan_parser.continued_cells import is_reading_note
from knowledge.plan_parser.default_time import apply_default_time, before_tet, default_time
from knowledge.plan_parser.fielded import _attribute, _fielded_task
from knowledge.plan_parser.five_clear import CODED_ITEM_RE, clear_task, is_clear_paragraph, opens_clear_field
from knowledge.plan_parser.grouped import GroupTerms, group_terms, hand_down
from knowledge.plan_parser.leads import _ROLE_AFTER_RE, _lead_of, _support_of
from knowledge.plan_parser.members import member_lead
from knowledge.plan_parser.paren_items import paren_item_titles
from knowledge.plan_parser.prose import prose_tasks
from knowledge.plan_parser.text import (
    _BOLD_LINE_RE,
    _BULLET_RE,
    _DASHES,
    _ITEM_RE,
    _LETTER_GROUP_RE,
    _SENTENCE_END,
    _W,
    _join,
    _letter_group,
    _named_item,
    _Node,
    _Para,
    _starts_upper,
    _task_content,
    open_bracket,
)
from knowledge.plan_parser.titled import card_title_follows
from knowledge.units import match_unit_at_start

_DEADLINE_START_RE = compile_literal_first(
    rf"^\W*(?:{HOAN_THANH}|th{_W}{{1,3}}i\s+h{_W}{{1,2}}n|th{_W}{{1,2}}c\s+hi{_W}n\s+th{_W}{{0,4}}ng\s+x)"
)
_LEGAL_BASIS_RE = re.compile(rf"^\W*c{_W}n\s+c{_W}\b")
# "3. (Sở Tư pháp chủ trì) Rà soát …", "4. **Sở Tài chính:** bố trí …": a numbered paragraph opening with its
# lead, in parentheses or as a bold label (text exported from Word keeps the bold as "**").
_LEAD_OPENED_ITEM_RE = re.compile(
    r"^\s*(?P<code>\d{1,2})\s*\.\s+(?P<rest>(?:\((?P<paren>[^()]{3,120})\)|\*\*(?P<bold>[^*]{2,80})\*\*)\s*\S.*)$"
)
_ROLE_RE = compile_literal_first(rf"\bch{_W}{{1,2}}\s+tr{_W}\b")
_BOLD_RE = re.compile(r"\*\*([^*]+)\*\*")


def _lead_opened_item(line: str) -> tuple[str, str] | None:
    """(code, text) of a numbered paragraph opening with "(X chủ trì)" or a bold "**X:**" label, the bold
    markers dropped; None for other lines (an aside in parentheses is no lead)."""
    m = _LEAD_OPENED_ITEM_RE.match(line)
    if not m or (m["paren"] and not _ROLE_RE.search(fold_aligned(m["paren"]))):
        return None
    return m["code"], _BOLD_RE.sub(r"\1", m["rest"]).strip()


def _is_time_line(paras: list[_Para], text: str) -> bool:
    """A line that is only a time field ("– Thời hạn: Quý II/2026.") under a paragraph or bullet: the end
    of the task above, not a task of its own."""
    if not paras or paras[-1].kind not in ("plain", "bullet"):
        return False
    field = _attribute(text)
    return bool(field) and field[0] == "when"


def _paragraphs(chunk: list[tuple[int, str]]) -> list[_Para]:
    paras: list[_Para] = []
    blank_before = False
    card_body = False  # the line after a titled card's name: its body, joined to the name
    for k, (i, line) in enumerate(chunk):
        stripped = line.strip()
        if not stripped:
            blank_before = True
            continue
        if len(stripped) <= 3 and stripped.isdecimal():  # a page number alone on its line
            continue
        if card_body:
            card_body = False
            paras[-1].text = _join(paras[-1].text, stripped)
            blank_before = False
            continue
        group = _letter_group(stripped) or _lettered_title(chunk, k)
        if group and _BOLD_LINE_RE.match(stripped) and card_title_follows(chunk, k):
            # "**Số hóa hồ sơ**" then "(Thời gian: Quý I/2026) …": the name of one task, its body below.
            paras.append(_Para("plain", f"{group.rstrip('.')}.", i))
            card_body, blank_before = True, False
            continue
        if group:
            # "A. QUẢN LÝ NHÀ NƯỚC TRÊN MÔI TRƯỜNG SỐ": the title of the tasks that follow, never a task.
            paras.append(_Para("group", group, i))
            blank_before = False
            continue
        time_title = None
        # Both kinds of time heading close with a colon: other lines are neither matched nor folded here.
        if stripped.endswith(":") and not (_ITEM_RE.match(line) or _BULLET_RE.match(line)):
            time_title = phases.phase_heading(stripped, fold_aligned(stripped)) or _time_heading(stripped)
        if time_title:
            # "Tháng 10/2025:", "Quý I/2026:", "Thường xuyên trong năm học:": a timeline's heading, the time of
            # the bullets under it, never a task.
            paras.append(_Para("group", stripped.rstrip(" :"), i, deadline=time_title))
            blank_before = False
            continue
        item = _ITEM_RE.match(line)
        coded = CODED_ITEM_RE.match(line) if not item else None
        if coded:  # "HT-01. Rõ việc: …": a task coded with its group's letters
            paras.append(_Para("item", coded["rest"].strip(), i, code=coded["code"]))
            blank_before = False
            continue
        opened = _lead_opened_item(line) if not item else None
        named = (_named_item(line) or opened) if not item else None
        bullet = _BULLET_RE.match(line) if not (item or named) else None
        attr_text = (bullet["rest"] if bullet else stripped).strip()
        if (
            not (item or named or blank_before)
            and (not bullet or opens_clear_field(bullet["rest"]))
            and paras
            and paras[-1].kind in ("item", "bullet", "plain")
            and is_clear_paragraph(paras[-1].text)
            and not is_clear_paragraph(stripped)
        ):
            # A "5 rõ" paragraph runs on over its lines ("… Rõ" / "thời gian: năm 2026. Rõ trách nhiệm: …"),
            # and so do its fields written one a line ("- Rõ người: …").
            paras[-1].text = _join(paras[-1].text, attr_text)
            continue
        if not (item or named or bullet or blank_before) and paras and open_bracket(paras[-1].text):
            # "… mạo danh cơ quan nhà nước" / "(Giao: Công an xã; thời gian: …)": a task's closing bracket
            # wrapped onto the next line goes on with it; its "thời gian: …" is no field line of its own.
            paras[-1].text = _join(paras[-1].text, stripped)
            continue
        field = (
            _attribute(attr_text)
            if not item and paras and paras[-1].kind in ("item", "attr") and not _named_item(line)
            else None
        )
        if not (item or named) and bullet and _is_time_line(paras, attr_text):
            paras[-1].text = _join(paras[-1].text, stripped)
            blank_before = False
            continue
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
        elif named:
            if _is_short_title(paras):
                # "1. Thu, cấp sổ, thẻ" then "Nhiệm vụ 1: …": a numbered title over named tasks groups them
                # (the tasks are numbered on their own), it is no task.
                title = paras.pop()
                paras.append(_Para("group", f"{title.code}. {title.text}", title.line))
            paras.append(_Para("item", named[1], i, code=named[0]))
        elif (
            bullet
            and bullet["rest"].strip()
            and not (stripped[0] in _DASHES and _is_hyphen_continuation(paras, bullet["rest"]))
        ):
            # "a)", "b)": a lettered item keeps its letter, the task's code being the group's and it ("1.a").
            paras.append(_Para("bullet", bullet["rest"].strip(), i, code=bullet["letter"]))
        elif _is_item_title(paras, stripped) or (
            blank_before and _is_short_title(paras) and _starts_upper(stripped)
        ):
            # "3. Nguồn nhân lực" then "Phòng Văn hóa – Xã hội chủ trì ...": a group title on its own line;
            # or a short title, a blank line, then a paragraph (a Party plan's prose tasks under a heading).
            paras.append(_Para("plain", stripped, i))
        elif paras and paras[-1].kind == "group":
            paras.append(_Para("plain", stripped, i))  # the first paragraph under a group's title
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
    return paren_item_titles(paras, dict(chunk))


def _lettered_title(chunk: list[tuple[int, str]], k: int) -> str | None:
    """A lettered heading in ordinary case ("A. Đề án 06, dữ liệu dân cư"): short, no sentence, with a numbered
    item on the next line that is not blank. It titles the items under it, as one in capitals does."""
    line = chunk[k][1].strip()
    m = _LETTER_GROUP_RE.match(line)
    if not m or len(m["rest"]) > _LETTERED_TITLE_MAX or _SENTENCE_END.search(line):
        return None
    after = next((text for _i, text in chunk[k + 1 :] if text.strip()), "")
    item = _ITEM_RE.match(after)
    return line if item and "." not in item["code"].rstrip(".") else None


_LETTERED_TITLE_MAX = 80  # characters
_ITEM_TITLE_MAX = 50  # characters: a wrapped line of running text is longer
_TIME_HEADING_MAX = 60  # characters
_TIME_HEADING_OTHER_WORDS = 3  # words beside the time ("trong năm học")
_ASIDE_RE = re.compile(r"\s*\([^()]{1,60}\)$")


def _time_heading(line: str) -> Deadline | None:
    """The time a line names when it is nothing but a time closed by a colon ("Tháng 9/2025:", "Quý
    I/2026:", "Thường xuyên trong năm học:"), the heading of a timeline's step; else None."""
    if not line.endswith(":"):
        return None
    # "Tháng 02/2026 (trước và sau Tết):": an aside in parentheses after the time says when in it, no more.
    body = _ASIDE_RE.sub("", line.rstrip(" :"))
    if len(body) > _TIME_HEADING_MAX:
        return None
    deadline = parse_deadline(body)
    if deadline.kind == NONE or not deadline.text:
        return None
    at = body.find(deadline.text)
    rest = (body[:at] + " " + body[at + len(deadline.text) :]) if at >= 0 else body
    if len(re.findall(r"[^\W\d_]+", rest)) > _TIME_HEADING_OTHER_WORDS:
        return None
    return deadline


def _is_item_title(paras: list[_Para], line: str) -> bool:
    """The item before is a short title (no closing punctuation) and this line opens the work under it
    with a unit in charge ("Phòng Kinh tế chủ trì ..."); a wrapped sentence does not start that way."""
    if not paras or paras[-1].kind != "item" or len(paras[-1].text) > _ITEM_TITLE_MAX:
        return False
    if _SENTENCE_END.search(paras[-1].text) or not _starts_upper(line):
        return False
    hit = match_unit_at_start(line)
    return bool(hit) and bool(_ROLE_AFTER_RE.match(fold_aligned(line[hit[1] :])))


def _is_short_title(paras: list[_Para]) -> bool:
    """The last paragraph is an item's short title with no closing punctuation ("1. Nâng cao nhận thức")."""
    return (
        bool(paras)
        and paras[-1].kind == "item"
        and len(paras[-1].text) <= _ITEM_TITLE_MAX
        and not (_SENTENCE_END.search(paras[-1].text))
    )


def _ends_with_deadline(text: str) -> bool:
    if not text.endswith("."):
        return False
    tail = text[-80:]
    deadline = parse_deadline(tail)
    if deadline.kind == NONE:
        tail = tail.rsplit(",", 1)[-1]  # "…, thực hiện năm 2026.": the last clause alone is the time
        deadline = parse_deadline(tail)
    return deadline.kind != NONE and tail.rstrip(" .").endswith(deadline.text[-6:])


def _is_hyphen_continuation(paras: list[_Para], rest: str) -> bool:
    """A dash that continues the sentence rather than opening a bullet: "... số 04\n- CTr/ĐU ngày",
    "chính trị\n- xã hội"."""
    if not paras or _SENTENCE_END.search(paras[-1].text):
        return False
    return bool(re.match(r"^[A-ZĐ]{1,4}[a-z]?\s*/|^\d", rest)) or rest[:1].islower()


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
    group: str | None = None
    group_deadline: Deadline | None = None
    for p in paras:
        if p.kind == "group":
            group, group_deadline, stack = p.text, p.deadline, []
            continue
        p.group = group  # a plain paragraph under a bold or lettered group title: its section
        p.group_deadline = group_deadline
        if p.kind == "item":
            node = _Node(p)
            depth = len(p.code.split(".")) if p.code else 1
            while stack and len(stack[-1].para.code.split(".")) >= depth:
                stack.pop()
            if stack:
                stack[-1].children.append(node)
            else:
                node.group = group
                node.group_deadline = group_deadline
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
    introducing = _lead_ins(paras)
    list_default: Deadline | None = None
    for p in loose:
        if _LEGAL_BASIS_RE.match(fold_aligned(p.text)):
            continue  # "Căn cứ Luật ...": the preamble, when no heading separates it from the items
        noted = default_time(p.text, issued_on)
        if noted:  # "(Nội dung không ghi thời hạn thì hoàn thành trong tháng 12/2025.)": no task, a default
            list_default = list_default or noted
            continue
        if id(p) in introducing:
            continue  # "Ngoài các nhiệm vụ trong bảng, UBND phường giao:": it opens the items below it
        if is_reading_note(p.text):
            continue  # "Ô "Thời hạn" để trống là …": how to read the table, no work
        inherited = p.group_deadline or Deadline()
        task = _task(p.text, p.code, p.group or heading, None, inherited, issued_on, source="bullet")
        if task:
            tasks.append(task)
    loose_count = len(tasks)
    groups_seen: list[GroupTerms] = []

    def walk(node: _Node, section: str | None, inh_lead: str | None, inh_deadline: Deadline) -> None:
        # A heading that names a unit or a deadline ("1. Phòng Kinh tế chủ trì:", "(hoàn thành trong tháng
        # 8/2025)") hands them down to what sits under it, unless a task states its own.
        p = node.para
        terms = group_terms(node, issued_on)
        if (
            terms
        ):  # "1.1. …" stating "Đơn vị chủ trì: …; Thời gian: …" over its "1.1.1." tasks: no task itself
            groups_seen.append(terms)
            start = len(tasks)
            due = terms.deadline if terms.deadline.kind != NONE else inh_deadline
            for child in node.children:
                walk(child, p.text, terms.lead, due)
            hand_down(tasks[start:], terms)
            return
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
                code = _child_code(p.code, child)
                t = _task(child.text, code, p.text, header_lead, header_deadline, issued_on, "bullet")
                if t:
                    tasks.append(t)
            for child in node.children:
                walk(child, p.text, header_lead, header_deadline)
            return
        if node.paras:
            member = member_lead(p.text)
            if (
                member
            ):  # "3. Đồng chí … – Phó Chủ tịch UBND xã, Phó Trưởng ban: …": the member answers for each
                tasks.extend(_member_tasks(node, member, p.text, issued_on))
                return
            header_support = _support_of(p.text, header_lead)
            for child in node.paras:
                code = _child_code(p.code, child)
                split = (
                    prose_tasks(child.text, code, p.text, issued_on, "bullet")
                    if child.kind == "plain"
                    else None
                )
                if split:  # a paragraph of work sentences closed by "Giao X chủ trì …": a task each
                    tasks.extend(split)
                    continue
                t = _task(child.text, code, p.text, header_lead, header_deadline, issued_on, "bullet")
                if t:
                    for s in header_support:
                        if s not in t.support and s != t.lead:
                            t.support.append(s)
                    tasks.append(t)
            return
        split = prose_tasks(p.text, p.code, section or heading, issued_on, "item")
        if split:
            tasks.extend(split)
            return
        t = _task(p.text, p.code, section or heading, inh_lead, inh_deadline, issued_on, "item")
        if t:
            tasks.append(t)

    for root in roots:
        walk(root, root.group or heading, None, root.group_deadline or Deadline())
    if groups_seen:
        # An outline whose groups name who does their items: a paragraph before the items naming no one
        # ("Các nội dung dưới mỗi nhóm do đơn vị của nhóm thực hiện …") says how to read them, it is no task.
        tasks = [t for k, t in enumerate(tasks) if k >= loose_count or t.lead]
    if list_default:
        apply_default_time(tasks, list_default)
    return tasks


def _member_tasks(node: _Node, member: str, section: str | None, issued_on: date | None) -> list[ParsedTask]:
    """The tasks under a steering committee member's name, each led by the member (`members`)."""
    out = []
    for child in node.paras:
        t = _task(
            child.text, _child_code(node.para.code, child), section, member, Deadline(), issued_on, "bullet"
        )
        if t:
            t.lead = member
            t.support = [s for s in t.support if s != member]
            out.append(t)
    return out


_CLOSING_TIME_MAX = 30  # characters


def _closing_time(content: str, issued_on: date | None) -> Deadline:
    """A task closed by a bare time as its last clause ("...; năm 2026.", "...; tháng 9/2026."): the
    genre's way to date a bullet, read even where such words inside a sentence would not be a deadline."""
    last = content.rsplit(";", 1)[-1].strip(" .") if ";" in content else ""
    if not last or len(last) > _CLOSING_TIME_MAX:
        return Deadline()
    deadline = parse_deadline(last, issued_on=issued_on)
    if deadline.kind == NONE or not deadline.text:
        return Deadline()
    at = last.find(deadline.text)
    rest = (last[:at] + " " + last[at + len(deadline.text) :]) if at >= 0 else last
    return deadline if len(re.findall(r"[^\W\d_]+", rest)) <= 2 else Deadline()


def _lead_ins(paras: list[_Para]) -> set[int]:
    """The plain paragraphs that end with a colon right before a numbered item: they introduce the items
    ("Ngoài các nhiệm vụ nêu trên, UBND xã giao thêm:"), they are no task of their own."""
    return {
        id(p)
        for p, after in zip(paras, paras[1:], strict=False)
        if p.kind == "plain" and p.text.rstrip().endswith(":") and after.kind == "item"
    }


def _child_code(parent: str | None, child: _Para) -> str | None:
    """The code of a bullet under an item: the item's, and the bullet's letter after it ("1.a") if it has one."""
    if child.kind == "bullet" and child.code:
        return f"{parent}.{child.code}" if parent else child.code
    return parent


def _task(
    content: str,
    code: str | None,
    section: str | None,
    inherited_lead: str | None,
    inherited_deadline: Deadline,
    issued_on: date | None,
    source: str,
) -> ParsedTask | None:
    clear = clear_task(content, code, section, issued_on, source)
    if clear:  # "Rõ việc: … Rõ người: X (chủ trì), Y. Rõ thời gian: …": its fields say it all
        return clear
    content = _task_content(content)
    if content is None:
        return None
    own_lead = _lead_of(content, header=False)
    lead = own_lead or inherited_lead
    deadline = parse_deadline(content, issued_on=issued_on)
    if deadline.kind == NONE:
        deadline = _closing_time(content, issued_on)
    if deadline.kind == NONE:
        deadline = before_tet(content) or deadline
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
