"""Reporting duties: who reports to whom and when ("báo cáo ... trước ngày 18 hằng tháng", "hằng quý",
"6 tháng và năm", "hằng tuần vào thứ Sáu")."""

from __future__ import annotations

import re
from collections.abc import Iterator

from knowledge.deadline import NGAY, compile_literal_first
from knowledge.fold import fold_aligned
from knowledge.models import ReportingDuty
from knowledge.plan_parser.leads import _POST_HEAD_RE
from knowledge.plan_parser.sections import _heading_kind
from knowledge.plan_parser.text import _BULLET_RE, _ITEM_RE, _W, _words
from knowledge.units import find_units

_REPORT_QUICK_RE = re.compile(r"[bB]\S{1,3}\s+[cC]")
_REPORT_RE = compile_literal_first(rf"\bb{_W}{{1,2}}o\s+c{_W}{{0,3}}[o0]\b")
_DUTY_MONTHLY_DAY_RE = compile_literal_first(
    rf"{NGAY}\s*(?P<d>\d{{1,2}})\s*(?:{_W}{{1,4}}\s+)?h{_W}{{1,2}}ng\s+th{_W}{{1,3}}ng\b"
)
_DUTY_YEARLY_RE = compile_literal_first(
    rf"(?:h{_W}{{1,2}}ng\s+n{_W}{{1,3}}m\W+(?:\w+\W+){{0,2}}?(?:tr{_W}{{1,3}}[ce]\s+)?{NGAY}\s*(?P<d1>\d{{1,2}})\s*/\s*(?P<m1>\d{{1,2}})\b(?!\s*/)"
    rf"|{NGAY}\s*(?P<d2>\d{{1,2}})\s*/\s*(?P<m2>\d{{1,2}})\s*(?!/)\W*h{_W}{{1,2}}ng\s+n{_W}{{1,3}}m)"
)
_DUTY_PERIODS_RE = re.compile(rf"(?P<p>(?:\b\d{{1,2}}\s+(?:th{_W}{{1,3}}ng|n{_W}{{1,3}}m)\b\s*,?\s*){{2,}})")
_PERIOD_RE = re.compile(rf"\d{{1,2}}\s+(?:th{_W}{{1,3}}ng|n{_W}{{1,3}}m)")
# "hằng tháng", "hằng quý"; or the report named by its period ("báo cáo quý gửi trước ngày 15 ...").
_DUTY_FREQ_RE = compile_literal_first(
    rf"\bh{_W}{{1,2}}ng\s+(?P<f>th{_W}{{1,3}}ng|q[uw][yi]|n{_W}{{1,3}}m|tu{_W}{{1,2}}n)\b"
    rf"|\bb{_W}{{1,2}}o\s+c{_W}{{0,3}}[o0]\s+(?P<f2>th{_W}ng|q[uw][yi])\b(?!\s*[IVX\d])"
    # "báo cáo tiến độ về Văn phòng theo quý, trước ngày 16 của tháng cuối quý"
    rf"|\btheo\s+(?P<f3>th{_W}ng|q[uw][yi]|tu{_W}{{1,2}}n)\b(?!\s*[IVX\d])(?!\s+(?:d{_W}nh|ch{_W}|tr{_W}nh|m{_W})\b)"
    # "trước ngày 25 của tháng cuối quý", "ngày 05 tháng đầu quý sau": a day of every quarter
    rf"|\bng{_W}y\s+\d{{1,2}}\s+(?:c{_W}a\s+)?th{_W}ng\s+(?:cu{_W}i|d{_W}u)\s+(?P<f4>q[uw][yi])\b"
)
_WEEKDAY_RE = compile_literal_first(
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


_NEXT_QUARTER_RE = compile_literal_first(rf"\bd{_W}{{1,2}}u\s+(?:c{_W}{{1,2}}\s+)?q[uw][yi]\s+sau\b")
_DUTY_DAY_RE = compile_literal_first(rf"{NGAY}\s*(?P<d>\d{{1,2}})\b(?!\s*[/.\-]\s*\d)")
_DUTY_DAY_MONTH_RE = re.compile(r"(?<![\d/])(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\b(?!\s*/\s*\d)")
# "báo cáo năm gửi trước ngày 05/12/2025", "báo cáo tổng kết năm trước ngày 10/12": the year's report, due
# on that day (and month) each year.
_DUTY_YEAR_REPORT_RE = compile_literal_first(
    rf"\bb{_W}{{1,2}}o\s+c{_W}{{0,3}}[o0]\s+(?:t{_W}ng\s+k{_W}t\s+)?n{_W}{{1,3}}m\b(?!\s*(?:19|20)\d\d)"
    rf"[^.;]{{0,40}}?{NGAY}\s*(?P<d>\d{{1,2}})\s*/\s*(?P<m>\d{{1,2}})\b"
)
# "Chế độ báo cáo:" labels the paragraph; the reporting verb comes after it.
_REPORT_LABEL_RE = compile_literal_first(
    rf"\bch{_W}\s+d{_W}\s+b{_W}{{1,2}}o\s+c{_W}{{0,3}}[o0]\s*:?|\bb{_W}{{1,2}}o\s+c{_W}{{0,3}}[o0]\s*:"
)
# Whitespace after "." or ";" before the next word: the whitespace first (the engine finds it in C), the
# punctuation checked behind it.
_SENTENCE_BREAK_RE = re.compile(r"\s(?<=[.;]\s)\s*(?=\S)")


def _table_row(line: str) -> bool:
    """A line of a "|" or tab table: a tab, or two "|" (a line holds no line break)."""
    return "\t" in line or line.count("|") >= 2


_DUTY_HALF_YEAR_RE = re.compile(rf"\b6\s+th{_W}{{1,3}}ng\b")
_DUTY_YEAR_WORD_RE = compile_literal_first(
    rf"h{_W}{{1,2}}ng\s+n{_W}{{1,3}}m\b|\b6\s+th{_W}{{1,3}}ng\b.{{0,40}}\bn{_W}{{1,3}}m\b"
)


# "kết quả học kỳ I trước ngày 10/01/2026, kết quả cả năm học trước ngày 25/5/2026", "báo cáo kết quả năm 2025
# gửi trước ngày 08/12/2025": a report named by what it covers, due on a full date.
_DATED_REPORT_RE = compile_literal_first(
    rf"(?P<what>[^,;.()]{{0,60}}?)\s*(?:g{_W}{{1,2}}i\s+)?(?:tr{_W}{{1,3}}[ce]|ch{_W}m\s+nh{_W}t)\s+{NGAY}\s*"
    r"(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*/\s*(?:19|20)\d\d\b"
)
# What every match of _DATED_REPORT_RE ends with: the cue and the full date. The pattern opens with up to
# 60 characters of any words, so the engine tries those lengths at every position of a sentence (about a
# tenth of ingest's parsing, on sentences holding "báo cáo"); this one opens with literal letters.
_DATED_REPORT_TAIL_RE = compile_literal_first(
    rf"(?:tr{_W}{{1,3}}[ce]|ch{_W}m\s+nh{_W}t)\s+{NGAY}\s*"
    r"\d{1,2}\s*/\s*\d{1,2}\s*/\s*(?:19|20)\d\d\b"
)
_CLAUSE_PUNCTUATION = ",;.()"  # what the opening words of _DATED_REPORT_RE never hold


def _dated_report_matches(folded: str) -> Iterator[re.Match]:
    """The matches of `_DATED_REPORT_RE.finditer(folded)`, each searched from the start of the clause
    holding the next cue and full date (`_DATED_REPORT_TAIL_RE`), not tried at every position before it.

    The same matches: every match ends with a match of the tail at or after the first one found, and what
    comes before its tail holds no clause punctuation, so no match starts before that clause."""
    at = 0
    while True:
        tail = _DATED_REPORT_TAIL_RE.search(folded, at)
        if tail is None:
            return
        clause = max(folded.rfind(ch, at, tail.start()) for ch in _CLAUSE_PUNCTUATION) + 1
        m = _DATED_REPORT_RE.search(folded, max(at, clause))
        if m is None:
            return
        yield m
        at = m.end()


_YEAR_COVERED_RE = compile_literal_first(rf"\bn{_W}{{1,3}}m\b")
# The period a report covers: "năm", "học kỳ I", "quý III", "6 tháng", "đợt 1".
_PERIOD_COVERED_RE = compile_literal_first(
    rf"\bn{_W}{{1,3}}m\b|\bh{_W}c\s+k{_W}\b|\bq[uw][yi]\b|\b\d{{1,2}}\s+th{_W}{{1,3}}ng\b|\bd{_W}t\b"
)


_AND_RE = re.compile(r"\bva\b")


def _bracketed_after(before: str) -> str:
    """The period a bracketed date belongs to, from the words before the bracket ("định kỳ 6 tháng (trước ngày
    03/6/2026) và năm (trước ngày 17/11/2026)": "6 tháng", then "năm"), or "" when the date is not bracketed."""
    before = before.rstrip()
    if not before.endswith("("):
        return ""
    before = before[:-1]
    start = max(before.rfind(ch) for ch in ",;.)") + 1
    return _AND_RE.split(before[start:])[-1]


def _dated_reports(sent: str, folded: str) -> list[ReportingDuty]:
    """The reports a sentence dates one by one ("kết quả học kỳ I trước ngày 10/01/2026, kết quả cả năm học
    trước ngày 25/5/2026"): the year's report ("cả năm học", "năm 2025") falls on that day each year; any
    other (a term's, a stage's) is due once, on that day and month. A report naming no period it covers
    ("báo cáo kết quả về UBND xã trước ngày 30/11/2026") is a one-off, no duty."""
    out = []
    for m in _dated_report_matches(folded):
        day, month = int(m["d"]), int(m["m"])
        if not (1 <= month <= 12 and 1 <= day <= 31):
            continue
        what = m["what"] if m["what"].strip() else _bracketed_after(folded[: m.start()])
        if not _PERIOD_COVERED_RE.search(what):
            continue  # "báo cáo kết quả về UBND xã trước ngày 30/11/2026": a one-off report, no duty
        yearly = bool(_YEAR_COVERED_RE.search(what))
        out.append(ReportingDuty(text=sent, frequency="yearly" if yearly else "other", day=day, month=month))
    return out


_TO_RE = re.compile(r"\bve\s+")
_RECIPIENT_END_RE = compile_literal_first(
    rf"\s+(?:tr{_W}{{1,3}}[ce]|v{_W}o|d{_W}nh\s+k{_W}|h{_W}{{1,2}}ng|qua|d{_W})\b|[,;.()]"
)


def _post_recipient(sent: str, folded: str, report_at: int) -> str | None:
    """The post a report goes to when no unit is named ("báo cáo kết quả về Đ/c Phó Hiệu trưởng trước ngày
    25 hằng tháng"): the words after "về", when they open with a post."""
    to = _TO_RE.search(folded, report_at)
    if not to:
        return None
    end = _RECIPIENT_END_RE.search(folded, to.end())
    words = sent[to.end() : end.start() if end else len(sent)].strip()
    if not words or len(words.split()) > 6 or not _POST_HEAD_RE.match(_words(words)):
        return None
    return words


def _duties(lines: list[str], folded_lines: list[str], body_start: int) -> list[ReportingDuty]:
    # Blocks of text between blank lines, bullets, numbered items and headings; then their sentences.
    blocks: list[str] = []
    current: list[str] = []
    for i in range(body_start, len(lines)):
        line = lines[i]
        # A row of a table is a task (its "Hằng tháng" cell, its "Báo cáo" product), never a duty sentence.
        if not line.strip() or _table_row(line) or _heading_kind(line, folded_lines[i]) is not None:
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
    # A block without the quick test's letters holds no sentence that passes it below: not split (a pass of
    # the sentence pattern stops at every space of the plan). Block numbers are kept, so a sentence's
    # neighbour in its own block is still the one before it.
    sentences = [
        (b, s)
        for b, block in enumerate(blocks)
        if _REPORT_QUICK_RE.search(block)
        for s in _SENTENCE_BREAK_RE.split(block)
    ]
    duties: list[ReportingDuty] = []
    block_of_last = None
    for k, (block, sentence) in enumerate(sentences):
        if not _REPORT_QUICK_RE.search(sentence):
            continue  # cheap test before folding: "báo cáo" always starts with b and holds a c
        sent = " ".join(sentence.split())  # single-spaced: str.split's whitespace is the regex's \s
        f = fold_aligned(sent)
        if not _REPORT_RE.search(f):
            continue
        found: list[ReportingDuty] = []
        for m in _DUTY_MONTHLY_DAY_RE.finditer(f):
            found.append(ReportingDuty(text=sent, frequency="monthly", day=int(m["d"])))
        for m in _DUTY_YEARLY_RE.finditer(f):
            d, mo = (m["d1"], m["m1"]) if m["d1"] else (m["d2"], m["m2"])
            found.append(ReportingDuty(text=sent, frequency="yearly", day=int(d), month=int(mo)))
        if found and _DUTY_HALF_YEAR_RE.search(f):
            # "định kỳ 6 tháng (trước ngày 10/6) và hằng năm (trước ngày 10/12)": the half-year's day too.
            found = []
        if not found and _DUTY_YEAR_WORD_RE.search(f):
            # "trước ngày 20/6 và 20/12 hằng năm", "6 tháng (trước ngày 15/6) và năm (trước ngày 15/12)":
            # each day/month without a year is a yearly occurrence.
            for m in _DUTY_DAY_MONTH_RE.finditer(f):
                day, month = int(m["d"]), int(m["m"])
                if 1 <= month <= 12 and 1 <= day <= 31:
                    found.append(ReportingDuty(text=sent, frequency="yearly", day=day, month=month))
        if not found:
            for m in _DUTY_YEAR_REPORT_RE.finditer(f):
                day, month = int(m["d"]), int(m["m"])
                if 1 <= month <= 12 and 1 <= day <= 31:
                    found.append(ReportingDuty(text=sent, frequency="yearly", day=day, month=month))
        if not found:
            found = _dated_reports(sent, f)
        if not found:
            pm = _DUTY_PERIODS_RE.search(f)
            if pm and re.search(rf"d{_W}nh\s+k{_W}|theo\s+|sau\s+m", f[max(0, pm.start() - 40) : pm.start()]):
                periods = [sent[a.start() : a.end()] for a in _PERIOD_RE.finditer(f, pm.start(), pm.end())]
                found.append(ReportingDuty(text=sent, frequency="periodic", periods=periods))
            else:
                fm = _DUTY_FREQ_RE.search(f)
                if fm:
                    word = fm["f"] or fm["f2"] or fm["f3"] or fm["f4"]
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
        label = _REPORT_LABEL_RE.match(f.lstrip()) if f.lstrip().startswith(("ch", "b")) else None
        skip = (len(f) - len(f.lstrip())) + label.end() if label else 0
        verb = _REPORT_RE.search(f, skip) or _REPORT_RE.search(f)
        report_at = verb.start()
        reporter = next((n for n, s, _e in units if skip <= s < report_at), None)
        recipient = next((n for n, s, _e in units if s > report_at), None) or _post_recipient(
            sent, f, report_at
        )
        if duties and block_of_last == block and reporter is None and f.lstrip().startswith("b"):
            # "...; báo cáo năm gửi trước ngày 05/12": a clause without a subject has the reporters and the
            # recipient of the duty before it.
            reporter, recipient = duties[-1].reporter, duties[-1].recipient
        elif reporter is None and k > 0 and sentences[k - 1][0] == block:
            # "Các phòng thuộc Sở chủ động triển khai; báo cáo kết quả ...": the subject of the clause before.
            subject = find_units(sentences[k - 1][1][:80])
            if subject and subject[0][1] <= 3:
                reporter = subject[0][0]
        block_of_last = block
        for duty in found:
            duty.reporter, duty.recipient = reporter, recipient
            duties.append(duty)
    return duties
