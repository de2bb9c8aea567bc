"""Vietnamese syllables: their parts (base letters, vowel marks, tone), folding, and the tone placement the
plans use ("hóa", "ủy", "khỏe": the older style that puts the tone on o/u of an open oa/oe/uy).
"""

from __future__ import annotations

import re
import unicodedata

# Combining marks after NFD: tones, then the marks that make other vowels (ă â ê ô ơ ư).
GRAVE, ACUTE, TILDE, HOOK, DOT = "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"
TONES = (GRAVE, ACUTE, TILDE, HOOK, DOT)
_TONE_SET = frozenset(TONES)
VOWELS = frozenset("aăâeêioôơuưy")

# A syllable is onset + one to three vowels + final, nothing else (đ kept apart from d).
_SYLLABLE_SHAPE = re.compile(
    r"^(ngh|ch|gh|gi|kh|ng|nh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
    r"([aăâeêioôơuưy]{1,3})(ch|ng|nh|[cmnpt])?$"
)


def strip_tone(syllable: str) -> tuple[str, str]:
    """(`syllable` without its tone mark, NFC; the tone's combining mark or "")."""
    decomposed = unicodedata.normalize("NFD", syllable)
    tone = ""
    kept = []
    for ch in decomposed:
        if ch in _TONE_SET:
            tone = ch
        else:
            kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept)), tone


def base_letters(syllable: str) -> str:
    """The folded letters: no tone, no vowel marks, đ→d, lowercase ("Trưởng" → "truong")."""
    decomposed = unicodedata.normalize("NFD", syllable.lower().replace("đ", "d").replace("Đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def has_marks(word: str) -> bool:
    """True when `word` carries a Vietnamese mark (a tone, ă â ê ô ơ ư, or đ)."""
    lowered = word.lower()
    return "đ" in lowered or any(unicodedata.combining(ch) for ch in unicodedata.normalize("NFD", lowered))


def shape_ok(syllable: str) -> bool:
    """True when the lowercase toneless letters have the shape onset + vowels + final of a syllable."""
    toneless, _ = strip_tone(syllable.lower())
    return bool(_SYLLABLE_SHAPE.match(toneless))


def _tone_vowel_index(toneless: str) -> int | None:
    """Where the older style puts the tone in a toneless syllable (index in the NFC string), or None."""
    match = _SYLLABLE_SHAPE.match(toneless)
    if not match:
        return None
    onset, vowels, final = match.group(1) or "", match.group(2), match.group(3) or ""
    start = len(onset)
    if onset == "gi" or onset == "qu":
        pass  # their i/u is part of the onset
    elif onset == "g" and vowels.startswith("i") and len(vowels) > 1:
        vowels, start = vowels[1:], start + 1  # "gi" + vowel read as g + i...: same as onset gi
    for i, ch in enumerate(vowels):
        if ch in "ăâêôơư":
            # "ươ": the tone goes on ơ
            if ch == "ư" and i + 1 < len(vowels) and vowels[i + 1] == "ơ":
                return start + i + 1
            return start + i
    if final or len(vowels) == 1:
        return start + len(vowels) - 1
    if len(vowels) == 3:
        return start + 1
    return start  # open two-vowel rhymes: hóa, khỏe, thủy, mùa, tài


def place_tone(toneless: str, tone: str) -> str:
    """`toneless` (lowercase NFC) with `tone` put where the plans put it; unchanged when not a syllable."""
    if not tone:
        return toneless
    index = _tone_vowel_index(toneless)
    if index is None:
        return toneless
    decomposed = unicodedata.normalize("NFD", toneless[index]) + tone
    return unicodedata.normalize("NFC", toneless[:index] + decomposed + toneless[index + 1 :])


def old_style(syllable: str) -> str:
    """`syllable` (lowercase) with its tone placed the plans' way: "hoá" → "hóa", "uỷ" → "ủy"."""
    toneless, tone = strip_tone(syllable)
    if not tone:
        return unicodedata.normalize("NFC", syllable)
    placed = place_tone(toneless, tone)
    return placed if placed != toneless else unicodedata.normalize("NFC", syllable)


def apply_case(pattern: str, word: str) -> str:
    """`word` (lowercase) in the case of `pattern`: all capitals, a capital first letter, or lowercase."""
    letters = [ch for ch in pattern if ch.isalpha()]
    if not letters:
        return word
    uppers = sum(ch.isupper() for ch in letters)
    if len(letters) > 1 and uppers > len(letters) / 2:
        return word.upper()
    if letters[0].isupper():
        return word[:1].upper() + word[1:]
    return word
