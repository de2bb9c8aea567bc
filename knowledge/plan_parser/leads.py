"""Who leads a task and who coordinates: read from its text ("Phòng Kinh tế chủ trì", "giao X chủ trì",
"do X thực hiện", "(X; quý III/2026)", "phối hợp với Y, Z") or from a list of units in a field or a cell."""

from __future__ import annotations

import re
from itertools import islice

from rapidfuzz import fuzz

from knowledge.deadline import compile_literal_first, parse_deadline
from knowledge.fold import fold_aligned, fold_words
from knowledge.models import NONE, ParsedTask
from knowledge.plan_parser.text import _UPPER, _W, _starts_upper, _words
from knowledge.units import PLACE_TAKING, collective_kind, find_units, match_unit_at_start, unify_levels

# "phối hợp với", "phối hợp cùng" (not the "Công" of "phối hợp Công an xã" that follows).
_SUPPORT_CUE_RE = compile_literal_first(rf"\bph{_W}{{1,2}}i\s+h{_W}p(?:\s*(?:v{_W}{{1,2}}i|cung)\b)?")
_LABEL_ROLE = rf"\s+(?:ch{_W}{{1,2}}\s+tr{_W}|th{_W}{{1,2}}c\s+hi{_W}n)\s*[:\-–]\s*"
# "Cơ quan chủ trì:", "Đơn vị thực hiện -", "Trách nhiệm thực hiện:". Written as alternatives that each open
# with their letters (the sentence opening checked behind "th"), so the engine finds where one may start in
# C; with a word boundary or an assertion first, it tried every position of every task (~5x slower).
_LEAD_LABEL_RE = compile_literal_first(
    rf"\bc{_W}\s+quan{_LABEL_ROLE}|\bd{_W}n\s+v{_W}{_LABEL_ROLE}"
    rf"|\btr{_W}ch\s+nhi{_W}m(?:\s+th{_W}{{1,2}}c\s+hi{_W}n)?\s*[:\-–]\s*"
    # "... cắt giảm giấy tờ. Thực hiện: Phòng Văn hóa - Xã hội; thời gian: quý IV/2025": the bare label,
    # opening a sentence (the text, or after ". ", "; ", "( ", a line break), with its colon.
    rf"|th(?:(?<=^th)|(?<=[.;(]\sth)|(?<=\nth)){_W}{{1,2}}c\s+hi{_W}n\s*:\s*"
    # "… nộp trực tuyến — Giao: Phòng Kinh tế; phối hợp: Công an xã": the one given the work, after its label.
    rf"|\bgiao\s*:\s*"
)
_ROLE_ANYWHERE_RE = compile_literal_first(rf"\bch{_W}{{1,2}}\s+tr{_W}\b")
# The same words without the boundary after them: found wherever a search of _ROLE_ANYWHERE_RE confined to a
# window finds them (the window's end stands for the boundary).
_ROLE_WORDS_RE = compile_literal_first(rf"\bch{_W}{{1,2}}\s+tr{_W}")
_DELEGATES_RE = re.compile(
    rf"^\W*(?:giao(?:\s+cho)?|ch{_W}\s+d{_W}o|l{_W}nh\s+d{_W}o|d{_W}\s+ngh{_W}|y{_W}u\s+c{_W}{{1,2}}u)\s+"
)
# "Chi bộ các thôn tổ chức …", "Chi bộ Trường THCS Sơn Khê lãnh đạo …": a Party cell, named, then its work.
_CELL_AT_START_RE = re.compile(
    r"^\W*(Chi bộ (?:các thôn|các tổ dân phố|các khu phố|(?:thôn |tổ dân phố |khu phố )?[A-ZĐÀ-Ỹ]\S*(?: [A-ZĐÀ-Ỹ]\S*){0,5}))"
    r"\s+(?=[a-zđà-ỹ])"
)
_DONE_BY_RE = compile_literal_first(r"\bdo\s+")  # "..., do Văn phòng HĐND và UBND xã thực hiện"
# "Người cao tuổi:", "a) Tuyên truyền:": a short topic label opening a paragraph (not a field's label).
_TOPIC_LABEL_RE = re.compile(r"^\s*(?:[a-zđ]\)\s*)?[A-ZĐÀ-Ỹ][^:.;()\n]{1,48}:\s+(?=[A-ZĐÀ-Ỹ])")
_FIELD_LABEL_RE = re.compile(
    rf"^\W*(?:[a-z]\)\s*)?(?:ph{_W}i\s+h{_W}p|th{_W}{{1,2}}i\s+(?:gian|h{_W}n)|ti{_W}n\s+d{_W}|s{_W}n\s+ph{_W}m"
    rf"|k{_W}t\s+qu{_W}|kinh\s+ph{_W}|ghi\s+ch{_W})"
)
# "chủ trì", "thực hiện", "phụ trách", "đảm nhiệm": what the body after "do" does.
_DONE_ROLES = rf"(?:ch{_W}{{1,2}}\s+tr{_W}|th{_W}{{1,2}}c\s+hi{_W}n|ph{_W}\s+tr{_W}ch|d{_W}m\s+nhi{_W}m)\b"
_DONE_ROLE_AHEAD_RE = re.compile(rf"\s{_DONE_ROLES}")
_DONE_ROLE_RE = re.compile(rf"^\s*{_DONE_ROLES}")
# "... (Phòng Kinh tế; hoàn thành trước 30/9/2026)." at the end of a task: the unit opening it leads.
_CLOSING_PAREN_RE = re.compile(r"\((?P<inside>[^()]{3,160})\)\W*$")
_ROLE_AFTER_RE = re.compile(
    rf"^\W*(?:ch{_W}{{1,2}}\s+tr{_W}\b|l{_W}\s+c{_W}\s+quan\s+ch{_W}{{1,2}}\s+tr{_W}\b)"
)


def _listed_units(text: str, *, in_words: bool = True) -> list[tuple[str, int, int]]:
    """Units listed one after another at the head of `text` ("Công an phường, Tổ công nghệ số cộng
    đồng"): (name, start, end), canonical where known.

    Registered names are matched first, since they hold commas and "và" themselves ("Phòng Kinh tế, Hạ
    tầng và Đô thị"). With `in_words`, a piece between them up to the next comma is a name in the
    document's words; without, the list ends at the first piece that is not a registered unit."""
    found: list[tuple[str, int, int]] = []
    pos = 0
    while pos < len(text):
        sep = re.match(r"[\s.;,]*(?:\bvà\b)?[\s.;,]*", text[pos:])
        pos += sep.end() if sep else 0
        rest = text[pos:]
        if not rest:
            break
        hit = _unit_at_start(rest)
        if hit:
            name, end = hit
            scope = _SCOPE_AFTER_RE.match(fold_aligned(rest[end : end + 40]))
            if scope and not _LEVEL_END_RE.search(_words(name)):
                # "Trạm y tế các xã, phường", "Trung tâm Y tế khu vực": the scope words go with the name.
                name, end = f"{name} {rest[end + 1 : end + scope.end()].strip()}", end + scope.end()
            level = _LONE_LEVEL_RE.match(rest, end) if in_words and name in PLACE_TAKING else None
            if level:  # "Bưu điện phường": the company's office at that level, as `_name_at` reads it
                name, end = f"{name} {level['level']}", level.end()
            place = _PLACE_AFTER_LEVEL_RE.match(rest, end) if _LEVEL_END_RE.search(_words(name)) else None
            if in_words and place:
                # "UBND phường An Lạc" in a list: the place names which one, and is no body of its own.
                name, end = f"{name} {place['place']}", place.end()
            dashed = _DASHED_TAIL_RE.match(rest, end) if in_words else None
            if (
                dashed
                and not match_unit_at_start(dashed["tail"])
                and not _TIME_OPENING_RE.match(fold_aligned(dashed["tail"]))
            ):
                # "Phòng Thanh tra - Kiểm tra": a department named by two fields, the registry knowing the
                # first; the second, capitalised after the dash up to a separator, is the rest of its name.
                name, end = f"{name} – {dashed['tail']}", dashed.end()
            if in_words:
                qualified = _qualified_end(rest, end)
                if qualified:
                    name, end = rest[:qualified].strip(), qualified
                capitalised = _capitalised_end(rest, end)
                if capitalised:  # "Trường Cao đẳng Xây dựng Ninh Sa": the registry knows the head only
                    name, end = rest[:capitalised].strip(), capitalised
        elif in_words:
            end = _in_words_end(rest)
            piece = rest[:end].strip(" .")
            # "Văn phòng Đăng ký đất đai thành phố; …": a level word left after a registered name is its
            # place, no unit of its own.
            bare_level = re.fullmatch(_LEVEL_WORDS, fold_aligned(piece))
            name = piece if 1 < len(piece.split()) <= _MAX_LISTED_WORDS and not bare_level else ""
        else:
            break
        if name and name not in (n for n, _s, _e in found):
            found.append((name, pos, pos + end))
        pos += max(end, 1)
    return found


# Words only, no time ("Công an xã - Quý IV" is a unit and its time).
_TIME_OPENING_RE = re.compile(r"(?:thang|quy|nam|ngay|tuan|truoc|trong|thuong xuyen|hang|dinh ky)\b")
_DASHED_TAIL_RE = re.compile(
    rf"[ ]+[-–][ ]+(?P<tail>{_UPPER}[^\W\d_]*(?:[ ]+[^\W\d_]+){{0,2}})[ ]*(?=[;,.\n]|$)"
)


# After a registered name, lower-case words that narrow it ("UBND các xã có thôn, bản lõm sóng", "Tổ công
# nghệ số cộng đồng các thôn", "Các phòng, đơn vị thuộc UBND xã") belong to the name as written.
_QUALIFIER_RE = re.compile(r"[ ]+(?=[a-zà-ỹđ])")
_MAX_QUALIFIER_WORDS = 8


def _qualified_end(rest: str, end: int) -> int | None:
    """End of the written name when lower-case words narrow the registered one at `end`: up to the next
    ";" (or a comma followed by another name), or None."""
    if not _QUALIFIER_RE.match(rest, end):
        return None
    stop = re.compile(r"[;:()\n]|\.(?:\s|$)").search(rest, end)
    limit = stop.start() if stop else len(rest)
    pos = end
    while True:
        comma = rest.find(",", pos, limit)
        piece_end = comma if comma >= 0 else limit
        piece = rest[pos:piece_end]
        if pos > end and (_starts_upper(piece.strip()) or match_unit_at_start(piece.strip())):
            piece_end = pos - 1  # ", Sở Y tế": the next name
            break
        if comma < 0:
            break
        pos = comma + 1
    tail = rest[end:piece_end].strip(" ,")
    folded = fold_aligned(tail)
    if (
        not tail
        or len(tail.split()) > _MAX_QUALIFIER_WORDS
        or re.fullmatch(_LEVEL_WORDS, folded)
        or _ROLE_IN_TAIL_RE.search(folded)
        or re.match(r"(?:va|voi|cung|de|ve)\b", folded)
    ):
        return None
    return end + len(rest[end:piece_end].rstrip(" ,"))


_CAPITALISED_TAIL_RE = re.compile(rf"[ ]+(?P<tail>{_UPPER}\w*(?:[ ]+\w+){{0,4}})[ ]*(?=[;,.\n]|$)")


def _capitalised_end(rest: str, end: int) -> int | None:
    """End of the written name when capitalised words carry a registered name on to the next separator
    ("Trường Cao đẳng" + "Xây dựng Ninh Sa;"), or None: no second unit opens there, no role follows."""
    m = _CAPITALISED_TAIL_RE.match(rest, end)
    if not m or _UNIT_HEAD_RE.match(_words(m["tail"])) or match_unit_at_start(m["tail"]):
        return None
    folded = fold_aligned(m["tail"])
    if _ROLE_IN_TAIL_RE.search(folded) or re.search(r"\b(?:va|voi|cung)\b", folded):
        return None
    return m.end("tail")


def _in_words_end(rest: str) -> int:
    """End of a name not in the registry, opening `rest`: the next ";" or ",", or "và" before another
    unit ("Đài Phát thanh và Truyền hình tỉnh" is one name, "Hợp tác xã An Phú và Bưu điện xã" two)."""
    for cut in re.finditer(rf"\s*[;,]\s*|\s+và\s+(?={_UPPER})", rest):
        if cut.group().strip() in (";", ","):
            return cut.start()
        after = rest[cut.end() :]
        if _UNIT_HEAD_RE.match(_words(after[:30])) or match_unit_at_start(after):
            return cut.start()
    return len(rest)


_LEVEL_WORDS_VI = r"(?:xã|phường|thị trấn|huyện|tỉnh|thành phố|quận|thị xã|đặc khu)"
_LEVEL_WORDS = rf"(?:x{_W}|ph{_W}{{1,3}}ng|th{_W}\s+tr{_W}n|huy{_W}n|t{_W}nh|th{_W}nh\s+ph{_W})"
# Words that say where a unit named in general is: "các xã, phường", "khu vực", "cấp xã", "tuyến huyện".
_SCOPE_AFTER_RE = re.compile(
    rf"[ ]+(?:c{_W}c\s+{_LEVEL_WORDS}(?:\s*,\s*{_LEVEL_WORDS})*|khu\s+v{_W}c|(?:c{_W}p|tuy{_W}n)\s+{_LEVEL_WORDS})"
    rf"(?![^\W_])"
)
_LEVEL_END_RE = re.compile(rf"\b{_LEVEL_WORDS}$")
_PLACE_AFTER_LEVEL_RE = re.compile(rf"[ ]+(?P<place>{_UPPER}\w*(?:[ ]+{_UPPER}\w*){{0,2}})\s*(?=[;,.]|$)")
_AND_TAIL_RE = re.compile(rf"[ ]+và[ ]+(?={_UPPER})")
_TAIL_END_RE = re.compile(r"[;,.()\[\]|\n:]|[ ][-–][ ]")
_ROLE_IN_TAIL_RE = re.compile(
    rf"\b(?:ch{_W}{{1,2}}\s+tr{_W}|ph{_W}{{1,2}}i\s+h{_W}p|th{_W}{{1,2}}c\s+hi{_W}n|tham\s+m{_W}u|h{_W}{{1,2}}ng\s+d{_W}n)\b"
)
_MAX_AND_TAIL_WORDS = 6
# The words units open with: after "và", one of these starts a second unit, not the rest of a name.
_UNIT_HEAD_RE = re.compile(
    r"^(?:phong|so|trung tam|chi cuc|chi nhanh|ban|to|cong an|doan|hoi|ubnd|uy ban|hdnd|van phong|tram"
    r"|cac|thanh uy|tinh uy|thanh doan|tinh doan|bo|vien|truong|ngan hang|buu dien|dang uy|cong ty"
    r"|hiep hoi|dai|bao(?! cao)|chi doan|chi hoi|chi bo|lien doi|hop tac xa|htx|cau lac bo|doi hinh|benh vien|bao hiem"
    r"|thu vien|bao tang|viettel|vnpt|mobifone|agribank|vietinbank|vietcombank|bidv)\b"
)


def _another_office(written: str, name: str) -> bool:
    """The registry matched a longer name by likeness only: the written name is the registered one's first
    words, then a word unlike the rest ("Phòng Quản lý nhà" is not "Phòng Quản lý công nghệ"), so another
    office. OCR damage changes letters inside words, abbreviations change the first words; neither is this."""
    said, registered = fold_words(written).split(), fold_words(name).split()
    if len(said) < 3 or len(registered) <= len(said) or said[:-1] != registered[: len(said) - 1]:
        return False
    last = said[-1]
    return not any(fuzz.ratio(last, word) >= _LIKE_WORD for word in registered[len(said) - 1 :])


_LIKE_WORD = 70


def _unit_at_start(text: str) -> tuple[str, int] | None:
    """`match_unit_at_start`, with a name that goes on past "và" ("Phòng Quản lý công nghệ và Đổi mới sáng
    tạo"): when what follows "và" is capitalised, no unit itself, and ends (a separator, a role word, the
    end of the text) within a few words, it is the rest of this unit's name, not a second unit."""
    hit = match_unit_at_start(text)
    if not hit:
        return None
    name, end = hit
    if _another_office(text[:end], name):
        return None
    scope = _SCOPE_AFTER_RE.match(fold_aligned(text[end : end + 40]))
    if scope and scope.group().lstrip().startswith("cac ") and not _LEVEL_END_RE.search(_words(name)):
        # "Công an các xã, phường chủ trì": the scope words go with the name, which names every commune's.
        return f"{name} {text[end + 1 : end + scope.end()].strip()}", end + scope.end()
    joint = _AND_TAIL_RE.match(text, end)
    if not joint or _UNIT_HEAD_RE.match(_words(text[joint.end() : joint.end() + 30])):
        return hit  # "Phòng Kinh tế và Công an xã": two units
    if match_unit_at_start(text[joint.end() :]):
        return hit
    stop = _TAIL_END_RE.search(text, joint.end())
    tail_end = stop.start() if stop else len(text)
    role = _ROLE_IN_TAIL_RE.search(fold_aligned(text[joint.end() : tail_end]))
    if role:
        tail_end = joint.end() + role.start()
    tail = text[joint.end() : tail_end].rstrip()
    if (
        not tail
        or len(tail.split()) > _MAX_AND_TAIL_WORDS
        or (not role and stop is None and tail_end < len(text))
    ):
        return hit
    if not role and stop is None and len(text) - joint.end() > 60:
        return hit
    return f"{name} và {tail}", joint.end() + len(tail)


def _named_units(value: str) -> list[str]:
    """The names `_listed_units` finds in a field."""
    return [name for name, _s, _e in _listed_units(value)]


def _lead_of(text: str, *, header: bool) -> str | None:
    """The unit in charge: named at the start ("Phòng Kinh tế chủ trì ...", "Giao Phòng ... chủ trì"), or
    after a label ("Đơn vị thực hiện: ..."), or any unit directly followed by "chủ trì" ("do ... thực
    hiện"), or alone at the head of a closing parenthesis ("... (Phòng Kinh tế; quý III/2026)")."""
    cell = _CELL_AT_START_RE.match(text)
    if cell:
        return cell.group(1)
    # Folding keeps a "(" where it is (and makes none): only a text opening with one is folded for this.
    opening = _OPENING_LEAD_RE.match(fold_aligned(text[:160])) if text[:1] == "(" else None
    if opening:
        # "(Sở Tư pháp chủ trì) Rà soát …", "(Đề nghị Tỉnh đoàn chủ trì) …": the name as written, or as
        # registered when the registry names all of it.
        written = text[opening.start("name") : opening.end("name")].strip(" ,")
        hit = match_unit_at_start(written)
        if hit and hit[1] >= len(written) - 1:
            return hit[0]
        if _starts_upper(written) and len(written.split()) <= _MAX_LISTED_WORDS:
            return written
    label = _TOPIC_LABEL_RE.match(text)
    if label and not _FIELD_LABEL_RE.match(fold_aligned(text[: label.end()])):
        # "Người cao tuổi: Giao Hội Người cao tuổi phường mở lớp …": a paragraph's topic, then the work.
        found = _lead_of(text[label.end() :], header=header)
        if found:
            return found
    hit = _unit_at_start(text)
    if hit:
        name, end = hit
        delegated = _DELEGATES_RE.match(fold_aligned(text[end : end + 40]))
        if delegated:
            # "UBND xã giao Công an xã chủ trì ...", "UBND phường chỉ đạo Phòng Kinh tế rà soát ...": the
            # unit given the work leads it.
            inner = match_unit_at_start(text[end + delegated.end() :])
            if inner and not collective_kind(inner[0]):
                return inner[0]
            if inner:
                # "Ủy ban nhân dân xã chỉ đạo các thôn, tổ dân phố ... thực hiện": a body directing all
                # of its villages or offices answers for the work itself.
                return name
        if header or _ROLE_AFTER_RE.match(fold_aligned(text[end:])) or _verb_follows(text[end:]):
            return name
    folded = fold_aligned(text)
    delegated = _delegated_lead(text, folded)
    if delegated:
        return delegated
    # Every label closes with ":", "-" or "–" (most task texts hold none of them, and are not searched).
    label = _LEAD_LABEL_RE.search(folded) if any(mark in folded for mark in ":-–") else None
    if label:
        # "(Cơ quan chủ trì: Phòng Kinh tế; thời gian: ...)": the unit after the label, else its words.
        after = text[label.end() :]
        hit = match_unit_at_start(after)
        if hit:
            return hit[0]
        words = re.split(r"\s*[;,)(\n]|\.\s|\s[-–]\s", after, maxsplit=1)[0].strip(" .")
        role = _ROLE_IN_TAIL_RE.search(fold_aligned(words))
        if role:  # "Đơn vị thực hiện: Hội Người cao tuổi phường chủ trì, phối hợp ...": the name before it
            words = words[: role.start()].strip(" ,")
        if 2 <= len(words) <= 80:
            return words
    if _ROLE_ANYWHERE_RE.search(folded):
        for name, _s, e in find_units(text):
            if _ROLE_AFTER_RE.match(folded[e:]):
                # "Ban Chỉ đạo 35 Đảng ủy phường chủ trì": the body of the Party committee leads, named
                # by the whole clause that ends with the registered name.
                named = _name_before_role(text, folded)
                if named and len(named) > len(name) and fold_words(named).endswith(fold_words(name)):
                    return named
                return name
        named = _name_before_role(text, folded)
        if named:
            return named
    by = _DONE_BY_RE.search(folded)
    if by:
        hit = match_unit_at_start(text[by.end() :])
        if hit and _DONE_ROLE_RE.match(folded[by.end() + hit[1] :]):
            return hit[0]
        role = _DONE_ROLE_AHEAD_RE.search(folded, by.end(), by.end() + 90)
        if role:
            # "… do Ban Thường trực Ủy ban MTTQ phường đảm nhiệm": the name up to the role word.
            named = text[by.end() : role.start()].strip(" ,")
            hit = match_unit_at_start(named)
            if hit and hit[1] >= len(named) - 1:
                return hit[0]
            if _starts_upper(named) and 2 <= len(named.split()) <= _MAX_LISTED_WORDS:
                return named
    closing = _CLOSING_PAREN_RE.search(text)
    if closing:
        hit = match_unit_at_start(closing["inside"])
        rest = closing["inside"][hit[1] :].strip() if hit else ""
        if hit and (not rest or rest[0] in ";,–-"):  # the unit alone, or first of "unit; time"
            return hit[0]
        return _closing_roles(text)[0]
    return None


# A paragraph opening with its lead in parentheses, perhaps asked of a body outside the issuer's command
# ("Đề nghị", "Đề nghị Tỉnh đoàn chủ trì").
_OPENING_LEAD_RE = re.compile(
    rf"^\(\s*(?:d{_W}\s+ngh{_W}\s+)?(?P<name>[^()]{{2,110}}?)\s+ch{_W}{{1,2}}\s+tr{_W}\s*\)"
)
# Posts and staff a school or an office names as the one in charge: "Đ/c Phó Hiệu trưởng", "Kế toán nhà
# trường", "Nhân viên thư viện", "giáo viên chủ nhiệm", "Cán bộ tư pháp".
_POST_HEAD_RE = re.compile(
    r"^(?:d c|dong chi|giao vien|nhan vien|ke toan|thu quy|thu ky|van thu|hieu truong|pho hieu truong"
    r"|can bo|cong chuc|vien chuc|chu tich|pho chu tich|bi thu|pho bi thu|truong thon|truong ban"
    r"|tong phu trach|to truong|doan truong|chi doan|chi hoi)\b"
)
_MAX_CLOSING_NAME_WORDS = 6
_ROLE_CLOSES_RE = re.compile(rf"\s+(?:ch{_W}{{1,2}}\s+tr{_W}|th{_W}{{1,2}}c\s+hi{_W}n)\s*$")


def _closing_roles(text: str) -> tuple[str | None, list[str]]:
    """The one in charge and the partners a task's closing parenthesis names in the genre's short form:
    "(Tổ Tin học; giáo viên chủ nhiệm phối hợp)", "(Kế toán nhà trường)", "(Đ/c Phó Hiệu trưởng; Công đoàn
    trường phối hợp)". A name not in the registry leads when partners follow it or it opens with a post or
    a unit word; a time ("(quý III/2026)") or an aside ("(nếu có)") names no one."""
    closing = _CLOSING_PAREN_RE.search(text)
    if not closing:
        return None, []
    pieces = [p.strip(" ,.") for p in closing["inside"].split(";")]
    partners: list[str] = []
    for piece in pieces[1:]:
        folded = fold_aligned(piece)
        cues = list(_SUPPORT_CUE_RE.finditer(folded))
        cue = cues[-1] if cues else None
        if cue is None or piece[cue.end() :].strip(" ,.") or not piece[: cue.start()].strip(" ,"):
            continue  # only "B phối hợp", "B và C phối hợp" (the partners, then the cue closing the piece)
        for name, _s, _e in _listed_units(piece[: cue.start()].strip(" ,")):
            if name not in partners and len(name.split()) <= _MAX_PARTNER_WORDS:
                partners.append(name)
    first = pieces[0]
    closes = _ROLE_CLOSES_RE.search(fold_aligned(first))
    if closes and _starts_upper(first):
        # "(Công chức Tư pháp - Hộ tịch thực hiện)": a name, then the role closing the parenthesis.
        first = first[: closes.start()].strip(" ,")
    hit = match_unit_at_start(first)
    if hit and hit[1] >= len(first) - 1:
        return hit[0], partners
    if hit and not all(_starts_upper(w) for w in first[hit[1] :].split()):
        return None, partners  # "(Phòng Nội vụ hướng dẫn chung)": a clause about the unit, not its name
    words = _words(first)
    if _ROLE_IN_TAIL_RE.search(words):
        return None, partners  # "(Sở Tư pháp thực hiện thẩm định)": a clause of its own
    n_words = len(words.split())
    if not 1 < n_words <= _MAX_CLOSING_NAME_WORDS or re.search(r"\d|[:()]", first):
        return None, partners
    if parse_deadline(first).kind != NONE:
        return None, partners
    if partners or _POST_HEAD_RE.match(words) or (_UNIT_HEAD_RE.match(words) and _starts_upper(first)):
        return first, partners
    return None, partners


# Where a sentence inside a task opens (after ". ", "; ", ": ", a line break); the text's own start is read
# by the caller. One class first, so the engine finds the openings in C.
_SENTENCE_START_RE = re.compile(r"[.;:\n](?:(?<=[.;:])\s+|(?<=\n))")
_ROLE_AT_RE = re.compile(rf"\s*(?:ch{_W}{{1,2}}\s+tr{_W}|th{_W}{{1,2}}c\s+hi{_W}n|ph{_W}\s+tr{_W}ch)\b")


def _delegated_lead(text: str, folded: str) -> str | None:
    """The unit given the work by a sentence inside the task ("Tổ chức quán triệt Chương trình. Đảng ủy
    giao Ban Tuyên giáo và Dân vận Đảng ủy chủ trì, phối hợp ..."): the name between the verb of giving
    and "chủ trì", registered when the registry names all of it, else as written."""
    if not _ROLE_WORDS_RE.search(folded):
        return None  # no "chủ trì" for anyone given the work: no unit looked for at every sentence opening
    for start in _SENTENCE_START_RE.finditer(folded):
        at = start.end()
        giver = match_unit_at_start(text[at : at + 160])
        if not giver:
            continue
        given = at + giver[1]
        verb = _DELEGATES_RE.match(folded[given : given + 40])
        if not verb:
            continue
        role = _ROLE_ANYWHERE_RE.search(folded, given + verb.end(), given + verb.end() + 90)
        if not role:
            continue
        written = text[given + verb.end() : role.start()].strip(" ,")
        if not written or re.search(r"[.;:()]", written) or len(written.split()) > _MAX_PARTNER_WORDS + 2:
            continue
        hit = match_unit_at_start(written)
        if hit and hit[1] >= len(written) - 1:
            return hit[0]
        if _starts_upper(written) or written.startswith("các "):
            return written
    return None


_CLAUSE_START_RE = re.compile(r"(?:^|[.;:]\s|\(|,\s|\n)\s*")


def _name_before_role(text: str, folded: str) -> str | None:
    """A unit not in the registry opening the clause that says "chủ trì": "... tại trường. Trường THCS An
    Phú chủ trì, phối hợp ...". The clause must open with a word units open with ("Trường", "Hội",
    "Ban") and be a short capitalised name."""
    for role in _ROLE_ANYWHERE_RE.finditer(folded):
        starts = [m.end() for m in _CLAUSE_START_RE.finditer(text, 0, role.start())]
        begin = starts[-1] if starts else 0
        name = text[begin : role.start()].strip(" ,")
        if (
            _starts_upper(name)
            and 2 <= len(name.split()) <= _MAX_PARTNER_WORDS
            and _UNIT_HEAD_RE.match(_words(name))
        ):
            return name
    return None


def _verb_follows(rest: str) -> bool:
    """After a unit at the start of an item, a verb or a role word means the unit does the task
    ("Văn phòng HĐND và UBND tham mưu ...", "Công an xã chủ trì ...")."""
    return bool(rest.strip()) and not re.match(r"^\s*[(\[]", rest)


_MEMBERS_RE = re.compile(rf"(?:c{_W}c\s+)?th{_W}nh\s+vi{_W}n\s+$")
_LIST_WORDS = {"va", "voi", "cung", "cac", "hoac", "v", "c"}
_PLACE_WORDS = {"tinh", "huyen", "thanh", "pho"}
# Words allowed between "phối hợp" and the first partner ("phối hợp chặt chẽ với ...").
_MAX_WORDS_BEFORE_PARTNERS = 3
_MAX_PARTNER_WORDS = 8  # a partner named in words (not in the registry) is a name, not a clause
# In a field or a cell, where separators bound each name: "Các liên đội trường học trên địa bàn xã".
_MAX_LISTED_WORDS = 10


_CUE_COLON_RE = re.compile(r"\s*[:\-–]\s*")  # "phối hợp:" labels a list of names
_CUE_STOP_RE = re.compile(r"[.;:()]")  # where the partners named after a cue end


def _support_of(text: str, lead: str | None) -> list[str]:
    folded = fold_aligned(text)
    out: list[str] = []
    for m in _SUPPORT_CUE_RE.finditer(folded):
        begin = m.end()
        colon = _CUE_COLON_RE.match(folded, begin)
        if colon:
            begin = colon.end()
        if colon and ":" in colon.group():
            # "Phối hợp: Công an xã; Trung tâm Phục vụ hành chính công xã.", "...; phối hợp: A, B; C.": a
            # label, its value a list of names up to the end of the line or sentence.
            for name in _labelled_partners(text[begin:]):
                if name != lead and name not in out:
                    out.append(name)
            continue
        end = len(text)
        stop = _CUE_STOP_RE.search(folded, begin)
        if stop:
            end = stop.start()
        segment = text[begin:end]
        read = _prose_partners(segment)
        if read:
            # "phối hợp với Trường Tiểu học An Phú, Trường THCS An Phú xây dựng ...", "... với Công an xã và
            # các thôn rà soát ...": a list of whole names, registered or not, then what the task does.
            for name in read:
                if name != lead and name not in out:
                    out.append(name)
            for name in _partners_before(text, folded, m.start()):
                if name != lead and name not in out:
                    out.append(name)
            continue
        previous_end = None
        for name, s, e in find_units(segment):
            between = set(_words(segment[previous_end or 0 : s]).split()) - _LIST_WORDS
            if previous_end is None and len(between) > _MAX_WORDS_BEFORE_PARTNERS:
                break  # "phối hợp ... triển khai chương trình hỗ trợ doanh nghiệp": no partner named
            if previous_end is not None and between:
                break  # the list of partners ended; later units belong to another clause
            members = _MEMBERS_RE.search(fold_aligned(segment[previous_end or 0 : s]))
            if members:
                # "phối hợp với các thành viên Ban Chỉ đạo": the members, not the body itself.
                name = segment[(previous_end or 0) + members.start() : e].strip()
            previous_end = e
            if name != lead and name not in out:
                out.append(name)
        words = segment.strip(" ,")
        closed = stop is not None and folded[stop.start()] in ":;" or stop is None
        listed = _names_in_words(words) if previous_end is None and closed else []
        if listed:
            # Partners not in the registry, closing the clause: "..., phối hợp với Hợp tác xã An Phú:",
            # "phối hợp Ban Quản lý chợ An Phú và các ngân hàng thương mại;".
            for name in listed:
                if name != lead and name not in out:
                    out.append(name)
        elif previous_end is None:
            # A partner not in the registry, then what the task does: "phối hợp Trường THCS An Phú xây dựng
            # ...": the name is its run of capitalised words and ends where the (lower-case) verb starts.
            name = _proper_name(segment)
            if name and name != lead and name not in out:
                out.append(name)
        for name in _partners_before(text, folded, m.start()):
            if name != lead and name not in out:
                out.append(name)
    for name in _partner_clauses(text) if lead else []:
        # "Giao Đoàn Thanh niên tổ chức …, hoàn thành trong tháng 3/2026; Hội Nông dân phối hợp.": a clause
        # of its own after the lead's work, its names then "phối hợp" closing it (or a verb of how they help).
        if name != lead and name not in out:
            out.append(name)
    for name in _closing_roles(text)[1]:
        # "... (Kế toán nhà trường; Ban đại diện cha mẹ học sinh phối hợp)": partners closing the task.
        if name != lead and name not in out:
            out.append(name)
    for m in _HELPING_ROLE_RE.finditer(folded):
        # "(UBND các xã chủ trì, Sở Khoa học và Công nghệ hướng dẫn; ...)": a unit given a helping role
        # beside the lead is a partner too.
        for name in _partners_before(text, folded, m.start()):
            if name != lead and name not in out:
                out.append(name)
    return out


# "; Ban Xây dựng Đảng phối hợp.", "; Phòng Y tế và Công an xã phối hợp thẩm định dự thảo.": a clause that
# names units, then "phối hợp", then nothing or what they do (lower case) to its end.
_PARTNER_CLAUSE_RE = re.compile(rf"^(?P<names>.+?)\s+ph{_W}{{1,2}}i\s+h{_W}p(?P<how>\s+[a-z][^;]*)?\W*$")


def _partner_clauses(text: str) -> list[str]:
    """The units that clauses after the first (split at ";") name as helping: each clause a list of names,
    capitalised or collective, then "phối hợp" (see _PARTNER_CLAUSE_RE)."""
    out: list[str] = []
    for clause in text.split(";")[1:]:
        clause = clause.strip()
        m = _PARTNER_CLAUSE_RE.match(fold_aligned(clause))
        if (
            not m
            or not _starts_upper(clause)
            or (m["how"] and not clause[m.start("how") :].lstrip()[:1].islower())
        ):
            continue  # "; Phòng Tư pháp phối hợp Công an xã kiểm tra": the clause's own lead and partner
        segment = clause[: m.end("names")]
        if _ROLE_ANYWHERE_RE.search(fold_aligned(segment)):
            continue  # "; Công an phường chủ trì, phối hợp với …": the clause's own lead, read elsewhere
        names, previous_end = [], 0
        for name, start, end in _listed_units(segment):
            named = _starts_upper(segment[start:end]) or collective_kind(name)
            if set(_words(segment[previous_end:start]).split()) - _LIST_WORDS or not named:
                names = []
                break
            names.append(name)
            previous_end = end
        if names and not segment[previous_end:].strip(" ,"):
            out.extend(n for n in names if n not in out)
    return out


def _labelled_partners(value: str) -> list[str]:
    """The names after a "Phối hợp:" label, split at ";" (then at "," and "và" between whole names), up
    to the end of the line or sentence, or a piece that is another field ("thời gian: quý IV")."""
    stop = re.search(r"\n|\.(?:\s|$)", value)
    value = value[: stop.start()] if stop else value
    names: list[str] = []
    for piece in value.split(";"):
        if ":" in piece:
            break
        found = _named_units(piece.strip(" ,"))
        if not found:
            break
        names.extend(n for n in found if n not in names)
    return names


def _names_in_words(words: str) -> list[str]:
    """The names a clause lists ("Hợp tác xã chè An Phú và Bưu điện xã"), split at commas and "và": each
    opens with a capital (a name) or with "các" (a group: "các ngân hàng thương mại") and is short; else
    nothing (the clause says more than names)."""
    pieces = [p.strip(" .") for p in re.split(r"\s*[,;]\s*|\s+và\s+", words) if p.strip(" .")]
    if not pieces:
        return []
    for piece in pieces:
        n = len(piece.split())
        if not (_starts_upper(piece) or _words(piece).startswith("cac ")) or not 1 < n <= _MAX_PARTNER_WORDS:
            return []
    return [hit[0] if (hit := match_unit_at_start(p)) and hit[1] >= len(p) - 1 else p for p in pieces]


# "hướng dẫn;", "hỗ trợ,", "tham gia)": alternatives opening with their letters (found in C, see _LEAD_LABEL_RE).
_HELPING_ROLE_RE = compile_literal_first(
    rf"\bh{_W}{{1,3}}ng\s+d{_W}n\s*[;,)]|\bh{_W}\s+tr{_W}\s*[;,)]|\btham\s+gia\s*[;,)]"
)


# "X chủ trì," or "X chủ trì;" opens the partners' clause: "(Văn phòng Đảng ủy chủ trì; Ủy ban Kiểm tra phối hợp)".
_CLAUSE_OPEN_RE = compile_literal_first(r"\bch\w{1,2}\s+tr\w\s*[,;]|[(;:.]")


def _partners_before(text: str, folded: str, cue: int) -> list[str]:
    """Partners named before the cue: "(Sở Tài chính chủ trì, Công an thành phố phối hợp; ...)". The units
    listed from the opening of the clause (a parenthesis, ";", or "X chủ trì,") right up to "phối hợp"."""
    openings = list(_CLAUSE_OPEN_RE.finditer(folded, max(0, cue - 160), cue))
    opened = openings[-1] if openings else None
    if opened is None or not _ROLE_ANYWHERE_RE.search(opened.group()):
        return []  # only "X chủ trì, Y phối hợp" names partners this way ("A phối hợp B" names A as lead)
    segment = text[opened.end() : cue]
    if not segment.strip():
        return []
    names = []
    previous_end = 0
    for name, start, end in _listed_units(segment):
        named = _starts_upper(segment[start:end]) or collective_kind(name)  # "các chi bộ phối hợp" too
        # "Văn phòng Đăng ký đất đai tỉnh, UBND các xã": a level word after a registered name is its place.
        if set(_words(segment[previous_end:start]).split()) - _LIST_WORDS - _PLACE_WORDS or not named:
            return []  # not a list of names ("đơn vị chủ trì, đơn vị phối hợp": words about roles)
        names.append(name)
        previous_end = end
    if not names or segment[previous_end:].strip(" ,"):
        return []
    return names


_NAME_WORD_RE = re.compile(r"\S+")
_NAME_WORDS_READ = _MAX_PARTNER_WORDS + 8

# Groups named in lower case ("các đoàn thể phường", "các khu phố", "các ngân hàng thương mại"), optionally
# placed ("trên địa bàn", a level word).
_GROUP_RE = re.compile(
    rf"c{_W}c\s+(?:t{_W}\s+ch{_W}c\s+)?(?:ho{_W}\s+)?(?:{_W}+\s+)?"
    r"(?:doan the|khu pho|thon|to dan pho|chi doan|chi bo|ngan hang(?: thuong mai)?|doanh nghiep(?: vien thong)?"
    r"|truong hoc|nha truong|truong|hop tac xa|htx|co so giao duc|to cong nghe so cong dong|phong chuyen mon"
    r"|lien doi|to chuc tin dung|nha mang)\b"
)
_GROUP_PLACE_RE = re.compile(rf"(?:\s+tr{_W}n\s+d{_W}a\s+b{_W}n)?(?:\s+{_LEVEL_WORDS})?(?![^\W_])")
# Heads written in lower case after their first word ("Ban quản lý chợ An Phú", "Ngân hàng TMCP ...").
_LOWER_HEAD_RE = re.compile(
    rf"(?:ban\s+(?:qu{_W}n\s+l{_W}|{_W}i{_W}u\s+h{_W}nh)|ng{_W}n\s+h{_W}ng|h{_W}p\s+t{_W}c\s+x{_W}"
    rf"|c{_W}u\s+l{_W}c\s+b{_W}|h{_W}i\s+d{_W}ng|c{_W}ng\s+ty|d{_W}i\s+h{_W}nh)\b"
)
# Not before "," nor "và": "các khu phố làm giàu, làm sạch dữ liệu" goes on with what the task does.
_GROUP_KIND_RE = re.compile(r"(?:[ ]+[a-zà-ỹđ]+){1,2}(?=\s*(?:[;.:)]|$))")
_LONE_LEVEL_RE = re.compile(rf"[ ]+(?P<level>{_LEVEL_WORDS_VI})(?=\s*(?:[;,.:)]|$)|\s+và\s|\s+[a-zà-ỹđ])")
_BRANCH_WORDS_RE = re.compile(rf"(?:chi\s+nh{_W}nh|khu\s+v{_W}c)$")
_SEPARATOR_RE = re.compile(r"\s*,\s*(?:và\s+)?|\s+và\s+")


def _prose_partners(segment: str) -> list[str]:
    """Partners listed in prose after "phối hợp với": whole names (registered, a group in lower case, or
    a proper name in the document's words) separated by "," or "và", until what the task does. Empty when
    the segment does not open with a name."""
    names: list[str] = []
    pos = len(segment) - len(segment.lstrip(" ,"))
    while pos < len(segment):
        found = _name_at(segment, pos)
        if not found:
            break
        name, pos = found
        if name not in names:
            names.append(name)
        sep = _SEPARATOR_RE.match(segment, pos)
        if not sep or not _name_at(segment, sep.end()):
            break
        pos = sep.end()
    return names


def _name_at(segment: str, pos: int) -> tuple[str, int] | None:
    """(name, end) of the name opening `segment` at `pos`, or None."""
    rest = segment[pos:]
    folded = fold_aligned(rest)
    hit = _unit_at_start(rest) if _starts_upper(rest) or folded.startswith("cac ") else None
    if hit:
        name, end = hit
        level = _LONE_LEVEL_RE.match(rest, end) if name in PLACE_TAKING else None
        if level:  # "Bưu điện xã": the company's office at that level
            name, end = f"{name} {level['level']}", level.end()
        owner = match_unit_at_start(rest[end:]) if rest[end : end + 1] == " " else None
        if owner and _starts_upper(rest[end + 1 :]):
            # "Ban Xây dựng Đảng Đảng ủy": the body it belongs to, not a second partner
            end += owner[1]
        hit = name, end
    proper = _proper_name_at(rest, pos)
    if proper and (not hit or proper[1] > pos + hit[1]):
        return proper  # "Ban Quản lý bến xe An Lạc": the written name goes on past a registered head
    if hit:
        return hit[0], pos + hit[1]
    group = _GROUP_RE.match(folded)
    if group:
        place = _GROUP_PLACE_RE.match(folded, group.end())
        end = place.end() if place else group.end()
        kind = _GROUP_KIND_RE.match(rest, end)  # "các hợp tác xã vận tải;": the kind, up to the separator
        if kind:
            end = kind.end()
        return rest[:end].strip(), pos + end
    return _proper_name_at(rest, pos)


def _branch_follows(words: list[tuple[str, int, int]], k: int) -> bool:
    """Words k, k+1 are "chi nhánh" or "khu vực" and a capitalised word or a number follows."""
    if k + 2 >= len(words):
        return False
    two = " ".join(fold_aligned(w) for w, _s, _e in words[k : k + 2])
    after = words[k + 2][0]
    return bool(_BRANCH_WORDS_RE.search(two)) and (_starts_upper(after) or after[:1].isdigit())


def _proper_name_at(rest: str, pos: int) -> tuple[str, int] | None:
    """A name in the document's words: capitalised words (with digits, one lower-case word between two
    capitalised ones: "Trường Tiểu học An Phú"; "chi nhánh", "khu vực" before a capitalised one), opened
    by a capital or a head written in lower case ("Ban quản lý chợ An Phú"), and closed by up to two
    lower-case words and a level word ("Hội Doanh nhân trẻ tỉnh")."""
    # The first words only: a name ends by its tenth word (below), and reading it looks at most three words
    # past the current one; `rest` may run on for a whole clause.
    words = [(m.group(), m.start(), m.end()) for m in islice(_NAME_WORD_RE.finditer(rest), _NAME_WORDS_READ)]
    if not words or not _starts_upper(words[0][0]):
        return None
    k = 1
    folded = fold_aligned(rest)
    head = _LOWER_HEAD_RE.match(folded)
    if head:
        k = len(rest[: head.end()].split())
        group = _GROUP_RE.match(folded, head.end() + 1)
        if group:  # "Ban điều hành các tổ dân phố"
            place = _GROUP_PLACE_RE.match(folded, group.end())
            end = place.end() if place else group.end()
            return rest[:end], pos + end
    head_words = k
    while k < len(words):
        word = words[k][0]
        if re.search(r"[,;:.()]", words[k - 1][0][-1:]):
            break
        if _starts_upper(word) or word[:1].isdigit():
            k += 1
            continue
        lower = [w for w, _s, _e in words[k : k + 3]]
        two = " ".join(fold_aligned(w) for w in lower[:2])
        if (
            len(lower) >= 2
            # a capitalised word after it, not a number ("Viettel An Phú lắp 18 camera": a verb, a count),
            # but for a branch's number ("Khu vực 6")
            and (
                (lower[1][:1].isalpha() and _starts_upper(lower[1]))
                or (
                    lower[1][:1].isdigit()
                    and _BRANCH_WORDS_RE.search(fold_aligned(f"{words[k - 1][0]} {lower[0]}"))
                )
                or _branch_follows(words, k + 1)
            )
            and not re.search(r"[,;:.()]$", lower[0])
            and lower[0] not in ("và", "với", "cùng", "hoặc")
        ):
            k += 1  # "Tiểu học An Phú": one lower-case word between capitals
            continue
        third_upper = len(lower) == 3 and (_starts_upper(lower[2]) or lower[2][0].isdigit())
        gap_ok = not re.search(r"[,;:.()]", " ".join(lower[:2]))
        if third_upper and gap_ok and (_BRANCH_WORDS_RE.search(two) or (head and k == head_words)):
            k += (
                2  # "chi nhánh An Phú"; after a lower-case head, what it manages: "Ban quản lý bến xe An Lạc"
            )
            continue
        break
    end_word = k
    for extra in (1, 2, 3):  # "... nhân trẻ tỉnh": closed by a level word
        tail = words[k : k + extra]
        if len(tail) < extra or any(_starts_upper(w) for w, _s, _e in tail):
            break
        if re.search(r"[,;:.()]", " ".join(w for w, _s, _e in tail)[:-1]):
            break
        if re.fullmatch(_LEVEL_WORDS, fold_aligned(tail[-1][0].rstrip(",;:.)"))):
            end_word = k + extra
            break
    if end_word < 2 or end_word > _MAX_PARTNER_WORDS + 2:
        return None
    end = words[end_word - 1][2]
    name = rest[:end].rstrip(",;:.)")
    return name, pos + len(name)


def _proper_name(segment: str) -> str | None:
    """The run of capitalised words opening `segment` ("Trường THCS An Phú" of "Trường THCS An Phú xây dựng
    ..."), when lower-case words (the verb) follow it. A run broken by lower-case words and taken up again
    ("Hợp tác xã An Phú tổ chức ...", "Trường Tiểu học An Phú ...") is left alone: where such a name
    ends is not clear from its letters."""
    words = _NAME_WORD_RE.findall(segment.strip())
    run = 0
    while run < len(words) and _starts_upper(words[run]) and not re.search(r"[,;:.()]", words[run][:-1]):
        run += 1
        if re.search(r"[,;:.)]$", words[run - 1]):
            break
    if not 2 <= run <= _MAX_PARTNER_WORDS:
        return None
    if any(_starts_upper(w) for w in words[run : run + 3]):
        return None
    return " ".join(words[:run]).strip(" ,;:.")


def _finish_units(tasks: list[ParsedTask]) -> None:
    names = {t.lead for t in tasks if t.lead} | {s for t in tasks for s in t.support}
    mapping = unify_levels(names)
    if not mapping:
        return
    for t in tasks:
        if t.lead in mapping:
            t.lead = mapping[t.lead]
        t.support = [mapping.get(s, s) for s in t.support]
