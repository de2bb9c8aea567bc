"""Targets: an indicator with a value per year, from a separated table, from OCR'd lines without separators, or
from sentences under a year ("Đến năm 2030: tỷ lệ ... đạt 100%; tỷ lệ ... đạt 90%")."""

from __future__ import annotations

import re

from knowledge.fold import fold_aligned
from knowledge.models import Target
from knowledge.plan_parser.cells import _cell, _is_rule
from knowledge.plan_parser.text import _BULLET_RE, _W, _join, _starts_upper


def _targets_from_rows(roles: dict[str, int], rows: list[list[str]]) -> list[Target]:
    years = {k[1:]: v for k, v in roles.items() if k.startswith("y") and k[1:].isdigit()}
    out = []
    for row in rows:
        indicator = _cell(row, roles, "content")
        if not indicator:
            continue
        values = {y: row[idx].strip() for y, idx in years.items() if idx < len(row) and row[idx].strip()}
        code = _cell(row, roles, "code") or None
        out.append(Target(indicator=indicator, values=values, code=code, unit=_unit_of(values)))
    return out


_VALUE_TOKEN = r"(?:[xX]|[<>≥≤~=]?\s*\d+(?:[.,]\d+)?\s*%?)"
_TRAILING_VALUES_RE = re.compile(rf"(?:\s*\|?\s*{_VALUE_TOKEN}(?=\s|$|\|)){{1,}}\s*\|?\s*$")


def _trailing_values(line: str) -> re.Match | None:
    """`_TRAILING_VALUES_RE.search(line)`, skipped where it cannot match: a match closes the line (before
    trailing spaces) with a value's digit, "%" or "x", or a "|"; tried at every position, it cost as much
    as the rest of reading the line."""
    last = line.rstrip()[-1:]
    if not (last in ("|", "%", "x", "X") or last.isdigit()):
        return None
    return _TRAILING_VALUES_RE.search(line)


def _ocr_targets(chunk: list[tuple[int, str]]) -> list[Target]:
    """Targets table (indicator x year) that OCR printed without separators.

    A row's values sit on one of its lines ("... X X X X X", ">30% | >80% | 100%"); its indicator text runs
    over the lines around it. After a row has its values, a line opening with a capital starts the next row,
    a line of values alone adds to the row, and a lone number (the row's STT) closes it.
    """
    years: list[str] = []
    targets: list[Target] = []
    text, values = "", []

    def close() -> None:
        nonlocal text, values
        indicator = _clean_indicator(text)
        if len(indicator) >= 8 and _looks_like_words(indicator):
            target = Target(indicator=indicator)
            shown = values[-len(years) :] if years else values
            for year, value in zip(years[len(years) - len(shown) :], shown, strict=False):
                target.values[year] = value
            _drop_stray_values(target)
            target.unit = _unit_of(target.values)
            targets.append(target)
        text, values = "", []

    for _i, line in chunk:
        s = line.strip()
        if not years:
            # A year holds "19" or "20": the pattern (tried at every position) only on lines holding one.
            found = re.findall(r"\b(?:19|20)\d{2}\b", s) if "19" in s or "20" in s else []
            if len(found) >= 2 and len(re.sub(r"[\d|\s]", "", s)) < 40:
                years = found
            continue
        if not s or _is_rule(s):
            continue
        if re.fullmatch(r"\d{1,2}", s):
            close()
            continue
        m = _trailing_values(s)
        found_values = [v.strip() for v in re.findall(_VALUE_TOKEN, m.group(0))] if m else []
        words = re.sub(r"^\W*\d{1,2}\s*\|\s*", "", s[: m.start()] if m else s).strip()
        if not words:
            values.extend(found_values)
            continue
        if values and _starts_upper(words) and not words[0].isdigit():
            close()
        text = _join(text, words) if text else words
        values.extend(found_values)
    close()
    return targets


def _clean_indicator(text: str) -> str:
    text = re.sub(r"^\W*\d{1,2}\s*\|\s*", "", text.strip())
    text = re.sub(r"\s+", " ", text).strip(" |")
    # OCR debris trailing the words ("... định danh điện tử 0 o o"): runs of one-character tokens.
    return re.sub(r"(?:\s+(?:\S|\d{1,2}))+\s*$", "", text).strip(" |")


_WORD_RE = re.compile(r"[^\W\d_]{2,}")


def _looks_like_words(indicator: str) -> bool:
    """An indicator is words ("Tỷ lệ phủ sóng 5G"), not OCR debris (". 6G 6G 6G A e s A N")."""
    words = _WORD_RE.findall(indicator)
    return len(words) >= 3 and sum(map(len, words)) >= 0.5 * len(indicator.replace(" ", ""))


_BARE_DIGIT_RE = re.compile(r"^\d$")


def _drop_stray_values(target: Target) -> None:
    """A lone digit among percentages ("1" beside ">30%", "100%") is OCR debris, not a value."""
    values = target.values
    if any("%" in v for v in values.values()):
        for year in [y for y, v in values.items() if _BARE_DIGIT_RE.match(v)]:
            del values[year]
    elif len(values) == 1 and all(_BARE_DIGIT_RE.match(v) and v in "01" for v in values.values()):
        values.clear()


def _unit_of(values: dict[str, str]) -> str | None:
    """The unit of measure the values share ("%"), if any."""
    if values and all(v.rstrip().endswith("%") for v in values.values() if v.upper() != "X"):
        return "%" if any("%" in v for v in values.values()) else None
    return None


# "Đến năm 2030", "Phấn đấu đến năm 2030", "Mục tiêu đến năm 2030", "Năm 2026": the year values hold for.
# "Đến 31/12/2025:" sets the date's year.
_YEAR_HEAD_RE = re.compile(
    rf"(?:\b(?:d{_W}n|t{_W}i|trong)\s+)?\bn{_W}m\s+(?P<y>(?:19|20)\d{{2}})\b"
    rf"|\b(?:d{_W}n|t{_W}i|tr{_W}{{1,2}}c)\s+(?:ng{_W}y\s+)?\d{{1,2}}\s*/\s*\d{{1,2}}\s*/\s*(?P<yd>(?:19|20)\d{{2}})\b"
    # "Đến hết quý I/2026:", "Đến tháng 6/2026": the year of the quarter or month (targets are kept by year).
    rf"|\b(?:d{_W}n|t{_W}i|trong)\s+(?:h{_W}t\s+)?(?:qu{_W}\s+(?:[ivx]{{1,3}}|[1-4])|th{_W}ng\s+\d{{1,2}})\s*/\s*"
    rf"(?P<yq>(?:19|20)\d{{2}})\b"
)
# "<indicator> đạt 100%", "... đạt trên 90%", "... đạt tối thiểu 500 doanh nghiệp" ("ít nhất 3% ngân
# sách cho ..." names its indicator after the value: not read).
_REACHES_RE = re.compile(
    rf"\s(?:d{_W}t|{_W}\s+m{_W}c)\s+"
    rf"(?P<value>(?:(?:tr{_W}n|tu|t{_W}i\s+thi{_W}u|{_W}t\s+nh{_W}t|kho{_W}ng|h{_W}n|>|<|≥|≤|~)\s*)*"
    r"\d+(?:[.,]\d+)?\s*%?)(?P<unit>(?:\s+[a-zđ]+){0,3})"
)
_CLAUSE_RE = re.compile(r"[^;.]+(?:\.\d[^;.]*)*")  # clauses between ";" and "." (not a decimal point)


# "Phấn đấu đến hết năm 2025: ...", "Mục tiêu đến năm 2026": a sentence that sets goals, wherever it stands.
_GOAL_OPENING_RE = re.compile(
    rf"^\W*(?:[IVX]{{1,4}}\W+)?(?:\d{{1,2}}\W+)*(?:ph{_W}n\s+d{_W}u|m{_W}c\s+ti{_W}u)\b"
)


def _year_head(folded: str) -> re.Match | None:
    """`_YEAR_HEAD_RE.search(folded)`; a text without "19" or "20" holds no year to find (most lines)."""
    if "19" not in folded and "20" not in folded:
        return None
    return _YEAR_HEAD_RE.search(folded)


# "Phấn đấu 100% … trước 31/12/2025", "… trong năm 2026": a goal whose year comes at its end.
_GOAL_WORDS_RE = re.compile(rf"^\W*(?:ph{_W}n\s+d{_W}u|m{_W}c\s+ti{_W}u)\s*(?:l{_W}\s*)?[:,]?\s*")
_TRAILING_TIME_RE = re.compile(
    rf"[\s,;]+(?:tr{_W}{{1,2}}c|trong|{_W}{{1,2}}n|d{_W}n(?:\s+h{_W}t)?)\s+(?:ng{_W}y\s+|n{_W}m\s+)?"
    r"(?:\d{1,2}/)?(?:\d{1,2}/)?(?P<y>(?:19|20)\d{2})\W*$"
)


def _goal_with_year_at_end(sentence: str) -> Target | None:
    """ "Phấn đấu 100% cơ sở giáo dục sử dụng học bạ số trước 31/12/2025.": one target, its year the date's."""
    folded = fold_aligned(sentence)
    opening = _GOAL_WORDS_RE.match(folded)
    if not opening:
        return None  # most sentences: the search for a time at the end (tried at every space) is spared
    when = _TRAILING_TIME_RE.search(folded)
    if not when:
        return None
    # A day named ("trước 31/12/2025") stays in the indicator's words: the year alone would lose it.
    dated = "/" in when.group(0)
    return _clause_target(sentence[opening.end() : len(sentence) if dated else when.start()], when["y"])


# "..., để phấn đấu đến 31/12/2025 đạt 80% hồ sơ ... và 100% trường học ..., Chủ tịch UBND ... yêu cầu":
# the goals a letter's opening sentence sets, inside it. The values run to a ";", a sentence's end or a comma
# before a capital (the sentence going on with who asks what).
# "; đến hết quý I/2026, 80% …": a later clause of the same sentence sets goals for another time; "… bảo đảm
# mục tiêu đến 31/12/2025 có 100% xã …" sets them the same way.
_GOAL_INSIDE_RE = re.compile(
    # "…; đến năm 2026 …", "…, đến hết năm 2026 có 70% …": a later clause sets goals of another time
    rf"(?:\bph{_W}n\s+d{_W}u|\bm{_W}c\s+ti{_W}u|(?P<more>[;,]))\s+(?:d{_W}n|trong|tr{_W}{{1,2}}c)\s+(?:h{_W}t\s+)?"
    rf"(?:ng{_W}y\s+|n{_W}m\s+)?"
    rf"(?:qu{_W}{{1,2}}\s+[ivx]{{1,3}}\s*/\s*|th{_W}ng\s+\d{{1,2}}\s*/\s*)?"
    r"(?:\d{1,2}/)?(?:\d{1,2}/)?(?P<y>(?:19|20)\d{2})\s*[,:]?\s*"
    rf"(?:(?:d{_W}t|c{_W})\s+)?(?=\d)"
)
# "Phấn đấu đến 30/6/2026: 85% hồ sơ …; không còn hồ sơ quá hạn; 100% tổ dân phố …": the clauses after ";"
# that open with a value are goals of the same time; one opening with a time ("; đến hết quý I/2026, …",
# ", đến hết năm 2026 có 70% …") starts goals of its own.
_TIME_CLAUSE_RE = re.compile(rf"\s*(?:d{_W}n|trong|tr{_W}{{1,2}}c)\s")
_GOALS_END_RE = re.compile(
    r";|\.(?!\d)|,\s+(?=[A-ZĐÀ-Ỹ])|,\s+(?=(?:đến|trong|trước)\s+(?:hết\s+)?(?:ngày|tháng|quý|năm)\b)"
)
_NEXT_VALUE_RE = re.compile(r"\s*,\s*(?=\d)|\s+(?:và|va)\s+(?=\d)")


def goals_inside(text: str) -> list[Target]:
    """The targets a sentence sets after "phấn đấu đến <time>" in its middle ("để phấn đấu đến hết năm 2025
    đạt 80% hồ sơ nộp trực tuyến và 100% trường học thu học phí không dùng tiền mặt, ..."), one per value."""
    folded = fold_aligned(text)
    out: list[Target] = []
    for m in _GOAL_INSIDE_RE.finditer(folded):
        if m["more"] and not out:
            continue  # a clause after ";" goes on with goals only once "phấn đấu" has set some
        start = m.end()
        while True:
            end = _GOALS_END_RE.search(text, start)
            values = text[start : end.start() if end else len(text)]
            if values.lstrip()[:1].isdigit():
                for piece in _NEXT_VALUE_RE.split(values):
                    target = _clause_target(piece, m["y"])
                    if target:
                        out.append(target)
            if not end or end.group(0) != ";" or _TIME_CLAUSE_RE.match(folded, end.end()):
                break
            start = end.end()
    return out


def heading_year(heading: str | None) -> str | None:
    """The year a goals heading sets ("II. MỤC TIÊU ĐẾN HẾT NĂM 2025" → "2025")."""
    if not heading:
        return None
    folded = fold_aligned(heading)
    if not re.search(rf"m{_W}c\s+ti{_W}u|ch{_W}\s+ti{_W}u", folded):
        return None
    head = _year_head(folded)
    return (head["y"] or head["yd"] or head["yq"]) if head else None


def is_goals_heading(heading: str | None) -> bool:
    """A section heading that lists targets ("II. CHỈ TIÊU", "3. Mục tiêu cụ thể")."""
    return bool(heading) and bool(re.search(rf"m{_W}c\s+ti{_W}u|ch{_W}\s+ti{_W}u", fold_aligned(heading)))


def period_end_year(title: str | None) -> str | None:
    """The last year a plan's title names ("... giai đoạn 2025 - 2026" → "2026"): the year its targets hold
    for when the targets heading names none."""
    years = re.findall(r"(?<![\d/])(?:19|20)\d{2}(?!\d)", title or "")
    return max(years) if years else None


def _sentence_targets(
    chunk: list[tuple[int, str]], *, goals_only: bool = False, year: str | None = None
) -> list[Target]:
    """Targets written as sentences under a year: "Đến năm 2030:" then "- Tỷ lệ ... đạt 100%; tỷ lệ ...
    đạt 90%." (or all on one line), or the value first ("Phấn đấu đến hết năm 2025, 100% hồ sơ ... được số
    hóa"). Each clause "<indicator> đạt <value>" or "<value>% <indicator>" is a target for that year.

    With `goals_only` (a section that is not about goals), only a sentence opening with "Phấn đấu" or
    "Mục tiêu" and a year, and the bullets right under it, are read."""
    targets: list[Target] = []
    for s in _sentences(chunk):
        folded = fold_aligned(s)
        body = _BULLET_RE.match(s)
        goal = _goal_with_year_at_end(body["rest"] if body else s)
        if goal:
            targets.append(goal)
            continue
        head = _year_head(folded[:60])
        if head and (head.start() < 30):
            year = head["y"] or head["yd"] or head["yq"]
            if goals_only and not _GOAL_OPENING_RE.match(folded):
                year = None
        elif goals_only and not _BULLET_RE.match(s):
            year = None
        if year is None:
            continue
        body = _BULLET_RE.match(s)
        text = body["rest"] if body else s
        if head and folded[head.end() : head.end() + 2].strip()[:1] in (":", ","):
            text = s[head.end() :].lstrip(" :,")
        clause_year = year
        for clause in _CLAUSE_RE.finditer(text):
            part = clause.group()
            own = _year_head(fold_aligned(part[:48]))
            if own and own.start() < 12:
                # "…: 75% …; đến hết năm 2026: 60% …": a clause opening with a year of its own
                clause_year = own["y"] or own["yd"] or own["yq"]
                part = part[own.end() :].lstrip(" :,")
            target = _clause_target(part, clause_year, loose=not goals_only)
            if target:
                targets.append(target)
    return targets


def _sentences(chunk: list[tuple[int, str]]) -> list[str]:
    """The chunk's lines with wrapped ones joined: a bullet, a blank line or a line after one ending a
    sentence (".", ":", ";") starts anew."""
    out: list[str] = []
    open_line = False
    for _i, line in chunk:
        s = line.strip()
        if not s:
            open_line = False
            continue
        if open_line and out and not _BULLET_RE.match(s):
            out[-1] = _join(out[-1], s)
        else:
            out.append(s)
        open_line = not s.endswith((".", ":", ";"))  # `s` is stripped
    return out


# "100% hồ sơ thủ tục hành chính được số hóa", "trên 80% người dân có tài khoản": the value first (after
# "Phấn đấu", the goal's own word).
_VALUE_FIRST_RE = re.compile(
    rf"^\W*(?:ph{_W}n\s+d{_W}{{1,2}}u\s+(?:d{_W}t\s+)?)?(?P<value>(?:(?:tr{_W}n|t{_W}i\s+thi{_W}u|{_W}t\s+nh{_W}t|kho{_W}ng|h{_W}n|>|≥)\s*)*\d+(?:[.,]\d+)?\s*%"
    r"|\d{1,4}\s*/\s*\d{1,4}(?!\s*/))"  # "11/11 thôn có ...": so many of all
    r"\s+(?P<indicator>[^\W\d_].*)$"
)


def _value_first_target(clause: str, folded: str, year: str) -> Target | None:
    m = _VALUE_FIRST_RE.match(folded)
    if not m:
        return None
    indicator = clause[m.start("indicator") :].strip(" .,;:")
    if len(indicator) < 8 or not _looks_like_words(indicator):
        return None
    value = re.sub(r"\s+", " ", clause[m.start("value") : m.end("value")]).strip()
    unit = "%" if value.endswith("%") else None
    return Target(indicator=indicator[0].upper() + indicator[1:], values={year: value}, unit=unit)


# "Kinh tế số chiếm 12% GRDP của tỉnh": a share of a whole.
_SHARE_RE = re.compile(
    r"\s(?:chi[a-z0-9]{1,2}m)\s+(?P<value>(?:tr\w{1,2}n\s+|kho\w{1,2}ng\s+)?\d+(?:[.,]\d+)?\s*%)\s+(?P<whole>\S.*)$"
)
# "Hỗ trợ ít nhất 2.000 người dân ...", "Mỗi chi đoàn có tối thiểu 01 công trình": a quantity to reach.
_AT_LEAST_RE = re.compile(
    rf"\b(?P<value>(?:{_W}t\s+nh{_W}t|t{_W}i\s+thi{_W}u|tr{_W}n)\s+\d+(?:[.,]\d+)*\s*%?)(?=\s|$)"
)


# "600 người cao tuổi được hướng dẫn …", "05 mô hình …": a number of things to reach (not a year, a date
# or a share).
_COUNT_FIRST_RE = re.compile(r"^\W*(?P<value>\d{1,3}(?:[.,]\d{3})+|\d{1,4})\s+(?P<indicator>[^\W\d_].*)$")


# "… thuộc nhóm 30 tỉnh, thành phố dẫn đầu", "… nằm trong top 10 …", "… đứng trong nhóm 20 đơn vị dẫn đầu".
_RANK_RE = re.compile(
    rf"\s(?:thu{_W}c|n{_W}m\s+trong|d{_W}ng\s+trong|v{_W}o)\s+(?P<value>(?:nh{_W}m|top)\s+\d{{1,3}}\b.*)$"
)


def _loose_target(clause: str, folded: str, year: str) -> Target | None:
    """Under a targets heading: a share ("X chiếm 12% GRDP") or a least quantity ("hỗ trợ ít nhất 2.000
    người dân ...") is a target too, the clause its indicator."""
    text = clause.strip(" .,;:")
    share = _SHARE_RE.search(folded[: len(text)])
    if share:
        part = text[: share.start()].strip(" ,:-–")
        whole = text[share.start("whole") :].strip()
        if part and _looks_like_words(part + " " + whole):
            value = re.sub(r"\s+", " ", text[share.start("value") : share.end("value")])
            part = part[0].lower() + part[1:] if not part[:2].isupper() else part
            return Target(indicator=f"Tỷ trọng {part} trong {whole}", values={year: value}, unit="%")
    least = _AT_LEAST_RE.search(folded[: len(text)])
    if least and _looks_like_words(text):
        text = re.sub(r"^\W+", "", text)
        value = re.sub(r"\s+", " ", text[least.start("value") : least.end("value")])
        return Target(
            indicator=text[0].upper() + text[1:], values={year: value}, unit="%" if "%" in value else None
        )
    rank = _RANK_RE.search(fold_aligned(text))
    if rank and _looks_like_words(text[: rank.start()]):
        # "chỉ số DTI của tỉnh thuộc nhóm 30 tỉnh, thành phố dẫn đầu": a place in a ranking to reach.
        indicator = re.sub(r"^\W+", "", text[: rank.start()]).strip(" ,")
        value = re.sub(r"\s+", " ", text[rank.start("value") :]).strip()
        return Target(indicator=indicator[0].upper() + indicator[1:], values={year: value}, unit=None)
    count = _COUNT_FIRST_RE.match(text)
    if count and not re.fullmatch(r"(?:19|20)\d\d", count["value"]):
        things = count["indicator"].strip()
        if len(things) >= 8 and _looks_like_words(things):
            return Target(indicator=things[0].upper() + things[1:], values={year: count["value"]}, unit=None)
    return None


def _clause_target(clause: str, year: str, *, loose: bool = False) -> Target | None:
    folded = fold_aligned(clause)
    m = _REACHES_RE.search(folded)
    if not m:
        found = _value_first_target(clause, folded, year)
        if found is None and loose:
            found = _loose_target(clause, folded, year)
        return found
    indicator = re.sub(r"^\W+", "", clause[: m.start()]).strip(" ,:")
    folded_indicator = fold_aligned(indicator)
    trailing = re.search(rf"\s+(?:ph{_W}n\s+d{_W}u|ph{_W}i|c{_W}n)$", folded_indicator)  # "... phấn đấu đạt"
    if trailing:
        indicator = indicator[: trailing.start()]
    if len(indicator) > 120:  # a long sentence: the indicator is its "chỉ số ..."/"tỷ lệ ..." part
        named = list(
            re.finditer(rf"\b(?:ch{_W}\s+s{_W}|t{_W}\s+l{_W})\s", folded_indicator[: len(indicator)])
        )
        if named:
            indicator = indicator[named[-1].start() :]
    if not indicator or not _looks_like_words(indicator):
        return None
    indicator = indicator[0].upper() + indicator[1:]
    value = re.sub(r"\s+", " ", clause[m.start("value") : m.end("value")]).strip()
    unit = "%" if value.endswith("%") else (clause[m.start("unit") : m.end("unit")].strip() or None)
    return Target(indicator=indicator, values={year: value}, unit=unit)
