"""Read queries behind the reports (monthly draft, Excel tracker, progress chart, calendar).

Every query takes a `Scope` (all tasks, one unit's, one plan's, one person's) and a report date `as_of`:
a task is *overdue* when it has a due date before `as_of` and is not done. The *situation* of a task is
one of SITUATIONS, exclusive, overdue first (a blocked task past its deadline counts as overdue), so the
counts of a unit add up to its tasks.

Large scopes are streamed (`iter_tasks` fetches in batches), so a 200,000-task tracker never holds every
row in memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

import sqlite_utils

from storage.errors import NotFound

SITUATIONS = ("done", "in_progress", "not_started", "blocked", "overdue")
BATCH = 2000


@dataclass(frozen=True)
class Scope:
    """Which tasks a report covers. Nothing set: every task. `unit_id`: the tasks the unit leads or
    coordinates. `plan_id`: one plan's. `person_id` (with the person's `unit_id`): the unit's tasks and
    the tasks assigned to the person. Conditions combine with AND."""

    unit_id: int | None = None
    plan_id: int | None = None
    person_id: int | None = None

    def where(self) -> tuple[str, dict]:
        """SQL conditions on `tasks t` and their named parameters."""
        clauses: list[str] = []
        params: dict = {}
        unit_clause = (
            "t.lead_unit_id = :unit OR t.id IN (SELECT task_id FROM task_units WHERE unit_id = :unit)"
        )
        if self.person_id is not None:
            clauses.append(
                f"({unit_clause} OR t.id IN (SELECT task_id FROM assignments WHERE person_id = :person))"
            )
            params["unit"] = self.unit_id if self.unit_id is not None else -1
            params["person"] = self.person_id
        elif self.unit_id is not None:
            clauses.append(f"({unit_clause})")
            params["unit"] = self.unit_id
        if self.plan_id is not None:
            clauses.append("t.plan_id = :plan")
            params["plan"] = self.plan_id
        return (" AND ".join(clauses) or "1"), params


@dataclass(frozen=True)
class TaskRow:
    """One task as the reports show it."""

    id: int
    plan_id: int
    plan_number: str | None
    plan_title: str
    code: str | None
    content: str
    section: str | None
    lead: str | None  # the canonical unit name, else the document's words
    lead_unit_id: int | None
    coordinators: tuple[str, ...]
    due_date: str | None  # ISO
    deadline_text: str
    status: str
    percent: int
    last_update_at: str | None  # UTC ISO of the latest status update
    last_note: str | None  # the latest note anyone wrote (a later update without a note keeps it)
    last_note_at: str | None
    evidence_count: int
    situation: str  # one of SITUATIONS as of the report date

    @property
    def overdue(self) -> bool:
        return self.situation == "overdue"

    @property
    def reference(self) -> str:
        """ "47a/KH-UBND · 1.2": the plan's number and the item's code, as people cite a task."""
        parts = [p for p in (self.plan_number, self.code) if p]
        return " · ".join(parts)


@dataclass
class Counts:
    """Tasks of one group (a unit, a task group) by situation."""

    label: str
    key: int | str | None = None
    done: int = 0
    in_progress: int = 0
    not_started: int = 0
    blocked: int = 0
    overdue: int = 0

    @property
    def total(self) -> int:
        return self.done + self.in_progress + self.not_started + self.blocked + self.overdue

    def add(self, situation: str, count: int = 1) -> None:
        setattr(self, situation, getattr(self, situation) + count)


@dataclass(frozen=True)
class Note:
    """A note an official wrote with a status update."""

    task_id: int
    task: str
    code: str | None
    lead: str | None
    person: str | None
    created_at: str
    status: str
    percent: int
    note: str


@dataclass(frozen=True)
class Evidence:
    """The file attached to one status update."""

    update_id: int
    task_id: int
    kind: str  # document | photo
    ref: str  # the channel's file id or a URL
    channel: str | None
    created_at: str
    person: str | None


@dataclass(frozen=True)
class Duty:
    """A reporting duty of a plan ("báo cáo ... vào ngày 18 hằng tháng")."""

    id: int
    plan_id: int
    plan_number: str | None
    text: str
    reporter: str | None
    reporter_unit_id: int | None
    recipient: str | None
    frequency: str
    day: int | None
    month: int | None


@dataclass(frozen=True)
class PlanInfo:
    id: int
    number: str | None
    issuer: str | None
    title: str
    issued_on: str | None
    task_count: int = 0
    extra: dict = field(default_factory=dict)


def _situation_sql() -> str:
    return (
        "CASE WHEN t.status != 'done' AND t.due_date IS NOT NULL AND t.due_date < :as_of THEN 'overdue' "
        "WHEN t.status IN ('done', 'in_progress', 'blocked') THEN t.status ELSE 'not_started' END"
    )


_TASK_COLUMNS = (
    "t.id, t.plan_id, p.number, p.title, t.code, t.content, t.section, coalesce(u.name, t.lead_text), "
    "t.lead_unit_id, t.support, t.due_date, t.deadline_text, t.status, t.percent, "
    "(SELECT max(s.created_at) FROM status_updates s WHERE s.task_id = t.id), "
    "(SELECT s.note || char(31) || s.created_at FROM status_updates s WHERE s.task_id = t.id "
    " AND s.note IS NOT NULL AND s.note != '' ORDER BY s.created_at DESC, s.id DESC LIMIT 1), "
    "(SELECT count(*) FROM status_updates s WHERE s.task_id = t.id AND s.evidence_ref IS NOT NULL), "
    + _situation_sql()
)
_TASK_FROM = " FROM tasks t JOIN plans p ON p.id = t.plan_id LEFT JOIN units u ON u.id = t.lead_unit_id"


def _task_row(r) -> TaskRow:
    try:
        coordinators = tuple(str(x) for x in json.loads(r[9] or "[]"))
    except ValueError:
        coordinators = ()
    note, note_at = r[15].split("\x1f", 1) if r[15] else (None, None)
    return TaskRow(
        id=r[0],
        plan_id=r[1],
        plan_number=r[2],
        plan_title=r[3] or "",
        code=r[4],
        content=r[5],
        section=r[6],
        lead=r[7],
        lead_unit_id=r[8],
        coordinators=coordinators,
        due_date=r[10],
        deadline_text=r[11] or "",
        status=r[12],
        percent=r[13],
        last_update_at=r[14],
        last_note=note,
        last_note_at=note_at,
        evidence_count=r[16],
        situation=r[17],
    )


def _select_tasks(scope: Scope, as_of: date, extra: str = "", order: str = "t.plan_id, t.position, t.id"):
    where, params = scope.where()
    sql = f"SELECT {_TASK_COLUMNS}{_TASK_FROM} WHERE {where}{extra} ORDER BY {order}"
    return sql, dict(params, as_of=as_of.isoformat())


def iter_tasks(db: sqlite_utils.Database, scope: Scope, as_of: date) -> Iterator[TaskRow]:
    """Every task of the scope in plan order, fetched in batches (constant memory)."""
    sql, params = _select_tasks(scope, as_of)
    cursor = db.conn.execute(sql, params)
    while True:
        rows = cursor.fetchmany(BATCH)
        if not rows:
            return
        for r in rows:
            yield _task_row(r)


def tasks(db: sqlite_utils.Database, scope: Scope, as_of: date) -> list[TaskRow]:
    return list(iter_tasks(db, scope, as_of))


def counts_by_unit(db: sqlite_utils.Database, scope: Scope, as_of: date) -> list[Counts]:
    """Tasks by lead unit and situation, units by name; tasks without a known lead unit come last under
    the label "" (the caller names it)."""
    where, params = scope.where()
    rows = db.execute(
        f"SELECT t.lead_unit_id, u.name, {_situation_sql()} AS situation, count(*) "
        f"FROM tasks t LEFT JOIN units u ON u.id = t.lead_unit_id WHERE {where} "
        "GROUP BY t.lead_unit_id, situation",
        dict(params, as_of=as_of.isoformat()),
    ).fetchall()
    groups: dict[int | None, Counts] = {}
    for unit_id, name, situation, count in rows:
        groups.setdefault(unit_id, Counts(label=name or "", key=unit_id)).add(situation, count)
    return sorted(groups.values(), key=lambda c: (c.key is None, c.label.casefold()))


def counts_by_group(db: sqlite_utils.Database, scope: Scope, as_of: date) -> list[Counts]:
    """Tasks by the plan's group heading (section) and situation, in plan order; tasks outside any
    group under the label ""."""
    where, params = scope.where()
    rows = db.execute(
        f"SELECT coalesce(t.section, ''), {_situation_sql()} AS situation, count(*), min(t.plan_id), "
        f"min(t.position) FROM tasks t WHERE {where} GROUP BY coalesce(t.section, ''), situation",
        dict(params, as_of=as_of.isoformat()),
    ).fetchall()
    groups: dict[str, Counts] = {}
    first: dict[str, tuple] = {}
    for section, situation, count, plan_id, position in rows:
        groups.setdefault(section, Counts(label=section, key=section)).add(situation, count)
        first[section] = min(first.get(section, (plan_id, position)), (plan_id, position))
    return sorted(groups.values(), key=lambda c: (c.label == "", first[c.label]))


def totals(groups: list[Counts], label: str = "") -> Counts:
    total = Counts(label=label)
    for group in groups:
        for situation in SITUATIONS:
            total.add(situation, getattr(group, situation))
    return total


def difficulties(db: sqlite_utils.Database, scope: Scope, as_of: date, *, limit: int = 500) -> list[TaskRow]:
    """Blocked and overdue tasks (the reason is their latest note): overdue first by deadline."""
    sql, params = _select_tasks(
        scope,
        as_of,
        " AND t.status != 'done' AND (t.status = 'blocked' OR (t.due_date IS NOT NULL AND t.due_date < :as_of))",
        "t.due_date IS NULL, t.due_date, t.plan_id, t.position, t.id LIMIT :limit",
    )
    return [_task_row(r) for r in db.execute(sql, dict(params, limit=limit)).fetchall()]


def due_between(
    db: sqlite_utils.Database, scope: Scope, start: date, end: date, as_of: date, *, open_only: bool = True
) -> list[TaskRow]:
    """Tasks due from `start` to `end` (inclusive), by deadline; done ones skipped unless asked."""
    extra = " AND t.due_date >= :start AND t.due_date <= :end" + (
        " AND t.status != 'done'" if open_only else ""
    )
    sql, params = _select_tasks(scope, as_of, extra, "t.due_date, t.plan_id, t.position, t.id")
    return [
        _task_row(r)
        for r in db.execute(sql, dict(params, start=start.isoformat(), end=end.isoformat())).fetchall()
    ]


def notes_between(
    db: sqlite_utils.Database, scope: Scope, start: date, end: date, *, limit: int = 500
) -> list[Note]:
    """Notes written with status updates from `start` to `end` (dates of the updates, UTC), oldest first."""
    where, params = scope.where()
    rows = db.execute(
        "SELECT t.id, t.content, t.code, coalesce(u.name, t.lead_text), pe.name, s.created_at, s.status, "
        "s.percent, s.note FROM status_updates s JOIN tasks t ON t.id = s.task_id "
        "LEFT JOIN units u ON u.id = t.lead_unit_id LEFT JOIN people pe ON pe.id = s.person_id "
        f"WHERE {where} AND s.note IS NOT NULL AND s.note != '' AND s.created_at >= :start "
        "AND s.created_at < :after ORDER BY s.created_at, s.id LIMIT :limit",
        dict(
            params,
            start=start.isoformat(),
            after=date.fromordinal(end.toordinal() + 1).isoformat(),
            limit=limit,
        ),
    ).fetchall()
    return [Note(*r) for r in rows]


def evidence(db: sqlite_utils.Database, update_id: int) -> Evidence:
    """The file of one status update; NotFound when the update has none."""
    row = db.execute(
        "SELECT s.id, s.task_id, coalesce(s.evidence_kind, 'document'), s.evidence_ref, s.channel, "
        "s.created_at, p.name FROM status_updates s LEFT JOIN people p ON p.id = s.person_id "
        "WHERE s.id = ? AND s.evidence_ref IS NOT NULL",
        [update_id],
    ).fetchone()
    if row is None:
        raise NotFound(f"evidence of update {update_id}")
    return Evidence(*row)


def evidence_of_task(db: sqlite_utils.Database, task_id: int, *, limit: int = 5) -> list[Evidence]:
    """The task's latest files, newest first."""
    rows = db.execute(
        "SELECT s.id, s.task_id, coalesce(s.evidence_kind, 'document'), s.evidence_ref, s.channel, "
        "s.created_at, p.name FROM status_updates s LEFT JOIN people p ON p.id = s.person_id "
        "WHERE s.task_id = ? AND s.evidence_ref IS NOT NULL ORDER BY s.created_at DESC, s.id DESC LIMIT ?",
        [task_id, limit],
    ).fetchall()
    return [Evidence(*r) for r in rows]


def duties(db: sqlite_utils.Database, scope: Scope) -> list[Duty]:
    """Reporting duties that concern the scope: a plan's duties; for a unit or person, the duties their
    unit reports on, and those of plans where the unit has tasks and the duty names no reporter."""
    conditions, params = [], {}
    if scope.plan_id is not None:
        conditions.append("d.plan_id = :plan")
        params["plan"] = scope.plan_id
    if scope.unit_id is not None or scope.person_id is not None:
        conditions.append(
            "(d.reporter_unit_id = :unit OR (d.reporter_unit_id IS NULL AND d.plan_id IN "
            "(SELECT t.plan_id FROM tasks t WHERE t.lead_unit_id = :unit OR t.id IN "
            "(SELECT task_id FROM task_units WHERE unit_id = :unit))))"
        )
        params["unit"] = scope.unit_id if scope.unit_id is not None else -1
    where = " AND ".join(conditions) or "1"
    rows = db.execute(
        "SELECT d.id, d.plan_id, p.number, d.text, d.reporter, d.reporter_unit_id, d.recipient, d.frequency, "
        f"d.day, d.month FROM duties d JOIN plans p ON p.id = d.plan_id WHERE {where} ORDER BY d.plan_id, d.id",
        params,
    ).fetchall()
    return [Duty(*r) for r in rows]


def plans_in_scope(db: sqlite_utils.Database, scope: Scope) -> list[PlanInfo]:
    """The plans that hold tasks of the scope (a plan scope: that plan even when empty), by id."""
    where, params = scope.where()
    rows = db.execute(
        "SELECT p.id, p.number, p.issuer, p.title, p.issued_on, count(t.id) FROM plans p "
        f"JOIN tasks t ON t.plan_id = p.id WHERE {where} GROUP BY p.id ORDER BY p.id",
        params,
    ).fetchall()
    found = [PlanInfo(*r) for r in rows]
    if scope.plan_id is not None and not found:
        plan = get_plan(db, scope.plan_id)
        found = [plan] if plan else []
    return found


def get_plan(db: sqlite_utils.Database, plan_id: int) -> PlanInfo | None:
    row = db.execute(
        "SELECT p.id, p.number, p.issuer, p.title, p.issued_on, "
        "(SELECT count(*) FROM tasks t WHERE t.plan_id = p.id) FROM plans p WHERE p.id = ?",
        [plan_id],
    ).fetchone()
    return PlanInfo(*row) if row else None


def task_count(db: sqlite_utils.Database, scope: Scope) -> int:
    where, params = scope.where()
    return db.execute(f"SELECT count(*) FROM tasks t WHERE {where}", params).fetchone()[0]


class UnknownPlan(NotFound):
    """No plan has this number; `key` is its catalog message."""

    key = "reports.unknown_plan"


class AmbiguousPlan(NotFound):
    """Several plans start with this number ("47" → 47/KH-UBND and 47/KH-SCT); `numbers` lists them."""

    key = "reports.ambiguous_plan"

    def __init__(self, text: str, numbers: list[str]):
        super().__init__(text)
        self.numbers = numbers


def find_plan(db: sqlite_utils.Database, number: str) -> PlanInfo:
    """The plan a person means by its number ("47a", "47a/KH-UBND", "47A/KH-UBND"): an exact number first,
    else the only plan whose number starts with it."""
    from knowledge.fold import fold_words
    from storage.tasks import find_plans

    matches = find_plans(db, number)
    if not matches:
        raise UnknownPlan(number)
    key = fold_words(number)
    exact = [m for m in matches if m["number_key"] == key]
    chosen = exact or matches
    if len(chosen) > 1:  # "47" for 47/KH-UBND and 47/KH-SCT, or one number from two issuers
        raise AmbiguousPlan(number, [m["number"] or "" for m in chosen])
    plan = get_plan(db, chosen[0]["id"])
    assert plan is not None
    return plan
