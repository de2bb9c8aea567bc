"""Restore OCR-damaged Vietnamese for reading: each damaged word back to a valid syllable, chosen in context.

What the English OCR model does to Vietnamese is consistent ("của" → "cia"/"ctia", "số" → "s6", "xã" → "x4",
"người" → "ngw¢di"), so a noisy channel works: candidates are the valid syllables whose base letters are a few
learned letter edits away from what was read (plus the whole forms seen in the aligned training pages), and a
Viterbi pass over each run of words, a few words at a time, picks the sequence the syllable-pair model finds
likeliest.

Speed (ingest repairs every text of an OCR-damaged plan): words are classified and their candidates found
once per process, decisions on short windows of words are memoised (phrases recur across real plans), and a
text is repaired once per document; nothing is cached by whole text across documents.

The gate (`needs_repair`) leaves good Vietnamese alone: text whose words mostly carry marks and are valid
syllables is returned unchanged. Digits, dates, plan numbers and all-caps abbreviations are never changed,
except the Đ that OCR reads as P/D/B in a few known abbreviations (HPND → HĐND) when the text shows the words
behind them.
"""

from __future__ import annotations

import re
from itertools import chain, filterfalse
from operator import getitem, itemgetter

from rapidfuzz.distance import Levenshtein

from knowledge.fold import fold
from knowledge.repair.model import SyllableModel, load_model
from knowledge.repair.syllables import base_letters

# A word as OCR leaves it: letters and digits, with the symbols the English model puts inside Vietnamese words.
# Runs of letters matched as runs: the same matches as one character at a time, ~12% faster (a C pass over
# every text repaired, and the gate's slices).
WORD = re.compile(r"(?:[^\W_]+|[¢©®$&@’¥£€§])+", re.UNICODE)
# The same matches in a text without "_" (\w less "_" is what WORD takes), one character class: ~25% faster.
_WORD_WITHOUT_UNDERSCORE = re.compile(r"[\w¢©®$&@’¥£€§]+", re.UNICODE)
_SYMBOL_INSERT = 2.0  # a stray symbol inside a word ("ký¥") costs little to drop: it is never a letter
_HAS_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_SPACE_ONLY = re.compile(r"\s+")
_ROMAN = re.compile(r"^[IVXl1]*[IVX][IVXl1]*$")
_GLUED_NUMBER = re.compile(r"^(\d{1,2})(?=[^\W\d_]{3})", re.UNICODE)

# Gate: text is repaired when few of its lowercase words carry marks, or many are not syllables at all.
MIN_MARKED_SHARE = 0.5
MAX_INVALID_SHARE = 0.15
MIN_GATE_WORDS = 8
GATE_SLICE = 2_000  # characters read by the gate at the start, middle and end of a document

# Scoring (log scale). Tuned on the training pages (corpus/ocr_eng), never on the held-out ones.
MAX_LETTER_COST = 9.0  # candidates further than this from what was read are not considered
KEEP_COST = 7.0  # keeping an unrecognised word as read
TABLE_WEIGHT = 1.0  # weight of a whole observed form seen in training
TABLE_BONUS = 3.0
OOV_LOGP = -12.0  # pair model score of a word kept as read
MAX_CANDIDATES = 6
DEFAULT_SUB, DEFAULT_INDEL = 7.0, 7.0
# A run of words is decided WINDOW words at a time, each window seeing the decision before it and LOOKAHEAD
# words after it: the pair model's context reaches no further in practice, and decisions on such short
# windows recur in real plans ("Ủy ban nhân dân xã", "Phòng Văn hóa – Xã hội"), so they are memoised.
WINDOW = 4
LOOKAHEAD = 2
WINDOW_MEMO = 100_000


# Abbreviations whose Đ OCR misreads, and the words that must be in the text to fix them (matched on the
# folded text with OCR's digits for vowels read back as letters, and a damaged vowel or two allowed).
def _on_folded(words: str) -> re.Pattern:
    """`words` (written for fold_words' text: one space between words, \\w a letter or digit) as a pattern
    over `fold`'s text, which keeps punctuation and line breaks: the same matches, one pass cheaper."""
    pattern = words.replace(r"\w", "[a-z0-9]").replace(" ", "[^a-z0-9]+")
    # The opening \b after the first letters, as a lookbehind over them ("h(?<![a-z0-9]h)..."): the same
    # matches, and a pattern that opens with a literal is scanned for it in C instead of tried everywhere.
    head = re.match(r"\\b([a-z]+)", pattern)
    if head:
        letters = head.group(1)
        pattern = f"{letters}(?<![a-z0-9]{letters}){pattern[head.end() :]}"
    return re.compile(pattern.replace(r"\b", "(?![a-z0-9])"))


ABBREVIATIONS = {
    "HĐND": _on_folded(r"\bh\w{0,2}i d\w{0,2}ng nh\w{0,2}n d\w{0,2}n\b"),
    "CĐS": _on_folded(r"\bchuy\w{0,3}n d\w{0,2}i s\w{0,2}\b"),
    "ĐMST": _on_folded(r"\bd\w{0,2}i m\w{0,2}i s\w{0,2}ng t\w{0,2}o\b"),
    "BCĐ": _on_folded(r"\bban ch\w{0,2} d\w{0,2}o\b"),
}
_UBND = _on_folded(r"\bubnd\b")  # also shows HĐND's words
_DIGITS_AS_VOWELS = (("6", "o"), ("0", "o"), ("4", "a"), ("3", "a"))
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

    Counted over GATE_SLICE characters at the start, middle and end (plenty to tell, and a document is
    gated on every ingest); a word with a mark is any non-ASCII word: Vietnamese marks are never ASCII,
    and OCR's stray symbols are too rare to matter.
    """
    model = model or load_model()
    index = model.index
    if len(text) > 3 * GATE_SLICE:
        middle = (len(text) - GATE_SLICE) // 2
        text = "\n".join((text[:GATE_SLICE], text[middle : middle + GATE_SLICE], text[-GATE_SLICE:]))
    # filterfalse/map over C methods, not comprehensions: the gate runs on every document ingested.
    found = (WORD if "_" in text else _WORD_WITHOUT_UNDERSCORE).findall(text)
    words = list(filterfalse(str.isdigit, filterfalse(str.isupper, found)))
    if not words:
        return 0, 1.0, 0.0
    marked = len(words) - sum(map(str.isascii, words))
    invalid = len(words) - sum(map(index.__contains__, map(str.lower, words)))
    return len(words), marked / len(words), invalid / len(words)


def needs_repair(text: str, model: SyllableModel | None = None) -> bool:
    """True when `text` reads as OCR-damaged Vietnamese (few marks or many non-syllables)."""
    count, marked, invalid = gate_figures(text, model)
    if count < MIN_GATE_WORDS:
        return False
    return marked < MIN_MARKED_SHARE or invalid > MAX_INVALID_SHARE


class Repairer:
    """Repairs texts of one document: the gate and the abbreviation context come from the whole document.

    `repair(text)` returns the readable text (the text itself when the document did not need repair).
    """

    def __init__(
        self, document: str = "", *, model: SyllableModel | None = None, force: bool = False
    ) -> None:
        self.model = model or load_model()
        self.active = force or needs_repair(document, self.model)
        self._document = document
        self._abbreviations: dict[str, str] | None = None
        # Texts recur within a document (a section heading is repaired with each of its tasks): each is
        # repaired once per document. Never across documents: that would only pay off for copies.
        self._done: dict[str, str] = {}

    @property
    def abbreviations(self) -> dict[str, str]:
        """Misread abbreviation -> the right one, for those whose words the document shows. Found on the
        first misread abbreviation met: folding a whole document costs as much as the gate, and many
        documents have none."""
        if self._abbreviations is None:
            folded = fold(self._document)
            # str.replace, not str.translate: translate looks every character of a non-ASCII text up in
            # a dict (~2.5 ms for a 26 kB plan, about a tenth of its whole repair); these are C scans.
            for digit, vowel in _DIGITS_AS_VOWELS:
                folded = folded.replace(digit, vowel)
            # "UBND" shows HĐND's words as well: looked for first, it spares the longer search.
            present = {"HĐND"} if _UBND.search(folded) else set()
            present |= {r for r, words in ABBREVIATIONS.items() if r not in present and words.search(folded)}
            self._abbreviations = {
                wrong: right for wrong, right in _ABBREVIATION_FIXES.items() if right in present
            }
        return self._abbreviations

    def repair(self, text: str) -> str:
        if not self.active or not text:
            return text
        found = self._done.get(text)
        if found is None:
            found = self._done[text] = _repair(text, self.model, self)
        return found


def repair_text(text: str, *, force: bool = False) -> str:
    """`text` repaired when it needs it (its own gate), else unchanged."""
    return Repairer(text, force=force).repair(text)


# --- tokens ---------------------------------------------------------------------------------------------

# The text split into gaps and words as read (gap, word, gap, ..., gap): one C call, no match objects.
_SPLIT = re.compile(f"({WORD.pattern})", re.UNICODE)
_KEEP_CAPS = "caps"  # a piece that is a misread abbreviation: fixed when the document shows its words
WORD_MEMO = 200_000
# A piece: (observed: lowercase form looked up, pattern: the text as read, fixed: output decided without
# the model (kept, or an abbreviation fix) or None, syllable: whether its base letters are a syllable's,
# case: how the pattern is written, CASES). Each distinct word as read is classified once: texts repeat
# words, not lines.
_Piece = tuple[str, str, "str | None", bool, int]
_word_pieces: dict[str, tuple[_Piece, ...]] = {}


def _pieces(word: str, model: SyllableModel) -> tuple[_Piece, ...]:
    """`word` as pieces: usually one, two when a day is glued to its month word ("11thang")."""
    pieces: list[_Piece] = []
    glued = _GLUED_NUMBER.match(word)
    if glued:
        digits = glued.group(1)
        pieces.append((digits, digits, digits + " ", False, 0))
        word = word[len(digits) :]
    observed = word.lower()
    fixed: str | None = None
    letters = [ch for ch in word if ch.isalpha()]
    if not letters or _ROMAN.match(word):
        fixed = word  # digits, symbols without a letter, section numbers ("III", OCR'd "Il") kept
    elif len(letters) > 1 and all(ch.isupper() for ch in letters):
        if word in _ABBREVIATION_FIXES:
            fixed = _KEEP_CAPS  # "HPND": HĐND where the document shows its words, else kept
        elif not _caps_word_is_syllable(observed, model):
            fixed = word  # an abbreviation or a code: kept
    elif any(ch.isdigit() for ch in word) and word[0].isupper() and sum(ch.isupper() for ch in word) > 1:
        fixed = word  # "QH15", "Q2B": codes
    pieces.append((observed, word, fixed, base_letters(observed) in model.by_base, _case_of(word)))
    return tuple(pieces)


LOWER, CAPITALISED, CAPITALS = 0, 1, 2  # the cases apply_case writes a word in


def _case_of(pattern: str) -> int:
    """The case `syllables.apply_case` gives a word written like `pattern`."""
    letters = [ch for ch in pattern if ch.isalpha()]
    if not letters:
        return LOWER
    if len(letters) > 1 and sum(ch.isupper() for ch in letters) > len(letters) / 2:
        return CAPITALS
    return CAPITALISED if letters[0].isupper() else LOWER


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

_window_memo: dict[tuple[int, tuple[str, ...]], tuple[int, ...]] = {}


def _decide(observed: tuple[str, ...], model: SyllableModel) -> list[int]:
    """The syllable ids (-1: keep as read) of a run of words, WINDOW words at a time: each window is
    decided by a Viterbi pass over it and LOOKAHEAD words after it, from the decision before it."""
    ids: list[int] = []
    left = -1
    for i in range(0, len(observed), WINDOW):
        key = (left, observed[i : i + WINDOW + LOOKAHEAD])
        found = _window_memo.get(key)
        if found is None:
            if len(_window_memo) > WINDOW_MEMO:
                _window_memo.clear()
            found = _window_memo[key] = _best_path(key[1], model, left)[:WINDOW]
        ids.extend(found)
        left = found[-1]
    return ids


def _best_path(observed: tuple[str, ...], model: SyllableModel, left: int = -1) -> tuple[int, ...]:
    """Viterbi over words after the syllable `left` (-1: none, or a word kept as read): the syllable ids
    (-1: keep) of the likeliest reading. Pairs the model never saw score a back-off weight of the first
    syllable plus the second's unigram, so their best is one maximum per word (model.backoff_logp)."""
    unigram, backoff, successors = model.unigram_logp, model.backoff_logp, model.successors
    layers = [candidates(word, model) for word in observed]
    follows = successors.get(left) if left >= 0 else None
    weight = backoff[left] if left >= 0 else 0.0
    totals = []
    for s, emission in layers[0]:
        if s < 0:
            step = OOV_LOGP
        else:
            step = follows.get(s) if follows else None
            if step is None:
                step = weight + unigram[s]
        totals.append(step + emission)
    pointers: list[list[int]] = []
    for i in range(1, len(layers)):
        before = [p for p, _ in layers[i - 1]]
        adjusted = [t + backoff[p] if p >= 0 else t for t, p in zip(totals, before, strict=True)]
        unseen_k = max(range(len(adjusted)), key=adjusted.__getitem__)
        unseen = adjusted[unseen_k]
        keep_k = max(range(len(totals)), key=totals.__getitem__)
        seen = [(k, successors.get(p)) for k, p in enumerate(before) if p >= 0]
        seen = [(k, follows) for k, follows in seen if follows]
        current_totals, current_pointers = [], []
        for s, emission in layers[i]:
            if s < 0:
                best, best_k = totals[keep_k] + OOV_LOGP, keep_k
            else:
                best, best_k = unseen + unigram[s], unseen_k
                for k, follows in seen:
                    step = follows.get(s)
                    if step is not None and totals[k] + step > best:
                        best, best_k = totals[k] + step, k
            current_totals.append(best + emission)
            current_pointers.append(best_k)
        totals = current_totals
        pointers.append(current_pointers)
    k = max(range(len(totals)), key=totals.__getitem__)
    path = [layers[-1][k][0]]
    for i in range(len(layers) - 2, -1, -1):
        k = pointers[i][k]
        path.append(layers[i][k][0])
    return tuple(reversed(path))


# --- the repair, a text at a time ---------------------------------------------------------------------
#
# `_repair_word_by_word` states what the repair does, a word at a time (~1.3 µs a word; ingest repairs
# ~110k words per MB of plans). `_repair` gives the same output with Python looping over runs of words,
# not words: the text is cut at its spaces (str.split, in C) into tokens; each distinct token is described
# once per process (its words as `_pieces` sees them, and a str.format template of the token with a field
# for each word the repair may change); the tokens' descriptions are joined into a "shape", one character
# per word and per gap, in which regular expressions find the runs of words decided together. A text
# with a syllable OCR split in two ("tr ien") goes word by word: it is rare, and joining changes the words.

# Word kinds in the shape: SYLLABLE, BROKEN and BROKEN_CAPITAL words are decided in runs.
SYLLABLE = "s"  # base letters of a syllable
BROKEN = "n"  # no syllable, lowercase first letter: could be the second half of a split syllable
BROKEN_CAPITAL = "N"  # no syllable, capital first letter: could only be the first half
MISREAD_CAPS = "a"  # "HPND": HĐND where the document shows its words, else as read; ends a run
# Gap kinds: one space (where a split syllable may be joined), other spacing (the run goes on), and
# anything else, punctuation or a word never changed (digits, codes, abbreviations): the run ends.
SPACE, OTHER_SPACE, BREAK = " ", "_", "|"
_RUN_WORD = f"[{SYLLABLE}{BROKEN}{BROKEN_CAPITAL}]"
_RUN = re.compile(f"{_RUN_WORD}(?:[{SPACE}{OTHER_SPACE}]{_RUN_WORD})*")
_JOIN_CANDIDATE = re.compile(f"[{BROKEN}{BROKEN_CAPITAL}](?={SPACE}{BROKEN})")
# Tokens are joined by a space, so a gap between two words can take several characters: written as one,
# BREAK when it holds one, else SPACE when it is a lone space, else OTHER_SPACE.
_BREAK_GAP = re.compile(r"[ _]*\|[ _|]*")
_OTHER_GAP = re.compile(r"[ _]{2,}|_")
_GAP_CHARACTERS = SPACE + OTHER_SPACE + BREAK

# A token as read -> (shape, words: the fields' words as read, observed: their lowercase forms, forms:
# each field's list of syllables written in its case (`_readable_forms`), template). Per model.
_Token = tuple[str, tuple[str, ...], tuple[str, ...], tuple[list, ...], str]
_tokens: dict[int, dict[str, _Token]] = {}
TOKEN_MEMO = 200_000
_SHAPE, _WORDS, _OBSERVED, _FORMS, _TEMPLATE = (itemgetter(i) for i in range(5))
_joins: dict[str, bool] = {}  # two broken words run together -> whether they are a syllable's letters


def _token(token: str, model: SyllableModel) -> _Token:
    """What `_repair` needs of `token` (text without a space), from `_pieces`: the same classification
    as the word-by-word repair's."""
    by_case = _readable_forms(model)
    parts = _SPLIT.split(token)
    shape, words, observed, forms, template = [], [], [], [], []
    for i, part in enumerate(parts):
        if i % 2 == 0:  # a gap inside the token
            if part:
                shape.append(OTHER_SPACE if part.isspace() else BREAK)
                template.append(_literal(part))
            continue
        pieces = _word_pieces.get(part)
        if pieces is None:
            if len(_word_pieces) > WORD_MEMO:
                _word_pieces.clear()
            pieces = _word_pieces[part] = _pieces(part, model)
        for observed_form, pattern, fixed, syllable, case in pieces:
            if fixed is not None and fixed is not _KEEP_CAPS:
                shape.append(BREAK)  # never changed ("11 " of "11thang" included)
                template.append(_literal(fixed))
                continue
            if fixed is _KEEP_CAPS:
                shape.append(MISREAD_CAPS)
            elif syllable:
                shape.append(SYLLABLE)
            else:
                shape.append(BROKEN_CAPITAL if pattern[:1].isupper() else BROKEN)
            words.append(pattern)
            observed.append(observed_form)
            forms.append(by_case[case])
            template.append("{}")
    return "".join(shape), tuple(words), tuple(observed), tuple(forms), "".join(template)


def _literal(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


def _repair(text: str, model: SyllableModel, repairer: Repairer) -> str:
    """The readable `text` (the same as `_repair_word_by_word`'s), deciding each run of words at once."""
    known = _tokens.get(id(model))
    if known is None or len(known) > TOKEN_MEMO:
        known = _tokens[id(model)] = {}
    tokens = text.split(" ")
    described = list(map(known.get, tokens))
    if None in described:
        for i, token in enumerate(tokens):
            if described[i] is None:
                described[i] = known[token] = _token(token, model)
    shape = " ".join(map(_SHAPE, described))
    if BREAK in shape:
        shape = _BREAK_GAP.sub(BREAK, shape)
    if OTHER_SPACE in shape or "  " in shape:
        shape = _OTHER_GAP.sub(OTHER_SPACE, shape)
    shape = shape.strip(_GAP_CHARACTERS)
    if not shape:
        return text  # no word the repair may change
    observed = tuple(chain.from_iterable(map(_OBSERVED, described)))  # sliced into runs as they are keyed
    if _JOIN_CANDIDATE.search(shape) and _joins_any(shape, observed, model):
        return _repair_word_by_word(text, model, repairer)
    # Field k is at 2k in the shape, the gap after it at 2k + 1. A misread abbreviation is in no run (-1).
    ids = [-1] * len(observed)
    memo = _window_memo
    for run in _RUN.finditer(shape):
        first, end = run.start() >> 1, (run.end() + 1) >> 1
        if end - first <= WINDOW:  # most runs: one window, the whole run (as `_decide` looks it up)
            key = (-1, observed[first:end])
            found = memo.get(key)
            ids[first:end] = found if found is not None else _decide(key[1], model)
        else:
            ids[first:end] = _decide(observed[first:end], model)
    # Each field's syllable in its case; one kept as read (-1) finds None there.
    readable = list(map(getitem, chain.from_iterable(map(_FORMS, described)), ids))
    if None in readable:
        words = list(chain.from_iterable(map(_WORDS, described)))
        fixes = repairer.abbreviations if MISREAD_CAPS in shape else {}  # found only when needed
        k = -1
        for _ in range(readable.count(None)):
            k = readable.index(None, k + 1)
            readable[k] = fixes.get(words[k], words[k])
    return " ".join(map(_TEMPLATE, described)).format(*readable)


def _joins_any(shape: str, observed: tuple[str, ...], model: SyllableModel) -> bool:
    """True when two broken words across one space make a syllable together ("tr ien")."""
    for candidate in _JOIN_CANDIDATE.finditer(shape):
        k = candidate.start() >> 1
        merged = observed[k] + observed[k + 1]
        found = _joins.get(merged)
        if found is None:
            if len(_joins) > WORD_MEMO:
                _joins.clear()
            found = _joins[merged] = base_letters(merged) in model.by_base
        if found:
            return True
    return False


_readable: dict[int, tuple[list[str | None], ...]] = {}


def _readable_forms(model: SyllableModel) -> tuple[list[str | None], ...]:
    """`_written(model)` with None after the last syllable of each case, where id -1 (kept) lands."""
    found = _readable.get(id(model))
    if found is None:
        found = _readable[id(model)] = tuple([*forms, None] for forms in _written(model))
    return found


def _repair_word_by_word(text: str, model: SyllableModel, repairer: Repairer) -> str:
    """The readable `text`: runs of words (between punctuation and fixed words) decided by `_decide`, two
    words OCR split joined back ("tr ien" → "triển") when neither is a syllable and the two together are.

    Every word is first written as read; a run's decisions then overwrite its words' slots."""
    parts = _SPLIT.split(text)
    out = [parts[0]]
    run_words: list[str] = []  # observed forms of the current run
    run_slots: list[int] = []  # where each one's output goes in `out`
    run_cases: list[int] = []
    joinable = False  # the last word may take the next one ("tr" + "ien"): in a run, not a syllable
    written = _written(model)

    def flush() -> None:
        path = _decide(tuple(run_words), model)
        for slot, case, syllable in zip(run_slots, run_cases, path, strict=True):
            if syllable >= 0:
                out[slot] = written[case][syllable]
        run_words.clear()
        run_slots.clear()
        run_cases.clear()

    # Bound methods held in locals: this loop runs once per word of every text repaired.
    pieces_of = _word_pieces.get
    emit, add_word, add_slot, add_case = out.append, run_words.append, run_slots.append, run_cases.append
    for i in range(1, len(parts), 2):
        word = parts[i]
        pieces = pieces_of(word)
        if pieces is None:
            if len(_word_pieces) > WORD_MEMO:
                _word_pieces.clear()
            pieces = _word_pieces[word] = _pieces(word, model)
        for observed, pattern, fixed, syllable, case in pieces:
            if fixed is not None:
                if run_words:
                    flush()
                emit(repairer.abbreviations.get(pattern, pattern) if fixed is _KEEP_CAPS else fixed)
                joinable = False
                continue
            if joinable and not syllable and out[-1] == " " and not pattern[:1].isupper():
                merged = run_words[-1] + observed
                if base_letters(merged) in model.by_base:
                    out.pop()  # the space OCR put inside the syllable
                    run_words[-1] = merged
                    out[run_slots[-1]] += pattern
                    run_cases[-1] = _case_of(out[run_slots[-1]])
                    joinable = False
                    continue
            add_word(observed)
            add_slot(len(out))
            add_case(case)
            emit(pattern)
            joinable = not syllable
        gap = parts[i + 1]
        emit(gap)
        if gap != " " and gap and not gap.isspace():
            joinable = False
            if run_words:
                flush()
    if run_words:
        flush()
    return "".join(out)


_written_forms: dict[int, tuple[list[str], list[str], list[str]]] = {}


def _written(model: SyllableModel) -> tuple[list[str], list[str], list[str]]:
    """Every syllable of `model` in each case (LOWER, CAPITALISED, CAPITALS), by id."""
    found = _written_forms.get(id(model))
    if found is None:
        lower = model.syllables
        found = _written_forms[id(model)] = (
            lower,
            [s[:1].upper() + s[1:] for s in lower],
            [s.upper() for s in lower],
        )
    return found
