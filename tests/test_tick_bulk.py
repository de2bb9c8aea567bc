"""The bulk writes of a reminder tick: `enqueue_messages` queues what `enqueue_message` would (same rows,
same payload text, same dedupe), and `claim_all` claims what one INSERT OR IGNORE per entry would."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.chat import Button
from storage import reminders as reminder_store
from storage.outbox import QueuedMessage, enqueue_message, enqueue_messages
from storage.reminders import LedgerEntry
from tests.test_outbox import NOW, add_person


def _rows(db):
    return db.execute(
        "SELECT message_key, person_id, channel, chat_id, priority, payload FROM outbox ORDER BY message_key, channel"
    ).fetchall()


def test_bulk_enqueue_matches_one_by_one(fresh_db, tmp_path):
    from storage.db import open_db

    other = open_db(tmp_path / "other.db")
    for db in (fresh_db, other):
        add_person(db, 1, chats=(("telegram", 11), ("zalo", "z1")))
        add_person(db, 2)
        add_person(db, 3, chats=())  # nobody to send to
    shared = [Button("📄 1.1 «Việc»", "td:5"), Button("🔕", "mt:5")]
    messages = [
        QueuedMessage(1, 'Nhắc việc <b>"1.1"</b> \\ ư', [shared, [Button("x", "td:6")]], "k1"),
        QueuedMessage(2, "Hai", [shared], "k2"),
        QueuedMessage(3, "Ba", [], "k3"),
        QueuedMessage(2, "Hai lần", [], "k2"),  # the same key again: queued once
    ]
    counts = enqueue_messages(fresh_db, messages, now=NOW)
    for m in messages:
        enqueue_message(
            other, person_id=m.person_id, text=m.text, buttons=m.buttons, dedupe_key=m.dedupe_key, now=NOW
        )
    assert _rows(fresh_db) == _rows(other)
    assert counts == {"k1": 2, "k2": 1, "k3": 0}
    assert enqueue_messages(fresh_db, messages[:1], now=NOW) == {"k1": 0}  # already queued
    other.conn.close()


def test_claim_all_claims_each_key_once(fresh_db):
    add_person(fresh_db, 1)
    add_person(fresh_db, 2)
    at = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
    first = LedgerEntry("task:1", 1, "before_3", "2026-11-26", at)
    again = LedgerEntry("task:1", 1, "before_3", "2026-11-26", at)
    second = LedgerEntry("task:1", 2, "before_3", "2026-11-26", at)
    with fresh_db.conn:
        reminder_store.claim(fresh_db, [first], message_key="earlier", now=at)
    claimed = reminder_store.claim_all(fresh_db, [("m1", [first, second]), ("m2", [again])], now=at)
    assert claimed == {second.key}
    rows = dict(fresh_db.execute("SELECT key, message_key FROM reminders").fetchall())
    assert rows == {first.key: "earlier", second.key: "m1"}
