"""An assignment section that gives the plan's lettered points to its bodies by cross-reference, as legal texts
cite each other: "1. Phòng Tham mưu: … chủ trì thực hiện nội dung tại điểm c khoản 1; điểm a, d khoản 2 Mục
III; phối hợp thực hiện điểm c khoản 3 Mục III." The points themselves ("a) … Thời gian: …" under "2. …")
name no unit; the cited "điểm c khoản 1" is the point coded "1.c".

Each role word ("chủ trì", "phối hợp") opens a run that holds until the next one, and every point cited in
the run gets that role. Whose role it is: the words naming a body just before the role word in its clause
("Công an tỉnh phối hợp thực hiện điểm a khoản 2" in "Đề nghị các cơ quan phối hợp: …"), else the body the
paragraph is labelled with ("Phòng Tham mưu:"). A paragraph that cites points this way is no task itself."""

from __future__ import annotations

import re

from knowledge.fold import fold_aligned
from knowledge.models import ParsedTask
from knowledge.plan_parser.text import _W
from knowledge.units import match_unit_at_start

# "… khoản 2 Điều 5 Nghị định …" cites a law, not the plan.
_NOT_OF_A_LAW = rf"(?!\s+(?:di{_W}u|d)\s*\d)"
# "điểm a, d khoản 2", "điểm a và b khoản 5": the letters of the points of one numbered item.
_POINTS_RE = re.compile(
    rf"\bdi{_W}m\s+(?P<letters>[a-z](?:\s*(?:,|\bva\b)\s*[a-z]\b)*)\s+kho{_W}n\s+(?P<n>\d{{1,2}})\b{_NOT_OF_A_LAW}"
)
# "khoản 3 Mục III" without points: every point of item 3 (the section named, so no law's clause).
_ITEM_RE = re.compile(rf"\bkho{_W}n\s+(?P<n>\d{{1,2}})(?=\s+m{_W}c\s+[ivx]+\b)")
_ROLE_RE = re.compile(rf"\b(?P<lead>ch{_W}{{1,2}}\s+tr{_W})\b|\b(?P<partner>ph{_W}{{1,2}}i\s+h{_W}p)\b")
_LABEL_RE = re.compile(r"^(?P<body>(?:[^:;.()]|\([^()]*\)){3,160}?)\s*:\s*(?P<rest>\S.*)$", re.S)


def apply_cross_references(
    tasks: list[ParsedTask], org_tasks: list[ParsedTask]
) -> tuple[list[ParsedTask], list[ParsedTask]]:
    """Give the points cited in assignment paragraphs their lead and partners; return the tasks and the
    organisation items without the paragraphs that cited any point."""
    by_code = {_code_key(t.code): t for t in tasks if t.code}
    used: set[int] = set()
    for paragraph in [*tasks, *org_tasks]:
        folded = fold_aligned(paragraph.content)
        if id(paragraph) in used or not (_POINTS_RE.search(folded) or _ITEM_RE.search(folded)):
            continue
        roles = _cited_roles(paragraph.content)
        hits = [(by_code.get(key), body, role) for key, body, role in roles]
        hits = [(t, body, role) for t, body, role in hits if t is not None and t is not paragraph]
        if not hits:
            continue
        used.add(id(paragraph))
        for task, body, role in hits:
            if role == "lead" and not task.lead:
                task.lead = body
            elif role == "lead" and task.lead != body and body not in task.support:
                task.support.append(body)  # a second body "chủ trì" of one point works on it too
            elif role == "partner" and body != task.lead and body not in task.support:
                task.support.append(body)
    if not used:
        return tasks, org_tasks
    return [t for t in tasks if id(t) not in used], [t for t in org_tasks if id(t) not in used]


def _code_key(code: str | None) -> str:
    """ "1.c", "III.1.c", "1c" → "1.c": the item's number and the point's letter."""
    m = re.search(r"(\d{1,2})\W*([a-z])\W*$", fold_aligned(code or ""))
    return f"{m[1]}.{m[2]}" if m else ""


def _cited_roles(text: str) -> list[tuple[str, str, str]]:
    """(point key "1.c", body, "lead"/"partner") for every point the paragraph cites after a role word."""
    label = _LABEL_RE.match(text)
    own = _body_name(label["body"]) if label and not _ROLE_RE.search(fold_aligned(label["body"])) else None
    start = label.start("rest") if label else 0
    folded = fold_aligned(text)
    cues = [m for m in _ROLE_RE.finditer(folded, start)]
    out: list[tuple[str, str, str]] = []
    for k, cue in enumerate(cues):
        run_end = cues[k + 1].start() if k + 1 < len(cues) else len(text)
        clause_start = max(
            text.rfind(";", start, cue.start()), text.rfind(":", start, cue.start()), start - 1
        )
        subject = text[clause_start + 1 : cue.start()].strip(" ,")
        body = _body_name(subject) if subject[:1].isupper() else own
        if not body:
            continue
        role = "lead" if cue["lead"] else "partner"
        for key in _cited_points(folded[cue.end() : run_end]):
            out.append((key, body, role))
    return out


def _cited_points(folded: str) -> list[str]:
    keys: list[str] = []
    spans = []
    for m in _POINTS_RE.finditer(folded):
        spans.append(m.span())
        keys += [f"{m['n']}.{letter}" for letter in re.findall(r"\b[a-z]\b", m["letters"].replace("va", " "))]
    for m in _ITEM_RE.finditer(folded):
        if not any(a <= m.start() < b for a, b in spans):
            keys += [f"{m['n']}.{letter}" for letter in "abcdefghiklmn"]
    return keys


def _body_name(words: str) -> str | None:
    """The registered name of the body the words name, else the words without a trailing aside."""
    name = re.sub(r"\s*\([^)]*\)\s*$", "", words).strip(" ,")
    if not name[:1].isupper() or len(name.split()) > 14:
        return None
    hit = match_unit_at_start(name)
    return hit[0] if hit and hit[1] >= len(name) - 1 else name
