"""The questions behind paged answers (table `answer_lists`, migration 8).

A list answer longer than a page carries "next"/"previous" buttons that name the list; the list is
kept here, not in memory, so a button pressed after a restart (or on another worker) still pages.
Only the newest lists are kept: a button older than that gets "ask again".
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlite_utils

from storage.db import transaction

KEEP = 20_000  # lists kept; at ~200 bytes each a few MB, and weeks of questions for a commune


def save_list(db: sqlite_utils.Database, question_json: str, unit_id: int | None, *, now: datetime) -> int:
    """Store a list's question; returns its id. Lists beyond the newest KEEP are dropped."""
    with transaction(db):
        list_id = db.execute(
            "INSERT INTO answer_lists (question, unit_id, created_at) VALUES (?, ?, ?)",
            [question_json, unit_id, now.astimezone(UTC).isoformat(timespec="seconds")],
        ).lastrowid
        if list_id % 100 == 0:  # prune now and then: a range delete on the primary key
            db.execute("DELETE FROM answer_lists WHERE id <= ?", [list_id - KEEP])
    return list_id


def load_list(db: sqlite_utils.Database, list_id: int) -> tuple[str, int | None] | None:
    """(question JSON, unit id) of a stored list, or None when it is unknown or was dropped."""
    row = db.execute("SELECT question, unit_id FROM answer_lists WHERE id = ?", [list_id]).fetchone()
    return (row[0], row[1]) if row else None
