"""The header of a plan: issuer, number ("Số: 47a/KH-UBND"), date of issue, the title after "KẾ HOẠCH", the
documents it implements (preamble) and the plans it replaces."""

from __future__ import annotations

import re
from datetime import date

from knowledge.deadline import NGAY, compile_literal_first
from knowledge.fold import fold_aligned, fold_aligned_lines, fold_words
from knowledge.models import ParsedPlan
from knowledge.plan_parser.region import plan_region
from knowledge.plan_parser.sections import _ROMAN_START_RE, _heading_kind
from knowledge.plan_parser.text import _BULLET_RE, _ITEM_RE, _LOWER, _W, _starts_upper
from knowledge.units import match_unit_at_start

_NUMBER_RE = re.compile(
    r"\bS[ốoôơ0-9é¢&]?\s*[:;.]?\s*(?P<num>\d{1,5}[a-zA-Z]?)?\s*(?:[-/]|\s)?\s*[JI/]?\s*"
    r"(?P<sym>(?:KH|QĐ|QD|KL|CTr|CV|TB|BC|NQ|CT)\s*[-/]\s*[A-ZĐa-zđ&]+(?:\s*[-/]\s*[A-ZĐa-zđ&]+"
    # An office's code ends the symbol with its digits ("2731/KH-CAT-PC06"): one or two, not a year.
    r"(?:\d{1,2}(?!\d))?)?)"
)
# A dispatch's or a decision's number whose symbol names only the issuer and its office ("Số: 1186/UBND-VP",
# "Số: 57/ĐU-VP"): read after the "Số" label only, where nothing else can follow it.
_LABELLED_NUMBER_RE = re.compile(
    r"^\s*S[ốoô]\s*[:.]?\s*(?P<num>\d{1,5}[a-zA-Z]?)\s*/\s*(?P<sym>[A-ZĐ]{2,}(?:-[A-ZĐ][A-ZĐa-z]*){1,2})(?![\w/-])"
)
_ISSUED_RE = compile_literal_first(
    rf"{NGAY}\s*(?P<d>\d{{1,2}})\s*th{_W}{{1,3}}ng\s*(?P<m>\d{{1,2}})\s*n{_W}{{1,2}}m\s*(?P<y>(?:19|20)\d{{2}})"
)
_DOCNUM_RE = re.compile(
    r"\b(?P<n>\d{1,5}[a-z]?)\s*(?P<s1>[-/])\s*(?P<k>NQ|KH|CTr|QĐ|QD|TB|CT|KL|QH\d*|NĐ)\s*(?P<s2>[-/])\s*"
    r"(?P<o>[A-ZĐ][A-ZĐa-z0-9]*(?:-[A-ZĐ][A-ZĐa-z0-9]*)?)"
)
# Documents that carry a plan's work under another name: a Party committee's resolution or programme, a
# chairman's decision that issues the plan attached to it ("QUYẾT ĐỊNH / Ban hành Kế hoạch ..."), a notice of
# conclusions giving work ("THÔNG BÁO / Kết luận của Chủ tịch UBND … tại cuộc họp …").
_OTHER_KINDS = frozenset(
    {
        "nghi quyet",
        "nghi quyet chuyen de",
        "chuong trinh hanh dong",
        "chuong trinh",
        "quyet dinh",
        "thong bao",
    }
)
# "thay thế Kế hoạch số 455/KH-UBND", "thay thế Nghị quyết số 03-NQ/ĐU", "thay thế Chương trình số 12-CTr/ĐU"
_REPLACES_RE = compile_literal_first(
    rf"\bthay\s+th{_W}{{0,2}}\s+(?:cho\s+)?"
    rf"(?:(?:k{_W}\s+ho{_W}{{1,2}}ch|ngh{_W}\s+quy{_W}t|ch{_W}{{1,2}}ng\s+tr{_W}nh(?:\s+h{_W}nh\s+d{_W}ng)?"
    rf"|quy{_W}t\s+d{_W}nh|c{_W}ng\s+v{_W}n|th{_W}ng\s+b{_W}o)\s+)?(?:s{_W}{{0,2}}\s+)?"
    r"(?P<num>\d{1,5}[a-z]?\s*[-/]\s*[a-z]{2,4}\s*[-/]\s*[a-z0-9]+(?:-[a-z0-9]+)?)"
)
_MOTTO_RE = compile_literal_first(
    rf"c{_W}ng\s+h{_W}a\s+x|\b[dpb]{_W}c\s+\S{{2,4}}\s*[-–—]\s*t|d{_W}{{0,2}}ang\s+c{_W}ng\s+s{_W}n|\bd{_W}c\s+l{_W}p\b"
)
_SYMBOL_DIACRITICS = {"BCD": "BCĐ", "DU": "ĐU", "HDND": "HĐND", "BCDTW": "BCĐTW", "QD": "QĐ", "DCS": "ĐCS"}


def _parse_header(lines: list[str], folded: list[str], plan: ParsedPlan) -> int:
    """Fill number, issuer, date, title, implemented documents; return the first line of the body."""
    limit = min(len(lines), 40)
    number_line = None
    for i in range(limit):
        m = _NUMBER_RE.search(lines[i])
        if m and (i < 15 or folded[i].lstrip().startswith("s")):
            plan.number = _format_number(m["num"], m["sym"])
            number_line = i
            break
    title_line = None
    same_line_title = ""
    carried_on = False  # a same-line title the lines below carry on ("… NĂM 2026" / "của Hội …")
    for i in range(limit):
        f = fold_words(lines[i])
        if f in ("ke hoach",) or (f.startswith("ke hoach") and len(f) <= 14):
            title_line = i
            break
        if f in _OTHER_KINDS and lines[i].strip().isupper() and i < 25:
            # "NGHỊ QUYẾT CHUYÊN ĐỀ", "CHƯƠNG TRÌNH HÀNH ĐỘNG", "QUYẾT ĐỊNH": a plan under another name, its
            # title on the lines below as under "KẾ HOẠCH".
            title_line = i
            break
        if (
            (f.startswith("chuong trinh cong tac") or f.startswith("nghi quyet "))
            and lines[i].strip().isupper()
            and i < 25
        ):
            # "CHƯƠNG TRÌNH CÔNG TÁC NĂM 2026": a work programme, a plan under its own name, which is its title
            # ("Chương trình công tác năm 2026"), carried on by the lines below; so is a cell's "NGHỊ QUYẾT CHI
            # BỘ THÁNG 12/2025" (the resolution of the month).
            title_line = i
            same_line_title = lines[i].strip().capitalize()
            carried_on = True
            break
        head = lines[i].strip()[:8]
        if f.startswith("ke hoach ") and head.upper() == head and i < 25:
            # "KẾ HOẠCH Triển khai ...": the title shares the line.
            title_line = i
            same_line_title = re.sub(r"^\W*\S+\s+\S+\s*", "", lines[i].strip())
            break
    for i in range(min(limit, 15)) if number_line is None else ():
        m = _LABELLED_NUMBER_RE.search(lines[i])
        if m:
            plan.number = f"{m['num']}/{m['sym']}"
            number_line = i
            break
    if number_line is None:
        # "Số" lost to OCR: a plan symbol ("12/KH-UBND") in the header still names the plan.
        for i in range(title_line if title_line is not None else min(limit, 12)):
            m = _DOCNUM_RE.search(lines[i])
            if m and m["k"] == "KH":
                plan.number = _format_number(m["n"], f"{m['k']}{m['s2']}{m['o']}")
                number_line = i
                break
    date_limit = min(limit, (title_line if title_line is not None else 15) + 2)
    for i in range(date_limit):
        m = _ISSUED_RE.search(folded[i])
        if m:
            try:
                plan.issued_on = date(int(m["y"]), int(m["m"]), int(m["d"]))
            except ValueError:
                plan.problems.append(f"ngày ban hành không hợp lệ: {m.group(0)}")
            break
    issuer_end = number_line if number_line is not None else (title_line if title_line is not None else 0)
    # The body writes the issuer's name in running text ("Ban Chỉ đạo ... thành phố ban hành"): its casing.
    context = "\n".join(lines[issuer_end : issuer_end + _CONTEXT_LINES])
    plan.issuer = _issuer(lines[:issuer_end], folded[:issuer_end], context)

    if title_line is not None:
        body_start = title_line + 1
    else:  # no "KẾ HOẠCH" line: the body follows the number, or is the whole text (no header at all)
        body_start = number_line + 1 if number_line is not None else 0
    title_parts: list[str] = [same_line_title] if same_line_title else []
    i = body_start
    if title_line is not None and (carried_on or not same_line_title):
        while i < len(lines) and not lines[i].strip():
            i += 1
        while i < len(lines) and len(title_parts) < 8:
            if not lines[i].strip():
                # A blank line ends the title unless the next line carries on in lower case (a .docx
                # writes each title line as its own paragraph).
                nxt = next((k for k in range(i + 1, min(len(lines), i + 3)) if lines[k].strip()), None)
                if nxt is None or not title_parts or _starts_upper(lines[nxt].strip()):
                    break
                i = nxt
            if title_parts and _ends_title(lines[i], folded[i]):
                break
            if not title_parts and (_ROMAN_START_RE.match(lines[i].strip()) or _ITEM_RE.match(lines[i])):
                break  # no title line at all: the body starts
            title_parts.append(lines[i].strip())
            i += 1
    if title_line is None:
        # A dispatch letter ("công văn"): its subject ("V/v triển khai ...") is its title, and the
        # addressees under "Kính gửi:" are whom it is sent to, not work.
        subject = _dispatch_subject(lines, folded, body_start)
        if subject:
            title_parts, i = [subject[0]], subject[1]
        i = _after_addressees(lines, folded, i)
    plan.title = re.sub(r"\s+", " ", " ".join(title_parts)).strip()
    intro_end = _first_heading(lines, folded, i)
    plan.implements = _documents(" ".join(lines[body_start:intro_end]), plan.number)
    plan.region = plan_region("\n".join(lines[:intro_end]), plan.issuer)
    return i


_SUBJECT_RE = re.compile(r"^\s*v\s*/\s*v\s*[:.]?\s*(?=\S)")
_ADDRESSEES_RE = compile_literal_first(rf"^\s*k{_W}nh\s+g{_W}{{1,2}}i\s*:?")
_SUBJECT_WINDOW = 4  # lines after the number where the subject may stand
_ADDRESSEES_WINDOW = 4  # lines after the subject where "Kính gửi" may stand


def _dispatch_subject(lines: list[str], folded: list[str], start: int) -> tuple[str, int] | None:
    """(subject, next line) of a dispatch's "V/v ..." line and the lines carrying it on (up to a blank line
    or "Kính gửi"), when one stands right after the number; else None."""
    for k in range(start, min(len(lines), start + _SUBJECT_WINDOW)):
        m = _SUBJECT_RE.match(folded[k])
        if not m:
            continue
        parts = [lines[k][m.end() :].strip()]  # the folded line is aligned with the line
        j = k + 1
        while j < len(lines) and lines[j].strip() and not _ADDRESSEES_RE.match(folded[j]):
            if _ends_title(lines[j], folded[j]):
                break
            parts.append(lines[j].strip())
            j += 1
        return " ".join(parts), j
    return None


def _after_addressees(lines: list[str], folded: list[str], start: int) -> int:
    """The line after a "Kính gửi:" block (the addressees on its line or listed under it, up to a blank
    line or the first line that is not in the list), or `start` when none follows within a few lines."""
    for k in range(start, min(len(lines), start + _ADDRESSEES_WINDOW)):
        if not _ADDRESSEES_RE.match(folded[k]):
            if lines[k].strip():
                return start  # text before any "Kính gửi": the letter's body
            continue
        j = k + 1
        while (
            j < len(lines)
            and lines[j].strip()
            and (_BULLET_RE.match(lines[j].strip()) or _continues(lines, j))
        ):
            j += 1
        return j
    return start


def _continues(lines: list[str], j: int) -> bool:
    """An addressee's name wrapped onto the next line: the line above is not closed by ";" or ".", and
    was a dash of the list ("- Ngân hàng … chi nhánh" / "Bến Gỗ.") or this line carries on in lower case."""
    above = lines[j - 1].strip()
    if above.endswith((";", ".", ":")):
        return False
    return bool(_BULLET_RE.match(above)) or lines[j].strip()[:1].islower()


_INTRO_START_RE = re.compile(rf"^\W*(?:c{_W}n\s+c{_W}|th{_W}{{1,2}}c\s+hi{_W}n|thi\s+h{_W}nh|nh{_W}m)\b")


def _ends_title(line: str, folded: str) -> bool:
    """A line that cannot carry on the title: a heading, an item, a bullet, a rule ("-----") or the
    opening of the preamble ("Căn cứ ...", "Thực hiện ..."), for text whose blank lines were lost."""
    stripped = line.strip()
    return bool(
        _heading_kind(line, folded) is not None
        or _ITEM_RE.match(line)
        or _BULLET_RE.match(stripped)
        or not any(ch.isalnum() for ch in stripped)
        # "Thực hiện ..." opens the preamble; "thực hiện ..." in lower case carries the title on ("...,
        # thực hiện Nghị quyết số 57-NQ/TW").
        or (_INTRO_START_RE.match(folded) is not None and _starts_upper(stripped))
    )


def _format_number(num: str | None, sym: str) -> str:
    sym = re.sub(r"\s+", "", sym)
    parts = re.split(r"([-/])", sym)
    parts = [_SYMBOL_DIACRITICS.get(p.upper(), p) if p not in "-/" else p for p in parts]
    sym = "".join(parts)
    if not num:
        return sym
    # Party documents write "17-KH/ĐU" (dash before the kind), government ones "47a/KH-UBND".
    party = len(parts) >= 3 and parts[1] == "/"
    return f"{num}-{sym}" if party else f"{num}/{sym}"


_CONTEXT_LINES = 40


def _issuer(lines: list[str], folded: list[str], context: str = "") -> str | None:
    kept: list[str] = []
    for line, f in zip(lines, folded, strict=False):
        cut = len(line)
        if "|" in line:  # a .docx header table: the issuer is the left column
            cut = line.index("|")
        m = _MOTTO_RE.search(f)
        if m and m.start() < cut:
            cut = m.start()
        date_m = re.search(rf",?\s*{NGAY}\s*\d", f)
        if date_m and date_m.start() < cut:
            cut = date_m.start()
            # Drop the place name written before the date ("Hải Phòng, ngày ...").
            head = line[:cut]
            place = re.search(rf"(?:\s+[A-ZĐ][^\sA-Z]*{_LOWER}[^\s]*)+\s*,?\s*$", head)
            if place:
                cut = place.start()
        piece = re.sub(r"\s{2,}.*$", "", line[:cut].strip()).strip(" *;:-")
        if re.search(r"[^\W\d_]{2,}", piece):  # any letters: "SỞ Y TẾ" holds no two ASCII ones
            kept.append(piece)  # a trailing comma kept: the name goes on ("KHOA HỌC," / "CÔNG NGHỆ")
    if not kept:
        return None
    start = 0
    body = re.compile(
        rf"^(?:ban|s{_W}|ubnd|{_W}y\s+ban|c{_W}ng\s+an\s+(?:t{_W}nh|th{_W}nh\s+ph{_W}|huy{_W}n|x{_W}|ph{_W}{{1,3}}ng)|d{_W}{{1,2}}ng\s+{_W}y|ph{_W}ng|v{_W}{{1,2}}n\s+ph|trung\s+t{_W}m|x{_W}|ph{_W}{{1,2}}ng|huy{_W}n"
        # "UBND XÃ AN PHÚ / TRƯỜNG THCS AN PHÚ": a school under the commune's committee issues on its own.
        rf"|tr{_W}{{1,2}}ng\s+(?:th{_W}*|m{_W}m|m{_W}u|ti{_W}u|trung|ph{_W}\s+th{_W}*|d{_W}n\s+t{_W}c|cao|d{_W}i)"
        # "ĐẢNG BỘ XÃ HÀ AN / CHI BỘ THÔN 3": the cell under the commune's Party organisation issues.
        rf"|chi\s+(?:b{_W}|{_W}o{_W}n|h{_W}i)\s+(?:th{_W}n|{_W}p|b{_W}n|khu|t{_W}|x{_W}m|l{_W}ng)"
        # "SỞ Y TẾ … / BỆNH VIỆN ĐA KHOA TỈNH", "QUÂN KHU 4 / BỘ CHỈ HUY QUÂN SỰ": a hospital, a military
        # command under the body above issues on its own.
        rf"|b{_W}nh\s+vi{_W}n|b{_W}\s+ch{_W}\s+huy"
        # "UBND XÃ MƯỜNG KHOA / TRẠM Y TẾ": the commune's health station issues on its own; "TỔNG LIÊN ĐOÀN
        # LAO ĐỘNG VIỆT NAM / LIÊN ĐOÀN LAO ĐỘNG TỈNH X": the province's labour federation under the national one.
        rf"|tr{_W}m\s+y\s+t{_W}|li{_W}n\s+d{_W}{{1,2}}n\s+lao\s+d{_W}ng\s+(?:t{_W}nh|th{_W}nh\s+ph{_W}|huy{_W}n|qu{_W}n))\b"
    )
    for k, piece in enumerate(kept):
        if body.match(fold_words(piece)) or _branch_of_national(kept[k - 1] if k else "", piece):
            start = k
    # "ỦY BAN NHÂN DÂN" / "XÃ AN PHÚ": the level line names the body together with the line above it.
    level = re.compile(rf"^(?:x{_W}|ph{_W}{{1,3}}ng|huy{_W}n|t{_W}nh|th{_W}nh\s+ph{_W}|d{_W}c\s+khu)\b")
    if start > 0 and level.match(fold_words(kept[start])):
        start -= 1
    issuer = re.sub(r"\s+", " ", " ".join(kept[start:])).strip(" ,")
    if start > 0 and _SUB_BODY_RE.match(fold_words(kept[start])) and start + 1 < len(kept):
        # "HỘI NÔNG DÂN VIỆT NAM / BAN THƯỜNG VỤ / HỘI NÔNG DÂN TỈNH AN GIANG": the standing board of the body
        # below it (the line above names the national organisation the body belongs to).
        issuer = re.sub(r"\s+", " ", " ".join(kept[start:])).strip(" ,")
        return _tidy_name(issuer, context, "")
    if start > 0 and _SUB_BODY_RE.match(fold_words(kept[start])):
        # "ỦY BAN MTTQ VIỆT NAM / PHƯỜNG MINH THẠCH / BAN THƯỜNG TRỰC": the standing board of the body above.
        issuer = re.sub(r"\s+", " ", " ".join([kept[start], *kept[:start]])).strip(" ,")
        return _tidy_name(issuer, context, "")
    words = fold_words(issuer)
    if level.match(words):
        issuer = "UBND " + issuer
    parent = kept[start - 1].strip(" ,") if start > 0 else ""
    return _tidy_name(issuer, context, parent) + _place_of_level(issuer, parent, context)


def _place_of_level(issuer: str, parent: str, context: str) -> str:
    """ " Bạch Thủy" for "BỆNH VIỆN ĐA KHOA TỈNH" under "SỞ Y TẾ TỈNH BẠCH THỦY": a name ending with a level word
    and no place is of the place the parent line names after that same level; "" otherwise."""
    level = _LEVEL_END_RE.search(fold_words(issuer))
    if not level or not parent:
        return ""
    parent_words = fold_words(parent).split()
    level_words = level.group(0).split()
    n = len(level_words)
    for k in range(len(parent_words) - n, 0, -1):
        if parent_words[k : k + n] == level_words and k + n < len(parent_words):
            place_words = parent_words[k + n :]
            written = _place_as_written(place_words, fold_aligned(context), context)
            return " " + (written or " ".join(w.capitalize() for w in parent.split()[-len(place_words) :]))
    return ""


def _branch_of_national(above: str, line: str) -> bool:
    """ "BẢO HIỂM XÃ HỘI VIỆT NAM" / "BẢO HIỂM XÃ HỘI THÀNH PHỐ X": a line naming the same body as the
    national one above it, for a place, is the local branch that issues; the line above is its parent."""
    top, low = fold_words(above).split(), fold_words(line).split()
    if len(top) < 3 or top[-2:] != ["viet", "nam"]:
        return False
    body = top[:-2]
    return len(body) >= 2 and low[: len(body)] == body and len(low) > len(body)


_SENTENCE_CASE = (
    "Ủy ban Mặt trận Tổ quốc Việt Nam",
    "Ban Thường trực",
    "Ban Thường vụ",
    "Ban Chấp hành",
    "Hội Liên hiệp Phụ nữ",
    "Hội Cựu chiến binh",
    "Hội Nông dân",
    "Đoàn Thanh niên",
    "Công an",
    "Chi bộ",
    "Chi đoàn",
    "Chi hội",
    "Liên đoàn Lao động",
)
_SUB_BODY_RE = re.compile(r"^(?:ban thuong truc|ban thuong vu|ban chap hanh|thuong truc|van phong)$")


def _tidy_name(name: str, context: str = "", parent: str = "") -> str:
    """Upper-case header text to the way names are written: known units canonical; else as the body
    writes the name (with the place the body and the parent body above it give), else title case."""
    unit = match_unit_at_start(name, generic=False)
    if unit and unit[1] >= len(name.rstrip(" .,")) - 1:
        return unit[0] + _place_of_parent(unit[0], parent, context)
    if name.upper() != name:
        return name
    written = None if _ORGAN_RE.match(fold_words(name)) else _as_written(name, context, parent)
    if written:
        return written
    words = []
    for w in name.split():
        if re.fullmatch(r"[A-ZĐ]{2,6}", w) and fold_words(w) in (
            "ubnd",
            "hdnd",
            "mttq",
            "tp",
            "ubmttq",
            "lhpn",
            "thpt",  # "TRƯỜNG THPT BẾN ĐÒ": a school's level stays in capitals
            "thcs",
            "bch",  # "BCH ĐOÀN TNCS HỒ CHÍ MINH": the Youth Union's executive committee
            "tncs",
            "bcd",
            "chqs",
        ):
            words.append(w)
        else:
            words.append(w.capitalize())
    out = " ".join(words)
    out = re.sub(r"\b(?:Ủy|Uy) Ban Nhân Dân\b|\bUy Ban Nhan Dan\b", "UBND", out)
    out = re.sub(r"\b(?:Hội Đồng Nhân Dân|Hoi Dong Nhan Dan)\b", "HĐND", out)
    out = re.sub(r"\b(Đảng|Dang) (Ủy|Uy)\b", lambda m: f"{m.group(1)} {m.group(2).lower()}", out)
    # Names the genre writes in sentence case inside: "Ủy ban Mặt trận Tổ quốc Việt Nam", "Ban Thường trực".
    for written in _SENTENCE_CASE:
        out = re.sub(re.escape(written.title()), written, out)
    for level in (
        "Xã",
        "Phường",
        "Huyện",
        "Tỉnh",
        "Thành Phố",
        "Đặc Khu",
        "Xa",
        "Phuong",
        "Huyen",
        "Tinh",
        "Thôn",
        "Ấp",
        "Khu Phố",
        "Tổ Dân Phố",
    ):
        out = re.sub(rf"(?<=\S) {level}\b", " " + level.lower(), out)
    return out


# "UBND XÃ AN PHÚ", "ĐẢNG ỦY PHƯỜNG ...": an organ and its place, written the short way below.
_ORGAN_RE = re.compile(rf"^(?:ubnd|hdnd|{_W}y\s+ban\s+nh{_W}n|h{_W}i\s+d{_W}ng\s+nh{_W}n|d{_W}ng\s+{_W}y)\b")
_LEVEL_AFTER_RE = re.compile(rf"\s+(?P<level>x{_W}|ph{_W}{{1,3}}ng|huy{_W}n|t{_W}nh|th{_W}nh\s+ph{_W})\b")
_PARENT_ORGAN_RE = re.compile(
    rf"^(?:th{_W}nh\s+{_W}y|t{_W}nh\s+{_W}y|huy{_W}n\s+{_W}y|d{_W}ng\s+b{_W}|d{_W}ng\s+{_W}y|ubnd|{_W}y\s+ban\s+nh{_W}n\s+d{_W}n)"
    rf"(?:\s+(?:x{_W}|ph{_W}{{1,3}}ng|huy{_W}n|t{_W}nh|th{_W}nh\s+ph{_W}))?\s+"
)


# "UBND TỈNH HÒA VÂN", "ĐẢNG ỦY XÃ YÊN BÌNH" above the issuing body: the organ, its level, its place.
_PARENT_PLACE_RE = re.compile(
    rf"^(?:ubnd|{_W}y\s+ban\s+nh{_W}n\s+d{_W}n|d{_W}ng\s+{_W}y|d{_W}ng\s+b{_W})"
    rf"\s+(?P<level>x{_W}|ph{_W}{{1,3}}ng|huy{_W}n|t{_W}nh|th{_W}nh\s+ph{_W})\s+(?P<place>\S.*)$"
)


def _place_of_parent(unit: str, parent: str, context: str) -> str:
    """ " tỉnh Hòa Vân" for "Sở Y tế" under "UBND TỈNH HÒA VÂN": a department or committee that the header
    places under the body of a locality is that locality's ("Sở Y tế tỉnh Hòa Vân"); "" when the parent
    names no place or the name already ends with a level ("Văn phòng HĐND và UBND xã")."""
    if not parent or _LEVEL_END_RE.search(fold_words(unit)):
        return ""
    m = _PARENT_PLACE_RE.match(fold_words(parent))
    if not m:
        return ""
    parent_words = parent.split()
    n_place = len(m["place"].split())
    n_level = len(m["level"].split())
    place = _place_as_written(m["place"].split(), fold_aligned(context), context) or " ".join(
        w.capitalize() for w in parent_words[-n_place:]
    )
    level = " ".join(parent_words[-n_place - n_level : -n_place]).lower()
    return f" {level} {place}"


_LEVEL_END_RE = re.compile(rf"\b(?:x{_W}|ph{_W}{{1,3}}ng|huy{_W}n|t{_W}nh|th{_W}nh\s+ph{_W})$")


def _as_written(name: str, context: str, parent: str) -> str | None:
    """`name` (upper case) as the body writes it: "BAN CHỈ ĐẠO PHÁT TRIỂN KHOA HỌC, ..." is "Ban Chỉ đạo phát
    triển khoa học, ..." in "..., Ban Chỉ đạo phát triển khoa học, ... thành phố ban hành". When the body
    goes on with a level word ("thành phố") and the parent body above names the place ("THÀNH ỦY BẢO
    GIANG"), the place is added: the issuer reads as the body calls it, with the city."""
    words = fold_words(name).split()
    if len(words) < 3 or not context:
        return None
    folded_context = fold_aligned(context)
    m = re.search(r"\b" + r"\W+".join(map(re.escape, words)) + r"\b", folded_context)
    if not m:
        return _as_written_then_place(name, words, folded_context, context)
    written = re.sub(r"\s+", " ", context[m.start() : m.end()])
    written = written[0].upper() + written[1:]
    level = _LEVEL_AFTER_RE.match(folded_context, m.end())
    if level and parent:
        organ = _PARENT_ORGAN_RE.match(fold_words(parent))
        if organ:
            place_words = fold_words(parent)[organ.end() :].split()
            place = _place_as_written(place_words, folded_context, context) or " ".join(
                w.capitalize() for w in parent.split()[-len(place_words) :]
            )
            level_text = re.sub(r"\s+", " ", context[level.start("level") : level.end("level")]).lower()
            written = f"{written} {level_text} {place}"
    return written


def _as_written_then_place(name: str, words: list[str], folded_context: str, context: str) -> str | None:
    """ "Bộ Chỉ huy Quân sự tỉnh Bạch Thủy" for "BỘ CHỈ HUY QUÂN SỰ TỈNH BẠCH THỦY" when the body writes its
    name without its place ("Bộ Chỉ huy Quân sự tỉnh (Bộ CHQS tỉnh) xây dựng …"): the name as written up to
    its level word, then the place as the plan writes it; None unless both are found."""
    level = next((k for k, w in enumerate(words) if k >= 2 and _LEVEL_END_RE.search(w)), None)
    if level is None or level + 1 >= len(words):
        return None
    m = re.search(r"\b" + r"\W+".join(map(re.escape, words[: level + 1])) + r"\b", folded_context)
    place = _place_as_written(words[level + 1 :], folded_context, context)
    if not m or not place:
        return None
    written = re.sub(r"\s+", " ", context[m.start() : m.end()])
    return f"{written[0].upper()}{written[1:]} {place}"


def _place_as_written(words: list[str], folded_context: str, context: str) -> str | None:
    if not words:
        return None
    m = re.search(r"\b" + r"\s+".join(map(re.escape, words)) + r"\b", folded_context)
    if not m or not context[m.start()].isupper():
        return None
    return re.sub(r"\s+", " ", context[m.start() : m.end()])


def _first_heading(lines: list[str], folded: list[str], start: int) -> int:
    for i in range(start, len(lines)):
        if _heading_kind(lines[i], folded[i]) is not None:
            return i
    return len(lines)


def _documents(text: str, own_number: str | None) -> list[str]:
    out: list[str] = []
    own = fold_words(own_number or "")
    for m in _DOCNUM_RE.finditer(text):
        kind = _SYMBOL_DIACRITICS.get(m["k"], m["k"])
        org = "-".join(_SYMBOL_DIACRITICS.get(p, p) for p in m["o"].split("-"))
        number = f"{m['n']}{m['s1']}{kind}{m['s2']}{org}"
        if fold_words(number) != own and number not in out:
            out.append(number)
    return out


def _find_replaces(text: str, folded_lines: list[str]) -> list[str]:
    """The plans `text` says it replaces ("thay thế Kế hoạch số 455/KH-UBND"); `folded_lines` are its lines
    folded (`fold_aligned`)."""
    # Searched in the lowercased text, not with IGNORECASE: the literal "thay" is then found in C, where
    # the case-insensitive pattern was tried at each "t" of the plan (lowercasing maps no other character
    # to these letters, so the same texts pass).
    if not re.search(r"thay\s+th", text.lower()):
        return []
    folded = fold_aligned_lines(text, folded_lines)
    out: list[str] = []
    for m in _REPLACES_RE.finditer(folded):
        raw = re.sub(r"\s+", "", text[m.start("num") : m.end("num")])
        parts = re.split(r"([-/])", raw)
        parts = [
            _SYMBOL_DIACRITICS.get(p.upper(), p.upper() if p.isalpha() and p.lower() != "a" else p)
            for p in parts
        ]
        number = "".join(parts)
        if number not in out:
            out.append(number)
    return out
