"""Which plans a question names: by number ("kh 12 của đảng ủy p ngọc sơn"), by issuer or place ("xã Tân
An", "Sở KHCN bg"), by subject ("kh cds ngành du lịch"), by a region said among a unit's words ("công an
thành phố Bảo Giang"). A part of storage.search.Searcher (a mixin over its database and unit directory),
kept apart because it answers another question than the search itself: not which tasks, but which plans.
"""

from __future__ import annotations

import re
from dataclasses import replace

from rapidfuzz import fuzz

from knowledge import question as qmod
from knowledge import search as ks
from knowledge.fold import fold_words
from knowledge.orgs import BODY_HEADS, OFFICE_HEADS, issuer_named
from knowledge.search import Result
from knowledge.vocabulary import spell_out
from storage import tasks as store

# Words of every plan's title: no word of them tells one plan from another.
_TITLE_COMMON = frozenset(
    "chuyen doi so nganh ke hoach kh cua ve va thuc hien trien khai nam giai doan phat trien khoa hoc cong nghe doi moi sang tao nghi quyet tren dia ban".split()  # noqa: E501, SIM905
)


def _title_words(text: str) -> set[str]:
    """The words of a title or of the words naming it, numbers as numbers ("tháng 01/2026" holds "1")."""
    words = set()
    for word in text.replace("/", " ").split():
        words.add(word.lstrip("0") or "0" if word.isdigit() else word)
    return words


PLAN_TITLE_MIN = 75  # how close a plan's title must be to the words a question names it by (token set ratio)


def issuer_as_written(plans: list[dict]) -> str | None:
    """The issuer as its plans write it when one body issued them all ("UBND xã Đồng Tâm"), else None."""
    names = {p["issuer"] for p in plans if p.get("issuer")}
    return next(iter(names)) if len(names) == 1 else None


_REGION = re.compile(r"(?:tinh|thanh pho)(?: [a-z]+){1,3}")

# Words after which a question goes on past a body's name ("bưu điện … phối hợp những việc nào").
ENDS_A_NAME = qmod.QUESTION_WORDS | frozenset("nhung viec co phoi chu lam duoc cac da dang con nv".split())  # noqa: SIM905


def name_words(words: list[str]) -> list[str]:
    """The words of a name that opens `words`, up to the first that ends a name ("đã", "có", "việc"), but
    "đa khoa" of a hospital ("bệnh viện đa khoa tỉnh có việc gì") is no "đã"."""
    named: list[str] = []
    for i, word in enumerate(words):
        if word in ENDS_A_NAME and not (word == "da" and words[i + 1 : i + 2] == ["khoa"]):
            break
        named.append(word)
    return named


_DOCUMENT_KINDS = frozenset("nghi quyet nq quyet dinh qd cong van cv thong bao ket luan tb".split())  # noqa: SIM905
_DEPARTMENT = re.compile(
    r"\b(?:so|hoi|truong|chi bo)(?: [a-z]+){2,5}"
)  # "sở công thương", "hội nông dân tỉnh …", "chi bộ …"


def words_and_initials(words: list[str]) -> set[str]:
    """A name's words and the initials of each run of two to four of them, as people type a place short
    ("sở khcn bg" for "… thành phố Bảo Giang")."""
    out = set(words)
    for size in (2, 3, 4):
        out |= {"".join(w[0] for w in words[i : i + size]) for i in range(len(words) - size + 1)}
    return out


def plans_header_words(plans: list[dict]) -> set[str]:
    """The words of plans' headers (issuer and title), and the initials of each issuer's name ("Sở KHCN Bảo
    Giang" and its plans' titles: none is a topic). Initials of the issuers only: a title's runs of words
    initial nothing people type, and a region's thousands of plans would make that the question's cost."""
    words = {w for p in plans for w in fold_words(f"{p.get('issuer') or ''} {p.get('title') or ''}").split()}
    for issuer in {p.get("issuer") or "" for p in plans}:
        words |= words_and_initials(fold_words(issuer).split())
    return words


class PlanScope:
    """The plans a question is scoped to. Needs `self.db` and `self.resolve_unit` (storage.search.Searcher)."""

    def _scope(
        self, q: qmod.Question, plan_orgs: tuple[int, ...] | None
    ) -> tuple[int | None, tuple[int, ...], dict] | Result:
        """The plans a question is scoped to: by number ("kh 415") or by issuer or place ("xã Tân An",
        "của Đảng ủy"), among the plans of `plan_orgs` (None: every plan). A plan or issuer that no plan
        has is an honest "no such plan" Result."""
        plan_id = None
        plan_ids: tuple[int, ...] = ()
        extra: dict = {}
        plans = [p for p in [self.plan_for_ref(q, plan_orgs)] if p]
        if q.plan_ref and not plans and not q.ref_soft:
            return Result(q, "unknown_plan", [], 0, None, q.window, {"plan_ref": q.plan_ref})
        if plans:
            if q.ref_soft:  # "nq 08 …": the words that named the plan are no topic of its tasks
                extra["place_words"] = {
                    *_DOCUMENT_KINDS,
                    *q.plan_ref.replace("/", " ").replace("-", " ").split(),
                }
            plan_id = plans[0]["id"]
            extra["plan"] = plans[0]["number"]
            # "ctr 24 Kim Lũy có mục nào về an ninh mạng": the issuer's words name the plan, not a topic.
            extra["issuer_words"] = set(fold_words(plans[0].get("issuer") or "").split()) - set(q.about)
        if q.issuer_text and plan_id is not None and q.issuer_text.split()[0] not in extra["issuer_words"]:
            # "ubnd xã Tùng Lộc phải làm gì theo ctr 19" (of Đảng ủy xã Tùng Lộc): a body other than the
            # issuer of the plan its number names is one of the plan's units
            extra["unit_of_plan"] = q.issuer_text
            return plan_id, plan_ids, extra
        if q.issuer_text:
            issued = self.plans_named(q.issuer_text, plan_orgs)
            if not issued and plan_id is not None:
                return plan_id, plan_ids, extra  # "kh 07 ban chỉ đạo xã": the number says which plan
            if not issued:
                return Result(q, "unknown_plan", [], 0, None, q.window, {"plan_ref": q.issuer_text})
            head = q.issuer_text.split()[0]
            # "sở KHCN Bảo Giang": the Sở's plans, not a steering committee's whose name holds the words too.
            same_kind = [p for p in issued if fold_words(p.get("issuer") or "").startswith(head + " ")]
            issued = same_kind or issued
            plan_ids = tuple(p["id"] for p in issued)
            # The issuer as written when one body issued them all ("Sở Giáo dục và Đào tạo"), else the words.
            names = {p["issuer"] for p in issued if p.get("issuer")}
            # "Đoàn xã Cẩm Lâm việc nào quá hạn": the rest of the issuer's name is no topic either.
            extra["issuer_words"] = {
                w for n in names for w in words_and_initials(fold_words(n).split())
            } - set(q.about)
            extra["issuer"] = issuer_as_written(issued) or q.issuer_text
            if len(names) > 1 and _REGION.fullmatch(q.issuer_text):
                extra["issuer"] = store.region_as_written(self.db, q.issuer_text) or q.issuer_text
        elif q.plan_title and not plan_id:
            titled = self.plans_titled(q.plan_title, plan_orgs)
            if not titled:
                return Result(q, "unknown_plan", [], 0, None, q.window, {"plan_ref": q.plan_title})
            plan_id = titled[0]["id"]
            extra["plan"] = titled[0]["number"]
        elif q.place_hint:
            # "ở Đồng Tâm có việc gì quá hạn": a place only if some plan comes from it.
            issued = store.plans_by_issuer(self.db, q.place_hint, org_ids=plan_orgs)
            if issued:
                plan_ids = tuple(p["id"] for p in issued)
                extra["issuer"] = issuer_as_written(issued) or q.place_hint
                extra["place_words"] = set(q.place_hint.split())
        return plan_id, plan_ids, extra

    def plan_for_ref(self, q: qmod.Question, org_ids: tuple[int, ...] | None = None) -> dict | None:
        """The plan a question names by its number, or None: of the plans whose number is or starts with
        the one typed, the one whose number it is, then the one of the issuer named, then of the kind typed
        ("kh 12 của đảng ủy p ngọc sơn" is 12-KH/ĐU, not the newer 12-NQ/CB), then the newest."""
        if not q.plan_ref:
            return None
        plans = store.find_plans(self.db, q.plan_ref, org_ids=org_ids)
        if len(plans) > 1 and (q.plan_kind or q.issuer_text):
            key = fold_words(q.plan_ref)
            named = set((q.issuer_text or "").split())

            def fit(plan: dict) -> tuple:
                issuer = set(fold_words(plan.get("issuer") or "").split())
                return (
                    plan["number_key"] == key,
                    len(named & issuer),
                    q.plan_kind in plan["number_key"].split(),
                )

            plans.sort(key=fit, reverse=True)  # stable: the newest first among equals, as found
        return plans[0] if plans else None

    def plans_named(self, words: str, org_ids: tuple[int, ...] | None = None) -> list[dict]:
        """The plans of the issuer or place `words` names: leading words dropped until some issuer holds
        the rest ("đảng ủy xã tân an" → "xã tân an"), then a city or province after the body ("ban chỉ đạo
        thành phố Bảo Giang" → "ban chỉ đạo"), which headers often leave out."""
        issued = store.plans_by_issuer(self.db, words, org_ids=org_ids)
        if _REGION.fullmatch(words):
            # "của tỉnh Thanh Nguyên": its communes' plans too, which name the province only in the header.
            seen = {p["id"] for p in issued}
            issued += [
                p for p in store.plans_in_region(self.db, words, org_ids=org_ids) if p["id"] not in seen
            ]
        left = words.split()
        while not issued and len(left) > 2:
            left = left[1:]
            if _REGION.fullmatch(" ".join(left)):
                break  # "ban chỉ đạo thành phố Bảo Giang" is not every plan of the city
            issued = store.plans_by_issuer(self.db, " ".join(left), org_ids=org_ids)
        where = re.match(r"(.+?) ((?:thanh pho|tinh|huyen)(?: [a-z]+){1,2})$", words)
        if not issued and where and len(where.group(1).split()) >= 2:
            issued = store.plans_by_issuer(self.db, where.group(1), org_ids=org_ids)
            # The body's plans of that city or province, when its plans say where they are.
            there = {p["id"] for p in store.plans_in_region(self.db, where.group(2), org_ids=org_ids)}
            local = [p for p in issued if p["id"] in there]
            issued = local or issued
        if not issued:
            # "sở vhttdl": a body named by its initials, as its unit is ("Sở Văn hóa, Thể thao và Du lịch").
            unit = self.resolve_unit(words)
            if (
                unit is not None
                and unit.score >= ks.UNIT_SURE
                and not ks.words_left_after_unit(words.split(), unit)
            ):
                issued = store.plans_by_issuer(self.db, fold_words(unit.name), org_ids=org_ids)
        short = re.fullmatch(r"(.+ [a-z]+) ([b-df-hj-np-tv-xz]{2,3})", words)
        if not issued and short:
            # "sở khcn bg": a place by its initials after the body; the body's plans (the initials are
            # told apart later by the plans' words)
            issued = store.plans_by_issuer(self.db, short.group(1), org_ids=org_ids)
        place = re.search(r"\b(?:xa|phuong|thi tran|dac khu|tinh|thanh pho)(?: [a-z]+){1,2}$", words)
        body = words[: place.start()].strip() if place else ""
        if not issued and place:
            # A committee's header may not name its commune, its title does ("… trên địa bàn xã Yên Bình").
            issued = [
                p
                for p in store.list_plans(self.db, limit=5000, org_ids=org_ids)
                if issuer_named(place.group(0), fold_words(p.get("title") or ""))
                and (not body or issuer_named(body, fold_words(p.get("issuer") or "")))
            ]
        return issued

    def plans_of_body_named(self, words: str, org_ids: tuple[int, ...] | None = None) -> list[dict]:
        """The plans issued by the body `words` surely name ("so vhttdl"), or none."""
        folded = fold_words(words or "")
        departments = list(_DEPARTMENT.finditer(folded))
        # "chi bộ Đồng Mít bc đảng ủy xã hạn chót": the body the question opens with is the one asked of
        opening = [m for m in departments if m.start() == 0]
        if opening and (plans := self._plans_of_department(opening[0], org_ids)):
            return plans
        unit = self.resolve_unit(words) if words else None
        if unit is not None and unit.score >= ks.UNIT_SURE:
            return store.plans_by_issuer(self.db, fold_words(unit.name), org_ids=org_ids)
        # A department that leads no task is no unit, but issued plans ("các phòng sở công thương bc
        # định kỳ thế nào"): the longest run of words after "sở" (or "hội", "trường") naming an issuer.
        for m in departments:
            if plans := self._plans_of_department(m, org_ids):
                return plans
        return []

    def _plans_of_department(self, m: re.Match, org_ids: tuple[int, ...] | None) -> list[dict]:
        """The plans of the issuer named by the longest run of `m`'s words (three at least)."""
        name = m.group(0).split()
        while len(name) >= 3:
            plans = store.plans_by_issuer(self.db, " ".join(name), org_ids=org_ids)
            if plans:
                return plans
            name.pop()
        return []

    def plans_titled(self, words: str, org_ids: tuple[int, ...] | None = None) -> list[dict]:
        """The plan whose title is closest to `words` ("chuyển đổi số ngành y tế"), if close enough."""
        plans = store.list_plans(self.db, limit=5000, org_ids=org_ids)
        # The words that tell plans apart ("y tế" of "cds ngành y tế") must be the plan's own, in its title
        # or its issuer's name: the rest of a title is what every plan of the genre says.
        telling = _title_words(words) - _TITLE_COMMON - qmod.STOPWORDS

        def close(plan: dict) -> int:
            title = fold_words(plan.get("title") or "")
            # the issuer's name spelled out ("Hội LHPN tỉnh …" holds "liên hiệp phụ nữ"): people name a plan
            # by its subject and its issuer ("kh vneid của công an tỉnh")
            issuer = spell_out(fold_words(plan.get("issuer") or ""))
            if not telling <= _title_words(title) | set(issuer.split()):
                return 0
            return max(fuzz.token_set_ratio(words, title), fuzz.token_set_ratio(words, f"{title} {issuer}"))

        scored = [(close(p), -i) for i, p in enumerate(plans)]
        scored = [s for s in scored if s[0] >= PLAN_TITLE_MIN]
        return [plans[-max(scored)[1]]] if scored else []

    def _office_of_issuer(
        self, q: qmod.Question, org_ids: tuple[int, ...] | None, parent_ids: tuple[int, ...]
    ) -> qmod.Question | None:
        """ "Thanh tra Sở KHCN Bảo Giang chủ trì gì": an office named after its body ("Thanh tra Sở",
        "Văn phòng Sở") then the body that issued the plans: that office, in those plans."""
        if q.issuer_text or q.plan_ref or q.mine:
            return None
        words = name_words(q.unit_text.split())
        if not words or words[0] not in OFFICE_HEADS:
            return None  # most questions name no office: no lookups for them
        # "Thanh tra Sở" + "KHCN Bảo Giang" (the office's name ends with its body's head), or "Phòng Cải cách
        # hành chính" + "Sở Nội vụ" (the body named whole after the office's full name)
        for n in (3, 2, *range(min(len(words) - 2, 6), 3, -1)):
            if len(words) < n + 2:
                continue
            head, rest = words[:n], words[n:]
            body_follows = rest[0] in BODY_HEADS and n >= 3
            unit = self.resolve_unit(" ".join(head))
            if unit is None or unit.score < ks.UNIT_SURE or set(head) - unit.words:
                continue
            if not body_follows and fold_words(unit.name).split()[-1] not in ("so", "ubnd", "xa", "phuong"):
                continue
            plan_orgs = None if org_ids is None else (*org_ids, *parent_ids)
            named = " ".join(["so", *rest]) if unit.name.endswith("Sở") else " ".join(rest)
            if self.plans_named(named, plan_orgs):
                terms = [t for t in q.terms if t not in rest]
                unit_text = " ".join([*head, *q.unit_text.split()[len(words) :]])
                return replace(q, issuer_text=named, unit_text=unit_text, terms=terms)
        return None

    def with_region(self, q: qmod.Question) -> qmod.Question:
        """`q` scoped to the province or city it names with its level ("… tỉnh Đông Lĩnh …", "tp Bảo
        Giang") when it names no plan or issuer otherwise: the plans placed there, its words no topic."""
        if q.issuer_text or q.plan_ref or q.plan_title:
            return q
        padded = f" {q.folded} "
        if " tinh " not in padded and " thanh pho " not in padded:
            return q  # every region's key holds its level: most questions name none, no query for them
        for region in store.region_keys(self.db):
            if f" {region} " not in padded:
                continue
            words = set(region.split())
            unit_text = self._without_region(q.unit_text, region, region)
            if len(unit_text.split()) > len(f" {q.unit_text} ".replace(f" {region} ", " ").split()):
                words -= set(unit_text.split())  # the level stays the unit's ("công an thành phố")
            return replace(
                q, issuer_text=region, unit_text=unit_text, terms=[t for t in q.terms if t not in words]
            )
        return q

    def _without_region(self, unit_text: str, written: str, region: str) -> str:
        """`unit_text` without the place `written` (the region `region` or its name). A body named with
        the region's level is a unit of that level ("công an thành phố Bảo Giang" is the city's "Công an
        thành phố"): the level stays with it, when such a unit exists; the name alone scopes the plans."""
        padded = f" {unit_text} "
        at = padded.find(f" {written} ")
        if at < 0:
            return unit_text
        before, after = padded[:at].strip(), padded[at + len(written) + 1 :].strip()
        level = re.match(r"(?:thanh pho|tinh)\b", region)
        if written == region and level and before:
            kept = self.resolve_unit(f"{before} {level.group(0)}")
            if kept is not None and kept.score >= ks.UNIT_SURE and set(level.group(0).split()) <= kept.words:
                return f"{before} {level.group(0)} {after}".strip()
        return f"{before} {after}".strip()

    def _unit_in_region(
        self, q: qmod.Question, org_ids: tuple[int, ...] | None, parent_ids: tuple[int, ...]
    ) -> qmod.Question | None:
        """`q` with the province or city named among its unit's words ("… thành phố Bảo Giang", "Sở Nội vụ
        Bảo Giang") taken as the plans' scope, when plans of that place exist."""
        plan_orgs = None if org_ids is None else tuple(sorted({*org_ids, *parent_ids}))
        padded = f" {q.unit_text} "
        for region in store.region_keys(self.db):
            name = re.sub(r"^(?:thanh pho|tinh) ", "", region)
            initials = "".join(w[0] for w in name.split())
            # "thành phố Bảo Giang", the name alone, or its initials ("sở khcn bg")
            for written in (region, name, *([initials] if len(initials) >= 2 else [])):
                at = padded.find(f" {written} ")
                if at < 0 or not store.plans_in_region(self.db, region, limit=1, org_ids=plan_orgs):
                    continue
                unit_text = self._without_region(q.unit_text, written, region)
                place_words = set(written.split()) - set(unit_text.split())
                terms = [t for t in q.terms if t not in place_words]
                return replace(q, issuer_text=region, unit_text=unit_text, terms=terms)
        return None
