"""The question-answering service the core falls back to: a question in (text, who asks, today), an
Answer out (intent, all matching tasks best first, the first page of replies with buttons).

Channel-agnostic: no chat library here. Buttons carry actions built by bot.actions: "td:<task id>" for a
task's details and "pg:<list id>:<page>" for paging (the list's question is kept in the database, so a
page button still works after a restart; one too old to be kept gets a clear "ask again" message).
"""

from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime

from rapidfuzz import fuzz

from bot import actions
from bot.chat import Button, Reply
from bot.scope import EVERYTHING, Scope, overlay_statuses
from knowledge import answer as ans
from knowledge import conversation
from knowledge import question as qmod
from knowledge.fold import fold_words
from knowledge.labels import short_label, sibling_labels
from knowledge.messages import t
from knowledge.search import Result, rank_targets
from knowledge.symbols import number_of
from storage import answer_lists, qa_context
from storage import tasks as store
from storage.search import Searcher

logger = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 500  # a 10 MB message is read by its start only
PAGE_VERB = "pg"
DETAILS_VERB = "td"


@dataclass
class Asker:
    person_id: int | None
    name: str
    role: str  # "admin" | "leader" | "member"
    unit_id: int | None
    unit_name: str | None
    language: str = "vi"
    scope: Scope = EVERYTHING  # the organizations the asker sees (bot.scope)
    chat: str | None = None  # the conversation's key ("channel:chat:sender"): follow-ups continue it


@dataclass
class Answer:
    intent: str
    tasks: list[dict] = field(default_factory=list)
    replies: list[Reply] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(r.text for r in self.replies)


class Assistant:
    def __init__(self, db, clock=None):
        self.db = db
        self.clock = clock
        self.searcher = Searcher(db)
        self._last: Result | None = None  # the search behind the answer being built (for the context)

    # --- helpers --------------------------------------------------------------------------------

    def _today(self, today: date | None) -> date:
        if today is not None:
            return today
        if self.clock is not None:
            return self.clock.today()
        from bot.clock import Clock

        return Clock().today()

    def _remember(self, q: qmod.Question, asker: Asker) -> str:
        now = self.clock.now() if self.clock is not None else datetime.now(UTC)
        list_id = answer_lists.save_list(self.db, qmod.question_to_json(q), asker.unit_id, now=now)
        return format(list_id, "x")

    def _recall(self, key: str) -> tuple[qmod.Question, int | None] | None:
        try:
            list_id = int(key, 16)
            if not 0 < list_id <= actions.MAX_INT_ARG:  # a forged key never reaches SQLite (OverflowError)
                return None
            saved = answer_lists.load_list(self.db, list_id)
            return (qmod.question_from_json(saved[0]), saved[1]) if saved else None
        except (ValueError, TypeError, KeyError):
            return None  # a made-up or damaged button

    def _list_replies(
        self,
        result: Result,
        asker: Asker,
        today: date,
        page: int = 1,
        key: str | None = None,
        edit: bool = False,
    ):
        lang = asker.language
        text = ans.list_text(result, page, today, lang)
        buttons: list[list[Button]] = []
        n_pages = ans.pages(len(result.tasks))
        page = min(max(1, page), n_pages)
        start = (page - 1) * ans.PAGE_SIZE
        shown = result.tasks[start : start + ans.PAGE_SIZE]
        # The task's reference and leading clause, told apart from its siblings on the page.
        labels = sibling_labels([(task.get("code"), task.get("content") or "") for task in shown], limit=36)
        for i, (task, label) in enumerate(zip(shown, labels, strict=True)):
            buttons.append([Button(f"{start + i + 1}. {label}", actions.build(DETAILS_VERB, task["id"]))])
        if n_pages > 1:
            key = key or self._remember(result.question, asker)
            nav = []
            if page > 1:
                nav.append(Button(t(lang, "qa.prev"), actions.build(PAGE_VERB, key, page - 1)))
            if page < n_pages:
                nav.append(Button(t(lang, "qa.next"), actions.build(PAGE_VERB, key, page + 1)))
            buttons.append(nav)
        return [Reply(text, buttons=buttons, edit=edit)]

    def _run(self, q: qmod.Question, asker: Asker, today: date, unit_id: int | None = -1) -> Result:
        scope = asker.scope
        result = self.searcher.search(
            q,
            today=today,
            asker_unit_id=asker.unit_id if unit_id == -1 else unit_id,
            org_ids=None if scope.org_ids is None else tuple(sorted(scope.org_ids)),
            parent_ids=tuple(sorted(scope.parent_ids)),
        )
        # A shared task shows the asker's organization's own status; one it finished is not overdue.
        overlay_statuses(self.db, scope, result.tasks)
        if q.overdue or q.due_soon or q.status:
            # A shared task's stored status is not this organization's: keep only the ones that fit.
            fits = (lambda task: task.get("status") == q.status) if q.status else None
            kept = [task for task in result.tasks if (fits(task) if fits else task.get("status") != "done")]
            result.total -= len(result.tasks) - len(kept)
            result.tasks = kept
        return result

    # --- the contract ---------------------------------------------------------------------------

    def _now(self) -> datetime:
        return self.clock.now() if self.clock is not None else datetime.now(UTC)

    def ask(self, text: str, asker: Asker, *, today: date | None = None) -> Answer:
        """Answer one question, or continue the chat's last one ("tiếp", "cái số 3", "còn X thì sao?").
        Never returns an empty reply."""
        today = self._today(today)
        text = (text or "")[:MAX_QUESTION_CHARS]
        if asker.chat:
            follow = conversation.follow_up(text)
            if follow is not None:
                ctx = qa_context.load(self.db, asker.chat, now=self._now())
                if ctx is None:
                    return Answer("context", [], [Reply(t(asker.language, "ask.context_none"))])
                if follow.kind != "swap":
                    return self._continue(follow, ctx, asker, today)
                text = _swapped(ctx, follow.rest)
        self._last = None
        answer = self._ask(text, asker, today)
        if asker.chat and self._last is not None:
            result = self._last
            words = " ".join(sorted(result.unit.words)) if result.unit is not None else ""
            ids = [task["id"] for task in result.tasks]
            qa_context.save(self.db, asker.chat, qa_context.Context(text, words, ids), now=self._now())
        return answer

    def _continue(
        self, follow: conversation.FollowUp, ctx: qa_context.Context, asker: Asker, today: date
    ) -> Answer:
        """Page on, or answer about one item of the last list."""
        lang = asker.language
        if follow.kind in ("next", "page"):
            q = qmod.parse_question(ctx.question, today)
            result = self._run(q, asker, today)
            n_pages = ans.pages(len(result.tasks))
            page = ctx.page + 1 if follow.kind == "next" else follow.number or 1
            if page > n_pages:
                return Answer(result.intent, [], [Reply(t(lang, "ask.last_page", pages=n_pages))])
            ctx.page = page
            qa_context.save(self.db, asker.chat, ctx, now=self._now())
            start = (page - 1) * ans.PAGE_SIZE
            tasks = [ans.task_json(task) for task in result.tasks[start : start + ans.PAGE_SIZE]]
            return Answer(result.intent, tasks, self._list_replies(result, asker, today, page=page))
        number = follow.number or ctx.focus or 1
        if not 1 <= number <= len(ctx.task_ids):
            return Answer("context", [], [Reply(t(lang, "ask.no_item", count=len(ctx.task_ids)))])
        task = store.get_task(self.db, ctx.task_ids[number - 1])
        if task is None or not asker.scope.sees(task.get("org_id"), task.get("audience_org_id")):
            return Answer("context", [], [Reply(t(lang, "qa.task_gone"))])
        overlay_statuses(self.db, asker.scope, [task])
        ctx.focus = number
        qa_context.save(self.db, asker.chat, ctx, now=self._now())
        about = qmod.parse_question(follow.rest, today) if follow.rest else None
        intent = about.intent if about is not None and about.intent in (qmod.WHO, qmod.WHEN) else None
        if intent is None and about is not None:
            words = qmod.words_of(about.folded)
            intent = qmod.WHO if qmod.any_phrase(words, ("ai", "chu tri", "phu trach")) else None
            if intent is None and qmod.any_phrase(words, ("han", "khi nao", "bao gio", "thoi han")):
                intent = qmod.WHEN
        if intent is None:
            supports = store.support_names(self.db, task["id"])
            reply = Reply(ans.details_text(task, supports, today, lang))
            return Answer(qmod.DETAILS, [ans.task_json(task)], [reply])
        result = Result(qmod.Question(text=follow.rest, folded=follow.rest, intent=intent), intent, [task], 1)
        return Answer(intent, [ans.task_json(task)], [Reply(ans.one_task_text(result, today, lang))])

    def _ask(self, text: str, asker: Asker, today: date) -> Answer:
        lang = asker.language
        q = self.searcher.with_region(qmod.parse_question(text, today))
        logger.debug("question intent=%s terms=%s", q.intent, q.terms)
        if q.intent == qmod.HELP:
            return Answer(q.intent, [], [Reply(t(lang, "qa.help"))])
        plans_seen = asker.scope.plan_org_ids
        if q.intent == qmod.PLAN:
            return Answer(q.intent, [], [Reply(self._plan_text(q, lang, plans_seen))])
        if q.intent == qmod.DUTY:
            return Answer(q.intent, [], [Reply(self._duties_text(q, lang, plans_seen))])
        if q.intent == qmod.TARGET:
            return Answer(q.intent, [], [Reply(self._targets_text(q, lang, plans_seen))])
        if q.intent == qmod.PLANS:
            return Answer(q.intent, [], [Reply(self._plans_text(q, lang, plans_seen))])
        if q.intent == qmod.UNKNOWN:
            return Answer(q.intent, [], [Reply(t(lang, "qa.unknown") + "\n\n" + t(lang, "qa.help"))])
        if q.mine and asker.unit_id is None:
            return Answer(q.intent, [], [Reply(t(lang, "qa.no_unit"))])
        try:
            result = self._run(q, asker, today)
        except store.BadSearch:
            logger.warning("search failed for a question", exc_info=True)
            return Answer(
                q.intent, [], [Reply(t(lang, "qa.none", scope="") + "\n" + t(lang, "qa.none_hint"))]
            )
        self._last = result
        if result.intent == "unknown_unit":
            names = self.searcher.similar_units(result.extra["unit_words"])
            text = t(
                lang,
                "qa.unknown_unit",
                unit=ans.esc(result.extra["unit_words"]),
                known=ans.esc("; ".join(names)),
            )
            return Answer(result.intent, [], [Reply(text)])
        if result.intent == "unknown_plan":
            known = [p["number"] for p in store.list_plans(self.db, limit=10) if p.get("number")]
            text = t(
                lang,
                "ask.unknown_plan",
                ref=ans.esc(result.extra["plan_ref"]),
                known=ans.esc(", ".join(known)),
            )
            return Answer(result.intent, [], [Reply(text)])
        if result.intent == qmod.PROGRESS:
            return Answer(result.intent, [], [Reply(ans.progress_text(result, lang))])
        if result.extra.get("weak") and not result.tasks:
            return Answer(result.intent, [], [Reply(ans.weak_text(" ".join(q.terms), lang))])
        if result.intent == qmod.SEARCH:
            result.extra["topic"] = " ".join(q.terms)
        tasks = [ans.task_json(task) for task in result.tasks]
        if result.intent == qmod.DETAILS and result.tasks and (len(result.tasks) == 1 or not q.task_code):
            # one task's details: the item named by its number, or the task a question about its expected
            # result ("… cần đạt kết quả gì") found first
            best = result.tasks[0]
            supports = store.support_names(self.db, best["id"])
            return Answer(result.intent, tasks, [Reply(ans.details_text(best, supports, today, lang))])
        if result.intent in (qmod.WHO, qmod.WHEN) and result.tasks:
            best = result.tasks[0]
            # "ai phối hợp …": the coordinating units, read from the task's links.
            supports = store.support_names(self.db, best["id"]) if q.role == "support" else None
            text = ans.one_task_text(result, today, lang, supports)
            buttons = [
                [
                    Button(
                        short_label(best.get("content") or "", best.get("code")),
                        actions.build(DETAILS_VERB, best["id"]),
                    )
                ]
            ]
            return Answer(result.intent, tasks, [Reply(text, buttons=buttons)])
        return Answer(result.intent, tasks, self._list_replies(result, asker, today))

    def on_action(
        self, action: actions.Action, asker: Asker, *, today: date | None = None
    ) -> list[Reply] | None:
        """Handle this service's buttons ("pg" paging, "td" details); None for other verbs."""
        if action.verb == DETAILS_VERB:
            return self.task_details(action.int_arg(0), asker, today=today)
        if action.verb != PAGE_VERB:
            return None
        today = self._today(today)
        key = action.arg(0) or ""
        page = action.int_arg(1)
        saved = self._recall(key)
        if saved is None:
            return [Reply(t(asker.language, "qa.page_gone"))]
        q, unit_id = saved
        result = self._run(q, asker, today, unit_id=unit_id)
        # A page button replaces the list it sits under (pressing it twice just shows the same page).
        return self._list_replies(result, asker, today, page=page, key=key, edit=True)

    def task_details(self, task_id: int, asker: Asker, *, today: date | None = None) -> list[Reply]:
        today = self._today(today)
        task = store.get_task(self.db, task_id)
        if task is None or not asker.scope.sees(task.get("org_id"), task.get("audience_org_id")):
            return [Reply(t(asker.language, "qa.task_gone"))]
        overlay_statuses(self.db, asker.scope, [task])
        supports = store.support_names(self.db, task_id)
        return [Reply(ans.details_text(task, supports, today, asker.language), edit=False)]

    def _named(self, asker: Asker, today: date, empty: str, days: int = 0, **slots) -> list[Reply]:
        """A command's list. Nothing found is said in the command's own words (`empty`: a catalog key,
        with ".unit" when the list is the asker's unit's), not as a question that found nothing."""
        q = qmod.Question(text="", folded="", intent=qmod.LIST, **slots)
        if q.mine and asker.unit_id is None:
            return [Reply(t(asker.language, "qa.no_unit"))]
        result = self._run(q, asker, today)
        if not result.tasks:
            key = f"{empty}.unit" if q.mine else empty
            unit = html.escape(asker.unit_name or "")
            return [Reply(t(asker.language, key, unit=unit, days=days))]
        return self._list_replies(result, asker, today)

    def my_tasks(self, asker: Asker, today: date) -> list[Reply]:
        """The asker's unit's open tasks (lead or coordinating), nearest deadline first."""
        return self._named(asker, today, "cmd_empty.nhiemvu", mine=True)

    def due_soon(self, asker: Asker, today: date, days: int = 7) -> list[Reply]:
        """Open tasks due within `days` (the asker's unit's when they have one)."""
        from datetime import timedelta

        window = qmod.Window(today, today + timedelta(days=days), "")
        mine = asker.unit_id is not None
        return self._named(
            asker, today, "cmd_empty.saphethan", days=days, mine=mine, due_soon=True, window=window
        )

    def overdue(self, asker: Asker, today: date) -> list[Reply]:
        """Open tasks past their deadline (the asker's unit's when they have one)."""
        return self._named(asker, today, "cmd_empty.quahan", mine=asker.unit_id is not None, overdue=True)

    def search_ids(self, text: str, asker: Asker, *, today: date | None = None) -> list[int]:
        """The ids of the tasks a question finds, best first, as chat lists them (for the dashboard's
        search box: no reply built, nothing saved)."""
        today = self._today(today)
        q = qmod.parse_question((text or "")[:MAX_QUESTION_CHARS], today)
        if q.intent in (qmod.HELP, qmod.PLAN, qmod.DUTY, qmod.TARGET, qmod.UNKNOWN):
            return []
        if q.mine and asker.unit_id is None:
            return []
        try:
            result = self._run(q, asker, today)
        except store.BadSearch:
            return []
        return [task["id"] for task in result.tasks]

    # --- plans, duties, targets -----------------------------------------------------------------

    def _issued_by(self, q: qmod.Question, org_ids=None) -> list[dict]:
        """The plans of the issuer or place `q` names ("Đảng ủy phường Ngọc Sơn", "xã Tân An"), dropping
        leading words until some plan's issuer holds the rest ("đảng ủy xã tân an" → "xã tân an")."""
        if not q.issuer_text:
            return []
        return self.searcher.plans_named(q.issuer_text, org_ids)

    def _plan_ids(self, q: qmod.Question, org_ids=None) -> list[int] | None:
        """The plans a duty or target question is about: by number, else by issuer; None for every plan,
        [] when the plan named does not exist."""
        if q.plan_ref:
            plans = [p for p in [self.searcher.plan_for_ref(q, org_ids)] if p]
            if plans or not q.ref_soft:
                return [plans[0]["id"]] if plans else []
        if q.issuer_text:
            return [p["id"] for p in self._issued_by(q, org_ids)]
        # "các phòng sở VHTTDL báo cáo thế nào": a body that issued plans, named without "của".
        issued = self.searcher.plans_of_body_named(q.unit_text or q.folded, org_ids)
        return [p["id"] for p in issued] if issued else None

    def _plan_text(self, q: qmod.Question, lang: str, org_ids=None) -> str:
        plans = [p for p in [self.searcher.plan_for_ref(q, org_ids)] if p]
        if q.plan_ref and not plans and q.plan_ref.isdigit():
            # "Hội Nông dân tỉnh … ban hành kh 57 ngày nào": no plan has that number; it is the document the
            # plans carry out (Nghị quyết 57-NQ/TW), and the plan meant is the named body's that does.
            named = self._issued_by(q, org_ids) or self.searcher.plans_of_body_named(q.folded, org_ids)
            plans = [p for p in named if q.plan_ref in (number_of(d) for d in p.get("implements") or ())][:1]
        if not q.plan_ref and q.issuer_text:
            plans = self._issued_by(q, org_ids)[:1]
        elif not q.plan_ref and q.plan_title:
            plans = self.searcher.plans_titled(q.plan_title, org_ids)
        known = [p["number"] for p in store.list_plans(self.db, limit=10, org_ids=org_ids) if p.get("number")]
        count = store.plan_task_count(self.db, plans[0]["id"]) if plans else None
        named = q.plan_ref or q.plan_title or q.issuer_text or ""
        asked = (*q.plan_also, q.plan_attr or "summary")  # "ban hành ngày nào, thay thế kh nào": both facts
        return "\n".join(ans.plan_text(plans, attr, named, known, lang, task_count=count) for attr in asked)

    def _plans_text(self, q: qmod.Question, lang: str, org_ids=None) -> str:
        if q.issuer_text:
            plans = self._issued_by(q, org_ids)
            total = len(plans)
        else:
            plans = store.list_plans(self.db, limit=30, org_ids=org_ids)
            total = store.count_plans(self.db, org_ids=org_ids)
        for plan in plans:
            plan["tasks"] = store.plan_task_count(self.db, plan["id"])
        if not plans:
            known = [
                p["number"] for p in store.list_plans(self.db, limit=10, org_ids=org_ids) if p.get("number")
            ]
            return t(
                lang, "ask.unknown_plan", ref=ans.esc(q.issuer_text or ""), known=ans.esc(", ".join(known))
            )
        return ans.plans_text(plans, total, lang)

    def _duties_text(self, q: qmod.Question, lang: str, org_ids=None) -> str:
        plan_ids = self._plan_ids(q, org_ids)
        if plan_ids is None:
            duties = store.duties(self.db, limit=200, org_ids=org_ids)
        else:
            duties = [
                d for i in plan_ids for d in store.duties(self.db, plan_id=i, limit=200, org_ids=org_ids)
            ]
        folded = q.folded
        wanted = None
        if "hang thang" in folded:
            wanted = "monthly"
        elif "hang nam" in folded:
            wanted = "yearly"
        if wanted:
            picked = [d for d in duties if d["frequency"] == wanted]
            duties = picked or duties
        words = " ".join(q.terms)
        # Duties with a stated day first (that is what "vào ngày nào" asks), then the closest wording.
        duties.sort(
            key=lambda d: (
                d.get("day") is None,
                -fuzz.token_set_ratio(words, fold_words(d["text"] or "")) if words else 0,
            )
        )
        return ans.duties_text(duties[:6], lang)

    def _targets_text(self, q: qmod.Question, lang: str, org_ids=None) -> str:
        plan_ids = self._plan_ids(q, org_ids)  # "chỉ tiêu kế hoạch 47a", "… của xã Phước Lộc": those only
        if plan_ids is None:
            targets = store.targets(self.db, limit=500, org_ids=org_ids)
        else:
            targets = [
                g for i in plan_ids for g in store.targets(self.db, plan_id=i, limit=500, org_ids=org_ids)
            ]
        if q.target_year:  # a year asked for: targets that set a value for it
            targets = [tg for tg in targets if q.target_year in (tg.get("values") or {})] or targets
        targets = rank_targets(q.terms, targets)[:5]
        return ans.targets_text(targets, q.target_year, lang)


def _swapped(ctx: qa_context.Context, other: str) -> str:
    """The last question about `other` instead ("còn Phòng Kinh tế thì sao?"): the words that named its
    unit, or its plan number when `other` names a plan, give way to `other`."""
    folded = fold_words(ctx.question)
    drop = set(ctx.unit_words.split()) | {"phong", "so", "ban", "trung", "tam", "van"}
    if ctx.unit_words:
        folded = " ".join(w for w in folded.split() if w not in drop)
    other_folded = fold_words(other)
    if re.match(r"(?:ke hoach|kh)\b", other_folded):
        folded = re.sub(
            r"\b(?:ke hoach|kh)\s*(?:so\s*)?[0-9][0-9a-z]*(?:\s+(?:kh|ubnd|du|bcd|sct)\b)*", " ", folded
        )
    return f"{other} {folded}".strip()


def asker_for_unit(
    assistant: Assistant, unit: str | None, *, language: str = "vi", org_id: int | None = None
) -> Asker:
    """An asker standing for someone of `unit` (typed however; of organization `org_id` when given),
    for the CLI."""
    if not unit:
        return Asker(person_id=None, name="", role="member", unit_id=None, unit_name=None, language=language)
    ref = assistant.searcher.unit_by_name(unit)
    if ref is not None and org_id is not None:
        same = store.same_units(assistant.db, ref.id, (org_id,))
        ref = replace(ref, id=same[0]) if same and same[0] > 0 else None
    if ref is None:
        return Asker(person_id=None, name="", role="member", unit_id=None, unit_name=unit, language=language)
    return replace(
        Asker(person_id=None, name="", role="member", unit_id=None, unit_name=None, language=language),
        unit_id=ref.id,
        unit_name=ref.name,
    )
