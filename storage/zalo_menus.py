"""The last numbered menu the Zalo adapter showed to a person in a chat (table `zalo_menus`, migration 4).

Zalo has no buttons: the adapter numbers a reply's buttons (handlers/numbered_menu.py) and keeps the
choices here as JSON dicts, so that "1", "2", ... typed later map back to the button actions — across
restarts too.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import sqlite_utils

from storage.db import transaction


def _stamp(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def save_menu(
    db: sqlite_utils.Database, chat_id: str, external_id: str, choices: list[dict], *, now: datetime
) -> None:
    """Replace the menu of (chat, user); an empty list forgets it."""
    with transaction(db):
        if not choices:
            db.execute(
                "DELETE FROM zalo_menus WHERE chat_id = ? AND external_id = ?",
                [str(chat_id), str(external_id)],
            )
            return
        db.execute(
            "INSERT INTO zalo_menus (chat_id, external_id, choices, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (chat_id, external_id) DO UPDATE SET choices = excluded.choices, "
            "updated_at = excluded.updated_at",
            [str(chat_id), str(external_id), json.dumps(choices, ensure_ascii=False), _stamp(now)],
        )


def load_menu(
    db: sqlite_utils.Database, chat_id: str, external_id: str, *, now: datetime, max_age: timedelta
) -> list[dict]:
    """The menu of (chat, user), or [] when there is none or it is older than `max_age`."""
    row = db.execute(
        "SELECT choices, updated_at FROM zalo_menus WHERE chat_id = ? AND external_id = ?",
        [str(chat_id), str(external_id)],
    ).fetchone()
    if row is None or row[1] < _stamp(now - max_age):
        return []
    try:
        choices = json.loads(row[0])
    except ValueError:
        return []
    return choices if isinstance(choices, list) else []


def zalo_users_in_chat(db: sqlite_utils.Database, chat_id: str) -> list[str]:
    """The Zalo user ids whose pushed messages go to `chat_id` (normally one: their private chat)."""
    rows = db.execute(
        "SELECT external_id FROM identities WHERE channel = 'zalo' AND chat_id = ? ORDER BY external_id",
        [str(chat_id)],
    ).fetchall()
    return [r[0] for r in rows]


def language_of_chat(db: sqlite_utils.Database, chat_id: str) -> str | None:
    """The language of the person a Zalo chat belongs to (for the menu hints of pushed messages)."""
    row = db.execute(
        "SELECT p.language FROM identities i JOIN people p ON p.id = i.person_id "
        "WHERE i.channel = 'zalo' AND i.chat_id = ? LIMIT 1",
        [str(chat_id)],
    ).fetchone()
    return row[0] if row else None


def invite_exists(db: sqlite_utils.Database, code: str) -> bool:
    """Whether `code` was issued as an invite (used or expired too): a bare code typed in Zalo is redeemed
    like "/start CODE" only then, so an ordinary ten-letter word is never mistaken for one."""
    return db.execute("SELECT 1 FROM invites WHERE code = ?", [code.strip().lower()]).fetchone() is not None
