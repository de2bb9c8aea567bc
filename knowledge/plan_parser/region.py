"""The province or centrally-run city a plan belongs to ("tỉnh Thanh Nguyên"), read from its header and
preamble: a commune's plan seldom names its province in the issuer ("UBND xã Tam Khê") but its header
("ĐẢNG BỘ TỈNH THANH NGUYÊN") or the plan it implements ("Kế hoạch số 88/KH-UBND của UBND tỉnh Thanh
Nguyên", "của Ban Thường vụ Tỉnh ủy …") does. Questions about a province ("ds kế hoạch của tỉnh …") use it."""

from __future__ import annotations

import re
from collections import Counter

from knowledge.fold import fold_aligned, fold_words

# A province-level word, then the name. "tỉnh ủy" / "thành ủy" name the province's Party committee.
_LEVEL_RE = re.compile(r"\b(tinh uy|thanh uy|tinh|thanh\s+pho|tp)\b\.?[ \t]+")
_LEVEL_NAMES = {
    "tinh uy": "tỉnh",
    "tinh": "tỉnh",
    "thanh uy": "thành phố",
    "thanh pho": "thành phố",
    "tp": "thành phố",
}
_NAME_WORD_RE = re.compile(r"[^\W\d_][\w]*")
_MAX_NAME_WORDS = 3
# Capitalised words that follow "tỉnh" but are no place ("Tỉnh ủy", "Thành phố Kế hoạch" never occur; these do).
_NOT_NAMES = frozenset(["uy", "ubnd", "hdnd", "ve", "va", "ban", "so"])


def plan_region(text: str, issuer: str | None = None) -> str | None:
    """The province or city most named in `text` (a plan's header and preamble) and its issuer, as
    "tỉnh Thanh Nguyên" / "thành phố Bảo Giang"; None when none is named."""
    found: Counter[str] = Counter()
    names: dict[str, str] = {}
    for chunk in (issuer or "", text):
        folded = fold_aligned(chunk)
        for m in _LEVEL_RE.finditer(folded):
            name = _name_after(chunk, m.end())
            if not name:
                continue
            level = _LEVEL_NAMES[" ".join(m.group(1).split())]  # "thành\nphố" wrapped at a line's end
            region = f"{level} {name}"
            key = fold_words(region)
            found[key] += 1
            names.setdefault(key, region)
    if not found:
        return None
    best = max(found.values())
    return next(names[k] for k in names if found[k] == best)  # the first named among the most named


def _name_after(text: str, start: int) -> str:
    """The capitalised words from `start` on the same line ("Thanh Nguyên", "THANH NGUYÊN" → "Thanh
    Nguyên"), up to three."""
    words = []
    pos = start
    while len(words) < _MAX_NAME_WORDS:
        m = _NAME_WORD_RE.match(text, pos)
        if not m or not m.group(0)[0].isupper() or fold_words(m.group(0)) in _NOT_NAMES:
            break
        words.append(m.group(0))
        pos = m.end()
        if text[pos : pos + 1] != " " or text[pos + 1 : pos + 2].isspace():
            break  # a line's end, punctuation, or the wide gap between a header's two columns
        pos += 1
    return " ".join(w[:1] + w[1:].lower() for w in words)
