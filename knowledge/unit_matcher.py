"""Which registered unit a piece of free text names (a question, a typed unit name): by its full name, its
abbreviation, or its name without its head ("kinh tế" for "Phòng Kinh tế"), tolerating missing diacritics and
typos. The registry of names itself is knowledge.units."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz import fuzz

from knowledge.fold import fold_words
from knowledge.units import TOPIC_WORDS, abbreviation, norm_name
from knowledge.vocabulary import expand

_TAIL_MINIMUM = 90.0


# The level a name opens with tells bodies apart though the words are a letter or two apart: "Tỉnh đoàn" is not
# "Thành Đoàn", "huyện ủy" not "tỉnh ủy".
_LEVEL_OPENINGS = frozenset(["tinh", "thanh", "huyen", "xa", "phuong"])


def _other_level(first: str, alias: str) -> bool:
    """Whether a window opening with `first` opens with another level than `alias` does."""
    opening = alias.split(" ", 1)[0]
    return first != opening and first in _LEVEL_OPENINGS and opening in _LEVEL_OPENINGS


class UnitMatcher:
    """Match free text (a question, a typed unit name) against the units that exist, tolerating missing
    diacritics, abbreviations and typos."""

    def __init__(self, names: Iterable[str]):
        self.names = sorted(set(n for n in names if n))
        self._aliases: list[tuple[str, str, float]] = []  # (alias words, name, minimum score)
        for name in self.names:
            full = norm_name(name)
            self._aliases.append((full, name, 84.0))
            spelled = expand(full)  # "Ủy ban MTTQ phường" is also asked for as "mặt trận tổ quốc phường"
            if spelled != full:
                self._aliases.append((spelled, name, 84.0))
            without_va = full.replace(" va ", " ")  # "sở khoa học công nghệ" (from "sở KHCN") is the Sở
            if without_va != full:
                self._aliases.append((without_va, name, 84.0))
            toks = full.split()
            for head in ("van phong", "phong", "so", "trung tam", "chi cuc", "ban", "to"):
                htoks = head.split()
                if toks[: len(htoks)] == htoks and len(toks) > len(htoks):
                    tail = " ".join(toks[len(htoks) :])
                    tail = re.sub(r"\s(xa|phuong|thanh pho|tinh|huyen|dac khu)$", "", tail)
                    if len(tail) >= 6 and tail not in TOPIC_WORDS:
                        self._aliases.append((tail, name, _TAIL_MINIMUM))
                    break
            abbr = abbreviation(name)
            if abbr:
                short = fold_words(abbr).replace(" ", "")
                if len(short) >= 2:
                    self._aliases.append((short, name, 100.0))

    @lru_cache(maxsize=2048)  # noqa: B019 - matchers live as long as the unit list they were built from
    def match(self, text: str) -> tuple[str, float] | None:
        """Best (canonical name, score 0-100) for the unit `text` talks about, or None.

        100 for an abbreviation or the full name; a name given without its head ("kinh tế" for "Phòng Kinh
        tế") scores at most 90, so callers can ask before acting on it."""
        words = norm_name(text)
        toks = words.split()
        if not toks:
            return None
        joined_variants = {words, words.replace(" ", "")}
        best: tuple[float, int, str] | None = None
        for alias, name, minimum in self._aliases:
            k = len(alias.split())
            if minimum >= 100.0:
                score = 100.0 if any(alias == t for t in toks) or alias in joined_variants else 0.0
            else:
                score = 0.0
                for n in {k - 1, k, k + 1}:
                    if n < 1:
                        continue
                    for i in range(0, max(1, len(toks) - n + 1)):
                        window = " ".join(toks[i : i + n])
                        s = fuzz.ratio(window, alias)
                        if s > score and not _other_level(toks[i], alias):
                            score = s
            if score >= minimum:
                if minimum == _TAIL_MINIMUM:
                    # Named without its head ("kinh tế"): likely but not certain, so scored lower.
                    score *= 0.9
                key = (score, len(alias), name)
                if best is None or key[:2] > best[:2]:
                    best = key
        return (best[2], float(best[0])) if best else None
