"""Plans as administrators see them: the list, removing one plan with all it holds, and finding a task by
its reference ("1.1-2" in plan "47a").

Removing a plan deletes its row; its tasks (with their status history, assignments and mutes), duties and
targets go with it (ON DELETE CASCADE). Units stay: other plans name them too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import sqlite_utils

from knowledge.fold import fold_words
from knowledge.refs import ref_matches
from storage.db import transaction
from storage.tasks import TASK_SELECT, _row  # the task dict every list shows


@dataclass(frozen=True)
class PlanSummary:
    id: int
    number: str | None
    issuer: str | None
    issued_on: str | None
    title: str
    tasks: int
    duties: int
    targets: int
    source_file: str | None
    org_id: int | None = None


def list_plans(db: sqlite_utils.Database, org_ids=None) -> list[PlanSummary]:
    """Every stored plan with how much it holds, by date of issue (only those of `org_ids` when given)."""
    where, params = "", []
    if org_ids is not None:
        where, params = " WHERE p.org_id IN (SELECT value FROM json_each(?))", [json.dumps(sorted(org_ids))]
    rows = db.execute(
        "SELECT p.id, p.number, p.issuer, p.issued_on, p.title,"
        " (SELECT COUNT(*) FROM tasks t WHERE t.plan_id = p.id),"
        " (SELECT COUNT(*) FROM duties d WHERE d.plan_id = p.id),"
        " (SELECT COUNT(*) FROM targets g WHERE g.plan_id = p.id), p.source_file, p.org_id"
        f" FROM plans p{where} ORDER BY p.issued_on, p.id",
        params,
    ).fetchall()
    return [PlanSummary(*r) for r in rows]


def plan_org(db: sqlite_utils.Database, plan_id: int) -> tuple[bool, int | None]:
    """(whether the plan exists, its organization)."""
    row = db.execute("SELECT org_id FROM plans WHERE id = ?", [plan_id]).fetchone()
    return (row is not None, row[0] if row else None)


def plan_ids_named(db: sqlite_utils.Database, number: str | int) -> list[int]:
    """Ids of the plans `number` names: an id, a full number ("47a/KH-UBND"), or its first part ("47a")."""
    if isinstance(number, int) or str(number).strip().isdigit() and _exists(db, int(number)):
        return [int(number)]
    key = fold_words(str(number))
    if not key:
        return []
    rows = db.execute("SELECT id, number_key FROM plans ORDER BY issued_on, id").fetchall()
    exact = [pid for pid, nk in rows if nk == key]
    if exact:
        return exact
    first = key.split()[0]
    if key == first:
        return [pid for pid, nk in rows if nk.split()[:1] == [first]]
    return [pid for pid, nk in rows if nk.startswith(key + " ")]


def _exists(db, plan_id: int) -> bool:
    return db.execute("SELECT 1 FROM plans WHERE id = ?", [plan_id]).fetchone() is not None


class PlanNotFound(Exception):
    """No stored plan has this number (catalog key plans.not_found)."""

    key = "plans.not_found"


class PlanAmbiguous(Exception):
    """Several stored plans have this number (catalog key plans.ambiguous)."""

    key = "plans.ambiguous"


def remove_plan(db: sqlite_utils.Database, plan_id: int) -> PlanSummary:
    """Delete one plan with its tasks, their history, its duties and targets, in one transaction; return
    what was removed. Raises PlanNotFound."""
    found = [p for p in list_plans(db) if p.id == plan_id]
    if not found:
        raise PlanNotFound(plan_id)
    with transaction(db):
        db.execute("DELETE FROM plans WHERE id = ?", [plan_id])
    return found[0]


def find_task_by_ref(db: sqlite_utils.Database, plan_key: str | int | None, ref: str) -> list[dict]:
    """Tasks whose reference is `ref` (as `knowledge.refs.parse_ref` reads it) in the plan `plan_key` names
    (a number or its first part, an id), or in any plan when None. An exact reference first; a code shared by
    several tasks ("1.1") finds all of them ("1.1-1", ...). Each task as `storage.tasks` lists them."""
    ref = (ref or "").strip()
    if not ref:
        return []
    params: list = []
    where = ""
    if plan_key is not None:
        ids = plan_ids_named(db, plan_key)
        if not ids:
            return []
        where = f" AND t.plan_id IN ({','.join('?' * len(ids))})"
        params += ids
    folded = ref.lower()
    rows = db.execute(
        TASK_SELECT + f" WHERE (lower(t.ref) = ? OR lower(t.ref) LIKE ? ESCAPE '\\'){where}"
        " ORDER BY t.plan_id, t.position, t.id",
        [folded, folded.replace("_", "\\_").replace("%", "\\%") + "-%", *params],
    ).fetchall()
    out = [task for task in map(_row, rows) if ref_matches(task["ref"], ref)]
    exact = [t for t in out if t["ref"].lower() == folded]
    return exact or out


__all__ = [
    "PlanAmbiguous",
    "PlanNotFound",
    "PlanSummary",
    "find_task_by_ref",
    "list_plans",
    "plan_ids_named",
    "remove_plan",
]
