"""Status updates of tasks (who, when, what, evidence), assignments, and progress views by unit.

`record_update` writes the history row and the task's current status in one transaction; a task whose
status is 'done' is no longer open, so reminder and overdue queries (which skip done tasks) drop it.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlite_utils

from storage.db import transaction
from storage.errors import NotFound, StorageError
from storage.orgs import write_org_status
from storage.people import now_text

STATUSES = ("not_started", "in_progress", "done", "blocked")


class BadStatus(StorageError):
    """A status other than STATUSES or a percent outside 0..100."""


_TASK_SQL = (
    "SELECT t.id, t.code, t.content, t.lead_unit_id, u.name, t.due_date, t.deadline_text, t.status, t.percent, "
    "t.status_updated_at, p.number, t.plan_id, t.deadline_kind, t.ref "
    "FROM tasks t LEFT JOIN units u ON u.id = t.lead_unit_id LEFT JOIN plans p ON p.id = t.plan_id"
)
_TASK_KEYS = (
    "id",
    "code",
    "content",
    "lead_unit_id",
    "lead",
    "due_date",
    "deadline_text",
    "status",
    "percent",
    "status_updated_at",
    "plan",
    "plan_id",
    "deadline_kind",
    "ref",  # unique in the plan ("1.1-2"); `code` is as printed
)


def _task(row) -> dict:
    return dict(zip(_TASK_KEYS, row, strict=True))


def get_task(db: sqlite_utils.Database, task_id: int) -> dict | None:
    row = db.execute(_TASK_SQL + " WHERE t.id = ?", [task_id]).fetchone()
    return _task(row) if row else None


def task_unit_ids(db: sqlite_utils.Database, task_id: int) -> set[int]:
    ids = {r[0] for r in db.execute("SELECT unit_id FROM task_units WHERE task_id = ?", [task_id]).fetchall()}
    row = db.execute("SELECT lead_unit_id FROM tasks WHERE id = ?", [task_id]).fetchone()
    if row and row[0] is not None:
        ids.add(row[0])
    return ids


def is_assigned(db: sqlite_utils.Database, task_id: int, person_id: int) -> bool:
    return bool(
        db.execute(
            "SELECT 1 FROM assignments WHERE task_id = ? AND person_id = ?", [task_id, person_id]
        ).fetchone()
    )


def open_tasks_for(db: sqlite_utils.Database, *, unit_id: int | None, person_id: int | None) -> list[dict]:
    """Tasks not yet done that the unit leads or supports, or that are assigned to the person; soonest
    deadline first (undated last)."""
    rows = db.execute(
        _TASK_SQL + " WHERE t.status != 'done' AND (t.lead_unit_id = :unit OR t.id IN "
        "(SELECT task_id FROM task_units WHERE unit_id = :unit) OR t.id IN "
        "(SELECT task_id FROM collective_task_units WHERE unit_id = :unit) OR t.id IN "
        "(SELECT task_id FROM assignments WHERE person_id = :person)) "
        "ORDER BY t.due_date IS NULL, t.due_date, t.plan_id, t.position, t.id",
        {
            "unit": unit_id if unit_id is not None else -1,
            "person": person_id if person_id is not None else -1,
        },
    ).fetchall()
    return [_task(r) for r in rows]


def _ids_json(ids) -> str:
    return "[" + ",".join(str(int(i)) for i in ids) + "]"


def all_open_tasks(db: sqlite_utils.Database, org_ids=None) -> list[dict]:
    """Tasks not yet done (of the plans of `org_ids` when given), soonest deadline first."""
    where, params = "", []
    if org_ids is not None:
        where, params = " AND t.org_id IN (SELECT value FROM json_each(?))", [_ids_json(org_ids)]
    rows = db.execute(
        _TASK_SQL
        + " WHERE t.status != 'done'"
        + where
        + " ORDER BY t.due_date IS NULL, t.due_date, t.plan_id, t.position, t.id",
        params,
    ).fetchall()
    return [_task(r) for r in rows]


def shared_tasks(db: sqlite_utils.Database, parent_ids, org_id: int, *, open_only: bool = True) -> list[dict]:
    """The tasks the plans of `parent_ids` give to all their communes, as organization `org_id` does them:
    its own status and percent (not started until it updates); those it finished left out if `open_only`."""
    if not parent_ids:
        return []
    rows = db.execute(
        "SELECT t.id, t.code, t.content, t.lead_unit_id, u.name, t.due_date, t.deadline_text, "
        "coalesce(s.status, 'not_started'), coalesce(s.percent, 0), s.status_updated_at, p.number, t.plan_id, "
        "t.deadline_kind, t.ref FROM tasks t LEFT JOIN units u ON u.id = t.lead_unit_id "
        "LEFT JOIN plans p ON p.id = t.plan_id "
        "LEFT JOIN task_org_status s ON s.task_id = t.id AND s.org_id = ? "
        "WHERE t.audience_org_id IN (SELECT value FROM json_each(?))"
        + (" AND coalesce(s.status, 'not_started') != 'done'" if open_only else "")
        + " ORDER BY t.due_date IS NULL, t.due_date, t.plan_id, t.position, t.id",
        [org_id, _ids_json(parent_ids)],
    ).fetchall()
    return [_task(r) for r in rows]


def record_update(
    db: sqlite_utils.Database,
    *,
    task_id: int,
    person_id: int | None,
    status: str,
    percent: int,
    note: str | None = None,
    evidence_kind: str | None = None,
    evidence_ref: str | None = None,
    channel: str | None = None,
    now: datetime | None = None,
    org_id: int | None = None,
) -> int:
    """Store one status update and make it the task's current status. Returns the update id.

    With `org_id`, the update is that organization's, on its own instance of a shared task: the task's
    status for every other organization stays as it was."""
    if status not in STATUSES:
        raise BadStatus(status)
    if not 0 <= int(percent) <= 100:
        raise BadStatus(f"percent {percent}")
    if status == "done":
        percent = 100
    stamp = now_text(now)
    with transaction(db):
        if not db.execute("SELECT 1 FROM tasks WHERE id = ?", [task_id]).fetchone():
            raise NotFound(f"task {task_id}")
        cursor = db.execute(
            "INSERT INTO status_updates (task_id, person_id, status, percent, note, evidence_kind, evidence_ref, "
            "channel, created_at, org_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                task_id,
                person_id,
                status,
                int(percent),
                note,
                evidence_kind,
                evidence_ref,
                channel,
                stamp,
                org_id,
            ],
        )
        if org_id is not None:
            write_org_status(db, task_id, org_id, status, int(percent), stamp)
        else:
            db.execute(
                "UPDATE tasks SET status = ?, percent = ?, status_updated_at = ? WHERE id = ?",
                [status, int(percent), stamp, task_id],
            )
        return cursor.lastrowid


def history(
    db: sqlite_utils.Database, task_id: int, *, limit: int = 10, org_id: int | None = None, org_ids=None
) -> list[dict]:
    """The task's latest status updates, newest first: of one organization's instance of a shared task
    when `org_id` is given; else those made in the organizations `org_ids` (None: all) and on the task
    itself."""
    where, params = "", []
    if org_id is not None:
        where, params = " AND s.org_id = ?", [org_id]
    elif org_ids is not None:
        where = " AND (s.org_id IS NULL OR s.org_id IN (SELECT value FROM json_each(?)))"
        params = [_ids_json(org_ids)]
    rows = db.execute(
        "SELECT s.id, s.status, s.percent, s.note, s.evidence_kind, s.evidence_ref, s.created_at, s.person_id, "
        "p.name FROM status_updates s LEFT JOIN people p ON p.id = s.person_id WHERE s.task_id = ?"
        + where
        + " ORDER BY s.created_at DESC, s.id DESC LIMIT ?",
        [task_id, *params, limit],
    ).fetchall()
    keys = (
        "id",
        "status",
        "percent",
        "note",
        "evidence_kind",
        "evidence_ref",
        "created_at",
        "person_id",
        "person",
    )
    return [dict(zip(keys, r, strict=True)) for r in rows]


def assign(
    db: sqlite_utils.Database, task_id: int, person_id: int, *, by: int | None, now: datetime | None = None
) -> bool:
    """Assign the task to the person; False if it already was."""
    with transaction(db):
        if not db.execute("SELECT 1 FROM tasks WHERE id = ?", [task_id]).fetchone():
            raise NotFound(f"task {task_id}")
        cursor = db.execute(
            "INSERT OR IGNORE INTO assignments (task_id, person_id, assigned_by, assigned_at) VALUES (?, ?, ?, ?)",
            [task_id, person_id, by, now_text(now)],
        )
        return bool(cursor.rowcount)


def assignees(db: sqlite_utils.Database, task_id: int) -> list[tuple[int, str]]:
    rows = db.execute(
        "SELECT p.id, p.name FROM assignments a JOIN people p ON p.id = a.person_id WHERE a.task_id = ? ORDER BY p.name",
        [task_id],
    ).fetchall()
    return [(r[0], r[1]) for r in rows]


def is_overdue(task: dict, today: date) -> bool:
    return bool(task.get("due_date")) and task["status"] != "done" and task["due_date"] < today.isoformat()


def unit_progress(db: sqlite_utils.Database, unit_id: int | None, today: date) -> list[dict]:
    """Tasks the unit leads or supports (every task when unit_id is None), overdue first, then by status
    (blocked, in progress, not started, done) and deadline. Each task gets `overdue: bool`."""
    if unit_id is None:
        rows = db.execute(_TASK_SQL).fetchall()
    else:
        rows = db.execute(
            _TASK_SQL
            + " WHERE t.lead_unit_id = :unit OR t.id IN (SELECT task_id FROM task_units WHERE unit_id = :unit)"
            " OR t.id IN (SELECT task_id FROM collective_task_units WHERE unit_id = :unit)",
            {"unit": unit_id},
        ).fetchall()
    return by_urgency([_task(r) for r in rows], today)


def org_progress(db: sqlite_utils.Database, org_id: int, parent_ids, today: date) -> list[dict]:
    """An organization's tasks: those of its own plans, and its instances of the tasks its parents' plans
    give to all communes; ordered as `unit_progress` orders them."""
    rows = db.execute(_TASK_SQL + " WHERE t.org_id = ?", [org_id]).fetchall()
    tasks = [_task(r) for r in rows] + shared_tasks(db, parent_ids, org_id, open_only=False)
    return by_urgency(tasks, today)


def by_urgency(tasks: list[dict], today: date) -> list[dict]:
    order = {"blocked": 0, "in_progress": 1, "not_started": 2, "done": 3}
    for task in tasks:
        task["overdue"] = is_overdue(task, today)
    tasks.sort(
        key=lambda t: (
            not t["overdue"],
            order.get(t["status"], 9),
            t["due_date"] is None,
            t["due_date"] or "",
            t["id"],
        )
    )
    return tasks
