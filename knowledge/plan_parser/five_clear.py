"""A "5 rõ" paragraph: one task whose five fields run on in one paragraph, each after its label ("HT-01. Rõ
việc: Nâng cấp đường truyền … Rõ người: CNTT (chủ trì), TCKT. Rõ thời gian: trước 15/12/2025. Rõ trách
nhiệm: Tổ trưởng Tổ CNTT. Rõ sản phẩm: …"), wrapped over lines as the paragraph runs. The work is the
"Rõ việc" field; "Rõ người" lists the units, the one marked "(chủ trì)" leading, the others working with it;
"Rõ trách nhiệm" names the person answerable (a post), "Rõ sản phẩm" what the task yields. (The "5 rõ" written
one field a line, under labels such as "Đơn vị chủ trì:", is `fielded`'s.)"""

from __future__ import annotations

import re
from datetime import date

from knowledge.deadline import compile_literal_first, parse_deadline, parse_deadline_cell
from knowledge.fold import fold_aligned
from knowledge.models import ParsedTask, with_answerable
from knowledge.plan_parser.leads import _lead_of, _named_units, _support_of
from knowledge.plan_parser.text import _W
from knowledge.units import match_unit_at_start

# "Rõ việc:", "Rõ người:", "Rõ thời gian:", "Rõ trách nhiệm:", "Rõ sản phẩm:" (or "Rõ kết quả:"), matched
# on folded text: a word of its own, closed by a colon ("giao rõ người, rõ việc" in a purpose is no label).
_LABEL_RE = compile_literal_first(
    rf"\br{_W}\s+(?P<field>vi{_W}c|ng{_W}{{1,2}}i|th{_W}{{1,3}}i\s+(?:gian|h{_W}n)"
    rf"|tr{_W}ch\s+nhi{_W}m|s{_W}n\s+ph{_W}{{1,2}}m|k{_W}t\s+qu{_W})\s*:\s*"
)
_FIELDS = {"v": "what", "n": "who", "th": "when", "tr": "answerable", "s": "result", "k": "result"}
# A coded paragraph's code ("HT-01.", "BA-05.", "NV-12:"): capitals, a dash, a number.
CODED_ITEM_RE = re.compile(r"^\s*(?P<code>[A-ZĐ]{1,4}-\d{1,3})\s*[.:)]\s+(?P<rest>\S.*)$")
# "(chủ trì)" after a name in "Rõ người".
_LEAD_MARK_RE = re.compile(rf"\(\s*ch{_W}{{1,2}}\s+tr{_W}\s*\)")


def is_clear_paragraph(text: str) -> bool:
    """The text holds a "Rõ việc:" label: a "5 rõ" paragraph, whose lines run on until a blank line or the
    next task (a line opening "thời gian: …" in it is a wrapped field, not a field line of the task)."""
    return any(_field(text[m.start() : m.end()]) == "what" for m in _LABEL_RE.finditer(fold_aligned(text)))


def opens_clear_field(text: str) -> bool:
    """The text opens with a "5 rõ" label other than "Rõ việc" ("Rõ người: …"): a field of the task above."""
    m = _LABEL_RE.match(fold_aligned(text))
    return bool(m) and _field(text[m.start() : m.end()]) != "what"


def _field(label: str) -> str:
    folded = fold_aligned(label).split()[1]
    return _FIELDS["th" if folded.startswith("th") else "tr" if folded.startswith("tr") else folded[0]]


def clear_fields(text: str) -> dict[str, str] | None:
    """{field: value} of a "5 rõ" paragraph, or None when `text` is not one (it needs its "Rõ việc" and at
    least one more of the five)."""
    folded = fold_aligned(text)
    labels = list(_LABEL_RE.finditer(folded))
    if len(labels) < 2:
        return None
    fields: dict[str, str] = {}
    for m, after in zip(labels, [*labels[1:], None], strict=True):
        value = text[m.end() : after.start() if after else len(text)].strip(" .;,")
        fields.setdefault(_field(text[m.start() : m.end()]), value)
    return fields if fields.get("what") else None


_SHORT_FORM_RE = re.compile(r"^[A-ZĐ][A-ZĐ0-9&-]{1,11}$")


def _whole_unit(piece: str) -> str | None:
    """The registry's name of `piece` when it names all of it, else None. A short form ("VP", "KHTH") is
    left as written: the plan's legend says which of its units it is (`short_forms`), not the registry."""
    if _SHORT_FORM_RE.match(piece):
        return None
    hit = match_unit_at_start(piece)
    return hit[0] if hit and hit[1] >= len(piece) - 1 else None


def _comma_names(text: str) -> list[str]:
    """The names of a list parted by commas, two pieces kept together where they are one name the registry
    knows ("Phòng Kinh tế, Hạ tầng và Đô thị"); each other piece the registry's name or the words."""
    pieces = [p.strip(" .;") for p in re.split(r"[,;]", text) if p.strip(" .;")]
    out: list[str] = []
    k = 0
    while k < len(pieces):
        joined = f"{pieces[k]}, {pieces[k + 1]}" if k + 1 < len(pieces) else None
        whole = _whole_unit(joined) if joined else None
        if whole:
            out.append(whole)
            k += 2
            continue
        out.append(_whole_unit(pieces[k]) or pieces[k])
        k += 1
    return out


# "Văn phòng HĐND và UBND xã (đ/c Đặng Thu Trang, công chức Văn phòng - Thống kê) chủ trì": the person in
# the bracket works for the unit before it; the unit leads, the person stays with the task's words.
_PERSON_BRACKET_RE = compile_literal_first(rf"\s*\(\s*(?:d\s*/\s*c|d{_W}ng\s+ch{_W})\b[^()]*\)")


def _without_people(who: str) -> tuple[str, list[str]]:
    """`who` without the bracketed people in it, and those people as written."""
    folded = fold_aligned(who)
    people, kept, at = [], [], 0
    for m in _PERSON_BRACKET_RE.finditer(folded):
        kept.append(who[at : m.start()])
        people.append(who[m.start() : m.end()].strip(" ()"))
        at = m.end()
    kept.append(who[at:])
    return "".join(kept), people


def clear_units(who: str) -> tuple[str | None, list[str]]:
    """(lead, partners) of a "Rõ người" field: "CNTT (chủ trì), TCKT" (the one marked leads, the others
    work with it); or in words ("Phòng Y tế chủ trì, Trạm Y tế phối hợp"), or a bare list (the first leads)."""
    marked = _LEAD_MARK_RE.search(fold_aligned(who))
    if not marked:
        lead = _lead_of(who, header=False)
        names = _named_units(who)
        lead = lead or (names[0] if names else None)
        return lead, [n for n in _support_of(who, lead) or names if n != lead]
    before = _comma_names(who[: marked.start()])
    after = _comma_names(who[marked.end() :])
    if not before:
        return None, after
    return before[-1], [n for n in dict.fromkeys([*before[:-1], *after]) if n != before[-1]]


def clear_task(
    text: str, code: str | None, section: str | None, issued_on: date | None, source: str
) -> ParsedTask | None:
    """The task of a "5 rõ" paragraph, or None when `text` is not one. The post answerable for it stays with
    the work, in brackets, as the plan names it."""
    fields = clear_fields(text)
    if not fields:
        return None
    who, people = _without_people(fields.get("who", ""))
    lead, partners = clear_units(who)
    answerable = " ".join(fields.get("answerable", "").split())
    content = " ".join(fields["what"].split()).rstrip(" .;")
    for person in people:  # "(đ/c Đặng Thu Trang, công chức Văn phòng)": who does it in the lead unit
        content += f" ({' '.join(person.split())})"
    # No "Rõ người": the unit the work names, else the person answerable for it, leads.
    lead = lead or _lead_of(content, header=False) or answerable or None
    if answerable and answerable != lead:
        content = with_answerable(content, answerable)
    when = fields.get("when")
    deadline = (
        parse_deadline_cell(when, issued_on=issued_on)
        if when
        else parse_deadline(content, issued_on=issued_on)
    )
    return ParsedTask(
        code=code,
        content=content + ".",
        lead=lead,
        support=partners,
        deadline=deadline,
        section=section,
        source=source,
        result=" ".join(fields["result"].split()) if fields.get("result") else None,
    )
