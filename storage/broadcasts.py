"""Queries the /thongbao flow needs to offer and describe an audience (the broadcast itself and its
outbox rows are written by `storage.outbox`)."""

from __future__ import annotations

import sqlite_utils


def _orgs_json(org_ids) -> str | None:
    return None if org_ids is None else "[" + ",".join(str(int(i)) for i in org_ids) + "]"


def units_with_people(db: sqlite_utils.Database, limit: int, org_ids=None) -> list[tuple[int, str]]:
    """(id, name) of units that have at least one active person, by name (of `org_ids` when given)."""
    return [
        (row[0], row[1])
        for row in db.execute(
            "SELECT u.id, u.name FROM units u WHERE EXISTS (SELECT 1 FROM people p WHERE p.unit_id = u.id "
            "AND p.active = 1) AND (:orgs IS NULL OR u.org_id IN (SELECT value FROM json_each(:orgs))) "
            "ORDER BY u.name LIMIT :limit",
            {"limit": limit, "orgs": _orgs_json(org_ids)},
        ).fetchall()
    ]


def recent_plans(db: sqlite_utils.Database, limit: int, org_ids=None) -> list[tuple[int, str | None]]:
    """(id, number or title) of plans (of `org_ids` when given), newest first."""
    return [
        (row[0], row[1])
        for row in db.execute(
            "SELECT id, COALESCE(number, title) FROM plans "
            "WHERE (:orgs IS NULL OR org_id IN (SELECT value FROM json_each(:orgs))) "
            "ORDER BY COALESCE(issued_on, '') DESC, id DESC LIMIT :limit",
            {"limit": limit, "orgs": _orgs_json(org_ids)},
        ).fetchall()
    ]


def unit_label(db: sqlite_utils.Database, unit_id: int) -> str | None:
    row = db.execute("SELECT name FROM units WHERE id = ?", [unit_id]).fetchone()
    return row[0] if row else None


def plan_label(db: sqlite_utils.Database, plan_id: int) -> str | None:
    row = db.execute("SELECT COALESCE(number, title) FROM plans WHERE id = ?", [plan_id]).fetchone()
    return row[0] if row else None


def broadcast_for_draft(db: sqlite_utils.Database, draft_key: str) -> int | None:
    """The broadcast already created from this draft (a double-tapped "Gửi"), if any."""
    row = db.execute("SELECT id FROM broadcasts WHERE draft_key = ?", [draft_key]).fetchone()
    return row[0] if row else None
