"""The "5 rõ" tasks: an item with its fields one per line under it ("Đơn vị chủ trì: ...", "Đơn vị phối hợp: ...",
"Thời gian hoàn thành: ...", "Sản phẩm: ...")."""

from __future__ import annotations

import re
from datetime import date

from knowledge.deadline import parse_deadline, parse_deadline_cell
from knowledge.fold import fold_aligned
from knowledge.models import NONE, Deadline, ParsedTask
from knowledge.plan_parser.forces import read_forces
from knowledge.plan_parser.leads import _lead_of, _named_units, _support_of
from knowledge.plan_parser.text import _SENTENCE_END, _W, _Node, _task_content, _words

# "5 rõ" plans list a task's fields under it, one per line: who leads, who helps, when, what it yields.
_ATTRIBUTE_RE = re.compile(
    rf"^\W*(?P<label>"
    rf"(?P<lead>(?:(?:d{_W}n\s+v{_W}|c{_W}\s+quan|b{_W}\s+ph{_W}n)\s+)?(?:ch{_W}{{1,2}}\s+tr{_W}|th{_W}{{1,2}}c\s+hi{_W}n)"
    rf"|ng{_W}{{1,2}}i\s+(?:ph{_W}\s+tr{_W}ch|th{_W}{{1,2}}c\s+hi{_W}n|ch{_W}u\s+tr{_W}ch\s+nhi{_W}m)|tr{_W}ch\s+nhi{_W}m"
    # "Đầu mối: Phòng Quản lý thu": the unit the work goes through is its lead.
    rf"|(?:(?:d{_W}n\s+v{_W}|c{_W}\s+quan)\s+)?d{_W}u\s+m{_W}{{1,2}}i)"
    rf"|(?P<support>(?:(?:d{_W}n\s+v{_W}|c{_W}\s+quan)\s+)?(?:ph{_W}{{1,2}}i\s+h{_W}p"
    # "Cùng thực hiện: …", "Đơn vị cùng tham gia: …": those who work beside the lead.
    rf"|c{_W}ng\s+(?:th{_W}{{1,2}}c\s+hi{_W}n|tham\s+gia)))"
    rf"|(?P<when>th{_W}{{1,3}}i\s+(?:gian|h{_W}n)(?:\s+(?:ho{_W}n\s+th{_W}{{1,3}}nh|th{_W}{{1,2}}c\s+hi{_W}n))?"
    # "Mốc thời gian: Quý IV/2025", "Mốc hoàn thành: …"
    rf"|m{_W}c\s+(?:th{_W}{{1,3}}i\s+gian|ho{_W}n\s+th{_W}{{1,3}}nh)"
    rf"|ti{_W}n\s+d{_W}(?:\s+th{_W}{{1,2}}c\s+hi{_W}n|\s+ho{_W}n\s+th{_W}{{1,3}}nh)?"
    # "Hoàn thành: trước ngày 20/12/2025", "Hạn hoàn thành: …", "Hạn chót: …"
    rf"|ho{_W}n\s+th{_W}{{1,3}}nh|h{_W}n(?:\s+ho{_W}n\s+th{_W}{{1,3}}nh|\s+ch{_W}t)?)"
    rf"|(?P<what>n{_W}{{1,2}}i\s+dung(?:\s+c{_W}\s+th{_W})?)"
    # "Kết quả cần đạt: 100% hồ sơ …", "Yêu cầu cần đạt: …": what the task must yield.
    rf"|(?P<result>s{_W}n\s+ph{_W}{{1,2}}m(?:\s+d{_W}u\s+ra)?|k{_W}t\s+qu{_W}(?:\s+d{_W}u\s+ra|\s+(?:c{_W}n|ph{_W}i)\s+d{_W}t)?"
    rf"|y{_W}u\s+c{_W}{{1,2}}u\s+c{_W}n\s+d{_W}t)"
    rf"|(?P<other>(?:ngu{_W}n\s+)?kinh\s+ph{_W}|ch{_W}\s+ti{_W}u)"
    # "Lực lượng: Đoàn kiểm tra số 1, đồng chí …, làm Trưởng đoàn; …": who does an inspection round.
    rf"|(?P<force>l{_W}c\s+l{_W}{{1,2}}ng(?:\s+th{_W}{{1,2}}c\s+hi{_W}n|\s+tham\s+gia)?)"
    rf")\s*:\s*(?P<value>.*)$"
)


def _attribute(text: str) -> tuple[str, str] | None:
    """(field, value) when `text` is a labelled field of a task ("Đơn vị chủ trì: Phòng Kinh tế")."""
    m = _ATTRIBUTE_RE.match(fold_aligned(text))
    if not m or not m["value"].strip():
        return None
    kind = next(k for k in ("lead", "support", "when", "what", "result", "other", "force") if m[k])
    return kind, text[m.start("value") :].strip()


def fields_in(text: str) -> list[tuple[str, str]]:
    """The fields of a field line, with the lines it wrapped onto: one, or several written one after another
    ("Đơn vị thực hiện: Công an phường, Trạm Y tế phường. Thời gian: quý I/2026."), each sentence that
    opens with a label starting a field of its own. [] when the line is no field."""
    field = _attribute(text)
    if not field:
        return []
    kind, value = field
    for m in _NEXT_SENTENCE_RE.finditer(value):
        rest = _attribute(value[m.end() :])
        if rest:
            return [(kind, value[: m.start() + 1].strip()), *fields_in(value[m.end() :])]
    return [field]


_NEXT_SENTENCE_RE = re.compile(r"[.;]\s+(?=[^\W\d_])")


# "Đơn vị thực hiện: Văn phòng Sở; phối hợp: Phòng Tổ chức - Pháp chế": the partners after the lead, in
# the same field.
_SUPPORT_IN_FIELD_RE = re.compile(
    rf"[;,.(]\s*(?:(?:d{_W}n\s+v{_W}|c{_W}\s+quan)\s+)?ph{_W}{{1,2}}i\s+h{_W}p(?:\s+v{_W}{{1,2}}i)?\s*:\s*"
)


def _split_support(fields: dict[str, list[str]]) -> None:
    """Move the partners named inside a lead field ("...; phối hợp: X") to the support field."""
    leads = []
    for value in fields.get("lead", []):
        m = _SUPPORT_IN_FIELD_RE.search(fold_aligned(value))
        if m:
            fields.setdefault("support", []).append(value[m.end() :].strip(" .;)"))
            value = value[: m.start()]
        leads.append(value)
    if leads:
        fields["lead"] = leads


def _titled(title: str, what: list[str]) -> str:
    """The item's title and its "Nội dung:" field as one text: the field alone when it opens with the
    title's words ("Kiện toàn Tổ công tác" / "Kiện toàn Tổ công tác ..., phân công ..."), else the title
    and a colon before it ("Bảo tàng ảo: Số hóa hiện vật ...")."""
    if not what:
        return title
    body = " ".join(what)
    if _words(body).startswith(_words(title)):
        return body
    if title and not _SENTENCE_END.search(title):
        return f"{title}: {body}"
    return f"{title} {body}"


def _fielded_task(
    node: _Node, section: str | None, inh_lead: str | None, inh_deadline: Deadline, issued_on: date | None
) -> ParsedTask | None:
    """One task from an item and its field lines; loose lines under it add to its content."""
    fields: dict[str, list[str]] = {}
    extra: list[str] = []
    for child in node.paras:
        if child.field:
            for kind, value in fields_in(child.text) or [child.field]:
                fields.setdefault(kind, []).append(value)
        else:
            extra.append(child.text)
    _split_support(fields)
    heads = []
    for value in fields.pop("force", []):
        team, head, partners = read_forces(value)
        if team:
            fields.setdefault("lead", []).append(team)
        if head:  # "(đồng chí X, Chủ nhiệm UBKT, làm Trưởng đoàn)": who leads the team, kept with the task
            heads.append(f"({head})")
        fields.setdefault("support", []).extend(partners)
    content = " ".join([_titled(node.para.text, fields.get("what", [])), *extra, *heads])
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
