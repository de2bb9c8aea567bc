"""Plan files sent in chat that wait for a confirmation before replacing a stored plan (table
`pending_plan_uploads`, migration 10).

The file itself is kept (and read again when confirmed), so a restart between the question and the tap
loses nothing. The first tap claims the row; a second tap finds it claimed and does nothing, so a
double tap replaces the plan once. A failed save releases the claim, so the admin can tap again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlite_utils

from storage.db import transaction

KEEP_FOR = timedelta(days=2)  # an unanswered question is forgotten after this
# A claim older than this was left by a save that never finished (the bot stopped mid-way): the file may
# be confirmed again. Reading and saving a plan takes seconds; the read alone is limited to 60 s.
CLAIM_TIMEOUT = timedelta(minutes=10)


@dataclass(frozen=True)
class PendingUpload:
    id: int
    person_id: int
    file_name: str
    content: bytes
    plan_id: int | None


def _text(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def hold_upload(
    db: sqlite_utils.Database,
    *,
    person_id: int,
    file_name: str,
    content: bytes,
    plan_id: int | None,
    now: datetime,
) -> int:
    """Keep a file until its sender confirms; returns its id. The sender's earlier question about the
    same plan, and every question older than KEEP_FOR, are dropped."""
    with transaction(db):
        db.execute("DELETE FROM pending_plan_uploads WHERE created_at < ?", [_text(now - KEEP_FOR)])
        db.execute(
            "DELETE FROM pending_plan_uploads WHERE person_id = ? AND plan_id IS ? AND claimed_at IS NULL",
            [person_id, plan_id],
        )
        return db.execute(
            "INSERT INTO pending_plan_uploads (person_id, file_name, content, plan_id, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            [person_id, file_name, content, plan_id, _text(now)],
        ).lastrowid


def claim_upload(
    db: sqlite_utils.Database, upload_id: int, person_id: int, *, now: datetime
) -> PendingUpload | None:
    """The held file, claimed for saving; None when it is unknown, someone else's, expired or claimed."""
    with transaction(db):
        claimed = db.execute(
            "UPDATE pending_plan_uploads SET claimed_at = ? WHERE id = ? AND person_id = ?"
            " AND (claimed_at IS NULL OR claimed_at < ?) AND created_at >= ?",
            [_text(now), upload_id, person_id, _text(now - CLAIM_TIMEOUT), _text(now - KEEP_FOR)],
        ).rowcount
        if not claimed:
            return None
        row = db.execute(
            "SELECT id, person_id, file_name, content, plan_id FROM pending_plan_uploads WHERE id = ?",
            [upload_id],
        ).fetchone()
    return PendingUpload(row[0], row[1], row[2], bytes(row[3]), row[4])


def release_upload(db: sqlite_utils.Database, upload_id: int) -> None:
    """The save failed: the file may be confirmed again."""
    db.execute("UPDATE pending_plan_uploads SET claimed_at = NULL WHERE id = ?", [upload_id])


def drop_upload(db: sqlite_utils.Database, upload_id: int, person_id: int) -> bool:
    """Forget a held file (saved, or cancelled by its sender); False when there was none to forget."""
    return bool(
        db.execute(
            "DELETE FROM pending_plan_uploads WHERE id = ? AND person_id = ?", [upload_id, person_id]
        ).rowcount
    )
