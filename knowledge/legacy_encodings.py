"""Vietnamese text saved in the encodings that came before Unicode: detected and converted, or refused.

Old plans still arrive as text typed with the ABC (TCVN3) or VNI fonts, or saved as VISCII or Windows-1258.
Decoded as anything else they read as garbage ("KÕ ho¹ch") that would be stored as a plan. `decode_text`
tries each encoding and keeps the one whose words are Vietnamese syllables; when none reads clearly it
says so (`LegacyEncodingError`), so the caller refuses the file instead of guessing.

The byte tables are those of the standards (TCVN 5712:1993, VISCII 1.1): bytes 0x80-0xFF as Unicode.
VNI writes a letter as its base letter followed by a mark byte ("a" + "ù" = "á"), read with `_VNI_MARKS`.
Pure: no I/O.
"""

from __future__ import annotations

import re
import unicodedata

# TCVN 5712:1993 (VN1, a superset of the ABC/TCVN3 fonts' VN3): bytes 0x80-0xFF.
_TCVN3_HIGH = (
    "ÀẢÃÁẠẶẬÈẺẼÉẸỆÌỈĨÍỊÒỎÕÓỌỘỜỞỠỚỢÙỦŨ"
    "\xa0ĂÂÊÔƠƯĐăâêôơưđẶ̀̀̉̃́àảãáạẲằẳẵắẴ"
    "ẮẦẨẪẤỀặầẩẫấậèỂẻẽéẹềểễếệìỉỄẾỒĩíịò"
    "ỔỏõóọồổỗốộờởỡớợùỖủũúụừửữứựỳỷỹýỵỐ"
)
# VISCII 1.1: bytes 0x80-0xFF, and the six capitals it puts among the control bytes.
_VISCII_HIGH = (
    "ẠẮẰẶẤẦẨẬẼẸẾỀỂỄỆỐỒỔỖỘỢỚỜỞỊỎỌỈỦŨỤỲ"
    "ÕắằặấầẩậẽẹếềểễệốồổỗỠƠộờởịỰỨỪỬơớƯ"
    "ÀÁÂÃẢĂẳẵÈÉÊẺÌÍĨỳĐứÒÓÔạỷừửÙÚỹỵÝỡư"
    "àáâãảăữẫèéêẻìíĩỉđựòóôõỏọụùúũủýợỮ"
)
_VISCII_LOW = {0x02: "Ẳ", 0x05: "Ẵ", 0x06: "Ẫ", 0x14: "Ỷ", 0x19: "Ỹ", 0x1E: "Ỵ"}

# VNI: a mark byte after a vowel, as its Windows-1252 character: the marks it adds (combining).
_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
_HAT, _BREVE = "\u0302", "\u0306"
_VNI_MARKS = {
    "ù": _ACUTE, "ø": _GRAVE, "û": _HOOK, "õ": _TILDE, "ï": _DOT,
    "â": _HAT, "á": _HAT + _ACUTE, "à": _HAT + _GRAVE, "å": _HAT + _HOOK, "ã": _HAT + _TILDE, "ä": _HAT + _DOT,
    "ê": _BREVE, "é": _BREVE + _ACUTE, "è": _BREVE + _GRAVE, "ú": _BREVE + _HOOK, "ü": _BREVE + _TILDE,
    "ë": _BREVE + _DOT,
}  # fmt: skip
_VNI_MARKS.update({k.upper(): v for k, v in list(_VNI_MARKS.items())})
# VNI letters of their own (one byte): đ, ơ, ư and the marked i's.
_VNI_LETTERS = str.maketrans({"ñ": "đ", "Ñ": "Đ", "ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư", "ò": "ị", "Ò": "Ị",
                              "æ": "ỉ", "Æ": "Ỉ", "ó": "ĩ", "Ó": "Ĩ"})  # fmt: skip
_VNI_MARK_RE = re.compile(f"([aeiouyAEIOUYơưƠƯ])([{''.join(_VNI_MARKS)}]+)")

# Letters of Vietnamese beyond ASCII (NFC), and the marks that carry a tone.
_BASES = "aăâeêioôơuưy"
_TONES = (_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT)
VIETNAMESE_LETTERS = frozenset(
    unicodedata.normalize("NFC", base + tone).upper() if upper else unicodedata.normalize("NFC", base + tone)
    for base in _BASES
    for tone in ("", *_TONES)
    for upper in (False, True)
) | frozenset("đĐ")
_WORD_RE = re.compile(r"[^\W\d_]+")
# Punctuation that Vietnamese text uses beyond ASCII: not evidence either way.
_NEUTRAL = frozenset("–—‘’“”…•·°§©®™«»×\xa0\u200b\ufeff")


class LegacyEncodingError(Exception):
    """No encoding reads the bytes as Vietnamese with confidence; `encoding` names the best guess."""

    def __init__(self, encoding: str) -> None:
        super().__init__(encoding)
        self.encoding = encoding


def _decode_table(data: bytes, high: str, low: dict[int, str] | None = None) -> str:
    table = {0x80 + i: ch for i, ch in enumerate(high)}
    if low:
        table.update(low)
    return unicodedata.normalize("NFC", data.decode("latin-1").translate(table))


def decode_tcvn3(data: bytes) -> str:
    return _decode_table(data, _TCVN3_HIGH)


def decode_viscii(data: bytes) -> str:
    return _decode_table(data, _VISCII_HIGH, _VISCII_LOW)


def decode_cp1258(data: bytes) -> str:
    # Windows-1258 writes tone marks as combining characters: compose them back.
    return unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))


def decode_vni(data: bytes) -> str:
    text = data.decode("cp1252", errors="replace").translate(_VNI_LETTERS)
    text = _VNI_MARK_RE.sub(lambda m: m[1] + "".join(_VNI_MARKS[c] for c in m[2]), text)
    return unicodedata.normalize("NFC", text)


DECODERS = {"TCVN3": decode_tcvn3, "VNI": decode_vni, "VISCII": decode_viscii, "CP1258": decode_cp1258}


def _is_syllable(word: str) -> bool:
    """A word of Vietnamese letters with at most one tone mark (or an ASCII word)."""
    if word.isascii():
        return True
    if any(ch not in VIETNAMESE_LETTERS and not ch.isascii() for ch in word):
        return False
    tones = sum(1 for ch in unicodedata.normalize("NFD", word.lower()) if ch in _TONES)
    if tones > 1:
        return False
    # One marked vowel a syllable ("Kêì" is no word), but for the pair ư + ơ ("người", "được").
    marked = [ch for ch in word.lower() if not ch.isascii() and ch != "đ"]
    if len(marked) <= 1:
        return True
    return len(marked) == 2 and _base(marked[0]) == "ư" and _base(marked[1]) == "ơ"


def _base(ch: str) -> str:
    """The letter without its tone mark ("ờ" -> "ơ")."""
    return unicodedata.normalize(
        "NFC", "".join(c for c in unicodedata.normalize("NFD", ch) if c not in _TONES)
    )


def vietnamese_score(text: str) -> tuple[int, int]:
    """(non-ASCII words that are Vietnamese syllables, non-ASCII words or symbols that are not)."""
    good = bad = 0
    for word in _WORD_RE.findall(text):
        if word.isascii():
            continue
        if _is_syllable(word):
            good += 1
        else:
            bad += 1
    bad += sum(1 for ch in text if not ch.isascii() and not ch.isalpha() and ch not in _NEUTRAL)
    return good, bad


def decode_text(data: bytes) -> tuple[str, str]:
    """Text of `data` (not UTF-8) in the legacy encoding that reads best, and that encoding's name.

    Raises LegacyEncodingError when even the best reading has more than 2% of its non-ASCII words or
    symbols outside Vietnamese: better refused than stored as garbage."""
    best: tuple[int, int, str, str] | None = None
    for name, decode in DECODERS.items():
        text = decode(data)
        good, bad = vietnamese_score(text)
        key = (good - 5 * bad, -bad, name, text)
        if best is None or key[:2] > best[:2]:
            best = key
    assert best is not None
    score, neg_bad, name, text = best
    good = score - 5 * neg_bad
    bad = -neg_bad
    if good == 0 or bad > 0.02 * (good + bad):
        raise LegacyEncodingError(name)
    return text, name
