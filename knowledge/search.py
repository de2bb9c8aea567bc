"""The pure parts of finding the tasks a question is about: which unit a question names, what each query
word weighs and which index words it stands for, the FTS5 expressions that find candidates, and the score
that ranks them. No database here: storage.search reads the units, the index vocabulary and the candidate
rows, and calls these.

Candidates come from an FTS5 index over the folded task text (query words OR-ed, long words as prefixes)
and are re-ranked with rapidfuzz-corrected words, which tolerates typos the index cannot.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from knowledge import question as qmod
from knowledge.fold import fold_words
from knowledge.unit_matcher import UnitMatcher
from knowledge.vocabulary import spell_out

UNIT_SURE = 95.0  # full name or abbreviation: a unit even when other words remain
UNIT_LIKELY = 80.0  # a name without its head ("kinh tế"): a unit only when nothing else is asked
DUE_SOON_DAYS = 30
CANDIDATES = 200
MATCH_TERMS = 4  # the rarest words find the candidates; all words score them
NEAR_BEST = 0.05  # scores this close to the best are near-equals, ordered by usefulness
NEAR_BEST_LOOKED_AT = 20
# The best task must cover this share of the question's (weighted) words to be shown at all; the others
# shown must score at least KEEP_SHARE of the best. Tuned on tests/data/qa_phone_dev.json (honest answers
# versus lookups); tests/test_search_ranking.py pins both sides.
HONEST_MIN = 0.7
KEEP_SHARE = 0.6
UNANCHORED = 0.6  # a syllable found apart from its neighbours in the question (see coverage)

# A query word as an index term: (term, weight, look-alike index words).
Term = tuple[str, float, tuple[str, ...]]


@dataclass
class UnitRef:
    id: int
    name: str
    score: float
    words: set[str] = field(default_factory=set)


@dataclass
class Result:
    question: qmod.Question
    intent: str
    tasks: list[dict]
    total: int
    unit: UnitRef | None = None
    window: qmod.Window | None = None
    extra: dict = field(default_factory=dict)  # plan / duties / targets for non-task intents


_UNIT_HEAD = re.compile(
    r"\b((?:van phong|phong|so|trung tam|chi cuc|ban|ubnd|uy ban nhan dan|cong an|doan|truong|hoi)\s+[a-z0-9]+"
    r"(?:\s+[a-z0-9]+)?)"
)
_UNIT_STOP = {"co", "lam", "nhiem", "viec", "thuc", "chu", "phoi", "nao", "gi", "duoc", "da", "can"}
_UNIT_HEAD_WORDS = ("phong", "so", "ban", "trung", "tam")


# "sổ" folds as "sở": "số hóa", "sổ mục kê", "sổ tay", "sổ sức khỏe", "sổ đỏ" are no department.
_BOOKS = frozenset(
    ["hoa", "muc", "tay", "suc", "dia", "lien", "theo", "ho", "bo", "do", "hong", "sach", "ghi"]
)


def unit_words(text: str) -> str | None:
    """Words that look like a unit's name ("phong noi vu") at the start of a question."""
    # At the start, or after the leftovers of a time said first ("tháng 12 này trường THCS … có việc gì").
    m = _UNIT_HEAD.match(text or "") or _UNIT_HEAD.match(
        re.sub(r"^(?:nay|toi|sau|nua|roi)\s+", "", text or "")
    )
    if not m:
        return None
    words = [w for w in m.group(1).split()]
    while len(words) > 1 and words[-1] in _UNIT_STOP:
        words.pop()
    if len(words) < 2 or words[1] in _UNIT_STOP or (words[0] == "so" and words[1] in _BOOKS):
        return None
    return " ".join(words)


def words_left_after_unit(terms: Iterable[str], unit: UnitRef) -> list[str]:
    """The question words that did not name `unit` (nor a unit's head word such as "phòng")."""
    return [t for t in terms if t not in unit.words and t not in _UNIT_HEAD_WORDS]


def named_after(text: str, unit: UnitRef, word: str) -> bool:
    """Whether the words that named `unit` follow `word` in `text`."""
    words = text.split()
    return any(w == word and i + 1 < len(words) and words[i + 1] in unit.words for i, w in enumerate(words))


def named_as_topic(text: str, unit: UnitRef) -> bool:
    """Whether the words that named `unit` by part of its name follow "về" (about) in `text`: "việc gì
    về chuyển đổi số" asks about a topic, not about "Trung tâm Chuyển đổi số"."""
    return named_after(text, unit, "ve")


class UnitDirectory:
    """The units of a knowledge base, and the unit a piece of text names."""

    def __init__(self, rows: Iterable[tuple[int, str, str | None]]):
        self.units: dict[str, tuple[int, str | None]] = {name: (uid, abbr) for uid, name, abbr in rows}
        self._matcher = UnitMatcher(self.units)
        self._name_words = {name: fold_words(name).split() for name in self.units}

    def resolve(self, text: str) -> UnitRef | None:
        """The unit `text` names, if any, with the question words that named it."""
        if not text or not self.units:
            return None
        hit = self._matcher.match(text) or self._match_short(text)
        if not hit:
            return None
        name, score = hit
        uid, abbr = self.units[name]
        named_by = set(fold_words(name).split())
        if abbr:
            named_by.add(fold_words(abbr).replace(" ", ""))
            named_by |= set(fold_words(abbr).split())
        words = fold_words(text).split()
        used = {w for w in words if w in named_by}
        # A typo stands for a word of the name not typed right: "huong" after "phong" is no "phong".
        untyped = named_by - used
        for w in words:
            if w not in used and len(w) >= 3 and any(fuzz.ratio(w, u) >= 80 for u in untyped):
                used.add(w)
        return UnitRef(uid, name, score, used)

    def _match_short(self, text: str) -> tuple[str, float] | None:
        """Units named by an abbreviation among other words ("vp hdnd ubnd làm gì") or by the start of
        their name ("phòng văn hóa" for "Phòng Văn hóa – Xã hội")."""
        toks = fold_words(text).split()[:12]
        for i in range(len(toks)):
            for j in range(min(len(toks), i + 4), i + 1, -1):
                joined = "".join(toks[i:j])
                for name, (_, abbr) in self.units.items():
                    if abbr and fold_words(abbr).replace(" ", "") == joined:
                        return name, 100.0
        best: tuple[int, str] | None = None
        ambiguous = False
        padded = " " + " ".join(toks) + " "
        for name in self.units:
            words = fold_words(name).split()
            if words and words[0] == "cac":
                continue  # "Các phòng, ban" is not something one asks about by its start
            for k in range(len(words) - 1, 1, -1):
                if " " + " ".join(words[:k]) + " " in padded:
                    if best is None or k > best[0]:
                        best, ambiguous = (k, name), False
                    elif k == best[0] and name != best[1]:
                        ambiguous = True
                    break
        if best and not ambiguous:
            return best[1], 90.0
        return self._match_school(padded) or self._match_skipping(toks)

    def _match_school(self, padded: str) -> tuple[str, float] | None:
        """The one school named without "Trường" ("đh bảo giang", "thpt lê lợi" for "Trường Đại học Bảo
        Giang", "Trường THPT Lê Lợi"): the rest of its name, three words at least, typed whole."""
        found = [
            name
            for name, words in self._name_words.items()
            if words[:1] == ["truong"] and len(words) >= 4 and " " + " ".join(words[1:]) + " " in padded
        ]
        return (found[0], 95.0) if len(found) == 1 else None

    def _match_skipping(self, toks: list[str]) -> tuple[str, float] | None:
        """The one unit whose name, less a word or two inside it, is typed after its two-word head ("tt
        xúc tiến du lịch" for "Trung tâm Thông tin xúc tiến du lịch"): the typed words in the name's order,
        at least two past the head."""
        found: list[str] = []
        for name, words in self._name_words.items():
            if len(words) < 5 or words[0] == "cac":
                continue
            for i in range(len(toks) - 1):
                if toks[i : i + 2] != words[:2]:
                    continue
                at, matched = 2, 0
                for w in toks[i + 2 :]:
                    try:
                        at = words.index(w, at) + 1
                    except ValueError:
                        break
                    matched += 1
                if matched >= 2 and len(words) - 2 - matched <= 2 and at == len(words):
                    found.append(name)
                break
        return (found[0], 95.0) if len(found) == 1 else None

    def similar(self, text: str, limit: int = 8) -> list[str]:
        """Names of the units closest to `text`, for "did you mean"."""
        names = list(self.units)
        scored = process.extract(
            text, [fold_words(n) for n in names], scorer=fuzz.token_set_ratio, limit=limit
        )
        return [names[i] for _, _, i in scored]

    def by_name(self, text: str) -> UnitRef | None:
        """For `--unit NAME` and the asker's unit: the best unit, however it was typed."""
        if text in self.units:
            return UnitRef(self.units[text][0], text, 100.0)
        return self.resolve(text)


class Vocabulary:
    """The words of the task index, each with the number of tasks it occurs in."""

    def __init__(self, doc_counts: Mapping[str, int], docs: int):
        self.doc_counts = dict(doc_counts)
        self.docs = max(1, docs)
        self._by_initial: dict[str, list[str]] = {}
        for term in self.doc_counts:
            if len(term) >= 3 and not term.isdigit():
                self._by_initial.setdefault(term[0], []).append(term)
        self._sorted: list[str] | None = None

    def __contains__(self, term: str) -> bool:
        return term in self.doc_counts

    def starting_with(self, prefix: str) -> list[str]:
        """The index words that start with `prefix` (the word itself included), in order."""
        if self._sorted is None:
            self._sorted = sorted(self.doc_counts)
        at = bisect.bisect_left(self._sorted, prefix)
        out = []
        while at < len(self._sorted) and self._sorted[at].startswith(prefix):
            out.append(self._sorted[at])
            at += 1
        return out

    def terms(self, words: list[str]) -> list[Term]:
        """Query words as index terms with weights and look-alikes: corrected for typos, rare words weigh
        more; long words also match their OCR-damaged forms in the index ("thong" ~ "theng")."""
        out: list[Term] = []
        seen = set()
        for word in words:
            fixed = word
            if word not in self.doc_counts and len(word) >= 4 and not any(c.isdigit() for c in word):
                # Typos rarely hit the first letter; comparing within it keeps this fast on a big vocabulary.
                pool = self._by_initial.get(word[0], [])
                best = process.extractOne(word, pool, scorer=fuzz.ratio, score_cutoff=80)
                if best:
                    fixed = best[0]
            if fixed in seen:
                continue
            seen.add(fixed)
            df = self.doc_counts.get(fixed, 0)
            weight = math.log(1 + self.docs / (1 + df)) if df else 0.5
            if fixed.isdigit() or any(c.isdigit() for c in fixed):
                weight *= 1.2
            alts: tuple[str, ...] = ()
            if len(fixed) >= 5 and fixed.isalpha():
                pool = self._by_initial.get(fixed[0], [])
                near = process.extract(fixed, pool, scorer=fuzz.ratio, score_cutoff=80, limit=4)
                alts = tuple(w for w, _, _ in near if w != fixed)[:3]
            out.append((fixed, weight, alts))
        return out

    def match_exprs(self, terms: list[Term]) -> list[str]:
        """FTS5 expressions, most precise first: the two rarest words together, then any rare word."""

        def quote(term: str) -> str:
            return f'"{term}"*' if len(term) >= 4 else f'"{term}"'

        counts = self.doc_counts
        usable = [t for t, _, _ in terms if re.fullmatch(r"[a-z0-9]+", t)]
        alts = {t: a for t, _, a in terms}
        rare = sorted(usable, key=lambda t: (counts.get(t, 0) == 0, counts.get(t, 0)))
        known = [t for t in rare if counts.get(t, 0)]
        exprs = []
        if len(known) >= 2:
            exprs.append(quote(known[0]) + " AND " + quote(known[1]))
        chosen = known[:MATCH_TERMS] + [t for t in usable if not counts.get(t, 0)]
        if chosen:
            words = [*chosen, *(a for t in known[:2] for a in alts.get(t, ()))]
            exprs.append(" OR ".join(quote(t) for t in words))
        return exprs


_FTS_TERM = re.compile(r'"([a-z0-9]+)"(\*?)')
_TOKEN = re.compile(r"[a-z0-9]+")


def fts_twin(expr: str) -> Callable[[str], bool] | None:
    """A Python twin of one expression that `Vocabulary.match_exprs` builds (`"a"* AND "b"`, `"a" OR
    "b"*`): does a folded text match it as FTS5's ascii tokenizer would? None for any other shape.

    Used where a filter leaves few tasks (one commune's plans): testing those few texts here is far
    cheaper than FTS5 listing every match of a common word across the whole province."""
    if " AND " in expr and " OR " in expr:
        return None
    joined_by_and = " AND " in expr
    terms = []
    for part in expr.split(" AND " if joined_by_and else " OR "):
        match = _FTS_TERM.fullmatch(part.strip())
        if match is None:
            return None
        terms.append((match.group(1), bool(match.group(2))))
    combine = all if joined_by_and else any

    def matches(text: str) -> bool:
        words = set(_TOKEN.findall(text or ""))
        return combine(
            term in words or (prefix and any(w.startswith(term) for w in words)) for term, prefix in terms
        )

    return matches


SPELLED_PREFIX_MAX = 32  # a prefix standing for more index words than this is left to FTS5


def spell_prefixes(expr: str, words_starting: Callable[[str], list[str]]) -> str:
    """`expr` (as `Vocabulary.match_exprs` builds it) with each prefix term (`"thong"*`) written as the index
    words it stands for (`("thong")`, `("thon" OR "thong")`): the same tasks, found far faster. FTS5 gathers
    every task of every word a prefix stands for before it returns the first (at 200,000 tasks, ~20 ms for
    "thong"*, where "thong" alone returns its first 600 in under 1 ms). `words_starting` must know every
    word of the index: a word it leaves out would not be found."""

    def spelled(m: re.Match) -> str:
        if not m.group(2):
            return m.group(0)
        words = words_starting(m.group(1))
        if not words or len(words) > SPELLED_PREFIX_MAX or not all(_TOKEN.fullmatch(w) for w in words):
            return m.group(0)
        return "(" + " OR ".join(f'"{w}"' for w in words) + ")"

    return _FTS_TERM.sub(spelled, expr)


def scorer(terms: list[Term], phrase: list[str]) -> Callable[[str], float]:
    """A function scoring how well a task's folded text covers the question's words (0..1.2). Query
    words were already corrected against the index vocabulary, so exact and prefix matches suffice."""
    total = sum(w for _, w, _ in terms) or 1.0
    exact = [(" " + term + " ", weight / total) for term, weight, _ in terms]
    prefix = [(" " + term, 0.85 * weight / total if len(term) >= 3 else 0.0) for term, weight, _ in terms]
    looks = [tuple(" " + a + " " for a in alts) for _, _, alts in terms]
    pairs = [f" {a} {b} " for a, b in zip(phrase, phrase[1:], strict=False)]
    pair_weight = 0.2 / len(pairs) if pairs else 0.0

    # One substring search per term for most candidates: a word that does not even open the text's words
    # (" term") is not there whole either, and only its look-alikes are left to try.
    checks = [
        (start, whole, w_exact, w_prefix, alike)
        for (whole, w_exact), (start, w_prefix), alike in zip(exact, prefix, looks, strict=True)
    ]

    def score(text: str) -> float:
        padded = " " + (text or "") + " "
        got = 0.0
        for start, whole, w_exact, w_prefix, alike in checks:
            if start in padded:
                if whole in padded:
                    got += w_exact
                    continue
                if w_prefix:
                    got += w_prefix
                    continue
            if alike and any(a in padded for a in alike):
                got += 0.7 * w_exact
        for pair in pairs:
            if pair in padded:
                got += pair_weight
        return got

    return score


def coverage(
    words: list[str], weighted: list[Term], text: str, vocabulary: Vocabulary, phrases: Iterable[str] = ()
) -> float:
    """The share (by rarity) of the question's words, as typed, that `text` holds: `coverage_judge` for
    one text."""
    return coverage_judge(words, weighted, vocabulary, phrases)(text)


def coverage_judge(
    words: list[str], weighted: list[Term], vocabulary: Vocabulary, phrases: Iterable[str] = ()
) -> Callable[[str], float]:
    """A function giving the share (by rarity) of the question's words, as typed, that a text holds (whole
    or as a prefix). A word the index never saw weighs the most; a word of the text one slip away earns
    nearly full credit and its farther typo-corrected form half. Unlike the ranking score this does not
    trust corrections, so "nuôi tôm" is not taken for whatever it was corrected to.

    Vietnamese words are mostly two syllables, and a long task holds most common syllables somewhere
    ("bầu" here, "cử" there): a syllable found next to neither of its neighbours in the question earns
    UNANCHORED of its credit, so the syllables of "bầu cử" count in full only where they stand together.
    The words of an abbreviation spelled out (`phrases`: "attt" → "an toan thong tin") must all stand
    together to count in full. What depends only on the question is worked out once, here."""
    unique = list(dict.fromkeys(words))
    fixed = {w: t for w, (t, _, _) in zip(unique, weighted, strict=False)}
    top = math.log(1 + vocabulary.docs)
    dfs = [vocabulary.doc_counts.get(w, 0) for w in unique]
    weights = [math.log(1 + vocabulary.docs / (1 + df)) if df else top for df in dfs]
    total = sum(weights)
    forms = [tuple({w, fixed.get(w, w)}) for w in unique]
    wordset = set(words)
    joined = [(f" {p} ", p.split()) for p in phrases if set(p.split()) <= wordset]
    whole = [f" {w} " for w in unique]
    start = [f" {w}" for w in unique]
    fixed_start = [f" {fixed[w]}" if fixed.get(w, w) != w else "" for w in unique]
    several = len(unique) > 1

    def judge(text: str) -> float:
        if not total:
            return 1.0
        padded = " " + (text or "") + " "
        scattered = {w for phrase, parts in joined if phrase not in padded for w in parts}
        tokens: list[str] = []
        at_of: dict[str, list[int]] = {}

        def together(i: int, j: int) -> bool:
            # One word may stand between them, as it may in the question ("kiosk y tế", "lắp đặt camera").
            if not tokens:  # built once, and only when some word needs its neighbours checked
                tokens.extend(padded.split())
                for n, token in enumerate(tokens):
                    at_of.setdefault(token, []).append(n)
            follows = forms[j]
            return any(
                n + k < len(tokens) and tokens[n + k].startswith(follows)
                for a in forms[i]
                for n in at_of.get(a, ())
                for k in (1, 2)
            )

        got = 0.0
        for at, word in enumerate(unique):
            df = dfs[at]
            if whole[at] in padded or (not df and len(word) >= 4 and start[at] in padded):
                # A known syllable must stand whole: "thôn" is not "thông", "chín" not "chính".
                credit = 1.0
            elif not df and len(word) >= 3 and _typo_of_any(word, padded, unique[at - 1] if at else ""):
                credit = 0.9  # one slip of the thumb ("tcih", "leu"): nearly as good as typed right
            elif not df and fixed_start[at] and fixed_start[at] in padded:
                credit = 0.5
            else:
                continue
            if word in scattered or (
                several
                and not ((at > 0 and together(at - 1, at)) or (at + 1 < len(unique) and together(at, at + 1)))
            ):
                credit *= UNANCHORED
            got += credit * weights[at]
        return got / total

    return judge


def _typo_of_any(word: str, padded: str, before: str) -> bool:
    """Whether `padded` holds a word one slip away from `word`. Vietnamese syllables are short, so one
    letter changed, added or dropped often makes another real syllable ("nuoi" / "nguoi", "tom" / "tong"):
    such a slip counts only right after the word typed before it ("du leu" for "du lieu"). Two letters
    swapped ("tcih" for "tich") rarely make a real syllable and count anywhere."""
    for other in set(padded.split()):
        if abs(len(other) - len(word)) > 1 or other[0] != word[0] or len(other) < 3:
            continue
        if OSA.distance(word, other, score_cutoff=1) > 1:
            continue
        swapped = len(other) == len(word) and sorted(other) == sorted(word)
        if swapped or (before and f" {before} {other} " in padded):
            return True
    return False


def score(text: str, terms: list[Term], phrase: list[str]) -> float:
    return scorer(terms, phrase)(text)


def score_candidates(
    cands: list[tuple[int, str]], terms: list[Term], words: list[str]
) -> list[tuple[float, int]]:
    """(score, task id) of each candidate (id, folded text), best first. Equal scores put the shorter text
    first (the question's words are more of what it is about: a one-line task on "Mặt trận Tổ quốc" before a
    paragraph that names it among ten bodies), then the lower id."""
    rate = scorer(terms, words if len(words) >= 2 else [])
    # Plans copy each other's tasks word for word (a commune's plan repeats its province's): each distinct
    # text is scored once.
    score_of: dict[str, float] = {}
    rated = []
    for task_id, text in cands:
        score = score_of.get(text)
        if score is None:
            score = score_of[text] = round(rate(text), 9)
        rated.append((score, len(text or ""), task_id))
    rated.sort(key=lambda s: (-s[0], s[1], s[2]))
    return [(score, task_id) for score, _, task_id in rated]


def near_best(scored: list[tuple[float, int]]) -> list[tuple[float, int]]:
    """The leading candidates that score nearly as well as the best one."""
    if not scored:
        return []
    top = scored[0][0]
    return [x for x in scored[:NEAR_BEST_LOOKED_AT] if x[0] >= top - NEAR_BEST]


def answers_intent(task: Mapping, intent: str) -> bool:
    """Whether a task can answer "who leads" (it names a lead) or "when" (it has a deadline)."""
    if intent == qmod.WHO:
        return bool(task.get("lead_unit_id") or task.get("lead_text"))
    if intent == qmod.WHEN:
        return (task.get("deadline_kind") or "none") != "none"
    return True


def prefer_useful(
    scored: list[tuple[float, int]], rows: Mapping[int, Mapping], intent: str
) -> list[tuple[float, int]]:
    """`scored` with its near-equals to the best reordered so that tasks answering `intent` come first;
    `rows` holds the near-equals' task rows by id."""
    near = near_best(scored)
    # A stable sort: otherwise the order of `scored` (score, then the shorter text) stands.
    near.sort(key=lambda x: not answers_intent(rows.get(x[1]) or {}, intent))
    return near + scored[len(near) :]


def keep_best(scored: list[tuple[float, int]]) -> list[tuple[float, int]]:
    """Those scoring at least half the best (and 0.3), at most CANDIDATES."""
    if not scored:
        return []
    floor = max(0.3, KEEP_SHARE * scored[0][0])
    return [(s, i) for s, i in scored[:CANDIDATES] if s >= floor]


TARGET_MIN_SHARE = 0.5  # a target must hold at least half the words asked
TARGET_NEAR = 0.2  # and nearly as many as the best one does


def rank_targets(words: list[str], targets: list[Mapping]) -> list[Mapping]:
    """The targets that hold what was asked, best first: by the share of the question's words each holds
    (whole, or as the start of a longer word for words of four letters or more; a syllable standing apart
    from its neighbours in the question counts UNANCHORED), then by fuzzy likeness.
    Words naming the target's plan (issuer, subject) count as held. A fuzzy score alone lets one shared syllable ("số", "sở") bring unrelated targets, so a target
    holding less than half the words asked, or clearly fewer than the best, is left out."""
    asked = list(dict.fromkeys(words))
    if not asked:
        return list(targets)
    query = " ".join(asked)
    rated = []
    for at, target in enumerate(targets):
        padded = " " + spell_out(target.get("folded") or "") + " "  # "hồ sơ TTHC" holds "thủ tục hành chính"
        # "chỉ tiêu ngành y tế Hòa Vân", "chỉ tiêu kh 86 hội nông dân": words naming the target's plan (its
        # issuer, its subject) are held by every target of that plan
        scope = f" {fold_words(target.get('issuer') or '')} {fold_words(target.get('plan_title') or '')} "
        held = 0.0
        for i, w in enumerate(asked):
            if f" {w} " in scope and f" {w} " not in padded:
                held += 1.0
            elif f" {w} " in padded or (len(w) >= 4 and f" {w}" in padded):
                # syllables of one word stand together: "ký số" is not "kỹ thuật … cơ sở"
                beside = (i > 0 and f" {asked[i - 1]} {w} " in padded) or (
                    i + 1 < len(asked) and f" {w} {asked[i + 1]} " in padded
                )
                held += 1.0 if beside or len(asked) == 1 else UNANCHORED
        rated.append((held / len(asked), fuzz.token_set_ratio(query, padded), at, target))
    rated.sort(key=lambda r: (-r[0], -r[1], r[2]))
    if not rated:
        return []
    floor = max(TARGET_MIN_SHARE, rated[0][0] - TARGET_NEAR)
    return [target for share, _, _, target in rated if share >= floor]
