"""Organizations: the bodies that issue plans (a commune, a ward's Party committee, a city department, a
city steering committee), their tree (city → departments and communes), and the per-organization status
of shared tasks (a city plan's task for "UBND các xã, phường" is each commune's own task).

A plan belongs to the body its header names (knowledge.orgs.org_of_plan); its units and tasks belong to
that body too; people belong to a unit of a body (or to a body, for its admins). With one body, nobody
ever has to name it: every lookup here falls back to "the only organization".
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import sqlite_utils

from knowledge.fold import fold_words
from knowledge.orgs import similar_names
from storage.db import transaction
from storage.errors import StorageError
from storage.org_placement import (  # noqa: F401  (re-exported: the org API is this module)
    assign_existing_plans,
    ensure_org,
    only_org,
    org_for_plan,
    place_plan_tasks,
)


class UnknownOrg(StorageError):
    """A name that matches no organization; `close` lists the nearest names."""

    def __init__(self, text: str, close: list[str]):
        super().__init__(text)
        self.text = text
        self.close = close


class OrgCycle(StorageError):
    """Setting this parent would make an organization its own ancestor."""


@dataclass(frozen=True)
class Org:
    id: int
    name: str
    kind: str
    parent_id: int | None
    parent_name: str | None = None
    plans: int = 0
    people: int = 0


_ORG_SQL = (
    "SELECT o.id, o.name, o.kind, o.parent_id, p.name, "
    "(SELECT count(*) FROM plans WHERE org_id = o.id), (SELECT count(*) FROM people WHERE org_id = o.id) "
    "FROM orgs o LEFT JOIN orgs p ON p.id = o.parent_id"
)


def list_orgs(db: sqlite_utils.Database, org_ids: frozenset[int] | None = None) -> list[Org]:
    """Every organization (or those of `org_ids`), parents before their children, by name."""
    rows = [Org(*r) for r in db.execute(_ORG_SQL + " ORDER BY o.name").fetchall()]
    if org_ids is not None:
        rows = [o for o in rows if o.id in org_ids]
    by_parent: dict[int | None, list[Org]] = defaultdict(list)
    ids = {o.id for o in rows}
    for org in rows:
        by_parent[org.parent_id if org.parent_id in ids else None].append(org)
    ordered: list[Org] = []

    def walk(parent):
        for org in by_parent.get(parent, []):
            ordered.append(org)
            walk(org.id)

    walk(None)
    return ordered


def get_org(db: sqlite_utils.Database, org_id: int | None) -> Org | None:
    if org_id is None:
        return None
    row = db.execute(_ORG_SQL + " WHERE o.id = ?", [org_id]).fetchone()
    return Org(*row) if row else None


def org_count(db: sqlite_utils.Database) -> int:
    return db.execute("SELECT count(*) FROM orgs").fetchone()[0]


def resolve_org(db: sqlite_utils.Database, text: str) -> int:
    """The organization `text` names: its id, its name with or without marks, or the same words with the
    level word left out ("Kim Thành" for "xã Kim Thành") when only one matches. Raises UnknownOrg."""
    text = (text or "").strip()
    if text.isdigit():
        row = db.execute("SELECT id FROM orgs WHERE id = ?", [int(text)]).fetchone()
        if row:
            return row[0]
    folded = fold_words(text)
    if folded:
        row = db.execute("SELECT id FROM orgs WHERE folded = ?", [folded]).fetchone()
        if row:
            return row[0]
        tail = db.execute(
            "SELECT id FROM orgs WHERE (' ' || folded) LIKE ? LIMIT 2", ["% " + folded.replace("%", "")]
        ).fetchall()
        if len(tail) == 1:
            return tail[0][0]
    names = [r[0] for r in db.execute("SELECT name FROM orgs ORDER BY name").fetchall()]
    raise UnknownOrg(text, similar_names(text, names))


def set_parent(db: sqlite_utils.Database, child_id: int, parent_id: int | None) -> None:
    """Put `child_id` under `parent_id` (None: at the top). Raises OrgCycle."""
    with transaction(db):
        if parent_id is not None and (parent_id == child_id or child_id in ancestors(db, parent_id)):
            raise OrgCycle(f"{child_id} under {parent_id}")
        db.execute("UPDATE orgs SET parent_id = ? WHERE id = ?", [parent_id, child_id])


def parents_map(db: sqlite_utils.Database) -> dict[int, int | None]:
    return {r[0]: r[1] for r in db.execute("SELECT id, parent_id FROM orgs").fetchall()}


def ancestors(db: sqlite_utils.Database, org_id: int) -> list[int]:
    """The organization's parent, its parent's parent, ... (nearest first)."""
    out: list[int] = []
    current = org_id
    while True:
        row = db.execute("SELECT parent_id FROM orgs WHERE id = ?", [current]).fetchone()
        if not row or row[0] is None or row[0] in out or row[0] == org_id:
            return out
        out.append(row[0])
        current = row[0]


def subtree(db: sqlite_utils.Database, org_id: int) -> frozenset[int]:
    """The organization and everything under it."""
    rows = db.execute(
        "WITH RECURSIVE down(id) AS (SELECT ? UNION SELECT o.id FROM orgs o JOIN down d ON o.parent_id = d.id) "
        "SELECT id FROM down",
        [org_id],
    ).fetchall()
    return frozenset(r[0] for r in rows)


def org_names(db: sqlite_utils.Database, org_ids) -> dict[int, str]:
    ids = list(org_ids)
    if not ids:
        return {}
    rows = db.execute("SELECT o.id, o.name FROM orgs o JOIN json_each(?) j ON j.value = o.id", [_json(ids)])
    return {r[0]: r[1] for r in rows.fetchall()}


def _json(ids) -> str:
    return "[" + ",".join(str(int(i)) for i in ids) + "]"


# --- per-organization status of shared tasks --------------------------------------------------------


def task_scope_row(db: sqlite_utils.Database, task_id: int) -> tuple[int | None, int | None] | None:
    """(org id, audience org id) of a task; None if there is no such task."""
    row = db.execute("SELECT org_id, audience_org_id FROM tasks WHERE id = ?", [task_id]).fetchone()
    return (row[0], row[1]) if row else None


def org_status(db: sqlite_utils.Database, task_id: int, org_id: int) -> tuple[str, int, str | None]:
    """(status, percent, updated at) of one organization's instance of a shared task."""
    row = db.execute(
        "SELECT status, percent, status_updated_at FROM task_org_status WHERE task_id = ? AND org_id = ?",
        [task_id, org_id],
    ).fetchone()
    return (row[0], row[1], row[2]) if row else ("not_started", 0, None)


def org_statuses(db: sqlite_utils.Database, task_ids, org_id: int) -> dict[int, tuple[str, int]]:
    """(status, percent) of `org_id`'s instances of the shared tasks among `task_ids` that it updated."""
    ids = list(task_ids)
    if not ids:
        return {}
    rows = db.execute(
        "SELECT s.task_id, s.status, s.percent FROM task_org_status s JOIN json_each(?) j ON j.value = s.task_id "
        "WHERE s.org_id = ?",
        [_json(ids), org_id],
    ).fetchall()
    return {r[0]: (r[1], r[2]) for r in rows}


def statuses_by_org(db: sqlite_utils.Database, task_id: int, org_ids) -> list[tuple[int, str, str, int]]:
    """(org id, org name, status, percent) of a shared task, for each of `org_ids`, by name."""
    names = org_names(db, org_ids)
    found = {
        r[0]: (r[1], r[2])
        for r in db.execute(
            "SELECT org_id, status, percent FROM task_org_status WHERE task_id = ?", [task_id]
        ).fetchall()
    }
    return sorted(
        ((oid, name, *found.get(oid, ("not_started", 0))) for oid, name in names.items()),
        key=lambda row: fold_words(row[1]),
    )


def write_org_status(db, task_id: int, org_id: int, status: str, percent: int, stamp: str) -> None:
    """Make (status, percent) the current status of `org_id`'s instance (inside the caller's transaction)."""
    db.execute(
        "INSERT INTO task_org_status (task_id, org_id, status, percent, status_updated_at) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (task_id, org_id) DO UPDATE SET status = excluded.status, percent = excluded.percent, "
        "status_updated_at = excluded.status_updated_at",
        [task_id, org_id, status, percent, stamp],
    )


def person_org(db: sqlite_utils.Database, person_id: int) -> tuple[bool, int | None]:
    """(whether the person exists, their organization)."""
    row = db.execute("SELECT org_id FROM people WHERE id = ?", [person_id]).fetchone()
    return (True, row[0]) if row else (False, None)


def unit_org(db: sqlite_utils.Database, unit_id: int) -> tuple[bool, int | None]:
    """(whether the unit exists, its organization)."""
    row = db.execute("SELECT org_id FROM units WHERE id = ?", [unit_id]).fetchone()
    return (True, row[0]) if row else (False, None)
