"""Each chat's last question and list (table `qa_context`, migration 11), so that "tiếp", "trang 2",
"cái số 3 hạn khi nào", "nó" and "còn X thì sao?" continue it. Short-lived: a context older than TTL is
ignored and overwritten; one row per chat, so the table stays as small as the number of chats."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import sqlite_utils

from storage.db import transaction

TTL = timedelta(minutes=30)
MAX_IDS = 200


@dataclass
class Context:
    question: str
    unit_words: str = ""
    task_ids: list[int] = field(default_factory=list)
    page: int = 1
    focus: int | None = None


def _stamp(now: datetime) -> str:
    return now.astimezone(UTC).isoformat(timespec="seconds")


def save(db: sqlite_utils.Database, chat: str, ctx: Context, *, now: datetime) -> None:
    """Keep `ctx` as the chat's context (replacing the last one)."""
    with transaction(db):
        db.execute(
            "INSERT INTO qa_context (chat, question, unit_words, task_ids, page, focus, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(chat) DO UPDATE SET question = excluded.question, "
            "unit_words = excluded.unit_words, task_ids = excluded.task_ids, page = excluded.page, "
            "focus = excluded.focus, updated_at = excluded.updated_at",
            [
                chat,
                ctx.question,
                ctx.unit_words,
                json.dumps(ctx.task_ids[:MAX_IDS]),
                ctx.page,
                ctx.focus,
                _stamp(now),
            ],
        )


def load(db: sqlite_utils.Database, chat: str, *, now: datetime) -> Context | None:
    """The chat's context if it is younger than TTL."""
    row = db.execute(
        "SELECT question, unit_words, task_ids, page, focus FROM qa_context WHERE chat = ? AND updated_at >= ?",
        [chat, _stamp(now - TTL)],
    ).fetchone()
    if row is None:
        return None
    try:
        ids = [int(i) for i in json.loads(row[2] or "[]")]
    except (ValueError, TypeError):
        ids = []
    return Context(row[0], row[1] or "", ids, row[3] or 1, row[4])


def prune(db: sqlite_utils.Database, *, now: datetime) -> int:
    """Drop contexts older than TTL; returns how many."""
    with transaction(db):
        return db.execute("DELETE FROM qa_context WHERE updated_at < ?", [_stamp(now - TTL)]).rowcount
