"""Which body issued a plan, and whether a task's lead is "every commune" rather than one unit.

Pure functions over the header text the parser read (the issuer line and the plan number's suffix):

- `org_of_plan("UBND xã Kim Thành", "47a/KH-UBND")` → OrgName("xã Kim Thành", "commune");
  "Đảng ủy phường Long Bình" → a party committee; "Sở Công Thương" → a department; a steering committee
  ("BCĐ", "Ban Chỉ đạo") of "thành phố Hải Phòng" → "BCĐ thành phố Hải Phòng".
- `leads_every_commune("UBND các xã, phường, đặc khu")` → True: such a task of a city plan is each of
  the city's communes' own task (with each commune's own status).

Names keep the document's spelling (with or without marks); the level word is written properly ("xa" →
"xã"). `fold_words(name)` identifies an organization, so OCR'd and clean spellings meet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.fold import fold_words

KINDS = (
    "commune",
    "ward",
    "special_zone",
    "district",
    "town",
    "city",
    "province",
    "department",
    "party_committee",
    "steering_committee",
    "other",
)

# Folded level word → (how it is written, kind). Longest first: "thi xa" before "xa".
_LEVELS = (
    ("thanh pho", "thành phố", "city"),
    ("dac khu", "đặc khu", "special_zone"),
    ("thi tran", "thị trấn", "commune"),
    ("thi xa", "thị xã", "town"),
    ("phuong", "phường", "ward"),
    ("huyen", "huyện", "district"),
    ("tinh", "tỉnh", "province"),
    ("xa", "xã", "commune"),
    ("tp", "thành phố", "city"),
)
_LEVEL_RE = re.compile(r"\b(" + "|".join(folded for folded, _, _ in _LEVELS) + r")\s+(\S.*)$")
_WRITTEN = {folded: (written, kind) for folded, written, kind in _LEVELS}

_PEOPLES_COMMITTEE = re.compile(r"^(?:ubnd|uy ban nhan dan|hdnd|hoi dong nhan dan)\b\s*")
_PARTY = re.compile(r"^(?:dang uy|ban thuong vu dang uy|thanh uy|tinh uy|huyen uy|dang bo)\b\s*")
_STEERING = re.compile(r"^(?:ban chi dao|bcd)\b")
_DEPARTMENT = re.compile(r"(?:^|\s)(?:so|ban quan ly|cong an|bo chi huy)\b")

# "UBND các xã, phường, đặc khu", "các xã, phường", "Ủy ban nhân dân các phường": every commune.
_EVERY_COMMUNE = re.compile(r"(?:^|\b)cac\s+(?:xa|phuong|dac khu|thi tran)\b")


# The first words of bodies' and offices' names, folded: one table for the question and search layers.
# Bodies that issue plans, named after one of their offices ("Phòng Cải cách hành chính Sở Nội vụ").
BODY_HEADS = frozenset(["so", "ubnd", "hoi", "dang", "bao"])
# An issuer's name met inside a question ("… chi bộ Đồng Mít có việc gì", "… hội phụ nữ tỉnh").
ISSUER_HEADS = BODY_HEADS | {"ban", "chi", "cong", "truong", "doan", "trung", "benh"}
# An office of a body ("Thanh tra Sở …", "Văn phòng", "Phòng", "Ban", "Trung tâm", "Chi cục", "Tổ", "Bộ phận").
OFFICE_HEADS = frozenset(["thanh", "van", "phong", "ban", "trung", "chi", "to", "bo"])
# Offices as a name opens with them: they issue no plans.
OFFICE_OPENINGS = ("phong ", "van phong ", "to ", "bo phan ")
# Any body or office: two words after one of them name a body, not a place ("sở nội vụ").
NAME_HEADS = (ISSUER_HEADS | OFFICE_HEADS | {"buu"}) - {
    "bao",
    "bo",
    "to",
}  # "bảo", "bộ", "tổ" open places too


@dataclass(frozen=True)
class OrgName:
    """An organization as a plan's header names it: a canonical name and a kind (KINDS)."""

    name: str
    kind: str

    @property
    def folded(self) -> str:
        return fold_words(self.name)


def _place(words: str, original: str) -> tuple[str, str] | None:
    """(written locality "xã Kim Thành", kind) from folded words that name a level and a place."""
    m = _LEVEL_RE.search(words)
    if not m:
        return None
    written, kind = _WRITTEN[m.group(1)]
    place = _original_words(original, words, m.start(2))
    if not place:
        return None
    return f"{written} {place}", kind


def _original_words(original: str, folded: str, start: int) -> str:
    """The words of `original` from the word at folded offset `start` on (the place name as written)."""
    index = len(folded[:start].split())
    words = re.findall(r"[^\W_]+", original)
    picked = words[index:] if index < len(words) else []
    return _tidy(" ".join(picked))


def org_of_plan(issuer: str | None, number: str | None = None) -> OrgName | None:
    """The body that issued a plan, from its issuer line and its number ("47a/KH-UBND", "17-KH/ĐU").

    None when the header names no body (the plan then belongs to no organization: a one-body deployment
    never has to name one)."""
    original = " ".join((issuer or "").split())
    words = fold_words(original)
    suffix = fold_words((number or "").rpartition("/")[2] if "/" in (number or "") else "")
    if not words:
        return None
    if _STEERING.match(words) or suffix.endswith("bcd"):
        place = _place(words, original)
        return OrgName(f"BCĐ {place[0]}" if place else _tidy(original), "steering_committee")
    party = _PARTY.match(words)
    if party or suffix in ("du", "tu", "hu"):
        place = _place(words, original)
        if place and party and words.startswith("dang uy"):
            return OrgName(f"Đảng ủy {place[0]}", "party_committee")
        return OrgName(_tidy(original), "party_committee")
    committee = _PEOPLES_COMMITTEE.match(words)
    rest = words[committee.end() :] if committee else words
    offset = len(words.split()) - len(rest.split())
    rest_original = " ".join(re.findall(r"[^\W_]+", original)[offset:])
    department = _DEPARTMENT.search(rest)
    if department:  # "UBND thành phố Hải Phòng / Sở Công Thương": the department under its city
        skip = len(rest[: department.start()].split())
        return OrgName(_tidy(" ".join(rest_original.split()[skip:])), "department")
    place = _place(rest, rest_original)
    if place and _LEVEL_RE.match(rest):
        return OrgName(*place)
    return OrgName(_tidy(original), "other")


_ACRONYMS = {"UBND", "HĐND", "BCĐ", "MTTQ", "TP", "KH"}


def _tidy(name: str) -> str:
    """Header capitals to the way names are written ("SỞ CÔNG THƯƠNG" → "Sở Công Thương")."""
    words = re.findall(r"[^\W_]+", name)
    return " ".join(w.capitalize() if w.isupper() and w not in _ACRONYMS else w for w in words)


def leads_every_commune(lead: str | None) -> bool:
    """Whether a task's lead is "the communes" collectively ("UBND các xã, phường, đặc khu")."""
    return bool(lead) and bool(_EVERY_COMMUNE.search(fold_words(lead)))


def similar_names(text: str, names: list[str], limit: int = 5) -> list[str]:
    """The names closest to `text` (folded, typos allowed), best first: for "unknown name" messages."""
    from rapidfuzz import fuzz, process

    if not names:
        return []
    folded = {name: fold_words(name) for name in names}
    scored = process.extract(fold_words(text), folded, scorer=fuzz.WRatio, limit=limit)
    return [name for _, score, name in scored if score >= 50]


_JOINERS = {"va", "and"}
# "Đảng ủy Vĩnh Hưng" names "Đảng ủy xã Vĩnh Hưng", "Hội Nông dân Quỳnh Giao" the province's, "trường Lương
# Điền" the "Trường THCS Lương Điền", "chi bộ Đồng Mít" the "Chi bộ thôn Đồng Mít".
_LEVEL_WORDS = {"xa", "phuong", "thi", "tran", "dac", "khu", "tinh", "thcs", "thpt", "thon", "ap"}


# "Tỉnh đoàn", "Thành ủy", "Huyện ủy": bodies named by their level first (the level word → how a header spells it).
LEVEL_FIRST = {"tinh": ["tinh"], "thanh": ["thanh", "pho"], "huyen": ["huyen"]}
LEVEL_FIRST_HEADS = ("doan", "uy")


def issuer_named(words: str, issuer_key: str) -> bool:
    """Whether folded `words` name the issuer whose folded key is `issuer_key`: the words stand together
    in it, "và" left out on either side ("sở khoa học công nghệ" names "Sở Khoa học và Công nghệ")."""
    wanted = [w for w in words.split() if w not in _JOINERS]
    if not wanted:
        return False
    # Either way below, every word but the levels is one of the key's words, so a part of the key: most
    # issuers are told apart by that test alone, without splitting their key (a province holds thousands).
    if not all(w in issuer_key for w in wanted if w not in _LEVELS):
        return False
    have = [w for w in re.findall(r"[a-z0-9]+", issuer_key) if w not in _JOINERS]
    n = len(wanted)
    if any(have[i : i + n] == wanted for i in range(len(have) - n + 1)):
        return True
    if n >= 2 and wanted[1] == "doan" and wanted[0] in LEVEL_FIRST and "doan" in have:
        # "Tỉnh đoàn Tràng Ninh" is how people name the Youth Union its header calls "BCH Đoàn TNCS Hồ Chí Minh
        # tỉnh Tràng Ninh": the level and the place after "đoàn"
        where = LEVEL_FIRST[wanted[0]] + wanted[2:]
        start = have.index("doan") + 1
        return any(have[i : i + len(where)] == where for i in range(start, len(have) - len(where) + 1))
    wanted = [w for w in wanted if w not in _LEVEL_WORDS]
    have = [w for w in have if w not in _LEVEL_WORDS]
    n = len(wanted)
    return n >= 2 and any(have[i : i + n] == wanted for i in range(len(have) - n + 1))
