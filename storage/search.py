"""Find the tasks a question is about, over one database.

Candidates come from SQL (storage.tasks): structured filters (unit and role, due-date window, overdue,
recurring, plan) and an FTS5 index over the folded task text. Everything that needs no database (which
unit a question names, word weights and typo correction, the FTS5 expressions, scoring and ranking) is
in knowledge.search; this module reads what those need and turns a parsed question into queries.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

import sqlite_utils

from knowledge import question as qmod
from knowledge import search as ks
from knowledge.fold import fold_words
from knowledge.orgs import ISSUER_HEADS, LEVEL_FIRST, LEVEL_FIRST_HEADS
from knowledge.search import Result, UnitDirectory, UnitRef, Vocabulary
from knowledge.topics import related_phrases, same_thing
from knowledge.units import COLLECTIVE_VILLAGES, collective_kind
from knowledge.vocabulary import abbreviations_of, spell_out
from storage import tasks as store
from storage.plan_scope import (
    PlanScope,
    name_words,
    plans_header_words,
)

ONE_TASK_KEPT = 20  # "ai chủ trì …", "hạn chót …": the tasks kept behind the one answered


@dataclass(frozen=True)
class IndexVocabulary:
    """The words of the task index with the number of tasks each occurs in, and the number of tasks."""

    doc_counts: dict[str, int]
    docs: int
    stamp: bytes | None = None  # the index's index_stamp when read (None: it was written meanwhile)


def units_version(db: sqlite_utils.Database) -> tuple[int, int]:
    """Changes whenever a unit is added or removed."""
    # Apart, each takes SQLite's shortcut (count: the smallest index's cells; max: the last rowid), which one
    # query holding both would not: it reads every row (~2 ms at 25,000 units, three times a question).
    count, last = db.execute(
        "SELECT (SELECT count(*) FROM units), (SELECT coalesce(max(id), 0) FROM units)"
    ).fetchone()
    return count, last


def index_version(db: sqlite_utils.Database) -> tuple[int, int]:
    """Changes whenever tasks are written: another process's ingest bumps data_version, this
    connection's own writes bump max(id)."""
    return store.max_task_id(db), db.execute("PRAGMA data_version").fetchone()[0]


def index_stamp(db: sqlite_utils.Database) -> bytes | None:
    """Changes whenever the full-text index over tasks is written, by any connection: FTS5's structure record
    (row 10 of its data table) counts every segment written. Unlike index_version it sees this connection's
    own rewrites of a task's text (a re-ingest keeps the task's id)."""
    row = db.execute("SELECT block FROM tasks_fts_data WHERE id = 10").fetchone()
    return bytes(row[0]) if row and row[0] is not None else None


def index_vocabulary(db: sqlite_utils.Database) -> IndexVocabulary:
    """Every word of the full-text index over tasks, read through an fts5vocab table."""
    db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.qa_vocab USING fts5vocab(main, tasks_fts, row)")
    before = index_stamp(db)
    counts = {term: doc for term, doc in db.execute("SELECT term, doc FROM temp.qa_vocab")}
    docs = db.execute("SELECT count(*) FROM tasks").fetchone()[0]
    return IndexVocabulary(counts, docs, before if before == index_stamp(db) else None)


MAX_PLANS_FOR_SECTIONS = 20  # headings are looked at for a question scoped to a few plans


# Words after which a question goes on past a place's name ("Phòng KT Hương Lâm phụ trách nv nào").
_ENDS_A_PLACE = qmod.QUESTION_WORDS | frozenset("nhung viec co cac da dang con duoc nv".split())  # noqa: SIM905
# A department named with its field after a task looked up ("… biên chế sở nội vụ Vĩnh Khang"): "sổ sức khỏe"
# is no department, and each try costs issuer lookups over every plan.
_DEPARTMENT_NAMED = re.compile(
    r"\b(?:so (?:khoa hoc|noi vu|cong thuong|tai chinh|tu phap|y te|giao duc|van hoa|nong nghiep|xay dung|"
    r"tai nguyen|lao dong|ngoai vu|giao thong|thong tin|du lich|ke hoach)|hoi (?:nong dan|lien hiep|cuu chien|"
    r"nguoi cao|chu thap|khuyen hoc|luat gia)|truong (?:thcs|thpt|tieu hoc|mam non|dai hoc|cao dang)"
    r"|trung tam y te|benh vien"
    # a Party committee or People's Committee and its place ("sổ tay đảng viên đt đảng ủy Ngọc Sơn hạn chót")
    r"|(?:dang uy|ubnd|uy ban nhan dan)(?= (?:xa|phuong|thi tran|tinh|thanh pho|huyen|[a-z]+ [a-z]+)\b))(?: [a-z]+){0,4}"
)
# A head's post before the body named ("trưởng công an xã", "phó chủ tịch ubnd xã").
_POST_OPENING = re.compile(
    r"^(?:pho |chanh )?(?:truong|chu tich|bi thu|giam doc|hieu truong|chi huy truong) "
)
_NUMBERING = re.compile(r"^(?:[ivxlc]+|[a-z]|\d+)$")


def _heading_words(heading: str) -> set[str]:
    """A heading's words that say what it is about ("II Kinh tế số" → kinh, te, so)."""
    return {
        w
        for w in fold_words(spell_out(heading)).split()
        if w not in qmod.STOPWORDS and not _NUMBERING.match(w)
    }


class Searcher(PlanScope):
    """Question → tasks over one database. Caches the units and the index vocabulary, refreshed when
    the knowledge base changes."""

    def __init__(self, db: sqlite_utils.Database):
        self.db = db
        self._units_key: tuple | None = None
        self._directory: UnitDirectory | None = None
        self._vocab_key: tuple | None = None
        self._vocabulary: Vocabulary | None = None
        self._vocab_stamp: bytes | None = None

    # --- caches -------------------------------------------------------------------------------

    def directory(self) -> UnitDirectory:
        key = units_version(self.db)
        if self._directory is None or key != self._units_key:
            self._directory = UnitDirectory(store.units(self.db))
            self._units_key = key
        return self._directory

    def vocabulary(self) -> Vocabulary:
        key = index_version(self.db)
        if self._vocabulary is None or key != self._vocab_key:
            read = index_vocabulary(self.db)
            self._vocabulary = Vocabulary(read.doc_counts, read.docs)
            self._vocab_key = key
            self._vocab_stamp = read.stamp
        return self._vocabulary

    def _index_words_starting(self):
        """The vocabulary's words by prefix, when it holds every word of the index as it is now (nothing
        written to the index since it was read, no write under way on this connection); else None."""
        vocabulary = self.vocabulary()
        if (
            self._vocab_stamp is None
            or self.db.conn.in_transaction
            or index_stamp(self.db) != self._vocab_stamp
        ):
            return None
        return vocabulary.starting_with

    # --- units --------------------------------------------------------------------------------

    def resolve_unit(self, text: str) -> UnitRef | None:
        """The unit `text` names, if any, with the question words that named it."""
        return self.directory().resolve(text)

    def similar_units(self, text: str, limit: int = 8) -> list[str]:
        return self.directory().similar(text, limit)

    def unit_by_name(self, text: str) -> UnitRef | None:
        """For `--unit NAME` and the asker's unit: the best unit, however it was typed."""
        return self.directory().by_name(text)

    # --- the search ---------------------------------------------------------------------------

    def _units(self, q: qmod.Question, terms: list[str]) -> tuple[list[UnitRef], list[str]]:
        """The units a question names (several for "Viettel, VNPT phối hợp gì"), and the words left."""
        found = self.resolve_unit(q.unit_text)
        placed = self._unit_with_place(q)
        if placed is not None and (found is None or found.score < ks.UNIT_SURE or placed.id != found.id):
            found = placed  # "Bưu điện xã Tam Khê": the body named with its commune
        if not found:
            return [], terms
        left = ks.words_left_after_unit(terms, found)
        if not (found.score >= ks.UNIT_SURE or (found.score >= ks.UNIT_LIKELY and not left)):
            return [], terms
        if found.score < ks.UNIT_SURE and ks.named_as_topic(q.unit_text, found):
            return [], terms  # "việc gì về chuyển đổi số": a topic, not "Trung tâm Chuyển đổi số"
        units = [found]
        named = set(found.words)
        while left and len(units) < 4:
            # The question's words not yet used by a unit (stopwords too: "các xã" names a collective).
            rest = " ".join(w for w in q.unit_text.split() if w not in named)
            more = self.resolve_unit(rest) if rest else None
            if more is None or more.score < ks.UNIT_SURE or any(u.id == more.id for u in units):
                break
            units.append(more)
            named |= more.words
            left = ks.words_left_after_unit(left, more)
        return units, [t for t in left if t not in qmod.STOPWORDS]

    def search(
        self,
        q: qmod.Question,
        *,
        today: date,
        asker_unit_id: int | None = None,
        org_ids: tuple[int, ...] | None = None,
        parent_ids: tuple[int, ...] = (),
    ) -> Result:
        """The tasks `q` asks about, among those of `org_ids` (and the shared tasks of `parent_ids`) when
        the asker sees only some organizations."""
        q = self.with_region(q)
        q = self._office_of_issuer(q, org_ids, parent_ids) or q
        result = self._search(q, today, asker_unit_id, org_ids, parent_ids, units_allowed=True)
        if result.intent == "unknown_plan" and q.issuer_text and not q.plan_ref:
            # No plan comes from "xã tham gia": the words may name a unit ("Hội Nông dân xã tham gia …").
            plain = qmod.parse_question(q.text, today, places=False)
            again = self._search(plain, today, asker_unit_id, org_ids, parent_ids, units_allowed=True)
            if again.unit is not None or again.tasks:  # or the words are the task's ("ký số từ xa")
                return again
        if (
            not result.tasks
            and result.intent in (qmod.WHO, qmod.WHEN, qmod.DETAILS)
            and not (q.issuer_text or q.plan_ref or q.plan_title)
        ):
            # "ai chủ trì pm quản lý biên chế sở nội vụ Vĩnh Khang": a department named after the task is the
            # issuer of the plan the task is in, not words of the task.
            body = _DEPARTMENT_NAMED.search(q.folded)
            words_of_body = body.group(0).split() if body else []
            plan_orgs = None if org_ids is None else (*org_ids, *parent_ids)
            # the body's name is as long as some plan's issuer has it ("trường thcs Lương Điền" + "thư viện …")
            named = next(
                (
                    " ".join(words_of_body[:n])
                    for n in range(len(words_of_body), 2, -1)
                    if self.plans_named(" ".join(words_of_body[:n]), plan_orgs)
                ),
                "",
            )
            if named:
                words = set(named.split())
                scoped = replace(q, issuer_text=named, terms=[t for t in q.terms if t not in words])
                again = self._search(scoped, today, asker_unit_id, org_ids, parent_ids, units_allowed=True)
                if again.tasks:
                    return again
        stuck = result.intent == "unknown_unit" or (
            result.unit is not None and result.extra.get("topic_left")
        )
        # A body then a place its words leave as the topic ("Sở Nội vụ Bảo Giang"): the place, when plans are
        # placed there, scopes them rather than being searched for in the tasks' text.
        if stuck and not q.issuer_text and not q.plan_ref:
            # "TT chuyển đổi số tp Bảo Giang làm gì": no body has that whole name; the city after it scopes
            # the plans of that city (its communes' too), the body is the words before.
            split = self._unit_in_region(q, org_ids, parent_ids)
            if split is not None:
                again = self._search(split, today, asker_unit_id, org_ids, parent_ids, units_allowed=True)
                if again.tasks:
                    return again
        # "về sáng chế, sở hữu trí tuệ": any of the topics, each searched on its own; a topic that finds
        # nothing by its own words, when people name it by other words than the plans ("trường học":
        # "mầm non, tiểu học, THCS"), by the plans' words for it (knowledge.topics).
        asked = q.about_any or ([q.about] if q.about else [])
        topical = q.intent in (qmod.LIST, qmod.SEARCH)
        named_otherwise = {i: self._phrases_held(topic) if topical else [] for i, topic in enumerate(asked)}
        single = len(asked) == 1
        if (not result.tasks and q.about_any) or (
            any(named_otherwise.values()) and not (single and result.tasks and not same_thing(asked[0]))
        ):
            every = {w for topic in asked for w in topic}
            found: dict[int, dict] = {t["id"]: t for t in result.tasks}
            first = result if result.tasks else None

            def alone(topic: list[str]) -> Result:
                one = replace(
                    q, terms=[t for t in q.terms if t not in every] + topic, about=topic, about_any=[]
                )
                return self._search(one, today, asker_unit_id, org_ids, parent_ids, units_allowed=True)

            for i, topic in enumerate(asked):
                if result.tasks and not named_otherwise[i]:
                    continue  # what the whole question found stands for this topic
                again = result if single else alone(topic)
                for other in () if again.tasks and not same_thing(topic) else named_otherwise[i]:
                    more = alone(other)
                    again = again if again.tasks else more
                    found.update((t["id"], t) for t in more.tasks if t["id"] not in found)
                first = first or (again if again.tasks else None)
                found.update((t["id"], t) for t in again.tasks if t["id"] not in found)
            if first is not None:
                first.tasks = list(found.values())
                first.total = len(first.tasks)
                return first
        if (
            result.unit is not None
            and (not result.tasks or not q.about)
            and result.extra.get("topic_left")
            and not q.issuer_text
        ):
            # "Ban Xây dựng Đảng (Đảng ủy Kim Lũy) phối hợp gì": the words left after the unit name the body
            # whose plans it works in.
            after = [w for w in q.unit_text.split() if w not in result.unit.words]
            left = [w for w in after if w not in qmod.STOPWORDS]
            if len(left) < 2:
                # A place whose name holds a common word ("Hương Lâm": "lâm" is "làm" unmarked).
                left = list(itertools.takewhile(lambda w: w not in _ENDS_A_PLACE, after))
            named = " ".join(left)
            if len(left) >= 2 and self.plans_named(
                named, None if org_ids is None else (*org_ids, *parent_ids)
            ):
                scoped = replace(q, issuer_text=named, terms=[t for t in q.terms if t not in left])
                again = self._search(scoped, today, asker_unit_id, org_ids, parent_ids, units_allowed=True)
                if again.tasks:
                    return again
        if result.unit is not None and not result.tasks and result.extra.get("topic_left"):
            # A body named inside a task ("thanh toán không dùng tiền mặt với Ngân hàng Nhà nước") is a
            # topic, not the lead: when that unit leads nothing on the topic, search its name as words.
            again = self._search(q, today, asker_unit_id, org_ids, parent_ids, units_allowed=False)
            if again.tasks:
                return again
        return result

    def _phrases_held(self, topic: list[str]) -> list[list[str]]:
        """The other phrases people's name for `topic` stands for, those whose words the index holds (a
        phrase no task holds costs no search)."""
        related = related_phrases(topic)
        if not related:
            return []  # most topics are named as the plans name them: no index lookup for them
        vocabulary = self.vocabulary()
        return [words for words in map(str.split, related) if all(w in vocabulary for w in words)]

    def _search(
        self,
        q: qmod.Question,
        today: date,
        asker_unit_id: int | None,
        org_ids: tuple[int, ...] | None,
        parent_ids: tuple[int, ...],
        *,
        units_allowed: bool,
    ) -> Result:
        intent = q.intent
        unit: UnitRef | None = None
        units: list[UnitRef] = []
        terms = list(q.terms)
        plan_orgs = None if org_ids is None else tuple(sorted({*org_ids, *parent_ids}))
        scope = self._scope(q, plan_orgs)
        if isinstance(scope, Result):
            return scope
        plan_id, plan_ids, extra = scope
        if extra.get("place_words"):
            terms = [t for t in terms if t not in extra["place_words"]]
            if intent == qmod.SEARCH and not terms:
                intent = qmod.LIST  # "ở Đồng Tâm có việc gì": every task of its plans
        if (
            intent in (qmod.LIST, qmod.SEARCH, qmod.PROGRESS, qmod.DETAILS, qmod.WHO, qmod.WHEN)
            and not q.mine
        ):
            if units_allowed and (intent in (qmod.LIST, qmod.SEARCH, qmod.PROGRESS) or q.task_code):
                named = extra.get("unit_of_plan")
                units, terms = self._units(
                    replace(q, unit_text=f"{named} {q.unit_text}") if named else q, terms
                )
                # "Sở VHTTDL có việc gì về thể thao": the words after "về" are the topic even when the
                # body's name holds them too.
                if units and q.about and self._named_without(q, units[0]):
                    terms += [
                        w for w in q.about if w in q.terms and w not in terms and w not in qmod.STOPWORDS
                    ]
                extra["topic_left"] = bool(units) and bool(terms)
                if len(units) == 1 and (plan_id or plan_ids):
                    extra["members"] = self._hamlet_bodies(units[0])
            elif units_allowed and intent in (qmod.WHO, qmod.WHEN) and " voi " in f" {q.unit_text} ":
                # "ai phối hợp vs p kt làm wifi công viên": the body after "với" is the other side of the
                # task asked about, not words of it.
                # "với" says a body follows: a name without its tail ("Phòng Kinh tế" for "Phòng Kinh tế,
                # Hạ tầng và Đô thị") is enough there.
                other = self.resolve_unit(q.unit_text.split(" voi ", 1)[-1])
                if (
                    other is not None
                    and other.score >= ks.UNIT_LIKELY
                    and ks.named_after(q.unit_text, other, "voi")
                ):
                    terms = ks.words_left_after_unit(terms, other) or terms
            if len(units) == 1 and not plan_id and q.role is None:
                # "Hội Nông dân tỉnh có việc gì" found "Văn phòng Hội Nông dân tỉnh": the office's head words
                # were not typed, so the body asked is the one whose office it is, and its plans are meant.
                office = fold_words(units[0].name).split()
                # ("không" is no typo of "phòng": question words name nothing)
                typed = [
                    w for w in q.unit_text.split() if w in units[0].words and w not in qmod.QUESTION_WORDS
                ]
                if office[:2] == ["van", "phong"] and "van" not in units[0].words and len(typed) >= 2:
                    issued = store.plans_by_issuer(self.db, " ".join(typed), org_ids=plan_orgs)
                    if plan_ids:  # "tỉnh đoàn có việc nào đang kẹt": its plans among those its words scoped
                        issued = [p for p in issued if p["id"] in plan_ids]
                    if issued:
                        plan_ids = tuple(p["id"] for p in issued)
                        extra["issuer"] = issued[0]["issuer"]
                        terms = [t for t in terms if t not in typed]
                        units = []
                        extra["topic_left"] = False
                        if intent == qmod.SEARCH and not terms:
                            intent = qmod.LIST  # "Hội Nông dân tỉnh có việc gì": every task of its plans
            partners = [u for u in units if ks.named_after(q.unit_text, u, "voi")] if len(units) > 1 else []
            if partners:
                # "UBND các xã phối hợp việc gì với Sở GDĐT": the body after "với" is the other side,
                # whose plans the question is about when it issued some.
                units = [u for u in units if u not in partners]
                issued = store.plans_by_issuer(self.db, fold_words(partners[0].name), org_ids=plan_orgs)
                if issued and not (plan_id or plan_ids):
                    plan_ids = tuple(p["id"] for p in issued)
                    extra["issuer"] = issued[0]["issuer"]
            if units and len(units) == 1 and not plan_id and self._speaks_as_issuer(q):
                issued = store.plans_by_issuer(self.db, fold_words(units[0].name), org_ids=plan_orgs)
                if plan_ids:
                    # "BHXH tp Lam Hưng có nv nào quá hạn": the body's plans among those of the place named
                    issued = [p for p in issued if p["id"] in plan_ids]
                if issued:
                    # "Sở Công Thương có bao nhiêu nhiệm vụ": the tasks of the plans it issued, not only
                    # those it leads in others' plans.
                    plan_ids = tuple(p["id"] for p in issued)
                    extra["issuer"] = issued[0]["issuer"]
                    units = []
                    # "Sở KHCN Bảo Giang": the place after the body is in its plans' header, not a topic.
                    header_words = plans_header_words(issued)
                    terms = [t for t in terms if t in q.about or t not in header_words]
                    if intent == qmod.SEARCH and not terms:
                        intent = qmod.LIST
            if units:
                unit = units[0]
                if intent == qmod.SEARCH:
                    intent = qmod.LIST
                if extra.get("issuer_words") and terms:
                    # "vp đảng ủy p Tường Vân chủ trì gì": the issuer's words left over are its name, no topic.
                    terms = [t for t in terms if t not in extra["issuer_words"]]
                    extra["topic_left"] = bool(terms)
            elif extra.get("issuer_words"):
                terms = [t for t in terms if t not in extra["issuer_words"]]
            elif units_allowed and intent in (qmod.LIST, qmod.SEARCH, qmod.PROGRESS) and not plan_ids:
                named = ks.unit_words(q.unit_text)
                issued = store.plans_by_issuer(self.db, named, org_ids=plan_orgs) if named else []
                if not issued:
                    # "hội liên hiệp phụ nữ tỉnh …": a body's name longer than its first three words; "ct công
                    # tác 2026 hội phụ nữ tỉnh": or named after the plan's title
                    words = q.unit_text.split()
                    at = next((i for i, w in enumerate(words) if w in ISSUER_HEADS), None)
                    if at and words[at - 1] in LEVEL_FIRST and words[at] in LEVEL_FIRST_HEADS:
                        at -= 1  # "Tỉnh đoàn", "Huyện ủy": the level opens the body's name
                    whole = name_words(words[at:]) if at is not None else []
                    for n in range(len(whole), 1, -1):
                        issued = store.plans_by_issuer(self.db, " ".join(whole[:n]), org_ids=plan_orgs)
                        if issued:
                            named = " ".join(whole[:n])
                            break
                if issued:
                    # "Sở Công Thương có việc gì?": the unit issued plans; its tasks are theirs.
                    plan_ids = tuple(p["id"] for p in issued)
                    extra["issuer"] = issued[0]["issuer"]
                    # the words of the plans' titles name them too ("ct công tác 2026 hội phụ nữ tỉnh")
                    header_words = plans_header_words(issued)
                    terms = [
                        t
                        for t in terms
                        if t in q.about
                        or (t not in named.split() and t not in header_words and t not in qmod.STOPWORDS)
                    ]
                    if intent == qmod.SEARCH and not terms:
                        intent = qmod.LIST
                elif named:
                    # "Phòng Nội vụ có việc gì?" when no such unit exists: say so, not random tasks.
                    return Result(q, "unknown_unit", [], 0, None, q.window, {"unit_words": named})
        f = self._filter(q, today, unit, asker_unit_id, plan_id, plan_ids)
        f.org_ids, f.parent_ids = org_ids, parent_ids
        f.with_shared = q.mine  # a collective's tasks, and a parent's tasks for all communes
        if len(units) > 1:
            f.unit_ids = tuple(u.id for u in units)
            extra["units"] = [u.name for u in units]
        if units:
            # The units named like these in each organization in sight ("Phòng Kinh tế" of each commune).
            f.unit_ids = tuple(
                dict.fromkeys(
                    i for u in units for i in store.same_units(self.db, u.id, org_ids, branches=True)
                )
            )
            f.unit_ids = (*f.unit_ids, *extra.pop("members", ()))
        if not units and q.role is None and intent in (qmod.LIST, qmod.SEARCH, qmod.PROGRESS):
            heads, named = self._heads_by_post(q)
            if heads:  # "trưởng công an xã phụ trách gì" where only the head by post leads tasks
                f.unit_ids = heads
                terms = [t for t in terms if t not in named]
                intent = qmod.LIST if intent == qmod.SEARCH else intent
        window = q.window
        if intent == qmod.PROGRESS:
            extra["counts"] = store.count_by_status(self.db, f, today)
            return Result(q, intent, [], extra["counts"]["total"], unit, window, extra)

        vocabulary = self.vocabulary() if terms else None
        if intent == qmod.LIST and vocabulary is not None:
            # A short word the index has never seen is a typo of a status word ("quá hna"), not a topic.
            terms = [w for w in terms if len(w) > 3 or w in vocabulary]
        if q.task_code:
            tasks = store.find_tasks(self.db, f, limit=20)
            if terms and vocabulary is not None and len(tasks) > 1:
                rate = ks.scorer(vocabulary.terms(terms), terms)
                tasks.sort(key=lambda t: -rate(t.get("content_folded") or ""))
            return Result(q, intent, tasks, len(tasks), unit, window, extra)
        weighted = vocabulary.terms(terms) if vocabulary is not None and terms else []
        match = vocabulary.match_exprs(weighted) if vocabulary is not None and weighted else []
        # Plans write "CSDL", "TTHC" too: the abbreviation of a phrase the question spelled out also finds.
        written = [k for p in q.phrases for k in abbreviations_of(p) if vocabulary and k in vocabulary]
        if match and written:
            match = [*match, " OR ".join(f'"{k}"' for k in dict.fromkeys(written))]
        if match and intent in (qmod.WHO, qmod.WHEN, qmod.DETAILS, qmod.SEARCH, qmod.LIST):
            cands = store.fts_candidates(self.db, match, f, words_starting=self._index_words_starting())
            if written:
                cands = [(task_id, spell_out(text)) for task_id, text in cands]
            # A phrase the scope took away ("mặt trận tổ quốc" of the issuer) is not asked of the tasks.
            phrases = [p for p in q.phrases if set(p.split()) <= set(terms)]
            tasks = self._rank(cands, weighted, terms, prefer=intent, phrases=phrases)
            if intent in (qmod.LIST, qmod.SEARCH) and (f.plan_id or f.plan_ids):
                tasks = self._with_sections(tasks, f, terms, q.about_any)
                if not tasks and q.about and not f.unit_ids:
                    # "xã Phú Lạc có việc gì về y tế": the work of its bodies named for it ("Trạm Y tế xã").
                    topic = " ".join(w for w in q.about if w not in qmod.STOPWORDS)
                    named = store.units_named_with(self.db, topic) if topic else ()
                    if named:
                        tasks = store.find_tasks(self.db, replace(f, unit_ids=named, unit_role="lead"))
            if not tasks and cands:
                extra["weak"] = True  # something shares words, nothing matches well: say so
            return Result(q, intent, tasks, len(tasks), unit, window, extra)
        if intent in (qmod.WHO, qmod.WHEN, qmod.DETAILS, qmod.SEARCH) and terms:
            extra["weak"] = True
            return Result(q, intent, [], 0, unit, window, extra)
        if intent == qmod.LIST:
            tasks = store.find_tasks(self.db, f)
            mine = q.mine and unit is None and f.unit_ids and q.role is None
            if not tasks and unit is not None and len(units) == 1 and q.role is None:
                # "trưởng công an xã … phụ trách gì": the body itself leads nothing here; the tasks given to
                # its head by post ("Võ Minh Khoa – Trưởng Công an xã") are meant
                heads, _ = self._heads_by_post(q)
                if heads:
                    tasks = store.find_tasks(self.db, replace(f, unit_ids=heads))
                    f.unit_ids = heads if tasks else f.unit_ids
            if not tasks and q.role is None and ((unit is not None and len(units) == 1) or mine):
                # A unit that leads nothing here may still coordinate: show that rather than nothing.
                f.unit_role = "support"
                tasks = store.find_tasks(self.db, f)
                extra["role"] = "support"
            elif mine:
                extra["also_support"] = store.count_tasks(
                    self.db, replace(f, unit_role="support", with_shared=False)
                )
            total = len(tasks) if len(tasks) < store.DEFAULT_LIMIT else store.count_tasks(self.db, f)
            if not tasks and q.due_soon and window is None:
                f.due_to = None
                tasks = store.find_tasks(self.db, f, limit=5)
                total = len(tasks)
            return Result(q, intent, tasks, total, unit, window, extra)
        return Result(q, intent, [], 0, unit, window)

    def _hamlet_bodies(self, unit: UnitRef) -> tuple[int, ...]:
        """ "các thôn xã Thủy Mai phải xong gì": in the plans of the place asked of, the hamlets' work is also
        what each hamlet's own body leads ("Trưởng thôn Cốc Mạ", "Chi hội Phụ nữ thôn Bản Chang"); the units
        whose names hold the collective's level word ("thôn", "ấp", "bản"); () for any other unit."""
        if collective_kind(unit.name) != COLLECTIVE_VILLAGES:
            return ()
        levels = [w for w in re.split(r"\s*,\s*", fold_words(unit.name).removeprefix("cac ")) if w]
        return tuple(i for level in levels for i in store.units_named_with(self.db, level))

    def _heads_by_post(self, q: qmod.Question) -> tuple[tuple[int, ...], set[str]]:
        """The leads naming a head by the post the question opens with ("trưởng công an xã" → "Võ Minh Khoa
        – Trưởng Công an xã") and the words that named it; nothing when the question opens with no post."""
        person = q.unit_text.startswith("dong chi ")
        if not (person or _POST_OPENING.match(q.unit_text)):
            return (), set()
        words = q.unit_text.split()[2:] if person else q.unit_text.split()
        named = name_words(words)
        # "đ/c Hoa chi hội trưởng phụ nữ thôn Đồng Mít": a person by name and post ("Nguyễn Thị Hoa – Chi hội
        # trưởng phụ nữ"), the place after them left out when no lead names it
        said = {"dong", "chi", *named} if person else set(named)  # the place after the name is said too
        while len(named) >= 3:
            heads = store.units_named_with(self.db, " ".join(named))
            if heads or not person:
                return heads, said
            named.pop()
        return (), set()

    def _with_sections(
        self, tasks: list[dict], f: store.TaskFilter, terms: list[str], either: list[list[str]] = ()
    ) -> list[dict]:
        """`tasks` and, after them, the tasks under a heading of the plan that names every word asked
        ("kh 92 các việc về an toàn thông tin": the tasks of "5. An toàn thông tin" need not repeat it), or
        one of several topics asked, named in two words or more ("về hội, đoàn thể": "3. Phát huy vai trò
        của Mặt trận và các đoàn thể")."""
        plans = (f.plan_id,) if f.plan_id else f.plan_ids
        wanted = set(terms)
        if not wanted or len(plans) > MAX_PLANS_FOR_SECTIONS:
            return tasks
        # The heading is the topic itself, not a wider one ("Hạ tầng số và an toàn thông tin" is not only
        # about "an toàn thông tin"): its words, less numbering and small words, are the words asked.
        sections = store.sections_of(self.db, plans)
        headings = [s for s in sections if _heading_words(s) == wanted]
        if not headings and not tasks and len(terms) >= 2:
            # Nothing else found: a wider heading that says the topic in its words ("Phát triển hạ tầng và
            # kinh tế số ở nông thôn" for "kinh tế số") is the best answer there is.
            phrase = f" {' '.join(terms)} "
            headings = [s for s in sections if phrase in f" {' '.join(fold_words(s).split())} "]
        if not headings and len(either) > 1:
            # a wider heading ("Phát huy vai trò của Mặt trận và các đoàn thể") only for a topic no task found
            # names ("an toàn thông tin" found in its tasks is not all of "Hạ tầng và an toàn thông tin")
            held = [set((t.get("content_folded") or "").split()) for t in tasks]
            phrases = [
                f" {' '.join(words)} "
                for words in either
                if len(words) >= 2 and not any(set(words) <= task_words for task_words in held)
            ]
            headings = [
                s for s in sections if any(p in f" {' '.join(fold_words(s).split())} " for p in phrases)
            ]
        if not headings:
            return tasks
        seen = {t["id"] for t in tasks}
        more = store.find_tasks(self.db, replace(f, sections=tuple(headings)))
        return tasks + [t for t in more if t["id"] not in seen]

    def _unit_with_place(self, q: qmod.Question) -> UnitRef | None:
        """The unit named by the words opening the question and the place after them ("bưu điện xã Tam
        Khê phối hợp gì" → "Bưu điện xã Tam Khê"), when one has that whole name."""
        if not q.issuer_text or not re.match(
            r"(?:xa|phuong|thi tran|dac khu|tinh|thanh pho) ", q.issuer_text
        ):
            return None
        lead = name_words(q.unit_text.split())
        if not lead:
            return None
        unit = self.resolve_unit(" ".join([*lead, *q.issuer_text.split()]))
        if unit is None or unit.score < ks.UNIT_SURE or not set(q.issuer_text.split()) <= unit.words:
            return None
        return unit

    def _named_without(self, q: qmod.Question, unit: UnitRef) -> bool:
        """Whether the question names `unit` without its words after "về" ("Sở VHTTDL … về thể thao"),
        which are then the topic, not part of the name ("liên quan Trường ĐH Bảo Giang")."""
        about = set(q.about)
        rest = " ".join(w for w in q.unit_text.split() if w not in about)
        again = self.resolve_unit(rest) if rest else None
        return again is not None and again.id == unit.id and again.score >= ks.UNIT_SURE

    @staticmethod
    def _speaks_as_issuer(q: qmod.Question) -> bool:
        """A body asked about without "chủ trì" or "phối hợp" ("Sở GDĐT có việc gì"): when it issued plans,
        the question is about them."""
        return q.role is None and not q.mine and not qmod.has_phrase(qmod.words_of(q.folded), "chu tri")

    @staticmethod
    def _filter(
        q: qmod.Question,
        today: date,
        unit: UnitRef | None,
        asker_unit_id: int | None,
        plan_id: int | None,
        plan_ids: tuple[int, ...],
    ) -> store.TaskFilter:
        """The structured conditions a question sets: unit and role, window, overdue, recurring, plan."""
        f = store.TaskFilter(plan_id=plan_id, plan_ids=plan_ids)
        if unit is not None:
            f.unit_ids = (unit.id,)
            f.unit_role = q.role or "lead"
        elif q.mine and asker_unit_id is not None:
            # "Nhiệm vụ của tôi": those the unit leads (the answer says how many more it coordinates).
            f.unit_ids = (asker_unit_id,)
            f.unit_role = q.role or "lead"
        window = q.window
        if q.overdue:
            f.overdue_on = today
        if window is not None:
            f.due_from, f.due_to = window.start, window.end
        if q.recurring:
            f.recurring = True
        if q.status:
            f.status = q.status
        if q.no_deadline:
            f.no_deadline = True
        if q.open_only:
            f.open_only = True
        if q.task_code:
            f.code = q.task_code
        if q.due_soon:
            f.open_only = True
            f.due_from = today if window is None else window.start
            f.due_to = (today + timedelta(days=ks.DUE_SOON_DAYS)) if window is None else window.end
        return f

    def _rank(
        self, cands: list[tuple[int, str]], weighted, terms: list[str], prefer: str = "", phrases=()
    ) -> list[dict]:
        """Best first; keeps those scoring at least half the best (and 0.3), at most CANDIDATES. Among
        near-equals, "who leads" prefers tasks that name a lead and "when" tasks that have a deadline."""
        scored = ks.score_candidates(cands, weighted, terms)
        if not scored:
            return []
        if prefer in (qmod.WHO, qmod.WHEN) and len(scored) > 1:
            near = ks.near_best(scored)
            rows = {t["id"]: t for t in store.get_tasks(self.db, [i for _, i in near])}
            scored = ks.prefer_useful(scored, rows, prefer)
        texts = dict(cands)
        kept = ks.keep_best(scored)
        # A question names a task by its words and often by who leads it ("đào tạo BIM cho kỹ sư trung tâm kiểm
        # định" of "… kỹ sư của Trung tâm", led by the Trung tâm Kiểm định): the lead's name counts as the task's.
        leads = store.lead_words(self.db, list(dict.fromkeys([scored[0][1], *(i for _, i in kept)])))
        texts = {i: f"{text} {leads[i]}" if i in leads else text for i, text in texts.items()}
        covers = ks.coverage_judge(terms, weighted, self.vocabulary(), phrases)
        if covers(texts.get(scored[0][1], "")) < ks.HONEST_MIN:
            return []  # nothing matches well: an honest "not found", not a list of weak matches
        if prefer in (qmod.WHO, qmod.WHEN):
            kept = kept[:ONE_TASK_KEPT]  # one task is asked about: the best and a few near it are shown
        # Each task listed must cover the question as the best one must: no padding with weak matches.
        keep = [(s, i) for s, i in kept if covers(texts.get(i, "")) >= ks.HONEST_MIN]
        tasks = store.get_tasks(self.db, [i for _, i in keep])
        for task, (s, _) in zip(tasks, keep, strict=False):
            task["score"] = round(s, 3)
        return tasks
