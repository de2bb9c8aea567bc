"""Units of Vietnamese local government: canonical names with diacritics, abbreviations, OCR-tolerant matching.

The registry below is genre knowledge (the unit types every commune, ward, city and department plan names),
not a list of any document's answers. Mentions are matched on folded words with rapidfuzz, so OCR damage
("Phong Vin hoa — Xa hgi", "Vian phong HDND", "S¢ Tai chinh") still finds the unit; a mention with a known
head ("Phòng", "Sở", "Trung tâm", ...) but an unknown tail keeps the document's words.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter

from rapidfuzz import fuzz, process

from knowledge.fold import fold_aligned, fold_words

LEVELS = {
    "xa": "xã",
    "phuong": "phường",
    "thanh pho": "thành phố",
    "tinh": "tỉnh",
    "huyen": "huyện",
    "dac khu": "đặc khu",
    "thi tran": "thị trấn",
    "quan": "quận",
    "thi xa": "thị xã",
}

# Tails of "Phòng <X>" (commune/ward/district offices) and "Sở <X>" (provincial/city departments).
_PHONG_TAILS = [
    "Văn hóa – Xã hội",
    "Kinh tế",
    "Kinh tế, Hạ tầng và Đô thị",
    "Kinh tế – Hạ tầng",
    "Nội vụ",
    "Tư pháp",
    "Tài chính – Kế hoạch",
    "Tài chính – Kế toán",  # a hospital's or a school's accounts office, not the commune's planning one
    "Y tế",
    "Giáo dục và Đào tạo",
    "Tài nguyên và Môi trường",
    "Nông nghiệp và Môi trường",
    "Nông nghiệp và Phát triển nông thôn",
    "Quản lý đô thị",
    "Văn hóa và Thông tin",
    "Lao động – Thương binh và Xã hội",
    "Dân tộc",
    "Thanh tra",
    # the offices inside a department (Sở)
    "Kế hoạch – Tài chính",
    "Quản lý khoa học",
    "Quản lý công nghệ",
    "Tổ chức cán bộ",
    "Pháp chế",
]
_SO_TAILS = [
    "Tài chính",
    "Nội vụ",
    "Khoa học và Công nghệ",
    "Công Thương",
    "Y tế",
    "Giáo dục và Đào tạo",
    "Xây dựng",
    "Nông nghiệp và Môi trường",
    "Nông nghiệp và Phát triển nông thôn",
    "Tài nguyên và Môi trường",
    "Văn hóa, Thể thao và Du lịch",
    "Văn hóa và Thể thao",
    "Du lịch",
    "Tư pháp",
    "Dân tộc và Tôn giáo",
    "Ngoại vụ",
    "Kế hoạch và Đầu tư",
    "Thông tin và Truyền thông",
    "Giao thông vận tải",
    "Lao động – Thương binh và Xã hội",
]
_LEVELLED = [  # names that take a level word ("Công an xã", "Trạm Y tế phường")
    "Công an",
    "Trạm Y tế",
    "Bảo hiểm xã hội",  # before the level word: "Bảo hiểm xã hội tỉnh" is not "Bảo hiểm" of a "xã"
    "Văn phòng HĐND và UBND",
    "Văn phòng UBND",
    "Văn phòng HĐND",
    "Trung tâm Phục vụ hành chính công",
    "Đảng ủy",
    "UBND",
    "HĐND",
    "Ủy ban MTTQ Việt Nam",
    "Ban Chỉ huy Quân sự",
    "Trung tâm Y tế",
    "Trung tâm Văn hóa, Thể thao và Truyền thông",
    "Trung tâm Dịch vụ tổng hợp",
    "Đoàn Thanh niên",
    "Hội Liên hiệp Phụ nữ",
    "Hội Nông dân",
    "Hội Cựu chiến binh",
    "Hội Người cao tuổi",
    "Hội Chữ thập đỏ",
    "Hội Khuyến học",
    "Ban Công tác Mặt trận",
    "Ban Thanh tra nhân dân",
    "Ban Chỉ đạo",
    "Bưu điện văn hóa",
    # the youth union's own bodies: "Ban Thường vụ Đoàn xã" is not the Party committee's standing board
    "Ban Thường vụ Đoàn",
    "Ban Chấp hành Đoàn",
    # provincial broadcasters, before and after the 2025 merger with the provincial newspaper
    "Đài Phát thanh và Truyền hình",
    "Báo và Phát thanh, Truyền hình",
]
_OTHER = [
    "Văn phòng Thành ủy",
    "Văn phòng Tỉnh ủy",
    "Văn phòng Đảng ủy",
    "Văn phòng Sở",
    "Văn phòng Ban",  # a board's office ("Ban Quản lý các khu công nghiệp", "Ban Dân tộc") in its own plans
    "Văn phòng Trung ương Đảng",
    "Văn phòng Chính phủ",
    "UBND các xã, phường, đặc khu",
    "UBND các xã, phường",
    "UBND cấp xã",
    "Các cơ quan, đơn vị, địa phương",
    "Các cơ quan, đơn vị liên quan",
    "Các cơ quan, đơn vị",
    "Các phòng, ban, ngành",
    "Các phòng, ban, đơn vị",
    "Các phòng, ban, đơn vị liên quan",
    "Các phòng, đơn vị",
    "Các sở, ban, ngành",
    "Thanh tra Sở",
    "Thanh tra tỉnh",
    "Văn phòng Đăng ký đất đai",
    "Chi nhánh Văn phòng Đăng ký đất đai",
    "Các phòng chuyên môn",
    "Các phòng, ban chuyên môn",
    "Các ban, ngành, đoàn thể",
    "Các tổ chức chính trị – xã hội",
    "Các chi bộ trực thuộc",
    "Các chi bộ",
    "Các chi đoàn trực thuộc",
    "Các chi đoàn",
    "Các phòng, đơn vị thuộc Sở",
    "Các phòng thuộc Sở",
    "Các cơ sở giáo dục",
    "Các phòng, đơn vị liên quan",
    "Các đơn vị thuộc Sở",
    "Các đơn vị trực thuộc",
    "Các đơn vị liên quan",
    "Các thôn, tổ dân phố",
    "Các tổ dân phố",
    "Các thôn",
    "Các đơn vị",
    "Các doanh nghiệp viễn thông",
    "Tổ công nghệ số cộng đồng",
    "Ban Chỉ đạo chuyển đổi số",
    "Ban Thường vụ Đảng ủy",
    "Ban Thường vụ Thành ủy",
    "Ban Xây dựng Đảng",
    "Ban Tuyên giáo và Dân vận Đảng ủy",  # a Party committee's board since the 2025 merger of the two
    "Ủy ban Kiểm tra Đảng ủy",
    "Chi cục Quản lý thị trường",
    "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp",
    "Trung tâm Chuyển đổi số",
    "Bưu điện",
    "Ngân hàng Nhà nước",
    "Bộ Công an",
    "Bộ Khoa học và Công nghệ",
    "Bộ phận Một cửa",
    "Hội Phụ nữ",
    "Các trường học",
    "Các trường học trên địa bàn",
    "Các doanh nghiệp",
    "Viettel",
    "VNPT",
    "MobiFone",
    "Ngân hàng Chính sách xã hội",
    # the commercial banks plans ask to help with payments
    "Agribank",
    "Vietcombank",
    "VietinBank",
    "BIDV",
    "Công chức Văn hóa – Xã hội",
    "Công chức Tư pháp – Hộ tịch",
    "Công chức Địa chính – Xây dựng",
    "Công chức Tài chính – Kế toán",
    "Công chức Văn phòng – Thống kê",
    "Trung tâm Văn hóa – Thông tin và Thể thao",
    "Trung tâm Truyền thông và Văn hóa",
    "Trung tâm Huấn luyện và Thi đấu thể thao",
]

# Long forms folded to the abbreviation documents use interchangeably; both sides of a comparison go
# through this, so "Ủy ban nhân dân xã" and "UBND xã" are the same unit.
_ABBREVIATE: dict[tuple[str, ...], tuple[str, ...]] = {
    ("uy", "ban", "nhan", "dan"): ("ubnd",),
    ("hoi", "dong", "nhan", "dan"): ("hdnd",),
    ("mat", "tran", "to", "quoc", "viet", "nam"): ("mttq",),
    ("mat", "tran", "to", "quoc"): ("mttq",),
    ("mttq", "viet", "nam"): ("mttq",),
    ("uy", "ban", "mttq", "viet", "nam"): ("ubmttq",),
    ("uy", "ban", "mttq"): ("ubmttq",),
    ("mttqvn",): ("mttq",),
    ("ubmttqvn",): ("ubmttq",),
    ("vh", "xh"): ("van", "hoa", "xa", "hoi"),
    ("vhxh",): ("van", "hoa", "xa", "hoi"),
    ("kh", "cn"): ("khoa", "hoc", "va", "cong", "nghe"),
    ("khcn",): ("khoa", "hoc", "va", "cong", "nghe"),
    ("ttpvhcc",): ("trung", "tam", "phuc", "vu", "hanh", "chinh", "cong"),
    ("bcd",): ("ban", "chi", "dao"),
    ("btv",): ("ban", "thuong", "vu"),  # "BTV Đoàn xã"
    ("vp",): ("van", "phong"),
    ("hdnd", "ubnd"): ("hdnd", "va", "ubnd"),
}
_ABBREVIATE_FIRST = {k[0] for k in _ABBREVIATE}
# The lengths of the long forms opening with each word, longest first: only those are looked up ("hội"
# opens one long form, of four words, and most text mentions it).
_ABBREVIATE_SIZES = {
    first: tuple(sorted({len(k) for k in _ABBREVIATE if k[0] == first}, reverse=True))
    for first in _ABBREVIATE_FIRST
}
# Words that end a unit mention and start what the unit does.
_ROLE_WORDS = re.compile(
    r"^(?:ch[a-z0-9]{1,2} tr[a-z0-9]\b|chiu trach nhiem|thuc hien|tham muu|phoi hop|co trach nhiem|trien khai|huong dan|xay dung"
    r"|kiem tra|bao cao|theo doi|la co quan|lam dau moi|dau moi)\b"
)
_HEAD_NAMES = {
    "phong": "Phòng",
    "so": "Sở",
    "trung tam": "Trung tâm",
    "chi cuc": "Chi cục",
    "chi nhanh": "Chi nhánh",
    "thanh tra": "Thanh tra",
    "ban": "Ban",
    "to": "Tổ",
    "doi": "Đội",
    "truong": "Trường",
}


# "phong trào", "phòng chống", "sở thích": words that start like a unit head but are not units.
_NOT_UNIT_TAILS = {
    "trao",
    "tuc",
    "canh",
    "cach",
    "chong",
    "ngua",
    "tranh",
    "dich",
    "thu",
    "thich",
    "huu",
    "di",
}


@dataclass(frozen=True)
class _Variant:
    words: str  # normalised folded words
    canonical: str
    head: str  # first word, for gating
    ntok: int
    level: str = ""  # folded level words this variant ends with ("xa", "thanh pho"), if generated so


_OCR_DIGITS = str.maketrans({"6": "o", "0": "o", "4": "a", "3": "a", "1": "l"})


def _norm_tokens(text: str) -> list[tuple[str, int, int]]:
    """Folded word tokens of `text` with their character spans, long forms abbreviated.

    OCR writes vowels as digits inside words ("S6" for "Sở", "x4" for "xã", "d6i" for "đổi"); a token that
    starts with a letter and holds a digit gets the digits read back as letters. "Ủy ban nhân dân" becomes
    "ubnd" (spanning the four words), so long and short forms compare equal.
    """
    raw = [(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(fold_aligned(text))]
    for k, (word, a, b) in enumerate(raw):
        if not word.isalpha() and word[0].isalpha():
            raw[k] = (word.translate(_OCR_DIGITS), a, b)
    for _pass in range(2):  # twice: "Ủy ban Mặt trận Tổ quốc" → "uy ban mttq" → "ubmttq"
        if _ABBREVIATE_FIRST.isdisjoint(map(itemgetter(0), raw)):
            break
        before = len(raw)
        raw = _abbreviate_pass(raw)
        if len(raw) == before:
            break
    return raw


def _abbreviate_pass(raw: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    out: list[tuple[str, int, int]] = []
    i = 0
    while i < len(raw):
        sizes = _ABBREVIATE_SIZES.get(raw[i][0])
        if sizes is None:
            out.append(raw[i])
            i += 1
            continue
        for size in sizes:
            if size > len(raw) - i:
                continue
            key = tuple(w for w, _s, _e in raw[i : i + size])
            repl = _ABBREVIATE.get(key)
            if repl:
                start, end = raw[i][1], raw[i + size - 1][2]
                out.extend((w, start, end) for w in repl)
                i += size
                break
        else:
            out.append(raw[i])
            i += 1
    return out


_TOKEN_RE = re.compile(r"[a-z0-9]+")


def norm_name(text: str) -> str:
    """Normalised folded words: the form every comparison uses."""
    return " ".join(w for w, _s, _e in _norm_tokens(text))


def _build_variants() -> list[_Variant]:
    pairs: list[tuple[str, str, str]] = []
    for tail in _PHONG_TAILS:
        name = f"Phòng {tail}"
        pairs.append((name, name, ""))
        for key, level in LEVELS.items():  # "Phòng Kinh tế xã" is Phòng Kinh tế
            pairs.append((f"{name} {level}", name, key))
    for tail in _SO_TAILS:
        name = f"Sở {tail}"
        pairs.append((name, name, ""))
    for base in _LEVELLED:
        pairs.append((base, base, ""))
        for key, level in LEVELS.items():
            pairs.append((f"{base} {level}", f"{base} {level}", key))
    pairs.extend((n, n, "") for n in _OTHER)
    variants = []
    seen = set()
    for written, canonical, level in pairs:
        words = norm_name(written)
        if words in seen:
            continue
        seen.add(words)
        variants.append(_Variant(words, canonical, words.split()[0], len(words.split()), level))
    return variants


_VARIANTS = _build_variants()
_HEADS = sorted({v.head for v in _VARIANTS})
_BY_HEAD: dict[str, list[_Variant]] = {}
for _v in _VARIANTS:
    _BY_HEAD.setdefault(_v.head, []).append(_v)
ALL_CANONICAL = sorted({v.canonical for v in _VARIANTS})

_MIN_SCORE = 82.0
_SHORT_HEADS = [h for h in _HEADS if len(h) == 2]


@lru_cache(maxsize=4096)
def _heads_like(word: str) -> tuple[str, ...]:
    if word in _BY_HEAD:
        return (word,)
    if word == "s":  # "S¢", "S&": OCR keeps only the S of "Sở"
        return ("so",)
    if len(word) <= 2:  # "va", "co": too short to be a damaged head word, unless a vowel slip ("S¢" → "se")
        return tuple(h for h in _SHORT_HEADS if len(word) == 2 and h[0] == word[0])
    found = process.extract(word, _HEADS, scorer=fuzz.ratio, score_cutoff=55, limit=4)
    # OCR damages vowels and marks, rarely the opening consonant (but Đ as P, B); "cic", "cec" keep "các".
    return tuple(
        h
        for h, score, _i in found
        if len(word) >= len(h) - 1
        and (word[0] == h[0] or {word[0], h[0]} <= {"d", "p", "b"})
        and (score >= 70 or (len(word) == len(h) == 3 and word[-1] == h[-1]))
    )


# A word of a 2-word name: "thon" read "then" (75), "thanh" another word (67); of longer: "đầu tư" ≠ "đô thị" (40)
_SHORT_NAME_WORD_MIN, _NAME_WORD_MIN = 70, 50
_VOWELS, _CONSONANT_SLIPS = frozenset("aeiouy"), frozenset("dpb")  # slips: Đ read as P or B


def _frame_ok(cand_toks: list[str], v: _Variant) -> bool:
    """Word by word, a mention keeps each word's opening consonant: OCR damages vowels and marks, rarely
    the first consonant. So "Các phòng chuyên môn" is not "Các thôn", though the letters are close."""
    least = _SHORT_NAME_WORD_MIN if v.ntok <= 2 else _NAME_WORD_MIN
    for got, want in zip(cand_toks[1:], v.words.split()[1:], strict=False):
        if got != want and got.isalpha() and fuzz.ratio(got, want) < least:
            return False  # "các thành viên" is not "Các thôn": a word is damaged, not replaced
        a, b = got[0], want[0]
        if a == b or not (a.isalpha() and b.isalpha()) or a in _VOWELS or b in _VOWELS:
            continue
        if a in _CONSONANT_SLIPS and b in _CONSONANT_SLIPS:
            continue
        return False
    return True


# Words naming a kind of body: a mention whose word is one of these and differs from the variant's word at
# the same place names another body ("Ban Thường vụ Đoàn xã" is not "Ban Thường vụ Đảng ủy", "Các chi đoàn"
# not "Các chi bộ", "thuộc UBND xã" not "thuộc Sở", "Văn phòng Tỉnh đoàn" not "Văn phòng Sở"), however close.
_BODY_WORDS = frozenset(
    {"doan", "dang", "bo", "so", "ubnd", "hdnd", "hoi", "doi", "phong", "ban", "to", "uy"}
    | {"tinh", "thanh", "huyen"}
)


def _bodies_ok(cand_toks: list[str], v: _Variant, n: int, stops: bool) -> bool:
    """The mention names the variant's body, not another one: no body word replaced by another; and a
    mention one word shorter than the variant (OCR merged two words) ends in a word like the variant's word
    there or like the two merged, unless the mention was cut short by the end of its cell ("Phòng Quản
    lý di sản" is not "Phòng Quản lý đô thị")."""
    want = v.words.split()
    if n == v.ntok:
        pairs = list(zip(cand_toks[:n], want, strict=False))
    elif n == v.ntok - 1 and len(cand_toks) > n:
        pairs = [(cand_toks[n], want[n])]  # the word after a shortened span: "thuộc UBND xã", not "thuộc Sở"
    else:
        pairs = []
    for got, expected in pairs:
        if got != expected and got in _BODY_WORDS and expected in _BODY_WORDS:
            return False
    if n == v.ntok - 1 and not stops and n >= 2:
        last, merged = cand_toks[n - 1], want[n - 1] + want[n]
        if fuzz.ratio(last, want[n - 1]) < 70 and fuzz.ratio(last, merged) < 70:
            return False
    return True


def _level_ok(cand_toks: list[str], v: _Variant, n: int) -> bool:
    """A levelled variant ("... xã", "... thị xã") needs the mention to end in exactly that level word
    (OCR leniency for the two-letter ones: "xi", "x4")."""
    if not v.level:
        return True
    level = v.level.split()
    k = len(level)
    if n != v.ntok:
        return False
    got = cand_toks[-k:]
    if k > 1:
        return got == level
    return got[0] == level[0] or (len(level[0]) <= 3 and len(got[0]) <= 3 and got[0][:1] == level[0][:1])


# Variants by head word, then by the number of tokens a mention of them spans: (n, penalty, [(order,
# variant)]). A variant of k tokens is tried on a mention of k tokens, and (unless it has a level word or
# is shorter than three tokens) of k-1 and k+1 tokens at a 3-point penalty, OCR having split or merged a
# word. Grouping by span lets one rapidfuzz call score a span against all its variants at once.
def _spans_by_head() -> dict[str, list[tuple[int, int, list[tuple[int, _Variant]]]]]:
    spans: dict[str, dict[tuple[int, int], list[tuple[int, _Variant]]]] = {}
    for head, variants in _BY_HEAD.items():
        by_span = spans.setdefault(head, {})
        for position, v in enumerate(variants):
            tries = (v.ntok,) if v.level else (v.ntok, v.ntok - 1, v.ntok + 1)
            for attempt, n in enumerate(tries):
                if n < 1 or (n < v.ntok and v.ntok < 3):
                    continue
                penalty = 0 if n == v.ntok else 3
                # order: the variant's place in its head's list, then the attempt (ties keep this order)
                by_span.setdefault((n, penalty), []).append((position * 3 + attempt, v))
    return {head: [(n, p, group) for (n, p), group in by_span.items()] for head, by_span in spans.items()}


_SPANS = _spans_by_head()
_SPAN_WORDS = {
    head: [[v.words for _o, v in group] for _n, _p, group in groups] for head, groups in _SPANS.items()
}


@lru_cache(maxsize=65536)
def _match_prefix_words(words: str) -> tuple[str, int, float] | None:
    """Best unit at the start of normalised `words`: (canonical, tokens consumed, score).

    Among variants similar enough (ratio >= 82) the one that explains most of the text wins (similarity x
    length), so "Các cơ quan, đơn vị, địa [phương]" is not cut back to "Các cơ quan, đơn vị".
    """
    toks = words.split()
    if not toks:
        return None
    heads = set(_heads_like(toks[0]))
    if len(toks) > 1 and len(toks[0]) <= 4:
        heads.update(h for h in _heads_like(toks[1]) if h == "phong")
        if "phong" in heads and toks[1] == "phong" or (len(toks) > 1 and fuzz.ratio(toks[1], "phong") >= 80):
            heads.add("van")
    spans = {n: " ".join(toks[:n]) for n in range(1, len(toks) + 1)}
    best: tuple[float, float, int, str, int] | None = None  # (weight, score, -order, canonical, n)
    for head in sorted(heads):
        for (n, penalty, group), group_words in zip(
            _SPANS.get(head, ()), _SPAN_WORDS.get(head, ()), strict=True
        ):
            cand = spans.get(n)
            if cand is None:
                continue
            stops = n == len(toks) or toks[n] in ("va", "|")
            if stops:
                # The mention stops here (end of a table cell): a truncated name still counts, so every
                # variant is scored (few spans stop).
                hits = [(i, fuzz.ratio(cand, w)) for i, w in enumerate(group_words)]
            else:
                hits = [
                    (i, score)
                    for _w, score, i in process.extract(
                        cand, group_words, scorer=fuzz.ratio, score_cutoff=_MIN_SCORE + penalty, limit=None
                    )
                ]
            for i, score in hits:
                order, v = group[i]
                if v.level and not _level_ok(toks[:n], v, n):
                    continue
                score -= penalty
                size = len(v.words)
                if stops and len(cand) >= 0.7 * size and n <= v.ntok:
                    score = max(score, fuzz.ratio(cand, v.words[: len(cand)]) - 5)
                if score < _MIN_SCORE or (n == v.ntok and not _frame_ok(toks[:n], v)):
                    continue
                if not _bodies_ok(toks, v, n, stops):
                    continue
                key = (size * (score / 100) ** 4, score, -order, v.canonical, n)
                if best is None or key[:3] > best[:3]:
                    best = key
    if best is None:
        return None
    return best[3], best[4], best[1]


def _generic(words: str) -> tuple[str, int] | None:
    """ "Phòng <X>"/"Sở <X>" with a tail not in the registry, ended by a role word ("chủ trì")."""
    toks = words.split()
    if len(toks) > 1 and toks[1] in _NOT_UNIT_TAILS:
        return None
    for head, title in _HEAD_NAMES.items():
        htoks = head.split()
        if toks[: len(htoks)] != htoks:
            continue
        for n in range(len(htoks) + 1, min(len(toks), len(htoks) + 7) + 1):
            rest = " ".join(toks[n:])
            if _ROLE_WORDS.match(rest) or not rest:
                return title, n
        return None
    return None


def canonical_unit(text: str) -> str | None:
    """Canonical name (with diacritics) of the unit `text` mentions at its start, OCR-damaged or not."""
    if len(text) <= 120:  # names recur on every task and plan: short ones are cached (bounded memory)
        return _canonical_short(text)
    found = match_unit_at_start(text)
    return found[0] if found else None


@lru_cache(maxsize=4096)
def _canonical_short(text: str) -> str | None:
    found = match_unit_at_start(text)
    return found[0] if found else None


_FIRST_WORDS_RE = re.compile(r"[^a-z0-9]*([a-z0-9]+)(?:[^a-z0-9]+([a-z0-9]+))?")


def _could_start_unit(word: str, nxt: str) -> bool:
    """Cheap gate before tokenising: the first word looks like a unit head (or an abbreviation of one)."""
    if not word.isalpha() and word[0].isalpha():
        word = word.translate(_OCR_DIGITS)
    return bool(
        word in _ABBREVIATE_FIRST
        or word in _HEAD_NAMES
        or _heads_like(word)
        or (len(word) <= 4 and nxt == "phong")
    )


_LEADING_VERB_RE = re.compile(r"^\W*(?:giao cho|giao|de nghi)\s+")
# The head of a unit named by the post, read with its diacritics ("Trưởng Công an xã", "Phó Giám đốc Trung
# tâm …", "Chánh Văn phòng …", "Hiệu trưởng Trường …").
_HEAD_POST_RE = re.compile(
    r"\W*(?:[Pp]hó\s+)?(?:Trưởng|trưởng|Thủ trưởng|Giám đốc|giám đốc|Chánh|chánh|Hiệu trưởng|hiệu trưởng)\s+(?=\S)"
)
_WINDOW = 12  # longer than any registered name (+1 for OCR splits)


def match_unit_at_start(text: str, *, generic: bool = True) -> tuple[str, int] | None:
    """(canonical name, end offset in `text`) of the unit named at the start of `text`, or None.

    A leading "Giao"/"Đề nghị" is skipped. `generic` allows "Phòng <unknown tail>" when a role word follows
    ("Phòng Quản lý chất lượng chủ trì") or the text ends there.
    """
    if not text:
        return None
    m = _LEADING_VERB_RE.match(fold_aligned(text[:40]))
    offset = m.end() if m else 0
    post = _HEAD_POST_RE.match(text, offset)
    if post and not _COLLECTIVE_START_RE.match(fold_aligned(text[post.end() : post.end() + 40])):
        # "Trưởng Công an xã", "Chánh Văn phòng HĐND và UBND xã": the head of a unit answers for it, so the
        # post names the unit after it ("Trưởng", a head, is not "Trường", a school; only diacritics tell).
        # The heads of many ("trưởng các thôn") are people named by their post, kept as written.
        offset = post.end()
    first = _FIRST_WORDS_RE.match(fold_aligned(text[offset : offset + 40]))
    if not first or not _could_start_unit(first.group(1), first.group(2) or ""):
        return None
    toks = _norm_tokens(text[offset : offset + 160])
    if not toks:
        return None
    return _match_tokens(text[offset : offset + 160], toks, 0, generic, offset)  # the span tokenised


# Companies and branches of national bodies are named with the place they serve ("VNPT Bảo Giang", "Viettel
# Hà Nội", "Bưu điện Phú Thọ"): a place name written right after them (title-case words) is part of the name.
# The place may open with its level word ("Bưu điện tỉnh Đông Lĩnh", "Bưu điện xã Tân An").
PLACE_TAKING = _PLACE_TAKING = frozenset(
    {
        "VNPT",
        "Viettel",
        "MobiFone",
        "Bưu điện",
        "Agribank",
        "Vietcombank",
        "VietinBank",
        "BIDV",
        "Đài Phát thanh và Truyền hình",
        "Báo và Phát thanh, Truyền hình",
    }
)
_PLACE_LEVEL = r"(?:xã|phường|tỉnh|huyện|quận|thành phố|thị xã|thị trấn|đặc khu)"
_PLACE_AFTER_RE = re.compile(
    rf"[ ]+(?P<place>(?:{_PLACE_LEVEL}[ ]+)?(?:[A-ZĐ][^\W\d_]*)(?:[ ]+[A-ZĐ][^\W\d_]*){{0,3}})"
    r"(?![^\W\d_]|\s*[/\d])"
)
# A branch or area a body serves, written after its name: "Ngân hàng Nhà nước chi nhánh Khu vực 6",
# "Chi nhánh Văn phòng Đăng ký đất đai khu vực An Phú", "Agribank chi nhánh Tân An": part of the name.
_BRANCH_AFTER_RE = re.compile(
    r"[ ]+(?:[Cc]hi nhánh|khu vực)(?:[ ]+(?:[Kk]hu[ ]+vực|[A-ZĐ][^\W_]*|\d+|[IVX]+)(?![^\W_])){1,4}"
)
# Not a place: a level word, or a deadline run on from the next cell of an OCR'd table ("Quý IV/2026").
_LEVEL_WORD_RE = re.compile(
    r"^(?:xa|phuong|tinh|huyen|quan|thanh pho|thi xa|thi tran|dac khu|quy|thang|nam|truoc|trong|thuong|hang"
    r"|theo|sau|tu|den|ngay|va)\b"
)


def _not_a_place(place: str) -> bool:
    """A level word then a name is a place ("tỉnh Đông Lĩnh"); "Năm 2026", "Quý IV" run on from a table's
    next cell are not ("Nam Khương" is: the year is written "Năm")."""
    folded = fold_aligned(place)
    if re.match(rf"{_PLACE_LEVEL}[ ]", place):
        return False
    if place.split()[0] == "Nam":
        return False
    return bool(_LEVEL_WORD_RE.match(folded))


# A unit's name never runs across these (commas and "và" it may hold: "Phòng Kinh tế, Hạ tầng và Đô thị").
# ";", ":", brackets, or "." before a space. One class first (the engine finds it in C), the "." checked
# for its space after it (only starts are used, and a space is never one).
_NAME_STOP_RE = re.compile(r"[;:()\[\].](?:(?<!\.)|(?=\s))")


def _stops(text: str) -> list[int]:
    """Positions in `text` a unit name cannot run across (ascending)."""
    return [m.start() for m in _NAME_STOP_RE.finditer(text)]


_COLLECTIVE_WORD_RE = re.compile(r"(?:^|\s)cac\s")
_COMMA_WORD_RATIO = 60  # "hạ"/"hop" is another word; "ha"/"hạ", "tầng"/"tang" OCR's damage to the same


def _guessed_across_comma(text: str, window, hit: tuple[str, int, float]) -> int | None:
    """Where to cut a match that runs across a comma on a guess: the word after the comma is not the name's
    word there ("Phòng Kinh tế, Hợp tác" read as "Phòng Kinh tế – Hạ tầng"). A name holding a comma itself
    ("Phòng Kinh tế, Hạ tầng và Đô thị") is written with its own word after it, OCR damage to that word
    folding away or left to the words before the comma. None: no such cut (k >= 1 otherwise)."""
    canonical, n, _score = hit
    if _COLLECTIVE_WORD_RE.search(fold_words(canonical)):
        return None  # "các sở, ngành" for "Các sở, ban, ngành": a list of kinds, any of them left out
    for k in range(1, n):
        if "," in text[window[k - 1][2] : window[k][1]]:
            name = [w for w, _s, _e in _norm_tokens(canonical)]
            if k < len(name) and fuzz.ratio(name[k], window[k][0]) < _COMMA_WORD_RATIO:
                return k
            return None
    return None


def _match_tokens(
    text: str, toks, i: int, generic: bool, offset: int, stops: list[int] | None = None
) -> tuple[str, int] | None:
    window = toks[i : i + _WINDOW]
    stops = _stops(text) if stops is None else stops
    # The first stop after the window's first word ends the window: "Phòng Kinh tế; hoàn thành ..." is
    # not "Phòng Kinh tế – Hạ tầng".
    at = bisect_left(stops, window[0][2]) if window and stops else len(stops)
    if at < len(stops) and stops[at] < window[-1][1]:
        limit = stops[at]
        window = window[: next(k for k, tok in enumerate(window) if tok[1] >= limit)]
    words = " ".join(w for w, _s, _e in window)
    hit = _match_prefix_words(words)
    cut = _guessed_across_comma(text, window, hit) if hit else None
    if cut:  # "Phòng Kinh tế, Hợp tác xã …": the list's next name after the comma, not "… – Hạ tầng"
        hit = _match_prefix_words(" ".join(w for w, _s, _e in window[:cut]))
    if hit:
        canonical, n, _score = hit
        end = window[n - 1][2]
        if canonical in _PLACE_TAKING and not _BRANCH_AFTER_RE.match(text, end):
            # "Agribank Chi nhánh Quỳnh Giao": the branch below takes "Chi nhánh …", not "Chi" as a place
            place = _PLACE_AFTER_RE.match(text, end)
            if place and not _not_a_place(place["place"]):
                canonical, end = f"{canonical} {place['place']}", place.end()
        if canonical == "Đảng ủy" and i + n < len(toks) and not text[end : toks[i + n][1]].strip():
            # "Đảng ủy Công an phường", "Đảng ủy Ủy ban nhân dân xã": the Party committee of that body, a
            # body of its own, named as written.
            inner = _match_tokens(text, toks, i + n, False, 0, stops)
            if inner and inner[0] != "Đảng ủy":
                return f"Đảng ủy {text[toks[i + n][1] : inner[1]]}", offset + inner[1]
        branch = _BRANCH_AFTER_RE.match(text, end)
        if branch:
            canonical, end = canonical + branch.group(), branch.end()
        return canonical, offset + end
    if generic:
        g = _generic(words)
        if g:
            title, n = g
            head_len = len(title.split())
            # Unit names are written in title case ("Phòng Quản lý đô thị"); "Tổ chức", "Ban hành",
            # "Phòng chống" are verbs and nouns, lower-case after the first word.
            if n > head_len and text[window[head_len][1] : window[head_len][1] + 1].isupper():
                tail = text[window[head_len][1] : window[n - 1][2]].strip()
                return f"{title} {tail}", offset + window[n - 1][2]
    return None


def find_units(text: str) -> list[tuple[str, int, int]]:
    """Every unit mentioned in `text`: (canonical, start, end) in order, non-overlapping."""
    out: list[tuple[str, int, int]] = []
    toks = _norm_tokens(text)
    stops = _stops(text)
    i = 0
    while i < len(toks):
        word = toks[i][0]
        nxt = toks[i + 1][0] if i + 1 < len(toks) else ""
        if _heads_like(word) or (len(word) <= 4 and nxt == "phong"):
            hit = _match_tokens(text, toks, i, False, 0, stops)
            if hit:
                name, end = hit
                out.append((name, toks[i][1], end))
                while i < len(toks) and toks[i][1] < end:
                    i += 1
                continue
        i += 1
    return out


# Collective audiences: a phrase naming all the units of some kind under the issuing body ("Các phòng,
# ban, ngành", "UBND các xã, phường", "Các thôn, tổ dân phố", "Các chi bộ"). They are stored as an audience,
# never offered as one unit. Kinds, by what the words name:
COLLECTIVE_UNITS = "units"  # offices, departments, agencies, bodies
COLLECTIVE_COMMUNES = "communes"  # communes, wards, special zones
COLLECTIVE_VILLAGES = "villages"  # villages, residential groups
COLLECTIVE_PARTY_CELLS = (
    "party_cells"  # cells of the Party and of mass organisations (chi bộ, chi đoàn, chi hội)
)
# Bodies outside the issuer ("Các cơ sở giáo dục", "Các doanh nghiệp", "Các ngân hàng thương mại"): an
# audience too, but none of the plan's own units is one of them, so their tasks reach no unit's list.
COLLECTIVE_INSTITUTIONS = "institutions"
COLLECTIVE_KINDS = (
    COLLECTIVE_UNITS,
    COLLECTIVE_COMMUNES,
    COLLECTIVE_VILLAGES,
    COLLECTIVE_PARTY_CELLS,
    COLLECTIVE_INSTITUTIONS,
)
_COLLECTIVE_START_RE = re.compile(r"^(?:cac|tat ca(?: cac)?|toan the(?: cac)?|moi)\s+(?P<rest>.*)$")
_COLLECTIVE_INNER_RE = re.compile(r"^(?:ubnd|hdnd|dang uy|uy ban nhan dan)\s+(?:cac|cap)\s+(?P<rest>.*)$")
_KIND_WORDS = (
    (COLLECTIVE_PARTY_CELLS, re.compile(r"^(?:chi bo|dang bo|chi doan|chi hoi)\b")),
    (
        COLLECTIVE_INSTITUTIONS,
        re.compile(
            r"^(?:truong|nha truong|co so|doanh nghiep|ngan hang|to chuc tin dung|hop tac xa|htx|benh vien"
            r"|tram y te|cong ty|ho gia dinh|ho kinh doanh|ho dan|nha mang|nha cung cap|chu dau tu|tieu thuong)\b"
        ),
    ),
    (COLLECTIVE_VILLAGES, re.compile(r"^(?:thon|to dan pho|khu pho|ap|ban|khom|to)\b")),
    (COLLECTIVE_COMMUNES, re.compile(r"^(?:xa|phuong|thi tran|dac khu|dia phuong|huyen|quan)\b")),
)


@lru_cache(maxsize=4096)
def collective_kind(name: str | None) -> str | None:
    """The kind of collective audience `name` is ("units", "communes", "villages", "party_cells"), or None
    for one unit. "Các phòng, ban, ngành" → units; "UBND các xã, phường" → communes; "Các thôn, tổ dân
    phố" → villages; "Các chi bộ trực thuộc" → party cells. OCR damage is tolerated through folding."""
    if not name:
        return None
    words = " ".join(w for w, _s, _e in _norm_tokens(name[:160]))
    m = _COLLECTIVE_START_RE.match(words) or _COLLECTIVE_INNER_RE.match(words)
    if not m:
        known = canonical_unit(name)  # an OCR'd mention ("Cic phong, ban nganh") of a registered phrase
        return collective_kind(known) if known and known != name else None
    rest = m["rest"]
    if rest.startswith("cap xa") or rest.startswith("xa"):
        return COLLECTIVE_COMMUNES
    for kind, pattern in _KIND_WORDS:
        if pattern.match(rest):
            return kind
    return COLLECTIVE_UNITS


_KNOWN_ABBREVIATIONS = {
    "Ủy ban nhân dân": "UBND",
    "Hội đồng nhân dân": "HĐND",
    "Trung tâm Phục vụ hành chính công": "TTPVHCC",
    "Tổ công nghệ số cộng đồng": "Tổ CNSCĐ",
    "Ủy ban MTTQ Việt Nam": "UBMTTQVN",
}


# Fields of work plans name by an abbreviation of their own ("CĐS" is "chuyển đổi số"): a unit named after
# one ("Trung tâm Chuyển đổi số") is not that abbreviation, nor its words alone, or every question about the
# field would be taken as one about the unit.
_TOPICS = {
    "cds": "chuyen doi so",
    "dmst": "doi moi sang tao",
    "khcn": "khoa hoc va cong nghe",
    "cntt": "cong nghe thong tin",
    "attt": "an toan thong tin",
    "tthc": "thu tuc hanh chinh",
    "csdl": "co so du lieu",
    "cns": "cong nghe so",
    "dvc": "dich vu cong",
    "tmdt": "thuong mai dien tu",
    "kts": "kinh te so",
    "xhs": "xa hoi so",
}
TOPIC_WORDS = {norm_name(words) for words in _TOPICS.values()} | {"khoa hoc cong nghe"}
_OWN_CODE_RE = re.compile(r"\((?P<code>[A-ZĐ]{1,5}\d{1,3})\)$")
_HEAD_INITIALS = {"Phòng": "P", "Sở": "S", "Trung tâm": "TT", "Chi cục": "CC", "Ban": "B"}


def abbreviation(name: str) -> str | None:
    """Short form officials write for a unit: "Phòng Văn hóa – Xã hội" → "VH-XH", "Sở Khoa học và Công
    nghệ" → "KH&CN", "Văn phòng HĐND và UBND xã" → "VP HĐND-UBND"."""
    if not name:
        return None
    code = _OWN_CODE_RE.search(name)
    if code:  # "Phòng Cảnh sát giao thông (PC08)": the code the plan names it by
        return code["code"]
    for long, short in _KNOWN_ABBREVIATIONS.items():
        if name.startswith(long):
            return short
    words = name.split()
    if words[0] == "Văn" and len(words) > 1 and words[1] == "phòng":
        rest = " ".join(words[2:])
        rest = re.sub(r"\s+(xã|phường|thành phố|tỉnh|huyện|đặc khu)$", "", rest)
        if re.fullmatch(r"HĐND và UBND", rest):
            return "VP HĐND-UBND"
        return f"VP {rest}".strip() if rest else None
    heads = ("Phòng", "Sở", "Trung tâm", "Chi cục", "Ban")
    tail = name
    for head in heads:
        if name.startswith(head + " "):
            tail = name[len(head) + 1 :]
            break
    else:
        return None
    segments = re.split(r"\s*(–|-|,| và )\s*", tail)
    out = ""
    for seg in segments:
        if seg in ("–", "-", ","):
            out += "-"
        elif seg == " và ":
            out += "&"
        elif seg:
            out += "".join(w[0].upper() for w in seg.split() if w[0].isalpha())
    out = out.strip("-&")
    if len(re.sub(r"\W", "", out)) < 2:
        return None
    if re.sub(r"[^a-z0-9&]", "", fold_aligned(out)) in _TOPICS:
        # "Trung tâm Chuyển đổi số" is "TTCĐS": "CĐS" alone is the field. ("KH&CN", written with "&", is how
        # the department of science and technology is named; the field is written "KHCN".)
        return _HEAD_INITIALS[head] + out
    return out


def unify_levels(names: Iterable[str]) -> dict[str, str]:
    """Within one plan, map "Văn phòng HĐND và UBND" to "Văn phòng HĐND và UBND xã" when the plan also
    writes the levelled form: the same office, named shorter once the level is clear."""
    names = set(names)
    mapping = {}
    for name in names:
        longer = [
            n
            for n in names
            if n != name and n.startswith(name + " ") and n[len(name) + 1 :] in LEVELS.values()
        ]
        if len(longer) == 1:
            mapping[name] = longer[0]
    return mapping
