"""A closing assignment section ("IV. PHÂN CÔNG NHIỆM VỤ") that gives the plan's earlier tasks to its bodies,
one paragraph per body: "1. Ban Tuyên giáo: chủ trì việc quán triệt ...; chủ trì tổ chức hội thi ..., phối
hợp với Tỉnh Đoàn". The tasks themselves (bullets naming no unit) sit in the task sections above.

Such a paragraph is no task: each of its clauses paraphrases one or more earlier tasks, whose lead (for "chủ
trì") and partners ("phối hợp với ...") it names. A clause is matched to the tasks it paraphrases by the words
they share (pairs of syllables, Vietnamese words being mostly two syllables, count more than single ones; a
syllable most tasks hold counts for nothing)."""

from __future__ import annotations

import math
import re
from collections import Counter

from knowledge.fold import fold_aligned
from knowledge.models import ParsedTask
from knowledge.plan_parser.leads import _listed_units
from knowledge.plan_parser.members import person_lead
from knowledge.plan_parser.text import _W, _words
from knowledge.units import match_unit_at_start

# "phân công", "giao nhiệm vụ", "trách nhiệm của các cơ quan": headings of a section handing out the work.
_ASSIGNING_HEADING_RE = re.compile(
    rf"\bph{_W}n\s+c{_W}ng\b|\bgiao\s+nhi{_W}m\s+v{_W}\b|\btr{_W}ch\s+nhi{_W}m\b|\bt{_W}\s+ch{_W}c\s+th{_W}c\s+hi{_W}n\b"
)
# "Ban Tuyên giáo: chủ trì ...", "Các cơ sở Hội (Hội Nông dân các xã): chủ trì ...": a body, a colon, a role.
# The body may carry its head in parentheses ("Tổ công nghệ số (tổ trưởng: đ/c …): phụ trách …").
_BODY_LABEL_RE = re.compile(r"^(?P<body>(?:[^:;.()]|\([^()]*\)){3,120}?)\s*:\s*(?P<rest>\S.*)$", re.S)
_ROLE_RE = re.compile(rf"\bch{_W}{{1,2}}\s+tr{_W}\b")
# "Đ/c X, post: phụ trách A; B; trực tiếp chỉ đạo C": a person's remit, every clause after it is his or hers.
_REMIT_RE = re.compile(rf"\bph{_W}\s+tr{_W}ch\b|\bch{_W}\s+d{_W}o\b")
_PARTNERS_CUE_RE = re.compile(rf",?\s*(?:ph{_W}{{1,2}}i\s+h{_W}p)\b")
# Words of the genre that say nothing of what a task is about.
_STOP = frozenset(
    re.findall(
        r"\w+",
        "chu tri phoi hop voi cac cua va trong tren cho de theo tai ve viec cong tac nhung mot hoan thanh truoc"
        " thuc hien thuong xuyen nam thang quy ke hoach noi dung to chuc trien khai xay dung",
    )
)
_MIN_SCORE = 1.0  # one uncommon shared syllable


def _listed(task: ParsedTask, tasks: list[ParsedTask]) -> bool:
    """`task in tasks` (the same task, or one equal to it), comparing whole tasks only with those of the
    same text: `in` compared every field of every task with each organisation item (~1% of parsing)."""
    return any(t is task or t == task for t in tasks if t.content == task.content)


def apply_assignments(tasks: list[ParsedTask], org_tasks: list[ParsedTask]) -> list[ParsedTask]:
    """Give the earlier tasks without a lead the bodies an assignment section names for them; drop the
    assignment paragraphs that matched from the tasks. Returns the tasks to keep."""
    paragraphs = [t for t in tasks if _in_assigning_section(t) and _body_clauses(t.content)]
    paragraphs += [t for t in org_tasks if not _listed(t, tasks) and _body_clauses(t.content)]
    if not paragraphs:
        return tasks
    assigning = {id(t) for t in paragraphs}
    work = [t for t in tasks if id(t) not in assigning]
    open_tasks = [t for t in work if not t.lead]
    if not open_tasks:
        return tasks
    clauses = [(id(p), c) for p in paragraphs for c in _body_clauses(p.content)]
    weights = _syllable_weights([t.content for t in work])
    task_grams = [_grams(task.content) for task in open_tasks]  # once a task, not once per clause
    scores = [
        (_overlap(grams, clause["grams"], weights), k, c)
        for k, grams in enumerate(task_grams)
        for c, (_owner, clause) in enumerate(clauses)
    ]
    scores = [s for s in scores if s[0] >= _MIN_SCORE]
    # Each clause names at least one task: first pair the closest task and clause one to one (best pairs
    # first), then a task left over goes with the clause closest to it ("chủ trì chuyển đổi số trong công
    # tác văn phòng, văn thư, hội họp" covers two tasks).
    chosen: dict[int, int] = {}
    taken: set[int] = set()
    for _score, k, c in sorted(scores, key=lambda s: -s[0]):
        if k not in chosen and c not in taken:
            chosen[k] = c
            taken.add(c)
    paired = dict(chosen)
    for _score, k, c in sorted(scores, key=lambda s: -s[0]):
        chosen.setdefault(k, c)
    used: set[int] = set()
    for k, c in chosen.items():
        task, (owner, clause) = open_tasks[k], clauses[c]
        used.add(owner)
        task.lead = clause["body"]
        if k not in paired:
            continue  # the body is sure (its clauses are all about this kind of work), its partners less so
        for name in clause["partners"]:
            if name != task.lead and name not in task.support:
                task.support.append(name)
    if not used:
        return tasks
    # The section hands out the work: its other "Body: …" paragraphs ("Văn phòng: theo dõi, tổng hợp, báo
    # cáo Ban Thường vụ") are standing duties, not tasks either.
    sections = {t.section for t in tasks if id(t) in used}
    return [t for t in tasks if id(t) not in used and not (t.section in sections and _is_body_paragraph(t))]


def _is_body_paragraph(task: ParsedTask) -> bool:
    m = _BODY_LABEL_RE.match(task.content)
    return bool(m) and m["body"][:1].isupper() and m["rest"][:1].islower() and len(m["body"].split()) <= 12


def _in_assigning_section(task: ParsedTask) -> bool:
    return bool(task.section) and bool(_ASSIGNING_HEADING_RE.search(_words(task.section or "")))


def _body_clauses(text: str) -> list[dict]:
    """The clauses of an assignment paragraph ("Body: chủ trì A, phối hợp với X; chủ trì B"), each with
    the body (registered name, else as written), the partners and the syllable grams of its work; [] when
    the paragraph has not that shape."""
    m = _BODY_LABEL_RE.match(text)
    if not m:
        return []
    body_text = re.sub(r"\s*\([^)]*\)\s*$", "", m["body"]).strip()
    if not body_text[:1].isupper() or len(body_text.split()) > 12:
        return []
    rest = m["rest"]
    remit = bool(_REMIT_RE.match(fold_aligned(rest)))
    if not (remit or _ROLE_RE.match(fold_aligned(rest))):
        return []  # "Ban Tuyên giáo: chủ trì ...": the body's first word of work is its role
    hit = match_unit_at_start(body_text)
    body = person_lead(body_text) or (hit[0] if hit and hit[1] >= len(body_text) - 1 else body_text)
    clauses = []
    for piece in re.split(r";", rest):
        folded = fold_aligned(piece)
        role = (_ROLE_RE if not remit else _REMIT_RE).search(folded)
        if not role and remit:
            role = re.match(r"\W*", folded)  # a remit's later clauses name their work without a role
        if not role:
            continue  # "theo dõi, tổng hợp kết quả, báo cáo Ban Thường vụ": no task of the plan
        cue = _PARTNERS_CUE_RE.search(folded, role.end())
        about = piece[role.end() : cue.start() if cue else len(piece)]
        partners: list[str] = []
        if cue:
            after = piece[cue.end() :]
            after = re.sub(r"^\s*(?:với|cùng)\b", "", after)
            partners = [n for n, _s, _e in _listed_units(after.strip(" ,.")) if len(n.split()) <= 10]
        clauses.append({"body": body, "partners": partners, "grams": _grams(about)})
    return [c for c in clauses if c["grams"]]


def _grams(text: str) -> set[str]:
    syllables = [w for w in _words(text).split() if len(w) > 1]
    singles = {w for w in syllables if w not in _STOP}
    pairs = {
        f"{a} {b}" for a, b in zip(syllables, syllables[1:], strict=False) if a not in _STOP or b not in _STOP
    }
    return singles | pairs


def _syllable_weights(texts: list[str]) -> dict[str, float]:
    """Each gram's weight: rarer among the plan's tasks weighs more; a pair counts double."""
    return _gram_weights([_grams(text) for text in texts])


def _gram_weights(grams: list[set[str]]) -> dict[str, float]:
    """`_syllable_weights` of texts whose `_grams` the caller has already (each text's, in order)."""
    counts = Counter(g for text_grams in grams for g in text_grams)
    n = max(len(grams), 1)
    return {g: (2.0 if " " in g else 1.0) * math.log((n + 1) / (c + 0.5)) for g, c in counts.items()}


def _overlap(task: set[str], clause: set[str], weights: dict[str, float]) -> float:
    return sum(weights.get(g, 1.0) for g in task & clause)
