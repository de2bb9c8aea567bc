"""The reminders ledger, reminder preferences (pause, mutes) and the deployment's reminder policy setting.

Every reminder has a unique key: subject | recipient | kind | due date ("task:12|7|before_3|2026-11-30";
"duty:3|7|duty_due|2026-12-18"; the weekly overdue digest is "digest|7|overdue|2026-11-23", its due date
being the Monday of its week). A tick CLAIMS a key (INSERT OR IGNORE; a key already present is not sent
again, whatever process or restart planned it) in the same transaction that queues the digest in the
outbox, so claiming and queueing cannot come apart. The row is MARKED 'sent' when the outbox row carrying
it is sent (storage.outbox.mark_sent). The one unprotected instant, between the platform accepting the
message and that mark, is resolved on the REPEAT side; see storage/outbox.py for why.

The planning queries (what is due, to whom) live here too, so that `bot/reminders/` holds policy and
dates only: each returns small dataclasses (or ids), and the planner decides.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import sqlite_utils

from storage.db import transaction
from storage.outbox import timestamp

POLICY_SETTING = "reminder_policy"


@dataclass(frozen=True)
class LedgerEntry:
    subject: str
    person_id: int
    kind: str
    due_date: str  # ISO date
    scheduled_for: datetime
    late: bool = False

    @property
    def key(self) -> str:
        return ledger_key(self.subject, self.person_id, self.kind, self.due_date)


def ledger_key(subject: str, person_id: int, kind: str, due_date: str) -> str:
    return f"{subject}|{person_id}|{kind}|{due_date}"


def existing_keys(db: sqlite_utils.Database, *, due_from: str, due_to: str, subject_prefix: str) -> set[str]:
    """Keys already in the ledger for subjects starting with `subject_prefix` and due dates in the range."""
    return {
        r[0]
        for r in db.execute(
            "SELECT key FROM reminders WHERE due_date BETWEEN ? AND ? AND subject LIKE ?",
            [due_from, due_to, subject_prefix + "%"],
        ).fetchall()
    }


def claim(
    db: sqlite_utils.Database, entries: Iterable[LedgerEntry], *, message_key: str, now: datetime
) -> list[LedgerEntry]:
    """Insert the entries not yet in the ledger; return those this call claimed. Must run inside the
    transaction that also queues the message (the caller's)."""
    claimed: list[LedgerEntry] = []
    stamp = timestamp(now)
    for entry in entries:
        cursor = db.execute(
            "INSERT OR IGNORE INTO reminders (key, person_id, kind, subject, due_date, scheduled_for, state, late, "
            "message_key, claimed_at) VALUES (?, ?, ?, ?, ?, ?, 'claimed', ?, ?, ?)",
            [
                entry.key,
                entry.person_id,
                entry.kind,
                entry.subject,
                entry.due_date,
                timestamp(entry.scheduled_for),
                int(entry.late),
                message_key,
                stamp,
            ],
        )
        if cursor.rowcount:
            claimed.append(entry)
    return claimed


def claim_all(
    db: sqlite_utils.Database, batches: Iterable[tuple[str, Sequence[LedgerEntry]]], *, now: datetime
) -> set[str]:
    """`claim` for a whole tick: each (message key, entries) batch is one digest. Returns the keys this
    call claimed (those not in the ledger yet). One look-up and one bulk insert, however many entries;
    must run inside the caller's write transaction (BEGIN IMMEDIATE holds the write lock, so no other
    process can claim a key between the look-up and the insert; INSERT OR IGNORE stays as a guard)."""
    stamp = timestamp(now)
    scheduled: dict[datetime, str] = {}
    rows: dict[str, tuple] = {}
    for message_key, entries in batches:
        for entry in entries:
            key = entry.key
            if key in rows:  # the first digest to name a key claims it, as one INSERT OR IGNORE would
                continue
            when = scheduled.get(entry.scheduled_for)
            if when is None:
                when = scheduled[entry.scheduled_for] = timestamp(entry.scheduled_for)
            rows[key] = (
                key,
                entry.person_id,
                entry.kind,
                entry.subject,
                entry.due_date,
                when,
                int(entry.late),
                message_key,
                stamp,
            )
    if not rows:
        return set()
    # The keys already claimed are among those of the same due dates (few: earlier ticks of the week).
    dues = [row[4] for row in rows.values()]
    present = {
        r[0]
        for r in db.execute(
            "SELECT key FROM reminders WHERE due_date BETWEEN ? AND ?", [min(dues), max(dues)]
        ).fetchall()
    }
    new = [row for key, row in rows.items() if key not in present]
    db.conn.executemany(
        "INSERT OR IGNORE INTO reminders (key, person_id, kind, subject, due_date, scheduled_for, state, late, "
        "message_key, claimed_at) VALUES (?, ?, ?, ?, ?, ?, 'claimed', ?, ?, ?)",
        new,
    )
    return {row[0] for row in new}


def drop(db: sqlite_utils.Database, entries: Iterable[LedgerEntry], *, now: datetime) -> int:
    """Record entries as dropped (nobody to send them to), so they are not planned again."""
    count = 0
    stamp = timestamp(now)
    for entry in entries:
        count += db.execute(
            "INSERT OR IGNORE INTO reminders (key, person_id, kind, subject, due_date, scheduled_for, state, late, "
            "claimed_at) VALUES (?, ?, ?, ?, ?, ?, 'dropped', ?, ?)",
            [
                entry.key,
                entry.person_id,
                entry.kind,
                entry.subject,
                entry.due_date,
                timestamp(entry.scheduled_for),
                int(entry.late),
                stamp,
            ],
        ).rowcount
    return count


def ledger_rows(db: sqlite_utils.Database, person_id: int | None = None) -> list[dict]:
    sql = "SELECT key, person_id, kind, subject, due_date, state, late, message_key FROM reminders"
    params: list = []
    if person_id is not None:
        sql += " WHERE person_id = ?"
        params.append(person_id)
    cols = ["key", "person_id", "kind", "subject", "due_date", "state", "late", "message_key"]
    return [dict(zip(cols, r, strict=True)) for r in db.execute(sql + " ORDER BY key", params).fetchall()]


# --- preferences ------------------------------------------------------------------------------------


def set_paused(db: sqlite_utils.Database, person_id: int, paused: bool) -> bool:
    """Pause or resume all reminders of a person; returns whether the value changed."""
    with transaction(db):
        return bool(
            db.execute(
                "UPDATE people SET reminders_paused = ? WHERE id = ? AND reminders_paused != ?",
                [int(paused), person_id, int(paused)],
            ).rowcount
        )


def mute_task(db: sqlite_utils.Database, person_id: int, task_id: int) -> bool:
    """Stop reminders about one task for one person; False if it was already muted."""
    with transaction(db):
        return bool(
            db.execute(
                "INSERT OR IGNORE INTO mutes (person_id, task_id) VALUES (?, ?)", [person_id, task_id]
            ).rowcount
        )


def unmute_all(db: sqlite_utils.Database, person_id: int) -> int:
    with transaction(db):
        return db.execute("DELETE FROM mutes WHERE person_id = ?", [person_id]).rowcount


def muted_count(db: sqlite_utils.Database, person_id: int) -> int:
    return db.execute("SELECT COUNT(*) FROM mutes WHERE person_id = ?", [person_id]).fetchone()[0]


# --- policy setting ---------------------------------------------------------------------------------


def load_policy_setting(db: sqlite_utils.Database) -> dict | None:
    row = db.execute("SELECT value FROM settings WHERE key = ?", [POLICY_SETTING]).fetchone()
    if not row:
        return None
    try:
        value = json.loads(row[0])
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def save_policy_setting(db: sqlite_utils.Database, value: dict) -> None:
    with transaction(db):
        db.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [POLICY_SETTING, json.dumps(value, ensure_ascii=False)],
        )


# --- planning queries -------------------------------------------------------------------------------

# Open work with a real date: done tasks and recurring / conditional / undated deadlines get no reminder.
_OPEN_DATED_TASK = "t.status != 'done' AND t.deadline_kind IN ('date', 'month')"
_OVERDUE = f"t.due_date < :today AND {_OPEN_DATED_TASK}"


def _chunks(values: Sequence, size: int) -> Iterator[Sequence]:
    for i in range(0, len(values), size):
        yield values[i : i + size]


def eligible_people(db: sqlite_utils.Database) -> set[int]:
    """People who can receive a push now: active, not paused, with at least one active chat identity.
    Computed once per tick (one pass over people) and applied in Python, which keeps the task queries
    simple joins on indexes."""
    return {
        r[0]
        for r in db.execute(
            "SELECT DISTINCT i.person_id FROM identities i JOIN people p ON p.id = i.person_id "
            "WHERE i.active = 1 AND p.active = 1 AND p.reminders_paused = 0"
        ).fetchall()
    }


@dataclass(frozen=True, slots=True)
class TaskDeadlineRow:
    """A task due in the window and one person to remind of it (not muted by that person)."""

    person_id: int
    task_id: int
    due_date: str  # ISO date
    code: str | None  # the task's reference ("1.1-2"), unique in its plan; the printed code when none
    content: str
    plan: str | None  # the plan's number
    unit: str | None  # the lead unit's name


@dataclass(frozen=True, slots=True)
class DueTask:
    """A task due in the window and the people to remind of it (none of whom muted it), by id."""

    task_id: int
    due_date: str  # ISO date
    code: str | None  # the task's reference ("1.1-2"), unique in its plan; the printed code when none
    content: str
    plan: str | None  # the plan's number
    unit: str | None  # the lead unit's name
    recipients: tuple[int, ...]


def task_deadlines(db: sqlite_utils.Database, *, due_from: str, due_to: str) -> list[DueTask]:
    """Open dated tasks due between the two ISO dates (inclusive), by due date then task, each with its
    recipients: the active people assigned to it, or when nobody is, the leaders of its lead unit. A task
    a plan gives to all communes also goes to the admins and leaders of each child organization that has
    not finished its own instance. People who muted the task are left out.

    Two queries: the tasks (few: those due within the window), then the (task, person) pairs; each task's
    text is read once however many people get it (a city task reaches every commune)."""
    params = {"first": due_from, "last": due_to}
    tasks = db.execute(
        "SELECT t.id, t.due_date, COALESCE(t.ref, t.code), t.content, pl.number, u.name FROM tasks t "
        "JOIN plans pl ON pl.id = t.plan_id LEFT JOIN units u ON u.id = t.lead_unit_id "
        f"WHERE t.due_date BETWEEN :first AND :last AND {_OPEN_DATED_TASK} ORDER BY t.due_date, t.id",
        params,
    ).fetchall()
    if not tasks:
        return []
    sql = f"""
        WITH cand AS MATERIALIZED (
            SELECT t.id, t.plan_id, t.lead_unit_id, t.audience_org_id FROM tasks t
            WHERE t.due_date BETWEEN :first AND :last AND {_OPEN_DATED_TASK}
        ),
        assigned AS MATERIALIZED (
            SELECT a.task_id, a.person_id FROM assignments a JOIN cand c ON c.id = a.task_id
            JOIN people p ON p.id = a.person_id AND p.active = 1
        ),
        pairs AS (
            SELECT task_id, person_id FROM assigned
            UNION
            SELECT c.id, p.id FROM cand c JOIN people p ON p.unit_id = c.lead_unit_id AND p.role = 'leader'
            WHERE NOT EXISTS (SELECT 1 FROM assigned x WHERE x.task_id = c.id)
            UNION
            SELECT c.id, p.id FROM cand c CROSS JOIN orgs o ON o.parent_id = c.audience_org_id
            CROSS JOIN people p ON p.org_id = o.id AND p.role IN ('admin', 'leader') AND p.active = 1
            WHERE c.audience_org_id IS NOT NULL AND NOT EXISTS (
                SELECT 1 FROM task_org_status s WHERE s.task_id = c.id AND s.org_id = o.id AND s.status = 'done')
            UNION
            -- led by a collective ("Các phòng, ban, ngành"): the leaders of every unit of its plan. Spelled
            -- out for the candidate tasks only, in this order (CROSS JOIN): the collective_task_units view
            -- would be built for every collective task of every plan, and another order walks every
            -- leader's units (seconds in a province).
            SELECT c.id, p.id FROM cand c CROSS JOIN units cu ON cu.id = c.lead_unit_id AND cu.collective = 'units'
            CROSS JOIN tasks t2 ON t2.plan_id = c.plan_id CROSS JOIN task_units tu ON tu.task_id = t2.id
            CROSS JOIN units mu ON mu.id = tu.unit_id AND mu.collective IS NULL
            CROSS JOIN people p ON p.unit_id = tu.unit_id AND p.role = 'leader'
            WHERE NOT EXISTS (SELECT 1 FROM assigned x WHERE x.task_id = c.id)
        )
        SELECT pr.task_id, pr.person_id FROM pairs pr
        WHERE NOT EXISTS (SELECT 1 FROM mutes m WHERE m.person_id = pr.person_id AND m.task_id = pr.task_id)
        ORDER BY pr.task_id, pr.person_id
    """
    recipients: dict[int, list[int]] = defaultdict(list)
    for task_id, person_id in db.execute(sql, params).fetchall():
        recipients[task_id].append(person_id)
    return [DueTask(*row, tuple(recipients[row[0]])) for row in tasks if row[0] in recipients]


def task_deadline_rows(db: sqlite_utils.Database, *, due_from: str, due_to: str) -> list[TaskDeadlineRow]:
    """`task_deadlines` one row per (recipient, task), by due date then task."""
    return [
        TaskDeadlineRow(pid, t.task_id, t.due_date, t.code, t.content, t.plan, t.unit)
        for t in task_deadlines(db, due_from=due_from, due_to=due_to)
        for pid in t.recipients
    ]


@dataclass(frozen=True, slots=True)
class LeaderRow:
    person_id: int
    unit_id: int
    org_id: int | None = None


def unit_leaders(db: sqlite_utils.Database) -> list[LeaderRow]:
    """Every leader with a unit, by person id, with their organization."""
    return [
        LeaderRow(*r)
        for r in db.execute(
            "SELECT p.id, p.unit_id, p.org_id FROM people p WHERE p.role = 'leader' AND p.unit_id IS NOT NULL "
            "ORDER BY p.id"
        ).fetchall()
    ]


def admin_ids(db: sqlite_utils.Database) -> list[int]:
    return [
        r[0] for r in db.execute("SELECT p.id FROM people p WHERE p.role = 'admin' ORDER BY p.id").fetchall()
    ]


def admin_orgs(db: sqlite_utils.Database) -> dict[int, int | None]:
    """Each admin's organization (None: the whole deployment), by person id."""
    return {
        r[0]: r[1]
        for r in db.execute(
            "SELECT p.id, p.org_id FROM people p WHERE p.role = 'admin' ORDER BY p.id"
        ).fetchall()
    }


def overdue_by_org(
    db: sqlite_utils.Database, *, today: str, due_on_or_before: str, org_ids: Iterable[int], first: int
) -> dict[int, UnitOverdue]:
    """For each organization among `org_ids` whose plans hold work overdue since the cutoff: its `first`
    oldest such tasks and the total. One walk of the tasks' ids and dates for all the organizations (the
    first of each kept here), then one read of the kept tasks' texts."""
    orgs = sorted(set(org_ids))
    if not orgs:
        return {}
    kept: dict[int, list[int]] = defaultdict(list)
    totals: dict[int, int] = defaultdict(int)
    for org_id, task_id in db.execute(
        f"SELECT t.org_id, t.id FROM tasks t WHERE {_OVERDUE} AND t.due_date <= :cutoff "
        "AND t.org_id IN (SELECT value FROM json_each(:orgs)) ORDER BY t.org_id, t.due_date, t.id",
        {"today": today, "cutoff": due_on_or_before, "orgs": "[" + ",".join(map(str, orgs)) + "]"},
    ).fetchall():
        totals[org_id] += 1
        if totals[org_id] <= first:
            kept[org_id].append(task_id)
    details = {
        r[0]: OverdueTask(*r)
        for r in db.execute(
            "SELECT t.id, t.due_date, COALESCE(t.ref, t.code), t.content, pl.number, u.name "
            "FROM json_each(?) j CROSS JOIN tasks t ON t.id = j.value JOIN plans pl ON pl.id = t.plan_id "
            "LEFT JOIN units u ON u.id = t.lead_unit_id",
            ["[" + ",".join(str(i) for ids in kept.values() for i in ids) + "]"],
        ).fetchall()
    }
    return {
        org_id: UnitOverdue(totals[org_id], [details[i] for i in ids if i in details])
        for org_id, ids in kept.items()
    }


def overdue_in_orgs(
    db: sqlite_utils.Database, *, today: str, due_on_or_before: str, org_ids: Iterable[int], first: int
) -> UnitOverdue:
    """The `first` oldest tasks overdue since the cutoff in the plans of `org_ids` together, and how many
    (a city's subtree of thousands of communes: one count and one ordered walk, not a list per commune)."""
    params = {
        "today": today,
        "cutoff": due_on_or_before,
        "first": first,
        "orgs": "[" + ",".join(str(int(o)) for o in sorted(set(org_ids))) + "]",
    }
    where = f"{_OVERDUE} AND t.due_date <= :cutoff AND t.org_id IN (SELECT value FROM json_each(:orgs))"
    total = db.execute(f"SELECT COUNT(*) FROM tasks t WHERE {where}", params).fetchone()[0]
    rows = db.execute(
        "SELECT t.id, t.due_date, COALESCE(t.ref, t.code), t.content, pl.number, u.name FROM tasks t "
        "JOIN plans pl ON pl.id = t.plan_id LEFT JOIN units u ON u.id = t.lead_unit_id "
        f"WHERE {where} ORDER BY t.due_date, t.id LIMIT :first",
        params,
    ).fetchall()
    return UnitOverdue(total, [OverdueTask(*r) for r in rows])


def duty_recipients(
    db: sqlite_utils.Database, reporters: Iterable[tuple[int | None, int | None]]
) -> dict[tuple[int | None, int | None], list[int]]:
    """`duty_recipient_ids` for many (unit id, org id) reporters: the people of all the plain reporting
    units in one query (a province has a duty per commune); the others one by one."""
    wanted = set(reporters)
    units = sorted({unit for unit, _ in wanted if unit is not None})
    ids = "[" + ",".join(str(int(u)) for u in units) + "]"
    collective = {
        r[0]
        for r in db.execute(
            "SELECT u.id FROM units u JOIN json_each(?) j ON j.value = u.id WHERE u.collective IS NOT NULL",
            [ids],
        ).fetchall()
    }
    people: dict[int, list[int]] = defaultdict(list)
    for unit_id, person_id in db.execute(
        "SELECT p.unit_id, p.id FROM people p JOIN json_each(?) j ON j.value = p.unit_id ORDER BY p.unit_id, p.id",
        [ids],
    ).fetchall():
        people[unit_id].append(person_id)
    return {
        (unit, org): people.get(unit, [])
        if unit is not None and unit not in collective
        else duty_recipient_ids(db, unit, org)
        for unit, org in wanted
    }


def duty_recipient_ids(
    db: sqlite_utils.Database, unit_id: int | None, org_id: int | None = None
) -> list[int]:
    """The people of a reporting unit, or when the duty names no unit every leader (of the plan's
    organization when it has one); by id. A collective reporter ("Các phòng, ban, ngành báo cáo ...") means
    the leaders of every unit of the plans naming it."""
    if unit_id is None and org_id is not None:
        sql, params = "SELECT p.id FROM people p WHERE p.role = 'leader' AND p.org_id = ?", [org_id]
    elif unit_id is None:
        sql, params = "SELECT p.id FROM people p WHERE p.role = 'leader'", []
    elif db.execute("SELECT 1 FROM units WHERE id = ? AND collective IS NOT NULL", [unit_id]).fetchone():
        sql = (
            "SELECT p.id FROM people p WHERE p.role = 'leader' AND p.unit_id IN ("
            " SELECT tu.unit_id FROM task_units tu JOIN tasks t ON t.id = tu.task_id"
            " JOIN units u ON u.id = tu.unit_id AND u.collective IS NULL"
            " WHERE t.plan_id IN (SELECT plan_id FROM duties WHERE reporter_unit_id = :c"
            "  UNION SELECT t2.plan_id FROM task_units x JOIN tasks t2 ON t2.id = x.task_id WHERE x.unit_id = :c))"
        )
        return [r[0] for r in db.execute(sql + " ORDER BY p.id", {"c": unit_id}).fetchall()]
    else:
        sql, params = "SELECT p.id FROM people p WHERE p.unit_id = ?", [unit_id]
    return [r[0] for r in db.execute(sql + " ORDER BY p.id", params).fetchall()]


@dataclass(frozen=True, slots=True)
class OverdueMute:
    """A person's mute on a task that is overdue."""

    person_id: int
    task_id: int
    unit_id: int | None  # the task's lead unit
    due_date: str


def overdue_mutes(db: sqlite_utils.Database, *, today: str) -> list[OverdueMute]:
    return [
        OverdueMute(*r)
        for r in db.execute(
            "SELECT m.person_id, m.task_id, t.lead_unit_id, t.due_date FROM mutes m JOIN tasks t ON t.id = m.task_id "
            f"WHERE {_OVERDUE}",
            {"today": today},
        ).fetchall()
    ]


@dataclass(frozen=True, slots=True)
class OverdueTask:
    task_id: int
    due_date: str
    code: str | None  # the task's reference ("1.1-2"), unique in its plan; the printed code when none
    content: str
    plan: str | None
    unit: str | None


@dataclass
class UnitOverdue:
    """A unit's first overdue tasks (oldest first) and how many it has in all."""

    total: int = 0
    tasks: list[OverdueTask] = field(default_factory=list)


def overdue_by_unit(
    db: sqlite_utils.Database, *, today: str, unit_ids: Iterable[int], first: int
) -> dict[int, UnitOverdue]:
    """For each unit that leads overdue work: its `first` oldest overdue tasks and the total. Window
    functions keep this one pass however many units ask."""
    found: dict[int, UnitOverdue] = defaultdict(UnitOverdue)
    units = sorted(set(unit_ids))
    if not units:
        return {}
    # One walk of the tasks_lead index for all the units, the first rows kept here: a window function
    # ranking the same rows costs twice as much, since a unit rarely has many more than `first`.
    rows = db.execute(
        "SELECT t.lead_unit_id, t.id, t.due_date, COALESCE(t.ref, t.code), t.content, pl.number, u.name "
        "FROM tasks t JOIN plans pl ON pl.id = t.plan_id LEFT JOIN units u ON u.id = t.lead_unit_id "
        f"WHERE {_OVERDUE} AND t.lead_unit_id IN (SELECT value FROM json_each(:units)) "
        "ORDER BY t.lead_unit_id, t.due_date, t.id",
        {"today": today, "units": "[" + ",".join(str(int(u)) for u in units) + "]"},
    ).fetchall()
    for unit_id, *task in rows:
        unit = found[unit_id]
        unit.total += 1
        if unit.total <= first:
            unit.tasks.append(OverdueTask(*task))
    return dict(found)


@dataclass
class SharedOverdue:
    """The overdue tasks that parents' plans give to every commune ("UBND các xã, phường"), as each
    organization does them: a task is overdue for an organization until its own instance is done."""

    by_parent: dict[int, list[OverdueTask]] = field(default_factory=dict)
    parent_of: dict[int, int] = field(default_factory=dict)
    org_name: dict[int, str] = field(default_factory=dict)
    done: set[tuple[int, int]] = field(default_factory=set)  # (task id, org id) instances finished
    _done_count: dict[int, int] | None = None
    _first: dict[tuple[int, int], tuple[list[OverdueTask], int]] = field(default_factory=dict)

    def first(self, org_id: int | None, limit: int) -> tuple[list[OverdueTask], int]:
        """`org_id`'s `limit` oldest overdue instances and how many it has (no list of all of them); the
        same objects for every caller (each leader of a commune)."""
        tasks = self.by_parent.get(self.parent_of.get(org_id)) if org_id is not None else None
        if not tasks:
            return [], 0
        made = self._first.get((org_id, limit))
        if made is not None:
            return made
        name = self.org_name.get(org_id)
        if self._done_count is None:
            self._done_count = defaultdict(int)
            for _task_id, done_org in self.done:
                self._done_count[done_org] += 1
        done = self._done_count.get(org_id, 0)
        shown = []
        for t in tasks:
            if len(shown) == limit:
                break
            if (t.task_id, org_id) not in self.done:
                shown.append(OverdueTask(t.task_id, t.due_date, t.code, t.content, t.plan, name or t.unit))
        made = self._first[(org_id, limit)] = (shown, len(tasks) - done)
        return made

    def of(self, org_id: int | None) -> list[OverdueTask]:
        """`org_id`'s overdue instances, oldest first, its own name as their unit (it leads them)."""
        tasks = self.by_parent.get(self.parent_of.get(org_id)) if org_id is not None else None
        if not tasks:
            return []
        name = self.org_name.get(org_id)
        return [
            OverdueTask(t.task_id, t.due_date, t.code, t.content, t.plan, name or t.unit)
            for t in tasks
            if (t.task_id, org_id) not in self.done
        ]


def shared_overdue(
    db: sqlite_utils.Database, *, today: str, org_ids: Iterable[int], due_on_or_before: str | None = None
) -> SharedOverdue:
    """The shared tasks overdue (and due on or before the cutoff, when given) for the organizations
    `org_ids`, by their own status. Three queries however many organizations: their parents, the
    parents' shared overdue tasks (few), and which organizations finished which of them."""
    found = SharedOverdue()
    ids = "[" + ",".join(str(int(i)) for i in sorted(set(org_ids))) + "]"
    for org_id, parent_id, name in db.execute(
        "SELECT o.id, o.parent_id, o.name FROM orgs o JOIN json_each(?) j ON j.value = o.id "
        "WHERE o.parent_id IS NOT NULL",
        [ids],
    ).fetchall():
        found.parent_of[org_id] = parent_id
        found.org_name[org_id] = name
    parents = sorted(set(found.parent_of.values()))
    if not parents:
        return found
    rows = db.execute(
        "SELECT t.audience_org_id, t.id, t.due_date, COALESCE(t.ref, t.code), t.content, pl.number, u.name "
        "FROM tasks t JOIN plans pl ON pl.id = t.plan_id LEFT JOIN units u ON u.id = t.lead_unit_id "
        f"WHERE t.audience_org_id IN (SELECT value FROM json_each(:parents)) AND {_OVERDUE} "
        "AND t.due_date <= :cutoff ORDER BY t.due_date, t.id",
        {
            "parents": "[" + ",".join(map(str, parents)) + "]",
            "today": today,
            "cutoff": due_on_or_before or today,
        },
    ).fetchall()
    for parent_id, *task in rows:
        found.by_parent.setdefault(parent_id, []).append(OverdueTask(*task))
    task_ids = [r[1] for r in rows]
    if task_ids:
        found.done = {
            (r[0], r[1])
            for r in db.execute(
                "SELECT s.task_id, s.org_id FROM task_org_status s JOIN json_each(?) j ON j.value = s.task_id "
                "WHERE s.status = 'done'",
                ["[" + ",".join(map(str, task_ids)) + "]"],
            ).fetchall()
        }
    return found


def count_overdue_since(db: sqlite_utils.Database, *, today: str, due_on_or_before: str) -> int:
    """How many open tasks are overdue and were due on or before the given day (escalation)."""
    return db.execute(
        f"SELECT COUNT(*) FROM tasks t WHERE {_OVERDUE} AND t.due_date <= :cutoff",
        {"today": today, "cutoff": due_on_or_before},
    ).fetchone()[0]


def overdue_since(
    db: sqlite_utils.Database, *, today: str, due_on_or_before: str, limit: int
) -> list[OverdueTask]:
    """The oldest `limit` open tasks overdue and due on or before the given day."""
    return [
        OverdueTask(*r)
        for r in db.execute(
            "SELECT t.id, t.due_date, COALESCE(t.ref, t.code), t.content, pl.number, u.name FROM tasks t "
            "JOIN plans pl ON pl.id = t.plan_id LEFT JOIN units u ON u.id = t.lead_unit_id "
            f"WHERE {_OVERDUE} AND t.due_date <= :cutoff ORDER BY t.due_date, t.id LIMIT :limit",
            {"today": today, "cutoff": due_on_or_before, "limit": limit},
        ).fetchall()
    ]


@dataclass(frozen=True, slots=True)
class DutyRow:
    """A reporting duty with a fixed day (weekly: day of week 1-7; monthly, quarterly, yearly)."""

    duty_id: int
    text: str
    unit_id: int | None  # the reporting unit
    frequency: str
    day: int
    month: int | None
    plan: str | None
    unit: str | None
    org_id: int | None = None  # the plan's organization


def reporting_duties(db: sqlite_utils.Database, frequencies: Sequence[str]) -> list[DutyRow]:
    """Duties of these frequencies that name a day (the others cannot be dated)."""
    if not frequencies:
        return []
    return [
        DutyRow(*r)
        for r in db.execute(
            "SELECT d.id, d.text, d.reporter_unit_id, d.frequency, d.day, d.month, pl.number, u.name, pl.org_id "
            "FROM duties d JOIN plans pl ON pl.id = d.plan_id LEFT JOIN units u ON u.id = d.reporter_unit_id "
            f"WHERE d.frequency IN ({','.join('?' * len(frequencies))}) AND d.day IS NOT NULL",
            list(frequencies),
        ).fetchall()
    ]


@dataclass(frozen=True, slots=True)
class Recipient:
    person_id: int
    name: str
    language: str


def recipients(db: sqlite_utils.Database, person_ids: Iterable[int]) -> dict[int, Recipient]:
    """Name and language of each person (ids not found are absent)."""
    found: dict[int, Recipient] = {}
    ids = sorted(set(person_ids))
    for chunk in _chunks(ids, 900):
        for row in db.execute(
            f"SELECT id, name, language FROM people WHERE id IN ({','.join('?' * len(chunk))})", list(chunk)
        ).fetchall():
            found[row[0]] = Recipient(*row)
    return found


def org_subtrees(db: sqlite_utils.Database, org_ids: Iterable[int]) -> dict[int, list[int]]:
    """Each organization of `org_ids` with every organization under it (itself first): one read of the
    tree, however many organizations ask (a province's communes each have an admin)."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for org_id, parent_id in db.execute("SELECT id, parent_id FROM orgs ORDER BY id").fetchall():
        children[parent_id].append(org_id)
    found: dict[int, list[int]] = {}
    for org_id in set(org_ids):
        tree, todo, seen = [], [org_id], {org_id}
        while todo:
            current = todo.pop()
            tree.append(current)
            for child in children.get(current, ()):
                if child not in seen:
                    seen.add(child)
                    todo.append(child)
        found[org_id] = tree
    return found
