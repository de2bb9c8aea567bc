"""The persistent outbox: every pushed message (reminder digest, broadcast notice, delivery report) is a
row here first, one row per recipient chat, and a sender drains it.

Row life: pending → sending (claimed just before the platform call) → sent | failed | blocked, or back to
pending with a later `next_attempt_at` for retries.

Exactly-once boundary. A row is marked 'sending' (committed) before the platform call and 'sent'
(committed) right after it. If the process is killed between the platform accepting a message and that
mark, the row is still 'sending' at the next start. `recover_in_flight` puts such rows back to 'pending':
we chose to REPEAT rather than LOSE, because a missed deadline reminder or notice costs an official far
more than seeing one message twice, and the repeats are bounded by the messages in flight at the kill
(the sender's concurrency, a handful), whereas losing would silently drop them with nobody noticing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlite_utils

from storage.db import transaction
from storage.errors import NotFound, StorageError

PRIORITY_URGENT = -1  # sent even in quiet hours (a notice the admin marked urgent, and its report)
PRIORITY_NORMAL = 0  # reminders, reports, alerts
PRIORITY_BROADCAST = 1  # a 10,000-recipient notice must not hold back today's reminders

AUDIENCE_KINDS = ("all", "unit", "role", "plan")
ROLES = ("admin", "leader", "member")


class BadAudience(StorageError):
    """An audience description the outbox does not understand."""


def timestamp(moment: datetime | None = None) -> str:
    """UTC ISO text with a fixed shape, so string order is time order."""
    moment = moment or datetime.now(UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def _button_json(button) -> dict:
    if isinstance(button, dict):
        return {"label": str(button["label"]), "action": str(button["action"])}
    return {"label": button.label, "action": button.action}


def make_payload(text: str, buttons=None, attachment: dict | None = None) -> str:
    rows = [[_button_json(b) for b in row] for row in (buttons or []) if row]
    return json.dumps({"text": text, "buttons": rows, "attachment": attachment}, ensure_ascii=False)


def _payload_reusing_rows(text: str, buttons, encoded: dict[tuple[int, ...], tuple[list, str]]) -> str:
    """`make_payload`, with each row of Button objects encoded once for all the messages that show it (a
    tick's digests share their task buttons): the same text `make_payload` gives."""
    parts = []
    for row in buttons or []:
        if not row:
            continue
        row_key = tuple(map(id, row))
        found = encoded.get(row_key)
        if found is None:  # the row is kept beside its text, so the ids cannot be reused meanwhile
            found = encoded[row_key] = (row, json.dumps([_button_json(b) for b in row], ensure_ascii=False))
        parts.append(found[1])
    return (
        '{"text": '
        + json.dumps(text, ensure_ascii=False)
        + ', "buttons": ['
        + ", ".join(parts)
        + '], "attachment": null}'
    )


def enqueue_message(
    db: sqlite_utils.Database,
    *,
    person_id: int,
    text: str,
    buttons=None,
    dedupe_key: str,
    broadcast_id: int | None = None,
    attachment: dict | None = None,
    priority: int = PRIORITY_NORMAL,
    now: datetime | None = None,
) -> list[int]:
    """Queue `text` (reply HTML, user text already escaped) for every active identity of the person.

    Returns the new outbox row ids; a `dedupe_key` that was already queued is a no-op (returns []), and so
    is a person without an active identity. Joins the caller's transaction if there is one.
    """
    created = timestamp(now)
    payload = make_payload(text, buttons, attachment)
    with transaction(db):
        if db.execute("SELECT 1 FROM outbox WHERE message_key = ? LIMIT 1", [dedupe_key]).fetchone():
            return []
        targets = db.execute(
            "SELECT channel, chat_id FROM identities WHERE person_id = ? AND active = 1 ORDER BY channel, chat_id",
            [person_id],
        ).fetchall()
        ids: list[int] = []
        for channel, chat_id in targets:
            cursor = db.execute(
                "INSERT OR IGNORE INTO outbox (message_key, broadcast_id, person_id, channel, chat_id, priority, "
                "payload, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [dedupe_key, broadcast_id, person_id, channel, chat_id, priority, payload, created],
            )
            if cursor.rowcount:
                ids.append(cursor.lastrowid)
        return ids


@dataclass(frozen=True, slots=True)
class QueuedMessage:
    """One message of a bulk enqueue (`enqueue_messages`)."""

    person_id: int
    text: str
    buttons: list
    dedupe_key: str


def enqueue_messages(
    db: sqlite_utils.Database,
    messages: list[QueuedMessage],
    *,
    priority: int = PRIORITY_NORMAL,
    now: datetime | None = None,
) -> dict[str, int]:
    """`enqueue_message` for many messages at once (a reminder tick's digests): one look-up of the keys
    already queued, one of the recipients' active identities, one bulk insert. Returns how many outbox
    rows each dedupe key got (0: already queued, or nobody to send to). Joins the caller's transaction."""
    created = timestamp(now)
    queued: dict[str, int] = {m.dedupe_key: 0 for m in messages}
    if not messages:
        return queued
    with transaction(db):
        present = {
            r[0]
            for r in db.execute(
                "SELECT DISTINCT o.message_key FROM outbox o JOIN json_each(?) j ON j.value = o.message_key",
                [json.dumps(list(queued), ensure_ascii=False)],
            ).fetchall()
        }
        targets: dict[int, list[tuple[str, str]]] = {}
        for person_id, channel, chat_id in db.execute(
            "SELECT i.person_id, i.channel, i.chat_id FROM identities i JOIN json_each(?) j ON j.value = i.person_id "
            "WHERE i.active = 1 ORDER BY i.person_id, i.channel, i.chat_id",
            ["[" + ",".join(str(int(pid)) for pid in {m.person_id for m in messages}) + "]"],
        ).fetchall():
            targets.setdefault(person_id, []).append((channel, chat_id))
        rows = []
        encoded_rows: dict[tuple[int, ...], tuple[list, str]] = {}
        for message in messages:
            key = message.dedupe_key
            if key in present:
                continue
            present.add(key)
            chats = targets.get(message.person_id, ())
            if not chats:
                continue
            payload = _payload_reusing_rows(message.text, message.buttons, encoded_rows)
            for channel, chat_id in chats:
                rows.append((key, message.person_id, channel, chat_id, priority, payload, created))
            queued[key] = len(chats)
        db.conn.executemany(
            "INSERT OR IGNORE INTO outbox (message_key, person_id, channel, chat_id, priority, payload, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    return queued


@dataclass(frozen=True)
class OutboxRow:
    id: int
    message_key: str
    broadcast_id: int | None
    person_id: int | None
    channel: str
    chat_id: str
    payload: dict
    attempts: int


def recover_in_flight(db: sqlite_utils.Database) -> int:
    """At start-up: rows left in 'sending' by a killed process go back to 'pending' (the repeat side, see
    the module docstring). Returns how many."""
    with transaction(db):
        return db.execute("UPDATE outbox SET state = 'pending' WHERE state = 'sending'").rowcount


def claim_due(
    db: sqlite_utils.Database, channel: str, *, now: datetime, limit: int, urgent_only: bool = False
) -> list[OutboxRow]:
    """Move up to `limit` due rows of `channel` to 'sending' (one transaction) and return them, most
    urgent priority first, then oldest first. `urgent_only` (quiet hours): only rows queued as urgent;
    the others stay pending until it is over."""
    urgent = f" AND priority <= {PRIORITY_URGENT}" if urgent_only else ""
    with transaction(db):
        rows = db.execute(
            "SELECT id, message_key, broadcast_id, person_id, channel, chat_id, payload, attempts FROM outbox "
            f"WHERE state = 'pending' AND channel = ? AND next_attempt_at <= ?{urgent} ORDER BY priority, id LIMIT ?",
            [channel, timestamp(now), limit],
        ).fetchall()
        if not rows:
            return []
        ids = [r[0] for r in rows]
        db.execute(
            f"UPDATE outbox SET state = 'sending', attempts = attempts + 1 WHERE id IN ({','.join('?' * len(ids))})",
            ids,
        )
    return [
        OutboxRow(r[0], r[1], r[2], r[3], r[4], r[5], json.loads(r[6]), r[7] + 1)
        for r in rows  # attempts counts this try
    ]


def release(db: sqlite_utils.Database, row_ids: Iterable[int]) -> None:
    """Give claimed-but-unsent rows back (e.g. on shutdown) without counting an attempt."""
    ids = list(row_ids)
    if not ids:
        return
    with transaction(db):
        db.execute(
            f"UPDATE outbox SET state = 'pending', attempts = MAX(attempts - 1, 0) "
            f"WHERE state = 'sending' AND id IN ({','.join('?' * len(ids))})",
            ids,
        )


def mark_sent(db: sqlite_utils.Database, row: OutboxRow, *, now: datetime) -> None:
    with transaction(db):
        db.execute(
            "UPDATE outbox SET state = 'sent', sent_at = ?, last_error = NULL WHERE id = ?",
            [timestamp(now), row.id],
        )
        db.execute(
            "UPDATE reminders SET state = 'sent', sent_at = ? WHERE message_key = ? AND state = 'claimed'",
            [timestamp(now), row.message_key],
        )


def mark_retry(
    db: sqlite_utils.Database, row: OutboxRow, *, at: datetime, error: str, count_attempt: bool = True
) -> None:
    """Back to pending until `at`. A RetryAfter is the platform's pacing, not the message's fault, so it
    does not count as an attempt."""
    with transaction(db):
        db.execute(
            "UPDATE outbox SET state = 'pending', next_attempt_at = ?, last_error = ?, "
            "attempts = attempts - ? WHERE id = ?",
            [timestamp(at), error[:500], 0 if count_attempt else 1, row.id],
        )


def _settle_reminders_if_undeliverable(db: sqlite_utils.Database, message_key: str) -> None:
    db.execute(
        "UPDATE reminders SET state = 'failed' WHERE message_key = ? AND state = 'claimed' AND NOT EXISTS "
        "(SELECT 1 FROM outbox WHERE message_key = ? AND state IN ('pending', 'sending', 'sent'))",
        [message_key, message_key],
    )


def mark_failed(db: sqlite_utils.Database, row: OutboxRow, *, error: str) -> None:
    with transaction(db):
        db.execute("UPDATE outbox SET state = 'failed', last_error = ? WHERE id = ?", [error[:500], row.id])
        _settle_reminders_if_undeliverable(db, row.message_key)


def mark_blocked(db: sqlite_utils.Database, row: OutboxRow, *, error: str) -> int:
    """The recipient blocked the bot: mark the row, deactivate the identity, and settle the person's other
    pending rows on that chat as blocked too (no point retrying them). Returns rows settled."""
    with transaction(db):
        db.execute(
            "UPDATE identities SET active = 0 WHERE channel = ? AND chat_id = ?", [row.channel, row.chat_id]
        )
        settled = db.execute(
            "UPDATE outbox SET state = 'blocked', last_error = ? "
            "WHERE channel = ? AND chat_id = ? AND (id = ? OR state = 'pending')",
            [error[:500], row.channel, row.chat_id, row.id],
        ).rowcount
        _settle_reminders_if_undeliverable(db, row.message_key)
        return settled


def pending_channels(db: sqlite_utils.Database) -> list[str]:
    return [
        r[0] for r in db.execute("SELECT DISTINCT channel FROM outbox WHERE state = 'pending'").fetchall()
    ]


def has_unsent(db: sqlite_utils.Database) -> bool:
    """Whether any row is still pending or being sent."""
    return (
        db.execute("SELECT 1 FROM outbox WHERE state IN ('pending', 'sending') LIMIT 1").fetchone()
        is not None
    )


@dataclass(frozen=True)
class StateCount:
    channel: str
    state: str
    count: int


def counts_by_state(db: sqlite_utils.Database) -> list[StateCount]:
    """How many rows each channel has in each state, by channel then state."""
    return [
        StateCount(*r)
        for r in db.execute(
            "SELECT channel, state, COUNT(*) FROM outbox GROUP BY channel, state ORDER BY 1, 2"
        ).fetchall()
    ]


def next_due_at(db: sqlite_utils.Database, channel: str) -> str | None:
    row = db.execute(
        "SELECT MIN(next_attempt_at) FROM outbox WHERE state = 'pending' AND channel = ?", [channel]
    ).fetchone()
    return row[0] if row else None


# --- broadcasts -------------------------------------------------------------------------------------


def _audience_sql(audience: dict) -> tuple[str, list]:
    """SQL selecting the person ids of an audience (active people only; of the organizations
    `audience["orgs"]` when present: an organization's admin reaches no one beyond it)."""
    sql, params = _audience_kind_sql(audience)
    if audience.get("orgs") is not None:
        orgs = "[" + ",".join(str(int(o)) for o in audience["orgs"]) + "]"
        sql = f"SELECT id FROM people WHERE id IN ({sql}) AND org_id IN (SELECT value FROM json_each(?))"
        params = [*params, orgs]
    return sql, params


def _audience_kind_sql(audience: dict) -> tuple[str, list]:
    kind = audience.get("kind")
    value = audience.get("value")
    if kind == "all":
        return "SELECT id FROM people WHERE active = 1", []
    if kind == "unit":
        return "SELECT id FROM people WHERE active = 1 AND unit_id = ?", [int(value)]
    if kind == "role":
        if value not in ROLES:
            raise BadAudience(f"unknown role {value!r}")
        return "SELECT id FROM people WHERE active = 1 AND role = ?", [value]
    if kind == "plan":
        # The people with tasks in the plan: those assigned to one, and the people of its lead units.
        return (
            "SELECT p.id FROM people p WHERE p.active = 1 AND ("
            " p.id IN (SELECT a.person_id FROM assignments a JOIN tasks t ON t.id = a.task_id WHERE t.plan_id = ?)"
            " OR p.unit_id IN (SELECT t.lead_unit_id FROM tasks t WHERE t.plan_id = ? AND t.lead_unit_id IS NOT NULL))",
            [int(value), int(value)],
        )
    raise BadAudience(f"unknown audience kind {kind!r}")


def count_audience(db: sqlite_utils.Database, audience: dict) -> tuple[int, int]:
    """(people, messages): how many people the audience holds and how many chats it would reach."""
    sql, params = _audience_sql(audience)
    people = db.execute(f"SELECT COUNT(*) FROM ({sql})", params).fetchone()[0]
    chats = db.execute(
        f"SELECT COUNT(*) FROM identities WHERE active = 1 AND person_id IN ({sql})", params
    ).fetchone()[0]
    return people, chats


@dataclass(frozen=True)
class BroadcastCreated:
    id: int
    total: int
    created: bool  # False when the draft had already been confirmed (double tap)


def create_broadcast(
    db: sqlite_utils.Database,
    *,
    created_by: int | None,
    text: str,
    audience: dict,
    attachment: dict | None = None,
    draft_key: str | None = None,
    urgent: bool = False,
    now: datetime | None = None,
) -> BroadcastCreated:
    """Create the broadcast and its outbox rows (one per active identity of each person in the audience)
    in one transaction. A repeated `draft_key` returns the existing broadcast instead of a second one.
    `urgent`: sent at once even in quiet hours (otherwise held until they end)."""
    sql, params = _audience_sql(audience)
    created = timestamp(now)
    with transaction(db):
        if draft_key:
            row = db.execute("SELECT id, total FROM broadcasts WHERE draft_key = ?", [draft_key]).fetchone()
            if row:
                return BroadcastCreated(row[0], row[1], False)
        attachment = attachment or None
        broadcast_id = db.execute(
            "INSERT INTO broadcasts (created_by, draft_key, text, attachment_kind, attachment_ref, attachment_name, "
            "audience, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                created_by,
                draft_key,
                text,
                attachment and attachment.get("kind"),
                attachment and attachment.get("ref"),
                attachment and attachment.get("name"),
                json.dumps(audience, ensure_ascii=False),
                created,
            ],
        ).lastrowid
        payload = make_payload(text, None, attachment)
        total = db.execute(
            "INSERT OR IGNORE INTO outbox (message_key, broadcast_id, person_id, channel, chat_id, priority, payload, "
            "created_at) SELECT 'broadcast:' || ? || ':' || i.person_id, ?, i.person_id, i.channel, i.chat_id, ?, ?, ? "
            f"FROM identities i WHERE i.active = 1 AND i.person_id IN ({sql}) ORDER BY i.person_id",
            [
                broadcast_id,
                broadcast_id,
                PRIORITY_URGENT if urgent else PRIORITY_BROADCAST,
                payload,
                created,
                *params,
            ],
        ).rowcount
        db.execute("UPDATE broadcasts SET total = ? WHERE id = ?", [total, broadcast_id])
        if total == 0:
            db.execute(
                "UPDATE broadcasts SET state = 'done', finished_at = ? WHERE id = ?", [created, broadcast_id]
            )
    return BroadcastCreated(broadcast_id, total, True)


def broadcast_progress(db: sqlite_utils.Database, broadcast_id: int) -> dict:
    """{"id", "urgent", "state", "total", "sent", "failed", "blocked", "pending", "created_at",
    "finished_at", "text", "created_by"}."""
    row = db.execute(
        "SELECT id, state, total, created_at, finished_at, text, created_by FROM broadcasts WHERE id = ?",
        [broadcast_id],
    ).fetchone()
    if not row:
        raise NotFound(f"broadcast {broadcast_id}")
    counts = dict.fromkeys(("pending", "sending", "sent", "failed", "blocked"), 0)
    for state, n in db.execute(
        "SELECT state, COUNT(*) FROM outbox WHERE broadcast_id = ? GROUP BY state", [broadcast_id]
    ).fetchall():
        counts[state] = n
    urgent = db.execute(
        "SELECT 1 FROM outbox WHERE broadcast_id = ? AND priority <= ? LIMIT 1",
        [broadcast_id, PRIORITY_URGENT],
    ).fetchone()
    return {
        "id": row[0],
        "urgent": urgent is not None,
        "state": row[1],
        "total": row[2],
        "sent": counts["sent"],
        "failed": counts["failed"],
        "blocked": counts["blocked"],
        "pending": counts["pending"] + counts["sending"],
        "created_at": row[3],
        "finished_at": row[4],
        "text": row[5],
        "created_by": row[6],
    }


def recent_broadcasts(db: sqlite_utils.Database, limit: int = 3) -> list[dict]:
    ids = [r[0] for r in db.execute("SELECT id FROM broadcasts ORDER BY id DESC LIMIT ?", [limit]).fetchall()]
    return [broadcast_progress(db, i) for i in ids]


def finish_broadcasts(
    db: sqlite_utils.Database, broadcast_ids: Iterable[int], *, now: datetime
) -> list[dict]:
    """Mark every listed broadcast with nothing left to send as done; return the progress of those that
    still need their delivery report (the caller queues it in the same transaction and calls
    `mark_reported`)."""
    finished: list[dict] = []
    for broadcast_id in sorted(set(i for i in broadcast_ids if i is not None)):
        open_rows = db.execute(
            "SELECT 1 FROM outbox WHERE broadcast_id = ? AND state IN ('pending', 'sending') LIMIT 1",
            [broadcast_id],
        ).fetchone()
        if open_rows:
            continue
        row = db.execute("SELECT state, reported FROM broadcasts WHERE id = ?", [broadcast_id]).fetchone()
        if not row:
            continue
        if row[0] != "done":
            db.execute(
                "UPDATE broadcasts SET state = 'done', finished_at = ? WHERE id = ?",
                [timestamp(now), broadcast_id],
            )
        if not row[1]:
            finished.append(broadcast_progress(db, broadcast_id))
    return finished


def report_language(db: sqlite_utils.Database, person_id: int, default: str = "vi") -> str:
    """The language a delivery report to `person_id` is written in (`default` for an unknown person)."""
    row = db.execute("SELECT language FROM people WHERE id = ?", [person_id]).fetchone()
    return (row[0] if row else None) or default


def mark_reported(db: sqlite_utils.Database, broadcast_id: int) -> None:
    db.execute("UPDATE broadcasts SET reported = 1 WHERE id = ?", [broadcast_id])


def unreported_finished(db: sqlite_utils.Database) -> list[int]:
    """Broadcasts whose rows are all settled but whose report was not queued (e.g. a crash in between)."""
    return [
        r[0]
        for r in db.execute(
            "SELECT b.id FROM broadcasts b WHERE b.reported = 0 AND NOT EXISTS (SELECT 1 FROM outbox o "
            "WHERE o.broadcast_id = b.id AND o.state IN ('pending', 'sending'))"
        ).fetchall()
    ]
