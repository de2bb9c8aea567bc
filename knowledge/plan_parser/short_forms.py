"""A plan's legend of short forms ("Chữ viết tắt dùng trong Kế hoạch: BGĐ - Ban Giám đốc; KHTH - Phòng Kế hoạch
tổng hợp; CNTT - Tổ Công nghệ thông tin; …"): a hospital, a school or a department names its own rooms and
teams by letters the registry cannot know, so a task led by "KHTH" is led by the unit the legend spells out.
(A responsibility matrix's legend, under its table, is `matrix`'s.)"""

from __future__ import annotations

import re

from knowledge.fold import fold_aligned, fold_words
from knowledge.models import ParsedTask, ReportingDuty
from knowledge.plan_parser.text import _join
from knowledge.units import match_unit_at_start

# The legend's label: "Chữ viết tắt:", "Các từ viết tắt trong Kế hoạch:", "Ghi chú viết tắt:".
_LABEL_RE = re.compile(r"\bviet tat\b[^:]{0,40}:")
# "KHTH - Phòng Kế hoạch tổng hợp", "XN-CĐHA – Khoa Xét nghiệm - Chẩn đoán hình ảnh", "ĐD: Phòng Điều dưỡng".
_ENTRY_RE = re.compile(
    r"^\s*(?P<short>[A-ZĐ][A-ZĐ0-9&.]*(?:-[A-ZĐ0-9&]+)*)\s*(?:[:=]|\s[-–]\s)\s*(?P<full>\S.*?)\s*[.;,]?$"
)
# "Phòng Kế hoạch tổng hợp (KHTH)": the full name, then its short form in brackets.
_BRACKETED_RE = re.compile(r"^\s*(?P<full>[^()]+?)\s*\(\s*(?P<short>[A-ZĐ][A-ZĐ0-9&-]+)\s*\)\s*[.;,]?$")
_MAX_LINES = 12  # lines a legend may run on over


def short_forms(lines: list[str], folded_lines: list[str] | None = None) -> dict[str, str]:
    """{short form: full name} of the legend the lines hold ({} without one). The legend runs from its label
    to a blank line, its entries parted by ";". `folded_lines`: `fold_aligned` of each line, when the caller
    has them."""
    if folded_lines is None:
        folded_lines = [fold_aligned(line) for line in lines]
    if "viet tat" not in "\n".join(folded_lines):  # the label's words: most plans have no legend
        return {}
    for k, line in enumerate(lines):
        label = _LABEL_RE.search(folded_lines[k])
        if not label:
            continue
        text = line[label.end() :].strip()
        for more in lines[k + 1 : k + 1 + _MAX_LINES]:
            if not more.strip():
                break
            text = _join(text, more.strip()) if text else more.strip()
        forms = {}
        for piece in text.split(";"):
            m = _ENTRY_RE.match(piece) or _BRACKETED_RE.match(piece)
            if m and m["short"] != m["full"] and len(m["full"].split()) >= 2:
                forms[m["short"]] = " ".join(m["full"].split())
        if forms:
            return forms
    return {}


def _spelled_out(name: str | None, forms: dict[str, str]) -> str | None:
    """The full name of a unit written by its short form ("KHTH"), or by its head and short form ("Phòng
    KHTH" for "Phòng Kế hoạch tổng hợp"); any other name as it was."""
    if not name:
        return name
    full = forms.get(name)
    head, _, short = name.rpartition(" ")
    if not full and head and fold_words(forms.get(short, "")).startswith(fold_words(head) + " "):
        full = forms[short]
    if not full:
        return name
    hit = match_unit_at_start(full)  # the registry's writing of it, when it names all of it
    return hit[0] if hit and hit[1] >= len(full) - 1 else full


def spell_out_units(tasks: list[ParsedTask], duties: list[ReportingDuty], forms: dict[str, str]) -> None:
    """Leads, partners, reporters and recipients written by a short form the legend spells out, in full.
    Only the forms of names (capitalised: "Phòng …", "Tổ …") name units; "HIS - phần mềm …" names none."""
    forms = {short: full for short, full in forms.items() if full[:1].isupper()}
    if not forms:
        return
    for task in tasks:
        task.lead = _spelled_out(task.lead, forms)
        task.support = list(dict.fromkeys(_spelled_out(s, forms) or s for s in task.support))
    shorts = "|".join(map(re.escape, sorted(forms, key=len, reverse=True)))
    # "báo cáo … về Phòng KHTH", "gửi về VP": the report goes to the unit of that short form (which the
    # registry may read as another unit: "VP" is a department's office there).
    to_short = re.compile(rf"\b(?:về|gửi|cho)\s+(?P<name>(?:[A-ZĐ]\w*\s+)?(?:{shorts}))(?![\w-])")
    # "Phòng KHTH tổng hợp, báo cáo …": a sentence opening with a unit by its short form, the one reporting.
    by_short = re.compile(rf"^\W*(?P<name>(?:[A-ZĐ]\w*\s+)?(?:{shorts}))(?![\w-])")
    for duty in duties:
        duty.reporter = _found_or(by_short.match(duty.text), duty.reporter, forms)
        duty.recipient = _found_or(to_short.search(duty.text), duty.recipient, forms)


def _found_or(found: re.Match | None, name: str | None, forms: dict[str, str]) -> str | None:
    """The unit a short form found in a duty's text spells out, else the name read before, spelled out."""
    spelled = _spelled_out(found["name"], forms) if found else None
    return spelled if spelled and spelled != found["name"] else _spelled_out(name, forms)
