"""Units a plan names in full with a code in brackets the first time ("Phòng Cảnh sát quản lý hành chính về
trật tự xã hội (PC06) chủ trì …") and by the code alone after that ("PC06 chủ trì, phối hợp PX01 …"), as
police and military plans do: every mention, in full or by code, is one unit, named "full name (CODE)"."""

from __future__ import annotations

import re

from knowledge.deadline import compile_literal_first
from knowledge.fold import fold_aligned
from knowledge.models import ParsedTask
from knowledge.plan_parser.leads import _SUPPORT_CUE_RE, _UNIT_HEAD_RE
from knowledge.plan_parser.text import _W, _starts_upper, _words
from knowledge.units import match_unit_at_start

# "(PC06)", "(PA05)", "(PX01)": capitals then digits, a unit's code (an abbreviation of letters only, such as
# "(UBND)", is the registry's business).
_CODE_IN_BRACKETS_RE = re.compile(r"\((?P<code>[A-ZĐ]{1,5}\d{1,3})\)")
# Where a name may open before its code: the text's start, "phối hợp (với)", "giao", "và", ";", "(".
_NAME_OPENING_RE = re.compile(
    rf"(?:^|[;(]\s*|\bph{_W}{{1,2}}i\s+h{_W}p(?:\s+(?:v{_W}{{1,2}}i|c{_W}ng))?\s+|\bgiao\s+|\bva\s+|\.\s+)"
)
_MAX_NAME_WORDS = 16
# A role inside what stands before the code makes it a clause, not a name ("Phòng Tham mưu" is a name).
_CLAUSE_ROLE_RE = compile_literal_first(rf"\bch{_W}{{1,2}}\s+tr{_W}\b|\bph{_W}{{1,2}}i\s+h{_W}p\b")
# "Giao ", "Đề nghị ": words before the one in charge.
_GIVING_RE = re.compile(rf"^\W*(?:giao(?:\s+cho)?|d{_W}\s+ngh{_W})\s+")


def unit_code_names(texts: list[str]) -> dict[str, str]:
    """{code: "full name (CODE)"} for every unit the texts name in full before its code in brackets."""
    names: dict[str, str] = {}
    for text in texts:
        folded = None  # folded on the first code in brackets: most texts have none
        for m in _CODE_IN_BRACKETS_RE.finditer(text):
            code = m["code"]
            if code in names or match_unit_at_start(code):
                continue
            if folded is None:
                folded = fold_aligned(text)
            name = _name_before(text, folded, m.start())
            if name:
                names[code] = f"{name} ({code})"
    return names


def _name_before(text: str, folded: str, at: int) -> str | None:
    """The unit's name ending at `at` (before " (CODE)"): from the last place a name may open, the first
    capitalised word units open with ("Phòng", "Ban", "Công an" …); from an earlier place when none follows
    the last ("Phòng An ninh mạng và phòng, chống tội phạm …": "và" inside the name)."""
    openings = [0] + [m.end() for m in _NAME_OPENING_RE.finditer(folded, 0, at)]
    for begin in reversed(openings):
        for word in re.finditer(r"\S+", text[begin:at]):
            start = begin + word.start()
            if _starts_upper(word.group()) and _UNIT_HEAD_RE.match(_words(text[start : start + 30])):
                name = text[start:at].strip(" ,")
                words = name.split()
                if 1 < len(words) <= _MAX_NAME_WORDS and not _CLAUSE_ROLE_RE.search(fold_aligned(name)):
                    return name
                return None
    return None


def resolve_unit_codes(tasks: list[ParsedTask]) -> None:
    """Name each unit a task writes by its code (or in full before its code) as "full name (CODE)": as the
    lead when the task opens with it, as a partner when it follows "phối hợp"."""
    names = unit_code_names([t.content for t in tasks])
    if not names:
        return
    alternatives = "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
    code_re = re.compile(rf"(?<!\w)(?P<code>{alternatives})\b")
    for task in tasks:
        lead = _opening_unit(task.content, names, code_re)
        if lead:
            task.lead = lead
        partners = _partners(task.content, names, code_re)
        # A partner read before as a piece of the full name ("Phòng Hồ sơ nghiệp vụ" of "… (PV06)") is
        # the unit with the code.
        kept = [s for s in task.support if not any(full.startswith(s) for full in partners)]
        task.support = [s for s in kept + partners if s != task.lead]
        task.support = list(dict.fromkeys(task.support))


def _opening_unit(content: str, names: dict[str, str], code_re: re.Pattern) -> str | None:
    """The coded unit a task opens with ("PC06 chủ trì …", "Phòng … (PC06) chủ trì …", "Giao PA05 …")."""
    giving = _GIVING_RE.match(fold_aligned(content[:40]))
    head = content[giving.end() :] if giving else content
    m = code_re.match(head)
    if m:
        return names[m["code"]]
    for code, full in names.items():
        written = full[: -len(code) - 3]
        if head.startswith(written) and re.match(rf"\s*\({re.escape(code)}\)", head[len(written) :]):
            return full
    return None


def _partners(content: str, names: dict[str, str], code_re: re.Pattern) -> list[str]:
    """The coded units named after "phối hợp" in the clause it opens (up to ";", "." or a closing role)."""
    folded = fold_aligned(content)
    out: list[str] = []
    for cue in _SUPPORT_CUE_RE.finditer(folded):
        stop = re.compile(r"[;.:]\s").search(content, cue.end())
        clause = content[cue.end() : stop.start() if stop else len(content)]
        for m in code_re.finditer(clause):
            full = names[m["code"]]
            if full not in out:
                out.append(full)
    return out
