import pytest

from storage.db import open_db, transaction
from storage.migrations import MIGRATIONS, current_version


def test_fresh_db_is_migrated_to_latest(fresh_db):
    assert current_version(fresh_db) == max(v for v, _, _ in MIGRATIONS)
    assert fresh_db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert fresh_db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_reopen_does_not_reapply(tmp_path):
    path = tmp_path / "x.db"
    open_db(path).conn.close()
    db = open_db(path)
    assert db.execute("SELECT COUNT(*) FROM schema_migrations").fetchone()[0] == len(MIGRATIONS)


def test_transaction_rolls_back_on_error(fresh_db):
    with pytest.raises(RuntimeError), transaction(fresh_db):
        fresh_db.execute("INSERT INTO units (name, folded) VALUES ('Phòng Kinh tế', 'phong kinh te')")
        raise RuntimeError("boom")
    assert fresh_db.execute("SELECT COUNT(*) FROM units").fetchone()[0] == 0


@pytest.mark.parametrize(
    "statement",
    [
        "DELETE FROM duties WHERE plan_id = 1",
        "DELETE FROM targets WHERE plan_id = 1",
        "DELETE FROM mutes WHERE task_id = 1",
        "SELECT * FROM assignments WHERE person_id = 1",
        "SELECT * FROM outbox WHERE person_id = 1",
    ],
)
def test_rows_of_a_plan_task_or_person_are_found_by_index_not_by_scan(fresh_db, statement):
    # Saving a plan replaces its duties and targets; a full scan here made ingesting N plans O(N²).
    plan = " ".join(row[3] for row in fresh_db.execute(f"EXPLAIN QUERY PLAN {statement}").fetchall())
    assert "USING" in plan and "INDEX" in plan, plan


def _fts_ids(db, query: str) -> list[int]:
    return [
        r[0]
        for r in db.execute("SELECT rowid FROM tasks_fts WHERE tasks_fts MATCH ? ORDER BY rowid", [query])
    ]


def test_upgrading_keeps_existing_tasks_searchable(tmp_path, monkeypatch):
    from storage import migrations

    path = tmp_path / "old.db"
    monkeypatch.setattr(migrations, "MIGRATIONS", [m for m in MIGRATIONS if m[0] < 7])
    old = open_db(path)
    old.execute("INSERT INTO plans (id, number_key, ingested_at) VALUES (1, '1/kh', 'x')")
    old.execute(
        "INSERT INTO tasks (id, plan_id, task_key, content, content_folded) VALUES (7, 1, 'k', 'Số hóa', 'so hoa ho tich')"
    )
    old.conn.close()
    monkeypatch.undo()
    db = open_db(path)
    assert current_version(db) == max(v for v, _, _ in MIGRATIONS)
    assert _fts_ids(db, '"tich"') == [7]
    assert _fts_ids(db, '"hoa" AND "so"') == [7]
    assert _fts_ids(db, '"hot"*') == []
    db.conn.close()


def test_index_follows_content_and_ignores_status_updates(fresh_db):
    db = fresh_db
    db.execute("INSERT INTO plans (id, number_key, ingested_at) VALUES (1, '1/kh', 'x')")
    db.execute(
        "INSERT INTO tasks (id, plan_id, task_key, content, content_folded) VALUES (1, 1, 'k', 'x', 'so hoa ho tich')"
    )
    assert _fts_ids(db, '"tic"*') == [1]
    index_rows = db.execute("SELECT COUNT(*) FROM tasks_fts_data").fetchone()[0]
    db.execute("UPDATE tasks SET status = 'done', percent = 100 WHERE id = 1")
    assert db.execute("SELECT COUNT(*) FROM tasks_fts_data").fetchone()[0] == index_rows  # not reindexed
    db.execute("UPDATE tasks SET content_folded = 'cap nhat dan cu' WHERE id = 1")
    assert _fts_ids(db, '"tich"') == [] and _fts_ids(db, '"dan"') == [1]
    db.execute("DELETE FROM tasks WHERE id = 1")
    assert _fts_ids(db, '"dan"') == []
