"""The reminders ledger, reminder preferences (pause, mutes) and the deployment's reminder policy setting.

Every reminder has a unique key: subject | recipient | kind | due date ("task:12|7|before_3|2026-11-30";
"duty:3|7|duty_due|2026-12-18"; the weekly overdue digest is "digest|7|overdue|2026-11-23", its due date
being the Monday of its week). A tick CLAIMS a key (INSERT OR IGNORE; a key already present is not sent
again, whatever process or restart planned it) in the same transaction that queues the digest in the
outbox, so claiming and queueing cannot come apart. The row is MARKED 'sent' when the outbox row carrying
it is sent (storage.outbox.mark_sent). The one unprotected instant, between the platform accepting the
message and that mark, is resolved on the REPEAT side; see storage/outbox.py for why.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
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
