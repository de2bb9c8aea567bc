"""Corrections of parsed plans, kept apart from the parsed rows, and the audit log of the dashboard.

A correction names its task by the plan's identity (number key, issuer key) and the task key that the
parser gave it, so it outlives the rows: `reapply_corrections` runs after every save of a plan and puts
each correction back on the task it was made on. One correction per task and field: a newer one
replaces the older (the audit log keeps them all).
"""

from __future__ import annotations

import json

import sqlite_utils
from rapidfuzz import fuzz

from storage.db import transaction
from storage.errors import NotFound, StorageError
from storage.repair import searchable_folded

FIELDS = ("lead", "support", "deadline", "code", "content")
# The same issuer may be spelled differently by two scans of one plan (as storage.plans accepts).
ISSUER_SIMILARITY = 85


class BadCorrection(StorageError):
    """A correction that cannot be applied; `key` is the message catalog key saying why."""

    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def _unit_id(db: sqlite_utils.Database, name: str, task_id: int) -> int:
    """The unit named `name` in the task's organization (units are per organization), created if new."""
    from storage.plans import ensure_unit

    return ensure_unit(db, name, task_org(db, task_id))


def task_org(db: sqlite_utils.Database, task_id: int) -> int | None:
    row = db.execute("SELECT org_id FROM tasks WHERE id = ?", [task_id]).fetchone()
    return row[0] if row else None


def task_identity(db: sqlite_utils.Database, task_id: int) -> tuple[int, str, str, str]:
    """(plan id, number key, issuer key, task key) of a task."""
    row = db.execute(
        "SELECT t.plan_id, p.number_key, p.issuer_key, t.task_key FROM tasks t JOIN plans p ON p.id = t.plan_id"
        " WHERE t.id = ?",
        [task_id],
    ).fetchone()
    if row is None:
        raise NotFound(f"task {task_id}")
    return row[0], row[1], row[2], row[3]


def current_value(db: sqlite_utils.Database, task_id: int, field: str) -> dict:
    """The task's value of `field`, in the shape corrections store."""
    row = db.execute(
        "SELECT t.code, t.content, u.name, t.lead_text, t.support, t.due_date, t.deadline_text"
        " FROM tasks t LEFT JOIN units u ON u.id = t.lead_unit_id WHERE t.id = ?",
        [task_id],
    ).fetchone()
    if row is None:
        raise NotFound(f"task {task_id}")
    code, content, lead_name, lead_text, support, due, deadline_text = row
    if field == "lead":
        return {"name": lead_name or lead_text or ""}
    if field == "support":
        return {"names": json.loads(support or "[]")}
    if field == "deadline":
        return {"due": due, "text": deadline_text or ""}
    if field == "code":
        return {"code": code or ""}
    if field == "content":
        return {"content": content}
    raise BadCorrection("web.correct.bad_field")


def apply_value(db: sqlite_utils.Database, task_id: int, field: str, value: dict) -> None:
    """Write one corrected field onto the task row (and its unit links)."""
    if field == "lead":
        name = value["name"].strip()
        unit_id = _unit_id(db, name, task_id)
        db.execute("UPDATE tasks SET lead_unit_id = ?, lead_text = ? WHERE id = ?", [unit_id, name, task_id])
        db.execute(
            "DELETE FROM task_units WHERE task_id = ? AND (role = 'lead' OR unit_id = ?)", [task_id, unit_id]
        )
        db.execute(
            "INSERT INTO task_units (task_id, unit_id, role) VALUES (?, ?, 'lead')", [task_id, unit_id]
        )
    elif field == "support":
        names = [n.strip() for n in value["names"] if n.strip()]
        lead = db.execute("SELECT lead_unit_id FROM tasks WHERE id = ?", [task_id]).fetchone()[0]
        db.execute(
            "UPDATE tasks SET support = ? WHERE id = ?", [json.dumps(names, ensure_ascii=False), task_id]
        )
        db.execute("DELETE FROM task_units WHERE task_id = ? AND role = 'support'", [task_id])
        ids = {_unit_id(db, name, task_id) for name in names} - {lead}
        db.conn.executemany(
            "INSERT OR IGNORE INTO task_units (task_id, unit_id, role) VALUES (?, ?, 'support')",
            [(task_id, unit_id) for unit_id in sorted(ids)],
        )
    elif field == "deadline":
        due = value.get("due")
        db.execute(
            "UPDATE tasks SET deadline_kind = ?, due_date = ?, deadline_text = ?, recurring = 0,"
            " deadline_condition = NULL WHERE id = ?",
            ["date" if due else "none", due, value.get("text") or "", task_id],
        )
    elif field == "code":
        db.execute("UPDATE tasks SET code = ? WHERE id = ?", [value["code"].strip() or None, task_id])
    elif field == "content":
        content = value["content"].strip()
        before, original = db.execute(
            "SELECT content, original FROM tasks WHERE id = ?", [task_id]
        ).fetchone()
        # `original` keeps the text as the document was read: the parsed text, unless repair changed it.
        original = before if original is None else original
        db.execute(
            "UPDATE tasks SET content = ?, original = ?, content_folded = ? WHERE id = ?",
            [
                content,
                original if original != content else None,
                searchable_folded(content, original),
                task_id,
            ],
        )
    else:
        raise BadCorrection("web.correct.bad_field")


def save_correction(
    db: sqlite_utils.Database, task_id: int, field: str, value: dict, *, person_id: int | None, now: str
) -> dict:
    """Apply a correction to the task, keep it for re-ingest and log it, in one transaction. Returns the
    value the field had before."""
    if field not in FIELDS:
        raise BadCorrection("web.correct.bad_field")
    with transaction(db):
        plan_id, number_key, issuer_key, task_key = task_identity(db, task_id)
        old = current_value(db, task_id, field)
        apply_value(db, task_id, field, value)
        encoded = json.dumps(value, ensure_ascii=False, sort_keys=True)
        db.execute(
            "INSERT INTO corrections (number_key, issuer_key, task_key, field, value, person_id, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (number_key, issuer_key, task_key, field)"
            " DO UPDATE SET value = excluded.value, person_id = excluded.person_id,"
            " created_at = excluded.created_at",
            [number_key, issuer_key, task_key, field, encoded, person_id, now],
        )
        add_audit(
            db,
            person_id=person_id,
            action="correct",
            task_id=task_id,
            plan_id=plan_id,
            field=field,
            old_value=json.dumps(old, ensure_ascii=False, sort_keys=True),
            new_value=encoded,
            now=now,
        )
    return old


def reapply_corrections(db: sqlite_utils.Database, plan_id: int) -> int:
    """Put the plan's stored corrections back on its tasks (after a save of the plan); how many applied.
    Corrections of tasks that the document no longer has are kept, in case the task comes back."""
    with transaction(db):
        plan = db.execute("SELECT number_key, issuer_key FROM plans WHERE id = ?", [plan_id]).fetchone()
        if plan is None:
            return 0
        number_key, issuer_key = plan
        rows = db.execute(
            "SELECT issuer_key, task_key, field, value FROM corrections WHERE number_key = ? ORDER BY created_at, id",
            [number_key],
        ).fetchall()
        rows = [
            r
            for r in rows
            if r[0] == issuer_key
            or (r[0] and issuer_key and fuzz.ratio(r[0], issuer_key) >= ISSUER_SIMILARITY)
        ]
        if not rows:
            return 0
        ids = dict(db.execute("SELECT task_key, id FROM tasks WHERE plan_id = ?", [plan_id]).fetchall())
        applied = 0
        for _, task_key, field, value in rows:
            task_id = ids.get(task_key)
            if task_id is None:
                continue
            apply_value(db, task_id, field, json.loads(value))
            applied += 1
        return applied


def corrected_fields(db: sqlite_utils.Database, task_id: int) -> set[str]:
    """The fields of this task that carry a correction."""
    try:
        _, number_key, issuer_key, task_key = task_identity(db, task_id)
    except NotFound:
        return set()
    rows = db.execute(
        "SELECT field FROM corrections WHERE number_key = ? AND issuer_key = ? AND task_key = ?",
        [number_key, issuer_key, task_key],
    ).fetchall()
    return {r[0] for r in rows}


def add_audit(
    db: sqlite_utils.Database,
    *,
    person_id: int | None,
    action: str,
    now: str,
    task_id: int | None = None,
    plan_id: int | None = None,
    field: str | None = None,
    old_value: str | None = None,
    new_value: str | None = None,
) -> int:
    return db.execute(
        "INSERT INTO audit_log (person_id, action, task_id, plan_id, field, old_value, new_value, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [person_id, action, task_id, plan_id, field, old_value, new_value, now],
    ).lastrowid


def audit_entries(
    db: sqlite_utils.Database, *, task_id: int | None = None, plan_id: int | None = None, limit: int = 100
) -> list[dict]:
    """The newest audit entries (of one task, one plan, or all), with who made them."""
    sql = (
        "SELECT a.id, a.action, a.task_id, a.plan_id, a.field, a.old_value, a.new_value, a.created_at,"
        " a.person_id, p.name, t.code FROM audit_log a LEFT JOIN people p ON p.id = a.person_id"
        " LEFT JOIN tasks t ON t.id = a.task_id"
    )
    params: list = []
    if task_id is not None:
        sql += " WHERE a.task_id = ?"
        params.append(task_id)
    elif plan_id is not None:
        sql += " WHERE a.plan_id = ?"
        params.append(plan_id)
    sql += " ORDER BY a.id DESC LIMIT ?"
    params.append(limit)
    keys = ("id", "action", "task_id", "plan_id", "field", "old_value", "new_value", "created_at")
    out = []
    for row in db.execute(sql, params).fetchall():
        entry = dict(zip(keys, row[:8], strict=True))
        entry.update(person_id=row[8], person=row[9], task_code=row[10])
        out.append(entry)
    return out
