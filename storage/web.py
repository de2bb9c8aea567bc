"""The web dashboard's queries. Every task query takes a `Visibility` (what the person may see, decided
in bot/web_scope.py) and applies it in SQL, so a page never loads a row it may not show."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date

import sqlite_utils

from storage.errors import NotFound


@dataclass(frozen=True)
class Visibility:
    """Which tasks a person sees: every task, or the tasks that `unit_ids` lead or coordinate plus the
    tasks assigned to `person_id`. Nothing set: no task at all."""

    everything: bool = False
    unit_ids: tuple[int, ...] = ()
    person_id: int | None = None
    org_ids: tuple[int, ...] = ()  # every task of these organizations (an organization's admins)
    parent_ids: tuple[int, ...] = ()  # the tasks these organizations' plans give to all their children
    task_ids: str | None = None  # the visible ids as a JSON list, once `listed` (see there)

    def where(self, alias: str = "t") -> tuple[str, list]:
        """An SQL condition on the tasks table aliased `alias`, and its parameters."""
        if self.everything:
            return "1 = 1", []
        if self.task_ids is not None:
            return f"{alias}.id IN (SELECT value FROM json_each(?))", [self.task_ids]
        # One IN over a UNION: SQLite builds the (small) set of visible ids once, instead of testing
        # three conditions on every task of the table.
        parts, params = [], []
        if self.unit_ids:
            marks = ", ".join("?" for _ in self.unit_ids)
            parts.append(f"SELECT id FROM tasks WHERE lead_unit_id IN ({marks})")
            parts.append(f"SELECT task_id FROM task_units WHERE unit_id IN ({marks})")
            params += [*self.unit_ids, *self.unit_ids]
        if self.person_id is not None:
            parts.append("SELECT task_id FROM assignments WHERE person_id = ?")
            params.append(self.person_id)
        if self.org_ids:
            marks = ", ".join("?" for _ in self.org_ids)
            parts.append(f"SELECT id FROM tasks WHERE org_id IN ({marks})")
            params += list(self.org_ids)
        if self.parent_ids:
            marks = ", ".join("?" for _ in self.parent_ids)
            parts.append(f"SELECT id FROM tasks WHERE audience_org_id IN ({marks})")
            params += list(self.parent_ids)
        if not parts:
            return "0 = 1", []
        return f"{alias}.id IN (" + " UNION ".join(parts) + ")", params


# The dashboard reads across the whole tasks table; SQLite's default page cache (2 MiB) holds a tenth of
# 200,000 tasks, and each page then re-reads most pages from the OS (3-5x slower queries, measured).
CACHE_KIB = 131_072


def use_large_cache(db: sqlite_utils.Database) -> None:
    """Give this connection a page cache of CACHE_KIB."""
    db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")


# Above this many visible tasks, each query builds the set itself (a long JSON list costs more).
MAX_LISTED = 20_000


def listed(db: sqlite_utils.Database, vis: Visibility) -> Visibility:
    """`vis` with its visible task ids found once: a page runs several queries, and each then reads
    a ready list instead of rebuilding the union of the units' and the person's tasks."""
    if vis.everything or vis.task_ids is not None:
        return vis
    where, params = vis.where()
    ids = [r[0] for r in db.execute(f"SELECT t.id FROM tasks t WHERE {where}", params).fetchall()]
    if len(ids) > MAX_LISTED:
        return vis
    return replace(vis, task_ids=json.dumps(ids))


@dataclass
class TaskQuery:
    """The tasks page's filters. `status` is a stored status or "overdue"; `ids` (a search's results,
    best first) limits the list to them, in that order."""

    plan_id: int | None = None
    unit_id: int | None = None
    status: str | None = None
    due_from: date | None = None
    due_to: date | None = None
    ids: list[int] | None = None
    page: int = 1
    page_size: int = 25


_LIST_COLUMNS = (
    "t.id, t.code, t.content, t.plan_id, p.number, COALESCE(u.name, t.lead_text), t.due_date, t.deadline_text,"
    " t.deadline_kind, t.status, t.percent"
)
_LIST_KEYS = (
    "id",
    "code",
    "content",
    "plan_id",
    "plan",
    "lead",
    "due_date",
    "deadline_text",
    "deadline_kind",
    "status",
    "percent",
)
_LIST_FROM = " FROM tasks t LEFT JOIN plans p ON p.id = t.plan_id LEFT JOIN units u ON u.id = t.lead_unit_id"
# Matches the tasks_deadline_order index: the first page needs no sort of the whole table.
_DEADLINE_ORDER = " ORDER BY t.due_date IS NULL, t.due_date, t.id"


def _rows(cursor) -> list[dict]:
    return [dict(zip(_LIST_KEYS, r, strict=True)) for r in cursor.fetchall()]


def _filters(vis: Visibility, q: TaskQuery, today: date) -> tuple[str, list]:
    where, params = vis.where()
    clauses = [where]
    if q.plan_id is not None:
        clauses.append("t.plan_id = ?")
        params.append(q.plan_id)
    if q.unit_id is not None:
        clauses.append("(t.lead_unit_id = ? OR t.id IN (SELECT task_id FROM task_units WHERE unit_id = ?))")
        params += [q.unit_id, q.unit_id]
    if q.status == "overdue":
        clauses.append("t.status != 'done' AND t.due_date < ?")
        params.append(today.isoformat())
    elif q.status:
        clauses.append("t.status = ?")
        params.append(q.status)
    if q.due_from is not None:
        clauses.append("t.due_date >= ?")
        params.append(q.due_from.isoformat())
    if q.due_to is not None:
        clauses.append("t.due_date <= ?")
        params.append(q.due_to.isoformat())
    return " WHERE " + " AND ".join(clauses), params


def list_tasks(
    db: sqlite_utils.Database, vis: Visibility, q: TaskQuery, today: date
) -> tuple[list[dict], int]:
    """One page of the visible tasks that pass the filters, and how many pass in all."""
    where, params = _filters(vis, q, today)
    offset = (max(1, q.page) - 1) * q.page_size
    if q.ids is not None:
        if not q.ids:
            return [], 0
        # Search results keep the search's order: find which pass the filters (ids only), order and
        # page those here, then load the rows of one page.
        rank = {task_id: i for i, task_id in enumerate(q.ids)}
        ids = list(rank)
        passing: list[int] = []
        for start in range(0, len(ids), 500):  # SQLite's parameter limit
            chunk = ids[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            passing += [
                r[0]
                for r in db.execute(
                    f"SELECT t.id FROM tasks t{where} AND t.id IN ({marks})", [*params, *chunk]
                )
            ]
        passing.sort(key=rank.__getitem__)
        shown = passing[offset : offset + q.page_size]
        if not shown:
            return [], len(passing)
        return _rows_of(db, shown), len(passing)
    total = db.execute(f"SELECT COUNT(*) FROM tasks t{where}", params).fetchone()[0]
    # The page's ids first (SQLite builds every skipped row of an OFFSET: skip ids, not joined rows).
    ids = [
        r[0]
        for r in db.execute(
            f"SELECT t.id FROM tasks t{where}{_DEADLINE_ORDER} LIMIT ? OFFSET ?",
            [*params, q.page_size, offset],
        )
    ]
    return _rows_of(db, ids), total


def _rows_of(db: sqlite_utils.Database, ids: list[int]) -> list[dict]:
    """List rows of these tasks, in this order."""
    if not ids:
        return []
    marks = ", ".join("?" for _ in ids)
    rows = _rows(db.execute(f"SELECT {_LIST_COLUMNS}{_LIST_FROM} WHERE t.id IN ({marks})", ids))
    order = {task_id: i for i, task_id in enumerate(ids)}
    rows.sort(key=lambda r: order[r["id"]])
    return rows


def overview(
    db: sqlite_utils.Database, vis: Visibility, today: date, week_end: date, *, listed: int = 10
) -> dict:
    """Progress by lead unit, the overdue tasks and the tasks due from today to `week_end`."""
    where, params = vis.where()
    day, last = today.isoformat(), week_end.isoformat()
    # Progress by unit: one scan of the covering index (lead unit, status, deadline); then this week's
    # open tasks, a range of the (deadline, status) index.
    counts: dict = {}
    for unit_id, status, count, late in db.execute(
        "SELECT t.lead_unit_id, t.status, COUNT(*), SUM(t.due_date < ?)"
        f" FROM tasks t WHERE {where} GROUP BY t.lead_unit_id, t.status",
        [day, *params],
    ).fetchall():
        unit = counts.setdefault(
            unit_id, dict.fromkeys(("total", "done", "in_progress", "blocked", "overdue"), 0)
        )
        unit["total"] += count
        if status in ("done", "in_progress", "blocked"):
            unit[status] += count
        if status != "done":
            unit["overdue"] += late or 0
    week = dict(
        db.execute(
            f"SELECT t.lead_unit_id, COUNT(*) FROM tasks t WHERE t.due_date >= ? AND t.due_date <= ?"
            f" AND t.status != 'done' AND {where} GROUP BY t.lead_unit_id",
            [day, last, *params],
        ).fetchall()
    )
    names = dict(db.execute("SELECT id, name FROM units").fetchall()) if counts else {}
    units = [
        {
            "unit_id": unit_id,
            "unit": names.get(unit_id) if unit_id is not None else None,
            **figures,
            "due_this_week": week.get(unit_id, 0),
        }
        for unit_id, figures in counts.items()
    ]
    units.sort(key=lambda u: (u["unit"] is None, -u["overdue"], u["unit"] or ""))
    totals = {
        key: sum(u[key] for u in units)
        for key in ("total", "done", "in_progress", "blocked", "overdue", "due_this_week")
    }
    overdue = _rows(
        db.execute(
            f"SELECT {_LIST_COLUMNS}{_LIST_FROM} WHERE {where} AND t.status != 'done' AND t.due_date < ?"
            " ORDER BY t.due_date, t.id LIMIT ?",
            [*params, day, listed],
        )
    )
    this_week = _rows(
        db.execute(
            f"SELECT {_LIST_COLUMNS}{_LIST_FROM} WHERE {where} AND t.status != 'done'"
            " AND t.due_date >= ? AND t.due_date <= ? ORDER BY t.due_date, t.id LIMIT ?",
            [*params, day, last, listed],
        )
    )
    return {"units": units, "totals": totals, "overdue": overdue, "this_week": this_week}


def task_visible(db: sqlite_utils.Database, vis: Visibility, task_id: int) -> bool:
    where, params = vis.where()
    return bool(
        db.execute(f"SELECT 1 FROM tasks t WHERE t.id = ? AND {where}", [task_id, *params]).fetchone()
    )


def task(db: sqlite_utils.Database, task_id: int) -> dict:
    """Everything the task page shows but its history. Raises NotFound."""
    row = db.execute(
        "SELECT t.*, p.number AS plan_number, p.title AS plan_title, u.name AS lead_name"
        " FROM tasks t JOIN plans p ON p.id = t.plan_id LEFT JOIN units u ON u.id = t.lead_unit_id"
        " WHERE t.id = ?",
        [task_id],
    )
    columns = [c[0] for c in row.description]
    values = row.fetchone()
    if values is None:
        raise NotFound(f"task {task_id}")
    out = dict(zip(columns, values, strict=True))
    out.pop("content_folded", None)
    out["support_names"] = [
        r[0]
        for r in db.execute(
            "SELECT u.name FROM task_units tu JOIN units u ON u.id = tu.unit_id"
            " WHERE tu.task_id = ? AND tu.role = 'support' ORDER BY u.name",
            [task_id],
        ).fetchall()
    ]
    out["support_text"] = json.loads(out.get("support") or "[]")
    # The document's words as read, when repair or a correction changed them (NULL otherwise).
    out["original"] = out.get("original")
    return out


def task_history(db: sqlite_utils.Database, task_id: int, *, limit: int = 50) -> list[dict]:
    rows = db.execute(
        "SELECT s.id, s.status, s.percent, s.note, s.evidence_kind, s.evidence_ref, s.channel, s.created_at,"
        " p.name FROM status_updates s LEFT JOIN people p ON p.id = s.person_id WHERE s.task_id = ?"
        " ORDER BY s.created_at DESC, s.id DESC LIMIT ?",
        [task_id, limit],
    ).fetchall()
    keys = (
        "id",
        "status",
        "percent",
        "note",
        "evidence_kind",
        "evidence_ref",
        "channel",
        "created_at",
        "person",
    )
    return [dict(zip(keys, r, strict=True)) for r in rows]


def task_assignees(db: sqlite_utils.Database, task_id: int) -> list[dict]:
    rows = db.execute(
        "SELECT p.id, p.name, u.name FROM assignments a JOIN people p ON p.id = a.person_id"
        " LEFT JOIN units u ON u.id = p.unit_id WHERE a.task_id = ? ORDER BY p.name",
        [task_id],
    ).fetchall()
    return [{"id": r[0], "name": r[1], "unit": r[2]} for r in rows]


def evidence(db: sqlite_utils.Database, update_id: int) -> dict:
    """A status update's evidence: task id, kind, reference and channel. Raises NotFound."""
    row = db.execute(
        "SELECT task_id, evidence_kind, evidence_ref, channel FROM status_updates"
        " WHERE id = ? AND evidence_ref IS NOT NULL",
        [update_id],
    ).fetchone()
    if row is None:
        raise NotFound(f"evidence {update_id}")
    return {"task_id": row[0], "kind": row[1], "ref": row[2], "channel": row[3]}


# --- plans -------------------------------------------------------------------------------------------


def plans(db: sqlite_utils.Database, vis: Visibility) -> list[dict]:
    """Plans with at least one visible task (every plan for whoever sees everything), newest first."""
    where, params = vis.where()
    rows = db.execute(
        "SELECT p.id, p.number, p.issuer, p.issued_on, p.title, p.ingested_at, COUNT(t.id),"
        " SUM(t.status = 'done') FROM plans p LEFT JOIN tasks t ON t.plan_id = p.id AND "
        + where
        + " GROUP BY p.id HAVING COUNT(t.id) > 0 OR ? ORDER BY p.issued_on DESC, p.id DESC",
        [*params, int(vis.everything)],
    ).fetchall()
    keys = ("id", "number", "issuer", "issued_on", "title", "ingested_at", "tasks", "done")
    return [dict(zip(keys, r, strict=True)) for r in rows]


def plan_options(
    db: sqlite_utils.Database, vis: Visibility, *, limit: int = 300, keep: int | None = None
) -> list[dict]:
    """Plans to filter by, newest first: every plan, or those with a visible task; at most `limit`, with
    plan `keep` (the one chosen, if visible) first."""
    if vis.everything:
        where, params = "1 = 1", []
    else:
        where, params = vis.where()
        where = f"id IN (SELECT t.plan_id FROM tasks t WHERE {where})"
    rows = db.execute(
        f"SELECT id, number, title FROM plans WHERE {where} ORDER BY id = ? DESC, issued_on DESC, id DESC LIMIT ?",
        [*params, keep or -1, limit],
    ).fetchall()
    return [{"id": r[0], "number": r[1], "title": r[2]} for r in rows]


def plan(db: sqlite_utils.Database, plan_id: int) -> dict:
    """A plan's header, the plans it replaces (those that are stored) and the plans replacing it."""
    row = db.execute(
        "SELECT id, number, number_key, issuer, issued_on, title, implements, replaces, problems, source_file,"
        " ingested_at FROM plans WHERE id = ?",
        [plan_id],
    ).fetchone()
    if row is None:
        raise NotFound(f"plan {plan_id}")
    keys = (
        "id",
        "number",
        "number_key",
        "issuer",
        "issued_on",
        "title",
        "implements",
        "replaces",
        "problems",
        "source_file",
        "ingested_at",
    )
    out = dict(zip(keys, row, strict=True))
    for key in ("implements", "replaces", "problems"):
        out[key] = json.loads(out[key] or "[]")
    return out


def plan_ids_by_number_keys(db: sqlite_utils.Database, number_keys: list[str]) -> dict[str, int]:
    if not number_keys:
        return {}
    marks = ", ".join("?" for _ in number_keys)
    rows = db.execute(
        f"SELECT number_key, id FROM plans WHERE number_key IN ({marks})", number_keys
    ).fetchall()
    return {r[0]: r[1] for r in rows}


def plans_replacing(db: sqlite_utils.Database, number: str) -> list[dict]:
    """Plans whose `replaces` list names `number` (as written)."""
    rows = db.execute(
        "SELECT p.id, p.number FROM plans p, json_each(p.replaces) r WHERE r.value = ?", [number]
    ).fetchall()
    return [{"id": r[0], "number": r[1]} for r in rows]


def plan_tasks(db: sqlite_utils.Database, vis: Visibility, plan_id: int) -> list[dict]:
    """The plan's visible tasks in document order, with what plan review looks at."""
    where, params = vis.where()
    rows = db.execute(
        "SELECT t.id, t.code, t.content, t.lead_unit_id, u.name, t.lead_text, t.support, t.deadline_kind,"
        " t.due_date, t.deadline_text, t.status, t.percent, t.section"
        " FROM tasks t LEFT JOIN units u ON u.id = t.lead_unit_id"
        f" WHERE t.plan_id = ? AND {where} ORDER BY t.position, t.id",
        [plan_id, *params],
    ).fetchall()
    keys = (
        "id",
        "code",
        "content",
        "lead_unit_id",
        "lead_name",
        "lead_text",
        "support",
        "deadline_kind",
        "due_date",
        "deadline_text",
        "status",
        "percent",
        "section",
    )
    out = []
    for r in rows:
        item = dict(zip(keys, r, strict=True))
        item["support"] = json.loads(item["support"] or "[]")
        item["lead"] = item["lead_name"] or item["lead_text"]
        out.append(item)
    return out


def plan_duties(db: sqlite_utils.Database, plan_id: int) -> list[dict]:
    rows = db.execute(
        "SELECT text, reporter, recipient, frequency, day, month FROM duties WHERE plan_id = ? ORDER BY id",
        [plan_id],
    ).fetchall()
    keys = ("text", "reporter", "recipient", "frequency", "day", "month")
    return [dict(zip(keys, r, strict=True)) for r in rows]


def plan_targets(db: sqlite_utils.Database, plan_id: int) -> list[dict]:
    rows = db.execute(
        'SELECT code, indicator, "values" FROM targets WHERE plan_id = ? ORDER BY id', [plan_id]
    ).fetchall()
    return [{"code": r[0], "indicator": r[1], "values": json.loads(r[2] or "{}")} for r in rows]


# --- units, people, invites, broadcasts --------------------------------------------------------------


def units(db: sqlite_utils.Database, vis: Visibility) -> list[tuple[int, str]]:
    """Units to filter by: every unit, an organization's, or the person's own."""
    if vis.everything:
        return [(r[0], r[1]) for r in db.execute("SELECT id, name FROM units ORDER BY name").fetchall()]
    ids = list(vis.unit_ids)
    clauses = []
    if ids:
        clauses.append(f"id IN ({', '.join('?' for _ in ids)})")
    if vis.org_ids:
        clauses.append(f"org_id IN ({', '.join('?' for _ in vis.org_ids)})")
        ids += list(vis.org_ids)
    if not clauses:
        return []
    rows = db.execute(f"SELECT id, name FROM units WHERE {' OR '.join(clauses)} ORDER BY name", ids)
    return [(r[0], r[1]) for r in rows.fetchall()]


def people(
    db: sqlite_utils.Database, unit_ids: tuple[int, ...] | None, org_ids: tuple[int, ...] | None = None
) -> list[dict]:
    """People (of `unit_ids`, or everyone when None; of `org_ids` when given) with their chat apps."""
    sql = (
        "SELECT p.id, p.name, p.role, u.name, p.active, p.language,"
        " (SELECT group_concat(channel, ', ') FROM identities i WHERE i.person_id = p.id AND i.active = 1)"
        " FROM people p LEFT JOIN units u ON u.id = p.unit_id"
    )
    params: list = []
    clauses = ["1 = 1"]
    if unit_ids is not None:
        if not unit_ids:
            return []
        clauses.append(f"p.unit_id IN ({', '.join('?' for _ in unit_ids)})")
        params += list(unit_ids)
    if org_ids is not None:
        clauses.append(f"p.org_id IN ({', '.join('?' for _ in org_ids) or 'NULL'})")
        params += list(org_ids)
    rows = db.execute(
        sql + " WHERE " + " AND ".join(clauses) + " ORDER BY p.role, u.name, p.name, p.id", params
    ).fetchall()
    keys = ("id", "name", "role", "unit", "active", "language", "channels")
    return [dict(zip(keys, r, strict=True)) for r in rows]


def invites(
    db: sqlite_utils.Database,
    unit_ids: tuple[int, ...] | None,
    org_ids: tuple[int, ...] | None = None,
    *,
    limit: int = 100,
) -> list[dict]:
    sql = (
        "SELECT i.code, i.role, u.name, c.name, i.created_at, i.expires_at, i.used_at, w.name"
        " FROM invites i LEFT JOIN units u ON u.id = i.unit_id LEFT JOIN people c ON c.id = i.created_by"
        " LEFT JOIN people w ON w.id = i.used_by WHERE i.person_id IS NULL"
    )
    params: list = []
    if unit_ids is not None:
        if not unit_ids:
            return []
        sql += f" AND i.unit_id IN ({', '.join('?' for _ in unit_ids)})"
        params = list(unit_ids)
    if org_ids is not None:
        sql += f" AND i.org_id IN ({', '.join('?' for _ in org_ids) or 'NULL'})"
        params += list(org_ids)
    rows = db.execute(sql + " ORDER BY i.created_at DESC LIMIT ?", [*params, limit]).fetchall()
    keys = ("code", "role", "unit", "created_by", "created_at", "expires_at", "used_at", "used_by")
    return [dict(zip(keys, r, strict=True)) for r in rows]


def broadcasts(
    db: sqlite_utils.Database, org_ids: tuple[int, ...] | None = None, *, limit: int = 50
) -> list[dict]:
    """Recent broadcasts (sent by people of `org_ids` when given) with their delivery counts by state."""
    where, params = "1 = 1", []
    if org_ids is not None:
        where = f"p.org_id IN ({', '.join('?' for _ in org_ids) or 'NULL'})"
        params = list(org_ids)
    rows = db.execute(
        "SELECT b.id, b.text, b.audience, b.state, b.total, b.created_at, b.finished_at, p.name,"
        f" b.attachment_name FROM broadcasts b LEFT JOIN people p ON p.id = b.created_by WHERE {where}"
        " ORDER BY b.id DESC LIMIT ?",
        [*params, limit],
    ).fetchall()
    out = []
    for r in rows:
        counts = dict(
            db.execute(
                "SELECT state, COUNT(*) FROM outbox WHERE broadcast_id = ? GROUP BY state", [r[0]]
            ).fetchall()
        )
        out.append(
            {
                "id": r[0],
                "text": r[1],
                "audience": json.loads(r[2] or "{}"),
                "state": r[3],
                "total": r[4],
                "created_at": r[5],
                "finished_at": r[6],
                "by": r[7],
                "attachment": r[8],
                "counts": counts,
            }
        )
    return out


def broadcast_failures(db: sqlite_utils.Database, broadcast_id: int, *, limit: int = 200) -> list[dict]:
    """Who a broadcast did not reach, and why."""
    rows = db.execute(
        "SELECT p.name, o.channel, o.state, o.last_error FROM outbox o LEFT JOIN people p ON p.id = o.person_id"
        " WHERE o.broadcast_id = ? AND o.state IN ('failed', 'blocked') ORDER BY p.name LIMIT ?",
        [broadcast_id, limit],
    ).fetchall()
    return [{"person": r[0], "channel": r[1], "state": r[2], "error": r[3]} for r in rows]


def people_of_units(db: sqlite_utils.Database, unit_ids: list[int]) -> list[dict]:
    """Active people of these units (whom a task can be assigned to)."""
    if not unit_ids:
        return []
    marks = ", ".join("?" for _ in unit_ids)
    rows = db.execute(
        "SELECT p.id, p.name, u.name FROM people p LEFT JOIN units u ON u.id = p.unit_id"
        f" WHERE p.active = 1 AND p.unit_id IN ({marks}) ORDER BY u.name, p.name",
        unit_ids,
    ).fetchall()
    return [{"id": r[0], "name": r[1], "unit": r[2]} for r in rows]


def task_unit_ids(db: sqlite_utils.Database, task_id: int) -> list[int]:
    rows = db.execute(
        "SELECT lead_unit_id FROM tasks WHERE id = ? AND lead_unit_id IS NOT NULL"
        " UNION SELECT unit_id FROM task_units WHERE task_id = ?",
        [task_id, task_id],
    ).fetchall()
    return [r[0] for r in rows]
