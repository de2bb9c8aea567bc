"""Who leads a task and who coordinates: read from its text ("Phòng Kinh tế chủ trì", "giao X chủ trì",
"do X thực hiện", "(X; quý III/2026)", "phối hợp với Y, Z") or from a list of units in a field or a cell."""

from __future__ import annotations

import re

from knowledge.deadline import compile_literal_first
from knowledge.fold import fold_aligned, fold_words
from knowledge.models import ParsedTask
from knowledge.plan_parser.text import _UPPER, _W, _starts_upper, _words
from knowledge.units import collective_kind, find_units, match_unit_at_start, unify_levels

# "phối hợp với", "phối hợp cùng" (not the "Công" of "phối hợp Công an xã" that follows).
_SUPPORT_CUE_RE = compile_literal_first(rf"\bph{_W}{{1,2}}i\s+h{_W}p(?:\s*(?:v{_W}{{1,2}}i|cung)\b)?")
_LEAD_LABEL_RE = re.compile(
    rf"\b(?:(?:c{_W}\s+quan|d{_W}n\s+v{_W})\s+(?:ch{_W}{{1,2}}\s+tr{_W}|th{_W}{{1,2}}c\s+hi{_W}n)"
    rf"|tr{_W}ch\s+nhi{_W}m(?:\s+th{_W}{{1,2}}c\s+hi{_W}n)?)\s*[:\-–]\s*"
)
_ROLE_ANYWHERE_RE = compile_literal_first(rf"\bch{_W}{{1,2}}\s+tr{_W}\b")
_DELEGATES_RE = re.compile(
    rf"^\W*(?:giao(?:\s+cho)?|ch{_W}\s+d{_W}o|d{_W}\s+ngh{_W}|y{_W}u\s+c{_W}{{1,2}}u)\s+"
)
_DONE_BY_RE = compile_literal_first(r"\bdo\s+")  # "..., do Văn phòng HĐND và UBND xã thực hiện"
_DONE_ROLE_RE = re.compile(
    rf"^\s*(?:ch{_W}{{1,2}}\s+tr{_W}|th{_W}{{1,2}}c\s+hi{_W}n|ph{_W}\s+tr{_W}ch|d{_W}m\s+nhi{_W}m)\b"
)
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
        elif in_words:
            cut = re.search(rf"\s*[;,]\s*|\s+và\s+(?={_UPPER})", rest)
            end = cut.start() if cut else len(rest)
            piece = rest[:end].strip(" .")
            name = piece if 1 < len(piece.split()) <= _MAX_PARTNER_WORDS else ""
        else:
            break
        if name and name not in (n for n, _s, _e in found):
            found.append((name, pos, pos + end))
        pos += max(end, 1)
    return found


_LEVEL_WORDS = rf"(?:x{_W}|ph{_W}{{1,3}}ng|th{_W}\s+tr{_W}n|huy{_W}n|t{_W}nh|th{_W}nh\s+ph{_W})"
# Words that say where a unit named in general is: "các xã, phường", "khu vực", "cấp xã", "tuyến huyện".
_SCOPE_AFTER_RE = re.compile(
    rf"[ ]+(?:c{_W}c\s+{_LEVEL_WORDS}(?:\s*,\s*{_LEVEL_WORDS})*|khu\s+v{_W}c|(?:c{_W}p|tuy{_W}n)\s+{_LEVEL_WORDS})"
    rf"(?![^\W_])"
)
_LEVEL_END_RE = re.compile(rf"\b{_LEVEL_WORDS}$")
_AND_TAIL_RE = re.compile(rf"[ ]+và[ ]+(?={_UPPER})")
_TAIL_END_RE = re.compile(r"[;,.()\[\]|\n:]|[ ][-–][ ]")
_ROLE_IN_TAIL_RE = re.compile(
    rf"\b(?:ch{_W}{{1,2}}\s+tr{_W}|ph{_W}{{1,2}}i\s+h{_W}p|th{_W}{{1,2}}c\s+hi{_W}n|tham\s+m{_W}u|h{_W}{{1,2}}ng\s+d{_W}n)\b"
)
_MAX_AND_TAIL_WORDS = 6
# The words units open with: after "và", one of these starts a second unit, not the rest of a name.
_UNIT_HEAD_RE = re.compile(
    r"^(?:phong|so|trung tam|chi cuc|chi nhanh|ban|to|cong an|doan|hoi|ubnd|uy ban|hdnd|van phong|tram"
    r"|cac|thanh uy|tinh uy|thanh doan|tinh doan|bo|vien|truong|ngan hang|buu dien|dang uy|cong ty)\b"
)


def _unit_at_start(text: str) -> tuple[str, int] | None:
    """`match_unit_at_start`, with a name that goes on past "và" ("Phòng Quản lý công nghệ và Đổi mới sáng
    tạo"): when what follows "và" is capitalised, no unit itself, and ends (a separator, a role word, the
    end of the text) within a few words, it is the rest of this unit's name, not a second unit."""
    hit = match_unit_at_start(text)
    if not hit:
        return None
    name, end = hit
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
    label = _LEAD_LABEL_RE.search(folded)
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
    closing = _CLOSING_PAREN_RE.search(text)
    if closing:
        hit = match_unit_at_start(closing["inside"])
        rest = closing["inside"][hit[1] :].strip() if hit else ""
        if hit and (not rest or rest[0] in ";,–-"):  # the unit alone, or first of "unit; time"
            return hit[0]
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
# Words allowed between "phối hợp" and the first partner ("phối hợp chặt chẽ với ...").
_MAX_WORDS_BEFORE_PARTNERS = 3
_MAX_PARTNER_WORDS = 8  # a partner named in words (not in the registry) is a name, not a clause


def _support_of(text: str, lead: str | None) -> list[str]:
    folded = fold_aligned(text)
    out: list[str] = []
    for m in _SUPPORT_CUE_RE.finditer(folded):
        begin = m.end()
        colon = re.compile(r"\s*[:\-–]\s*").match(folded, begin)
        if colon:
            begin = colon.end()
        end = len(text)
        stop = re.compile(r"[.;:()]").search(folded, begin)
        if stop:
            end = stop.start()
        segment = text[begin:end]
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
    for m in _HELPING_ROLE_RE.finditer(folded):
        # "(UBND các xã chủ trì, Sở Khoa học và Công nghệ hướng dẫn; ...)": a unit given a helping role
        # beside the lead is a partner too.
        for name in _partners_before(text, folded, m.start()):
            if name != lead and name not in out:
                out.append(name)
    return out


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


_HELPING_ROLE_RE = re.compile(rf"\b(?:h{_W}{{1,3}}ng\s+d{_W}n|h{_W}\s+tr{_W}|tham\s+gia)\s*[;,)]")


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
        if set(_words(segment[previous_end:start]).split()) - _LIST_WORDS or not named:
            return []  # not a list of names ("đơn vị chủ trì, đơn vị phối hợp": words about roles)
        names.append(name)
        previous_end = end
    if not names or segment[previous_end:].strip(" ,"):
        return []
    return names


_NAME_WORD_RE = re.compile(r"\S+")


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
