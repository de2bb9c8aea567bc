"""Fold Vietnamese text for matching: NFD, drop combining marks, đ→d, lowercase.

The document's original text is always kept; folded text is only used to compare and search. `fold_aligned`
keeps the text's length (and folds OCR's stand-ins for letters), so a match on folded text maps back to the
document's own words.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

_WORD_RUN = re.compile(r"[a-z0-9]+")


def code_ranges(codes) -> str:
    """The body of a regex character class matching exactly `codes` (ascending BMP code points), as ranges."""
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "".join(f"\\u{a:04x}-\\u{b:04x}" if a != b else f"\\u{a:04x}" for a, b in ranges)


def _combining_marks_class() -> re.Pattern:
    """One regex class of every combining mark in the Basic Multilingual Plane, as ranges.

    A regex substitution drops the marks about three times faster than testing each character with
    unicodedata.combining in Python (ingest folds every task); building it takes ~3 ms at import.
    """
    marks = (code for code in range(0x10000) if unicodedata.combining(chr(code)))
    return re.compile(f"[{code_ranges(marks)}]+")


COMBINING_MARKS = _combining_marks_class()


def fold(text: str) -> str:
    """Return `text` without diacritics, with đ→d, lowercased; punctuation and spacing kept."""
    if not text:
        return ""
    if text.isascii():
        return text.lower()
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    # Characters outside the BMP take two UTF-16 units (a C pass, ~20x faster than max() over the text).
    if len(decomposed.encode("utf-16-le", "surrogatepass")) > 2 * len(decomposed):
        # marks outside the BMP (never Vietnamese): the exact, slow way
        stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    else:
        stripped = COMBINING_MARKS.sub("", decomposed)
    # OCR output sometimes carries "ð"/"Ð" (eth) for đ/Đ.
    stripped = stripped.replace("ð", "d").replace("Ð", "D")
    return stripped.lower()


def fold_words(text: str) -> str:
    """Fold `text` and keep only letters and digits, single-spaced: the form used for matching.

    Folded a whitespace-separated token at a time, each token once per process (texts repeat words, not
    sentences): folding never joins or changes characters across whitespace (marks belong to the letter
    before them, and what is not a letter or digit separates words anyway), so the result is the same as
    folding the whole text, about 2.5x faster on task texts.
    """
    folded_of = _token_words.get
    out = []
    for token in text.split():
        folded = folded_of(token)
        if folded is None:
            if len(_token_words) > _TOKEN_MEMO:
                _token_words.clear()
            folded = _token_words[token] = _fold_token(token)
        if folded:
            out.append(folded)
    return " ".join(out)


_TOKEN_MEMO = 200_000
_token_words: dict[str, str] = {}


def _fold_token(text: str) -> str:
    return " ".join(_WORD_RUN.findall(fold(text)))  # one pass; the same as replacing the rest by spaces


def tokens(text: str) -> list[str]:
    """Folded word tokens of `text`."""
    folded = fold_words(text)
    return folded.split() if folded else []


# What OCR prints for letters, folded as the letter: đ/Đ read as eth, a dotless i, and symbols for marked
# vowels inside words ("nghi¢p", "hi€u", "k¥ năng", "Xuy@n", "$ố"). Letters beyond `fold` (kept aligned).
_OCR_LETTERS = {"ð": "d", "Ð": "d", "ı": "i", "¢": "e", "€": "e", "£": "e", "¥": "y", "@": "e", "$": "s"}


def _build_fold_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for code in range(0x00C0, 0x2000):
        ch = chr(code)
        if unicodedata.combining(ch):
            table[code] = None
            continue
        base = unicodedata.normalize("NFD", ch)[0]
        if base != ch and base.isascii():
            table[code] = base.lower()
    for ch, repl in {"đ": "d", "Đ": "d", **_OCR_LETTERS}.items():
        table[ord(ch)] = repl
    return table


_FOLD_TABLE = _build_fold_table()


# Lines and phrases recur across the parser's passes (and across plans), so short texts are folded once.
# A longer one (a paragraph, a task) is folded by several passes in a row (its content, lead, deadline,
# partners), so the last few are kept: a cache this small holds a few paragraphs of the document being
# read, never a whole document's worth, and bounds memory to a few MB.
_CACHED_UP_TO = 256
_LONG_CACHED = 32


def fold_aligned(text: str) -> str:
    """Fold `text` (drop marks, đ→d, lowercase) keeping its length, so positions map back to the original.

    The caller passes NFC text (every precomposed Vietnamese letter folds to one ASCII letter). Should a
    character fold to a different length anyway, it falls back to per-character folding with padding.
    """
    if len(text) <= _CACHED_UP_TO:
        return _fold_aligned_short(text)
    return _fold_aligned_long(text)


def fold_aligned_lines(text: str, folded_lines: list[str]) -> str:
    """`fold_aligned(text)`, given `fold_aligned` of each of its lines (`text.split("\\n")`, as the parser
    folds them): their join, when no character of the text is one `_fast_fold` folds differently from the
    table (then the text and each line fold a character at a time, the same way; a whole plan folds in a
    few ms, its lines are joined in tens of µs), else the text folded whole."""
    if _unsafe_for_fast_fold().search(text) is None:
        return "\n".join(folded_lines)
    return fold_aligned(text)


@lru_cache(maxsize=_LONG_CACHED)
def _fold_aligned_long(text: str) -> str:
    if _unsafe_for_fast_fold().search(text) is None:
        return _fast_fold(text)
    return _fold_aligned(text)


@lru_cache(maxsize=8192)
def _fold_aligned_short(text: str) -> str:
    return _fold_aligned(text)


def _fold_aligned(text: str) -> str:
    folded = text.translate(_FOLD_TABLE).lower()
    if len(folded) == len(text):
        return folded
    out = []
    for ch in text:
        f = ch.translate(_FOLD_TABLE).lower()
        out.append(f[:1] if f else " ")
    return "".join(out)


def _fast_fold(text: str) -> str:
    """`_fold_aligned` for long texts: `fold` (NFD and one regex substitution, in C) and the OCR letters;
    str.translate looks each non-ASCII character up in a dict (a whole document folds ~4x faster)."""
    folded = fold(text)
    for ch, repl in _OCR_LETTERS.items():
        if ch in folded:
            folded = folded.replace(ch, repl)
    return folded


@cache
def _unsafe_for_fast_fold() -> re.Pattern:
    """Characters `_fast_fold` might fold differently from the table (checked one by one, once): any
    text without them folds the same both ways. Combining marks are among them (the table pads them)."""
    safe: list[int] = []
    # Latin, Greek, Cyrillic, Vietnamese, punctuation, symbols and the ligatures OCR emits ("ﬁ"): ~25 ms.
    for code in (*range(0x80, 0x2C00), *range(0xFB00, 0xFB50), *range(0xFE00, 0x10000)):
        ch = chr(code)
        if 0xD800 <= code <= 0xDFFF:
            continue
        if ch != "\u03a3" and _fast_fold(ch) == _fold_aligned(ch):  # Σ lowercases by context
            safe.append(code)
    return re.compile(f"[^\\x00-\\x7f{code_ranges(safe)}]")
