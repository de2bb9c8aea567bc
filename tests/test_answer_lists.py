"""storage.answer_lists: the questions behind page buttons, kept in the database and pruned."""

from __future__ import annotations

from datetime import UTC, datetime

from storage import answer_lists

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


def test_a_list_is_stored_and_read_back(fresh_db):
    list_id = answer_lists.save_list(fresh_db, '{"text": "x"}', 7, now=NOW)
    assert answer_lists.load_list(fresh_db, list_id) == ('{"text": "x"}', 7)
    assert answer_lists.load_list(fresh_db, list_id + 1) is None


def test_only_the_newest_lists_are_kept(fresh_db, monkeypatch):
    monkeypatch.setattr(answer_lists, "KEEP", 10)
    ids = [answer_lists.save_list(fresh_db, "{}", None, now=NOW) for _ in range(200)]
    assert answer_lists.load_list(fresh_db, ids[0]) is None
    assert answer_lists.load_list(fresh_db, ids[-1]) is not None
    assert fresh_db.execute("SELECT COUNT(*) FROM answer_lists").fetchone()[0] <= 10 + 100
