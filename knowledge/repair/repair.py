"""Restore OCR-damaged Vietnamese for reading: each damaged word back to a valid syllable, chosen in context.

What the English OCR model does to Vietnamese is consistent ("của" → "cia"/"ctia", "số" → "s6", "xã" → "x4",
"người" → "ngw¢di"), so a noisy channel works: candidates are the valid syllables whose base letters are a few
learned letter edits away from what was read (plus the whole forms seen in the aligned training pages), and a
Viterbi pass over each run of words picks the sequence the syllable-pair model finds likeliest.

The gate (`needs_repair`) leaves good Vietnamese alone: text whose words mostly carry marks and are valid
syllables is returned unchanged. Digits, dates, plan numbers and all-caps abbreviations are never changed,
except the Đ that OCR reads as P/D/B in a few known abbreviations (HPND → HĐND) when the text shows the words
behind them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from knowledge.fold import fold_words
from knowledge.repair.model import SyllableModel, load_model
from knowledge.repair.syllables import apply_case, base_letters

# A word as OCR leaves it: letters and digits, with the symbols the English model puts inside Vietnamese words.
WORD = re.compile(r"(?:[^\W_]|[¢©®$&@’¥£€§])+", re.UNICODE)
_SYMBOL_INSERT = 2.0  # a stray symbol inside a word ("ký¥") costs little to drop: it is never a letter
_HAS_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_SPACE_ONLY = re.compile(r"\s+")
_ROMAN = re.compile(r"^[IVXl1]*[IVX][IVXl1]*$")
_GLUED_NUMBER = re.compile(r"^(\d{1,2})(?=[^\W\d_]{3})", re.UNICODE)

# Gate: text is repaired when few of its lowercase words carry marks, or many are not syllables at all.
MIN_MARKED_SHARE = 0.5
MAX_INVALID_SHARE = 0.15
MIN_GATE_WORDS = 8
GATE_CHARS = 20_000

# Scoring (log scale). Tuned on the training pages (corpus/ocr_eng), never on the held-out ones.
MAX_LETTER_COST = 9.0  # candidates further than this from what was read are not considered
KEEP_COST = 7.0  # keeping an unrecognised word as read
TABLE_WEIGHT = 1.0  # weight of a whole observed form seen in training
TABLE_BONUS = 3.0
OOV_LOGP = -12.0  # pair model score of a word kept as read
MAX_CANDIDATES = 6
DEFAULT_SUB, DEFAULT_INDEL = 7.0, 7.0
SEGMENT_CACHE = 50_000  # runs of words (the Viterbi windows) already decided
TEXT_CACHE = 20_000  # whole texts (task contents repeat across re-ingests and replicated plans)
_text_cache: dict[tuple, str] = {}

# Abbreviations whose Đ OCR misreads, and the words that must be in the text to fix them (matched on the
# folded text with OCR's digits for vowels read back as letters, and a damaged vowel or two allowed).
ABBREVIATIONS = {
    "HĐND": re.compile(r"\bh\w{0,2}i d\w{0,2}ng nh\w{0,2}n d\w{0,2}n\b|\bubnd\b"),
    "CĐS": re.compile(r"\bchuy\w{0,3}n d\w{0,2}i s\w{0,2}\b"),
    "ĐMST": re.compile(r"\bd\w{0,2}i m\w{0,2}i s\w{0,2}ng t\w{0,2}o\b"),
    "BCĐ": re.compile(r"\bban ch\w{0,2} d\w{0,2}o\b"),
}
_DIGITS_AS_VOWELS = str.maketrans("6043", "ooaa")
_D_MISREADS = "PDB"


def _abbreviation_variants() -> dict[str, str]:
    variants = {}
    for right in ABBREVIATIONS:
        positions = [i for i, ch in enumerate(right) if ch == "Đ"]
        for misread in _D_MISREADS:
            wrong = list(right)
            for i in positions:
                wrong[i] = misread
            variants["".join(wrong)] = right
    return variants


_ABBREVIATION_FIXES = _abbreviation_variants()


def gate_figures(text: str, model: SyllableModel | None = None) -> tuple[int, float, float]:
    """(lowercase words counted, share carrying Vietnamese marks, share that are not valid syllables).

    Counted over the first GATE_CHARS characters (plenty to tell); a word with a mark is any non-ASCII
    word: Vietnamese marks are never ASCII, and OCR's stray symbols are too rare to matter.
    """
    model = model or load_model()
    index = model.index
    words = [w for w in WORD.findall(text[:GATE_CHARS]) if not w.isupper() and not w.isdigit()]
    if not words:
        return 0, 1.0, 0.0
    marked = sum(not w.isascii() for w in words)
    invalid = sum(w.lower() not in index for w in words)
    return len(words), marked / len(words), invalid / len(words)


def needs_repair(text: str, model: SyllableModel | None = None) -> bool:
    """True when `text` reads as OCR-damaged Vietnamese (few marks or many non-syllables)."""
    count, marked, invalid = gate_figures(text, model)
    if count < MIN_GATE_WORDS:
        return False
    return marked < MIN_MARKED_SHARE or invalid > MAX_INVALID_SHARE


@dataclass
class _Token:
    start: int
    end: int
    observed: str  # lowercase form looked up
    pattern: str  # the text as read, for its case
    fixed: str | None = None  # output decided without the model (kept or an abbreviation fix)


class Repairer:
    """Repairs texts of one document: the gate and the abbreviation context come from the whole document.

    `repair(text)` returns the readable text (the text itself when the document did not need repair).
    """

    def __init__(
        self, document: str = "", *, model: SyllableModel | None = None, force: bool = False
    ) -> None:
        self.model = model or load_model()
        self.active = force or needs_repair(document, self.model)
        folded = fold_words(document).translate(_DIGITS_AS_VOWELS)
        present = {right for right, words in ABBREVIATIONS.items() if words.search(folded)}
        self.abbreviations = {
            wrong: right for wrong, right in _ABBREVIATION_FIXES.items() if right in present
        }
        self._context = tuple(sorted(self.abbreviations))

    def repair(self, text: str) -> str:
        if not self.active or not text:
            return text
        key = (id(self.model), self._context, text)
        found = _text_cache.get(key)
        if found is None:
            if len(_text_cache) > TEXT_CACHE:
                _text_cache.clear()
            found = _text_cache[key] = _repair(text, self.model, self.abbreviations)
        return found


def repair_text(text: str, *, force: bool = False) -> str:
    """`text` repaired when it needs it (its own gate), else unchanged."""
    return Repairer(text, force=force).repair(text)


# --- tokens ---------------------------------------------------------------------------------------------


def _tokens(text: str, model: SyllableModel, abbreviations: dict[str, str]) -> list[_Token]:
    tokens = []
    for match in WORD.finditer(text):
        word = match.group()
        glued = _GLUED_NUMBER.match(word)
        if glued:  # "11thang": a day glued to its month word
            digits = glued.group(1)
            tokens.append(_Token(match.start(), match.start() + len(digits), digits, digits, digits + " "))
            word = word[len(digits) :]
            token = _Token(match.start() + len(digits), match.end(), word.lower(), word)
        else:
            token = _Token(match.start(), match.end(), word.lower(), word)
        letters = [ch for ch in word if ch.isalpha()]
        if not letters or _ROMAN.match(word):
            token.fixed = word  # digits, symbols without a letter, section numbers ("III", OCR'd "Il") kept
        elif len(letters) > 1 and all(ch.isupper() for ch in letters):
            if word in abbreviations:
                token.fixed = abbreviations[word]
            elif not _caps_word_is_syllable(token.observed, model):
                token.fixed = word  # an abbreviation or a code: kept
        elif any(ch.isdigit() for ch in word) and word[0].isupper() and sum(ch.isupper() for ch in word) > 1:
            token.fixed = word  # "QH15", "Q2B": codes
        tokens.append(token)
    return tokens


def _caps_word_is_syllable(lowered: str, model: SyllableModel) -> bool:
    """An all-caps word of a heading ("KE HOACH", "PAO TAO"), as opposed to an abbreviation ("UBND")."""
    letters = base_letters(lowered)
    if letters in model.by_base:
        return True
    return letters[:1] in "pb" and "d" + letters[1:] in model.by_base  # Đ read as P/B


# --- candidates -----------------------------------------------------------------------------------------


_candidate_cache: dict[tuple[int, str], tuple[tuple[int, float], ...]] = {}


def _letter_distance(true: str, observed: str, costs: dict[tuple[str, str], float]) -> float:
    """Cost of the edits turning the true base letters into what OCR printed, on rapidfuzz's alignment
    (the same alignment the model's letter edits were counted on)."""
    total = 0.0
    for tag, t0, t1, o0, o1 in Levenshtein.opcodes(true, observed):
        if tag == "equal":
            for ch in true[t0:t1]:
                total += costs.get((ch, ch), 0.0)
        elif tag == "replace":
            for t, o in zip(true[t0:t1], observed[o0:o1], strict=True):
                total += costs.get((t, o), DEFAULT_SUB)
        elif tag == "delete":
            for t in true[t0:t1]:
                total += costs.get((t, ""), DEFAULT_INDEL)
        else:
            for o in observed[o0:o1]:
                total += costs.get(("", o), DEFAULT_INDEL if o.isalnum() else _SYMBOL_INSERT)
    return total


def candidates(observed: str, model: SyllableModel) -> tuple[tuple[int, float], ...]:
    """(syllable id, emission log-score) for a lowercase word as read; id -1 keeps the word as read."""
    key = (id(model), observed)
    found = _candidate_cache.get(key)
    if found is not None:
        return found
    letters = base_letters(observed)
    scores: dict[int, float] = {}
    if len(letters) <= 8:
        # The weighted distance (pure Python) only for the bases nearest by plain edit distance (C).
        near = [(Levenshtein.distance(base, letters), base) for base in model.near_bases(letters)]
        closest = min((d for d, _ in near), default=0)
        for distance, base in near:
            if distance > closest + 1:
                continue
            cost = _letter_distance(base, letters, model.letter_cost)
            if cost > MAX_LETTER_COST:
                continue
            for syllable in model.by_base[base][:8]:
                scores[syllable] = -cost
    for syllable, logp in model.confusions.get(observed, ()):
        scored = TABLE_BONUS + TABLE_WEIGHT * logp
        if scored > scores.get(syllable, -1e9):
            scores[syllable] = scored
    own = model.index.get(observed)
    if own is not None:
        scores[own] = max(scores.get(own, -1e9), 0.0)
    ranked = sorted(scores.items(), key=lambda kv: -(kv[1] + 0.5 * model.unigram_logp[kv[0]]))
    result = tuple(ranked[:MAX_CANDIDATES]) + ((-1, -KEEP_COST),)
    if len(_candidate_cache) > 200_000:
        _candidate_cache.clear()
    _candidate_cache[key] = result
    return result


# --- the repair -----------------------------------------------------------------------------------------

_segment_cache: dict[tuple[int, tuple[str, ...]], tuple[int, ...]] = {}


def _best_path(observed: tuple[str, ...], model: SyllableModel) -> tuple[int, ...]:
    """Viterbi over one run of words: the syllable ids (-1: keep) of the likeliest reading."""
    key = (id(model), observed)
    found = _segment_cache.get(key)
    if found is not None:
        return found
    layers = [candidates(word, model) for word in observed]
    pair_memo = _pair_memo(model)
    # scores[k] = (best total, back pointer) for candidate k of the current word
    previous = [(emission + (model.unigram_logp[s] if s >= 0 else OOV_LOGP), -1) for s, emission in layers[0]]
    pointers = [[p for _, p in previous]]
    totals = [t for t, _ in previous]
    for i in range(1, len(layers)):
        current_totals, current_pointers = [], []
        before = layers[i - 1]
        for s, emission in layers[i]:
            best, best_k = -1e18, 0
            for k, (p, _) in enumerate(before):
                if s < 0:
                    step = OOV_LOGP
                elif p < 0:
                    step = model.unigram_logp[s]
                else:
                    step = pair_memo.get(p << 16 | s)
                    if step is None:
                        step = pair_memo[p << 16 | s] = model.pair_logp(p, s)
                score = totals[k] + step
                if score > best:
                    best, best_k = score, k
            current_totals.append(best + emission)
            current_pointers.append(best_k)
        totals = current_totals
        pointers.append(current_pointers)
    k = max(range(len(totals)), key=totals.__getitem__)
    path = []
    for i in range(len(layers) - 1, -1, -1):
        path.append(layers[i][k][0])
        k = pointers[i][k]
    result = tuple(reversed(path))
    if len(_segment_cache) > SEGMENT_CACHE:
        _segment_cache.clear()
    _segment_cache[key] = result
    return result


_pair_memos: dict[int, dict[int, float]] = {}


def _pair_memo(model: SyllableModel) -> dict[int, float]:
    memo = _pair_memos.get(id(model))
    if memo is None or len(memo) > 2_000_000:
        memo = _pair_memos[id(model)] = {}
    return memo


def _repair(text: str, model: SyllableModel, abbreviations: dict[str, str]) -> str:
    tokens = _join_split_syllables(text, _tokens(text, model, abbreviations), model)
    out: list[str] = []
    position = 0
    run: list[_Token] = []

    def flush() -> None:
        if not run:
            return
        path = _best_path(tuple(t.observed for t in run), model)
        for token, syllable in zip(run, path, strict=True):
            out.append(text[position_of[id(token)] : token.start])
            out.append(
                token.pattern if syllable < 0 else apply_case(token.pattern, model.syllables[syllable])
            )
        run.clear()

    position_of: dict[int, int] = {}
    for token in tokens:
        gap = text[position : token.start]
        if run and (token.fixed is not None or (gap and not _SPACE_ONLY.fullmatch(gap))):
            flush()
        if token.fixed is not None:
            out.append(gap)
            out.append(token.fixed)
        else:
            position_of[id(token)] = position
            run.append(token)
        position = token.end
    flush()
    out.append(text[position:])
    return "".join(out)


def _join_split_syllables(text: str, tokens: list[_Token], model: SyllableModel) -> list[_Token]:
    """Join two words OCR split ("tr ien" → "triển") when neither is a syllable and the two together are."""
    joined: list[_Token] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if i + 1 < len(tokens):
            after = tokens[i + 1]
            if (
                token.fixed is None
                and after.fixed is None
                and text[token.end : after.start] == " "
                and not after.pattern[:1].isupper()
                and base_letters(token.observed) not in model.by_base
                and base_letters(after.observed) not in model.by_base
            ):
                merged = token.observed + after.observed
                if base_letters(merged) in model.by_base:
                    joined.append(_Token(token.start, after.end, merged, token.pattern + after.pattern))
                    i += 2
                    continue
        joined.append(token)
        i += 1
    return joined
