"""Read a deadline phrase ("hoàn thành trước 30/7/2025", "trong tháng 8/2025", "thường xuyên", "theo lộ trình
của thành phố") out of a task's text, OCR-damaged or not.

Matching runs on folded text (no diacritics, lowercase) with regexes that tolerate the usual OCR damage of
Vietnamese ("truee 30/7/2025" for "trước", "hodn thanh", "theo 19 trinh" for "theo lộ trình", "thuwong xuyén").
The folded text keeps the original's length, so the phrase returned in `Deadline.text` is the document's own
words. A date that cannot exist (31/2/2026) is reported in `Deadline.problem`, never guessed.

Choices officials would expect: a start without an end ("từ tháng 9/2025") is a standing task from then
(`recurring`), not due at the end of that month; a school year ("năm học 2025-2026") is due on 31 May of its
second year, when the school-year calendar closes teaching; "theo kế hoạch/hướng dẫn của ..." standing as the
time is a condition, like "theo lộ trình".
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date

from knowledge.fold import fold_aligned
from knowledge.models import CONDITIONAL, DATE, MONTH, NONE, RECURRING, Deadline

# --- building blocks (folded text) -------------------------------------------------------------------
# OCR turns Vietnamese vowels into digits and odd letters ("trudc", "truee", "hodn", "thuwong"), so the
# words are matched by their stable consonant frame.
_W = r"[a-z0-9]"
HOAN_THANH = rf"\bh{_W}{{1,2}}n\s*th{_W}{{1,3}}nh\b"
TRUOC = rf"\btr[uw]{_W}{{1,2}}[ce]\b"
TRONG = r"\btr[o0]ng\b"
THANG = rf"\bth{_W}{{1,3}}ng\b"
NAM = rf"\bn{_W}{{1,2}}m\b"
NGAY = rf"\bng{_W}{{1,2}}y\b"
QUY = r"\bq[uw][yi]\b"
HANG = rf"\bh{_W}{{1,2}}ng\b"
_DATE = r"(?<!\d)(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})\s*[/.\-]\s*(?P<y>(?:19|20)\d{2}|\d{2})\b"
_DATE_LONG = rf"(?P<d>\d{{1,2}})\s*{THANG}\s*(?P<m>\d{{1,2}})\s*(?:{NAM}|/)\s*(?P<y>(?:19|20)\d{{2}})"
# A span of months counts by its last: "tháng 10-11/2026", "tháng 10/2026 - tháng 12/2026".
_MONTH_SPAN = rf"\d{{1,2}}\s*(?:/\s*(?:19|20)\d{{2}}\s*)?[-–]\s*(?:{THANG}\s*)?"
_MONTH = rf"{THANG}\s*(?:{_MONTH_SPAN})?(?P<m>\d{{1,2}})\s*(?:/|-|{NAM})\s*(?P<y>(?:19|20)\d{{2}})\b"
_QUARTER = (
    # "Quý III/2026", and lists or spans by their last quarter: "Quý III, IV/2026", "Quý II - III/2026"
    rf"{QUY}\s*(?:(?:iv|i{{1,3}}|1v|1{{1,3}}|l{{1,3}}|[1-4])\s*(?:,|-|–|va)\s*)*"
    rf"(?P<q>iv|i{{1,3}}|1v|1{{1,3}}|l{{1,3}}|[1-4])\s*(?:/|-|{NAM})\s*(?P<y>(?:19|20)\d{{2}})\b"
)
_YEAR = rf"{NAM}\s*(?:(?:19|20)\d{{2}}\s*[-–]\s*)?(?P<y>(?:19|20)\d{{2}})\b"  # "năm 2026 - 2030": the last
_DAY_MONTH = r"(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\b(?!\s*/\s*\d)"

# Words that introduce a deadline: "hoàn thành", "trước", "trong", "thời hạn", "chậm nhất", "xong", "đến".
_CUE = (
    rf"(?:{HOAN_THANH}|{TRUOC}|{TRONG}|\bth{_W}{{1,3}}i\s+h{_W}{{1,2}}n\b|\bh{_W}{{1,2}}n\s+ch{_W}{{1,2}}t\b"
    rf"|\bch{_W}{{1,2}}m\s+nh{_W}{{1,2}}t\b|\bxong\b|\bd{_W}{{1,2}}n\s+h{_W}{{1,2}}t\b|\bden\b|\bhan\b|\bvao\b"
    rf"|\bth{_W}{{1,3}}i\s+gian(?:\s+(?:ho{_W}n\s+th{_W}{{1,3}}nh|th{_W}{{1,2}}c\s+hi{_W}n))?\s*:)"
)
_LEADING_BOUNDARY_RE = re.compile(r"(?<!\\)\\b([a-z]+)(?![a-z{?*+])")


def literal_first(pattern: str) -> str:
    """`pattern` with each word boundary that opens a run of literal letters moved after them, as a
    lookbehind: "\\bth[a-z]ng" becomes "th(?<!\\wth)[a-z]ng".

    The same matches: the letters are word characters, so the boundary before them says only that no word
    character comes before them, which the lookbehind checks. Faster: the regex engine scans for a pattern's
    (or each alternative's) opening letters in C, where a pattern opening with a boundary is tried at every
    position; these patterns run over every task's text.
    """
    return _LEADING_BOUNDARY_RE.sub(lambda m: f"{m[1]}(?<!\\w{m[1]})", pattern)


def compile_literal_first(pattern: str, flags: int = 0) -> re.Pattern:
    """`re.compile` of `literal_first(pattern)`: the same matches, found faster."""
    return re.compile(literal_first(pattern), flags)


_compile = compile_literal_first


_CUE_RE = _compile(_CUE)
_DIGIT_RE = _compile(r"\d")
_QUY_RE = _compile(QUY)
_MONTH_NO_YEAR_RE = _compile(
    rf"(?:{HOAN_THANH}\s*)?(?:{TRONG}|{HOAN_THANH})\s*(?:{THANG}\s*(?P<m>\d{{1,2}})|{QUY}\s*(?P<q>iv|i{{1,3}}|[1-4]))\b"
    rf"(?!\s*(?:[/\-]\s*\d|{NAM}|h{_W}{{1,2}}ng))"
)
# What every match of _MONTH_NO_YEAR_RE holds (a month word then a digit, or "quý" then a number): a
# pass of this is several times cheaper than one of the pattern itself, which few texts match.
_MONTH_NO_YEAR_NEEDS = _compile(r"th[a-z0-9]{1,3}ng\s*\d|q[uw][yi]\s*[iv1-4]")
_HALF_YEAR_RE = _compile(
    rf"\b6\s+th{_W}{{1,3}}ng\s+(?P<which>d{_W}u|cu{_W}{{1,2}}i)\s+{NAM}\s*(?P<y>(?:19|20)\d{{2}})\b"
)
# A table cell holding only a year or a span of years ("2026", "2026 - 2030"): due at the end of the last.
_BARE_YEARS_RE = _compile(r"^\W*(?P<y1>(?:19|20)\d{2})(?:\s*[-–]\s*(?P<y2>(?:19|20)\d{2}))?\W*$")
# "thời gian thực hiện: 2026-2027", "giai đoạn 2026-2027." (closing its clause): due by the last year's end.
_YEAR_SPAN_RE = _compile(
    rf"(?:\bgiai\s+do{_W}n|\bth{_W}{{1,3}}i\s+gian(?:\s+th{_W}{{1,2}}c\s+hi{_W}n|\s+ho{_W}n\s+th{_W}{{1,3}}nh)?\s*:)"
    r"\s*(?:19|20)\d{2}\s*[-–]\s*(?P<y>(?:19|20)\d{2})\b(?=\s*(?:[.;)]|$))"
)
# "năm học 2025-2026": a school year ends with its second calendar year's May (the school-year calendar
# closes teaching by 31 May), so a task "for the school year" is due 31/5 of the second year.
_SCHOOL_YEAR_RE = _compile(rf"\bn{_W}{{1,2}}m\s+h{_W}c\s+(?:19|20)\d{{2}}\s*[-–]\s*(?P<y>(?:19|20)\d{{2}})\b")
_SCHOOL_YEAR_END = (5, 31)
# "Học kỳ I năm học 2025 - 2026": the first term closes in January of the second year (the school-year
# calendar ends it by mid-January), read as due by the end of that January.
_FIRST_TERM_BEFORE_RE = _compile(rf"\bh{_W}c\s+k{_W}\s+(?:i|1)\s*(?:c{_W}a\s+)?$")
_FIRST_TERM_END = (1, 31)
# "trong học kỳ II năm học 2025 - 2026": the second term ends with the school year (31 May).
_SECOND_TERM_BEFORE_RE = _compile(rf"\bh{_W}c\s+k{_W}\s+(?:ii|2)\s*(?:c{_W}a\s+)?$")
# "từ tháng 9/2025", "từ ngày 01/10/2025": when work starts, not when it is due. Without an end ("đến ...")
# the task goes on from then: read as a standing (recurring) task, its phrase kept.
_FROM_BEFORE_RE = _compile(rf"\btu\s*(?:{NGAY}\s*)?$")
_TERM_BEFORE_RE = _compile(rf"\btu\s*(?:h{_W}c\s+k{_W}\s+(?:ii|i|1|2)\s*)?$")  # "từ (học kỳ II) năm học ..."
# "Năm 2026 và các năm tiếp theo", "từ quý I/2026 và những năm sau": a standing task from then on, like
# "từ năm 2026" (read as recurring, its phrase kept), not one due at the end of that year.
_ONWARD_AFTER_RE = _compile(
    rf"\s*,?\s*(?:va|tro\s+di)\s+(?:c{_W}c|nh{_W}{{1,2}}ng)\s+(?:n{_W}{{1,2}}m|th{_W}{{1,3}}ng|q[uw][yi])"
    rf"\s+(?:ti{_W}{{1,2}}p\s+theo|sau|k{_W}\s+ti{_W}{{1,2}}p)\b"
)
_DUE_WORDS_BEFORE_RE = _compile(rf"(?:{HOAN_THANH}|{TRUOC}|{TRONG}|\bxong|\bch{_W}{{1,2}}m\s+nh{_W}{{1,2}}t)")
_DATE_RE = _compile(_DATE)
_BARE_MONTH_RE = _compile(r"(?<![\d/.\-])(?P<m>0?[1-9]|1[0-2])\s*/\s*(?P<y>(?:19|20)\d{2})\b(?!\s*/)")
_DATE_LONG_RE = _compile(_DATE_LONG)
_MONTH_RE = _compile(_MONTH)
_QUARTER_RE = _compile(_QUARTER)
_YEAR_RE = _compile(_YEAR)
_DAY_MONTH_RE = _compile(_DAY_MONTH)
_NGAY_BEFORE_RE = _compile(rf"{NGAY}\s*$")
_THANG_BEFORE_RE = _compile(rf"{THANG}\s*$")
_TRUOC_BEFORE_RE = _compile(rf"{TRUOC}\s*(?:{NGAY}\s*)?$")
_DEADLINE_NGAY_RE = _compile(
    rf"(?:{TRUOC}|{HOAN_THANH}|{TRONG}|\bxong|\bh{_W}{{1,2}}n(?:\s+ch{_W}t)?"  # "hạn (chót) ngày"
    rf"|\bch{_W}{{1,2}}m\s+nh{_W}{{1,2}}t|\bvao|\bden|\btu"
    rf"|th{_W}{{1,3}}i\s+h{_W}{{1,2}}n|th{_W}{{1,3}}i\s+gian\s*:?)\s*:?\s*{NGAY}\s*$"
)

_RECURRING_WORDS = (
    rf"\bth{_W}{{0,4}}ng\s+x{_W}{{1,3}}n\b"  # thường xuyên
    rf"|{HANG}\s+(?:q[uw][yi]|th{_W}{{1,3}}ng|n{_W}{{1,2}}m|tu{_W}{{1,2}}n|ng{_W}{{1,2}}y)\b"  # hằng quý/tháng/năm
    rf"|\bd{_W}nh\s+k{_W}(?:\s+\d{{1,2}}\s+th{_W}{{1,3}}ng(?:\s+m{_W}{{1,2}}t\s+l{_W}n)?)?\b"  # định kỳ (6 tháng)
    rf"|\bli{_W}n\s+t{_W}c\b"  # liên tục
    rf"|\bm{_W}{{1,2}}i\s+(?:q[uw][yi]|th{_W}{{1,3}}ng|n{_W}{{1,2}}m)\b"  # mỗi quý/tháng/năm
    rf"|\bc{_W}c\s+n{_W}{{1,2}}m\s+ti{_W}{{1,2}}p\s+theo\b"  # (năm 2026 và) các năm tiếp theo
)
_RECURRING_COUNT = rf"\b\d{{1,2}}\s+(?:th{_W}{{1,3}}ng|n{_W}{{1,2}}m|tu{_W}{{1,2}}n|q[uw][yi])\s+(?:m{_W}{{1,2}}t|1)\s+l{_W}{{1,2}}n\b"  # 6 tháng một lần
_RECURRING_RE = _compile(rf"(?P<rec>{_RECURRING_WORDS}|{_RECURRING_COUNT})")
# The same, split by how a match opens: with a letter (each alternative opens with its literal letters, so
# the engine finds where one may start in C) or with a digit (tried at the text's digits only). One pattern
# holding both could start anywhere, and was tried at every position of every task's text.
_RECURRING_WORDS_RE = _compile(rf"(?P<rec>{_RECURRING_WORDS})")
_RECURRING_COUNT_RE = _compile(rf"(?P<rec>{_RECURRING_COUNT})")
_CONDITIONAL_RE = _compile(
    r"(?P<cond>"
    rf"\btheo\s+[l1i][a-z0-9]?\s*tr{_W}{{1,2}}nh\b"  # theo lộ trình ("theo 19 trinh", "theo ld trinh")
    rf"|\bsau\s+khi\b"  # sau khi UBND thành phố ban hành kế hoạch
    rf"|\btheo\s+th{_W}{{1,3}}i\s+gian\b"  # theo thời gian trong Kế hoạch
    rf"|\btheo\s+ti{_W}n\s+d{_W}\b"  # theo tiến độ
    rf"|\bkhi\s+c{_W}\s+(?:h{_W}{{1,3}}ng\s+d{_W}n|ch{_W}\s+d{_W}o|y{_W}u\s+c{_W}u|k{_W}nh\s+ph{_W}|quy{_W}t\s+d{_W}nh)\b"
    rf"|{HOAN_THANH}\s+theo\s+(?:y{_W}u\s+c{_W}u|ch{_W}\s+d{_W}o|h{_W}{{1,3}}ng\s+d{_W}n|k{_W}\s+ho{_W}ch)\b"
    r")"
)
# "theo kế hoạch của thành phố", "theo hướng dẫn của Sở": when another body's plan or guidance says, like
# "theo lộ trình của tỉnh"; a condition only where it stands as the task's time (a time field or cell, or
# right after "thời gian:", "hoàn thành", a comma or a semicolon), not inside the task's words ("Triển khai
# theo kế hoạch của tỉnh về ..." names what to do, not when).
_AS_OTHERS_SAY_RE = _compile(
    rf"\btheo\s+(?:k{_W}\s+ho{_W}ch|h{_W}{{1,3}}ng\s+d{_W}n|ch{_W}\s+d{_W}o|y{_W}u\s+c{_W}u)\s+c{_W}{{1,2}}a\b"
)
_AS_OTHERS_SAY_CUE_RE = _compile(rf"(?:[,;:]|{HOAN_THANH})\s*$")
# A recurring phrase only counts as "the deadline" when it closes a clause or follows a doing-verb: in
# "kế hoạch công tác hằng năm của cơ quan" the words describe a plan, not when the task is due.
_DOING_BEFORE_RE = _compile(
    rf"(?:th{_W}{{1,2}}c\s+hi{_W}n|t{_W}\s+ch{_W}{{1,2}}c|tri{_W}n\s+khai|b{_W}o\s+c{_W}o|{HOAN_THANH}|duy\s+tr{_W}"
    rf"|c{_W}p\s+nh{_W}t|\b\d{{1,2}}|{THANG}\s*\d{{1,2}}|ki{_W}m\s+tra)\s*,?\s*$"
)
# ", thực hiện tháng 12/2025.", "; triển khai năm 2026": a clause of its own that opens with the doing-verb
# and holds only the time gives the task's time, as a cue word would; "thực hiện Nghị quyết … năm 2026" does not.
_DOING_CLAUSE_RE = _compile(rf"[,;(]\s*(?:th{_W}{{1,2}}c\s+hi{_W}n|tri{_W}n\s+khai)\s*$")
_CLAUSE_END_RE = _compile(r"^\s*(?:[.;:)\]!?]|,\s*(?:\S+\s+){0,3}?\S*\s*[.;]|$|\s+v[a-z]\s|\s*va\b)")

_ROMAN = {
    "i": 1,
    "ii": 2,
    "iii": 3,
    "iv": 4,
    "1": 1,
    "2": 2,
    "3": 3,
    "4": 4,
    "11": 2,
    "111": 3,
    "1v": 4,
    "l": 1,
    "ll": 2,
    "lll": 3,
}
_SHORT_PHRASE = 48  # a table cell or a bare phrase: dates need no cue word


@dataclass
class _Cand:
    kind: str
    start: int
    end: int
    rank: int  # higher wins
    due: date | None = None
    problem: str | None = None


def _make_date(y: int, m: int, d: int) -> tuple[date | None, str | None]:
    try:
        return date(y, m, d), None
    except ValueError:
        return None, f"ngày không hợp lệ: {d}/{m}/{y}"


def _end_of_month(y: int, m: int) -> tuple[date | None, str | None]:
    if not 1 <= m <= 12:
        return None, f"tháng không hợp lệ: {m}/{y}"
    return date(y, m, calendar.monthrange(y, m)[1]), None


def _year(raw: str) -> int:
    y = int(raw)
    return 2000 + y if y < 100 else y


def _cue_before(folded: str, start: int, window: int = 40) -> int | None:
    """Start of the last cue word within `window` characters before `start`, or None."""
    lo = max(0, start - window)
    segment = folded[lo:start]
    # A full stop or semicolon between the cue and the value breaks the link.
    cut = max(segment.rfind("."), segment.rfind(";"))
    if cut >= 0 and not re.search(r"\d\s*$", segment[:cut]):
        segment, lo = segment[cut + 1 :], lo + cut + 1
    matches = list(_CUE_RE.finditer(segment))
    if not matches:
        return None
    # Walk back over a chain of cue words ("hoàn thành trước", "hoàn thành trong") to the first one.
    first = matches[-1]
    for prev in reversed(matches[:-1]):
        if segment[prev.end() : first.start()].strip(" ,"):
            break
        first = prev
    return lo + first.start()


def _candidates(folded: str, short: bool, issued_on: date | None) -> list[_Cand]:
    cands: list[_Cand] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    def anchored(m: re.Match, need_cue: bool = True, in_brackets: bool = False) -> int | None:
        cue = _cue_before(folded, m.start())
        if cue is not None:
            return cue
        if _DOING_CLAUSE_RE.search(folded, max(0, m.start() - 16), m.start()):
            return m.start()  # the time alone is the phrase, as without a verb
        if in_brackets and _in_closing_brackets(folded, m.start(), m.end()):
            return m.start()  # "(Công an xã, quý I/2026; …)": the time given with the unit in charge
        return m.start() if (short or not need_cue) else None

    def month_start(m: re.Match) -> int | None:
        """Where a month's, a quarter's or a bare "MM/YYYY"'s phrase starts, if it is a deadline: its span
        not read yet, no standing work from then ("từ tháng 9/2025"), not a time the sentence goes on past."""
        if not free(*m.span()):
            return None
        taken.append(m.span())
        if _starts_work(folded, m.start(), cands, m.end()):
            return None
        start = anchored(m, in_brackets=True)
        if start is None or _goes_on(folded, start, m.end(), cands):
            return None
        return start

    # Every dated phrase holds a digit (or a quarter in roman numerals); most task text has none to scan.
    # Each pattern is a pass over the text, so those that cannot match are skipped by what they need:
    # a four-digit year (19xx, 20xx) for most, a slash for a day and month.
    digits = [m.start() for m in _DIGIT_RE.finditer(folded)]  # where each digit is (~2x faster than by runs)
    if digits or ("q" in folded and _QUY_RE.search(folded)):
        has_year = "19" in folded or "20" in folded
        for m in _at_digits(_DATE_LONG_RE, folded, digits) if has_year else ():
            taken.append(m.span())
            if _starts_work(folded, m.start(), cands, m.end()):
                continue
            start = anchored(m)
            if start is None or _is_document_date(folded, m.start(), short):
                continue
            due, problem = _make_date(int(m["y"]), int(m["m"]), int(m["d"]))
            cands.append(_Cand(DATE, start, m.end(), 50, due, problem))
        for m in _at_digits(_DATE_RE, folded, digits):
            if not free(*m.span()) or _THANG_BEFORE_RE.search(folded, max(0, m.start() - 10), m.start()):
                continue  # "tháng 10-11/2026" is a span of months, read below
            taken.append(m.span())
            if _starts_work(folded, m.start(), cands, m.end()):
                continue
            start = anchored(m, in_brackets=True)
            if start is None or _is_document_date(folded, m.start(), short):
                continue
            due, problem = _make_date(_year(m["y"]), int(m["m"]), int(m["d"]))
            cands.append(_Cand(DATE, start, m.end(), 50, due, problem))
        for m in _MONTH_RE.finditer(folded) if has_year else ():
            start = month_start(m)
            if start is None:
                continue
            y, mo = int(m["y"]), int(m["m"])
            # "trước tháng 9/2025": done by the end of August. An impossible month ("trước tháng
            # 13/2026") is reported as written, never shifted into a real one.
            if 1 <= mo <= 12 and re.search(rf"{TRUOC}\s*$", folded[max(0, m.start() - 12) : m.start()]):
                y, mo = (y, mo - 1) if mo > 1 else (y - 1, 12)
            due, problem = _end_of_month(y, mo)
            cands.append(_Cand(MONTH, start, m.end(), 40, due, problem))
        for m in _QUARTER_RE.finditer(folded) if has_year else ():
            start = month_start(m)  # "thực hiện từ quý I/2026": standing work from then, no deadline
            if start is None:
                continue
            q = _ROMAN.get(m["q"])
            if q is None:
                continue
            due, problem = _end_of_month(int(m["y"]), q * 3)
            cands.append(_Cand(MONTH, start, m.end(), 35, due, problem))
        for m in (
            _BARE_MONTH_RE.finditer(folded) if has_year and short and len(folded) <= _SHORT_PHRASE else ()
        ):
            # A time cell writes its months without "tháng" ("Từ 01/2026 đến 03/2026", "03/2026"): once the
            # dates and the months, quarters and years named as such are read, "MM/YYYY" is a month.
            start = month_start(m)
            if start is None:
                continue
            due, problem = _end_of_month(int(m["y"]), int(m["m"]))
            cands.append(_Cand(MONTH, start, m.end(), 40, due, problem))
        for m in _YEAR_RE.finditer(folded) if has_year else ():
            if not free(*m.span()):
                continue
            if _starts_work(folded, m.start(), cands, m.end()):
                continue  # "thực hiện từ năm 2026"
            before = folded[max(0, m.start() - 30) : m.start()]
            if short and not before.strip():
                start = m.start()
            elif re.search(
                rf"(?:{HOAN_THANH}\s*(?:{TRONG}\s*)?|{TRONG}\s*|{TRUOC}\s*|\bcuoi\s*|\bh{_W}{{1,2}}t\s*|:\s*)$",
                before,
            ):
                cue = _cue_before(folded, m.start())
                start = m.start() if cue is None else cue
            elif _DOING_CLAUSE_RE.search(before):
                start = m.start()
            else:
                continue
            if _goes_on(folded, start, m.end(), cands):
                continue
            y = int(m["y"])
            if re.search(rf"{TRUOC}\s*$", before):
                due, problem = date(y - 1, 12, 31), None
            else:
                due, problem = date(y, 12, 31), None
            cands.append(_Cand(MONTH, start, m.end(), 30, due, problem))
        for m in _SCHOOL_YEAR_RE.finditer(folded) if has_year else ():
            if not free(*m.span()):
                continue
            taken.append(m.span())
            if _starts_work(folded, m.start(), cands, m.end()):
                continue
            if _starts_work(folded, m.start(), cands, m.end(), _TERM_BEFORE_RE):
                continue  # "từ học kỳ II năm học 2025-2026"
            start, (month, day) = m.start(), _SCHOOL_YEAR_END
            term = _FIRST_TERM_BEFORE_RE.search(folded, max(0, start - 20), start)
            if term:
                start, (month, day) = term.start(), _FIRST_TERM_END
            else:
                second = _SECOND_TERM_BEFORE_RE.search(folded, max(0, start - 20), start)
                start = second.start() if second else start
            before = folded[max(0, start - 30) : start]
            if short or re.search(rf"(?:{HOAN_THANH}\s*|{TRONG}\s*|\bcuoi\s*|:\s*)$", before):
                cue = _cue_before(folded, start)
                due = date(int(m["y"]), month, day)
                cands.append(_Cand(MONTH, start if cue is None else cue, m.end(), 30, due))
        for m in _YEAR_SPAN_RE.finditer(folded) if has_year else ():
            if free(*m.span()):
                taken.append(m.span())
                cands.append(_Cand(MONTH, m.start(), m.end(), 30, date(int(m["y"]), 12, 31)))
        for m in _at_digits(_HALF_YEAR_RE, folded, digits) if has_year else ():
            if free(*m.span()):
                taken.append(m.span())
                y = int(m["y"])
                first = m["which"].startswith("d")  # "6 tháng đầu năm" vs "6 tháng cuối năm"
                cue = _cue_before(folded, m.start())
                due = date(y, 6, 30) if first else date(y, 12, 31)
                cands.append(_Cand(MONTH, m.start() if cue is None else cue, m.end(), 36, due))
        if short and has_year:
            bare = _BARE_YEARS_RE.match(folded)
            if bare:
                y = int(bare["y2"] or bare["y1"])
                cands.append(_Cand(MONTH, bare.start("y1"), bare.end(), 30, date(y, 12, 31)))
        if issued_on is not None:
            for m in _at_digits(_DAY_MONTH_RE, folded, digits) if "/" in folded else ():
                if not free(*m.span()):
                    continue
                before = folded[max(0, m.start() - 20) : m.start()]
                after = folded[m.end() : m.end() + 20]
                if _RECURRING_RE.match(after.strip()) or not (_TRUOC_BEFORE_RE.search(before) or short):
                    continue
                due, problem = _make_date(issued_on.year, int(m["m"]), int(m["d"]))
                if due is not None and due < issued_on:
                    due, problem = _make_date(issued_on.year + 1, int(m["m"]), int(m["d"]))
                cue = _cue_before(folded, m.start())
                start = m.start() if cue is None else cue
                cands.append(_Cand(DATE, start, m.end(), 45, due, problem))
            # "trong tháng 9", "trong quý IV": the year the plan was issued (or the next, if already past).
            month_no_year = _MONTH_NO_YEAR_NEEDS.search(folded) is not None
            for m in _MONTH_NO_YEAR_RE.finditer(folded) if month_no_year else ():
                if not free(*m.span()):
                    continue
                if m["m"]:
                    month = int(m["m"])
                elif _ROMAN.get(m["q"]):
                    month = _ROMAN[m["q"]] * 3
                else:
                    continue
                if not 1 <= month <= 12:
                    continue
                year = issued_on.year if month >= issued_on.month else issued_on.year + 1
                due, problem = _end_of_month(year, month)
                cands.append(_Cand(MONTH, m.start(), m.end(), 34, due, problem))
    # Every condition holds "theo" or "khi" ("theo lộ trình", "sau khi", "khi có hướng dẫn").
    conditions = "theo" in folded or "khi" in folded
    for m in _CONDITIONAL_RE.finditer(folded) if conditions else ():
        end = _clause_end(folded, m.end())
        cands.append(_Cand(CONDITIONAL, m.start(), end, 20))
    for m in _AS_OTHERS_SAY_RE.finditer(folded) if conditions else ():
        if (short and not folded[: m.start()].strip()) or _AS_OTHERS_SAY_CUE_RE.search(
            folded[max(0, m.start() - 30) : m.start()]
        ):
            cands.append(_Cand(CONDITIONAL, m.start(), _clause_end(folded, m.end()), 20))
    for m in _recurring(folded, digits):
        if short or _recurring_counts(folded, m):
            cands.append(_Cand(RECURRING, _recurring_start(folded, m), m.end(), 10))
    return cands


def _at_digits(pattern: re.Pattern, folded: str, digits: list[int]) -> Iterator[re.Match]:
    """`pattern.finditer(folded)` for a pattern whose every match opens with a digit, tried only at the
    `digits` (positions of the text's digits, ascending): a task's text holds a few, and a pattern that
    cannot open with a literal is otherwise tried at every position. The same matches: like finditer, it
    goes on from the end of each match, and a match cannot start anywhere else."""
    end = 0
    for pos in digits:
        if pos >= end:
            m = pattern.match(folded, pos)
            if m:
                end = m.end()
                yield m


def _recurring(folded: str, digits: list[int]) -> Iterator[re.Match]:
    """`_RECURRING_RE.finditer(folded)`, from its two halves: at each step the earlier of the next match
    opening with a letter and the next opening with a digit (none opens with both), then on from its end."""
    pos = 0
    while True:
        word = _RECURRING_WORDS_RE.search(folded, pos)
        count = next(_at_digits(_RECURRING_COUNT_RE, folded, [d for d in digits if d >= pos]), None)
        m = count if word is None or (count is not None and count.start() < word.start()) else word
        if m is None:
            return
        yield m
        pos = m.end()


def _in_closing_brackets(folded: str, start: int, end: int) -> bool:
    """Whether `start`..`end` stands in the bracket that closes the text ("… (Công an xã, quý I/2026).")
    right after the opening bracket or a separator, not inside running words."""
    opening = folded.rfind("(", 0, start)
    if opening < 0 or ")" in folded[opening:start]:
        return False
    closing = folded.find(")", end)
    if closing < 0 or folded[closing + 1 :].strip(" .;,"):
        return False
    return bool(re.search(r"(?:\(|[,;]\s*)\s*$", folded[opening:start]))


def _goes_on(folded: str, start: int, end: int, cands: list[_Cand]) -> bool:
    """Whether the time at `start`..`end` is followed by "và các năm tiếp theo" (work from then on); if so,
    a standing task from then is added to `cands`, ranked above the bare recurrence words it holds. With a
    word of completion ("hoàn thành trong năm 2026 và các năm tiếp theo") the time stays the due date."""
    onward = _ONWARD_AFTER_RE.match(folded, end)
    if not onward or _DUE_WORDS_BEFORE_RE.search(folded, max(0, start - 30), end):
        return False
    cands.append(_Cand(RECURRING, start, onward.end(), 11))
    return True


def _starts_work(
    folded: str, start: int, cands: list[_Cand], end: int, pattern: re.Pattern | None = None
) -> bool:
    """Whether the date or month at `start` follows "từ" (work starts then); if so, a standing task from
    then is added to `cands` (an end date elsewhere in the text, "đến 31/12/2025", outranks it)."""
    before = folded[max(0, start - 24) : start]
    opening = (pattern or _FROM_BEFORE_RE).search(before)
    if not opening:
        return False
    cands.append(_Cand(RECURRING, start - (len(before) - opening.start()), end, 10))
    return True


def _is_document_date(folded: str, start: int, short: bool | None = False) -> bool:
    """True for the date of a cited document ("Nghị quyết số 71/NQ-CP ngày 01/4/2025", "Công văn của UBND
    tỉnh ngày 5/3/2026"): a date written "ngày <date>" is a deadline only when a deadline word leads into
    it ("trước ngày", "hoàn thành ngày", "chậm nhất ngày", "hạn chót ngày", "vào ngày"), or in a time cell or
    field that holds nothing before it ("Thời gian: ngày 31 tháng 12 năm 2025": the field's label leads into
    it)."""
    before = folded[max(0, start - 40) : start]
    if not _NGAY_BEFORE_RE.search(before):
        return False
    if short and not _NGAY_BEFORE_RE.sub("", folded[:start]).strip(" :"):
        return False
    return not _DEADLINE_NGAY_RE.search(before)


def _recurring_counts(folded: str, m: re.Match) -> bool:
    word = m.group(0)
    if re.match(r"th", word):  # "thường xuyên" always marks a standing task
        return True
    before = folded[max(0, m.start() - 25) : m.start()]
    after = folded[m.end() : m.end() + 40]
    return bool(_DOING_BEFORE_RE.search(before) or _CLAUSE_END_RE.match(after))


def _recurring_start(folded: str, m: re.Match) -> int:
    before = folded[max(0, m.start() - 25) : m.start()]
    doing = re.search(
        rf"(?:{TRUOC}\s*)?(?:th{_W}{{1,2}}c\s+hi{_W}n|{THANG}\s*\d{{1,2}}|(?:{NGAY}\s*)?\d{{1,2}}(?:\s*/\s*\d{{1,2}})?)\s*$",
        before,
    )
    return m.start() - (len(before) - doing.start()) if doing else m.start()


def _clause_end(folded: str, pos: int, limit: int = 120) -> int:
    m = re.compile(r"[.;\n]|\)\s*$").search(folded, pos, min(len(folded), pos + limit))
    end = m.start() if m else min(len(folded), pos + limit)
    # "(…; thời gian: sau khi có hướng dẫn của tỉnh).": the bracket the condition stands in closes it.
    close = folded.find(")", pos, end)
    if close >= 0 and "(" not in folded[pos:close]:
        end = close
    while end > pos and folded[end - 1] in " ,":
        end -= 1
    return end


def parse_deadline_cell(text: str, *, issued_on: date | None = None) -> Deadline:
    """Like `parse_deadline`, for the deadline column of a table: a bare date counts at any length."""
    return _parse(text, issued_on, short=True)


def parse_deadline(text: str, *, issued_on: date | None = None) -> Deadline:
    """The deadline stated in `text` (a phrase, a table cell or a whole task), as a `Deadline`.

    Several phrases may appear ("tuyên truyền thường xuyên ... Hoàn thành trước 02/8/2025"); an explicit date
    beats a month, which beats a condition, which beats a recurrence; among equals the last one wins, since
    Vietnamese plans close a task with its deadline. A recurrence after the chosen phrase ("trong tháng 8/2025
    và thực hiện thường xuyên") sets `recurring`.
    """
    return _parse(text, issued_on, short=None)


def _parse(text: str, issued_on: date | None, short: bool | None) -> Deadline:
    if not text or not text.strip():
        return Deadline()
    original = unicodedata.normalize("NFC", text)
    folded = fold_aligned(original)
    if "thang " in folded:
        folded = _MONTH_IN_WORDS_RE.sub(_month_as_number, folded)
    if short is None:
        short = len(original.strip()) <= _SHORT_PHRASE
    cands = _candidates(folded, short, issued_on)
    if not cands:
        return Deadline()
    best = max(cands, key=lambda c: (c.rank, c.start))
    phrase = _clean_phrase(original[best.start : best.end])
    deadline = Deadline(kind=best.kind, due=best.due, text=phrase, problem=best.problem)
    if best.kind == RECURRING:
        deadline.recurring = True
    elif best.kind in (DATE, MONTH):
        deadline.recurring = any(c.kind == RECURRING and c.start >= best.end - 1 for c in cands)
    if best.kind == CONDITIONAL:
        deadline.condition = phrase
    if deadline.problem:
        deadline.due = None
    return deadline


# "tháng Mười Hai năm 2025": a month written in words (before its year), read as its number. Folded and
# aligned, so the number is padded to the words' length.
_MONTH_WORDS = {
    "muoi hai": 12, "muoi mot": 11, "muoi": 10, "chin": 9, "tam": 8, "bay": 7, "sau": 6, "nam": 5,
    "tu": 4, "bon": 4, "ba": 3, "hai": 2, "mot": 1, "gieng": 1, "chap": 12,
}  # fmt: skip
_MONTH_IN_WORDS_RE = _compile(r"\bthang (" + "|".join(_MONTH_WORDS) + r")(?= nam (?:19|20)\d\d\b)")


def _month_as_number(m: re.Match) -> str:
    number = str(_MONTH_WORDS[m.group(1)])
    return "thang " + number.ljust(len(m.group(1)))


def settled(deadline: Deadline) -> Deadline:
    """The deadline as it is stored and counted: one whose phrase held an impossible date (31/2/2026,
    "tháng 13/2026") becomes "no date" (kind none), keeping its words and its `problem` for the warning.

    `parse_deadline` still returns the phrase's kind, so a parser can pass the problem on to sub-items."""
    if not deadline.problem or deadline.kind == NONE:
        return deadline
    return replace(deadline, kind=NONE, due=None, recurring=False, condition=None)


# The label of a time field ("Thời gian hoàn thành:", "Thời hạn:", "Tiến độ:") is no part of the phrase.
_TIME_LABEL_RE = re.compile(
    rf"^\W*(?:th{_W}{{1,3}}i\s+(?:gian|h{_W}{{1,2}}n)|ti{_W}n\s+d{_W})"
    rf"(?:\s+(?:ho{_W}n\s+th{_W}{{1,3}}nh|th{_W}{{1,2}}c\s+hi{_W}n))?\s*:\s*(?=\S)"
)


def _clean_phrase(phrase: str) -> str:
    phrase = re.sub(r"\s+", " ", phrase).strip(" ,;:-–—")
    label = _TIME_LABEL_RE.match(fold_aligned(phrase))
    return phrase[label.end() :] if label else phrase


__all__ = [
    "parse_deadline",
    "parse_deadline_cell",
    "settled",
    "fold_aligned",
    "Deadline",
    "DATE",
    "MONTH",
    "RECURRING",
    "CONDITIONAL",
    "NONE",
]
