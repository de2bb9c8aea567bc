"""Placing plans, units and people in organizations: used when a plan is saved and by the migration that
introduced organizations (so it imports nothing of storage: a migration must not import storage.db)."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime

import sqlite_utils

from knowledge.orgs import OrgName, leads_every_commune, org_of_plan


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _marks(name: str) -> int:
    return sum(1 for ch in name if ch.isalpha() and not ch.isascii())


def ensure_org(db: sqlite_utils.Database, org: OrgName) -> int:
    """The id of the organization `org` names (created if new; a better-marked spelling wins)."""
    folded = org.folded
    row = db.execute("SELECT id, name FROM orgs WHERE folded = ?", [folded]).fetchone()
    if row:
        if _marks(org.name) > _marks(row[1]):
            db.execute("UPDATE orgs SET name = ? WHERE id = ?", [org.name, row[0]])
        return row[0]
    return db.execute(
        "INSERT INTO orgs (name, folded, kind, created_at) VALUES (?, ?, ?, ?)",
        [org.name, folded, org.kind, _now()],
    ).lastrowid


def org_for_plan(db: sqlite_utils.Database, issuer: str | None, number: str | None) -> int | None:
    """The organization of a plan with this header (created if new), or None if it names no body."""
    named = org_of_plan(issuer, number)
    return ensure_org(db, named) if named is not None else None


def only_org(db: sqlite_utils.Database) -> int | None:
    """The organization when there is exactly one (a one-body deployment), else None."""
    rows = db.execute("SELECT id FROM orgs LIMIT 2").fetchall()
    return rows[0][0] if len(rows) == 1 else None


# --- placing plans and units -----------------------------------------------------------------------


def place_plan_tasks(db: sqlite_utils.Database, plan_id: int, org_id: int | None) -> None:
    """Copy the plan's org onto its tasks, and mark the tasks every child commune does."""
    db.execute("UPDATE plans SET org_id = ? WHERE id = ?", [org_id, plan_id])
    db.execute("UPDATE tasks SET org_id = ?, audience_org_id = NULL WHERE plan_id = ?", [org_id, plan_id])
    if org_id is None:
        return
    rows = db.execute(
        "SELECT id, lead_text FROM tasks WHERE plan_id = ? AND lead_text IS NOT NULL", [plan_id]
    ).fetchall()
    shared = [(org_id, task_id) for task_id, lead in rows if leads_every_commune(lead)]
    if shared:
        db.conn.executemany("UPDATE tasks SET audience_org_id = ? WHERE id = ?", shared)


def assign_existing_plans(db: sqlite_utils.Database) -> None:
    """Migration of a database made before organizations: each plan gets the org its issuer names, its
    tasks follow; a unit named by the plans of several orgs is split into one unit per org (the people of
    the unit stay with the org whose plans name it most); people get the org of their unit."""
    for plan_id, issuer, number in db.execute("SELECT id, issuer, number FROM plans").fetchall():
        place_plan_tasks(db, plan_id, org_for_plan(db, issuer, number))
    uses: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for unit_id, org_id, count in db.execute(
        "SELECT unit_id, org_id, count(*) FROM ("
        " SELECT tu.unit_id, t.org_id FROM task_units tu JOIN tasks t ON t.id = tu.task_id"
        " UNION ALL SELECT t.lead_unit_id, t.org_id FROM tasks t WHERE t.lead_unit_id IS NOT NULL"
        " UNION ALL SELECT d.reporter_unit_id, p.org_id FROM duties d JOIN plans p ON p.id = d.plan_id"
        "  WHERE d.reporter_unit_id IS NOT NULL) GROUP BY unit_id, org_id"
    ).fetchall():
        uses[unit_id][org_id or 0] += count
    single = only_org(db)
    for unit_id, name, folded, abbreviation in db.execute(
        "SELECT id, name, folded, abbreviation FROM units"
    ).fetchall():
        by_org = uses.get(unit_id)
        if not by_org:
            if single is not None:
                db.execute("UPDATE units SET org_id = ? WHERE id = ?", [single, unit_id])
            continue
        ranked = sorted(by_org, key=lambda o: (-by_org[o], o))
        db.execute("UPDATE units SET org_id = ? WHERE id = ?", [ranked[0] or None, unit_id])
        for other in ranked[1:]:
            copy = db.execute(
                "INSERT INTO units (name, folded, abbreviation, org_id) VALUES (?, ?, ?, ?)",
                [name, folded, abbreviation, other or None],
            ).lastrowid
            _repoint_unit(db, unit_id, copy, other or None)
    db.execute("UPDATE people SET org_id = (SELECT u.org_id FROM units u WHERE u.id = people.unit_id)")
    db.execute("UPDATE invites SET org_id = (SELECT u.org_id FROM units u WHERE u.id = invites.unit_id)")


def _repoint_unit(db, old: int, new: int, org_id: int | None) -> None:
    """Point the references of the plans of `org_id` from unit `old` to unit `new`."""
    tasks_of_org = "SELECT id FROM tasks WHERE org_id IS ?"
    db.execute(
        f"UPDATE tasks SET lead_unit_id = ? WHERE lead_unit_id = ? AND id IN ({tasks_of_org})",
        [new, old, org_id],
    )
    db.execute(
        f"UPDATE OR IGNORE task_units SET unit_id = ? WHERE unit_id = ? AND task_id IN ({tasks_of_org})",
        [new, old, org_id],
    )
    db.execute(
        "UPDATE duties SET reporter_unit_id = ? WHERE reporter_unit_id = ? AND plan_id IN "
        "(SELECT id FROM plans WHERE org_id IS ?)",
        [new, old, org_id],
    )
