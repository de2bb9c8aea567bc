"""Fold Vietnamese text for matching: NFD, drop combining marks, đ→d, lowercase.

The document's original text is always kept; folded text is only used to compare and search.
"""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^a-z0-9]+")
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Return `text` without diacritics, with đ→d, lowercased; punctuation and spacing kept."""
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # OCR output sometimes carries "ð"/"Ð" (eth) for đ/Đ.
    stripped = stripped.replace("ð", "d").replace("Ð", "D")
    return stripped.lower()


def fold_words(text: str) -> str:
    """Fold `text` and keep only letters and digits, single-spaced: the form used for matching."""
    return _SPACES.sub(" ", _NON_WORD.sub(" ", fold(text))).strip()


def tokens(text: str) -> list[str]:
    """Folded word tokens of `text`."""
    folded = fold_words(text)
    return folded.split() if folded else []
