"""The outbox storage: fan-out, dedupe, claim/mark, broadcasts and their progress."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from bot.chat import Button
from storage import outbox
from storage.outbox import BadAudience, create_broadcast, enqueue_message

NOW = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)


def add_person(db, pid, *, role="member", unit_id=None, chats=(("telegram", None),), active=1):
    db.execute(
        "INSERT INTO people (id, name, unit_id, role, active, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        [pid, f"P{pid}", unit_id, role, active, NOW.isoformat()],
    )
    for channel, chat in chats:
        db.execute(
            "INSERT INTO identities (channel, external_id, person_id, chat_id) VALUES (?, ?, ?, ?)",
            [channel, str(chat or pid), pid, str(chat or pid)],
        )


def test_enqueue_fans_out_to_each_active_identity_and_dedupes(fresh_db):
    add_person(fresh_db, 1, chats=(("telegram", 11), ("zalo", "z1")))
    fresh_db.execute(
        "INSERT INTO identities (channel, external_id, person_id, chat_id, active) VALUES ('telegram', 'old', 1, 'old', 0)"
    )
    ids = enqueue_message(
        fresh_db, person_id=1, text="<b>Chào</b>", buttons=[[Button("Xem", "td:1")]], dedupe_key="k1", now=NOW
    )
    assert len(ids) == 2
    rows = fresh_db.execute("SELECT channel, chat_id, payload FROM outbox ORDER BY channel").fetchall()
    assert [(c, chat) for c, chat, _ in rows] == [("telegram", "11"), ("zalo", "z1")]
    assert json.loads(rows[0][2]) == {
        "text": "<b>Chào</b>",
        "buttons": [[{"label": "Xem", "action": "td:1"}]],
        "attachment": None,
    }
    assert enqueue_message(fresh_db, person_id=1, text="again", dedupe_key="k1", now=NOW) == []
    assert fresh_db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0] == 2


def test_enqueue_for_person_without_identity_queues_nothing(fresh_db):
    add_person(fresh_db, 1, chats=())
    assert enqueue_message(fresh_db, person_id=1, text="x", dedupe_key="k") == []


def test_claim_marks_sending_and_recover_puts_them_back(fresh_db):
    add_person(fresh_db, 1)
    add_person(fresh_db, 2)
    enqueue_message(fresh_db, person_id=1, text="a", dedupe_key="a", now=NOW)
    enqueue_message(fresh_db, person_id=2, text="b", dedupe_key="b", now=NOW)
    rows = outbox.claim_due(fresh_db, "telegram", now=NOW, limit=1)
    assert [r.chat_id for r in rows] == ["1"] and rows[0].attempts == 1
    assert outbox.claim_due(fresh_db, "zalo", now=NOW, limit=5) == []
    assert outbox.recover_in_flight(fresh_db) == 1
    assert len(outbox.claim_due(fresh_db, "telegram", now=NOW, limit=5)) == 2


def test_reminder_priority_goes_before_broadcast_rows(fresh_db):
    for pid in (1, 2, 3):
        add_person(fresh_db, pid)
    create_broadcast(fresh_db, created_by=None, text="tb", audience={"kind": "all"}, now=NOW)
    enqueue_message(fresh_db, person_id=3, text="nhắc", dedupe_key="r", now=NOW)
    first = outbox.claim_due(fresh_db, "telegram", now=NOW, limit=1)[0]
    assert first.payload["text"] == "nhắc"


def test_retry_waits_until_its_time(fresh_db):
    add_person(fresh_db, 1)
    enqueue_message(fresh_db, person_id=1, text="a", dedupe_key="a", now=NOW)
    row = outbox.claim_due(fresh_db, "telegram", now=NOW, limit=5)[0]
    outbox.mark_retry(fresh_db, row, at=NOW + timedelta(seconds=30), error="timeout")
    assert outbox.claim_due(fresh_db, "telegram", now=NOW + timedelta(seconds=29), limit=5) == []
    again = outbox.claim_due(fresh_db, "telegram", now=NOW + timedelta(seconds=30), limit=5)
    assert again[0].attempts == 2


def test_blocked_deactivates_identity_and_settles_other_rows(fresh_db):
    add_person(fresh_db, 1)
    enqueue_message(fresh_db, person_id=1, text="a", dedupe_key="a", now=NOW)
    enqueue_message(fresh_db, person_id=1, text="b", dedupe_key="b", now=NOW)
    row = outbox.claim_due(fresh_db, "telegram", now=NOW, limit=1)[0]
    assert outbox.mark_blocked(fresh_db, row, error="Forbidden") == 2
    assert fresh_db.execute("SELECT active FROM identities").fetchone()[0] == 0
    assert enqueue_message(fresh_db, person_id=1, text="c", dedupe_key="c") == []


@pytest.mark.parametrize(
    ("audience", "expected"),
    [
        ({"kind": "all"}, {1, 2, 3, 4}),
        ({"kind": "unit", "value": 1}, {1, 2}),
        ({"kind": "role", "value": "leader"}, {2, 3}),
        ({"kind": "plan", "value": 1}, {1, 2, 4}),  # lead unit 1's people + the assignee
    ],
)
def test_broadcast_audiences(fresh_db, audience, expected):
    fresh_db.execute(
        "INSERT INTO units (id, name, folded) VALUES (1, 'Phòng A', 'phong a'), (2, 'Phòng B', 'phong b')"
    )
    fresh_db.execute(
        "INSERT INTO plans (id, number, number_key, issuer_key, ingested_at) VALUES (1, '1/KH', '1/kh', '', 'x')"
    )
    fresh_db.execute(
        "INSERT INTO tasks (id, plan_id, task_key, content, content_folded, lead_unit_id) VALUES (1, 1, 'a', 'x', 'x', 1)"
    )
    add_person(fresh_db, 1, unit_id=1)
    add_person(fresh_db, 2, role="leader", unit_id=1)
    add_person(fresh_db, 3, role="leader", unit_id=2)
    add_person(fresh_db, 4, role="admin")
    add_person(fresh_db, 5, active=0)
    fresh_db.execute("INSERT INTO assignments (task_id, person_id, assigned_at) VALUES (1, 4, 'x')")
    people, chats = outbox.count_audience(fresh_db, audience)
    assert (people, chats) == (len(expected), len(expected))
    created = create_broadcast(fresh_db, created_by=4, text="tb", audience=audience, now=NOW)
    assert created.total == len(expected)
    got = {
        r[0] for r in fresh_db.execute("SELECT person_id FROM outbox WHERE broadcast_id = ?", [created.id])
    }
    assert got == expected


def test_bad_audience_is_a_named_error(fresh_db):
    with pytest.raises(BadAudience):
        outbox.count_audience(fresh_db, {"kind": "role", "value": "boss"})
    with pytest.raises(BadAudience):
        outbox.count_audience(fresh_db, {"kind": "galaxy"})


def test_confirmed_draft_twice_creates_one_broadcast(fresh_db):
    add_person(fresh_db, 1)
    first = create_broadcast(
        fresh_db, created_by=1, text="tb", audience={"kind": "all"}, draft_key="d1", now=NOW
    )
    second = create_broadcast(
        fresh_db, created_by=1, text="tb", audience={"kind": "all"}, draft_key="d1", now=NOW
    )
    assert first.created and not second.created and first.id == second.id
    assert fresh_db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0] == 1


def test_progress_and_finish(fresh_db):
    for pid in (1, 2, 3):
        add_person(fresh_db, pid)
    created = create_broadcast(fresh_db, created_by=1, text="tb", audience={"kind": "all"}, now=NOW)
    rows = outbox.claim_due(fresh_db, "telegram", now=NOW, limit=10)
    outbox.mark_sent(fresh_db, rows[0], now=NOW)
    outbox.mark_failed(fresh_db, rows[1], error="bad")
    assert outbox.finish_broadcasts(fresh_db, [created.id], now=NOW) == []  # one still sending
    outbox.mark_blocked(fresh_db, rows[2], error="Forbidden")
    progress = outbox.broadcast_progress(fresh_db, created.id)
    assert {k: progress[k] for k in ("total", "sent", "failed", "blocked", "pending")} == {
        "total": 3,
        "sent": 1,
        "failed": 1,
        "blocked": 1,
        "pending": 0,
    }
    finished = outbox.finish_broadcasts(fresh_db, [created.id], now=NOW)
    assert [f["id"] for f in finished] == [created.id]
    assert outbox.broadcast_progress(fresh_db, created.id)["state"] == "done"


def test_report_language_is_the_persons_and_vietnamese_for_someone_unknown(fresh_db):
    add_person(fresh_db, 1)
    add_person(fresh_db, 2)
    fresh_db.execute("UPDATE people SET language = 'en' WHERE id = 2")
    assert outbox.report_language(fresh_db, 1) == "vi"
    assert outbox.report_language(fresh_db, 2) == "en"
    assert outbox.report_language(fresh_db, 99) == "vi"
