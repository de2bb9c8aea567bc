"""The web dashboard's core: what each page shows to whom, and what a form may change.

The web edge (handlers/web) turns requests into calls here and results into HTML; every call takes
the person of the session and goes through `bot.web_scope` before it reads or writes anything. A task
the person may not see is reported exactly like a task that does not exist (storage.errors.NotFound).
"""

from __future__ import annotations

import json
import logging
import mimetypes
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from bot import corrections, plan_review, web_auth, web_scope
from bot.assistant import Asker
from bot.chat import FileRef
from bot.clock import Clock
from knowledge.fold import fold_words
from storage import corrections as corrections_db
from storage import people as people_db
from storage import web as web_db
from storage.errors import NotFound
from storage.people import Person
from storage.progress import STATUSES

logger = logging.getLogger(__name__)

PAGE_SIZE = 25
WINDOWS = ("week", "month", "d30")


@dataclass(frozen=True)
class Evidence:
    """What the evidence link serves: a redirect to `url`, or `content` bytes, or nothing reachable."""

    url: str | None = None
    content: bytes | None = None
    name: str = "evidence"
    mime_type: str = "application/octet-stream"


def _int(value) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def _shown(value: str | None) -> str:
    """A correction's stored JSON value as a person reads it."""
    if not value:
        return ""
    try:
        data = json.loads(value)
    except ValueError:
        return value
    if not isinstance(data, dict):
        return str(data)
    if "due" in data:
        due = _date(data.get("due"))
        return due.strftime("%d/%m/%Y") if due else (data.get("text") or "—")
    if "names" in data:
        return "; ".join(data["names"]) or "—"
    return next((str(v) for v in data.values() if v), "—")


def _readable(entries: list[dict]) -> list[dict]:
    for entry in entries:
        entry["old_value"], entry["new_value"] = _shown(entry["old_value"]), _shown(entry["new_value"])
    return entries


def _date(value) -> date | None:
    try:
        return date.fromisoformat(str(value).strip()) if value else None
    except ValueError:
        return None


@dataclass
class Dashboard:
    db: object
    clock: Clock
    config: object | None = None
    assistant: object | None = None
    fetch_file: object | None = None  # async (FileRef) -> bytes: Telegram files, when the bot runs
    secure_cookies: bool = field(default=False)

    def __post_init__(self):
        web_db.use_large_cache(self.db)
        url = self.config.web_base_url() if self.config is not None else None
        self.secure_cookies = self.secure_cookies or bool(url and url.startswith("https://"))

    # --- logging in ---------------------------------------------------------------------------------

    def now(self) -> datetime:
        return self.clock.now()

    def session(self, token: str | None) -> tuple[Person, str] | None:
        return web_auth.session_person(self.db, token, self.now())

    def check_link(self, token: str) -> Person:
        return web_auth.check_link(self.db, token, self.now())

    def redeem_link(self, token: str) -> web_auth.Session:
        web_auth.purge(self.db, self.now())  # logins are rare: the moment to forget expired rows
        return web_auth.redeem_link(self.db, token, self.now())

    def login_telegram(self, init_data: str) -> web_auth.Session:
        token = self.config.telegram_token if self.config is not None else None
        web_auth.purge(self.db, self.now())
        return web_auth.login_telegram(
            self.db, init_data, token.get_secret_value() if token else "", self.now()
        )

    def logout(self, token: str | None) -> None:
        web_auth.end_session(self.db, token)

    def link_for(self, person: Person) -> str | None:
        """A new one-time login link for `person` (None when the dashboard has no address)."""
        base = self.config.web_base_url() if self.config is not None else None
        if not base:
            return None
        return f"{base.rstrip('/')}/login/{web_auth.issue_link(self.db, person, self.now())}"

    @staticmethod
    def check_csrf(expected: str | None, given: str | None) -> bool:
        return web_auth.check_csrf(expected, given)

    # --- pages --------------------------------------------------------------------------------------

    def today(self) -> date:
        return self.clock.today()

    def overview(self, person: Person) -> dict:
        today = self.today()
        week_end = today + timedelta(days=6 - today.weekday())  # through Sunday
        data = web_db.overview(self.db, self._visibility(person), today, week_end)
        data.update(today=today, week_end=week_end)
        return data

    def tasks(self, person: Person, params) -> dict:
        """The tasks page for query `params` (plan, unit, status, window, from, to, q, page)."""
        vis = self._visibility(person)
        today = self.today()
        query = web_db.TaskQuery(
            plan_id=_int(params.get("plan")),
            unit_id=_int(params.get("unit")),
            status=params.get("status") if params.get("status") in (*STATUSES, "overdue") else None,
            due_from=_date(params.get("from")),
            due_to=_date(params.get("to")),
            page=_int(params.get("page")) or 1,
            page_size=PAGE_SIZE,
        )
        window = params.get("window")
        if window in WINDOWS:
            query.due_from = today
            if window == "week":
                query.due_to = today + timedelta(days=6 - today.weekday())
            elif window == "month":
                following = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
                query.due_to = following - timedelta(days=1)
            else:
                query.due_to = today + timedelta(days=30)
        text = (params.get("q") or "").strip()[:200]
        if text and self.assistant is not None:
            query.ids = self.assistant.search_ids(text, self._asker(person), today=today)
        rows, total = web_db.list_tasks(self.db, vis, query, today)
        pages = max(1, -(-total // PAGE_SIZE))
        return {
            "tasks": rows,
            "total": total,
            "page": min(query.page, pages),
            "pages": pages,
            "query": query,
            "text": text,
            "window": window if window in WINDOWS else "",
            "plans": web_db.plan_options(self.db, vis, keep=query.plan_id),
            "units": web_db.units(self.db, vis),
            "statuses": (*STATUSES, "overdue"),
            "today": today,
        }

    def _visibility(self, person: Person) -> web_db.Visibility:
        return web_db.listed(self.db, web_scope.visibility(self.db, person))

    def _asker(self, person: Person) -> Asker:
        return Asker(
            person_id=person.id,
            name=person.name,
            role=person.role,
            unit_id=person.unit_id,
            unit_name=person.unit_name,
            language=person.language,
        )

    def _visible_task(self, person: Person, task_id: int) -> None:
        if not web_db.task_visible(self.db, web_scope.visibility(self.db, person), task_id):
            raise NotFound(f"task {task_id}")

    def task(self, person: Person, task_id: int) -> dict:
        self._visible_task(person, task_id)
        task = web_db.task(self.db, task_id)
        task["lead"] = task.get("lead_name") or task.get("lead_text")
        admin = web_scope.may_correct(person)
        candidates = []
        if admin:
            candidates = web_db.people_of_units(self.db, web_db.task_unit_ids(self.db, task_id))
            if not candidates:
                candidates = [
                    {"id": p.id, "name": p.name, "unit": p.unit_name}
                    for p in people_db.list_people(self.db)
                    if p.active
                ][:300]
        return {
            "task": task,
            "doubts": plan_review.doubts(task),
            "history": web_db.task_history(self.db, task_id),
            "assignees": web_db.task_assignees(self.db, task_id),
            "corrected": corrections_db.corrected_fields(self.db, task_id),
            "audit": _readable(corrections_db.audit_entries(self.db, task_id=task_id, limit=50))
            if admin
            else [],
            "may_correct": admin,
            "candidates": candidates,
            "today": self.today(),
        }

    def correct(self, person: Person, task_id: int, field_name: str, raw: str) -> dict:
        """Correct a field of a task (admins). Raises Forbidden, NotFound or BadCorrection."""
        web_scope.require_admin(person)
        self._visible_task(person, task_id)
        return corrections.correct(self.db, person, task_id, field_name, raw, self.now())

    def assign(self, person: Person, task_id: int, assignee_id) -> bool:
        web_scope.require_admin(person)
        self._visible_task(person, task_id)
        assignee = _int(assignee_id)
        if assignee is None:
            raise corrections_db.BadCorrection("web.assign.unknown_person")
        return corrections.assign(self.db, person, task_id, assignee, self.now())

    def plans(self, person: Person) -> dict:
        return {"plans": web_db.plans(self.db, self._visibility(person))}

    def plan(self, person: Person, plan_id: int) -> dict:
        vis = self._visibility(person)
        tasks = web_db.plan_tasks(self.db, vis, plan_id)
        if not tasks and not vis.everything:
            raise NotFound(f"plan {plan_id}")
        plan = web_db.plan(self.db, plan_id)
        review = web_scope.may_correct(person)
        tasks = plan_review.review_order(tasks) if review else tasks
        if not review:
            for task in tasks:
                task["doubts"] = []
        stored = web_db.plan_ids_by_number_keys(self.db, [fold_words(n) for n in plan["replaces"]])
        replaces = [{"number": n, "id": stored.get(fold_words(n))} for n in plan["replaces"]]
        return {
            "plan": plan,
            "tasks": tasks,
            "doubtful": sum(1 for t in tasks if t["doubts"]),
            "review": review,
            "duties": web_db.plan_duties(self.db, plan_id),
            "targets": web_db.plan_targets(self.db, plan_id),
            "replaces": replaces,
            "replaced_by": web_db.plans_replacing(self.db, plan["number"]) if plan["number"] else [],
            "audit": _readable(corrections_db.audit_entries(self.db, plan_id=plan_id, limit=30))
            if review
            else [],
            "today": self.today(),
        }

    def people(self, person: Person) -> dict:
        units = web_scope.people_scope(person)
        orgs = web_scope.org_ids(self.db, person)
        return {
            "people": web_db.people(self.db, units, orgs),
            "invites": web_db.invites(self.db, units, orgs),
            "units": web_db.units(self.db, self._visibility(person)),
            "may_invite": web_scope.may_correct(person),
            "today": self.today(),
        }

    def invite(self, person: Person, role: str, unit_id) -> str:
        """A new invite code (admins). Raises Forbidden or storage.people.BadRole."""
        web_scope.require_admin(person)
        unit = _int(unit_id)
        if unit is not None and unit not in {u for u, _ in web_db.units(self.db, self._visibility(person))}:
            raise NotFound(f"unit {unit}")
        return people_db.create_invite(
            self.db, unit_id=unit, role=role, created_by=person.id, now=self.now(), org_id=person.org_id
        )

    def broadcasts(self, person: Person, broadcast_id: int | None = None) -> dict:
        web_scope.require_admin(person)
        listed = web_db.broadcasts(self.db, web_scope.org_ids(self.db, person))
        if broadcast_id is not None and broadcast_id not in {b["id"] for b in listed}:
            raise NotFound(f"broadcast {broadcast_id}")
        return {
            "broadcasts": listed,
            "failures": web_db.broadcast_failures(self.db, broadcast_id) if broadcast_id else [],
            "selected": broadcast_id,
        }

    def audit(self, person: Person) -> dict:
        web_scope.require_admin(person)
        return {"entries": _readable(corrections_db.audit_entries(self.db, limit=200))}

    async def evidence(self, person: Person, update_id: int) -> Evidence:
        """The evidence file of a status update of a visible task."""
        item = web_db.evidence(self.db, update_id)
        self._visible_task(person, item["task_id"])
        ref = item["ref"]
        if ref.startswith(("https://", "http://")):
            return Evidence(url=ref)
        if self.fetch_file is None or item["channel"] not in (None, "telegram"):
            return Evidence()
        try:
            content = await self.fetch_file(FileRef(item["kind"] or "document", ref))
        except Exception:  # the chat app no longer has it, or is unreachable: say so on the page
            logger.warning("evidence %s could not be fetched", update_id, exc_info=True)
            return Evidence()
        kind = "photo" if item["kind"] == "photo" else "document"
        name = f"evidence-{update_id}" + (".jpg" if kind == "photo" else "")
        return Evidence(
            content=content, name=name, mime_type=mimetypes.guess_type(name)[0] or Evidence.mime_type
        )

    # --- reports (bot.reports) ---------------------------------------------------------------------

    def report_kinds(self, person: Person) -> list[str]:
        if not web_scope.may_download_reports(person):
            return []
        from bot.reports.files import KINDS

        return list(KINDS)

    def report_file(self, person: Person, kind: str):
        """(name, mime type, bytes) of a report for the person's scope, as of today. Raises NotFound."""
        if kind not in self.report_kinds(person):
            raise NotFound(f"report {kind}")
        from bot.reports.files import make_file

        made = make_file(self.db, kind, web_scope.report_scope(person), self.today(), lang=person.language)
        return made.name, made.mime_type, made.content
