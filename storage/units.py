"""The unit registry as people see it: single units with the names documents gave them (aliases), apart
from collective audiences ("Các phòng, ban, ngành", "UBND các xã, phường"), which are never one unit."""

from __future__ import annotations

import sqlite_utils


def unit_registry(db: sqlite_utils.Database) -> list[dict]:
    """Every single unit by name: id, name, abbreviation, aliases (folded variants seen in documents) and how
    many tasks it leads or supports. Collective audiences are left out (see `collective_audiences`)."""
    aliases: dict[int, list[str]] = {}
    for unit_id, alias in db.execute("SELECT unit_id, alias FROM unit_aliases ORDER BY alias").fetchall():
        aliases.setdefault(unit_id, []).append(alias)
    rows = db.execute(
        "SELECT u.id, u.name, u.abbreviation, (SELECT COUNT(DISTINCT task_id) FROM task_units tu"
        " WHERE tu.unit_id = u.id) FROM units u WHERE u.collective IS NULL ORDER BY u.name"
    ).fetchall()
    return [
        {"id": i, "name": name, "abbreviation": abbr, "aliases": aliases.get(i, []), "tasks": n}
        for i, name, abbr, n in rows
    ]


def collective_audiences(db: sqlite_utils.Database) -> list[dict]:
    """The collective audiences plans name: id, phrase, kind ("units", "communes", "villages",
    "party_cells") and the tasks they lead."""
    rows = db.execute(
        "SELECT u.id, u.name, u.collective, (SELECT COUNT(*) FROM tasks t WHERE t.lead_unit_id = u.id)"
        " FROM units u WHERE u.collective IS NOT NULL ORDER BY u.name"
    ).fetchall()
    return [{"id": i, "name": name, "kind": kind, "tasks": n} for i, name, kind, n in rows]
