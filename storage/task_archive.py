"""The archive of tasks a re-ingest removed: kept with their history, and recoverable.

`archive_tasks` runs inside the save's transaction, just before the tasks are deleted, and copies each
task's row with its units, status history, assignments and mutes (JSON). `restore_task` puts one back
into its plan: as a new task when the plan no longer has it, or, when a later ingest brought the task
back (same key), by returning its history, assignments and mutes to that task.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlite_utils

from knowledge.fold import fold_words
from storage.db import transaction
from storage.errors import NotFound, StorageError


class AlreadyRestored(StorageError):
    """The archived task was restored before."""

    key = "archive.already_restored"


@dataclass(frozen=True)
class ArchivedTask:
    id: int
    plan_id: int
    plan_number: str | None
    code: str | None
    content: str
    updates: int
    source_file: str | None
    archived_at: str
    restored_at: str | None


@dataclass(frozen=True)
class Restored:
    archive_id: int
    task_id: int
    merged: bool  # the plan had the task again: its history was returned to it
    updates: int


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _rows(db, sql: str, params) -> list[dict]:
    cursor = db.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def archive_tasks(db: sqlite_utils.Database, task_ids: Iterable[int], *, source_file: str | None) -> int:
    """Copy the tasks `task_ids` and everything hanging on them into the archive (the caller deletes
    them, in the same transaction). Returns how many were archived."""
    archived = 0
    now = _now()
    for task_id in sorted(task_ids):
        tasks = _rows(db, "SELECT * FROM tasks WHERE id = ?", [task_id])
        if not tasks:
            continue
        task = tasks[0]
        history = _rows(db, "SELECT * FROM status_updates WHERE task_id = ? ORDER BY id", [task_id])
        db.execute(
            "INSERT INTO archived_tasks (plan_id, task_id, task_key, code, content, task, units, history,"
            " assignments, mutes, updates, source_file, archived_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                task["plan_id"],
                task_id,
                task["task_key"],
                task["code"],
                task["content"],
                _json(task),
                _json(_rows(db, "SELECT * FROM task_units WHERE task_id = ?", [task_id])),
                _json(history),
                _json(_rows(db, "SELECT * FROM assignments WHERE task_id = ?", [task_id])),
                _json(_rows(db, "SELECT * FROM mutes WHERE task_id = ?", [task_id])),
                len(history),
                source_file,
                now,
            ],
        )
        archived += 1
    return archived


def list_archived(
    db: sqlite_utils.Database, *, plan_number: str | None = None, include_restored: bool = False
) -> list[ArchivedTask]:
    """Archived tasks, newest first; of one plan (by its number, as written or folded) when given."""
    where, params = [], []
    if not include_restored:
        where.append("a.restored_at IS NULL")
    if plan_number:
        where.append("(p.number = ? OR p.number_key = ?)")
        params += [plan_number, fold_words(plan_number)]
    sql = (
        "SELECT a.id, a.plan_id, p.number, a.code, a.content, a.updates, a.source_file, a.archived_at,"
        " a.restored_at FROM archived_tasks a JOIN plans p ON p.id = a.plan_id"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY a.id DESC"
    )
    return [ArchivedTask(*row) for row in db.execute(sql, params).fetchall()]


def restore_task(db: sqlite_utils.Database, archive_id: int) -> Restored:
    """Put archived task `archive_id` back into its plan with its history (one transaction)."""
    with transaction(db):
        rows = _rows(db, "SELECT * FROM archived_tasks WHERE id = ?", [archive_id])
        if not rows:
            raise NotFound(f"archived task {archive_id}")
        archived = rows[0]
        if archived["restored_at"]:
            raise AlreadyRestored(f"archived task {archive_id} was restored on {archived['restored_at']}")
        present = db.execute(
            "SELECT id FROM tasks WHERE plan_id = ? AND task_key = ?",
            [archived["plan_id"], archived["task_key"]],
        ).fetchone()
        if present:
            task_id, merged = present[0], True
        else:
            task_id, merged = _insert_task(db, json.loads(archived["task"])), False
            _insert_rows(db, "task_units", json.loads(archived["units"]), task_id)
        _insert_rows(db, "status_updates", json.loads(archived["history"]), task_id)
        _insert_rows(db, "assignments", json.loads(archived["assignments"]), task_id)
        _insert_rows(db, "mutes", json.loads(archived["mutes"]), task_id)
        if merged:
            _carry_status(db, task_id, json.loads(archived["task"]))
        db.execute(
            "UPDATE archived_tasks SET restored_at = ?, restored_task_id = ? WHERE id = ?",
            [_now(), task_id, archive_id],
        )
    return Restored(archive_id, task_id, merged, archived["updates"])


def _columns(db, table: str) -> set[str]:
    return {row[1] for row in db.execute(f"PRAGMA table_info({table})").fetchall()}


def _insert_task(db, task: dict) -> int:
    """Insert the archived task row: under its old id when that is free, with the columns that still
    exist; its position after the plan's last task (the document no longer places it)."""
    row = {k: v for k, v in task.items() if k in _columns(db, "tasks")}
    if db.execute("SELECT 1 FROM tasks WHERE id = ?", [row["id"]]).fetchone():
        del row["id"]
    last = db.execute("SELECT MAX(position) FROM tasks WHERE plan_id = ?", [row["plan_id"]]).fetchone()[0]
    row["position"] = (last if last is not None else -1) + 1
    columns = ", ".join(f'"{c}"' for c in row)
    marks = ", ".join("?" for _ in row)
    return db.execute(f"INSERT INTO tasks ({columns}) VALUES ({marks})", list(row.values())).lastrowid


def _insert_rows(db, table: str, rows: list[dict], task_id: int) -> None:
    """Re-insert rows that pointed at the task, pointing at `task_id`; references to people or units
    deleted since are dropped (a history row keeps its text without its author)."""
    columns = _columns(db, table)
    for stored in rows:
        row = {k: v for k, v in stored.items() if k in columns and k != "id"}
        row["task_id"] = task_id
        if not _references_exist(db, table, row):
            continue
        names = ", ".join(f'"{c}"' for c in row)
        marks = ", ".join("?" for _ in row)
        db.execute(f"INSERT OR IGNORE INTO {table} ({names}) VALUES ({marks})", list(row.values()))


def _references_exist(db, table: str, row: dict) -> bool:
    for column, target in (("person_id", "people"), ("unit_id", "units"), ("assigned_by", "people")):
        value = row.get(column)
        if value is None or db.execute(f"SELECT 1 FROM {target} WHERE id = ?", [value]).fetchone():
            continue
        if table == "status_updates" or column == "assigned_by":
            row[column] = None  # keep the history, without its author
            continue
        return False
    return True


def _carry_status(db, task_id: int, archived_task: dict) -> None:
    """A task that came back takes the archived status when its own is older (or was never set)."""
    current = db.execute("SELECT status_updated_at FROM tasks WHERE id = ?", [task_id]).fetchone()[0]
    archived_at = archived_task.get("status_updated_at")
    if archived_at and (current is None or archived_at > current):
        db.execute(
            "UPDATE tasks SET status = ?, percent = ?, status_updated_at = ? WHERE id = ?",
            [archived_task["status"], archived_task["percent"], archived_at, task_id],
        )


def plan_number_of_task(db: sqlite_utils.Database, task_id: int) -> str | None:
    row = db.execute(
        "SELECT p.number FROM tasks t JOIN plans p ON p.id = t.plan_id WHERE t.id = ?", [task_id]
    ).fetchone()
    return row[0] if row else None
