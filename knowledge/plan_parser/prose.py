"""A Party resolution's prose paragraph of several tasks: sentences that each say what to do and by when,
then a sentence that gives the work out ("Giao Ban Xây dựng Đảng chủ trì việc quán triệt …; Ủy ban MTTQ xã
chủ trì phong trào …, phối hợp với Đoàn Thanh niên xã."). Each work sentence is a task; its lead and partners
are those of the clause of the giving sentence that speaks of the same work (the clause sharing most word
pairs with it), else the first clause's."""

from __future__ import annotations

import re
from datetime import date

from knowledge.deadline import parse_deadline
from knowledge.fold import fold_aligned
from knowledge.models import NONE, Deadline, ParsedTask
from knowledge.plan_parser.leads import _lead_of, _support_of
from knowledge.plan_parser.text import _UPPER, _W, _task_content, _words

# A sentence ends at ".", "!" or "?" followed by a capital (not inside "57-NQ/TW" or "30.11.2025").
_SENTENCE_SPLIT_RE = re.compile(rf"(?<=[.!?])\s+(?=[\"“]?{_UPPER})")
_GIVING_RE = re.compile(r"^giao\s+")
_ROLE_RE = re.compile(rf"\bch{_W}{{1,2}}\s+tr{_W}\b")
_MIN_TIMED_SENTENCES = 2
# Words every sentence of the genre uses: a word pair holding one says nothing about which work it is.
_COMMON_WORDS = frozenset(
    [
        "viec",
        "va",
        "cua",
        "cac",
        "cho",
        "voi",
        "tai",
        "trong",
        "thuc",
        "hien",
        "hoan",
        "thanh",
        "to",
        "chuc",
        "nghi",
        "quyet",
        "xa",
        "phuong",
        "nam",
        "la",
        "co",
        "ve",
        "den",
        "tu",
        "theo",
        "tren",
        "duoc",
        "mot",
        "nhung",
        "dong",
        "chi",
        "phoi",
        "hop",
        "chu",
        "tri",
        "giao",
        "chi",
        "dao",
    ]
)


def prose_tasks(
    text: str, code: str | None, section: str | None, issued_on: date | None, source: str
) -> list[ParsedTask] | None:
    """The tasks of a paragraph of timed work sentences closed by a "Giao … chủ trì" sentence, or None when
    the paragraph is not of that shape (it is then one task, read as before)."""
    sentences = [s.strip() for s in _SENTENCE_SPLIT_RE.split(" ".join(text.split())) if s.strip()]
    giving = [s for s in sentences if _GIVING_RE.match(fold_aligned(s)) and _ROLE_RE.search(fold_aligned(s))]
    if not giving or sentences[-1] not in giving:
        return None
    work = [s for s in sentences if s not in giving]
    deadlines = [parse_deadline(s, issued_on=issued_on) for s in work]
    if len(work) < 2 or sum(d.kind != NONE for d in deadlines) < _MIN_TIMED_SENTENCES:
        return None
    clauses = [c.strip() for g in giving for c in re.split(r";\s*", g[len("Giao ") :]) if c.strip()]
    assigned = [(c, _lead_of(c, header=False)) for c in clauses]
    assigned = [(c, lead) for c, lead in assigned if lead]
    if not assigned:
        return None
    tasks: list[ParsedTask] = []
    for sentence, deadline in zip(work, deadlines, strict=True):
        content = _task_content(sentence)
        if content is None:
            continue
        clause, lead = _clause_for(sentence, assigned)
        support = [s for s in _support_of(clause, lead) if s != lead]
        support += [s for s in _support_of(sentence, lead) if s != lead and s not in support]
        tasks.append(
            ParsedTask(
                code=code,
                content=content,
                lead=lead,
                support=support,
                deadline=deadline if deadline.kind != NONE else Deadline(),
                section=section,
                source=source,
            )
        )
    return tasks or None


def _pairs(text: str) -> set[tuple[str, str]]:
    words = _words(text).split()
    return {
        (a, b)
        for a, b in zip(words, words[1:], strict=False)
        if a not in _COMMON_WORDS and b not in _COMMON_WORDS
    }


def _clause_for(sentence: str, assigned: list[tuple[str, str]]) -> tuple[str, str]:
    """The clause of the giving sentence that speaks of the sentence's work: most shared word pairs, the
    first clause when none shares any."""
    mine = _pairs(sentence)
    best, best_score = assigned[0], 0
    for clause, lead in assigned:
        score = len(mine & _pairs(clause))
        if score > best_score:
            best, best_score = (clause, lead), score
    return best
