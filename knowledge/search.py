"""Find the tasks a question is about.

Candidates come from SQL: structured filters (unit and role, due-date window, overdue, recurring, plan)
and an FTS5 index over the folded task text (query words OR-ed, long words as prefixes). Candidates are
then re-ranked in Python with rapidfuzz, which tolerates typos the index cannot. Units named in a
question are resolved against the units in the database with knowledge.units.UnitMatcher.
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from rapidfuzz import fuzz, process

from knowledge import question as qmod
from knowledge.fold import fold_words
from knowledge.units import UnitMatcher
from storage import tasks as store

logger = logging.getLogger(__name__)

UNIT_SURE = 95.0  # full name or abbreviation: a unit even when other words remain
UNIT_LIKELY = 80.0  # a name without its head ("kinh tế"): a unit only when nothing else is asked
DUE_SOON_DAYS = 30
CANDIDATES = 200


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
    r"\b((?:van phong|phong|so|trung tam|chi cuc|ban|ubnd|uy ban nhan dan|cong an|doan)\s+[a-z0-9]+(?:\s+[a-z0-9]+)?)"
)
_UNIT_STOP = {"co", "lam", "nhiem", "viec", "thuc", "chu", "phoi", "nao", "gi", "duoc", "da", "can"}


def _unit_words(text: str) -> str | None:
    """Words that look like a unit's name ("phong noi vu") at the start of a question."""
    m = _UNIT_HEAD.match(text or "")
    if not m:
        return None
    words = [w for w in m.group(1).split()]
    while len(words) > 1 and words[-1] in _UNIT_STOP:
        words.pop()
    if len(words) < 2 or words[1] in _UNIT_STOP or words[1] in ("hoa",):
        return None
    return " ".join(words)


class Searcher:
    """Question → tasks over one database. Caches the unit matcher and the index vocabulary, refreshed
    when the knowledge base changes."""

    def __init__(self, db):
        self.db = db
        self._units_key = None
        self._matcher: UnitMatcher | None = None
        self._units: dict[str, tuple[int, str | None]] = {}
        self._vocab_key = None
        self._vocab: dict[str, int] = {}
        self._vocab_by_initial: dict[str, list[str]] = {}
        self._docs = 1

    # --- caches -------------------------------------------------------------------------------

    def _refresh_units(self) -> None:
        key = self.db.execute("SELECT count(*), coalesce(max(id), 0) FROM units").fetchone()
        if key == self._units_key and self._matcher is not None:
            return
        rows = store.units(self.db)
        self._units = {name: (uid, abbr) for uid, name, abbr in rows}
        self._matcher = UnitMatcher(self._units)
        self._units_key = key

    def _refresh_vocab(self) -> None:
        # Another process's ingest bumps data_version; this connection's own writes bump max(id).
        key = (store.max_task_id(self.db), self.db.execute("PRAGMA data_version").fetchone()[0])
        if key == self._vocab_key:
            return
        self.db.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.qa_vocab USING fts5vocab(main, tasks_fts, row)"
        )
        self._vocab = {term: doc for term, doc in self.db.execute("SELECT term, doc FROM temp.qa_vocab")}
        self._vocab_by_initial: dict[str, list[str]] = {}
        for term in self._vocab:
            if len(term) >= 3 and not term.isdigit():
                self._vocab_by_initial.setdefault(term[0], []).append(term)
        self._docs = max(1, self.db.execute("SELECT count(*) FROM tasks").fetchone()[0])
        self._vocab_key = key

    # --- units --------------------------------------------------------------------------------

    def resolve_unit(self, text: str) -> UnitRef | None:
        """The unit `text` names, if any, with the question words that named it."""
        self._refresh_units()
        if not text or self._matcher is None or not self._units:
            return None
        hit = self._matcher.match(text)
        if not hit:
            hit = self._match_short(text)
        if not hit:
            return None
        name, score = hit
        uid, abbr = self._units[name]
        unit_words = set(fold_words(name).split())
        if abbr:
            unit_words.add(fold_words(abbr).replace(" ", ""))
            unit_words |= set(fold_words(abbr).split())
        used = set()
        for w in fold_words(text).split():
            if w in unit_words or any(len(w) >= 3 and fuzz.ratio(w, u) >= 80 for u in unit_words):
                used.add(w)
        return UnitRef(uid, name, score, used)

    def _match_short(self, text: str) -> tuple[str, float] | None:
        """Units named by an abbreviation among other words ("vp hdnd ubnd làm gì") or by the start of
        their name ("phòng văn hóa" for "Phòng Văn hóa – Xã hội")."""
        toks = fold_words(text).split()[:12]
        for i in range(len(toks)):
            for j in range(min(len(toks), i + 4), i + 1, -1):
                joined = "".join(toks[i:j])
                for name, (_, abbr) in self._units.items():
                    if abbr and fold_words(abbr).replace(" ", "") == joined:
                        return name, 100.0
        best: tuple[int, str] | None = None
        ambiguous = False
        padded = " " + " ".join(toks) + " "
        for name in self._units:
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
        return None

    def similar_units(self, text: str, limit: int = 8) -> list[str]:
        self._refresh_units()
        names = list(self._units)
        scored = process.extract(
            text, [fold_words(n) for n in names], scorer=fuzz.token_set_ratio, limit=limit
        )
        return [names[i] for _, _, i in scored]

    def unit_by_name(self, text: str) -> UnitRef | None:
        """For `--unit NAME` and the asker's unit: the best unit, however it was typed."""
        self._refresh_units()
        if text in self._units:
            return UnitRef(self._units[text][0], text, 100.0)
        return self.resolve_unit(text)

    # --- text ---------------------------------------------------------------------------------

    def _terms(self, terms: list[str]) -> list[tuple[str, float, tuple[str, ...]]]:
        """Query words as index terms with weights and look-alikes: corrected for typos, rare words weigh
        more; long words also match their OCR-damaged forms in the index ("thong" ~ "theng")."""
        self._refresh_vocab()
        out: list[tuple[str, float, tuple[str, ...]]] = []
        seen = set()
        for term in terms:
            fixed = term
            if term not in self._vocab and len(term) >= 4 and not any(c.isdigit() for c in term):
                # Typos rarely hit the first letter; comparing within it keeps this fast on a big vocabulary.
                pool = self._vocab_by_initial.get(term[0], [])
                best = process.extractOne(term, pool, scorer=fuzz.ratio, score_cutoff=80)
                if best:
                    fixed = best[0]
            if fixed in seen:
                continue
            seen.add(fixed)
            df = self._vocab.get(fixed, 0)
            weight = math.log(1 + self._docs / (1 + df)) if df else 0.5
            if fixed.isdigit() or any(c.isdigit() for c in fixed):
                weight *= 1.2
            alts: tuple[str, ...] = ()
            if len(fixed) >= 5 and fixed.isalpha():
                pool = self._vocab_by_initial.get(fixed[0], [])
                near = process.extract(fixed, pool, scorer=fuzz.ratio, score_cutoff=80, limit=4)
                alts = tuple(w for w, _, _ in near if w != fixed)[:3]
            out.append((fixed, weight, alts))
        return out

    MATCH_TERMS = 4  # the rarest words find the candidates; all words score them

    def _match_exprs(self, terms: list[tuple[str, float, tuple[str, ...]]]) -> list[str]:
        """FTS5 expressions, most precise first: the two rarest words together, then any rare word."""

        def quote(term: str) -> str:
            return f'"{term}"*' if len(term) >= 4 else f'"{term}"'

        usable = [t for t, _, _ in terms if re.fullmatch(r"[a-z0-9]+", t)]
        alts = {t: a for t, _, a in terms}
        rare = sorted(usable, key=lambda t: (self._vocab.get(t, 0) == 0, self._vocab.get(t, 0)))
        known = [t for t in rare if self._vocab.get(t, 0)]
        exprs = []
        if len(known) >= 2:
            exprs.append(quote(known[0]) + " AND " + quote(known[1]))
        chosen = known[: self.MATCH_TERMS] + [t for t in usable if not self._vocab.get(t, 0)]
        if chosen:
            words = [*chosen, *(a for t in known[:2] for a in alts.get(t, ()))]
            exprs.append(" OR ".join(quote(t) for t in words))
        return exprs

    @staticmethod
    def scorer(terms: list[tuple[str, float, tuple[str, ...]]], phrase: list[str]):
        """A function scoring how well a task's folded text covers the question's words (0..1.2). Query
        words were already corrected against the index vocabulary, so exact and prefix matches suffice."""
        total = sum(w for _, w, _ in terms) or 1.0
        exact = [(" " + term + " ", weight / total) for term, weight, _ in terms]
        prefix = [(" " + term, 0.85 * weight / total if len(term) >= 3 else 0.0) for term, weight, _ in terms]
        looks = [tuple(" " + a + " " for a in alts) for _, _, alts in terms]
        pairs = [f" {a} {b} " for a, b in zip(phrase, phrase[1:], strict=False)]
        pair_weight = 0.2 / len(pairs) if pairs else 0.0

        def score(text: str) -> float:
            padded = " " + (text or "") + " "
            got = 0.0
            for (whole, w_exact), (start, w_prefix), alike in zip(exact, prefix, looks, strict=True):
                if whole in padded:
                    got += w_exact
                elif w_prefix and start in padded:
                    got += w_prefix
                elif alike and any(a in padded for a in alike):
                    got += 0.7 * w_exact
            for pair in pairs:
                if pair in padded:
                    got += pair_weight
            return got

        return score

    @classmethod
    def score(cls, text: str, terms, phrase: list[str]) -> float:
        return cls.scorer(terms, phrase)(text)

    # --- the search ---------------------------------------------------------------------------

    def search(self, q: qmod.Question, *, today: date, asker_unit_id: int | None = None) -> Result:
        intent = q.intent
        unit: UnitRef | None = None
        terms = list(q.terms)
        plan_id = None
        plan_ids: tuple[int, ...] = ()
        extra: dict = {}
        if q.plan_ref:
            plans = store.find_plans(self.db, q.plan_ref, limit=1)
            plan_id = plans[0]["id"] if plans else None
        if intent in (qmod.LIST, qmod.SEARCH) and not q.mine:
            found = self.resolve_unit(q.unit_text)
            if found:
                left = [
                    t
                    for t in terms
                    if t not in found.words and t not in ("phong", "so", "ban", "trung", "tam")
                ]
                if found.score >= UNIT_SURE or (found.score >= UNIT_LIKELY and not left):
                    unit = found
                    terms = left
                    if intent == qmod.SEARCH:
                        intent = qmod.LIST
                    # Now a list question: generic words ("bao nhiêu", "phải làm") are not topics.
                    terms = [t for t in terms if t not in qmod.STOPWORDS]
            if unit is None:
                named = _unit_words(q.unit_text)
                issued = store.plans_by_issuer(self.db, named) if named else []
                if issued:
                    # "Sở Công Thương có việc gì?": the unit issued plans; its tasks are theirs.
                    plan_ids = tuple(p["id"] for p in issued)
                    extra["issuer"] = issued[0]["issuer"]
                    terms = [t for t in terms if t not in named.split()]
                    if intent == qmod.SEARCH and not terms:
                        intent = qmod.LIST
                elif named:
                    # "Phòng Nội vụ có việc gì?" when no such unit exists: say so, not random tasks.
                    return Result(q, "unknown_unit", [], 0, None, q.window, {"unit_words": named})
        f = store.TaskFilter(plan_id=plan_id, plan_ids=plan_ids)
        if unit is not None:
            f.unit_ids = (unit.id,)
            f.unit_role = q.role or "lead"
        elif q.mine and asker_unit_id is not None:
            f.unit_ids = (asker_unit_id,)
            f.unit_role = q.role
        window = q.window
        if q.overdue:
            f.overdue_on = today
        if window is not None:
            f.due_from, f.due_to = window.start, window.end
        if q.recurring:
            f.recurring = True
        if q.due_soon:
            f.open_only = True
            f.due_from = today if window is None else window.start
            f.due_to = (today + timedelta(days=DUE_SOON_DAYS)) if window is None else window.end

        if intent == qmod.LIST and terms:
            # A short word the index has never seen is a typo of a status word ("quá hna"), not a topic.
            self._refresh_vocab()
            terms = [w for w in terms if len(w) > 3 or w in self._vocab]
        weighted = self._terms(terms) if terms else []
        match = self._match_exprs(weighted) if weighted else []
        if match and intent in (qmod.WHO, qmod.WHEN, qmod.DETAILS, qmod.SEARCH, qmod.LIST):
            cands = store.fts_candidates(self.db, match, f)
            tasks = self._rank(cands, weighted, terms, prefer=intent)
            return Result(q, intent, tasks, len(tasks), unit, window, extra)
        if intent == qmod.LIST:
            tasks = store.find_tasks(self.db, f)
            if not tasks and unit is not None and q.role is None:
                # A unit that leads nothing here may still coordinate: show that rather than nothing.
                f.unit_role = "support"
                tasks = store.find_tasks(self.db, f)
                extra["role"] = "support"
            total = len(tasks) if len(tasks) < store.DEFAULT_LIMIT else store.count_tasks(self.db, f)
            if not tasks and q.due_soon and window is None:
                f.due_to = None
                tasks = store.find_tasks(self.db, f, limit=5)
                total = len(tasks)
            return Result(q, intent, tasks, total, unit, window, extra)
        return Result(q, intent, [], 0, unit, window)

    def _rank(self, cands: list[tuple[int, str]], weighted, terms: list[str], prefer: str = "") -> list[dict]:
        """Best first; keeps those scoring at least half the best (and 0.3), at most CANDIDATES. Among
        near-equals, "who leads" prefers tasks that name a lead and "when" tasks that have a deadline."""
        if not cands:
            return []
        score = self.scorer(weighted, terms if len(terms) >= 2 else [])
        scored = sorted(
            ((score(text), task_id) for task_id, text in cands),
            key=lambda s: (-s[0], s[1]),
        )
        if prefer in (qmod.WHO, qmod.WHEN) and len(scored) > 1:
            top = scored[0][0]
            near = [x for x in scored[:20] if x[0] >= top - 0.05]
            rows = {t["id"]: t for t in store.get_tasks(self.db, [i for _, i in near])}

            def useful(task_id: int) -> bool:
                row = rows.get(task_id) or {}
                if prefer == qmod.WHO:
                    return bool(row.get("lead_unit_id") or row.get("lead_text"))
                return (row.get("deadline_kind") or "none") != "none"

            near.sort(key=lambda x: (not useful(x[1]), -x[0], x[1]))
            scored = near + scored[len(near) :]
        best = scored[0][0]
        floor = max(0.3, 0.5 * best)
        keep = [(s, i) for s, i in scored[:CANDIDATES] if s >= floor]
        tasks = store.get_tasks(self.db, [i for _, i in keep])
        for task, (s, _) in zip(tasks, keep, strict=False):
            task["score"] = round(s, 3)
        return tasks
